"""Working days of a month in France: weekdays minus the national public holidays.

The eleven national public holidays (Code du travail, art. L3133-1): eight on fixed dates and
three tied to Easter (Easter Monday, Ascension Thursday, Whit Monday), found with the
anonymous Gregorian computus (Meeus/Jones/Butcher). Alsace-Moselle's two extra days (Good
Friday, 26 December) are not counted: the default is the national calendar.

August is reduced by the usual summer leave: by default a person gives half of August's working
days (`AUGUST_WORKING_SHARE`); every month can be overridden by hand in the availability grid.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

# Share of August's working days a person is present, the rest being summer leave.
AUGUST_WORKING_SHARE = Decimal("0.5")

_FIXED_HOLIDAYS = (
    (1, 1, "Jour de l’an"),
    (5, 1, "Fête du Travail"),
    (5, 8, "Victoire 1945"),
    (7, 14, "Fête nationale"),
    (8, 15, "Assomption"),
    (11, 1, "Toussaint"),
    (11, 11, "Armistice 1918"),
    (12, 25, "Noël"),
)


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday of a Gregorian year (anonymous computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year: int) -> dict[datetime.date, str]:
    """France's national public holidays of `year`, by date, with their French names."""
    holidays = {datetime.date(year, month, day): name for month, day, name in _FIXED_HOLIDAYS}
    easter = easter_sunday(year)
    holidays[easter + datetime.timedelta(days=1)] = "Lundi de Pâques"
    holidays[easter + datetime.timedelta(days=39)] = "Ascension"
    holidays[easter + datetime.timedelta(days=50)] = "Lundi de Pentecôte"
    return dict(sorted(holidays.items()))


def working_days(year: int, month: int) -> int:
    """Monday-to-Friday days of the month that are not a public holiday."""
    holidays = public_holidays(year)
    day = datetime.date(year, month, 1)
    count = 0
    while day.month == month:
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += datetime.timedelta(days=1)
    return count


def present_days(year: int, month: int) -> Decimal:
    """Working days a full-time person is present: August loses the usual summer leave."""
    days = Decimal(working_days(year, month))
    if month == 8:
        days *= AUGUST_WORKING_SHARE
    return days


def default_available_days(year: int, month: int, share: Decimal) -> Decimal:
    """Days a person giving `share` (0–1) of their time to a project gives it in the month."""
    days = present_days(year, month) * share
    return days.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
