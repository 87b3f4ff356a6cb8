"""The risk part of a summary as plain data: each indicator with its evidence (date, agency and what
recorded it), flags by name, each agency's view and any lower band waiting for a manager.

Pure functions over what the summary has already loaded (riskapp.reports.inputs): no queries here.
"""

from riskapp.reports.inputs import PendingLowering, SummaryInputs
from riskapp.risk.wording import flag_text
from riskapp.scoring.result import Assessment, Factor
from riskapp.scoring.words import agency_name as _agency

KINDS = ("current-harm", "risk-indicator", "vulnerability")
_SOURCE_WORDS = {"screening": "Screening", "incident": "Incident", "note": "Note", "episode": "Missing episode"}


def entry_sources(inputs: SummaryInputs) -> dict[str, str]:
    """What recorded each entry, in words, by the entry key the scoring core uses ("incident:12")."""
    sources = {f"episode:{e.id}": "Missing episode" for e in inputs.episodes}
    sources |= {f"incident:{i.id}": f"Incident: {i.label}" for i in inputs.incidents}
    sources |= {f"note:{n.id}": "Note" for n in inputs.notes}
    sources |= {f"screening:{s.id}": f"Screening ({s.title})" for s in inputs.screenings}
    return sources


def _source(entry: str, sources: dict[str, str]) -> str:
    return sources.get(entry) or _SOURCE_WORDS.get(entry.split(":", 1)[0], "Record")


def factor_row(factor: Factor, sources: dict[str, str]) -> dict:
    evidence = sorted(factor.evidence, key=lambda e: str(e.seen_on), reverse=True)
    return {
        "text": factor.text,
        "first_seen": factor.first_seen,
        "last_seen": factor.last_seen,
        "count": factor.count,
        "agencies": [_agency(a) for a in factor.agencies],
        "evidence": [
            {"seen_on": e.seen_on, "agency": _agency(e.agency), "source": _source(e.entry, sources)} for e in evidence
        ],
    }


def factors(assessment: Assessment, sources: dict[str, str]) -> dict[str, list[dict]]:
    return {kind: [factor_row(f, sources) for f in assessment.factors if f.kind == kind] for kind in KINDS}


def flags(assessment: Assessment) -> list[dict]:
    """Each flag with its name said once, as on the risk page (riskapp.risk.wording)."""
    return [dict(zip(("name", "message"), flag_text(f), strict=True), kind=f.kind) for f in assessment.flags]


def agency_views(assessment: Assessment, bands: dict[str, str]) -> list[dict]:
    """Each agency's view: "Screened, no concerns", or the band its own evidence alone would give."""
    return [
        {
            "agency": _agency(v.agency),
            "view": "Screened, no concerns" if v.status == "no-concerns" else f"Concerns: {bands.get(v.band, v.band)}",
            "indicators": len(v.item_ids),
            "last_entry_on": v.last_entry_on,
        }
        for v in assessment.agency_views
    ]


def pending_lowerings(lowerings: tuple[PendingLowering, ...], bands: dict[str, str]) -> list[dict]:
    """Lower bands asked for and waiting for a manager: who asked, when, and the two bands."""
    return [
        {
            "requested_by": "the system (a rules or evidence change)" if d.requested_by is None else d.requested_by,
            "requested_at": d.requested_at,
            "band_in_force": bands.get(d.band_in_force, d.band_in_force),
            "proposed_band": bands.get(d.proposed_band, d.proposed_band),
            "reason": d.reason,
        }
        for d in lowerings
    ]
