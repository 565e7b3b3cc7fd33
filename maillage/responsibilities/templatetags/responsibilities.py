from typing import Any

from django import template

from maillage.responsibilities.documents import format_days

register = template.Library()


@register.filter
def days(value: Any) -> str:
    """A number of days as people write it: 4 → "4", 20.5 → "20,5" (French), 0.25 → "0,25"."""
    if value in (None, ""):
        return ""
    return format_days(value)
