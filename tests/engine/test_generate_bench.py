"""The analysis benchmark runs end to end on a small generated project (no timing asserted)."""

from __future__ import annotations

from maillage.engine.bench import Scenario, bench_analysis, format_report


def test_the_benchmark_reports_every_step_of_each_scenario():
    tiny = Scenario("tiny", people=20, tasks=30, competencies=5, target_seconds=1.0, departures=3)
    report = bench_analysis(scenarios=(tiny,), repeats=1)
    (result,) = report.results
    assert result.scenario is tiny
    assert result.needs > 0 and result.assignments > 0
    assert result.gaps_seconds > 0 and result.mesh_seconds > 0
    assert result.peak_traced_mb > 0
    text = format_report(report)
    assert "tiny: 20 people, 30 tasks" in text
    assert "departures of the 3 costliest" in text
