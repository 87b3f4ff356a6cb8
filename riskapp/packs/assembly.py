"""Putting a panel pack together: a contents page, then each young person's summary, with a
bookmark for each. Plain Python on PDF bytes (pypdf); no request, no database."""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pypdf
from pypdf.generic import NameObject, TextStringObject


@dataclass(frozen=True)
class Section:
    name: str
    date_of_birth: str
    band_label: str
    pdf: bytes
    pages: int


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def contents_rows(sections: list[Section], contents_pages: int) -> list[dict]:
    """Each section's first page in the pack, counting the contents pages before it."""
    rows, page = [], contents_pages + 1
    for number, section in enumerate(sections, start=1):
        rows.append(
            {"number": number, "name": section.name, "date_of_birth": section.date_of_birth,
             "band": section.band_label, "page": page, "pages": section.pages}
        )  # fmt: skip
        page += section.pages
    return rows


def expected_contents_pages(sections: int) -> int:
    """A first guess (about 20 rows fit under the first page's heading, 30 on a page after it),
    so the contents page is usually printed once."""
    return 1 if sections <= 20 else 1 + -(-(sections - 20) // 30)


def build_pack(
    sections: list[Section],
    render_contents: Callable[[list[dict]], bytes],
    title: str,
    print_pdf: Callable[[str], bytes],
) -> bytes:
    """``render_contents(rows)`` prints the contents page(s) for the given rows. Page numbers in the
    contents depend on how many pages the contents take, so it is printed until that settles.
    ``print_pdf(html)`` prints the pack's page numbers, stamped on every page: the sections print
    none of their own (``body.pack-section`` in the print stylesheet), so each page says where it
    is in the pack, as the contents page does."""
    contents_pages = expected_contents_pages(len(sections))
    for _ in range(4):
        contents = render_contents(contents_rows(sections, contents_pages))
        printed = page_count(contents)
        if printed == contents_pages:
            break
        contents_pages = printed
    total = contents_pages + sum(section.pages for section in sections)
    return merge(contents, sections, title, numbers=print_pdf(page_numbers_html(total)))


def page_numbers_html(total: int) -> str:
    """``total`` empty pages, each with only "Page n of total" where a summary prints its number."""
    pages = '<div class="numbered-page"></div>' * total
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page numbers</title>'
        f'<link rel="stylesheet" href="reports/summary.css"></head><body class="page-numbers">{pages}</body></html>'
    )


def merge(contents: bytes, sections: list[Section], title: str, numbers: bytes | None = None) -> bytes:
    writer = pypdf.PdfWriter()
    writer.append(io.BytesIO(contents), outline_item="Contents", import_outline=False)
    for section in sections:
        # Each summary brings its own bookmarks: the young person's name, with its sections under it.
        writer.append(io.BytesIO(section.pdf))
    if numbers is not None:
        for page, number in zip(writer.pages, pypdf.PdfReader(io.BytesIO(numbers)).pages, strict=True):
            page.merge_page(number)
    writer.add_metadata({"/Title": title, "/Producer": "riskapp"})
    writer._root_object[NameObject("/Lang")] = TextStringObject("en-GB")
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
