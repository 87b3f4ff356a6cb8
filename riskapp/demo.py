"""Demo data: three authorities, a user for every agency and role, and a dozen fictional young
people with their screenings, chronologies, a strategy meeting and a judgement awaiting a manager.

The accounts are made here (every agency and role). Everything about the young people is data, in
demo.yaml, read and checked before anything is written; the records are then made through the data
layer and the services, as today. Everything is marked demo. Running it again keeps the records
and issues new passwords."""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NoReturn

import click

from riskapp import audit
from riskapp.auth.passwords import hash_password
from riskapp.chronology.forms import MISSING_FROM, PLAN_TYPES, RETURN_INTERVIEW
from riskapp.data import chronology as chronology_data
from riskapp.data import organisations as organisation_data
from riskapp.data import users as user_data
from riskapp.data import young_people as young_people_data
from riskapp.models import (
    BandOverride,
    Incident,
    MeetingAction,
    MissingEpisode,
    PlanReview,
    ProfessionalInvolvement,
    ProfessionalNote,
    StrategyMeeting,
    YoungPerson,
)
from riskapp.questionnaire.problems import Problem, did_you_mean, one_of
from riskapp.questionnaire.yamlsafe import LineDict, LineList, read_yaml
from riskapp.reference import (
    AGENCIES,
    ETHNICITY_CHOICES,
    LEGAL_STATUS_CHOICES,
    MEETING_TYPES,
    ROLE_LABELS,
    SEX_CHOICES,
    YES_NO_NOT_KNOWN,
    Role,
)

DEMO_AUTHORITIES = [
    ("bedford", "Bedford Borough"),
    ("central-bedfordshire", "Central Bedfordshire"),
    ("luton", "Luton"),
]
HOME_AUTHORITY = "central-bedfordshire"
DEMO_DOMAIN = "demo.invalid"  # .invalid can never be a real address (RFC 2606)
DEMO_FILE = Path(__file__).with_name("demo.yaml")
FILE_NAME = "riskapp/demo.yaml"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    description: str


class DemoDataError(click.ClickException):
    """The demo file cannot be used: ``problems`` names each entry that is wrong, its line and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("The demo data file cannot be used:\n" + "\n".join(f"  {p}" for p in problems))


# ---- The accounts: generated, not data ----


def _demo_accounts() -> list[tuple[str, str, str, list[str]]]:
    """(email, agency slug, role, authority slugs): every agency and role in Central Bedfordshire,
    a partnership-wide coordinator, and practitioners in the other two authorities."""
    accounts = []
    for agency_slug, _name in AGENCIES:
        for role in Role:
            authorities = [HOME_AUTHORITY]
            if agency_slug == "social-care" and role in (Role.CSE_COORDINATOR, Role.ADMINISTRATOR):
                authorities = [slug for slug, _ in DEMO_AUTHORITIES]
            accounts.append(
                (f"{agency_slug}-{role.value}@{HOME_AUTHORITY}.{DEMO_DOMAIN}", agency_slug, role, authorities)
            )
    for slug in ("bedford", "luton"):
        for agency_slug in ("police", "social-care"):
            accounts.append(
                (f"{agency_slug}-practitioner@{slug}.{DEMO_DOMAIN}", agency_slug, Role.PRACTITIONER, [slug])
            )
    return accounts


def _account(by: str, authority_slug: str) -> str | None:
    """The email of the demo account a file entry names by the part before the @ (``police-practitioner``)
    that works in the authority: the authority's own account first, else one that works across all."""
    for email, _agency, _role, authority_slugs in sorted(_demo_accounts(), key=lambda account: len(account[3])):
        if email.split("@")[0] == by and authority_slug in authority_slugs:
            return email
    return None


def _nhs_test_number(index: int) -> str:
    """NHS numbers from the 999 range, which the NHS never issues to people, with a valid check digit."""
    for serial in range(index * 10, index * 10 + 10):
        stem = f"999{serial:06d}"
        total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return f"{stem}{check}"
    raise ValueError("no valid check digit")  # pragma: no cover - every ten serials give one


def _ensure_authorities() -> dict:
    authorities = {}
    for slug, name in DEMO_AUTHORITIES:
        authority = organisation_data.get_authority_by_slug(slug)
        if authority is None:
            authority = organisation_data.create_authority(slug, name)
            audit.record("create", object_type="local_authority", object_id=authority.id, details={"demo": True})
        authorities[slug] = authority
    return authorities


def _ensure_users(authorities: dict) -> list[DemoLogin]:
    agencies = {a.slug: a for a in organisation_data.list_agencies()}
    logins = []
    for email, agency_slug, role, authority_slugs in _demo_accounts():
        password = secrets.token_urlsafe(12)
        user = user_data.get_user_by_email(email)
        if user is None:
            user = user_data.create_user(
                email=email,
                full_name=f"Demo {agencies[agency_slug].name} {ROLE_LABELS[role].lower()}",
                role=role,
                agency=agencies[agency_slug],
                authorities=[authorities[slug] for slug in authority_slugs],
                password_hash=hash_password(password),
                job_title=f"Demo {ROLE_LABELS[role].lower()}",
                is_demo=True,
            )
            audit.record("create", object_type="user", object_id=user.id, details={"demo": True})
        elif user.is_demo:
            user.password_hash = hash_password(password)
            audit.record("reset-demo-password", object_type="user", object_id=user.id, details={"demo": True})
        else:
            continue
        names = ", ".join(authorities[slug].name for slug in authority_slugs)
        logins.append(DemoLogin(email, password, f"{agencies[agency_slug].name}, {ROLE_LABELS[role]}, {names}"))
    return logins


# ---- The file: its keys, and the checks ----


@dataclass(frozen=True)
class Field:
    """A key of the file: its type, whether it must be there and its values; for a mapping, its
    keys; for a list of mappings, the keys of each (or a function of it) and its name in a problem."""

    kind: type = str
    required: bool = False
    choices: tuple[str, ...] = ()
    keys: dict | Callable | None = None
    name: Callable = lambda n, _: str(n)


def _values(choices) -> tuple[str, ...]:
    return tuple(value for value, _label in choices if value)


TEXT, REQUIRED, NUMBER, DAYS = Field(), Field(required=True), Field(int), Field(int, required=True)
YES_NO = Field(choices=_values(YES_NO_NOT_KNOWN))
# Chronology entries by kind. Labels are values in questionnaires/chronology.yaml.
ENTRIES = {
    "missing-episode": {
        "missing_from": Field(required=True, choices=_values(MISSING_FROM)),
        "returned_after_hours": NUMBER,
        "police_classification": REQUIRED,
        "found_location": TEXT,
        "found_with": TEXT,
        "out_of_area": YES_NO,
        "found_with_adult_of_concern": YES_NO,
        "found_at_place_of_concern": YES_NO,
        "return_interview": Field(choices=_values(RETURN_INTERVIEW)),
        "return_interview_after_hours": NUMBER,
        "return_interview_by": TEXT,
        "return_interview_findings": TEXT,
    },
    "incident": {"incident_type": REQUIRED, "location": TEXT, "description": TEXT},
    "plan-review": {"plan_type": Field(required=True, choices=_values(PLAN_TYPES)), "summary": TEXT,
                    "next_review_in_days": NUMBER},
    "note": {"text": REQUIRED, "evidence_of": TEXT},
}  # fmt: skip
LABELS = {"police_classification": "police_classifications", "incident_type": "incident_types"}
ENTRY = {"kind": Field(required=True, choices=tuple(ENTRIES)), "days_ago": DAYS, "by": REQUIRED}


def _kind(entry: LineDict) -> str | None:
    return entry.get("kind") if isinstance(entry.get("kind"), str) else None


def _entry_keys(entry: LineDict) -> dict:
    """The keys of an entry of its kind; of an unknown kind, any (the kind is the problem)."""
    if _kind(entry) in ENTRIES:
        return {**ENTRY, **ENTRIES[_kind(entry)]}
    return {**{key: Field(type(value)) for key, value in entry.items()}, **ENTRY}


def _entry_name(n: int, entry: LineDict) -> str:
    return f"chronology entry {n}" + (f" ({_kind(entry)})" if _kind(entry) else "")


SCREENING = {"questionnaire_version": Field(int, required=True), "by": REQUIRED, "seen": Field(list, required=True)}
YOUNG_PERSON = {
    "local_id": REQUIRED,
    "first_name": REQUIRED,
    "last_name": REQUIRED,
    "preferred_name": TEXT,
    "aliases": TEXT,
    "date_of_birth": Field(date, required=True),
    "sex": Field(required=True, choices=_values(SEX_CHOICES)),
    "gender_identity": TEXT,
    "sexual_orientation": TEXT,
    "ethnicity": Field(required=True, choices=_values(ETHNICITY_CHOICES)),
    "learning_disability": Field(required=True, choices=_values(YES_NO_NOT_KNOWN)),
    "legal_status": Field(required=True, choices=_values(LEGAL_STATUS_CHOICES)),
    "placement": TEXT,
    "school": TEXT,
    "authority": Field(required=True, choices=tuple(slug for slug, _ in DEMO_AUTHORITIES)),
    "screening": Field(dict, keys=SCREENING),
    "chronology": Field(list, keys=_entry_keys, name=_entry_name),
}  # fmt: skip
PERSON_FIELDS = [key for key, field in YOUNG_PERSON.items() if field.kind in (str, date) and key != "authority"]
ACTION = {
    "description": REQUIRED,
    "owner": REQUIRED,
    "agency": Field(required=True, choices=_values(AGENCIES)),
    "due_days_ago": DAYS,
    "young_person": TEXT,  # one of the young people discussed, if the action is about them alone
}
MEETING_TEXT = ("chair", "attendees", "views_settled", "decisions", "disruption")
MEETING = {
    "meeting_type": Field(required=True, choices=_values(MEETING_TYPES)),
    "days_ago": DAYS,
    "by": REQUIRED,
    **{key: REQUIRED if key == "chair" else TEXT for key in MEETING_TEXT},
    "next_review_days_ago": NUMBER,
    "young_people": Field(dict, required=True),  # local ID: what the meeting decided about them
    "actions": Field(list, keys=ACTION, name=lambda n, _: f"action {n}"),
}
JUDGEMENT = {"young_person": REQUIRED, "by": REQUIRED, "lower_band_to": REQUIRED, "rationale": REQUIRED}


def _person_name(n: int, person: LineDict) -> str:
    return f"young person {person['local_id'] if isinstance(person.get('local_id'), str) else n}"


FILE = {
    "young_people": Field(list, required=True, keys=YOUNG_PERSON, name=_person_name),
    "meetings": Field(list, keys=MEETING, name=lambda n, _: f"meeting {n}"),
    "judgements": Field(list, keys=JUDGEMENT, name=lambda n, _: f"judgement {n}"),
}
LOCAL_ID = re.compile(r"DEMO-\d{4}")
TYPE_WORDS = {str: "text", int: "a whole number", date: "a date (YYYY-MM-DD)", dict: "a mapping", list: "a list"}
YES_HINT = 'Write yes and no in quotes ("yes"): bare, they are read as true and false.'


def _join(where: str, part: str) -> str:
    return f"{where}, {part}" if where else part


class _Checker:
    def __init__(self, labels=None) -> None:
        self.problems: list[Problem] = []
        self.labels = labels

    def add(self, line: int, rule: str, where: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(FILE_NAME, line, rule, f"{where or 'the file'}: {message}", hint))

    def mapping(self, value: LineDict, keys: dict, where: str) -> None:
        """Keys known, required ones there, each value of its type and among its values, all the way down."""
        for key in value:
            if key not in keys:
                hint = did_you_mean(key, keys) or f"The keys are {one_of(keys)}."
                self.add(value.line_of(key), "unknown-key", where, f"unknown key '{key}'", hint)
        for key, field in keys.items():
            if key not in value:
                if field.required:
                    self.add(value.line, "missing-key", where, f"'{key}' is required")
            elif self.value(value[key], field, _join(where, key), value.line_of(key)):
                if field.kind is dict and field.keys:
                    self.mapping(value[key], field.keys, _join(where, key))
                elif field.kind is list:
                    self.elements(value[key], field, where, key)

    def elements(self, items: LineList, field: Field, where: str, key: str) -> None:
        for n, (item, line) in enumerate(zip(items, items.item_lines, strict=True), start=1):
            if field.keys is None:  # a list of text
                self.value(item, REQUIRED, f"{_join(where, key)} {n}", line)
            elif not isinstance(item, LineDict):
                self.add(line, "wrong-type", f"{_join(where, key)} {n}", "must be a mapping of keys to values")
            else:
                keys = field.keys(item) if callable(field.keys) else field.keys
                self.mapping(item, keys, _join(where, field.name(n, item)))

    def value(self, item, field: Field, where: str, line: int) -> bool:
        if type(item) is not {dict: LineDict, list: LineList}.get(field.kind, field.kind):  # not bool for int
            message = f"must be {TYPE_WORDS[field.kind]}, not {item!r}"
            self.add(line, "wrong-type", where, message, YES_HINT if isinstance(item, bool) else "")
        elif field.required and field.kind is str and not item.strip():
            self.add(line, "empty", where, "must not be empty")
        elif field.choices and item not in field.choices:
            hint = did_you_mean(item, field.choices) or f"Use one of {one_of(field.choices)}."
            self.add(line, "unknown-value", where, f"'{item}' is not a known value", hint)
        else:
            return True
        return False

    def account(self, entry: LineDict, authority: str, where: str) -> None:
        if _account(entry["by"], authority) is None:
            message = f"no demo account '{entry['by']}' works in {authority}"
            self.add(entry.line_of("by"), "unknown-account", where, message)

    def label(self, entry: LineDict, where: str) -> None:
        for key in sorted(set(entry) & set(LABELS)):
            if self.labels is not None and self.labels.find(LABELS[key], entry[key]) is None:
                values = [label.value for label in getattr(self.labels, LABELS[key])]
                hint = did_you_mean(entry[key], values) or f"Use one of {one_of(values)}."
                self.add(entry.line_of(key), "unknown-label", where, f"'{entry[key]}' is not a known {key}", hint)

    def people(self, people: LineList) -> dict[str, str]:
        """Local IDs of the demo (and once each), and the accounts and labels the entries name."""
        authorities: dict[str, str] = {}
        for n, person in enumerate(people, start=1):
            where, local_id, authority = _person_name(n, person), person["local_id"], person["authority"]
            if not LOCAL_ID.fullmatch(local_id) or local_id in authorities:
                self.add(person.line_of("local_id"), "local-id", where, "local IDs are DEMO- and 4 digits, each once")
            authorities[local_id] = authority
            if "screening" in person:
                self.account(person["screening"], authority, f"{where}, screening")
            for i, entry in enumerate(person.get("chronology", []), start=1):
                self.account(entry, authority, f"{where}, {_entry_name(i, entry)}")
                self.label(entry, f"{where}, {_entry_name(i, entry)}")
        kinds = [entry["kind"] for person in people for entry in person.get("chronology", [])]
        if kinds and "missing-episode" not in kinds:
            self.add(people.line, "no-episode", "the chronologies", "need a missing episode: a second run knows by it")
        return authorities

    def meetings(self, meetings: list, people: dict) -> None:
        for n, meeting in enumerate(meetings, start=1):
            discussed, where = meeting["young_people"], f"meeting {n}"
            for local_id, decisions in discussed.items():
                line = discussed.line_of(local_id)
                if local_id not in people:
                    self.add(line, "unknown-young-person", where, f"no young person '{local_id}'")
                elif not isinstance(decisions, str):
                    self.add(line, "wrong-type", where, f"the decisions about {local_id} must be text")
            authorities = {people[local_id] for local_id in discussed if local_id in people}
            if len(authorities) == 1:
                self.account(meeting, authorities.pop(), where)
            elif not discussed or authorities:
                self.add(meeting.line_of("young_people"), "authorities", where, "discuss young people of one authority")
            for i, action in enumerate(meeting.get("actions", []), start=1):
                if action.get("young_person") and action["young_person"] not in discussed:
                    message = f"'{action['young_person']}' is not among the young people discussed"
                    self.add(action.line_of("young_person"), "not-discussed", f"{where}, action {i}", message)

    def judgements(self, judgements: list, people: dict) -> None:
        for n, judgement in enumerate(judgements, start=1):
            if judgement["young_person"] in people:
                self.account(judgement, people[judgement["young_person"]], f"judgement {n}")
            else:
                message = f"no young person '{judgement['young_person']}'"
                self.add(judgement.line_of("young_person"), "unknown-young-person", f"judgement {n}", message)


def check(data, labels=None) -> list[Problem]:
    """Every problem in the demo data, each with its line and the entry it is in (a young person's
    local ID, the number and kind of a chronology entry, the meeting or judgement). With the
    chronology labels (questionnaires/chronology.yaml), the labels too. No database."""
    checker = _Checker(labels)
    if not isinstance(data, LineDict):
        checker.add(1, "wrong-type", "", "must be a mapping with young_people, meetings and judgements")
        return checker.problems
    checker.mapping(data, FILE, "")
    if not checker.problems:  # the references are checked in a file of the right shape
        people = checker.people(data["young_people"])
        checker.meetings(data.get("meetings", []), people)
        checker.judgements(data.get("judgements", []), people)
    return checker.problems


def read_demo_file(text: str, labels=None) -> LineDict:
    """The demo data, checked: a DemoDataError lists every problem."""
    data, problems = read_yaml(text, FILE_NAME)
    problems = problems or check(data, labels)
    if problems:
        raise DemoDataError(problems)
    return data


# ---- Making the records ----


def _fail(line: int, rule: str, where: str, message: str) -> NoReturn:
    """A problem found only while making the records (the transaction is not committed)."""
    raise DemoDataError([Problem(FILE_NAME, line, rule, f"{where}: {message}")])


def _find(authorities: dict, local_id: str) -> YoungPerson | None:
    found, _ = young_people_data.find_young_people(
        {a.id for a in authorities.values()}, young_people_data.YoungPersonSearch(local_id=local_id), 1, 1
    )
    return found[0] if found else None


def _author(young_person: YoungPerson, by: str):
    return user_data.get_user_by_email(_account(by, young_person.responsible_authority.slug))


def _ensure_young_people(people: list, authorities: dict) -> None:
    agencies = {a.slug: a for a in organisation_data.list_agencies()}
    for person in people:
        number = int(person["local_id"].removeprefix("DEMO-"))
        authority = authorities[person["authority"]]
        existing, _ = young_people_data.find_young_people(
            {authority.id}, young_people_data.YoungPersonSearch(local_id=person["local_id"]), 1, 1
        )
        if existing:
            continue
        young_person = young_people_data.add_young_person(
            YoungPerson(
                **{key: person.get(key, "") for key in PERSON_FIELDS},
                nhs_number=_nhs_test_number(number),
                responsible_authority_id=authority.id,
                is_demo=True,
            )
        )
        young_people_data.add_professional(
            ProfessionalInvolvement(
                young_person=young_person,
                name=f"Demo worker {number}",
                job_title="Allocated social worker",
                agency_id=agencies["social-care"].id,
                contact="01234 000000 (fictional)",
            )
        )
        audit.record(
            "create",
            object_type="young_person",
            object_id=young_person.id,
            young_person_id=young_person.id,
            authority_id=authority.id,
            details={"demo": True},
        )


def _ensure_screenings(people: list, authorities: dict) -> None:
    """A screening for each young person the file gives one who has none: the indicators seen
    answered "yes" with fictional evidence, the rest "not known"."""
    from riskapp.catalogue.questionnaires import parsed, sync_shipped_definitions
    from riskapp.data import questionnaires as questionnaire_data
    from riskapp.data import screenings as screening_data
    from riskapp.questionnaire.answers import Answer
    from riskapp.screenings import service
    from riskapp.timeutil import today

    sync_shipped_definitions()
    for person in people:
        screening = person.get("screening")
        young_person = _find(authorities, person["local_id"]) if screening else None
        if young_person is None or screening_data.screenings_for(young_person.id):
            continue
        version, where = screening["questionnaire_version"], f"young person {person['local_id']}, screening"
        definition = questionnaire_data.get_definition_by_version("cse-screening", version)
        if definition is None:
            _fail(screening.line_of("questionnaire_version"), "unknown-version", where, f"no cse-screening v{version}")
        indicators = parsed(definition).indicators()
        unknown = sorted(set(screening["seen"]) - {item.id for item in indicators})
        if unknown:
            _fail(screening.line_of("seen"), "unknown-indicator", where, f"v{version} has no indicators {unknown}")
        evidence = "Demo evidence (fictional): seen and recorded by the allocated worker."
        answers = {
            item.id: Answer(item.id, "answered", "yes", evidence, today())
            if item.id in screening["seen"]
            else Answer(item.id, "not-known")
            for item in indicators
        }
        started = service.start_screening(young_person, definition, _author(young_person, screening["by"]))
        screening_data.save_answers(started, answers, replace=set(answers))
        service.submit(started, young_person)


def _day(now: datetime, days_ago: int | None) -> date | None:
    return None if days_ago is None else (now - timedelta(days=days_ago)).date()


def _entry(entry: LineDict, young_person: YoungPerson, now: datetime, labels):
    """One chronology entry: its times from ``days_ago`` and the hours after that, its labels (and
    whether they count as low or significant) from questionnaires/chronology.yaml, as the forms do."""
    author = _author(young_person, entry["by"])
    at = now - timedelta(days=entry["days_ago"])
    values = {"young_person_id": young_person.id, "agency_id": author.agency_id, "author_id": author.id}
    values |= {key: entry[key] for key, field in ENTRIES[entry["kind"]].items() if key in entry and field.kind is str}
    after = {key: at + timedelta(hours=hours) for key, hours in entry.items() if key.endswith("_after_hours")}
    if entry["kind"] == "missing-episode":
        label = labels.find("police_classifications", values.pop("police_classification"))
        return MissingEpisode(
            **values, reported_at=at, returned_at=after.get("returned_after_hours"),
            police_classification=label.value, police_classification_label=label.label, classified_low=label.low,
            return_interview_at=after.get("return_interview_after_hours"),
        )  # fmt: skip
    if entry["kind"] == "incident":
        label = labels.find("incident_types", values.pop("incident_type"))
        return Incident(**values, occurred_at=at, incident_type=label.value, incident_label=label.label,
                        significant=label.significant)  # fmt: skip
    if entry["kind"] == "plan-review":
        due = _day(now, -entry["next_review_in_days"]) if "next_review_in_days" in entry else None
        return PlanReview(**values, reviewed_at=at, next_review_due=due)
    return ProfessionalNote(**values, noted_at=at)


def _meeting(spec: LineDict, found: dict, agencies: dict, now: datetime) -> None:
    from riskapp.data import meetings as meeting_data

    discussed = [found[local_id] for local_id in spec["young_people"]]
    meeting = chronology_data.add(
        StrategyMeeting(
            authority_id=discussed[0].responsible_authority_id, held_on=_day(now, spec["days_ago"]),
            meeting_type=spec["meeting_type"], next_review_on=_day(now, spec.get("next_review_days_ago")),
            author_id=_author(discussed[0], spec["by"]).id, young_people=discussed,
            **{key: spec[key] for key in MEETING_TEXT if key in spec},
        )
    )  # fmt: skip
    meeting_data.set_decisions(meeting, {found[local_id].id: text for local_id, text in spec["young_people"].items()})
    for action in spec.get("actions", []):
        chronology_data.add(
            MeetingAction(
                meeting=meeting, description=action["description"], owner=action["owner"],
                agency_id=agencies[action["agency"]].id, due_on=_day(now, action["due_days_ago"]),
                young_person_id=found[action["young_person"]].id if action.get("young_person") else None,
            )
        )  # fmt: skip


def _judgement(n: int, spec: LineDict, young_person: YoungPerson) -> None:
    """A practitioner's lower band: it waits for a manager (not on the audit trail; the request is)."""
    from riskapp.data import risk as risk_data
    from riskapp.risk.decisions import Cause, ask
    from riskapp.risk.service import active_rules, rescore

    rules, band, result = active_rules(), spec["lower_band_to"], risk_data.current_result(young_person.id)
    if band not in rules.band_labels or rules.band_index(band) >= rules.band_index(result.band):
        message = f"'{band}' is not a band below {result.band}, the band in force"
        _fail(spec.line_of("lower_band_to"), "not-lower", f"judgement {n}", message)
    author = _author(young_person, spec["by"])
    override = chronology_data.add(
        BandOverride(
            young_person_id=young_person.id, band=band, computed_band=result.computed_band, direction="lower",
            rationale=spec["rationale"], status="awaiting-confirmation", author_id=author.id,
        )
    )  # fmt: skip
    cause = Cause("judgement", override.rationale, "band_override", str(override.id), requester=author)
    ask(young_person, cause, result.band, override.band)
    rescore(young_person)


def _ensure_chronologies(data: LineDict, authorities: dict, labels) -> None:
    """The chronologies, meetings and judgements, once: only if the first young person with a missing
    episode in the file (DEMO-0001) has none recorded yet. Everyone is re-scored before the judgements."""
    from riskapp.risk.service import rescore_everyone

    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    found = {person["local_id"]: _find(authorities, person["local_id"]) for person in data["young_people"]}
    with_episodes = [
        p for p in data["young_people"] if "missing-episode" in {e["kind"] for e in p.get("chronology", [])}
    ]
    if not with_episodes or chronology_data.entries_of(found[with_episodes[0]["local_id"]].id)["episode"]:
        return
    for person in data["young_people"]:
        for entry in person.get("chronology", []):
            chronology_data.add(_entry(entry, found[person["local_id"]], now, labels))
    agencies = {a.slug: a for a in organisation_data.list_agencies()}
    for spec in data.get("meetings", []):
        _meeting(spec, found, agencies, now)
    rescore_everyone()
    for n, spec in enumerate(data.get("judgements", []), start=1):
        _judgement(n, spec, found[spec["young_person"]])


def load_demo_data() -> list[DemoLogin]:
    from riskapp.catalogue.labels import labels

    data = read_demo_file(DEMO_FILE.read_text(encoding="utf-8"), labels())
    authorities = _ensure_authorities()
    logins = _ensure_users(authorities)
    _ensure_young_people(data["young_people"], authorities)
    _ensure_screenings(data["young_people"], authorities)
    _ensure_chronologies(data, authorities, labels())
    return logins
