"""Builds the demo in the database: hand-written content plus a seeded random bulk.

The bulk (assessment variations, needs, assignments, availability) comes from one
`random.Random(SEED)`, and every choice is made in a fixed order, so two loads with the same
`today` give the same data. The bulk is kept within each person's capacity; the defects listed
in `maillage.demo.defects` are then planted by hand.
"""

from __future__ import annotations

import calendar
import datetime
import random
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.competencies import demo as competencies_demo
from maillage.competencies.frameworks import load_framework
from maillage.competencies.models import Assessment, Competency
from maillage.demo import data
from maillage.demo.accounts import DEMO_PROJECT_NAME, ensure_demo_users
from maillage.demo.staffing import StaffingMixin, half_day, month_fractions
from maillage.directory.models import Availability, Employment, Organisation, Person, Territory
from maillage.governance.models import Body, BodyMember
from maillage.optimisation import demo as optimisation_demo
from maillage.planning import demo as planning_demo
from maillage.projects.models import (
    Axis,
    BudgetLine,
    Deliverable,
    ExpectedResult,
    Objective,
    PatField,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Recognition,
    Step,
    Task,
    TaskDependency,
    add_months,
    shift_months,
)
from maillage.responsibilities import demo as responsibilities_demo
from maillage.staffing.models import Assignment, Need

Progress = Callable[[str, int, int], None]

AXIS_PAT_FIELDS = {
    "ECO": [PatField.FOOD_ECONOMY, PatField.CATERING],
    "CUL": [PatField.CULTURE],
    "NUT": [PatField.NUTRITION],
    "ACC": [PatField.SOCIAL],
    "ENV": [PatField.ENVIRONMENT],
    "URB": [PatField.URBAN],
}

REPRESENTATIVES = {
    "cc": "yannick",
    "cd35": "catherine",
    "region": "bernard",
    "chambre": "marc",
    "gab": "solene",
    "epicerie": "jean-claude",
    "lycee": "cecile",
    "sivu": "valerie",
    "cpie": "ronan",
    "cuma": "alain",
    "valdemeu": "gilles",
}
MANAGERS = {
    "claire": "thomas",
    "sophie": "thomas",
    "nicolas": "thomas",
    "emilie": "thomas",
    "anne-sophie": "thomas",
    "julien": "thomas",
    "aurore": "thomas",
    "kevin": "thomas",
    "elodie": "patrick",
    "maelle": "ronan",
    "camille": "ronan",
    "helene": "cecile",
    "karim": "cecile",
    "stephane": "cecile",
}
MEANS = {
    "claire": "Budget d'animation de 5 000 € par an, véhicule de service, accès aux "
    "outils de visioconférence de la communauté de communes.",
    "lea": "Temps d'animation financé par la convention annuelle entre le GAB et l'EPCI.",
    "isabelle": "Mise à disposition dans le cadre de la convention entre la Chambre et l'EPCI.",
}


# People whose assessments are written exactly: planted defects rest on their levels.
FIXED_PROFILES = {"claire", "nathalie", "camille", "maelle"}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_text.lower().replace(" ", "-") if c.isalnum() or c == "-")


# Demo members' college from their employer's kind (local authorities' staff sit with their
# elected officials).
COLLEGE_OF_ORGANISATION = {
    "state": BodyMember.College.STATE,
    "public_body": BodyMember.College.STATE,
    "chamber": BodyMember.College.CONSULAR,
    "association": BodyMember.College.ASSOCIATIONS,
    "company": BodyMember.College.ECONOMIC,
    "catering": BodyMember.College.ECONOMIC,
    "school": BodyMember.College.RESEARCH,
}


class _Builder(StaffingMixin):
    def __init__(self, today: datetime.date, progress: Progress | None) -> None:
        self.today = today
        self.progress = progress
        self.rng = random.Random(data.SEED)
        self.horizon_start = today.replace(day=1)
        self.months = [add_months(self.horizon_start, i) for i in range(12)]
        self.humans = {h.key: h for h in data.PEOPLE}
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.competencies: dict[str, Competency] = {}
        self.levels: dict[str, dict[str, int]] = defaultdict(dict)  # person -> code -> level
        self.availability: dict[str, list[float]] = {}
        self.governance: dict[str, float] = defaultdict(float)
        self.load: dict[str, list[float]] = defaultdict(lambda: [0.0] * 12)
        self.tasks: dict[str, Task] = {}
        self.specs: dict[str, data.TaskSpec] = {}
        self.parents: dict[str, str] = {}
        self.axes: dict[str, Axis] = {}
        self.steps: dict[str, Step] = {}
        self.step_of: dict[str, str] = {}
        self.needs: dict[str, list[Need]] = {}
        self.on_task: dict[int, set[str]] = defaultdict(set)  # people on each task

    # -- calendar helpers ------------------------------------------------------------------
    def month_start(self, offset: int) -> datetime.date:
        return self.months[offset]

    def month_end(self, offset: int) -> datetime.date:
        month = self.months[offset]
        return month.replace(day=calendar.monthrange(month.year, month.month)[1])

    def fractions(self, task: Task) -> list[float]:
        return month_fractions(task.start, task.end, self.months)

    # -- building blocks -------------------------------------------------------------------
    def build(self) -> Project:
        stages: list[tuple[str, Callable[[], None]]] = [
            (_("Competency framework"), self.build_framework),
            (_("Territories and organisations"), self.build_organisations),
            (_("People, employments and availability"), self.build_people),
            (_("Competency assessments"), self.build_assessments),
            (_("Project framing: sponsors, objectives, axes"), self.build_project),
            (_("Steps and tasks"), self.build_plan),
            (_("Governance bodies"), self.build_bodies),
            (_("Needs and assignments"), self.build_staffing),
            (_("Planted defects"), self.plant_defects),
            (_("Second project"), self.build_other_project),
            (_("Demo accounts"), self.build_accounts),
        ]
        for done, (label, stage) in enumerate(stages):
            if self.progress:
                self.progress(label, done, len(stages))
            stage()
        if self.progress:
            self.progress(_("Demo ready"), len(stages), len(stages))
        return self.project

    def build_framework(self) -> None:
        self.framework = load_framework("pat")
        self.competencies = {c.code: c for c in self.framework.competencies.all()}

    def build_organisations(self) -> None:
        territories: dict[str, Territory] = {}
        for key, (name, level, code, parent) in data.TERRITORIES.items():
            territories[key] = Territory.objects.create(
                name=name,
                level=level,
                code=code,
                parent=territories[parent] if parent else None,
            )
        for a, b in data.NEIGHBOURS:
            territories[a].neighbours.add(territories[b])
        self.territories = territories
        for org in data.ORGANISATIONS:
            self.orgs[org.key] = Organisation.objects.create(
                name=org.name,
                short_name=org.short_name,
                kind=org.kind,
                territory=territories[org.territory],
                email=f"contact@{org.domain}",
                phone=self.phone(),
                website=f"https://www.{org.domain}/",
                address=org.address,
            )

    def phone(self) -> str:
        return "02 99 " + " ".join(f"{self.rng.randrange(100):02d}" for _ in range(3))

    def build_people(self) -> None:
        for h in data.PEOPLE:
            domain = next(o.domain for o in data.ORGANISATIONS if o.key == h.employments[0][0])
            self.people[h.key] = Person.objects.create(
                first_name=h.first_name,
                last_name=h.last_name,
                kind=h.kind,
                job_title=h.job_title,
                email=f"{_slug(h.first_name)}.{_slug(h.last_name)}@{domain}",
                phone=self.phone(),
            )
        employments = []
        for h in data.PEOPLE:
            for org_key, share, role in h.employments:
                manager = MANAGERS.get(h.key)
                employments.append(
                    Employment(
                        person=self.people[h.key],
                        organisation=self.orgs[org_key],
                        time_share=Decimal(str(share)),
                        role=role,
                        manager=self.people[manager] if manager else None,
                    )
                )
        Employment.objects.bulk_create(employments)
        rows = []
        for h in data.PEOPLE:
            series = []
            for month in self.months:
                if month.month == 8:
                    factor = 0.6  # summer holidays
                elif month.month in (7, 12):
                    factor = 0.75
                else:
                    factor = self.rng.choice([0.9, 1.0, 1.0, 1.1])
                days = float(half_day(h.days * factor))
                series.append(days)
                rows.append(
                    Availability(person=self.people[h.key], month=month, days=Decimal(str(days)))
                )
            self.availability[h.key] = series
        Availability.objects.bulk_create(rows)

    def build_assessments(self) -> None:
        leaf_codes = sorted(c for c in self.competencies if "." in c)
        rows = []
        for h in data.PEOPLE:
            profile = dict(data.PROFILES[h.profile])
            # Profiles of the people in planted defects and of directory people are exact.
            vary = h.in_project and h.key not in FIXED_PROFILES
            if vary and self.rng.random() < 0.5:
                extra = self.rng.choice([c for c in leaf_codes if c not in profile])
                profile[extra] = 1
            for code, base in profile.items():
                level = base
                if vary and self.rng.random() < 0.3:
                    level = min(4, max(1, level + self.rng.choice([-1, 1])))
                level = min(level, data.CAPPED_COMPETENCIES.get(code, 4))
                validated = None
                source = Assessment.Source.SELF
                if not vary or self.rng.random() < 0.6:
                    validated = level if not vary or self.rng.random() < 0.75 else max(1, level - 1)
                    source = (
                        Assessment.Source.COORDINATOR
                        if self.rng.random() < 0.5
                        else Assessment.Source.MANAGER
                    )
                motivation = self.rng.choices([2, 3, 4], weights=[3, 5, 3])[0]
                legitimacy = self.rng.choices([1, 2, 3, 4], weights=[1, 2, 5, 4])[0]
                if h.kind == "elected" and code == "ELU.2":
                    legitimacy = 4
                rows.append(
                    Assessment(
                        person=self.people[h.key],
                        competency=self.competencies[code],
                        level=level,
                        validated_level=validated,
                        motivation=motivation,
                        legitimacy=legitimacy,
                        source=source,
                        assessed_on=self.horizon_start,
                    )
                )
                effective = validated if validated is not None else level
                self.levels[h.key][code] = effective
        Assessment.objects.bulk_create(rows)

    def build_project(self) -> None:
        self.project = Project.objects.create(
            name=data.PROJECT_NAME,
            kind=Project.Kind.PAT,
            description=data.PROJECT_DESCRIPTION,
            territory=self.territories["broceliande"],
            carrier=self.orgs["cc"],
            framework=self.framework,
            horizon_start=self.horizon_start,
            horizon_months=12,
            pat_usual_name=data.PROJECT_NAME,
            # Recognised at level 1 two and a half years ago: the renewal is due this horizon.
            recognition_level=Recognition.EMERGING,
            recognition_date=shift_months(self.horizon_start, -30),
        )
        ProjectOrganisation.objects.bulk_create(
            ProjectOrganisation(
                project=self.project,
                organisation=self.orgs[org.key],
                is_sponsor=org.is_sponsor,
                representative=self.people.get(REPRESENTATIVES.get(org.key, "")),
            )
            for org in data.ORGANISATIONS
            if org.in_project
        )
        ProjectPerson.objects.bulk_create(
            ProjectPerson(
                project=self.project,
                person=self.people[h.key],
                mandate=h.mandate,
                leeway=h.leeway,
                means=MEANS.get(h.key, ""),
            )
            for h in data.PEOPLE
            if h.in_project
        )
        for order, (title, description, results) in enumerate(data.OBJECTIVES, start=1):
            objective = Objective.objects.create(
                project=self.project, title=title, description=description, order=order
            )
            ExpectedResult.objects.bulk_create(
                ExpectedResult(
                    objective=objective,
                    title=result,
                    order=number,
                    indicator=indicator,
                    unit=unit,
                    baseline=Decimal(baseline) if baseline is not None else None,
                    target=Decimal(target),
                    target_date=self.project.horizon_end,
                )
                for number, (result, indicator, unit, baseline, target) in enumerate(
                    results, start=1
                )
            )
        for order, (code, name, description, political, technical, lead, lead_org) in enumerate(
            data.AXES, start=1
        ):
            self.axes[code] = Axis.objects.create(
                project=self.project,
                code=code,
                name=name,
                description=description,
                order=order,
                lead=self.people[lead],
                lead_organisation=self.orgs[lead_org],
                political_referent=self.people[political] if political else None,
                technical_referent=self.people[technical],
                pat_fields=AXIS_PAT_FIELDS.get(code, []),
            )

    def build_plan(self) -> None:
        for order, (key, name, description, first, last, status) in enumerate(data.STEPS, start=1):
            self.steps[key] = Step.objects.create(
                project=self.project,
                name=name,
                description=description,
                order=order,
                start=self.month_start(first),
                end=self.month_end(last),
                status=status,
            )
        for order, spec in enumerate(data.TASKS, start=1):
            self.create_task(spec, None, order)
        TaskDependency.objects.bulk_create(
            TaskDependency(predecessor=self.tasks[before], successor=self.tasks[title])
            for title, spec in self.specs.items()
            for before in spec.after
        )
        for title, spec in self.specs.items():
            for predecessor in spec.after:
                assert self.tasks[predecessor].end < self.tasks[title].start, (title, predecessor)

    def create_task(self, spec: data.TaskSpec, parent: Task | None, order: int) -> None:
        parent_spec = self.specs[parent.title] if parent else None
        axis = spec.axis or (parent.axis_id and parent.axis.code if parent else None)
        step = spec.step or (self.step_of[parent.title] if parent else None)
        lead = spec.lead
        if lead == "parent":
            lead = parent_spec.lead if parent_spec else None
            if lead == "parent":  # pragma: no cover - catalogue error
                raise ValueError(spec.title)
        if spec.milestone_day:
            start = end = self.month_start(spec.start).replace(day=spec.milestone_day)
        else:
            start, end = self.month_start(spec.start), self.month_end(spec.end)
        if end < self.today:
            status, progress = Task.Status.DONE, 100
        elif start <= self.today:
            status = Task.Status.IN_PROGRESS
            progress = int(100 * ((self.today - start).days / max(1, (end - start).days)))
            progress = max(5, min(95, progress // 5 * 5))
        else:
            status, progress = Task.Status.PLANNED, 0
        task = Task.objects.create(
            project=self.project,
            parent=parent,
            step=self.steps[step] if step else None,
            axis=self.axes[axis] if axis else None,
            title=spec.title,
            description=spec.description,
            start=start,
            end=end,
            is_milestone=spec.milestone_day is not None,
            modalities=spec.modalities,
            lead_organisation=self.orgs[lead] if lead else None,
            budget=Decimal(spec.budget),
            status=status,
            progress=progress,
            order=order,
        )
        assert spec.title not in self.tasks, spec.title
        self.tasks[spec.title] = task
        self.specs[spec.title] = spec
        self.step_of[spec.title] = step
        if parent is not None:
            self.parents[spec.title] = parent.title
        BudgetLine.objects.bulk_create(
            BudgetLine(
                task=task, funder=funder, amount=Decimal(amount), label=label, is_secured=secured
            )
            for funder, amount, label, secured in spec.funding
        )
        Deliverable.objects.bulk_create(
            Deliverable(task=task, title=title, due=end, is_done=end < self.today)
            for title in spec.deliverables
        )
        for child_order, child in enumerate(spec.children, start=1):
            self.create_task(child, task, child_order)

    def college_of(self, key: str) -> str:
        """The college a person sits in: elected officials, else their first employer's kind."""
        human = next(h for h in data.PEOPLE if h.key == key)
        if human.kind == "elected":
            return BodyMember.College.ELECTED
        if human.kind == "volunteer" or not human.employments:
            return BodyMember.College.CITIZENS
        kind = self.orgs[human.employments[0][0]].kind
        return COLLEGE_OF_ORGANISATION.get(kind, BodyMember.College.ELECTED)

    def build_bodies(self) -> None:
        for name, kind, per_year, days, animator, chair, members, axes, months in data.BODIES:
            body = Body.objects.create(
                project=self.project,
                name=name,
                kind=kind,
                meetings_per_year=per_year,
                meeting_days=Decimal(str(days)),
                animator=self.people[animator],
                months=months,
            )
            body.axes.set([self.axes[code] for code in axes])
            seats = [chair] + [m for m in members if m != chair]
            BodyMember.objects.bulk_create(
                BodyMember(
                    body=body,
                    person=self.people[key],
                    role=(
                        BodyMember.Role.CHAIR
                        if key == chair
                        else BodyMember.Role.SECRETARY
                        if key == animator
                        else BodyMember.Role.MEMBER
                    ),
                    college=self.college_of(key),
                )
                for key in seats
            )
            for key in seats:
                self.governance[key] += per_year * days / 12

    # -- second project and accounts -------------------------------------------------------
    def build_other_project(self) -> None:
        spec = data.OTHER_PROJECT
        project = Project.objects.create(
            name=data.OTHER_PROJECT_NAME,
            kind=Project.Kind.PAT,
            description=spec["description"],
            territory=self.territories[spec["territory"]],
            carrier=self.orgs[spec["carrier"]],
            framework=self.framework,
            horizon_start=self.horizon_start,
            horizon_months=12,
        )
        ProjectOrganisation.objects.create(
            project=project,
            organisation=self.orgs[spec["carrier"]],
            is_sponsor=True,
            representative=self.people["monique"],
        )
        for key, mandate, leeway in spec["people"]:
            ProjectPerson.objects.create(
                project=project, person=self.people[key], mandate=mandate, leeway=leeway
            )
        axes = {}
        for order, (code, name, political, technical) in enumerate(spec["axes"], start=1):
            axes[code] = Axis.objects.create(
                project=project,
                code=code,
                name=name,
                order=order,
                political_referent=self.people[political],
                technical_referent=self.people[technical],
                lead=self.people[technical],
                lead_organisation=self.orgs[spec["carrier"]],
            )
        name, first, last, status = spec["step"]
        step = Step.objects.create(
            project=project,
            name=name,
            order=1,
            status=status,
            start=self.month_start(first),
            end=self.month_end(last),
        )
        for order, (title, first, last, axis, lead) in enumerate(spec["tasks"], start=1):
            task = Task.objects.create(
                project=project,
                step=step,
                axis=axes[axis],
                title=title,
                order=order,
                start=self.month_start(first),
                end=self.month_end(last),
                lead_organisation=self.orgs[spec["carrier"]],
            )
            Assignment.objects.create(
                task=task,
                person=self.people[lead],
                responsibility=Assignment.Responsibility.LEAD,
                days_per_month=Decimal(2),
            )
        body = Body.objects.create(
            project=project,
            name="Comité de pilotage",
            kind="copil",
            meetings_per_year=2,
            meeting_days=Decimal("0.5"),
            animator=self.people["erwan"],
            months=[4, 10],
        )
        BodyMember.objects.bulk_create(
            BodyMember(body=body, person=self.people[key], college=BodyMember.College.ELECTED)
            for key in ("erwan", "monique")
        )
        self.other_project = project

    def build_accounts(self) -> None:
        ensure_demo_users()


def load_demo(*, today: datetime.date | None = None, progress: Progress | None = None) -> Project:
    """Load the demo projects in one transaction and return the main one."""
    if Project.objects.filter(name=DEMO_PROJECT_NAME).exists():
        raise ValueError(_("The demo project is already loaded."))
    with transaction.atomic():
        project = _Builder(today or datetime.date.today(), progress).build()
        planning_demo.add_demo_data(project)
        responsibilities_demo.add_demo_data(project)
        competencies_demo.add_demo_data(project)
        optimisation_demo.add_demo_data(project)
        return project
