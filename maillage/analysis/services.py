"""The analysis of a project as the Analyse page shows it: computed once per data version.

The version of a project's data is the counters of its scopes (`maillage.analysis.changes`:
the shared directory, and the project's plan) plus cheap totals of its tasks and assignments
(which also catch bulk updates that send no signal).

The last analysis of each project is kept in this process with the two sides of its snapshot
(`maillage.projects.snapshot`), keyed by their versions: an unchanged project is not analysed
again, an edit of the plan re-reads the plan only (the people side, most of the rows, is reused
while the directory is unchanged and the plan refers to the same people), and any edit, made in
any worker, is seen by the next request. The analysis uses the project's thresholds (the
engine's defaults where the team changed none).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language

from maillage.access import Perm, ProjectAccess
from maillage.analysis.changes import ANY_PLAN, PEOPLE, plan_scope
from maillage.analysis.models import AnalysisThresholds, DataGeneration
from maillage.engine.analysis import AnalysisOptions, AnalysisReport, analyse_project
from maillage.engine.analysis.thresholds import ThresholdError, options_with, threshold_values
from maillage.projects.models import Project, Task
from maillage.projects.snapshot import (
    PeopleSide,
    PlanSide,
    compose,
    people_key,
    read_people,
    read_plan,
)
from maillage.staffing.models import Assignment

# -- the versions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataVersion:
    """The versions of the two sides of a project's data."""

    people: str
    plan: str

    def __str__(self) -> str:
        return f"{self.people}.{self.plan}"


def data_version(project: Project) -> DataVersion:
    """Keys that change whenever the data the project's analysis reads changes."""
    own = plan_scope(project.pk)
    counters = dict(
        DataGeneration.objects.filter(scope__in=(PEOPLE, ANY_PLAN, own)).values_list(
            "scope", "value"
        )
    )
    tasks = Task.objects.filter(project=project).aggregate(
        n=Count("id"), last=Max("id"), versions=Sum("version")
    )
    assignments = Assignment.objects.filter(task__project=project).aggregate(
        n=Count("id"), last=Max("id"), days=Sum("days_per_month")
    )
    # The creation time tells a project from a deleted one whose id was given again.
    created = int(project.created_at.timestamp() * 1_000_000) if project.created_at else 0
    plan = [
        created,
        counters.get(ANY_PLAN),
        counters.get(own),
        *tasks.values(),
        *assignments.values(),
    ]
    return DataVersion(
        people=str(counters.get(PEOPLE, 0)),
        plan="-".join(str(part or 0) for part in plan),
    )


# -- the cache ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectAnalysis:
    report: AnalysisReport
    version: DataVersion
    computed: bool  # False when it came from the cache
    seconds: float  # reading the snapshot and analysing it (0 when cached)
    reread: tuple[str, ...] = ()  # the sides of the snapshot read again: "plan", "people"
    thresholds: dict[str, float] = field(default_factory=dict)  # those the analysis used

    @property
    def milliseconds(self) -> int:
        return round(self.seconds * 1000)


@dataclass(frozen=True)
class _Entry:
    version: DataVersion
    people: PeopleSide
    plan: PlanSide
    report: AnalysisReport
    thresholds: dict[str, float]


_cache: OrderedDict[int, _Entry] = OrderedDict()
_lock = threading.Lock()


def project_analysis(project: Project) -> ProjectAnalysis:
    """The project's analysis for its current data: from the cache, or computed now."""
    version = data_version(project)
    with _lock:
        cached = _cache.get(project.pk)
        if cached is not None and cached.version == version:
            _cache.move_to_end(project.pk)
            return ProjectAnalysis(
                cached.report,
                version,
                computed=False,
                seconds=0.0,
                thresholds=cached.thresholds,
            )
    started = time.perf_counter()
    reread: list[str] = []
    if cached is not None and cached.version.plan == version.plan:
        plan = cached.plan
    else:
        plan = read_plan(project)
        reread.append("plan")
    if (
        cached is not None
        and cached.version.people == version.people
        and cached.people.key == people_key(project, plan.refs)
    ):
        people = cached.people
    else:
        people = read_people(project, plan.refs)
        reread.append("people")
    previous = cached.report if cached is not None else None
    options = analysis_options(project)
    report = analyse_project(compose(project, people, plan), options, previous=previous)
    seconds = time.perf_counter() - started
    thresholds = threshold_values(options)
    with _lock:
        _cache[project.pk] = _Entry(version, people, plan, report, thresholds)
        _cache.move_to_end(project.pk)
        while len(_cache) > settings.MAILLAGE_ANALYSIS_CACHE_PROJECTS:
            _cache.popitem(last=False)
    return ProjectAnalysis(
        report,
        version,
        computed=True,
        seconds=seconds,
        reread=tuple(reread),
        thresholds=thresholds,
    )


def forget_cached_analyses() -> None:
    """Empty this process's cache (tests)."""
    with _lock:
        _cache.clear()


# -- the project's thresholds ------------------------------------------------------------------


def _saved_thresholds(project: Project) -> dict[str, Any]:
    return dict(
        AnalysisThresholds.objects.filter(project=project).values_list("values", flat=True).first()
        or {}
    )


def analysis_options(project: Project) -> AnalysisOptions:
    """The analysis options of `project`: the engine's defaults with the team's thresholds.

    Saved values are checked again: one that a newer version of the engine no longer accepts
    is left out (its default applies) rather than breaking the page.
    """
    kept = {}
    for name, value in _saved_thresholds(project).items():
        try:
            options_with({name: value})
        except ThresholdError:
            continue
        kept[name] = value
    return options_with(kept)


def thresholds_for(project: Project) -> dict[str, float]:
    """Every threshold's value for `project`, by name."""
    return threshold_values(analysis_options(project))


def thresholds_update(*, access: ProjectAccess, values: dict[str, Any]) -> AnalysisThresholds:
    """Save the project's thresholds (all or nothing); values equal to the default are not kept,
    so that a later change of a default reaches the project."""
    access.require(Perm.EDIT_PROJECT)
    try:
        options_with(values)
    except ThresholdError as error:
        language = "fr" if (get_language() or "fr").startswith("fr") else "en"
        raise ValidationError({error.name: error.message(language)}) from None
    defaults = threshold_values(AnalysisOptions())
    changed = {name: value for name, value in values.items() if value != defaults[name]}
    with transaction.atomic():
        thresholds, _created = AnalysisThresholds.objects.select_for_update().get_or_create(
            project=access.project
        )
        thresholds.values = changed
        thresholds.save()
    return thresholds


def thresholds_reset(*, access: ProjectAccess) -> None:
    """Back to the engine's defaults."""
    access.require(Perm.EDIT_PROJECT)
    for thresholds in AnalysisThresholds.objects.filter(project=access.project):
        thresholds.delete()  # one by one: the deletion signal tells the analysis cache
