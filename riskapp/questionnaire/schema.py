"""A questionnaire definition as typed, immutable objects."""

from dataclasses import dataclass, field
from typing import Any

ITEM_TYPES = ("indicator", "single_choice", "multiple_choice", "short_text", "long_text", "date", "number")
KINDS = ("vulnerability", "risk-indicator", "current-harm")
KIND_LABELS = {
    "vulnerability": "Vulnerability",
    "risk-indicator": "Risk indicator",
    "current-harm": "Evidence of current harm",
}
STATUSES = ("draft", "active", "retired")
AGENCY_SLUGS = (
    "social-care",
    "police",
    "health",
    "education",
    "youth-offending",
    "probation-nps",
    "probation-crc",
    "voluntary",
)

# Answer states. "not-applicable" is set by show_if, never chosen by a user.
ANSWERED, NOT_KNOWN, DECLINED, NOT_APPLICABLE = "answered", "not-known", "declined", "not-applicable"
INDICATOR_VALUES = ("yes", "no")

# Tags with a meaning to the app, beyond grouping items (docs/questionnaire-format.md, "Tags"). The
# risk-to-others tag is named by each file's scoring block; this one by the format itself.
VOICE_TAG = "voice"  # the young person's own voice: printed in their summary


@dataclass(frozen=True)
class Condition:
    """One show_if condition: ``op`` is item-equals, item-in, young-person-in, all, any or not."""

    op: str
    target: str = ""
    values: tuple = ()
    children: tuple["Condition", ...] = ()

    def item_ids(self) -> set[str]:
        ids = {self.target} if self.op in ("item-equals", "item-in") else set()
        for child in self.children:
            ids |= child.item_ids()
        return ids


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    text: str
    line: int = 0
    guidance: str = ""
    kind: str = ""
    weight: int = 0
    tags: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    show_if: Condition | None = None
    evidence_required: bool = False
    date_required: bool = False
    declinable: bool = False
    sources: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None

    @property
    def is_indicator(self) -> bool:
        return self.type == "indicator"

    def shown_to(self, agency: str) -> bool:
        return not self.agencies or agency in self.agencies

    def meaning(self) -> tuple:
        """What must never change while the id stays the same."""
        return (self.type, self.kind, tuple(o.value for o in self.options))


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]
    line: int = 0
    description: str = ""
    agencies: tuple[str, ...] = ()
    show_if: Condition | None = None

    def shown_to(self, agency: str) -> bool:
        return not self.agencies or agency in self.agencies

    def items_for(self, agency: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.shown_to(agency)) if self.shown_to(agency) else ()


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str = ""


@dataclass(frozen=True)
class Tag:
    id: str
    label: str


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min_score: int


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: str
    status: str
    sections: tuple[Section, ...]
    sources: tuple[Source, ...] = ()
    tags: tuple[Tag, ...] = ()
    bands: tuple[Band, ...] = ()
    description: str = ""
    scoring: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    file: str = ""
    definition_hash: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        return self.item_index()[item_id]

    def item_index(self) -> dict[str, Item]:
        return {item.id: item for item in self.items()}

    def indicators(self) -> list[Item]:
        return [item for item in self.items() if item.is_indicator]

    def declares_tag(self, tag: str) -> bool:
        return any(t.id == tag for t in self.tags)

    def tagged(self, tag: str) -> list[Item]:
        """The items carrying ``tag``, in the order they are asked."""
        return [item for item in self.items() if tag in item.tags]

    def section_of(self, item_id: str) -> Section:
        return next(section for section in self.sections if any(item.id == item_id for item in section.items))

    def section(self, section_id: str) -> Section:
        return next(section for section in self.sections if section.id == section_id)

    def sections_for(self, agency: str) -> list[Section]:
        return [section for section in self.sections if section.items_for(agency)]

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)
