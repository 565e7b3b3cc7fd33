"""The defects planted on purpose in the demo, so that the analysis has something true to find.

Everything else in the demo is kept clean by the loader: nobody but the person named here is
over-allocated, every other task has a lead, every other need is held at its level by someone
in the project, every other task is fully funded, and so on (tests/test_demo.py checks both).
Month offsets count from the first month of the project's horizon (0 = the current month).
Not planted, and left to emerge from the bulk: a few people with work split into crumbs (many
small tasks in one month), which is how a coordinator's month often looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PlantedDefect:
    kind: str
    key: dict[str, Any]  # natural keys of the objects concerned
    why: str


OVER_ALLOCATED_PERSON = "Claire Le Goff"
OVER_ALLOCATED_MONTH_OFFSET = 4
OVER_ALLOCATING_TASK = "Préparation du dossier des élus"
TASK_WITHOUT_LEAD = "Outils pédagogiques pour les familles"
AXIS_WITHOUT_POLITICAL_REFERENT = "URB"
DUPLICATE_TASKS = (
    "Recensement des producteurs locaux pouvant fournir la restauration collective",
    "Recensement des producteurs bio pouvant fournir la restauration collective",
)
UNHELD_COMPETENCY = "EVA.2"
UNHELD_NEED_TASK = "Référentiel d'évaluation et indicateurs"
UNHELD_NEED_LEVEL = 4
UNHELD_BEST_LEVEL = 2
ELECTED_TECHNICAL_REFERENT = ("CUL", "Loïc Le Bihan")
LEAD_WITHOUT_MANDATE = ("Camille Lavigne", "Ateliers et visites de fermes du défi")
WORK_ON_UNVALIDATED_STEP = ("Convention de veille foncière avec la SAFER", "Foncier et urbanisme")
GOVERNANCE_OVERLOAD = "Loïc Le Bihan"
UNDERFUNDED_TASK = ("Légumerie intercommunale", 85000, 60000)
SUBTASK_OUTSIDE_PARENT = (
    "Épicerie solidaire éphémère au lycée",
    "Alimentation des jeunes et des étudiants",
)

PLANTED_DEFECTS: list[PlantedDefect] = [
    PlantedDefect(
        "over_allocation",
        {
            "person": OVER_ALLOCATED_PERSON,
            "month_offset": OVER_ALLOCATED_MONTH_OFFSET,
            "task": OVER_ALLOCATING_TASK,
        },
        "The chargée de mission prepares the elected officials' file alone in the month of "
        "the seminar, on top of her other tasks and committees: her assignments plus "
        "governance exceed her availability in that month (and only in that month).",
    ),
    PlantedDefect(
        "task_without_lead",
        {"task": TASK_WITHOUT_LEAD},
        "A sub-task with a contributor but neither a lead organisation nor a lead person.",
    ),
    PlantedDefect(
        "axis_without_political_referent",
        {"axis": AXIS_WITHOUT_POLITICAL_REFERENT},
        "No elected official carries land and urban planning, a sensitive subject.",
    ),
    PlantedDefect(
        "duplicate_action",
        {
            "tasks": list(DUPLICATE_TASKS),
            "organisations": ["Chambre d'agriculture", "GAB Brocéliande"],
        },
        "The Chambre d'agriculture and the GAB each survey the farmers able to supply "
        "school canteens, at the same time, with the same competencies: a chance to pool.",
    ),
    PlantedDefect(
        "competency_level_unavailable",
        {
            "task": UNHELD_NEED_TASK,
            "competency": UNHELD_COMPETENCY,
            "min_level": UNHELD_NEED_LEVEL,
            "best_level": UNHELD_BEST_LEVEL,
        },
        "The mid-term evaluation needs an expert in public policy evaluation; nobody in the "
        "directory holds it above level 2.",
    ),
    PlantedDefect(
        "elected_technical_referent",
        {"axis": ELECTED_TECHNICAL_REFERENT[0], "person": ELECTED_TECHNICAL_REFERENT[1]},
        "For lack of an agent, an elected official is the technical referent of an axis.",
    ),
    PlantedDefect(
        "lead_without_mandate",
        {"person": LEAD_WITHOUT_MANDATE[0], "task": LEAD_WITHOUT_MANDATE[1]},
        "A partner's facilitator leads a task without any mandate from her organisation.",
    ),
    PlantedDefect(
        "work_on_unvalidated_step",
        {"task": WORK_ON_UNVALIDATED_STEP[0], "step": WORK_ON_UNVALIDATED_STEP[1]},
        "The SAFER agreement is under way, with people assigned, although the land step is "
        "still a draft: the only task started in a step that is not validated.",
    ),
    PlantedDefect(
        "governance_overload",
        {"person": GOVERNANCE_OVERLOAD},
        "The elected official who stands in as technical referent also sits in the COPIL, the "
        "COTECH, the catering working group and the food council: meetings take over a third "
        "of the little time he has for the project.",
    ),
    PlantedDefect(
        "underfunded_task",
        {
            "task": UNDERFUNDED_TASK[0],
            "budget": UNDERFUNDED_TASK[1],
            "funding": UNDERFUNDED_TASK[2],
        },
        "The vegetable processing unit costs more than its budget lines bring.",
    ),
    PlantedDefect(
        "subtask_outside_parent",
        {"task": SUBTASK_OUTSIDE_PARENT[0], "parent": SUBTASK_OUTSIDE_PARENT[1]},
        "The pop-up grocery ends a month after its parent task.",
    ),
]
