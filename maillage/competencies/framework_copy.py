"""A project's own copy of a shared competency framework, to edit without changing the others'.

The copy takes the framework's levels and competencies (parents first); the project then points
at it, and everything of the project that named an old competency names its copy: the tasks'
needs, the review campaigns and their answers, and the assessments of the project's people. An
assessment is moved when no other project using the old framework shows its person, and copied
otherwise, so that the other projects keep theirs. All of it in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from maillage.access import ProjectAccess
from maillage.analysis.changes import PEOPLE, data_changed, plan_scope
from maillage.competencies.models import Answer, Assessment, Campaign, Competency, Framework, Level
from maillage.projects.models import Project, ProjectPerson
from maillage.staffing.models import Need

COPY_NAME_LENGTH = Framework._meta.get_field("name").max_length or 200


def _copy_name(framework: Framework, project: Project) -> str:
    base = f"{framework.name} — {project.name}"[:COPY_NAME_LENGTH]
    name, n = base, 2
    while Framework.objects.filter(name=name).exists():
        suffix = f" ({n})"
        name = base[: COPY_NAME_LENGTH - len(suffix)] + suffix
        n += 1
    return name


def framework_copy_for_project(*, access: ProjectAccess) -> Framework:
    """Copy the project's framework, point the project at the copy, remap what named it."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=access.project.pk)
        old = Framework.objects.get(pk=project.framework_id)
        copy = Framework(
            name=_copy_name(old, project),
            description=old.description,
            is_public=False,
            made_for=project,
        )
        copy.full_clean()
        copy.save()
        Level.objects.bulk_create(
            Level(framework=copy, value=lv.value, label=lv.label, descriptor=lv.descriptor)
            for lv in Level.objects.filter(framework=old)
        )
        mapping: dict[int, Competency] = {}
        pending = list(Competency.objects.filter(framework=old).order_by("pk"))
        while pending:  # parents first, whatever their ids
            ready = [c for c in pending if c.parent_id is None or c.parent_id in mapping]
            if not ready:  # a cycle cannot be saved; keep the rest without parent
                ready = pending
            for competency in ready:
                mapping[competency.pk] = Competency.objects.create(
                    framework=copy,
                    parent=mapping.get(competency.parent_id or 0),
                    code=competency.code,
                    name=competency.name,
                    description=competency.description,
                    is_collective=competency.is_collective,
                )
            pending = [c for c in pending if c.pk not in mapping]

        for need in Need.objects.filter(task__project=project, competency__framework=old):
            Need.objects.filter(pk=need.pk).update(competency=mapping[need.competency_id])
        for campaign in Campaign.objects.filter(project=project).prefetch_related("competencies"):
            olds = [c for c in campaign.competencies.all() if c.pk in mapping]
            if olds:
                campaign.competencies.remove(*olds)
                campaign.competencies.add(*(mapping[c.pk] for c in olds))
        for answer in Answer.objects.filter(
            invitation__campaign__project=project, competency__framework=old
        ):
            Answer.objects.filter(pk=answer.pk).update(competency=mapping[answer.competency_id])

        people = set(
            ProjectPerson.objects.filter(project=project).values_list("person_id", flat=True)
        )
        shown_elsewhere = set(
            ProjectPerson.objects.filter(person_id__in=people, project__framework=old)
            .exclude(project=project)
            .values_list("person_id", flat=True)
        )
        assessments = Assessment.objects.filter(person_id__in=people, competency__framework=old)
        to_copy = []
        for assessment in assessments:
            target = mapping[assessment.competency_id]
            if assessment.person_id in shown_elsewhere:
                to_copy.append(
                    Assessment(
                        person_id=assessment.person_id,
                        competency=target,
                        level=assessment.level,
                        validated_level=assessment.validated_level,
                        motivation=assessment.motivation,
                        legitimacy=assessment.legitimacy,
                        source=assessment.source,
                        assessed_on=assessment.assessed_on,
                    )
                )
            else:
                Assessment.objects.filter(pk=assessment.pk).update(competency=target)
        Assessment.objects.bulk_create(to_copy)

        Project.objects.filter(pk=project.pk).update(framework=copy)
        access.project.framework = copy
        access.project.framework_id = copy.pk
        data_changed(PEOPLE)  # update() and bulk_create() send no signal
        data_changed(plan_scope(project.pk))
    return copy


__all__ = ["framework_copy_for_project"]
