"""Labels and geometry for the planning templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from maillage.engine.plan.diff import Change

register = template.Library()

CHANGE_LABELS = {
    Change.ADDED: _("added"),
    Change.REMOVED: _("removed"),
    Change.MOVED: _("moved"),
    Change.REDATED: _("re-dated"),
    Change.RESTAFFED: _("re-staffed"),
    Change.BUDGET: _("budget changed"),
    Change.RENAMED: _("renamed"),
    Change.PROGRESS: _("status or progress"),
}


@register.filter
def change_label(change: Any) -> Any:
    return CHANGE_LABELS.get(change, change)


@register.simple_tag
def percent(part: float, whole: float) -> str:
    """`part` as a percentage of `whole`, for CSS (a dot as decimal separator)."""
    return f"{100 * part / whole:.4f}" if whole else "0"


@register.simple_tag
def people_of(task: Any, names: Any) -> str:
    """ "Name (responsibility)" of a frozen task's people, labels in the reader's language.

    `names` is the plan or diff the task comes from (it keeps the names as they were)."""
    from maillage.staffing.models import Assignment

    labels = []
    for person, responsibility in task.people:
        name = names.person_names.get(person) or _("person #%(id)s") % {"id": person}
        try:
            role = Assignment.Responsibility(responsibility).label
        except ValueError:
            role = responsibility
        labels.append(f"{name} ({role})")
    return ", ".join(sorted(labels))


@register.simple_tag
def organisation_of(task: Any, names: Any) -> str:
    if task.lead_organisation is None:
        return ""
    return str(names.organisation_names.get(task.lead_organisation, ""))


@register.filter
def funder_label(value: str) -> Any:
    from maillage.projects.models import BudgetLine

    try:
        return BudgetLine.Funder(value).label
    except ValueError:
        return value


@register.filter
def task_status_label(value: str) -> Any:
    from maillage.projects.models import Task

    try:
        return Task.Status(value).label
    except ValueError:
        return value
