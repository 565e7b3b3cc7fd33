"""Template helpers of a person's time pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from maillage.numbers import percent as share_percent

register = template.Library()


@register.filter
def percent(share: Any) -> str:
    """A share from 0 to 1 as a percentage of the page's language: 0.625 → "62,5 %"."""
    if share is None or share == "":
        return "—"
    return share_percent(Decimal(share))
