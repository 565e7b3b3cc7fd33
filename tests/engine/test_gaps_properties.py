"""Properties of the two gap views on random small projects, checked against brute force."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.engine.analysis.gaps import analyse_gaps, cover
from maillage.engine.snapshot import Assessment, Assignment, Need, ProjectSnapshot
from tests.engine.conftest import person, snapshot, task

TOLERANCE = 0.02  # the solver works in hundredths of a day


@st.composite
def projects(draw: st.DrawFn) -> ProjectSnapshot:
    n_people = draw(st.integers(1, 5))
    n_tasks = draw(st.integers(1, 3))
    people = [
        person(pid, availability=tuple(draw(st.lists(st.integers(0, 6), min_size=12, max_size=12))))
        for pid in range(1, n_people + 1)
    ]
    assessments = [
        Assessment(pid, comp, level, 3, 3)
        for pid in range(1, n_people + 1)
        for comp, level in draw(st.dictionaries(st.integers(1, 3), st.integers(1, 3))).items()
    ]
    needs = []
    for tid in range(1, n_tasks + 1):
        for comp, (level, days) in draw(
            st.dictionaries(
                st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(0, 5)), max_size=3
            )
        ).items():
            needs.append(Need(len(needs) + 1, tid, comp, level, float(days)))
    assignments = [
        Assignment(i + 1, tid, pid, "contributor", float(days))
        for i, (tid, pid, days) in enumerate(
            draw(
                st.lists(
                    st.tuples(st.integers(1, n_tasks), st.integers(1, n_people), st.integers(0, 4)),
                    max_size=6,
                    unique_by=lambda x: (x[0], x[1]),
                )
            )
        )
    ]
    return snapshot(
        people=people,
        assessments=assessments,
        tasks=[task(t) for t in range(1, n_tasks + 1)],
        needs=needs,
        assignments=assignments,
    )


def hall_max_flow(project: ProjectSnapshot, month: int) -> float:
    """Maximum flow by the min-cut formula over every set of need classes (tiny cases only)."""
    demand: dict[tuple[int, int], float] = {}
    for n in project.needs:
        key = (n.competency_id, n.min_level)
        demand[key] = demand.get(key, 0.0) + n.days_per_month
    level = {(a.person_id, a.competency_id): a.level for a in project.assessments}
    classes = sorted(demand)
    best = float("inf")
    for size in range(len(classes) + 1):
        for chosen in combinations(classes, size):
            outside = sum(demand[c] for c in classes if c not in chosen)
            helpers = sum(
                p.availability[month]
                for p in project.people
                if p.in_project and any(level.get((p.id, comp), 0) >= lvl for comp, lvl in chosen)
            )
            best = min(best, outside + helpers)
    return best


@settings(max_examples=60, deadline=None)
@given(projects())
def test_structural_gap_is_total_need_minus_the_maximum_flow(project):
    gaps = analyse_gaps(project).structural
    for month in (0, 5, 11):
        need = sum(n.days_per_month for n in project.needs)
        expected = need - hall_max_flow(project, month)
        assert gaps.by_month.gap[month] == pytest.approx(expected, abs=TOLERANCE)


@settings(max_examples=60, deadline=None)
@given(projects(), st.dictionaries(st.integers(1, 3), st.integers(1, 3)), st.integers(0, 6))
def test_adding_a_person_never_increases_the_structural_gap(project, holdings, days):
    newcomer = person(99, float(days))
    bigger = replace(
        project,
        people=(*project.people, newcomer),
        assessments=(
            *project.assessments,
            *(Assessment(99, c, lvl, 3, 3) for c, lvl in holdings.items()),
        ),
    )
    before = analyse_gaps(project).structural.by_month.gap
    after = analyse_gaps(bigger).structural.by_month.gap
    assert all(a <= b + TOLERANCE for a, b in zip(after, before, strict=True))


@settings(max_examples=60, deadline=None)
@given(projects(), st.integers(0, 8))
def test_removing_a_need_never_increases_the_structural_gap(project, which):
    if not project.needs:
        return
    dropped = project.needs[which % len(project.needs)]
    smaller = replace(project, needs=tuple(n for n in project.needs if n != dropped))
    before = analyse_gaps(project).structural.by_month.gap
    after = analyse_gaps(smaller).structural.by_month.gap
    assert all(a <= b + TOLERANCE for a, b in zip(after, before, strict=True))


@settings(max_examples=80, deadline=None)
@given(projects())
def test_structural_gap_never_exceeds_the_mobilised_gap(project):
    gaps = analyse_gaps(project)
    for structural, mobilised in zip(
        gaps.structural.by_month.gap, gaps.mobilised.by_month.gap, strict=True
    ):
        assert structural <= mobilised + TOLERANCE
    for view in (gaps.structural, gaps.mobilised):
        for row in view.by_need:
            for need, covered in zip(row.need, row.covered, strict=True):
                assert -1e-9 <= covered <= need + 1e-9


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=4),
    st.lists(st.integers(0, 5), min_size=1, max_size=4),
    st.data(),
)
def test_cover_reaches_the_maximum_flow(supplies, demands, data):
    qualified = [sorted(data.draw(st.sets(st.integers(0, len(supplies) - 1)))) for _ in demands]
    covered = cover([float(s) for s in supplies], [float(d) for d in demands], qualified)
    best = min(
        sum(d for i, d in enumerate(demands) if i not in chosen)
        + sum(s for j, s in enumerate(supplies) if any(j in qualified[i] for i in chosen))
        for size in range(len(demands) + 1)
        for chosen in combinations(range(len(demands)), size)
    )
    assert sum(covered) == pytest.approx(best)
    assert all(0 <= c <= d + 1e-9 for c, d in zip(covered, demands, strict=True))


def test_people_outside_the_project_never_reduce_the_structural_gap():
    base = snapshot(
        people=[person(1, 1.0), person(2, 9.0, in_project=False)],
        assessments=[Assessment(1, 1, 2, 3, 3), Assessment(2, 1, 4, 3, 3)],
        tasks=[task(1)],
        needs=[Need(1, 1, 1, 1, 3.0)],
    )
    assert analyse_gaps(base).structural.by_month.gap == pytest.approx((2.0,) * 12)
    inside = replace(base, people=(base.people[0], replace(base.people[1], in_project=True)))
    assert analyse_gaps(inside).structural.total_gap == pytest.approx(0.0)
