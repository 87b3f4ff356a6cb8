"""Panel packs: asking for one, printing its sections and putting it together.

The same steps run on RQ workers (riskapp.packs.tasks) and in the embedded default's own process
(riskapp.packs.queue): only who calls them differs. Each step commits its own work, so progress is
visible to the person waiting and a section is never printed twice.
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from riskapp import audit
from riskapp.catalogue.labels import labels
from riskapp.catalogue.questionnaires import parsed
from riskapp.data import packs as pack_data
from riskapp.data.meetings import young_people_by_local_ids
from riskapp.data.questionnaires import list_definitions
from riskapp.extensions import db
from riskapp.models import LocalAuthority, PanelPack, PanelPackSection, User, YoungPerson
from riskapp.packs.assembly import Section, build_pack, page_count
from riskapp.permissions import Permission, can_access_young_person
from riskapp.reference import MEETING_TYPES
from riskapp.reports.context import summary_context
from riskapp.reports.inputs import load_summary_inputs, printed_by, reader_may_name
from riskapp.reports.print_templates import print_html
from riskapp.risk.flags import FLAG_LABELS
from riskapp.timeutil import utcnow


class PackRefused(Exception):
    """The pack cannot be made as asked; ``reason`` is plain words for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Choice:
    young_people: list[YoungPerson]
    selection: str  # in words, for the contents page
    unknown_local_ids: list[str]


def choose(authority: LocalAuthority, flag: str = "", local_ids: list[str] | None = None) -> Choice:
    """Who goes in a pack: the young people listed by local ID (in that order), or else everyone
    the authority holds with the flag (or everyone with a risk assessment), highest priority first."""
    if local_ids:
        found = young_people_by_local_ids({authority.id}, local_ids)
        chosen = [found[local_id] for local_id in local_ids if local_id in found]
        unknown = [local_id for local_id in local_ids if local_id not in found]
        return Choice(chosen, f"a list of {len(chosen)} chosen by local ID", unknown)
    words = f"everyone with the flag {FLAG_LABELS[flag]}" if flag else "everyone with a risk assessment"
    return Choice(pack_data.young_people_in(authority.id, flag), words, [])


def request_pack(
    user: User | None,
    authority: LocalAuthority,
    young_people: list[YoungPerson],
    title: str,
    selection: str,
    backend: str,
) -> PanelPack:
    """Record a pack for a list already chosen (and already limited to what ``user`` may see)."""
    if not young_people:
        raise PackRefused("There is nobody on that list, so there is nothing to put in a pack")
    limit = current_app.config["PANEL_PACK_MAX_YOUNG_PEOPLE"]
    if len(young_people) > limit:
        raise PackRefused(f"A pack can hold up to {limit} young people; that list has {len(young_people)}")
    pack = pack_data.add(
        PanelPack(
            authority_id=authority.id,
            requested_by_id=user.id if user else None,
            title=title,
            selection=selection,
            young_person_ids=json.dumps([str(person.id) for person in young_people]),
            total=len(young_people),
            backend=backend,
        )
    )
    audit.record(
        "request-export",
        object_type="panel_pack",
        object_id=pack.id,
        authority_id=authority.id,
        details={"report": "panel-pack", "young_people": pack.total, "selection": selection},
        by_system=user is None,
    )
    return pack


def young_person_ids(pack: PanelPack) -> list[uuid.UUID]:
    return [uuid.UUID(value) for value in json.loads(pack.young_person_ids)]


def generated_by(pack: PanelPack) -> str:
    user = pack.requested_by
    return printed_by(user) if user else "the command line"


@dataclass(frozen=True)
class PreparedSection:
    person: YoungPerson
    html: str
    band_label: str  # for the contents page, from the same result the summary prints


def prepare_section(pack: PanelPack, position: int) -> PreparedSection:
    """The print HTML of one young person's section, from the record as it is now. The requester's
    access is checked again: a record moved away or an account closed since the request is left out."""
    person = db.session.get(YoungPerson, young_person_ids(pack)[position])
    user = pack.requested_by
    if person is None or person.responsible_authority_id != pack.authority_id:
        raise PackRefused("A record in the pack has moved to another authority since the pack was asked for")
    if user is not None and not can_access_young_person(user, person, Permission.VIEW_YOUNG_PEOPLE):
        raise PackRefused("The person who asked for the pack can no longer see every record in it")
    # Everyone who may read the pack sees the authority's records, and only those: the other young
    # people discussed at a meeting are named only if the authority holds them.
    in_authority = lambda other: other.responsible_authority_id == pack.authority_id  # noqa: E731
    inputs = load_summary_inputs(person, may_name=in_authority)
    context = summary_context(inputs, generated_by=generated_by(pack))
    html = print_html("reports/summary.html", meeting_types=dict(MEETING_TYPES), in_pack=True, **context)
    band = context["result"]["band"]
    return PreparedSection(person, html, context["bands"].get(band, band))


def store_section(pack: PanelPack, position: int, person: YoungPerson, pdf: bytes, band_label: str) -> None:
    if pack_data.section_exists(pack.id, position):  # a retried job: keep the first
        return
    pack_data.add(
        PanelPackSection(
            pack_id=pack.id,
            position=position,
            young_person_id=person.id,
            name=person.full_name,
            date_of_birth=f"{person.date_of_birth:%d/%m/%Y}",
            band_label=band_label,
            pages=page_count(pdf),
            pdf=pdf,
        )
    )
    pack.updated_at = utcnow()


def mark_running(pack: PanelPack) -> None:
    if pack.status == "queued":
        pack.status = "running"
        pack.updated_at = utcnow()


def fail(pack: PanelPack, reason: str) -> None:
    pack.status = "failed"
    pack.error = reason
    pack.finished_at = pack.updated_at = utcnow()
    pack_data.remove_sections(pack.id)


def assemble(pack: PanelPack, render: Callable[..., bytes]) -> None:
    """Put the printed sections together behind a contents page, keep the pack, drop the sections.
    ``render(html, tagged=False)`` prints the contents page: the render pool in the web app,
    directly in an RQ job. (Untagged, like the sections: merging drops the structure tree.)"""
    sections = pack_data.sections_of(pack.id)
    if len(sections) != pack.total:
        missing = pack.total - len(sections)
        fail(pack, f"{missing} of the {pack.total} summaries could not be printed within the limits")
        return
    parts = [Section(s.name, s.date_of_birth, s.band_label, s.pdf, s.pages) for s in sections]
    generated_at = utcnow()

    def render_contents(rows: list[dict]) -> bytes:
        html = print_html(
            "reports/panel_pack_contents.html", pack=pack_summary(pack), rows=rows, generated_at=generated_at,
            generated_by=generated_by(pack),
        )  # fmt: skip
        return render(html, tagged=False)

    pdf = build_pack(parts, render_contents, title=pack.title, print_pdf=lambda html: render(html, tagged=False))
    pack.pdf = pdf
    pack.pages = page_count(pdf)
    pack.status = "done"
    pack.finished_at = pack.updated_at = utcnow()
    pack_data.remove_sections(pack.id)


def pack_summary(pack: PanelPack) -> dict:
    return {
        "id": str(pack.id),
        "title": pack.title,
        "selection": pack.selection,
        "authority": pack.authority.name,
        "total": pack.total,
        "requested_at": pack.requested_at,
    }


def record_export(pack: PanelPack, by_system: bool = False) -> None:
    """A pack leaving the system is on the audit trail: once for the pack, and once on each young
    person's record, so "who has seen this record" shows it."""
    details = {"format": "pdf", "report": "panel-pack", "pack": str(pack.id)}
    audit.record("export", object_type="panel_pack", object_id=pack.id, authority_id=pack.authority_id,
                 details={**details, "young_people": pack.total}, by_system=by_system)  # fmt: skip
    for young_person_id in young_person_ids(pack):
        audit.record("export", object_type="young_person", object_id=young_person_id, young_person_id=young_person_id,
                     authority_id=pack.authority_id, details=details, by_system=by_system)  # fmt: skip


def warm_up() -> None:
    """Fill this process's caches (parsed questionnaires, rules, labels, compiled print templates and
    SQL statements, WeasyPrint's fonts) by printing one summary, without keeping it, so that processes
    forked from this one (RQ's job processes) start warm instead of building them for every section."""
    from riskapp.reports.pdf import render_pdf

    for definition in list_definitions():
        parsed(definition)
    labels()
    current_app.jinja_env.get_template("reports/panel_pack_contents.html")
    person = pack_data.a_scored_young_person()
    if person is None:  # an empty database: warm what does not need a record
        html = '<html><head><link rel="stylesheet" href="reports/summary.css"></head><body><p>Warm</p></body></html>'
    else:
        context = summary_context(load_summary_inputs(person, may_name=reader_may_name(None)), generated_by="warm-up")
        html = print_html("reports/summary.html", meeting_types=dict(MEETING_TYPES), **context)
    render_pdf(html, tagged=False)
    db.session.rollback()
