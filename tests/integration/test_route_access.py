"""Every route declares who may use it (riskapp.access), and each declaration is the expected one."""

import inspect
import sys
import types

from riskapp.access import ACCESS_RULE_ATTR
from riskapp.risk import service
from riskapp.risk.decisions import BAND_LOWERING_ENDPOINTS, CONFIRMING_ENDPOINTS

# Reviewed list: changing a route's rule means changing this table in the same commit.
EXPECTED_RULES = {
    "admin.simulate_questionnaire": "requires:manage-questionnaires",
    "reports.download_summary": "requires:view-young-people",
    "packs.list_packs": "requires:view-young-people",
    "packs.request_pack": "requires:view-young-people",
    "packs.view_pack": "requires:view-young-people",
    "packs.pack_progress": "requires:view-young-people",
    "packs.download_pack": "requires:view-young-people",
    "meetings.record_meeting": "requires:edit-young-people",
    "meetings.view_meeting": "requires:view-young-people",
    "meetings.record_decisions": "requires:edit-young-people",
    "meetings.add_action": "requires:edit-young-people",
    "meetings.update_action": "requires:edit-young-people",
    "admin.download_questionnaire": "requires:manage-questionnaires",
    "dashboard.view_caseload": "requires:view-young-people",
    "risk.decide_lower_band": "requires:confirm-lower-band",
    "risk.decide_batch": "requires:confirm-lower-band",
    "risk.view_decision": "requires:view-young-people",
    "risk.withdraw_override": "requires:edit-young-people",
    "admin.check_activation": "requires:manage-questionnaires",
    "risk.resolve_indicator": "requires:edit-young-people",
    "risk.set_override": "requires:edit-young-people",
    "chronology.edit_episode": "requires:edit-young-people",
    "chronology.edit_incident": "requires:edit-young-people",
    "chronology.edit_note": "requires:edit-young-people",
    "chronology.edit_plan_review": "requires:edit-young-people",
    "chronology.withdraw_note": "requires:edit-young-people",
    "risk.settle_agency_views": "requires:edit-young-people",
    "risk.view_risk": "requires:view-young-people",
    "admin.activate_questionnaire": "requires:manage-questionnaires",
    "admin.export_questionnaire_fhir": "requires:manage-questionnaires",
    "admin.list_questionnaires": "requires:manage-questionnaires",
    "admin.preview_questionnaire": "requires:manage-questionnaires",
    "admin.retire_questionnaire": "requires:manage-questionnaires",
    "admin.upload_questionnaire": "requires:manage-questionnaires",
    "chronology.record_episode": "requires:edit-young-people",
    "chronology.record_incident": "requires:edit-young-people",
    "chronology.record_note": "requires:edit-young-people",
    "chronology.record_plan_review": "requires:edit-young-people",
    "chronology.view_timeline": "requires:view-young-people",
    "screenings.amend_screening": "requires:edit-young-people",
    "screenings.check_screening": "requires:edit-young-people",
    "screenings.discard_screening": "requires:edit-young-people",
    "screenings.edit_section": "requires:edit-young-people",
    "screenings.export_screening_fhir": "requires:view-young-people",
    "screenings.list_coverage_gaps": "requires:view-coverage-list",
    "screenings.list_drafts": "requires:edit-young-people",
    "screenings.start_screening": "requires:edit-young-people",
    "screenings.submit_screening": "requires:edit-young-people",
    "screenings.view_screening": "requires:view-young-people",
    "screenings.view_submitted": "requires:view-young-people",
    "admin.create_user": "requires:manage-users",
    "admin.deactivate_user": "requires:manage-users",
    "admin.edit_user": "requires:manage-users",
    "admin.list_users": "requires:manage-users",
    "admin.reactivate_user": "requires:manage-users",
    "admin.reset_password": "requires:manage-users",
    "audit_trail.list_audit_events": "requires:view-audit-trail",
    "audit_trail.view_record_access": "requires:view-record-access",
    "auth.change_password": "signed-in",
    "auth.sign_in": "public",
    "auth.sign_out": "signed-in",
    "main.health_check": "public",
    "main.home": "signed-in",
    "young_people.add_professional": "requires:edit-young-people",
    "young_people.create_young_person": "requires:edit-young-people",
    "young_people.edit_young_person": "requires:edit-young-people",
    "young_people.export_young_person": "requires:view-young-people",
    "young_people.find_young_people": "requires:view-young-people",
    "young_people.remove_professional": "requires:edit-young-people",
    "young_people.view_young_person": "requires:view-young-people",
    "transfers.record_transfer": "requires:edit-young-people",
    "transfers.list_transfers": "requires:view-young-people",
    "transfers.view_transfer": "requires:view-young-people",
    "transfers.download_handover": "requires:view-young-people",
}


def test_every_route_declares_its_access_rule(app):
    rules = {
        endpoint: getattr(view, ACCESS_RULE_ATTR, None)
        for endpoint, view in app.view_functions.items()
        if endpoint != "static"  # Flask's own static files: no personal data
    }
    undeclared = sorted(endpoint for endpoint, rule in rules.items() if rule is None)
    assert undeclared == [], f"routes without an access rule: {undeclared}"
    assert rules == EXPECTED_RULES


def test_no_state_changes_on_get(app):
    """Routes that change things accept POST; a GET at most shows a confirmation page."""
    post_only = {
        "auth.sign_out",
        "young_people.add_professional",
        "admin.reactivate_user",
        "admin.activate_questionnaire",
        "admin.retire_questionnaire",
        "screenings.start_screening",
        "screenings.submit_screening",
        "screenings.amend_screening",
        "risk.decide_lower_band",
        "meetings.add_action",
        "meetings.update_action",
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint in post_only:
            assert rule.methods - {"OPTIONS"} == {"POST"}, rule.endpoint


def _reaches(function, targets, stop, seen=None, depth=0) -> bool:
    """Whether a view's code can call one of ``targets``: follows the names its code uses to other
    functions of riskapp (through modules and attributes), a few calls deep."""
    seen = seen if seen is not None else set()
    function = inspect.unwrap(function)
    if function in targets:
        return True
    if function in seen or function in stop or depth > 4 or not isinstance(function, types.FunctionType):
        return False
    seen.add(function)
    names = set()
    codes = [function.__code__]
    while codes:
        code = codes.pop()
        names |= set(code.co_names)
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    # Modules the code names: imported at the top of its file, or inside the function.
    modules = [v for n in names if isinstance(v := function.__globals__.get(n), types.ModuleType)]
    modules += [sys.modules[n] for n in names if n.startswith("riskapp.") and n in sys.modules]
    found = [v for n in names if isinstance(v := function.__globals__.get(n), types.FunctionType)]
    found += [
        getattr(module, n)
        for module in modules
        if module.__name__.startswith("riskapp")
        for n in names
        if isinstance(getattr(module, n, None), types.FunctionType)
    ]
    found = [f for f in found if f.__module__.startswith("riskapp")]
    return any(_reaches(f, targets, stop, seen, depth + 1) for f in found)


def test_every_route_that_can_lower_the_band_goes_through_band_decisions(app):
    """A route that re-scores can lower the band in force; each must be declared in
    riskapp.risk.decisions.BAND_LOWERING_ENDPOINTS (and is walked in test_band_decisions.py).
    ``current_result`` scores only a record never scored, which has no band in force to lower."""
    targets = {service.rescore, service.rescore_everyone}
    reaching = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and _reaches(view, targets, stop={service.current_result})
    }
    assert set(BAND_LOWERING_ENDPOINTS) <= reaching, "each declared route re-scores (the check finds them)"
    assert reaching - set(BAND_LOWERING_ENDPOINTS) - set(CONFIRMING_ENDPOINTS) == set(), "undeclared routes"
    for endpoint in BAND_LOWERING_ENDPOINTS:
        assert EXPECTED_RULES[endpoint].startswith("requires:"), endpoint
    for endpoint in CONFIRMING_ENDPOINTS:
        assert EXPECTED_RULES[endpoint] == "requires:confirm-lower-band", endpoint
