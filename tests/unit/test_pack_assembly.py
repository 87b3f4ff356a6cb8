"""Putting a panel pack together (plain Python on PDF bytes): the contents page's numbers point at
the page where each young person's section starts, however many pages the contents take."""

import io
import re

import pypdf
import pytest

from riskapp.packs.assembly import Section, build_pack, expected_contents_pages, page_count
from riskapp.reports.pdf import render_pdf


def _section(n: int, pages: int) -> Section:
    html = f"<h1>Person {n}</h1>" + "<p style='break-before: page'>more</p>" * (pages - 1)
    pdf = render_pdf(html, tagged=False)
    return Section(f"Person {n}", "01/01/2010", "High", pdf, page_count(pdf))


def _contents(rows: list[dict]) -> bytes:
    lines = "".join(f"<p>Row {row['number']}: {row['name']} starts on page {row['page']}</p>" for row in rows)
    return render_pdf(f"<h1>Contents</h1>{lines}", tagged=False)


@pytest.mark.parametrize("count", [3, 70])
def test_contents_page_numbers_point_at_each_section(count):
    sections = [_section(n, pages=1 + n % 3) for n in range(1, count + 1)]
    pack = build_pack(sections, _contents, title="Panel", print_pdf=lambda html: render_pdf(html, tagged=False))
    reader = pypdf.PdfReader(io.BytesIO(pack))
    texts = [page.extract_text() for page in reader.pages]
    contents_pages = sum(1 for text in texts if "starts on page" in text)
    assert (count > 40) == (contents_pages > 1), "the long list needs more than one contents page"
    listed = {name: int(page) for name, page in re.findall(r"(Person \d+) starts on page (\d+)", " ".join(texts))}
    assert len(listed) == count
    for name, page in listed.items():
        assert texts[page - 1].startswith(name), f"{name} is said to start on page {page}"
    assert len(reader.pages) == contents_pages + sum(s.pages for s in sections)
    total = len(reader.pages)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text, "every page numbered through the whole pack"
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert bookmarks == ["Contents"] + [s.name for s in sections]
    assert reader.metadata.title == "Panel"


def test_the_first_guess_at_the_contents_length():
    assert [expected_contents_pages(n) for n in (1, 20, 21, 50, 51)] == [1, 1, 2, 2, 3]
