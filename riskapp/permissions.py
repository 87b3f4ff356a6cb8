"""The access policy, in one place. Views ask these questions; nothing else decides access.

Roles grant permissions; a young person's record is reachable only by users of its responsible
authority. Agencies do not widen or narrow access to records in this release: every agency may
view and contribute, as the inspection asked (see docs/access.md for the written matrix).
"""

from enum import StrEnum

from riskapp.models import PanelPack, Transfer, User, YoungPerson
from riskapp.reference import Role


class Permission(StrEnum):
    VIEW_YOUNG_PEOPLE = "view-young-people"
    EDIT_YOUNG_PEOPLE = "edit-young-people"
    VIEW_RECORD_ACCESS = "view-record-access"
    VIEW_AUDIT_TRAIL = "view-audit-trail"
    MANAGE_USERS = "manage-users"
    MANAGE_QUESTIONNAIRES = "manage-questionnaires"
    VIEW_COVERAGE_LIST = "view-coverage-list"
    CONFIRM_LOWER_BAND = "confirm-lower-band"


_CASEWORK = {Permission.VIEW_YOUNG_PEOPLE, Permission.EDIT_YOUNG_PEOPLE}
_OVERSIGHT = {
    Permission.VIEW_RECORD_ACCESS,
    Permission.VIEW_AUDIT_TRAIL,
    Permission.VIEW_COVERAGE_LIST,
    Permission.CONFIRM_LOWER_BAND,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PRACTITIONER: frozenset(_CASEWORK),
    Role.MANAGER: frozenset(_CASEWORK | _OVERSIGHT),
    # The partnership's CSE coordinator looks after the screening tool (the inspection letter's
    # "more comprehensive tool" was built by the local authority CSE coordinator).
    Role.CSE_COORDINATOR: frozenset(_CASEWORK | _OVERSIGHT | {Permission.MANAGE_QUESTIONNAIRES}),
    # Administrators run the system; they do not read children's records.
    Role.ADMINISTRATOR: frozenset(
        {Permission.MANAGE_USERS, Permission.VIEW_AUDIT_TRAIL, Permission.MANAGE_QUESTIONNAIRES}
    ),
}


def has_permission(user: User, permission: Permission) -> bool:
    return user.is_active and permission in ROLE_PERMISSIONS[user.role_enum]


def can_access_young_person(user: User, young_person: YoungPerson, permission: Permission) -> bool:
    return has_permission(user, permission) and young_person.responsible_authority_id in user.authority_ids


def can_read_transfer(user: User, transfer: Transfer) -> bool:
    """A transfer (its details, the handover PDF and what was recorded before it) is readable by
    the sending and the receiving authority. The live record follows the responsible authority
    alone: the sending authority does not read what the receiving authority records later."""
    authorities = {transfer.from_authority_id, transfer.to_authority_id}
    return has_permission(user, Permission.VIEW_YOUNG_PEOPLE) and bool(authorities & user.authority_ids)


def can_create_young_person_in(user: User, authority_id: int) -> bool:
    return has_permission(user, Permission.EDIT_YOUNG_PEOPLE) and authority_id in user.authority_ids


def can_manage_user(admin: User, user: User) -> bool:
    """Administrators manage the accounts whose every authority is one of their own."""
    return (
        has_permission(admin, Permission.MANAGE_USERS)
        and bool(user.authority_ids)
        and (user.authority_ids <= admin.authority_ids)
    )


def can_read_pack(user: User, pack: PanelPack) -> bool:
    """A panel pack is read by users who may view records in the authority it was made for."""
    return has_permission(user, Permission.VIEW_YOUNG_PEOPLE) and pack.authority_id in user.authority_ids
