"""Names print as themselves on the page, not only in the PDF's text layer.

A PDF draws glyph ids from the font program embedded in it; the text layer (ToUnicode) is a separate
map that can say "Ł" while the page shows "Á". So these tests read the printed page: every glyph drawn
in a summary, a transfer handover and a panel pack is taken from the embedded font program, and its
outline is compared with the outline of the character it stands for in the font files we ship
(riskapp/static/fonts). Only then is the text compared with what should be printed.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

import pypdf
import pytest
from fontTools.ttLib import TTFont
from pypdf.generic import ContentStream

from riskapp.data import chronology as chronology_data
from riskapp.models import MissingEpisode, PanelPack, Transfer
from riskapp.reference import Role
from riskapp.reports.pdf import STATIC_DIR
from riskapp.risk import service
from riskapp.timeutil import today
from tests.helpers import sign_in

# Welsh, Polish, Romanian, Turkish, Hungarian and Czech letters, and an Arabic alias for the fallback font.
NAME = "Łucja Ștefănescu-Dvořák Ğül ŵŷ Őrsi Łęcka"
FIRST, LAST = NAME.split(" ", 1)
ALIAS = "مريم الحداد"
MARKING = "OFFICIAL-SENSITIVE"
BOLD, REGULAR = 700, 400
NOTO = "noto-sans-"
DEJAVU = "DejaVuSans"


def _outline(font: TTFont, glyph_name: str) -> tuple:
    """A glyph's drawing: its points (components resolved), contour ends and on-curve flags."""
    glyf = font["glyf"]
    coordinates, ends, flags = glyf[glyph_name].getCoordinates(glyf)
    return tuple(coordinates), tuple(ends), tuple(flag & 1 for flag in flags)


def _substitutions(font: TTFont):
    """(source glyph names, result glyph name) of the font's single and ligature substitutions: the
    glyphs shaping may draw for a character other than its cmap glyph (Arabic joining forms, "fi")."""
    if "GSUB" not in font:
        return
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            kind = subtable.ExtSubTable.LookupType if lookup.LookupType == 7 else lookup.LookupType
            subtable = subtable.ExtSubTable if lookup.LookupType == 7 else subtable
            if kind == 1:
                yield from (((source,), result) for source, result in subtable.mapping.items())
            elif kind == 4:
                for first, ligatures in subtable.ligatures.items():
                    yield from (((first, *ligature.Component), ligature.LigGlyph) for ligature in ligatures)


@dataclass
class ShippedFont:
    file: str
    weight: int
    font: TTFont = field(repr=False)
    glyphs: dict[str, set[str]] = field(default_factory=dict, repr=False)  # text -> glyph names that may draw it
    outlines: dict[str, tuple] = field(default_factory=dict, repr=False)  # glyph name -> outline, as needed
    texts: dict[tuple, set[str]] = field(default_factory=dict, repr=False)  # outline -> texts, for messages

    @classmethod
    def load(cls, path):
        font = TTFont(path)
        shipped = cls(path.name, font["OS/2"].usWeightClass, font)
        for codepoint, glyph_name in font.getBestCmap().items():
            # Presentation forms (Arabic joining forms, ligatures) draw the letters they decompose to.
            for text in {chr(codepoint), unicodedata.normalize("NFKC", chr(codepoint))}:
                shipped.glyphs.setdefault(text, set()).add(glyph_name)
        for _ in range(3):  # substitutions can chain (a ligature of joining forms)
            texts = {name: text for text, names in shipped.glyphs.items() for name in names}
            for sources, result in _substitutions(font):
                if all(source in texts for source in sources):
                    shipped.glyphs.setdefault("".join(texts[s] for s in sources), set()).add(result)
        return shipped

    def draws(self, text: str, outline: tuple) -> bool:
        return any(self._outline(name) == outline for name in self.glyphs.get(text, ()))

    def printed_as(self, outline: tuple) -> set[str]:
        """What a drawn glyph shows, for the failure message."""
        if not self.texts:
            for text, names in self.glyphs.items():
                for name in names:
                    self.texts.setdefault(self._outline(name), set()).add(text)
        return self.texts.get(outline, set())

    def _outline(self, glyph_name: str) -> tuple:
        if glyph_name not in self.outlines:
            self.outlines[glyph_name] = _outline(self.font, glyph_name)
        return self.outlines[glyph_name]


@cache
def shipped_fonts() -> tuple[ShippedFont, ...]:
    return tuple(ShippedFont.load(path) for path in sorted((STATIC_DIR / "fonts").iterdir()))


@dataclass
class Glyph:
    text: str  # what the text layer says this glyph is
    # The shipped fonts in which that text is drawn with this outline (none: a misprint).
    sources: tuple[ShippedFont, ...] = field(repr=False)
    problem: str = ""


@dataclass
class Line:
    """Glyphs drawn from one text position at one size: a line, or the part of a line in one style."""

    page: int
    size: float
    glyphs: list[Glyph] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return "".join(glyph.text for glyph in self.glyphs)

    def weights(self) -> set[int]:
        return {font.weight for glyph in self.glyphs if glyph.text.strip() for font in glyph.sources}

    def files(self, text: str) -> set[str]:
        return {font.file for glyph in self.glyphs if glyph.text == text for font in glyph.sources}


def _embedded_fonts(resources) -> dict:
    fonts = {}
    for key, reference in (resources.get("/Font") or {}).items():
        font = reference.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        cmap = font["/ToUnicode"].get_object().get_data().decode()
        to_unicode = {
            int(gid, 16): bytes.fromhex(text).decode("utf-16-be")
            for gid, text in re.findall(r"<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>", cmap)
        }
        fonts[key] = (program, to_unicode)
    return fonts


def _glyph(program: TTFont, to_unicode: dict, gid: int) -> Glyph:
    text = to_unicode.get(gid, "\ufffd")
    order = program.getGlyphOrder()
    if gid >= len(order) or gid == 0:
        return Glyph(text, (), f"{text!r} is drawn as a missing glyph (gid {gid})")
    outline = _outline(program, order[gid])
    sources = tuple(font for font in shipped_fonts() if font.draws(text, outline))
    if sources:
        return Glyph(text, sources)
    printed = sorted({text for font in shipped_fonts() for text in font.printed_as(outline)})
    return Glyph(text, (), f"{text!r} is printed as {' or '.join(map(repr, printed)) or 'an unknown glyph'}")


def _read(stream, resources, reader, page: int, lines: list[Line]) -> None:
    fonts, font = _embedded_fonts(resources), None
    line = Line(page, 0)
    for operands, operator in ContentStream(stream, reader).operations:
        if operator in (b"BT", b"Tm", b"Td", b"TD", b"T*") or (operator == b"Tf" and operands[1] != line.size):
            lines.append(line := Line(page, operands[1] if operator == b"Tf" else line.size))
        if operator == b"Tf":
            font = fonts[operands[0]]
        elif operator in (b"Tj", b"TJ"):
            for item in operands[0] if operator == b"TJ" else operands:
                raw = getattr(item, "original_bytes", item)
                if isinstance(raw, bytes):  # not a number (a TJ position adjustment)
                    line.glyphs += [_glyph(*font, int.from_bytes(raw[i : i + 2])) for i in range(0, len(raw), 2)]
        elif operator == b"Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject["/Subtype"] == "/Form":
                _read(xobject, xobject.get("/Resources", resources), reader, page, lines)


def printed_lines(data: bytes) -> list[Line]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    lines: list[Line] = []
    for number, page in enumerate(reader.pages, start=1):
        _read(page.get_contents(), page["/Resources"], reader, number, lines)
    return [line for line in lines if line.glyphs]


def assert_printed_correctly(data: bytes, expected: tuple[str, ...]) -> list[Line]:
    """Every glyph on every page is the character it stands for, and the expected lines are there."""
    lines = printed_lines(data)
    problems = [f"page {line.page}, {line.text!r}: {g.problem}" for line in lines for g in line.glyphs if g.problem]
    assert not problems, "\n".join(problems[:40])
    pages = max(line.page for line in lines)
    for page in range(1, pages + 1):
        on_page = [line for line in lines if line.page == page]
        markings = [line for line in on_page if line.text == MARKING]
        assert len(markings) == 2 and all(line.weights() == {BOLD} for line in markings), f"page {page} marking"
        # A pack's sections number their own pages, so "Page X of Y" is checked for its form only.
        assert len([line for line in on_page if re.fullmatch(r"Page \d+ of \d+", line.text)]) == 1, page
    text = "\n".join(line.text for line in lines)
    for string in expected:
        assert string in text, string
    return lines


def assert_bold(lines: list[Line], heading: str) -> None:
    assert any(line.text == heading and line.weights() == {BOLD} for line in lines), f"{heading!r} prints in bold"


def assert_the_name_prints(lines: list[Line], pages: set[int]) -> None:
    """The name prints in bold as the heading of its pages and in regular type in the page header, in
    Noto Sans for the Latin letters; the Arabic alias prints in the fallback font, DejaVu Sans."""
    names = [line for line in lines if line.text == NAME]
    assert {line.page for line in names if line.weights() == {BOLD}} >= {min(pages)}, "the heading"
    assert {line.page for line in names if line.weights() == {REGULAR}} >= pages, "the page header"
    for line in names:
        for letter in set(NAME) - {" "}:
            assert line.files(letter) and all(file.startswith(NOTO) for file in line.files(letter)), letter
    aliases = [line for line in lines if ALIAS[::-1] in line.text]  # right to left: drawn last letter first
    assert aliases, "the Arabic alias prints"
    for line in aliases:
        assert all(file.startswith(DEJAVU) for letter in set(ALIAS) - {" "} for file in line.files(letter))


@pytest.fixture
def practitioner(make, area, client):
    """Not the shared Sam Social: a name with letters of its own to print."""
    user = make.user(role=Role.PRACTITIONER, authorities=[area], full_name="Ștefan Țurcanu")
    sign_in(client, user)
    return user


@pytest.fixture
def person(make, area, practitioner):
    """The young person, with three missing episodes: enough for a band and the repeat missing flag."""
    person = make.young_person(area, first_name=FIRST, last_name=LAST, aliases=ALIAS, local_id="CB-7")
    for days in (20, 12, 4):
        reported = datetime.now(UTC) - timedelta(days=days)
        chronology_data.add(
            MissingEpisode(
                young_person_id=person.id, agency_id=practitioner.agency_id, author_id=practitioner.id,
                missing_from="care", reported_at=reported, returned_at=reported + timedelta(hours=5),
                police_classification="missing", police_classification_label="Missing",
                found_location="Found at Łódź Fabryczna coach stop with Őrs",
            )
        )  # fmt: skip
    service.rescore(person)
    return person


def test_a_summary_prints_every_letter_of_the_name_and_every_other_line(client, person):
    response = client.get(f"/young-people/{person.id}/summary.pdf")
    assert response.status_code == 200
    lines = assert_printed_correctly(response.data, (NAME, "Identifiers", "Risk", "Found at Łódź Fabryczna"))
    assert_bold(lines, "Identifiers")
    assert_the_name_prints(lines, {line.page for line in lines})


def test_a_transfer_handover_prints_every_letter_of_the_name_and_every_other_line(client, make, person, db_session):
    luton = make.authority("luton", "Luton")
    form = client.get(f"/young-people/{person.id}/transfer")
    moved = client.post(
        f"/young-people/{person.id}/transfer",
        data={
            "version": form.soup.select_one("input[name=version]")["value"], "to_authority_id": str(luton.id),
            "receiving_service": "youth-offending-service", "moved_on-day": str(today().day),
            "moved_on-month": str(today().month), "moved_on-year": str(today().year),
            "reason": "Placement moved to Luton", "contact_name": "Gwenllïan Ŵyn", "contact_role": "YOS case manager",
            "contact_details": "gwen@luton.example.org", "confirm": "y",
        },
    )  # fmt: skip
    assert moved.status_code == 302
    transfer = db_session.query(Transfer).filter_by(young_person_id=person.id).one()
    response = client.get(f"/transfers/{transfer.id}/handover.pdf")
    assert response.status_code == 200
    expected = (NAME, "Transfer summary (handover)", "Transfer", "Gwenllïan Ŵyn", "Identifiers")
    lines = assert_printed_correctly(response.data, expected)
    assert_bold(lines, "Transfer summary (handover)")
    assert_the_name_prints(lines, {line.page for line in lines})


def test_a_panel_pack_prints_every_letter_of_the_name_and_every_other_line(client, area, person, db_session):
    client.get("/panel-packs/new")
    data = {"title": "Panel, Powys and Łódź", "authority_id": area.id, "flag": "", "local_ids": "CB-7"}
    assert client.post("/panel-packs/new", data=data).status_code == 302
    pack = db_session.query(PanelPack).one()
    response = client.get(f"/panel-packs/{pack.id}/pack.pdf")
    assert response.status_code == 200
    lines = assert_printed_correctly(response.data, ("Panel, Powys and Łódź", "Contents", NAME, "Identifiers"))
    assert_bold(lines, "Panel, Powys and Łódź")
    contents = {line.page for line in lines if line.text == "Contents"}
    assert_the_name_prints(lines, {line.page for line in lines} - contents)
