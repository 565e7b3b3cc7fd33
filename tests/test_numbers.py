"""Numbers as people write them, shared by the time page, the import, the needs and the bodies."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from maillage.numbers import percent, percent_number, plain_decimal


def test_it_drops_trailing_zeros_without_an_exponent() -> None:
    assert str(plain_decimal(Decimal("50.00"))) == "50"
    assert str(plain_decimal(Decimal("20"))) == "20"  # normalize() alone gives 2E+1
    assert str(plain_decimal(Decimal("2.50"))) == "2.5"
    assert str(plain_decimal(Decimal("0.125"))) == "0.125"


@pytest.mark.parametrize(
    ("share", "english", "french"),
    [
        (Decimal("0.5"), "50", "50"),
        (Decimal("1.00"), "100", "100"),
        (Decimal("0.625"), "62.5", "62,5"),
        (Decimal("0.1234"), "12.3", "12,3"),
    ],
)
def test_it_writes_a_share_as_a_percentage_of_the_page_language(
    share: Decimal, english: str, french: str
) -> None:
    with translation.override("en"):
        assert percent_number(share) == english
        assert percent(share) == f"{english} %"
    with translation.override("fr"):
        assert percent_number(share) == french
        assert percent(share) == f"{french} %"
