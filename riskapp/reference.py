"""Reference data: the words the partnership uses for roles, agencies and a young person's details.

Plain Python so that forms, policy, demo data and tests all read the same lists.
"""

from enum import StrEnum


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    CSE_COORDINATOR = "cse-coordinator"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PRACTITIONER: "Practitioner",
    Role.MANAGER: "Manager",
    Role.CSE_COORDINATOR: "CSE coordinator",
    Role.ADMINISTRATOR: "Administrator",
}

# (slug, name). Seeded by the first migration; the slugs are stable identifiers.
AGENCIES = [
    ("social-care", "Children's social care"),
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education"),
    ("youth-offending", "Youth offending service"),
    ("probation-nps", "National Probation Service"),
    ("probation-crc", "Community rehabilitation company (probation)"),
    ("voluntary", "Voluntary sector"),
]

SEX_CHOICES = [
    ("female", "Female"),
    ("male", "Male"),
    ("not-known", "Not known"),
]

# Return home interviews still owed: nobody has done one, and the young person has not declined it.
# "Not known" (nobody said) is a gap in the record, shown in the chronology, not an overdue interview.
RETURN_INTERVIEW_STILL_OWED = ("not-offered", "offered")

YES_NO_NOT_KNOWN = [
    ("yes", "Yes"),
    ("no", "No"),
    ("not-known", "Not known"),
]

LEGAL_STATUS_CHOICES = [
    ("none", "None of these"),
    ("child-in-need", "Child in need"),
    ("child-protection-plan", "Child protection plan"),
    ("looked-after", "Looked after child"),
    ("not-known", "Not known"),
]

# Office for National Statistics 2021 census ethnic groups (England and Wales).
ETHNICITY_CHOICES = [
    ("", "Select an ethnic group"),
    ("asian-bangladeshi", "Asian or Asian British: Bangladeshi"),
    ("asian-chinese", "Asian or Asian British: Chinese"),
    ("asian-indian", "Asian or Asian British: Indian"),
    ("asian-pakistani", "Asian or Asian British: Pakistani"),
    ("asian-other", "Asian or Asian British: any other Asian background"),
    ("black-african", "Black, Black British, Caribbean or African: African"),
    ("black-caribbean", "Black, Black British, Caribbean or African: Caribbean"),
    ("black-other", "Black, Black British, Caribbean or African: any other background"),
    ("mixed-white-asian", "Mixed or multiple ethnic groups: White and Asian"),
    ("mixed-white-black-african", "Mixed or multiple ethnic groups: White and Black African"),
    ("mixed-white-black-caribbean", "Mixed or multiple ethnic groups: White and Black Caribbean"),
    ("mixed-other", "Mixed or multiple ethnic groups: any other background"),
    ("white-british", "White: English, Welsh, Scottish, Northern Irish or British"),
    ("white-irish", "White: Irish"),
    ("white-gypsy-traveller", "White: Gypsy or Irish Traveller"),
    ("white-roma", "White: Roma"),
    ("white-other", "White: any other White background"),
    ("other-arab", "Other ethnic group: Arab"),
    ("other-any", "Other ethnic group: any other ethnic group"),
    ("not-known", "Not known"),
    ("not-stated", "Young person prefers not to say"),
]


def label_for(choices: list[tuple[str, str]], value: str | None) -> str:
    """The human label for a stored code, or an empty string when nothing was recorded."""
    if not value:
        return ""
    return dict(choices).get(value, value)


# Kinds of multi-agency meeting (riskapp.meetings), as the partnership names them.
MEETING_TYPES = [
    ("strategy", "Strategy meeting"),
    ("review", "Review meeting"),
    ("panel", "Missing Young People Panel"),
    ("mace", "MACE (multi-agency child exploitation) meeting"),
]
