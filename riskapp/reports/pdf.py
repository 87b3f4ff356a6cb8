"""PDF rendering with WeasyPrint from our own print templates, with a deny-by-default fetcher.

Only files inside riskapp/static/ can be loaded (fonts, the print stylesheet): no other file:
URLs, no network, no data: URLs, no redirects. Everything a user typed reaches the template as
escaped text, so it can never become a tag that fetches something.

Imported only where a PDF is printed (the render workers, commands, tests); templates are filled
by riskapp.reports.print_templates.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from riskapp.reports.print_templates import STATIC_DIR


class StaticOnlyFetcher(URLFetcher):
    """Serves files under the static folder; refuses everything else (WeasyPrint then leaves the
    resource out and carries on rendering)."""

    def __init__(self, root: Path = STATIC_DIR):
        super().__init__(timeout=2, allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
        if path is None or not path.is_relative_to(self.root) or not path.is_file():
            self.refused.append(url)
            raise ValueError(f"riskapp does not load {parts.scheme or 'this'} resources in PDFs")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def render_pdf(html: str, fetcher: StaticOnlyFetcher | None = None, tagged: bool = True) -> bytes:
    """A tagged PDF (PDF/UA where WeasyPrint supports it) of an HTML page from our own templates.
    ``tagged=False`` is for a panel pack's sections: merging drops the structure tree anyway, so
    building it would be wasted work."""
    fetcher = fetcher or StaticOnlyFetcher()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    if not tagged:
        return document.write_pdf()
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
