"""Demo data: three authorities, a user for every agency and role, and a dozen fictional young
people. Everything is marked demo. Running it again keeps the records and issues new passwords."""

import secrets
from dataclasses import dataclass
from datetime import date

from riskapp import audit
from riskapp.auth.passwords import hash_password
from riskapp.data import organisations as organisation_data
from riskapp.data import users as user_data
from riskapp.data import young_people as young_people_data
from riskapp.models import ProfessionalInvolvement, YoungPerson
from riskapp.reference import AGENCIES, ROLE_LABELS, Role

DEMO_AUTHORITIES = [
    ("bedford", "Bedford Borough"),
    ("central-bedfordshire", "Central Bedfordshire"),
    ("luton", "Luton"),
]
HOME_AUTHORITY = "central-bedfordshire"
DEMO_DOMAIN = "demo.invalid"  # .invalid can never be a real address (RFC 2606)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    description: str


# (first, last, preferred, aliases, dob, sex, gender identity, orientation, ethnicity, LD, legal status,
#  placement, school, authority)
DEMO_YOUNG_PEOPLE = [
    (
        "Kayla",
        "Brightwater",
        "",
        "KB\nkaykay_x",
        date(2010, 5, 14),
        "female",
        "",
        "",
        "white-british",
        "no",
        "child-protection-plan",
        "Lives with mother and two siblings",
        "Fernsby Academy (fictional)",
        "central-bedfordshire",
    ),
    (
        "Tyler",
        "Oakhollow",
        "Ty",
        "T-Money",
        date(2009, 11, 2),
        "male",
        "",
        "",
        "mixed-white-black-caribbean",
        "no",
        "child-in-need",
        "Lives with grandmother",
        "Harrowden Pupil Referral Unit (fictional)",
        "central-bedfordshire",
    ),
    (
        "Mia",
        "Quillfeather",
        "",
        "",
        date(2011, 2, 27),
        "female",
        "",
        "",
        "white-other",
        "yes",
        "looked-after",
        "Residential children's home, out of area",
        "Larkspur Special School (fictional)",
        "central-bedfordshire",
    ),
    (
        "Jayden",
        "Marrowby",
        "",
        "JD",
        date(2008, 8, 19),
        "male",
        "",
        "Gay (his words)",
        "black-african",
        "no",
        "none",
        "Sofa surfing since leaving home",
        "Not in education",
        "central-bedfordshire",
    ),
    (
        "Ellie",
        "Thornbeck",
        "",
        "",
        date(2012, 1, 9),
        "female",
        "",
        "",
        "white-british",
        "not-known",
        "not-known",
        "Lives with father",
        "Cressing Primary (fictional)",
        "central-bedfordshire",
    ),
    (
        "Sam",
        "Wickersley",
        "Sam",
        "",
        date(2009, 6, 30),
        "not-known",
        "Non-binary (their words)",
        "",
        "asian-pakistani",
        "no",
        "child-in-need",
        "Lives with parents",
        "Fernsby Academy (fictional)",
        "central-bedfordshire",
    ),
    (
        "Aaliyah",
        "Penrose",
        "",
        "Leah",
        date(2010, 9, 3),
        "female",
        "",
        "",
        "black-caribbean",
        "no",
        "looked-after",
        "Foster placement",
        "Ouseview School (fictional)",
        "bedford",
    ),
    (
        "Connor",
        "Halloway",
        "",
        "",
        date(2008, 3, 22),
        "male",
        "",
        "",
        "white-irish",
        "no",
        "child-in-need",
        "Lives with mother",
        "Bedford College of Make-Believe (fictional)",
        "bedford",
    ),
    (
        "Ruby",
        "Ashgrove",
        "",
        "",
        date(2011, 12, 12),
        "female",
        "",
        "",
        "mixed-white-asian",
        "yes",
        "child-protection-plan",
        "Lives with mother and her partner",
        "Kempston Vale Academy (fictional)",
        "bedford",
    ),
    (
        "Daniel",
        "Fairweather",
        "Danny",
        "",
        date(2009, 4, 5),
        "male",
        "",
        "",
        "white-roma",
        "no",
        "none",
        "Lives with parents",
        "Lea Valley School (fictional)",
        "luton",
    ),
    (
        "Amira",
        "Castellan",
        "",
        "",
        date(2010, 7, 18),
        "female",
        "",
        "",
        "other-arab",
        "no",
        "child-in-need",
        "Lives with aunt",
        "Wardown Academy (fictional)",
        "luton",
    ),
    (
        "Kieran",
        "Stonebridge",
        "",
        "K-Dog",
        date(2007, 10, 28),
        "male",
        "",
        "",
        "white-british",
        "no",
        "looked-after",
        "Semi-independent accommodation",
        "Not in education",
        "luton",
    ),
]


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


def _ensure_young_people(authorities: dict) -> None:
    agencies = {a.slug: a for a in organisation_data.list_agencies()}
    for index, row in enumerate(DEMO_YOUNG_PEOPLE, start=1):
        local_id = f"DEMO-{index:04d}"
        authority = authorities[row[13]]
        existing, _ = young_people_data.find_young_people(
            {authority.id}, young_people_data.YoungPersonSearch(local_id=local_id), 1, 1
        )
        if existing:
            continue
        young_person = young_people_data.add_young_person(
            YoungPerson(
                first_name=row[0],
                last_name=row[1],
                preferred_name=row[2],
                aliases=row[3],
                date_of_birth=row[4],
                sex=row[5],
                gender_identity=row[6],
                sexual_orientation=row[7],
                ethnicity=row[8],
                learning_disability=row[9],
                legal_status=row[10],
                placement=row[11],
                school=row[12],
                local_id=local_id,
                nhs_number=_nhs_test_number(index),
                responsible_authority_id=authority.id,
                is_demo=True,
            )
        )
        young_people_data.add_professional(
            ProfessionalInvolvement(
                young_person=young_person,
                name=f"Demo worker {index}",
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


# Screenings for some demo young people: (local id, questionnaire version, agency, indicators seen).
# Several were only ever screened on the 2014 checklist, so the coverage warning and the
# "screenings to review" list have something to show.
DEMO_SCREENINGS = [
    ("DEMO-0001", 1, "social-care", ["missing_overnight_or_longer"]),
    (
        "DEMO-0002",
        2,
        "youth-offending",
        ["criminal_exploitation_overlap", "involves_younger_children", "recruiting_others", "boy_missing_any"],
    ),
    ("DEMO-0003", 1, "social-care", ["school_absence_or_exclusion"]),
    ("DEMO-0004", 2, "health", ["homeless_after_coming_out", "sti", "disclosure_of_exploitation"]),
    ("DEMO-0007", 1, "social-care", ["staying_out_late"]),
    ("DEMO-0010", 2, "police", ["boy_missing_any", "missing_overnight_or_longer"]),
]


def _demo_answer(item, seen: bool):
    from riskapp.questionnaire.answers import Answer
    from riskapp.timeutil import today

    if not seen:
        return Answer(item.id, "not-known")
    return Answer(
        item.id, "answered", "yes", "Demo evidence (fictional): seen and recorded by the allocated worker.", today()
    )


def _ensure_screenings(authorities: dict) -> None:
    from riskapp.catalogue.questionnaires import parsed, sync_shipped_definitions
    from riskapp.data import questionnaires as questionnaire_data
    from riskapp.data import screenings as screening_data
    from riskapp.screenings import service

    sync_shipped_definitions()
    for local_id, version, agency_slug, seen in DEMO_SCREENINGS:
        found, _ = young_people_data.find_young_people(
            {a.id for a in authorities.values()}, young_people_data.YoungPersonSearch(local_id=local_id), 1, 1
        )
        if not found or screening_data.screenings_for(found[0].id):
            continue
        young_person = found[0]
        slug = young_person.responsible_authority.slug
        author = user_data.get_user_by_email(f"{agency_slug}-practitioner@{HOME_AUTHORITY}.{DEMO_DOMAIN}")
        if slug != HOME_AUTHORITY:
            author = user_data.get_user_by_email(f"social-care-practitioner@{slug}.{DEMO_DOMAIN}") or author
        definition = questionnaire_data.get_definition_by_version("cse-screening", version)
        questionnaire = parsed(definition)
        screening = service.start_screening(young_person, definition, author)
        answers = {item.id: _demo_answer(item, item.id in seen) for item in questionnaire.indicators()}
        screening_data.save_answers(screening, answers, replace=set(answers))
        service.submit(screening, young_person)


def _find(authorities: dict, local_id: str):
    found, _ = young_people_data.find_young_people(
        {a.id for a in authorities.values()}, young_people_data.YoungPersonSearch(local_id=local_id), 1, 1
    )
    return found[0] if found else None


def _author(young_person, agency_slug: str):
    slug = young_person.responsible_authority.slug
    if slug != HOME_AUTHORITY:
        return user_data.get_user_by_email(
            f"{agency_slug}-practitioner@{slug}.{DEMO_DOMAIN}"
        ) or user_data.get_user_by_email(f"social-care-practitioner@{slug}.{DEMO_DOMAIN}")
    return user_data.get_user_by_email(f"{agency_slug}-practitioner@{HOME_AUTHORITY}.{DEMO_DOMAIN}")


def _ensure_chronologies(authorities: dict) -> None:
    """Chronologies that show every band and every flag on the dashboard on first run."""
    from datetime import UTC, datetime, timedelta

    from riskapp.catalogue.labels import labels
    from riskapp.data import chronology as chronology_data
    from riskapp.data import risk as risk_data
    from riskapp.models import BandOverride, Incident, MissingEpisode, PlanReview
    from riskapp.risk.service import rescore_everyone

    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    kayla = _find(authorities, "DEMO-0001")
    if kayla is None or chronology_data.entries_of(kayla.id)["episode"]:
        return
    police = lambda person: _author(person, "police")  # noqa: E731
    absent = labels().find("police_classifications", "absent")

    def episode(person, days_ago, **values):
        reported = now - timedelta(days=days_ago)
        author = police(person)
        chronology_data.add(
            MissingEpisode(
                young_person_id=person.id,
                agency_id=author.agency_id,
                author_id=author.id,
                missing_from="home",
                reported_at=reported,
                returned_at=reported + timedelta(hours=4),
                police_classification=absent.value,
                police_classification_label=absent.label,
                classified_low=True,
                return_interview="done",
                return_interview_at=reported + timedelta(hours=40),
                return_interview_by="Demo RHI worker",
                return_interview_findings="Demo (fictional): said she was with friends; would not say where.",
                **values,
            )
        )

    # Kayla: five short absences in 60 days, one out of area with an older man: high, challenged.
    for days in (58, 44, 22, 15):
        episode(kayla, days)
    episode(kayla, 30, found_location="Luton bus station", found_with="A man in his thirties", out_of_area="yes")
    # Tyler: a kidnap 14 days after the last plan review.
    tyler = _find(authorities, "DEMO-0002")
    yot = _author(tyler, "youth-offending")
    chronology_data.add(
        PlanReview(
            young_person_id=tyler.id,
            agency_id=yot.agency_id,
            author_id=yot.id,
            reviewed_at=now - timedelta(days=20),
            plan_type="vulnerability",
            summary="Demo (fictional) vulnerability plan review.",
            next_review_due=(now + timedelta(days=40)).date(),
        )
    )
    kidnap = labels().find("incident_types", "kidnap")
    chronology_data.add(
        Incident(
            young_person_id=tyler.id,
            agency_id=police(tyler).agency_id,
            author_id=police(tyler).id,
            occurred_at=now - timedelta(days=14),
            incident_type=kidnap.value,
            incident_label=kidnap.label,
            significant=True,
            description="Demo (fictional): taken by two adults, found next day.",
        )
    )
    # Sam: a sexual assault recorded by police: evidence of current harm, so at least high. What the
    # type is evidence of comes from the rules file (scoring.evidence.incident_types).
    aaliyah = _find(authorities, "DEMO-0006")
    assault = labels().find("incident_types", "sexual-assault")
    chronology_data.add(
        Incident(
            young_person_id=aaliyah.id,
            agency_id=police(aaliyah).agency_id,
            author_id=police(aaliyah).id,
            occurred_at=now - timedelta(days=9),
            incident_type=assault.value,
            incident_label=assault.label,
            significant=True,
            description="Demo (fictional).",
        )
    )
    _ensure_evidence_anywhere(authorities, now, police)
    # A strategy meeting about Kayla whose action is overdue and whose review was missed.
    from riskapp.data import meetings as meeting_data
    from riskapp.models import MeetingAction, StrategyMeeting

    coordinator = user_data.get_user_by_email(f"social-care-cse-coordinator@{HOME_AUTHORITY}.{DEMO_DOMAIN}")
    meeting = chronology_data.add(
        StrategyMeeting(
            authority_id=kayla.responsible_authority_id,
            held_on=(now - timedelta(days=20)).date(),
            meeting_type="strategy",
            chair="Demo CSE coordinator (fictional)",
            attendees="Demo police officer, Police\nDemo school nurse, Health",
            views_settled="Police agreed the absences should have been recorded as missing episodes.",
            disruption="Demo: warning notice to the adult seen with her.",
            next_review_on=(now - timedelta(days=3)).date(),
            author_id=coordinator.id,
            young_people=[kayla],
        )
    )
    meeting_data.set_decisions(meeting, {kayla.id: "Refer to the CSE team; safety plan to be reviewed."})
    chronology_data.add(
        MeetingAction(meeting=meeting, description="Return home interview by the CSE worker", owner="Demo CSE worker",
                      agency_id=coordinator.agency_id, due_on=(now - timedelta(days=5)).date(),
                      young_person_id=kayla.id)
    )  # fmt: skip
    changed, _total = rescore_everyone()
    # Tyler: a practitioner's lower band, waiting for a social care manager in his authority.
    daniel = _find(authorities, "DEMO-0002")
    if daniel is not None:
        author = _author(daniel, "social-care")
        result = risk_data.current_result(daniel.id)
        override = chronology_data.add(
            BandOverride(
                young_person_id=daniel.id,
                band="low",
                computed_band=result.computed_band,
                direction="lower",
                rationale="Demo (fictional): settled at home, no episodes for four months.",
                status="awaiting-confirmation",
                author_id=author.id,
            )
        )
        from riskapp.risk.decisions import Cause, ask
        from riskapp.risk.service import rescore

        cause = Cause("judgement", override.rationale, "band_override", str(override.id), requester=author)
        ask(daniel, cause, result.band, override.band)
        rescore(daniel)


def _ensure_evidence_anywhere(authorities: dict, now, police) -> None:
    """Every fact counts wherever it was recorded: a disclosure heard by a police officer and noted,
    a boy arrested for drug supply, and an episode in which a young person was found with an adult
    of concern at a place of concern (with no return home interview stated). All in Central
    Bedfordshire, on young people whose band these facts do not move, so every band still shows."""
    from datetime import timedelta

    from riskapp.catalogue.labels import labels
    from riskapp.data import chronology as chronology_data
    from riskapp.models import Incident, MissingEpisode, ProfessionalNote

    kayla, tyler, jayden = (_find(authorities, local_id) for local_id in ("DEMO-0001", "DEMO-0002", "DEMO-0004"))
    officer = police(kayla)
    chronology_data.add(
        ProfessionalNote(
            young_person_id=kayla.id,
            agency_id=officer.agency_id,
            author_id=officer.id,
            noted_at=now - timedelta(days=12),
            text="Demo (fictional): while being driven home she told me the man from the bus station "
            "makes her go to parties with his friends. Her words: 'I have to or he says I owe him.'",
            evidence_of="disclosure_of_exploitation",
        )
    )
    arrest = labels().find("incident_types", "drug-supply-arrest")
    chronology_data.add(
        Incident(
            young_person_id=tyler.id,
            agency_id=police(tyler).agency_id,
            author_id=police(tyler).id,
            occurred_at=now - timedelta(days=6),
            incident_type=arrest.value,
            incident_label=arrest.label,
            significant=arrest.significant,
            location="Demo (fictional): a street in Dunstable",
            description="Demo (fictional): stopped with wraps of cocaine and two phones, 40 miles from home. "
            "Arrested; released under investigation. Referred for a National Referral Mechanism decision.",
        )
    )
    officer = police(jayden)
    missing = labels().find("police_classifications", "missing")
    reported = now - timedelta(days=8)
    chronology_data.add(
        MissingEpisode(
            young_person_id=jayden.id,
            agency_id=officer.agency_id,
            author_id=officer.id,
            missing_from="home",
            reported_at=reported,
            returned_at=reported + timedelta(hours=30),
            police_classification=missing.value,
            police_classification_label=missing.label,
            found_location="Demo (fictional): a flat in Leighton Buzzard used for dealing drugs",
            found_with="Demo (fictional): a man in his forties known to the police",
            found_with_adult_of_concern="yes",
            found_at_place_of_concern="yes",
        )
    )


def load_demo_data() -> list[DemoLogin]:
    authorities = _ensure_authorities()
    logins = _ensure_users(authorities)
    _ensure_young_people(authorities)
    _ensure_screenings(authorities)
    _ensure_chronologies(authorities)
    return logins
