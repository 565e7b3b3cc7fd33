"""Timings and quality of the staffing optimiser on generated projects (`maillage bench staff`).

For the typical and the large project: solve time (median of several runs), covered days (the
objective), the proven bound, the gap, the greedy baseline's covered days and its ratio to the
bound, and peak memory (tracemalloc: Python and NumPy; the process's peak resident size, which
includes the solvers' C++ memory, beside it).
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from dataclasses import dataclass, replace

from maillage.engine.generate import generate_project
from maillage.engine.staffing.greedy import greedy_plan
from maillage.engine.staffing.model import StaffingOptions, evaluate
from maillage.engine.staffing.solver import solve


@dataclass(frozen=True, slots=True)
class StaffScenario:
    name: str
    people: int
    tasks: int
    competencies: int
    repeats: int


TYPICAL = StaffScenario("typical", 200, 300, 60, 5)
LARGE = StaffScenario("large", 5000, 20000, 300, 1)


@dataclass(frozen=True, slots=True)
class StaffFigures:
    scenario: StaffScenario
    needs: int
    seconds: float  # median solve time (plan, bound, no remedies)
    objective: float  # covered person-days
    bound: float
    greedy_seconds: float
    greedy_objective: float
    people_on_tasks: int
    greedy_people_on_tasks: int
    method: str
    peak_traced_mb: float

    @property
    def gap_percent(self) -> float:
        return 100.0 * (1 - self.objective / self.bound) if self.bound else 0.0

    @property
    def greedy_ratio(self) -> float:
        return self.greedy_objective / self.bound if self.bound else 1.0


@dataclass(frozen=True, slots=True)
class StaffBench:
    results: tuple[StaffFigures, ...]
    max_rss_mb: float


def bench_staffing(
    *,
    scenarios: tuple[StaffScenario, ...] = (TYPICAL, LARGE),
    seed: int = 1,
    options: StaffingOptions | None = None,
    memory: bool = True,
) -> StaffBench:
    options = replace(options or StaffingOptions(), remedies=False)
    results = []
    for scenario in scenarios:
        snapshot = generate_project(
            people=scenario.people,
            tasks=scenario.tasks,
            competencies=scenario.competencies,
            seed=seed,
        )
        times = []
        for _ in range(max(1, scenario.repeats)):
            start = time.perf_counter()
            solved = solve(snapshot, options)
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        greedy = evaluate(solved.problem, greedy_plan(solved.problem))
        greedy_seconds = time.perf_counter() - start
        peak = 0.0
        if memory and scenario.people <= 1000:  # tracemalloc doubles the large one's time
            tracemalloc.start()
            solve(snapshot, options)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        results.append(
            StaffFigures(
                scenario=scenario,
                needs=len(snapshot.needs),
                seconds=statistics.median(times),
                objective=solved.value.covered,
                bound=solved.bound_int / 100,
                greedy_seconds=greedy_seconds,
                greedy_objective=greedy.covered,
                people_on_tasks=solved.value.people_on_tasks,
                greedy_people_on_tasks=greedy.people_on_tasks,
                method=solved.method,
                peak_traced_mb=peak,
            )
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return StaffBench(tuple(results), rss)


def format_report(bench: StaffBench) -> str:
    lines = []
    for r in bench.results:
        s = r.scenario
        lines.append(
            f"{s.name}: {s.people} people, {s.tasks} tasks, {s.competencies} competencies, "
            f"{r.needs} needs ({r.method})"
        )
        lines.append(f"  {'solve time (median)':<30}{r.seconds:12.2f} s")
        lines.append(f"  {'objective (days covered)':<30}{r.objective:12.2f}")
        lines.append(f"  {'proven bound (days)':<30}{r.bound:12.2f}")
        lines.append(f"  {'gap to the bound':<30}{r.gap_percent:12.2f} %")
        lines.append(f"  {'people on tasks':<30}{r.people_on_tasks:12d}")
        lines.append(
            f"  {'greedy baseline (days)':<30}{r.greedy_objective:12.2f}"
            f"  ({100 * r.greedy_ratio:.1f} % of the bound, {r.greedy_seconds:.2f} s)"
        )
        if r.peak_traced_mb:
            lines.append(f"  {'peak traced memory':<30}{r.peak_traced_mb:12.1f} MB")
    lines.append(f"{'process peak resident size':<32}{bench.max_rss_mb:12.1f} MB")
    return "\n".join(lines)
