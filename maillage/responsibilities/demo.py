"""Demo data of the responsibilities: partners of tasks, modalities and mission-letter texts."""

from __future__ import annotations

from django.db.models import Count, Q

from maillage.directory.models import Organisation, Person
from maillage.projects.models import Axis, Project, Task
from maillage.responsibilities.models import MissionLetter, TaskPartner
from maillage.staffing.models import Assignment

LEAD_MODALITIES = (
    "Pilotage : réunion d'équipe mensuelle, compte rendu au comité technique, "
    "tableau de suivi partagé."
)
COORDINATOR_LETTER = {
    "introduction": (
        "Le Projet Alimentaire Territorial du Pays de Brocéliande entre dans sa phase "
        "opérationnelle. La Communauté de communes vous confie sa coordination."
    ),
    "objectives": (
        "Animer la gouvernance du PAT (COPIL, COTECH, groupes de travail).\n"
        "Mettre en œuvre le plan d'actions et en rendre compte aux élus.\n"
        "Préparer la reconnaissance du PAT au niveau 2."
    ),
    "means": (
        "Un poste à temps plein, un budget d'animation voté chaque année, l'appui du "
        "service développement économique et de la direction générale."
    ),
    "closing": "Cette lettre de mission est revue chaque année lors du bilan du PAT.",
    "signatory": "Le Président de la Communauté de communes du Pays de Brocéliande",
}
ELECTED_LETTER = {
    "introduction": (
        "Par délibération du conseil communautaire, vous êtes désignée référente politique "
        "de l'axe économie alimentaire du PAT."
    ),
    "objectives": (
        "Porter les orientations de l'axe auprès du conseil communautaire et des partenaires.\n"
        "Présider les groupes de travail de l'axe et valider leurs propositions avant le COPIL."
    ),
    "closing": "Mandat valable jusqu'au prochain renouvellement du conseil communautaire.",
    "signatory": "Le Président de la Communauté de communes du Pays de Brocéliande",
}


def _coordinator(project: Project) -> Person | None:
    """The person of the coordinator's account, else whoever leads the most tasks."""
    person = Person.objects.filter(
        project_links__project=project, user__username="coordination"
    ).first()
    if person is not None:
        return person
    return (
        Person.objects.filter(project_links__project=project)
        .annotate(
            leads=Count(
                "assignments",
                filter=Q(assignments__responsibility=Assignment.Responsibility.LEAD)
                & Q(assignments__task__project=project),
            )
        )
        .order_by("-leads", "last_name")
        .first()
    )


def add_demo_data(project: Project) -> None:
    axes = list(Axis.objects.filter(project=project).select_related("lead_organisation"))
    tasks = list(Task.objects.filter(project=project, parent__isnull=True).order_by("start", "id"))
    # With whom: the organisation that leads an axis takes part in the axis's tasks it does not
    # lead itself; the Département brings its collèges' catering to the ECO tasks.
    departement = Organisation.objects.filter(
        project_links__project=project, kind=Organisation.Kind.DEPARTEMENT
    ).first()
    partners = []
    for axis in axes:
        axis_tasks = [t for t in tasks if t.axis_id == axis.pk]
        for task in axis_tasks[:3]:
            if axis.lead_organisation and axis.lead_organisation_id != task.lead_organisation_id:
                partners.append(
                    TaskPartner(
                        task=task,
                        organisation=axis.lead_organisation,
                        contribution="Chef de file de l'axe : expertise et réseau",
                    )
                )
        if axis.code == "ECO" and departement is not None:
            partners += [
                TaskPartner(
                    task=task,
                    organisation=departement,
                    contribution="Restauration collective des collèges",
                )
                for task in axis_tasks[:2]
                if task.lead_organisation_id != departement.pk
            ]
    TaskPartner.objects.bulk_create(partners, ignore_conflicts=True)

    # How: the leads of the first tasks describe how they steer them.
    lead_ids = list(
        Assignment.objects.filter(
            task__in=tasks[:6], responsibility=Assignment.Responsibility.LEAD, modalities=""
        ).values_list("pk", flat=True)
    )
    Assignment.objects.filter(pk__in=lead_ids).update(modalities=LEAD_MODALITIES)

    # Mission letters: the coordinator's, and the political referent's of the first axis.
    coordinator = _coordinator(project)
    if coordinator is not None:
        MissionLetter.objects.create(project=project, person=coordinator, **COORDINATOR_LETTER)
    referent = axes[0].political_referent if axes else None
    if referent is not None and referent != coordinator:
        MissionLetter.objects.create(project=project, person=referent, **ELECTED_LETTER)
