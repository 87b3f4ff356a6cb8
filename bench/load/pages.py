"""What the load client reads from riskapp's output: the demo sign-ins printed by
``flask demo-data``, and from pages the CSRF token, the links to young people and screenings, and
the hidden fields of a form. Regular expressions, not an HTML parser: the client parses pages
while it measures, and a parser would cost more than the page it reads."""

import html
import re
from dataclasses import dataclass

_LOGIN_LINE = re.compile(r"^\s+(\S+@\S+)\s+(\S+)\s+(.+?)\s*$")
_CSRF_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_YOUNG_PERSON_LINK = re.compile(
    r'href="/young-people/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[/"?]'
)
_SCREENING_LINK = re.compile(r'href="/screenings/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"')
_INPUT = re.compile(r"<input\b[^>]*>")
_ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')

# Roles whose accounts read young people's records (administrators do not: docs/access.md).
RECORD_READING_ROLES = ("Practitioner", "Manager", "CSE coordinator")


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    description: str  # "Police, Practitioner, Central Bedfordshire"

    @property
    def reads_records(self) -> bool:
        return any(f", {role}, " in self.description for role in RECORD_READING_ROLES)


def demo_logins(demo_data_output: str) -> list[DemoLogin]:
    """The sign-ins that ``flask --app riskapp demo-data`` prints, one a line."""
    matches = (_LOGIN_LINE.match(line) for line in demo_data_output.splitlines())
    return [DemoLogin(*match.groups()) for match in matches if match]


def csrf_token(page: str) -> str | None:
    match = _CSRF_TOKEN.search(page)
    return match.group(1) if match else None


def young_person_ids(page: str) -> list[str]:
    """The young people a page links to (a record, or a page of it), in order of first appearance."""
    return list(dict.fromkeys(_YOUNG_PERSON_LINK.findall(page)))


def screening_ids(page: str) -> list[str]:
    return list(dict.fromkeys(_SCREENING_LINK.findall(page)))


def _form_with(page: str, field_name: str) -> str | None:
    """The text of the form on the page that has a field called ``field_name``, from just after
    ``<form`` to its end."""
    marker = f'name="{field_name}"'
    forms = (chunk.split("</form>")[0] for chunk in page.split("<form")[1:])
    return next((form for form in forms if marker in form), None)


def form_action(page: str, field_name: str) -> str | None:
    """Where that form posts to, if it says (without an action, a form posts to its own page)."""
    form = _form_with(page, field_name)
    action = dict(_ATTRIBUTE.findall(form.split(">")[0])).get("action") if form else None
    return html.unescape(action) if action else None


def hidden_fields(page: str, field_name: str) -> dict[str, str]:
    """The hidden inputs (the CSRF token, and any once-only submission token) of that form, as a
    browser would send them back."""
    form = _form_with(page, field_name)
    if form is None:
        return {}
    fields = {}
    for tag in _INPUT.findall(form):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return fields
