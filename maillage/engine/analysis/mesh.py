"""Fragility of the mesh: how many people can meet each need, who the project cannot lose, and
who links the organisations together. See docs/algorithms/analysis.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from maillage.engine.analysis.flow import (
    SCALE,
    StaffingModel,
    StructuralFlow,
    build_model,
    departure_losses,
    paused_gc,
    solve_structural,
)
from maillage.engine.snapshot import ProjectSnapshot

# Responsibilities that link a person to the others on a task; "informed" people only read.
LINKING_RESPONSIBILITIES = frozenset({"lead", "contributor", "consulted"})


@dataclass(frozen=True, slots=True)
class CompetencyCoverage:
    """Project people holding a competency at least at a level some need asks for."""

    competency_id: int
    min_level: int
    person_ids: tuple[int, ...]
    need_count: int
    days: float  # total need of this class over the horizon

    @property
    def qualified_people(self) -> int:
        return len(self.person_ids)

    @property
    def single_point_of_failure(self) -> bool:
        return len(self.person_ids) == 1


@dataclass(frozen=True, slots=True)
class TaskCoverage:
    """How many project people could meet a task's needs.

    `qualified_for_all`: people qualified for every need of the task (could carry it alone);
    `qualified_for_any`: people qualified for at least one need; `weakest_need`: the smallest
    number of qualified people over the task's needs (1: a single point of failure).
    """

    task_id: int
    need_count: int
    qualified_for_all: int
    qualified_for_any: int
    weakest_need: int

    @property
    def single_point_of_failure(self) -> bool:
        return self.weakest_need == 1


@dataclass(frozen=True, slots=True)
class Departure:
    """How much the structural gap over the horizon grows (days) if the person leaves."""

    person_id: int
    gap_increase: float
    flow_through: float  # the person's days in the maximum flow: an upper bound


@dataclass(frozen=True, slots=True)
class Link:
    person_a: int
    person_b: int
    shared_tasks: int
    shared_bodies: int

    @property
    def weight(self) -> int:
        return self.shared_tasks + self.shared_bodies


@dataclass(frozen=True, slots=True)
class PersonLinks:
    """A person's place in the collaboration network."""

    person_id: int
    organisation_ids: tuple[int, ...]  # their own employers
    degree: int  # people they are linked to
    weight: int  # sum of their links' weights
    linked_organisation_ids: tuple[int, ...]  # other organisations their links belong to
    is_articulation_point: bool  # removing them splits their part of the network

    @property
    def organisations_spanned(self) -> int:
        return len(self.linked_organisation_ids)


@dataclass(frozen=True, slots=True)
class CollaborationNetwork:
    links: tuple[Link, ...]
    people: tuple[PersonLinks, ...]
    components: int
    bridges: tuple[int, ...]  # person ids linked to two or more other organisations, ranked

    def of(self, person_id: int) -> PersonLinks | None:
        return next((p for p in self.people if p.person_id == person_id), None)


@dataclass(frozen=True, slots=True)
class MeshAnalysis:
    competencies: tuple[CompetencyCoverage, ...]
    tasks: tuple[TaskCoverage, ...]
    departures: tuple[Departure, ...]
    network: CollaborationNetwork

    @property
    def single_points_of_failure(self) -> tuple[CompetencyCoverage, ...]:
        return tuple(c for c in self.competencies if c.single_point_of_failure)


def analyse_mesh(
    snapshot: ProjectSnapshot,
    *,
    model: StaffingModel | None = None,
    flow: StructuralFlow | None = None,
    top: int | None = None,
) -> MeshAnalysis:
    with paused_gc():
        model = model or build_model(snapshot)
        flow = flow or solve_structural(model)
        return MeshAnalysis(
            competencies=competency_coverage(model),
            tasks=task_coverage(model),
            departures=departure_simulation(model, flow, top=top),
            network=collaboration_network(snapshot),
        )


def competency_coverage(model: StaffingModel) -> tuple[CompetencyCoverage, ...]:
    counts = np.bincount(model.need_class, minlength=len(model.classes)).tolist()
    days = model.class_demand.sum(axis=1).tolist()
    return tuple(
        CompetencyCoverage(
            competency_id=cls.competency_id,
            min_level=cls.min_level,
            person_ids=tuple(model.person_ids[r] for r in model.class_people[row]),
            need_count=counts[row],
            days=days[row],
        )
        for row, cls in enumerate(model.classes)
    )


def task_coverage(model: StaffingModel) -> tuple[TaskCoverage, ...]:
    """Counts from bit sets of each class's qualified people (AND for all, OR for any)."""
    classes_of_task: dict[int, list[int]] = {}
    for n, task_id in enumerate(model.need_task_ids):
        classes_of_task.setdefault(task_id, []).append(int(model.need_class[n]))
    qualified = np.zeros((len(model.classes), len(model.person_ids)), dtype=np.bool_)
    for c, rows in enumerate(model.class_people):
        qualified[c, list(rows)] = True
    bits = np.packbits(qualified, axis=1)
    sizes = [len(rows) for rows in model.class_people]
    by_arity: dict[int, list[int]] = {}
    for task_id, classes in classes_of_task.items():
        by_arity.setdefault(len(classes), []).append(task_id)
    counts: dict[int, tuple[int, int]] = {}
    for task_ids in by_arity.values():
        for first in range(0, len(task_ids), _CHUNK):
            chunk = task_ids[first : first + _CHUNK]
            index = np.array([classes_of_task[t] for t in chunk], dtype=np.int64)
            stacked = bits[index]  # task x need x packed people
            all_counts = np.bitwise_count(np.bitwise_and.reduce(stacked, axis=1)).sum(axis=1)
            any_counts = np.bitwise_count(np.bitwise_or.reduce(stacked, axis=1)).sum(axis=1)
            for t, a, b in zip(chunk, all_counts.tolist(), any_counts.tolist(), strict=True):
                counts[t] = (a, b)
    return tuple(
        TaskCoverage(
            task_id,
            len(classes_of_task[task_id]),
            counts[task_id][0],
            counts[task_id][1],
            min(sizes[c] for c in classes_of_task[task_id]),
        )
        for task_id in sorted(classes_of_task)
    )


_CHUNK = 4096  # tasks per vectorised batch, to bound memory


def departure_simulation(
    model: StaffingModel, flow: StructuralFlow, *, top: int | None = None
) -> tuple[Departure, ...]:
    """The `top` departures that increase the structural gap most (everyone when None)."""
    return tuple(
        Departure(model.person_ids[d.person_row], d.loss / SCALE, d.bound / SCALE)
        for d in departure_losses(model, flow, top=top)
    )


def collaboration_network(snapshot: ProjectSnapshot) -> CollaborationNetwork:
    """People linked by the tasks and the governance bodies they share."""
    task_members: dict[int, set[int]] = {}
    for a in snapshot.assignments:
        if a.responsibility in LINKING_RESPONSIBILITIES:
            task_members.setdefault(a.task_id, set()).add(a.person_id)
    shared_tasks: Counter[tuple[int, int]] = Counter()
    for members in task_members.values():
        shared_tasks.update(combinations(sorted(members), 2))
    shared_bodies: Counter[tuple[int, int]] = Counter()
    for body in snapshot.bodies:
        members = set(body.member_ids)
        if body.animator_id is not None:
            members.add(body.animator_id)
        shared_bodies.update(combinations(sorted(members), 2))
    pairs = sorted(set(shared_tasks) | set(shared_bodies))
    links = tuple(Link(a, b, shared_tasks[(a, b)], shared_bodies[(a, b)]) for a, b in pairs)

    neighbours: dict[int, list[int]] = {}
    weights: Counter[int] = Counter()
    for link in links:
        neighbours.setdefault(link.person_a, []).append(link.person_b)
        neighbours.setdefault(link.person_b, []).append(link.person_a)
        weights[link.person_a] += link.weight
        weights[link.person_b] += link.weight
    employers = {
        p.id: tuple(sorted({e.organisation_id for e in p.employments})) for p in snapshot.people
    }
    articulation, components = _articulation_points(neighbours)
    people = []
    for pid in sorted(neighbours):
        own = employers.get(pid, ())
        linked = {o for q in neighbours[pid] for o in employers.get(q, ())} - set(own)
        people.append(
            PersonLinks(
                person_id=pid,
                organisation_ids=own,
                degree=len(neighbours[pid]),
                weight=weights[pid],
                linked_organisation_ids=tuple(sorted(linked)),
                is_articulation_point=pid in articulation,
            )
        )
    ranked = sorted(
        (p for p in people if p.organisations_spanned >= 2),
        key=lambda p: (
            -p.organisations_spanned,
            not p.is_articulation_point,
            -p.weight,
            p.person_id,
        ),
    )
    return CollaborationNetwork(
        links=links,
        people=tuple(people),
        components=components,
        bridges=tuple(p.person_id for p in ranked),
    )


def _articulation_points(neighbours: dict[int, list[int]]) -> tuple[set[int], int]:
    """Articulation points (Hopcroft-Tarjan, iterative) and the number of components."""
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    points: set[int] = set()
    components = 0
    for root in sorted(neighbours):
        if root in order:
            continue
        components += 1
        order[root] = low[root] = len(order)
        root_children = 0
        stack: list[tuple[int, int | None, int]] = [(root, None, 0)]  # node, parent, next neighbour
        while stack:
            node, parent, index = stack[-1]
            adjacent = neighbours[node]
            if index < len(adjacent):
                stack[-1] = (node, parent, index + 1)
                nxt = adjacent[index]
                if nxt == parent:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = len(order)
                    stack.append((nxt, node, 0))
                    if node == root:
                        root_children += 1
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[node])
                if parent != root and low[node] >= order[parent]:
                    points.add(parent)
        if root_children >= 2:
            points.add(root)
    return points, components
