"""The staffing problem prepared from a snapshot: options, weights, fit, locks and plan values.

Days are integer hundredths of a person-day (`SCALE`), as in the structural flow of
maillage/engine/analysis/flow.py, whose `StaffingModel` this module reuses. See
docs/algorithms/staffing.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from maillage.engine.analysis.findings import Finding, ParamValue, Rule
from maillage.engine.analysis.flow import (
    SCALE,
    IntMatrix,
    StaffingModel,
    build_model,
    solve_structural,
)
from maillage.engine.analysis.gaps import cover
from maillage.engine.snapshot import ProjectSnapshot

ProgressCallback = Callable[[float, str], None]
StopCallback = Callable[[], bool]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class FitWeights:
    """Weights of the objective, in points per person-day unless said otherwise.

    Coverage dominates (a covered day is worth more than the best possible fit of a day), fit
    comes second, fragmentation third. See docs/algorithms/staffing.md.
    """

    coverage: float = 100.0  # per day of need covered
    level_above: float = 2.0  # per day and per level above the need's minimum
    motivation: float = 1.0  # per day and per point of motivation above 1 (scale 1..4)
    legitimacy: float = 1.0  # per day and per point of legitimacy above 1 (scale 1..4)
    lead_organisation: float = 3.0  # per day, the person works for the task's lead organisation
    partner: float = 1.0  # per day, the person works for an organisation of the project
    person_on_task: float = 2.0  # per distinct person on a task (fixed charge)
    small_slice: float = 1.0  # per slice under `small_slice_days` that leaves part of the need
    small_slice_days: float = 1.0


@dataclass(frozen=True, slots=True)
class RemedyCosts:
    """Editable defaults for the cost and lead time of each kind of remedy (euros, months)."""

    training_cost: float = 1500.0  # one upskilling training, per person and competency
    training_lead_months: int = 3
    expert_day_rate: float = 800.0  # external expertise, per day bought
    expert_lead_months: int = 1
    recruitment_yearly_cost_per_fte: float = 50000.0  # salary and charges of a full post
    recruitment_lead_months: int = 4
    working_days_per_month: float = 18.0  # project days a full-time post gives a month
    widening_cost: float = 500.0  # agreement with an organisation outside the project
    widening_lead_months: int = 2
    pooling_day_rate: float = 300.0  # a shared post's days refunded between structures
    pooling_lead_months: int = 1


@dataclass(frozen=True, slots=True)
class StaffingOptions:
    max_people_per_task: int = 6  # K; the time-loss analysis flags tasks above 6 people
    time_limit: float = 60.0  # seconds, for the whole call
    weights: FitWeights = field(default_factory=FitWeights)
    exact_max_variables: int = 2500  # CP-SAT on the exact model up to this many day variables
    exact_time_limit: float = 5.0  # seconds at most for CP-SAT
    remedies: bool = True
    remedy_gaps: int = 5  # remedies for the largest residual gaps only
    remedy_candidates: int = 2  # people tried per kind of remedy and gap
    costs: RemedyCosts = field(default_factory=RemedyCosts)


class StaffingCancelled(Exception):
    """The caller's `should_stop()` returned True."""


class InfeasibleLock(ValueError):
    """A locked assignment cannot be kept; the message names it (French and English)."""

    def __init__(self, code: str, message_fr: str, message_en: str, **params: int | float):
        super().__init__(message_en)
        self.code = code
        self.message_fr = message_fr
        self.message_en = message_en
        self.params = params


@dataclass(frozen=True, slots=True, eq=False)
class Problem:
    """The instance the solvers share: the structural model plus what locks leave free."""

    snapshot: ProjectSnapshot
    options: StaffingOptions
    model: StaffingModel
    need_demand: IntMatrix  # hundredths, need x month, before locks
    demand: IntMatrix  # hundredths, need x month, left after the locked days
    capacity: IntMatrix  # hundredths, person x month, left after the locked days
    locked: dict[tuple[int, int], IntArray]  # (person row, need row) -> hundredths per month
    locked_extra: dict[tuple[int, int], IntArray]  # (person row, task id) -> days not on needs
    locked_people: dict[int, frozenset[int]]  # task id -> person rows locked on it (days > 0)
    fit: dict[int, npt.NDArray[np.float64]]  # need row -> fit per day of each class person
    need_task: tuple[int, ...]
    task_needs: dict[int, tuple[int, ...]]  # task id -> need rows
    relation: dict[tuple[int, int], str]  # (person row, task id) -> lead, partner or other
    assess: dict[tuple[int, int], tuple[int, int, int]]  # (person id, comp.) -> level, mot, leg
    class_arrays: tuple[npt.NDArray[np.int64], ...]  # class row -> qualified person rows
    arc_fit: npt.NDArray[np.float64]  # fit per day without the lead organisation, per model arc
    employers: tuple[frozenset[int], ...]  # person row -> organisation ids
    task_lead: dict[int, int | None]  # task id -> lead organisation id

    @property
    def months(self) -> int:
        return self.model.months

    def fit_of(self, person_row: int, need_row: int) -> float:
        people = self.class_arrays[int(self.model.need_class[need_row])]
        index = int(np.searchsorted(people, person_row))
        return float(self.fit[need_row][index])

    def fit_total(self, plan: Mapping[tuple[int, int], IntArray]) -> float:
        """Sum of days x fit per day over a plan, vectorised per need."""
        rows: dict[int, list[tuple[int, int]]] = {}
        for (p, n), amounts in plan.items():
            rows.setdefault(n, []).append((p, int(amounts.sum())))
        total = 0.0
        for n, pairs in rows.items():
            people = self.class_arrays[int(self.model.need_class[n])]
            who = np.array([p for p, _ in pairs], dtype=np.int64)
            amounts = np.array([a for _, a in pairs], dtype=np.float64)
            total += float((self.fit[n][np.searchsorted(people, who)] * amounts).sum())
        return total / SCALE


def prepare(snapshot: ProjectSnapshot, options: StaffingOptions) -> Problem:
    """Build the structural model, the fit of every qualified person, and apply the locks."""
    model = build_model(snapshot)
    weights = options.weights
    need_demand = np.rint(model.need_demand * SCALE).astype(np.int64)
    row_of = model.person_row()
    people = {p.id: p for p in snapshot.people}
    project_orgs = {o.id for o in snapshot.organisations if o.in_project}
    employers = [{e.organisation_id for e in people[pid].employments} for pid in model.person_ids]
    partner = np.array([bool(e & project_orgs) for e in employers], dtype=np.float64)
    org_rows: dict[int, set[int]] = {}
    for row, orgs in enumerate(employers):
        for org in orgs:
            org_rows.setdefault(org, set()).add(row)

    assess: dict[tuple[int, int], tuple[int, int, int]] = {}
    for a in snapshot.assessments:
        key = (a.person_id, a.competency_id)
        value = (a.level, a.motivation, a.legitimacy)
        if value > assess.get(key, (-1, 0, 0)):
            assess[key] = value

    class_arrays = tuple(np.array(c, dtype=np.int64) for c in model.class_people)
    class_base: list[npt.NDArray[np.float64]] = []
    for k, cls in enumerate(model.classes):
        rows = model.class_people[k]
        values = [assess[(model.person_ids[r], cls.competency_id)] for r in rows]
        base = np.array(
            [
                weights.level_above * (lvl - cls.min_level)
                + weights.motivation * (mot - 1)
                + weights.legitimacy * (leg - 1)
                for lvl, mot, leg in values
            ],
            dtype=np.float64,
        ).reshape(len(rows))
        class_base.append(base + weights.partner * partner[class_arrays[k]])

    width = max((len(e) for e in employers), default=0)
    employer_matrix = np.full((len(employers), max(1, width)), -1, dtype=np.int64)
    for row, orgs in enumerate(employers):
        employer_matrix[row, : len(orgs)] = sorted(orgs)
    tasks = {t.id: t for t in snapshot.tasks}
    lead_of = {tid: t.lead_organisation_id for tid, t in tasks.items()}
    fit: dict[int, npt.NDArray[np.float64]] = {}
    task_needs: dict[int, list[int]] = {}
    for n, task_id in enumerate(model.need_task_ids):
        task_needs.setdefault(task_id, []).append(n)
        k = int(model.need_class[n])
        lead = lead_of.get(task_id)
        need_fit = class_base[k]
        if lead is not None and len(need_fit):
            mask = (employer_matrix[class_arrays[k]] == lead).any(axis=1)
            need_fit = need_fit + weights.lead_organisation * mask
        fit[n] = need_fit

    def relation(row: int, task_id: int) -> str:
        lead = lead_of.get(task_id)
        if lead is not None and lead in employers[row]:
            return "lead"
        return "partner" if partner[row] else "other"

    capacity = model.capacity_int.copy()
    demand = need_demand.copy()
    locked, locked_extra, locked_people, relations = _apply_locks(
        snapshot, options, model, row_of, task_needs, capacity, demand, assess
    )
    relation_map = {key: relation(*key) for key in relations}
    return Problem(
        snapshot=snapshot,
        options=options,
        model=model,
        need_demand=need_demand,
        demand=demand,
        capacity=capacity,
        locked=locked,
        locked_extra=locked_extra,
        locked_people=locked_people,
        fit=fit,
        need_task=model.need_task_ids,
        task_needs={t: tuple(rows) for t, rows in task_needs.items()},
        relation=_RelationMap(relation, relation_map),
        assess=assess,
        class_arrays=class_arrays,
        arc_fit=_arc_fit(model, class_arrays, class_base),
        employers=tuple(frozenset(e) for e in employers),
        task_lead=lead_of,
    )


def _arc_fit(
    model: StaffingModel,
    class_arrays: tuple[npt.NDArray[np.int64], ...],
    class_base: list[npt.NDArray[np.float64]],
) -> npt.NDArray[np.float64]:
    fit = np.zeros(len(model.arc_person), dtype=np.float64)
    for i, (p, k) in enumerate(
        zip(model.arc_person.tolist(), model.arc_class.tolist(), strict=True)
    ):
        fit[i] = class_base[k][int(np.searchsorted(class_arrays[k], p))]
    return fit


class _RelationMap(dict[tuple[int, int], str]):
    """(person row, task id) -> the person's relation to the task's lead organisation, lazily."""

    def __init__(
        self, compute: Callable[[int, int], str], initial: dict[tuple[int, int], str]
    ) -> None:
        super().__init__(initial)
        self._compute = compute

    def __missing__(self, key: tuple[int, int]) -> str:
        value = self._compute(*key)
        self[key] = value
        return value


def _apply_locks(
    snapshot: ProjectSnapshot,
    options: StaffingOptions,
    model: StaffingModel,
    row_of: dict[int, int],
    task_needs: dict[int, list[int]],
    capacity: IntMatrix,
    demand: IntMatrix,
    assess: dict[tuple[int, int], tuple[int, int, int]],
) -> tuple[
    dict[tuple[int, int], IntArray],
    dict[tuple[int, int], IntArray],
    dict[int, frozenset[int]],
    set[tuple[int, int]],
]:
    """Subtract locked days from capacities and needs; raise InfeasibleLock naming the culprit."""
    people = {p.id: p for p in snapshot.people}
    tasks = {t.id: t for t in snapshot.tasks}
    rates: dict[int, dict[int, float]] = {}  # task -> person row -> locked days per month
    first: dict[tuple[int, int], int] = {}  # (task, person row) -> first locked assignment id
    for a in sorted(snapshot.assignments, key=lambda a: a.id):
        if not a.is_locked or a.days_per_month <= 0:
            continue
        person = people.get(a.person_id)
        who = person.name if person else f"#{a.person_id}"
        title = tasks[a.task_id].title if a.task_id in tasks else f"#{a.task_id}"
        ids = {"assignment_id": a.id, "person_id": a.person_id, "task_id": a.task_id}
        if a.person_id not in row_of:
            raise InfeasibleLock(
                "LOCK_PERSON_NOT_IN_PROJECT",
                f"L'affectation verrouillée n° {a.id} de {who} sur « {title} » ne peut pas être "
                f"gardée : {who} ne fait pas partie du projet.",
                f'Locked assignment #{a.id} of {who} on "{title}" cannot be kept: {who} is '
                "not one of the project's people.",
                **ids,
            )
        row = row_of[a.person_id]
        rows = task_needs.get(a.task_id, [])
        if not any(
            assess.get((a.person_id, model.need_competency_ids[n]), (-1, 0, 0))[0]
            >= model.need_min_levels[n]
            for n in rows
        ):
            raise InfeasibleLock(
                "LOCK_PERSON_NOT_QUALIFIED",
                f"L'affectation verrouillée n° {a.id} de {who} sur « {title} » ne peut pas être "
                f"gardée : {who} n'a le niveau requis pour aucun besoin de la tâche.",
                f'Locked assignment #{a.id} of {who} on "{title}" cannot be kept: {who} '
                "does not hold the required level for any need of the task.",
                **ids,
            )
        per_task = rates.setdefault(a.task_id, {})
        per_task[row] = per_task.get(row, 0.0) + a.days_per_month
        first.setdefault((a.task_id, row), a.id)

    k = options.max_people_per_task
    for task_id, per_task in sorted(rates.items()):
        if len(per_task) > k:
            title = tasks[task_id].title if task_id in tasks else f"#{task_id}"
            raise InfeasibleLock(
                "LOCK_TOO_MANY_PEOPLE",
                f"La tâche « {title} » a {len(per_task)} personnes verrouillées, plus que la "
                f"limite de {k} personnes par tâche.",
                f'Task "{title}" has {len(per_task)} locked people, more than the limit of '
                f"{k} people per task.",
                task_id=task_id,
                people=len(per_task),
                limit=k,
            )

    locked: dict[tuple[int, int], IntArray] = {}
    locked_extra: dict[tuple[int, int], IntArray] = {}
    load = np.zeros_like(model.capacity)
    for task_id, per_task in sorted(rates.items()):
        if task_id not in model.task_fractions:
            continue
        fractions = model.task_fractions[task_id]
        rows_n = sorted(
            task_needs.get(task_id, []),
            key=lambda n: (-model.need_min_levels[n], model.need_ids[n]),
        )
        members = sorted(per_task)
        qualified = [
            [
                i
                for i, r in enumerate(members)
                if assess.get((model.person_ids[r], model.need_competency_ids[n]), (-1, 0, 0))[0]
                >= model.need_min_levels[n]
            ]
            for n in rows_n
        ]
        for m, f in enumerate(fractions):
            if f <= 0:
                continue
            supplies = [per_task[r] * f for r in members]
            for r, s in zip(members, supplies, strict=True):
                load[r, m] += s
            # Who covers which need: the split of the mobilised gap, person by person.
            remaining = [float(demand[n, m]) / SCALE for n in rows_n]
            for i, r in enumerate(members):
                own = [[0] if i in q else [] for q in qualified]
                got = cover([supplies[i]], remaining, own)
                for j, n in enumerate(rows_n):
                    amount = min(round(got[j] * SCALE), int(demand[n, m]))
                    if amount > 0:
                        locked.setdefault((r, n), np.zeros(model.months, np.int64))[m] += amount
                        demand[n, m] -= amount
                        remaining[j] = float(demand[n, m]) / SCALE
                extra = round(supplies[i] * SCALE) - int(
                    sum(locked.get((r, n), np.zeros(model.months, np.int64))[m] for n in rows_n)
                )
                if extra > 0:
                    locked_extra.setdefault((r, task_id), np.zeros(model.months, np.int64))[m] += (
                        extra
                    )
    over = load > model.capacity + 1e-6
    if over.any():
        row, m = (int(v) for v in np.argwhere(over)[0])
        pid = model.person_ids[row]
        who = people[pid].name
        task_id = min(t for t, per_task in rates.items() if row in per_task)
        aid = first[(task_id, row)]
        month = snapshot.months[m].strftime("%m/%Y")
        raise InfeasibleLock(
            "LOCK_OVER_CAPACITY",
            f"Les affectations verrouillées de {who} (dont la n° {aid}) demandent "
            f"{load[row, m]:.2f} j en {month}, plus que ses {model.capacity[row, m]:.2f} j "
            "disponibles pour les tâches.",
            f"The locked assignments of {who} (including #{aid}) take {load[row, m]:.2f} days "
            f"in {month}, more than the {model.capacity[row, m]:.2f} days they have for tasks.",
            assignment_id=aid,
            person_id=pid,
            task_id=task_id,
            month=m,
        )
    used = np.rint(load * SCALE).astype(np.int64)
    np.subtract(capacity, np.minimum(used, capacity), out=capacity)
    locked_people = {t: frozenset(per_task) for t, per_task in rates.items()}
    pairs = {(r, t) for t, per_task in rates.items() for r in per_task}
    return locked, locked_extra, locked_people, pairs


def bound_int(problem: Problem) -> tuple[int, IntMatrix]:
    """Proven upper bound (hundredths) on the days any plan keeping the locks covers.

    The structural maximum flow of the class network with the capacity and needs the locks leave,
    plus the locked coverage; also returns the bound per month.
    """
    model = problem.model
    class_demand = np.zeros_like(model.class_demand_int)
    np.add.at(class_demand, model.need_class, problem.demand)
    residual = replace(model, capacity_int=problem.capacity, class_demand_int=class_demand)
    flow = solve_structural(residual)
    per_month = flow.class_flow.sum(axis=0)
    for amounts in problem.locked.values():
        per_month = per_month + amounts
    return int(per_month.sum()), per_month


Plan = dict[tuple[int, int], IntArray]  # (person row, need row) -> hundredths per month


@dataclass(frozen=True, slots=True)
class PlanValue:
    """What a plan achieves: covered days (hundredths) and the terms of the objective."""

    covered_int: int
    fit: float  # sum of days * fit per day
    people_on_tasks: int  # distinct (person, task) pairs with days, locked ones included
    small_slices: int  # (person, need, month) slices under the small-slice threshold
    score: float

    @property
    def covered(self) -> float:
        return self.covered_int / SCALE


def evaluate(problem: Problem, plan: Plan) -> PlanValue:
    """Covered days, fit, people per task and small slices of the plan plus the locked days."""
    weights = problem.options.weights
    small = weights.small_slice_days * SCALE
    covered = sum(int(v.sum()) for v in plan.values()) + sum(
        int(v.sum()) for v in problem.locked.values()
    )
    fit = problem.fit_total(plan) + problem.fit_total(problem.locked)
    pairs: set[tuple[int, int]] = set()
    slices = 0
    need_task = problem.need_task
    if plan:
        keys = list(plan)
        matrix = np.stack([plan[key] for key in keys])
        need_rows = np.array([n for _, n in keys], dtype=np.int64)
        threshold = np.minimum(small, problem.need_demand[need_rows])
        slices = int(((matrix > 0) & (matrix < threshold)).sum())
        used = matrix.sum(axis=1) > 0
        pairs = {(p, need_task[n]) for (p, n), u in zip(keys, used.tolist(), strict=True) if u}
    for task_id, rows in problem.locked_people.items():
        pairs.update((r, task_id) for r in rows)
    score = (
        weights.coverage * covered / SCALE
        + fit
        - weights.person_on_task * len(pairs)
        - weights.small_slice * slices
    )
    return PlanValue(covered, fit, len(pairs), slices, score)


def make_finding(
    rule: Rule,
    object_id: int,
    params: Mapping[str, ParamValue],
    month: datetime.date | None = None,
) -> Finding:
    """`rule.finding` with the parameters as a mapping (typed; no clash with its keywords)."""
    return Finding(
        code=rule.code,
        severity=rule.severity,
        object_kind=rule.object_kind,
        object_id=object_id,
        month=month,
        params=tuple(sorted(params.items())),
        template_fr=rule.template_fr,
        template_en=rule.template_en,
    )
