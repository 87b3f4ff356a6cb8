"""Every route declares who may use it (riskapp.access), and each declaration is the expected one."""

from riskapp.access import ACCESS_RULE_ATTR

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
    "risk.decide_override": "requires:confirm-lower-band",
    "risk.resolve_indicator": "requires:edit-young-people",
    "risk.set_override": "requires:edit-young-people",
    "chronology.edit_episode": "requires:edit-young-people",
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
    "screenings.edit_section": "requires:edit-young-people",
    "screenings.export_screening_fhir": "requires:view-young-people",
    "screenings.list_coverage_gaps": "requires:view-coverage-list",
    "screenings.start_screening": "requires:edit-young-people",
    "screenings.submit_screening": "requires:edit-young-people",
    "screenings.view_screening": "requires:view-young-people",
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
        "risk.decide_override",
        "meetings.add_action",
        "meetings.update_action",
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint in post_only:
            assert rule.methods - {"OPTIONS"} == {"POST"}, rule.endpoint
