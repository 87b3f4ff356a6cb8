"""The names of the flags a stored result can carry, as people read them."""

FLAG_LABELS = {
    "classification-challenge": "Classification challenge",
    "plan-not-reviewed": "Plan not reviewed",
    "repeat-missing": "Repeat missing",
    "coverage-gap": "Coverage gap",
    "risk-to-others": "Risk to others",
    "override-awaiting-confirmation": "Lower band awaiting a manager",
    "agency-disagreement": "Agencies disagree",
    "return-interview-not-known": "Return home interview not recorded",
}
