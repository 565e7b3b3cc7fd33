"""What counts as a change of the data an analysis reads, and the counters it raises.

Every committed save or deletion of a row the analysis reads raises the counter
(`DataGeneration`) of its *scope*: `people` for the directory, the competencies and who takes
part in which project (rows shared by all projects), `plan:<project id>` for one project's plan,
and `plan` for plan rows whose project could not be told. Writes that send no signal
(`update()`, `bulk_create()`) call `data_changed` themselves. The Analyse page's cache
(`maillage.analysis.services`) keys each project's analysis on these counters.

This module depends on nothing but the counters' model, so that the services of the other apps
can say what they changed without depending on the analysis.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from maillage.analysis.models import DataGeneration

# The apps whose rows the analysis reads (the snapshot adapter, and the project's thresholds).
ANALYSED_APPS = frozenset(
    {"directory", "competencies", "projects", "staffing", "governance", "analysis"}
)
# Rows of those apps that belong to the people side of the snapshot (shared by all projects).
PEOPLE_MODELS = frozenset(
    {
        "competencies.framework",
        "competencies.level",
        "competencies.competency",
        "competencies.assessment",
        "projects.projectperson",
        "projects.projectorganisation",
    }
)
# Rows of those apps that no analysis reads: saving them changes no analysis.
UNREAD_MODELS = frozenset(
    {
        "analysis.datageneration",
        "competencies.campaign",
        "competencies.invitation",
        "competencies.answer",
        "competencies.validation",
        "projects.membership",
        "projects.objective",
        "projects.expectedresult",
        "projects.deliverable",
    }
)
# Plan rows without a project of their own: the foreign key that leads to a row that has one.
PLAN_PARENTS = {
    "projects.taskdependency": "successor",
    "projects.budgetline": "task",
    "staffing.need": "task",
    "staffing.assignment": "task",
    "governance.bodymember": "body",
}
PEOPLE = "people"
ANY_PLAN = "plan"


def plan_scope(project_id: int) -> str:
    return f"plan:{project_id}"


class _Bump:
    """An on-commit callback raising one scope's counter (one per scope and transaction)."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.done = False

    def __call__(self) -> None:
        self.done = True
        bump(self.scope)


def bump(scope: str) -> None:
    """Raise the counter of `scope` now."""
    if DataGeneration.objects.filter(scope=scope).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            DataGeneration.objects.create(scope=scope, value=1)
    except IntegrityError:  # created meanwhile by another process
        DataGeneration.objects.filter(scope=scope).update(value=F("value") + 1)


def data_changed(scope: str) -> None:
    """Raise `scope`'s counter once the current transaction commits (now outside of one).

    Called by the signal handlers, and by code writing with `update()` or `bulk_*`, which send
    no signal: `data_changed(PEOPLE)` or `data_changed(plan_scope(project.pk))`.
    """
    if connection.in_atomic_block:
        # A pending bump of the scope will do, unless it sits in a savepoint that may still be
        # rolled back without this change (its savepoints must all be ours too).
        open_savepoints = set(connection.savepoint_ids)
        if any(
            isinstance(entry[1], _Bump)
            and entry[1].scope == scope
            and not entry[1].done
            and entry[0] <= open_savepoints
            for entry in connection.run_on_commit
        ):
            return
    transaction.on_commit(_Bump(scope))


def _scope_of(instance: models.Model) -> str | None:
    """The scope a saved or deleted row belongs to, or None when no analysis reads it."""
    meta = instance._meta
    label = meta.label_lower
    if meta.app_label not in ANALYSED_APPS or label in UNREAD_MODELS:
        return None
    if meta.app_label == "directory" or label in PEOPLE_MODELS:
        return PEOPLE
    if label == "projects.project":
        return plan_scope(instance.pk) if instance.pk else ANY_PLAN
    project_id = getattr(instance, "project_id", None)
    if project_id is None and label in PLAN_PARENTS:
        parent = PLAN_PARENTS[label]
        related = meta.get_field(parent).related_model
        cached = instance._state.fields_cache.get(parent)
        project_id = (
            getattr(cached, "project_id", None)
            if cached is not None
            else related._default_manager.filter(pk=getattr(instance, f"{parent}_id"))
            .values_list("project_id", flat=True)
            .first()
        )
    return plan_scope(project_id) if project_id is not None else ANY_PLAN


def _saved_or_deleted(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    scope = _scope_of(instance)
    if scope is not None:
        data_changed(scope)


def _m2m_changed(sender: Any, instance: models.Model, action: str, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    # The changed rows are those of the through model; `instance` is either end of them.
    scope = _scope_of(instance)
    if scope is not None:
        data_changed(scope)


def watch_analysed_data() -> None:
    """Connect the counters to every save, deletion and many-to-many change (AppConfig.ready)."""
    post_save.connect(_saved_or_deleted, dispatch_uid="analysis-data-saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid="analysis-data-deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="analysis-data-m2m")
