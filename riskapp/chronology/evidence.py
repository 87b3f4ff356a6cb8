"""What a chronology entry can be evidence of: the indicators of the active questionnaire, grouped
by its sections, and what the rules already count each incident type as evidence of."""

from dataclasses import dataclass

from riskapp.catalogue.questionnaires import active_definition, parsed, screening_questionnaire_id
from riskapp.questionnaire.schema import Questionnaire
from riskapp.risk import service as risk_service
from riskapp.scoring.rules import Rules

# The indicator used as the example in the hint, when the active questionnaire has it.
EXAMPLE_INDICATOR = "disclosure_of_exploitation"


@dataclass(frozen=True)
class EvidenceOptions:
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (section title, ((indicator id, text), ...))
    texts: dict[str, str]  # indicator id: its text
    incident_evidence: dict[str, tuple[str, ...]]  # incident type: indicator ids it counts as

    def text_of(self, indicator_id: str) -> str:
        """The indicator's words; its id if the active questionnaire no longer has it."""
        return self.texts.get(indicator_id, indicator_id)

    def counted_for(self, incident_type: str) -> list[str]:
        """The words of the indicators an incident of this type already counts as evidence of."""
        return [self.text_of(i) for i in self.incident_evidence.get(incident_type, ())]

    @property
    def example(self) -> str:
        """The start of the example indicator's words, for the hint ("The young person has told someone…")."""
        text = self.texts.get(EXAMPLE_INDICATOR, "")
        words = text.split()
        return " ".join(words[:6]) + "…" if len(words) > 6 else text


def evidence_options(questionnaire: Questionnaire, rules: Rules) -> EvidenceOptions:
    groups = []
    for section in questionnaire.sections:
        indicators = [item for item in section.items if item.is_indicator and item.id in rules.indicators]
        items = tuple((item.id, item.text) for item in indicators)
        if items:
            groups.append((section.title, items))
    texts = {item_id: text for _title, items in groups for item_id, text in items}
    return EvidenceOptions(tuple(groups), texts, dict(rules.incident_evidence))


def current_evidence_options() -> tuple[EvidenceOptions, Rules]:
    """The options of the active questionnaire, and its rules."""

    rules = risk_service.active_rules()
    return evidence_options(parsed(active_definition(screening_questionnaire_id())), rules), rules
