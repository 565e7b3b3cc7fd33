"""The getting-started checklist, read where the overview shows it (coordinators only)."""

from typing import Any

from django import template

from maillage.access import Perm
from maillage.projects.onboarding import Checklist, getting_started

register = template.Library()


@register.simple_tag(takes_context=True)
def getting_started_checklist(context: dict[str, Any]) -> Checklist | None:
    """The checklist for a coordinator of the page's project; None for everyone else."""
    request = context.get("request")
    access = getattr(request, "access", None)
    if access is None or not access.can(Perm.EDIT_PROJECT):
        return None
    return getting_started(access)
