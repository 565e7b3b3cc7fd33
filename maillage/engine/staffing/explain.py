"""Why each proposed assignment, why each need left uncovered: reason codes with parameters and
French and English messages (the analysis findings' machinery, rendered on use)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from maillage.engine.analysis.findings import Finding, ParamValue, Rule
from maillage.engine.analysis.flow import SCALE
from maillage.engine.staffing.model import IntArray, Plan, Problem, make_finding

_ASSIGNED_FR = (
    "{person} : niveau {level} en « {competency} » (minimum demandé {min_level}), motivation "
    "{motivation}/4, légitimité {legitimacy}/4 ; {days} j proposés sur {available} j "
    "disponibles pour les tâches pendant « {task} »"
)
_ASSIGNED_EN = (
    '{person}: level {level} in "{competency}" (minimum {min_level}), motivation '
    "{motivation}/4, legitimacy {legitimacy}/4; {days} days proposed out of {available} days "
    'available for tasks during "{task}"'
)
_PARAMS = (
    "person",
    "task",
    "competency",
    "level",
    "min_level",
    "motivation",
    "legitimacy",
    "days",
    "available",
    "organisation",
)

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "STAFF_ASSIGNED_LEAD_ORGANISATION",
            "info",
            "need",
            "Proposed: a qualified person of the task's lead organisation.",
            _ASSIGNED_FR + " ; de {organisation}, cheffe de file de la tâche.",
            _ASSIGNED_EN + "; from {organisation}, the task's lead organisation.",
            _PARAMS,
        ),
        Rule(
            "STAFF_ASSIGNED_PARTNER",
            "info",
            "need",
            "Proposed: a qualified person of a partner organisation of the project.",
            _ASSIGNED_FR + " ; de {organisation}, partenaire du projet.",
            _ASSIGNED_EN + "; from {organisation}, a partner of the project.",
            _PARAMS,
        ),
        Rule(
            "STAFF_ASSIGNED",
            "info",
            "need",
            "Proposed: a qualified person with time (no organisation of the project).",
            _ASSIGNED_FR + ".",
            _ASSIGNED_EN + ".",
            _PARAMS,
        ),
        Rule(
            "STAFF_LOCKED",
            "info",
            "need",
            "A locked assignment, kept as it is.",
            "{person} : affectation verrouillée sur « {task} », gardée telle quelle ({days} j "
            "sur « {competency} »).",
            '{person}: locked assignment on "{task}", kept as it is ({days} days on '
            '"{competency}").',
            ("person", "task", "competency", "days"),
        ),
        Rule(
            "STAFF_UNMET_NO_QUALIFIED",
            "warning",
            "need",
            "Nobody in the project holds the competency at the level the need asks for.",
            "{days} j de « {competency} » niveau {min_level} non couverts en {month} sur "
            "« {task} » : personne dans le projet n'a ce niveau ({outside} personne(s) de "
            "l'annuaire hors projet l'ont).",
            '{days} days of "{competency}" level {min_level} uncovered in {month} on '
            '"{task}": nobody in the project holds that level ({outside} people of the '
            "directory outside the project do).",
            ("days", "competency", "min_level", "task", "outside"),
        ),
        Rule(
            "STAFF_UNMET_NO_TIME",
            "warning",
            "need",
            "Every qualified person's time that month is already used.",
            "{days} j de « {competency} » niveau {min_level} non couverts en {month} sur "
            "« {task} » : les {qualified} personnes qualifiées n'ont plus de temps ce mois-là.",
            '{days} days of "{competency}" level {min_level} uncovered in {month} on '
            '"{task}": the {qualified} qualified people have no time left that month.',
            ("days", "competency", "min_level", "task", "qualified"),
        ),
        Rule(
            "STAFF_UNMET_PEOPLE_LIMIT",
            "warning",
            "need",
            "Qualified people have time, but the task already has K people.",
            "{days} j de « {competency} » niveau {min_level} non couverts en {month} sur "
            "« {task} » : {free} personne(s) qualifiée(s) ont du temps, mais la tâche a déjà "
            "{people} personnes (limite {limit}).",
            '{days} days of "{competency}" level {min_level} uncovered in {month} on '
            '"{task}": {free} qualified people have time, but the task already has {people} '
            "people (limit {limit}).",
            ("days", "competency", "min_level", "task", "free", "people", "limit"),
        ),
        Rule(
            "STAFF_UNMET_LOCKED",
            "warning",
            "need",
            "The only qualified people with time are locked on the task at a fixed rate.",
            "{days} j de « {competency} » niveau {min_level} non couverts en {month} sur "
            "« {task} » : les personnes qualifiées qui ont du temps sont verrouillées sur la "
            "tâche à un rythme fixé.",
            '{days} days of "{competency}" level {min_level} uncovered in {month} on '
            '"{task}": the qualified people with time are locked on the task at a fixed rate.',
            ("days", "competency", "min_level", "task"),
        ),
        Rule(
            "STAFF_UNMET_NOT_PLANNED",
            "warning",
            "need",
            "Qualified people could still give time: the plan stopped before (time limit).",
            "{days} j de « {competency} » niveau {min_level} non couverts en {month} sur "
            "« {task} » : {free} personne(s) qualifiée(s) ont encore du temps (plan arrêté par "
            "la limite de temps).",
            '{days} days of "{competency}" level {min_level} uncovered in {month} on '
            '"{task}": {free} qualified people still have time (the plan stopped at the time '
            "limit).",
            ("days", "competency", "min_level", "task", "free"),
        ),
    )
}


class Explainer:
    """Builds the explanations of one plan; names come from the snapshot."""

    def __init__(self, problem: Problem, plan: Plan) -> None:
        snapshot = problem.snapshot
        self.problem = problem
        self.people = {p.id: p for p in snapshot.people}
        self.tasks = {t.id: t for t in snapshot.tasks}
        self.competencies = {c.id: c for c in snapshot.competencies}
        self.organisations = {o.id: o for o in snapshot.organisations}
        self.months_of: dict[int, npt.NDArray[np.int64]] = {}
        self.spare = problem.capacity.copy()
        for (p, _), amounts in plan.items():
            self.spare[p] -= amounts
        self.on_task: dict[int, set[int]] = {
            t: set(rows) for t, rows in problem.locked_people.items()
        }
        for (p, n), amounts in plan.items():
            if amounts.any():
                self.on_task.setdefault(problem.need_task[n], set()).add(p)

    def _names(self, n: int) -> tuple[str, str, int, int]:
        model = self.problem.model
        cid = model.need_competency_ids[n]
        task_id = model.need_task_ids[n]
        competency = self.competencies.get(cid)
        task = self.tasks.get(task_id)
        return (
            competency.name if competency else f"#{cid}",
            task.title if task else f"#{task_id}",
            cid,
            task_id,
        )

    def assignment(self, p: int, n: int, amounts: IntArray, *, locked: bool) -> Finding:
        problem, model = self.problem, self.problem.model
        pid = model.person_ids[p]
        person = self.people[pid]
        competency, task, cid, task_id = self._names(n)
        days = int(amounts.sum()) / SCALE
        need_id = model.need_ids[n]
        if locked:
            return RULES["STAFF_LOCKED"].finding(
                need_id, person=person.name, task=task, competency=competency, days=days
            )
        level, motivation, legitimacy = problem.assess[(pid, cid)]
        months = self.months_of.get(n)
        if months is None:
            months = self.months_of[n] = np.flatnonzero(problem.need_demand[n] > 0)
        available = float(model.capacity[p, months].sum())
        relation = problem.relation[(p, task_id)]
        lead = self.tasks[task_id].lead_organisation_id if task_id in self.tasks else None
        employers = [e.organisation_id for e in person.employments]
        if relation == "lead" and lead is not None:
            org_id: int | None = lead
        else:
            in_project = [o for o in employers if o in self.organisations]
            partners = [o for o in in_project if self.organisations[o].in_project]
            chosen = partners or in_project
            org_id = chosen[0] if chosen else None
        organisation = self.organisations[org_id].name if org_id in self.organisations else ""
        code = {"lead": "STAFF_ASSIGNED_LEAD_ORGANISATION", "partner": "STAFF_ASSIGNED_PARTNER"}
        return RULES[code.get(relation, "STAFF_ASSIGNED")].finding(
            need_id,
            person=person.name,
            task=task,
            competency=competency,
            level=level,
            min_level=model.need_min_levels[n],
            motivation=motivation,
            legitimacy=legitimacy,
            days=days,
            available=round(available, 2),
            organisation=organisation,
        )

    def unmet_need(self, n: int, months: tuple[int, ...], gap: IntArray) -> tuple[Finding, ...]:
        return tuple(self.unmet(n, m, int(gap[m])) for m in months)

    def unmet(self, n: int, m: int, gap: int) -> Finding:
        problem, model = self.problem, self.problem.model
        competency, task, cid, task_id = self._names(n)
        need_id = model.need_ids[n]
        month = problem.snapshot.months[m]
        common: dict[str, ParamValue] = {
            "days": gap / SCALE,
            "competency": competency,
            "min_level": model.need_min_levels[n],
            "task": task,
        }
        people = problem.class_arrays[int(model.need_class[n])]
        if len(people) == 0:
            outside = sum(
                1
                for person in problem.snapshot.people
                if not person.in_project
                and problem.assess.get((person.id, cid), (-1, 0, 0))[0] >= model.need_min_levels[n]
            )
            return make_finding(
                RULES["STAFF_UNMET_NO_QUALIFIED"], need_id, {**common, "outside": outside}, month
            )
        free = people[self.spare[people, m] > 0].tolist()
        if not free:
            return make_finding(
                RULES["STAFF_UNMET_NO_TIME"], need_id, {**common, "qualified": len(people)}, month
            )
        rows = self.on_task.get(task_id, set())
        locked = problem.locked_people.get(task_id, frozenset())
        k = problem.options.max_people_per_task
        allowed = [p for p in free if p not in locked and (p in rows or len(rows) < k)]
        if allowed:
            return make_finding(
                RULES["STAFF_UNMET_NOT_PLANNED"], need_id, {**common, "free": len(allowed)}, month
            )
        if all(p in locked for p in free):
            return make_finding(RULES["STAFF_UNMET_LOCKED"], need_id, common, month)
        params = {
            **common,
            "free": sum(p not in locked for p in free),
            "people": len(rows),
            "limit": k,
        }
        return make_finding(RULES["STAFF_UNMET_PEOPLE_LIMIT"], need_id, params, month)
