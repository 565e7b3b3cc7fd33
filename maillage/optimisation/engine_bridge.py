"""The one place that calls the staffing engine: options from the run, errors made readable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from maillage.optimisation.models import RemedyRates, StaffingRun
from maillage.projects.snapshot import snapshot_for_project


class Cancelled(Exception):
    """The user cancelled the run."""


class RunError(Exception):
    """A run that cannot give a plan, with the message users read (and its data)."""

    def __init__(self, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.data = data or {}


def default_costs() -> Any:
    from maillage.engine.staffing.model import RemedyCosts

    return RemedyCosts()


def costs_for_project(project: Any) -> Any:
    """The engine's remedy costs, with the project's edited values when there are some."""
    costs = default_costs()
    rates = RemedyRates.objects.filter(project=project).first()
    if rates is None:
        return costs
    values = {}
    for field in fields(costs):
        value = getattr(rates, field.name, None)
        if value is not None:
            values[field.name] = type(getattr(costs, field.name))(value)
    return replace(costs, **values)


def options_for_run(run: StaffingRun) -> Any:
    from maillage.engine.staffing.model import StaffingOptions

    return StaffingOptions(
        max_people_per_task=run.max_people_per_task,
        time_limit=float(run.time_limit),
        costs=costs_for_project(run.project),
    )


def run_optimiser(
    run: StaffingRun,
    *,
    progress: Callable[[float, str], None],
    should_stop: Callable[[], bool],
) -> dict[str, Any]:
    """Snapshot the project, optimise, and return the result as JSON data."""
    from maillage.engine.staffing import optimise, result_to_json
    from maillage.engine.staffing.model import InfeasibleLock, StaffingCancelled

    snapshot = snapshot_for_project(run.project)
    try:
        result = optimise(
            snapshot, options_for_run(run), progress=progress, should_stop=should_stop
        )
    except StaffingCancelled as error:
        raise Cancelled from error
    except InfeasibleLock as error:
        raise RunError(
            error.message_fr,
            {"code": error.code, "fr": error.message_fr, "en": error.message_en, **error.params},
        ) from error
    data: dict[str, Any] = result_to_json(result)
    return data
