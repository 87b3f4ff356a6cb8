"""The words the scoring core puts in its messages: counts with the right singular or plural,
"today" and "1 day ago", and agencies by the names people read (riskapp.reference.AGENCIES), never
by their slugs. Data fields (Evidence.agency, AgencyView.agency, Factor.agencies) keep the slugs."""

from functools import lru_cache

from riskapp.reference import AGENCIES, label_for


def plural(count: int, one: str, many: str = "") -> str:
    """ "1 episode", "3 episodes"; ``many`` for irregular words ("1 was", "2 were" is not for here)."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def days_ago(days: int) -> str:
    """ "today", "1 day ago", "14 days ago"."""
    return "today" if days == 0 else f"{plural(days, 'day')} ago"


@lru_cache(maxsize=256)
def agency_name(slug: str) -> str:
    """The agency's name as people read it: "Children's social care" for "social-care". An agency the
    reference list does not have is shown from its slug ("local-charity" as "Local charity")."""
    if not slug:
        return ""
    name = label_for(AGENCIES, slug)
    return slug.replace("-", " ").capitalize() if name == slug else name
