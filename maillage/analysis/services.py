"""The analysis of a project as the Analyse page shows it: computed once per data version.

Every committed save or deletion of the data an analysis reads raises one counter
(`DataGeneration`); the version of a project's data is that counter plus cheap totals of its
tasks and assignments (which also catch bulk updates that send no signal). The last analysis of
each project is kept in this process, keyed by that version: an unchanged project is not
analysed again, and any edit, made in any worker, is seen by the next request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Max, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save

from maillage.analysis.models import DataGeneration
from maillage.engine.analysis import AnalysisOptions, AnalysisReport, analyse_project
from maillage.projects.models import Project, Task
from maillage.projects.snapshot import snapshot_for_project
from maillage.staffing.models import Assignment

# The apps whose rows the snapshot adapter reads.
ANALYSED_APPS = frozenset({"directory", "competencies", "projects", "staffing", "governance"})
MAX_CACHED_PROJECTS = 16
OPTIONS = AnalysisOptions()


@dataclass(frozen=True)
class ProjectAnalysis:
    report: AnalysisReport
    version: str
    computed: bool  # False when it came from the cache
    seconds: float  # reading the snapshot and analysing it (0 when cached)


_cache: OrderedDict[int, tuple[str, AnalysisReport]] = OrderedDict()
_lock = threading.Lock()


def data_generation_bump() -> None:
    if not DataGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        DataGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


def _data_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or sender._meta.app_label not in ANALYSED_APPS:
        return
    # One bump per transaction, after it commits (a rolled-back edit changes nothing).
    if connection.in_atomic_block and any(
        entry[1] is data_generation_bump for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(data_generation_bump)


def watch_analysed_data() -> None:
    """Connect the counter to every save, deletion and many-to-many change (AppConfig.ready)."""
    post_save.connect(_data_changed, dispatch_uid="analysis-data-saved")
    post_delete.connect(_data_changed, dispatch_uid="analysis-data-deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="analysis-data-m2m")


def _m2m_changed(sender: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _data_changed(sender)


def data_version(project: Project) -> str:
    """A short key that changes whenever the data the project's analysis reads changes."""
    generation = DataGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    tasks = Task.objects.filter(project=project).aggregate(
        n=Count("id"), last=Max("id"), versions=Sum("version")
    )
    assignments = Assignment.objects.filter(task__project=project).aggregate(
        n=Count("id"), last=Max("id"), days=Sum("days_per_month")
    )
    # The creation time tells a project from a deleted one whose id was given again.
    created = int(project.created_at.timestamp() * 1_000_000) if project.created_at else 0
    parts = [created, generation or 0, *tasks.values(), *assignments.values()]
    return "-".join(str(part or 0) for part in parts)


def project_analysis(project: Project) -> ProjectAnalysis:
    """The project's analysis for its current data: from the cache, or computed now."""
    version = data_version(project)
    with _lock:
        cached = _cache.get(project.pk)
        if cached is not None and cached[0] == version:
            _cache.move_to_end(project.pk)
            return ProjectAnalysis(cached[1], version, computed=False, seconds=0.0)
    previous = cached[1] if cached is not None else None
    started = time.perf_counter()
    report = analyse_project(snapshot_for_project(project), OPTIONS, previous=previous)
    seconds = time.perf_counter() - started
    with _lock:
        _cache[project.pk] = (version, report)
        _cache.move_to_end(project.pk)
        while len(_cache) > MAX_CACHED_PROJECTS:
            _cache.popitem(last=False)
    return ProjectAnalysis(report, version, computed=True, seconds=seconds)


def forget_cached_analyses() -> None:
    """Empty this process's cache (tests)."""
    with _lock:
        _cache.clear()
