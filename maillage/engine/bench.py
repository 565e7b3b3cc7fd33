"""Timings of the gap and mesh analyses on generated projects (for `maillage bench analyze`).

Each figure is the median of several runs; generation is not timed. Peak memory is measured in
one extra run under tracemalloc (Python and NumPy allocations; the solver's own C++ memory is
not traced, the process's peak resident size is reported beside it).
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from dataclasses import dataclass

from maillage.engine.analysis.flow import build_model, paused_gc, solve_structural
from maillage.engine.analysis.gaps import analyse_gaps
from maillage.engine.analysis.mesh import (
    collaboration_network,
    competency_coverage,
    departure_simulation,
    task_coverage,
)
from maillage.engine.generate import generate_project
from maillage.engine.snapshot import ProjectSnapshot


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    people: int
    tasks: int
    competencies: int
    target_seconds: float
    departures: int | None  # how many costliest departures to simulate; None: everyone


TYPICAL = Scenario("typical", 200, 300, 60, 0.1, None)
LARGE = Scenario("large", 5000, 20000, 300, 5.0, 100)
LARGE_DEPARTURE_TARGET = 30.0


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    scenario: Scenario
    needs: int
    assignments: int
    gaps_seconds: float  # model, structural flow, both gap views
    mesh_seconds: float  # qualified-people counts and the collaboration network
    departures_seconds: float
    peak_traced_mb: float

    @property
    def total_seconds(self) -> float:
        return self.gaps_seconds + self.mesh_seconds + self.departures_seconds


@dataclass(frozen=True, slots=True)
class BenchReport:
    results: tuple[ScenarioResult, ...]
    max_rss_mb: float


def bench_analysis(
    *,
    scenarios: tuple[Scenario, ...] = (TYPICAL, LARGE),
    repeats: int = 5,
    large_repeats: int = 3,
    seed: int = 1,
) -> BenchReport:
    """Median timings per scenario; scenarios over 1,000 people run `large_repeats` times."""
    results = tuple(
        _bench(s, repeats if s.people <= 1000 else large_repeats, seed) for s in scenarios
    )
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return BenchReport(results, max_rss_mb)


def _bench(scenario: Scenario, repeats: int, seed: int) -> ScenarioResult:
    snapshot = generate_project(
        people=scenario.people,
        tasks=scenario.tasks,
        competencies=scenario.competencies,
        seed=seed,
    )
    timings: dict[str, list[float]] = {"gaps": [], "mesh": [], "departures": []}
    for _ in range(repeats):
        for name, seconds in _run_once(snapshot, scenario.departures).items():
            timings[name].append(seconds)
    tracemalloc.start()
    _run_once(snapshot, scenario.departures)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return ScenarioResult(
        scenario=scenario,
        needs=len(snapshot.needs),
        assignments=len(snapshot.assignments),
        gaps_seconds=statistics.median(timings["gaps"]),
        mesh_seconds=statistics.median(timings["mesh"]),
        departures_seconds=statistics.median(timings["departures"]),
        peak_traced_mb=peak / 2**20,
    )


def _run_once(snapshot: ProjectSnapshot, departures: int | None) -> dict[str, float]:
    # The collector is paused as analyse_gaps and analyse_mesh do.
    with paused_gc():
        start = time.perf_counter()
        model = build_model(snapshot)
        flow = solve_structural(model)
        analyse_gaps(snapshot, model=model, flow=flow)
        gaps_done = time.perf_counter()
        competency_coverage(model)
        task_coverage(model)
        collaboration_network(snapshot)
        mesh_done = time.perf_counter()
        departure_simulation(model, flow, top=departures)
        end = time.perf_counter()
    return {"gaps": gaps_done - start, "mesh": mesh_done - gaps_done, "departures": end - mesh_done}


def format_report(report: BenchReport) -> str:
    lines = []
    for r in report.results:
        s = r.scenario
        who = "everyone" if s.departures is None else f"the {s.departures} costliest"
        departures = f"departures of {who}"
        lines.append(
            f"{s.name}: {s.people} people, {s.tasks} tasks, {s.competencies} competencies, "
            f"{r.needs} needs, {r.assignments} assignments"
        )
        lines.append(f"  {'gaps (both views)':<34}{r.gaps_seconds * 1000:10.1f} ms")
        lines.append(f"  {'mesh (counts, network)':<34}{r.mesh_seconds * 1000:10.1f} ms")
        lines.append(f"  {departures:<34}{r.departures_seconds * 1000:10.1f} ms")
        lines.append(f"  {'total':<34}{r.total_seconds * 1000:10.1f} ms")
        lines.append(f"  {'peak traced memory':<34}{r.peak_traced_mb:10.1f} MB")
    lines.append(f"{'process peak resident size':<36}{report.max_rss_mb:10.1f} MB")
    return "\n".join(lines)
