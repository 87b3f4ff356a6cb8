"""Test data, made through the same data layer the app uses.

The ``make`` fixture (tests/conftest.py) gives a ``Factories`` bound to the test's transaction:
``make.authority``, ``make.user``, ``make.young_person`` and ``make.screening`` for the people and
their screenings; ``make.episode``, ``make.incident`` and ``make.meeting`` for what is recorded
about them, each stored as the app stores it (``riskapp.data.add``: added and flushed).
"""

import itertools
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from riskapp.auth.passwords import hash_password
from riskapp.data import add
from riskapp.data import organisations as organisation_data
from riskapp.data import users as user_data
from riskapp.data import young_people as young_people_data
from riskapp.models import Incident, LocalAuthority, MissingEpisode, Screening, StrategyMeeting, User, YoungPerson
from riskapp.reference import Role
from riskapp.timeutil import from_uk, today, utcnow

PASSWORD = "correct horse battery staple"
# An episode the police recorded as "absent", the lowest classification: make.episode(..., **ABSENT).
ABSENT = {"police_classification": "absent", "police_classification_label": "Absent", "classified_low": True}
_counter = itertools.count(1)
_hash_cache: dict[str, str] = {}


class Factories:
    def __init__(self, session):
        self.session = session

    def authority(self, slug: str | None = None, name: str | None = None) -> LocalAuthority:
        n = next(_counter)
        slug = slug or f"authority-{n}"
        existing = organisation_data.get_authority_by_slug(slug)
        if existing:
            return existing
        return organisation_data.create_authority(slug, name or f"Authority {n}")

    def user(
        self,
        *,
        role: Role | str = Role.PRACTITIONER,
        agency: str = "social-care",
        authorities: list[LocalAuthority] | None = None,
        email: str | None = None,
        password: str = PASSWORD,
        **kwargs,
    ) -> User:
        if password not in _hash_cache:
            _hash_cache[password] = hash_password(password)
        n = next(_counter)
        return user_data.create_user(
            email=email or f"user{n}@example.org",
            full_name=kwargs.pop("full_name", f"Test User {n}"),
            role=Role(role).value,
            agency=organisation_data.get_agency_by_slug(agency),
            authorities=authorities if authorities is not None else [self.authority()],
            password_hash=_hash_cache[password],
            **kwargs,
        )

    def young_person(self, authority: LocalAuthority, **overrides) -> YoungPerson:
        n = next(_counter)
        values = {
            "first_name": f"Alex{n}",
            "last_name": "Testperson",
            "date_of_birth": date(2010, 1, 1),
            "sex": "female",
            "responsible_authority_id": authority.id,
        }
        values.update(overrides)
        return young_people_data.add_young_person(YoungPerson(**values))

    def screening(
        self,
        young_person: YoungPerson,
        author: User,
        *,
        version: int = 2,
        answers: dict | None = None,
        submit: bool = True,
    ) -> Screening:
        """A screening on a shipped questionnaire version; unanswered indicators are "not known"."""
        from riskapp.catalogue.questionnaires import parsed, sync_shipped_definitions
        from riskapp.data import questionnaires as questionnaire_data
        from riskapp.data import screenings as screening_data
        from riskapp.questionnaire.answers import Answer
        from riskapp.screenings import service

        sync_shipped_definitions()
        definition = questionnaire_data.get_definition_by_version("cse-screening", version)
        screening = service.start_screening(young_person, definition, author)
        questionnaire = parsed(definition)
        given = {item.id: Answer(item.id, "not-known") for item in questionnaire.indicators()}
        for item_id, value in (answers or {}).items():
            given[item_id] = value if isinstance(value, Answer) else Answer(item_id, "answered", value)
        screening_data.save_answers(screening, given, replace=set(given))
        if submit:
            service.submit(screening, young_person)
        self.session.flush()
        return screening

    def episode(
        self,
        young_person: YoungPerson,
        author: User,
        *,
        days_ago: int = 0,
        reported_at: datetime | None = None,
        hours_away: float = 4,
        **values,
    ) -> MissingEpisode:
        """A missing episode recorded by ``author`` for their agency: missing from home, reported at
        11:00 UK time ``days_ago`` days ago (or at ``reported_at``), back ``hours_away`` hours later
        (by day, so never "overnight" whatever hour the tests run), the return home interview done
        30 hours after the report. ``values`` set any other column, or replace these."""
        reported = reported_at or from_uk(today() - timedelta(days=days_ago), time(11, 0))
        values = {
            "missing_from": "home",
            "reported_at": reported,
            "returned_at": reported + timedelta(hours=hours_away),
            "return_interview": "done",
            "return_interview_at": reported + timedelta(hours=30),
        } | values
        return self._entry(MissingEpisode, young_person, author, values)

    def incident(
        self,
        young_person: YoungPerson,
        author: User,
        *,
        days_ago: float = 0,
        occurred_at: datetime | None = None,
        **values,
    ) -> Incident:
        """An incident recorded by ``author`` for their agency, ``days_ago`` days before now (or at
        ``occurred_at``). ``values`` give its ``incident_type`` and ``incident_label`` (both needed)
        and any other column."""
        values = {"occurred_at": occurred_at or utcnow() - timedelta(days=days_ago)} | values
        return self._entry(Incident, young_person, author, values)

    def _entry(self, model, young_person: YoungPerson, author: User, values: dict):
        return add(model(young_person_id=young_person.id, agency_id=author.agency_id, author_id=author.id, **values))

    def meeting(
        self,
        authority: LocalAuthority,
        author: User,
        young_people: Iterable[YoungPerson],
        *,
        days_ago: int = 0,
        **values,
    ) -> StrategyMeeting:
        """A strategy meeting of ``authority`` about ``young_people``, recorded by ``author``, held
        ``days_ago`` days before today (UK) and chaired by Alex Chair. ``values`` set its type,
        chair, decisions and the rest."""
        values = {"meeting_type": "strategy", "chair": "Alex Chair"} | values
        return add(
            StrategyMeeting(
                authority_id=authority.id,
                held_on=today() - timedelta(days=days_ago),
                author_id=author.id,
                young_people=list(young_people),
                **values,
            )
        )
