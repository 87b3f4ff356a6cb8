"""The risk page in plain words (issue 11, item 5): each flag named once, a floor said as a sentence
only when it sets the band, internal names only under "About this result", each result to compare
listed once, newest first."""

from datetime import timedelta

from riskapp.data import risk as risk_data
from riskapp.risk import service
from riskapp.risk.flags import FLAG_LABELS
from tests.factories import ABSENT
from tests.helpers import now

INTERNAL = ("repeat-missing", "coverage-gap", "learning-disability", "past-harm", "cse-screening v", "repeat_missing")


def _risk_page(client, person):
    page = client.get(f"/young-people/{person.id}/risk")
    assert page.status_code == 200
    return page.soup


def _main_and_about(soup) -> tuple[str, str]:
    """The page's main text without "About this result", and the text of "About this result"."""
    main = soup.select_one("main")
    about = main.select_one("#about-this-result").extract()
    return main.get_text(" ", strip=True), about.get_text(" ", strip=True)


def _repeat_missing(make, area, practitioner, **details):
    person = make.young_person(area, **details)
    make.screening(person, practitioner, answers={"school_absence_or_exclusion": "yes"})
    for days in (20, 12, 5):
        make.episode(person, practitioner, days_ago=days, **ABSENT)
    service.rescore(person)
    return person


def test_each_flag_is_named_once_with_its_explanation(client, make, area, practitioner):
    person = _repeat_missing(make, area, practitioner)
    soup = _risk_page(client, person)
    flags = {
        kind: soup.select_one(f".app-flag--{kind} .govuk-warning-text__text").get_text(" ", strip=True)
        for kind in ("repeat-missing", "classification-challenge")
    }
    for kind, text in flags.items():
        label = FLAG_LABELS[kind]
        assert text.removeprefix("Warning:").strip().startswith(f"{label}: ")
        assert text.lower().count(label.lower()) == 1, text
    assert "Repeat missing: 3 missing episodes within 30 days" in flags["repeat-missing"]
    main, about = _main_and_about(soup)
    assert "Repeat missing. Repeat missing" not in main
    for name in ("repeat-missing", "classification-challenge", "repeat_missing", "school_absence_or_exclusion"):
        assert name not in main and name in about, name


def test_internal_names_are_only_under_about_this_result(client, make, area, practitioner):
    person = make.young_person(area, learning_disability="yes")
    make.screening(person, practitioner, answers={"school_absence_or_exclusion": "yes"})
    result = risk_data.current_result(person.id)
    main, about = _main_and_about(_risk_page(client, person))
    assert "A learning disability keeps the band at least Medium" in main
    for name in (*INTERNAL, result.inputs_hash[:16], result.rules_version, result.engine_version):
        assert name not in main, name
    for name in ("learning-disability", result.inputs_hash, result.rules_version, result.engine_version):
        assert name in about, name
    assert "Floors" not in main and "to none" not in main


def test_a_floor_that_sets_nothing_is_not_shown(client, make, area, practitioner):
    person = make.young_person(area, learning_disability="yes")
    make.screening(
        person, practitioner, answers={"missing_overnight_or_longer": "yes", "school_absence_or_exclusion": "yes"}
    )
    soup = _risk_page(client, person)
    assert soup.select_one("#band-computed").get_text(" ", strip=True).startswith("Medium score 8")
    assert soup.select_one("#floors") is None
    main, _about = _main_and_about(soup)
    assert "learning disability" not in main.lower()


def test_a_floor_that_stops_holding_the_band_is_said_in_words(client, make, area, practitioner):
    person = make.young_person(area, learning_disability="yes")
    make.screening(person, practitioner, answers={"school_absence_or_exclusion": "yes"})
    make.screening(person, practitioner, answers={"sexual_assault": "yes", "boy_missing_any": "yes"})
    soup = _risk_page(client, person)
    change = soup.select_one(".app-change").get_text(" ", strip=True)
    assert "Medium to High" in change
    assert "A learning disability no longer keeps the band up." in change
    assert "Floors" not in change and "learning-disability" not in change and "to none" not in change


def test_the_results_to_compare_are_each_listed_once_newest_first(client, make, area, practitioner):
    person = _repeat_missing(make, area, practitioner)
    service.rescore(person)  # nothing changed: the same result again
    make.incident(
        person,
        practitioner,
        occurred_at=now() - timedelta(days=1),
        incident_type="online-approach",
        incident_label="Online approach",
        indicator_id="online_grooming",
    )
    service.rescore(person)
    service.rescore(person)
    results = risk_data.results_of(person.id)
    soup = _risk_page(client, person)
    for name in ("from", "to"):
        options = soup.select(f"#compare-{name} option")
        texts = [o.get_text(strip=True) for o in options]
        assert len(texts) == len(set(texts)) < len(results), texts
        assert options[0]["value"] == str(results[-1].id), "the newest first"
    assert soup.select_one("#compare-to option[selected]")["value"] == str(results[-1].id)
    assert (
        soup.select_one("#compare-from option[selected]")["value"] == soup.select("#compare-from option")[-1]["value"]
    )

    # A link naming a result that is listed as part of a run still picks that entry.
    page = client.get(f"/young-people/{person.id}/risk?from={results[0].id}&to={results[-2].id}")
    assert page.soup.select_one("#compare-to option[selected]")["value"] == str(results[-1].id)
    assert "Now evidenced" in page.soup.select_one("#comparison").get_text()
