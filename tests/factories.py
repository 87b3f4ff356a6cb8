"""Test data, made through the same data layer the app uses."""

import itertools
from datetime import date

from riskapp.auth.passwords import hash_password
from riskapp.data import organisations as organisation_data
from riskapp.data import users as user_data
from riskapp.data import young_people as young_people_data
from riskapp.models import LocalAuthority, Screening, User, YoungPerson
from riskapp.reference import Role

PASSWORD = "correct horse battery staple"
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
