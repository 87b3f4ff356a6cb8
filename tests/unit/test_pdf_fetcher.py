"""The PDF fetcher loads the project's own static files and nothing else."""

import io

import pypdf
import pytest

from riskapp.reports.pdf import STATIC_DIR, StaticOnlyFetcher, render_pdf


def _pdf(body: str, fetcher: StaticOnlyFetcher) -> pypdf.PdfReader:
    html = f'<html lang="en"><head><title>Test</title></head><body>{body}</body></html>'
    return pypdf.PdfReader(io.BytesIO(render_pdf(html, fetcher)))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/logo.png",
        f"file://{STATIC_DIR}/../../config.py",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "ftp://example.org/x",
    ],
)
def test_anything_outside_the_static_folder_is_refused(url):
    fetcher = StaticOnlyFetcher()
    reader = _pdf(f'<p>Text</p><img src="{url}" alt="">', fetcher)
    assert fetcher.refused == [url]
    assert "Text" in reader.pages[0].extract_text()


def test_an_attachment_link_fetches_nothing_outside_static():
    fetcher = StaticOnlyFetcher()
    reader = _pdf('<link rel="attachment" href="file:///etc/passwd"><p>Body</p>', fetcher)
    assert "file:///etc/passwd" in fetcher.refused
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))


def test_static_files_load():
    fetcher = StaticOnlyFetcher()
    _pdf('<img src="favicon.svg" alt="">', fetcher)
    assert fetcher.refused == []
