"""Response headers on pages, JSON, errors and static files."""

import re

import pytest

from riskapp.reference import Role
from tests.helpers import sign_in


def _csp(response) -> dict[str, str]:
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in response.headers["Content-Security-Policy"].split(";")
        if part.strip()
    }


@pytest.fixture
def signed_in_client(client, make):
    authority = make.authority()
    user = make.user(role=Role.PRACTITIONER, authorities=[authority])
    young_person = make.young_person(authority)
    sign_in(client, user)
    return client, young_person


def test_headers_on_every_kind_of_response(signed_in_client):
    client, young_person = signed_in_client
    responses = {
        "page": client.get("/young-people/"),
        "json": client.get(f"/young-people/{young_person.id}/record.json"),
        "not found": client.get("/no-such-page"),
        "sign in": client.application.test_client().get("/sign-in"),
    }
    for name, response in responses.items():
        csp = _csp(response)
        assert "'unsafe-inline'" not in csp["script-src"], name
        assert csp["frame-ancestors"] == "'none'", name
        assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'", name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "same-origin", name
        assert response.headers["Cache-Control"].startswith("no-store"), name


def test_the_one_inline_script_carries_the_policy_nonce(signed_in_client):
    client, _ = signed_in_client
    response = client.get("/young-people/")
    nonce = re.search(r"'nonce-([^']+)'", _csp(response)["script-src"]).group(1)
    inline = [s for s in response.soup.find_all("script") if not s.get("src")]
    assert len(inline) == 1 and inline[0]["nonce"] == nonce
    assert (
        client.get("/young-people/").headers["Content-Security-Policy"] != response.headers["Content-Security-Policy"]
    )


def test_static_assets_may_be_cached(client):
    response = client.get("/static/favicon.svg")
    response.close()
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_and_secure_cookies_under_production_settings(monkeypatch, tmp_path):
    from config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    monkeypatch.setenv("RISKAPP_CONFIG", "production")
    from riskapp import create_app

    app = create_app()
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-riskapp_session" == ProductionConfig.SESSION_COOKIE_NAME
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    response = app.test_client().get("/healthz", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(monkeypatch, missing):
    monkeypatch.setenv("RISKAPP_CONFIG", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///ignored.sqlite3")
    monkeypatch.delenv(missing)
    from riskapp import create_app

    with pytest.raises(RuntimeError, match=missing):
        create_app()


def test_oversized_requests_are_refused(signed_in_client):
    client, _ = signed_in_client
    response = client.post("/young-people/", data={"name": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
