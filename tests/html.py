"""Checks run on every HTML page the test client receives (after GOV.UK Notify's client_request)."""

from collections import Counter

from bs4 import BeautifulSoup


def check_page(html: str) -> BeautifulSoup:
    page = BeautifulSoup(html, "html.parser")
    headings = page.find_all("h1")
    assert len(headings) == 1, f"expected exactly one <h1>, found {len(headings)}"
    title = page.title.get_text(" ", strip=True) if page.title else ""
    heading = " ".join(headings[0].get_text(" ", strip=True).split())
    bare_title = title.removeprefix("Error: ")
    assert bare_title.startswith(heading), f"<title> {title!r} should start with the <h1> {heading!r}"
    ids = Counter(tag["id"] for tag in page.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids on the page: {duplicates}"
    assert page.find(string=lambda s: s and "OFFICIAL-SENSITIVE" in s), "every page carries the protective marking"
    for form in page.find_all("form", method=lambda m: m and m.lower() == "post"):
        assert form.find("input", attrs={"name": "csrf_token"}), (
            f"a POST form without a CSRF token: {form.get('action')}"
        )
    return page
