from datetime import UTC, date, datetime

from riskapp.reports.charts import band_over_time, episodes_per_month

BANDS = [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("very-high", "Very <high>")]


def test_band_over_time_draws_a_step_line_and_escapes_labels():
    svg = band_over_time([(datetime(2026, 1, 1, tzinfo=UTC), "low"), (datetime(2026, 6, 1, tzinfo=UTC), "high")], BANDS)
    assert svg.startswith("<svg") and "<title>Band over time</title>" in svg
    assert "Very &lt;high&gt;" in svg and "<high>" not in svg
    assert svg.count("<path") == 1 and "01 Jan 2026" in svg and "01 Jun 2026" in svg


def test_episodes_per_month_counts_the_last_twelve_months():
    reported = [datetime(2026, 11, 3, tzinfo=UTC), datetime(2026, 11, 20, tzinfo=UTC), datetime(2025, 1, 5, tzinfo=UTC)]
    svg = episodes_per_month(reported, date(2026, 11, 26))
    assert svg.count("<rect") == 12
    assert ">Dec<" in svg and ">Nov<" in svg
    assert ">2<" in svg, "the scale tops out at the busiest month"
