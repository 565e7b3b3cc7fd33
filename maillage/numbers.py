"""Numbers as people write them: no trailing zeros nor exponent, in the page's language."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats

HUNDRED = Decimal(100)


def plain_decimal(value: Decimal) -> Decimal:
    """Without trailing zeros nor exponent, so that 50.00 shows as "50" and 2.50 as "2,5"."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def percent_number(share: Decimal) -> str:
    """A share (0–1) as a localised number of percent, to the tenth: 0.625 → "62,5" in French."""
    value = plain_decimal((Decimal(share) * HUNDRED).quantize(Decimal("0.1")))
    return formats.number_format(value, use_l10n=True)


def percent(share: Decimal) -> str:
    """A share (0–1) as a localised percentage: Decimal("0.625") → "62,5 %" in French."""
    return f"{percent_number(share)} %"
