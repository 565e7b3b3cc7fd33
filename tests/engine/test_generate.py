"""The synthetic project generator: deterministic, shaped like a real PAT, duplicates planted."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from maillage.engine.generate import generate_project, generate_project_with_truth
from maillage.engine.timeline import task_month_fractions


@pytest.fixture(scope="module")
def generated():
    return generate_project_with_truth(people=200, tasks=300, competencies=60, seed=5)


def test_the_same_seed_gives_the_same_project():
    first = generate_project(people=60, tasks=80, competencies=20, seed=42)
    again = generate_project(people=60, tasks=80, competencies=20, seed=42)
    other = generate_project(people=60, tasks=80, competencies=20, seed=43)
    assert first == again
    assert first != other


def test_sizes_follow_the_request(generated):
    project, _ = generated
    assert len(project.people) == 200
    assert len(project.tasks) == 300
    assert len(project.competencies) == 60
    assert len(project.months) == 12
    assert 20 <= len(project.organisations) <= 30  # about one per eight people


def test_territories_nest_region_departements_epcis_communes(generated):
    project, _ = generated
    by_id = {t.id: t for t in project.territories}
    levels = Counter(t.level for t in project.territories)
    assert levels["region"] == 1
    assert 2 <= levels["departement"] <= 3
    assert levels["epci"] >= 3 and levels["commune"] >= 8
    parent_level = {"departement": "region", "epci": "departement", "commune": "epci"}
    for territory in project.territories:
        if territory.level != "region":
            assert by_id[territory.parent_id].level == parent_level[territory.level]


def test_people_are_of_mixed_kinds_with_one_or_two_employments(generated):
    project, _ = generated
    kinds = Counter(p.kind for p in project.people)
    assert set(kinds) == {"agent", "technician", "elected", "partner", "volunteer"}
    assert all(1 <= len(p.employments) <= 2 for p in project.people)
    assert any(len(p.employments) == 2 for p in project.people)
    outside = [p for p in project.people if not p.in_project]
    assert outside and len(outside) < len(project.people) / 3
    orgs = {o.id: o for o in project.organisations}
    assert all(not orgs[p.employments[0].organisation_id].in_project for p in outside)


def test_availability_is_a_few_days_a_month_and_lower_in_august(generated):
    project, _ = generated
    august = [m.month for m in project.months].index(8)
    for p in project.people:
        assert len(p.availability) == 12
        assert all(0 <= days <= 19 for days in p.availability)
        assert p.availability[august] < min(d for i, d in enumerate(p.availability) if i != august)
    typical = sorted(sum(p.availability) / 12 for p in project.people)[len(project.people) // 2]
    assert 1 <= typical <= 6


def test_competency_levels_are_skewed_towards_the_bottom(generated):
    project, _ = generated
    levels = Counter(a.level for a in project.assessments)
    assert levels[1] + levels[2] > 2 * (levels[3] + levels[4])
    held = Counter(a.person_id for a in project.assessments)
    assert all(2 <= n <= 7 for n in held.values())


def test_tasks_sit_inside_the_horizon_and_their_parent(generated):
    project, _ = generated
    tasks = {t.id: t for t in project.tasks}
    first, last = project.months[0], project.months[-1]
    assert any(t.parent_id for t in project.tasks)
    for t in project.tasks:
        assert first <= t.start <= t.end
        assert t.end.replace(day=1) <= last
        assert sum(task_month_fractions(t, project.months)) > 0
        if t.parent_id is not None:
            parent = tasks[t.parent_id]
            assert parent.start <= t.start and t.end <= parent.end
    assert len({t.axis_id for t in project.tasks}) == 6
    assert {s.status for s in project.steps} <= {"draft", "submitted", "validated"}


def test_needs_assignments_and_bodies_are_plausible(generated):
    project, _ = generated
    per_task = Counter(n.task_id for n in project.needs)
    assert all(1 <= count <= 3 for count in per_task.values())
    pairs = [(n.task_id, n.competency_id) for n in project.needs]
    assert len(pairs) == len(set(pairs))
    leads = {a.task_id for a in project.assignments if a.responsibility == "lead"}
    assert 0.7 * len(project.tasks) <= len(leads) < len(project.tasks)
    in_project = {p.id for p in project.people if p.in_project}
    assert all(a.person_id in in_project for a in project.assignments)
    kinds = {b.kind for b in project.bodies}
    assert {"copil", "cotech", "working_group"} <= kinds
    (copil,) = [b for b in project.bodies if b.kind == "copil"]
    people = {p.id: p for p in project.people}
    assert sum(people[m].kind == "elected" for m in copil.member_ids) >= 6


def _normalised_words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFD", text.lower())
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn")
    return set(re.findall(r"[a-z0-9]+", plain))


def test_planted_duplicates_are_variants_of_their_original(generated):
    project, truth = generated
    tasks = {t.id: t for t in project.tasks}
    assert len(truth.duplicate_task_pairs) >= 10
    planted = {task for pair in truth.duplicate_task_pairs for task in pair}
    assert len(planted) == 2 * len(truth.duplicate_task_pairs)  # each task in one pair at most
    for original, copy in truth.duplicate_task_pairs:
        a, b = tasks[original], tasks[copy]
        assert a.title != b.title
        words_a, words_b = _normalised_words(a.title), _normalised_words(b.title)
        assert len(words_a & words_b) / len(words_a | words_b) >= 0.6


def test_other_titles_are_distinct_and_read_as_french(generated):
    project, truth = generated
    copies = {copy for _, copy in truth.duplicate_task_pairs}
    titles = [t.title for t in project.tasks if t.id not in copies]
    assert len(set(titles)) == len(titles)
    for title in titles:
        assert " de le " not in title and " à le " not in title
        assert not re.search(r"\bde [AEIOUÉaeioué]", title)
