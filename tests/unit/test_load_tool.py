"""`make load`'s own arithmetic and parsing (bench/load): the figures it prints must be right, and
it must read riskapp's pages and gunicorn's answers as a browser would. No server is started."""

import math

import pytest

from bench.load import pages, report
from bench.load.http import ResponseError, build_request, parse_response, updated_cookies

# The arithmetic --------------------------------------------------------------------------------


def test_percentiles_interpolate_between_the_nearest_ranks():
    one_to_hundred = [float(n) for n in range(1, 101)]
    assert report.percentile(one_to_hundred, 0.50) == pytest.approx(50.5)
    assert report.percentile(one_to_hundred, 0.95) == pytest.approx(95.05)
    assert report.percentile(one_to_hundred, 0.99) == pytest.approx(99.01)
    assert report.percentile([7.0], 0.99) == 7.0
    assert math.isnan(report.percentile([], 0.5))


def test_figures_are_in_milliseconds_and_per_second_of_the_window():
    latencies = [0.010, 0.020, 0.030, 0.040]  # seconds
    result = report.figures(latencies, errors=1, seconds=2.0)
    assert result.requests == 4
    assert result.errors == 1
    assert result.per_second == 2.0
    assert result.p50_ms == pytest.approx(25.0)
    assert result.max_ms == pytest.approx(40.0)
    assert result.mean_ms == pytest.approx(25.0)


def test_errors_are_counted_by_kind_and_ok_is_not_an_error():
    outcomes = ["ok", "status 500", "ok", "database is locked", "status 500"]
    assert report.error_counts(outcomes) == {"status 500": 2, "database is locked": 1}


def _phase(name: str, users: int, per_second: float) -> dict:
    return {"name": name, "users": users, "figures": {"per_second": per_second}}


def test_scaling_is_many_users_over_one_for_each_server():
    servers = {
        "postgresql": {
            "phases": [_phase("record page", 32, 36.0), _phase("record page", 1, 30.0), _phase("mix", 32, 5)]
        },
        "bare": {"phases": [_phase("bare page", 32, 1500.0), _phase("bare page", 1, 500.0)]},
    }
    assert report.scaling(servers) == {"postgresql": pytest.approx(1.2), "bare": pytest.approx(3.0)}


def test_a_ratio_with_nothing_to_compare_is_none():
    assert report.ratio(10.0, 0.0) is None
    assert report.ratio(None, 5.0) is None
    assert report.ratio(30.0, 1500.0) == pytest.approx(0.02)


def test_the_table_lines_up_its_columns():
    table = report.format_table([["a", "1"], ["bbbb", "1,234"]], [("Name", "<"), ("Count", ">")])
    assert table.splitlines() == ["Name  Count", "----  -----", "a         1", "bbbb  1,234"]


# Reading gunicorn's answers --------------------------------------------------------------------


def test_a_response_is_read_with_its_headers_and_body():
    raw = b"HTTP/1.1 302 FOUND\r\nLocation: /young-people/x/chronology\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
    raw += b"Content-Length: 2\r\n\r\nok"
    response = parse_response(raw)
    assert response.status == 302
    assert response.header("location") == "/young-people/x/chronology"
    assert [value for name, value in response.headers if name == "set-cookie"] == ["a=1", "b=2"]
    assert response.body == b"ok"


def test_a_chunked_body_is_put_back_together():
    raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
    assert parse_response(raw).body == b"hello world"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"nonsense\r\n\r\n",
    ],
)
def test_a_cut_or_garbled_response_is_an_error(raw):
    with pytest.raises(ResponseError):
        parse_response(raw)


def test_cookies_are_kept_sent_back_and_cleared_as_a_browser_would():
    jar = updated_cookies({}, ["__Host-riskapp_session=abc; Secure; HttpOnly; Path=/; SameSite=Strict"])
    assert jar == {"__Host-riskapp_session": "abc"}
    request = build_request("GET", "127.0.0.1:8000", "/dashboard", jar)
    assert b"\r\nCookie: __Host-riskapp_session=abc\r\n" in request
    cleared = updated_cookies(
        jar, ["__Host-riskapp_session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"]
    )
    assert cleared == {}


def test_a_form_is_posted_urlencoded_with_its_length():
    request = build_request("POST", "127.0.0.1:8000", "/sign-in", {}, {"email": "a@b.invalid", "password": "p&q"})
    head, body = request.split(b"\r\n\r\n")
    assert body == b"email=a%40b.invalid&password=p%26q"
    assert f"Content-Length: {len(body)}".encode() in head


# Reading riskapp's output ----------------------------------------------------------------------

DEMO_OUTPUT = """
Demo sign-ins (new passwords every time this runs; demo data is fictional):

  social-care-practitioner@central-bedfordshire.demo.invalid OBLxd51DuNrXL9ga   Children's social care, Practitioner, Central Bedfordshire
  police-administrator@central-bedfordshire.demo.invalid zonn_NAY1DZbG600   Police, Administrator, Central Bedfordshire
  social-care-cse-coordinator@central-bedfordshire.demo.invalid h1WcO7E5prou8W7Q   Children's social care, CSE coordinator, Bedford Borough, Central Bedfordshire, Luton
"""


def test_demo_sign_ins_are_read_and_administrators_do_not_read_records():
    logins = pages.demo_logins(DEMO_OUTPUT)
    assert [login.email.split("@")[0] for login in logins] == [
        "social-care-practitioner",
        "police-administrator",
        "social-care-cse-coordinator",
    ]
    assert logins[0].password == "OBLxd51DuNrXL9ga"
    assert [login.reads_records for login in logins] == [True, False, True]


YOUNG_PERSON = "3091a437-11e7-4695-8b5c-24e783e240aa"
OTHER = "32596c99-495e-4f72-958b-6a9233a4ebcf"


def test_young_people_are_found_by_their_links_once_each():
    page = (
        f'<a href="/young-people/{YOUNG_PERSON}/risk">Kayla</a> <a href="/young-people/{OTHER}">Tyler</a>'
        f'<a href="/young-people/{YOUNG_PERSON}">again</a> <a href="/young-people/new">Add</a>'
    )
    assert pages.young_person_ids(page) == [YOUNG_PERSON, OTHER]


def test_the_hidden_fields_are_those_of_the_form_with_the_field():
    page = """
    <form action="/sign-out" method="post"><input type="hidden" name="csrf_token" value="header-token"></form>
    <form method="post" novalidate>
      <input id="csrf_token" name="csrf_token" type="hidden" value="IjMx.Z&amp;q">
      <input name="submission" type="hidden" value="once-only">
      <input name="noted_on-day" type="text" value="">
      <textarea name="text"></textarea>
    </form>
    """
    assert pages.hidden_fields(page, "text") == {"csrf_token": "IjMx.Z&q", "submission": "once-only"}
    assert pages.hidden_fields(page, "no-such-field") == {}
    assert pages.form_action(page, "text") is None  # it posts to its own page
    assert pages.form_action(page.replace("<form method", '<form action="/notes?a=1&amp;b=2" method'), "text") == (
        "/notes?a=1&b=2"
    )


# The bare page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2_000, 17_223, 23_175])
def test_the_bare_page_is_exactly_the_size_asked_for(monkeypatch, size):
    from bench.load.bare_app import create_app

    monkeypatch.setenv("BARE_PAGE_BYTES", str(size))
    response = create_app().test_client().get("/")
    assert response.status_code == 200
    assert len(response.data) == size
