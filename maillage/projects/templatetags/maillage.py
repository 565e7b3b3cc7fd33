"""Template helpers shared by every page: the navigation and accessible form fields."""

from typing import Any

from django import template

from maillage.projects.navigation import Link, main_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context: dict[str, Any]) -> list[Link]:
    request = context.get("request")
    return main_nav(request) if request is not None else []


@register.inclusion_tag("includes/_field.html")
def form_field(field: Any) -> dict[str, Any]:
    """A field with its label, required mark, hint and error, linked for assistive tech."""
    widget = field.field.widget
    return {
        "field": field,
        "is_checkbox": getattr(widget, "input_type", "") == "checkbox",
    }
