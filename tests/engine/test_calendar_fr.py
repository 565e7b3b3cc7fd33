"""French working days, counted by hand from a 2026 and a 2027 calendar."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from maillage.engine.calendar_fr import (
    default_available_days,
    easter_sunday,
    present_days,
    public_holidays,
    working_days,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, (3, 31)), (2025, (4, 20)), (2026, (4, 5)), (2027, (3, 28)), (2038, (4, 25))],
)
def test_it_finds_easter_sunday(year: int, easter: tuple[int, int]) -> None:
    assert easter_sunday(year) == datetime.date(year, *easter)


def test_it_lists_the_eleven_public_holidays_of_2026() -> None:
    holidays = public_holidays(2026)
    assert len(holidays) == 11
    assert holidays[datetime.date(2026, 4, 6)] == "Lundi de Pâques"
    assert holidays[datetime.date(2026, 5, 14)] == "Ascension"
    assert holidays[datetime.date(2026, 5, 25)] == "Lundi de Pentecôte"
    assert datetime.date(2026, 7, 14) in holidays
    assert datetime.date(2026, 11, 11) in holidays


def test_it_lists_the_moving_holidays_of_2027() -> None:
    holidays = public_holidays(2027)
    assert holidays[datetime.date(2027, 3, 29)] == "Lundi de Pâques"
    assert holidays[datetime.date(2027, 5, 6)] == "Ascension"
    assert holidays[datetime.date(2027, 5, 17)] == "Lundi de Pentecôte"


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        # 1 January 2026 is a Thursday: 22 weekdays, minus New Year's Day.
        (2026, 1, 21),
        # 22 weekdays, minus Easter Monday (6 April).
        (2026, 4, 21),
        # 21 weekdays, minus 1 May, 8 May (Fridays), Ascension (14) and Whit Monday (25).
        (2026, 5, 17),
        # 23 weekdays, minus 14 July (a Tuesday).
        (2026, 7, 22),
        # 21 weekdays; 15 August is a Saturday.
        (2026, 8, 21),
        # 21 weekdays; 1 November is a Sunday, 11 November a Wednesday.
        (2026, 11, 20),
        # 23 weekdays, minus Christmas (a Friday).
        (2026, 12, 22),
        # 23 weekdays, minus Easter Monday (29 March).
        (2027, 3, 22),
        # 21 weekdays; 1 and 8 May are Saturdays; minus Ascension (6) and Whit Monday (17).
        (2027, 5, 19),
        # 22 weekdays; 15 August is a Sunday.
        (2027, 8, 22),
    ],
)
def test_it_counts_working_days(year: int, month: int, days: int) -> None:
    assert working_days(year, month) == days


def test_it_halves_august_for_summer_leave() -> None:
    assert present_days(2026, 8) == Decimal("10.5")
    assert present_days(2026, 5) == Decimal(17)


def test_it_gives_the_project_share_of_the_present_days() -> None:
    assert default_available_days(2026, 5, Decimal("0.2")) == Decimal("3.40")
    assert default_available_days(2026, 8, Decimal("0.25")) == Decimal("2.63")
    assert default_available_days(2027, 1, Decimal(0)) == Decimal("0.00")
