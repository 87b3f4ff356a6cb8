"""The band in force never goes down without a manager (riskapp/scoring/band_in_force.py)."""

import pytest

from riskapp.scoring.band_in_force import BandInForce, band_in_force

BANDS = ["low", "medium", "high", "very-high"]
rank = BANDS.index


def test_a_first_result_takes_the_candidate():
    assert band_in_force("medium", None, None, rank) == BandInForce("medium", lowering_waits=False)


@pytest.mark.parametrize(("candidate", "before"), [("high", "high"), ("very-high", "high"), ("high", "low")])
def test_the_band_follows_a_candidate_at_or_above_the_band_in_force(candidate, before):
    result = band_in_force(candidate, before, None, rank)
    assert result.band == candidate and not result.lowering_waits
    assert result.rose == (candidate != before)


def test_a_lower_candidate_waits_and_the_band_in_force_stays():
    assert band_in_force("low", "high", None, rank) == BandInForce("high", lowering_waits=True)


def test_a_manager_allowed_lowering_takes_effect():
    assert band_in_force("low", "high", "low", rank) == BandInForce("low", lowering_waits=False)


def test_a_lowering_allowed_only_part_way_leaves_the_rest_waiting():
    assert band_in_force("low", "very-high", "medium", rank) == BandInForce("medium", lowering_waits=True)


def test_an_allowance_below_the_candidate_never_takes_the_band_below_the_candidate():
    assert band_in_force("medium", "very-high", "low", rank) == BandInForce("medium", lowering_waits=False)


def test_an_allowance_above_the_band_in_force_lowers_nothing():
    assert band_in_force("low", "medium", "high", rank) == BandInForce("medium", lowering_waits=True)
