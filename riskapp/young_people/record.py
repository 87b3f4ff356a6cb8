"""A young person's record as plain data, for the JSON export (and later, reports)."""

from riskapp.models import YoungPerson


def record_as_dict(young_person: YoungPerson) -> dict:
    return {
        "id": str(young_person.id),
        "version": young_person.version,
        "first_name": young_person.first_name,
        "last_name": young_person.last_name,
        "preferred_name": young_person.preferred_name,
        "aliases": young_person.alias_list,
        "date_of_birth": young_person.date_of_birth.isoformat(),
        "sex": young_person.sex,
        "gender_identity": young_person.gender_identity,
        "sexual_orientation": young_person.sexual_orientation,
        "ethnicity": young_person.ethnicity,
        "learning_disability": young_person.learning_disability,
        "disability_details": young_person.disability_details,
        "legal_status": young_person.legal_status,
        "placement": young_person.placement,
        "school": young_person.school,
        "local_id": young_person.local_id,
        "nhs_number": young_person.nhs_number,
        "responsible_authority": young_person.responsible_authority.slug,
        "professionals": [
            {"name": p.name, "role": p.job_title, "agency": p.agency.slug, "contact": p.contact}
            for p in young_person.professionals
        ],
        "is_demo": young_person.is_demo,
    }
