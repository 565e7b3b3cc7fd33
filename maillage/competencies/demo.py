"""Demo data of the competency review: a closed campaign a year ago and an open one in progress.

Answers echo the assessments already loaded (a year ago one level lower for some people, so the
change between the campaigns shows progress); assessments themselves are left as they are, so
the analysis of the demo finds exactly its planted defects.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from maillage.competencies import tokens
from maillage.competencies.models import (
    Answer,
    Assessment,
    Campaign,
    Competency,
    Invitation,
    Validation,
)
from maillage.directory.models import Person
from maillage.projects.models import Project, ProjectPerson

CODES = ["PRJ.1", "ANI.1", "PAR.1", "FIN.2", "RC.1", "ECO.1", "COOP.E2", "COOP.M1"]
PURPOSE = (
    "Connaître les compétences, les motivations et la disponibilité de chacun pour organiser "
    "le groupe projet du PAT et préparer le plan de formation. Vos réponses sont lues par la "
    "chargée de mission ; vos motivations et votre disponibilité ne sont visibles que d'elle "
    "et de vous."
)


def _invite(campaign: Campaign, person: Person, expires: datetime.datetime) -> Invitation:
    # Nobody knows these links (only hashes are stored): the coordinator issues a new one.
    return Invitation.objects.create(
        campaign=campaign,
        person=person,
        token_hash=tokens.token_hash(tokens.new_token()),
        expires_at=expires,
    )


def _answer(
    invitation: Invitation,
    competencies: list[Competency],
    assessments: dict[tuple[int, int], Assessment],
    *,
    lower: bool,
    rng: random.Random,
) -> None:
    for competency in competencies:
        assessment = assessments.get((invitation.person_id, competency.pk))
        level = assessment.level if assessment else 1
        if lower and level > 1 and rng.random() < 0.4:
            level -= 1
        Answer.objects.create(
            invitation=invitation,
            competency=competency,
            level=level,
            motivation=assessment.motivation if assessment else rng.choice([2, 3]),
            legitimacy=assessment.legitimacy if assessment else 1,
            validated_level=assessment.validated_level if assessment and not lower else None,
        )


def add_demo_data(project: Project) -> None:
    rng = random.Random(6)
    now = timezone.now()
    today = timezone.localdate()
    competencies = list(
        Competency.objects.filter(framework=project.framework, code__in=CODES).order_by("code")
    )
    people = [
        link.person
        for link in ProjectPerson.objects.filter(project=project)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    ]
    assessments = {
        (a.person_id, a.competency_id): a
        for a in Assessment.objects.filter(person__in=people, competency__in=competencies)
    }

    closed = Campaign.objects.create(
        project=project,
        title="Revue des compétences initiale",
        purpose=PURPOSE,
        deadline=today - datetime.timedelta(days=330),
        status=Campaign.Status.CLOSED,
        closed_at=now - datetime.timedelta(days=320),
    )
    closed.competencies.set(competencies)
    for person in people[:10]:
        invitation = _invite(closed, person, now - datetime.timedelta(days=320))
        _answer(invitation, competencies, assessments, lower=True, rng=rng)
        invitation.submitted_at = now - datetime.timedelta(days=rng.randint(335, 345))
        invitation.days_per_month = rng.choice([1, 2, 2.5, 4])
        invitation.mandate = ProjectPerson.Mandate.WRITTEN
        invitation.leeway = ProjectPerson.Leeway.PROPOSES
        invitation.save()

    current = Campaign.objects.create(
        project=project,
        title="Revue des compétences — mise en œuvre",
        purpose=PURPOSE,
        deadline=today + datetime.timedelta(days=21),
    )
    current.competencies.set(competencies)
    expires = now + datetime.timedelta(days=22)
    for index, person in enumerate(people[:14]):
        invitation = _invite(current, person, expires)
        if index < 6:  # answered
            _answer(invitation, competencies, assessments, lower=False, rng=rng)
            invitation.submitted_at = now - datetime.timedelta(days=rng.randint(1, 6))
            invitation.days_per_month = rng.choice([1, 1.5, 2, 3])
            invitation.mandate = rng.choice(ProjectPerson.Mandate.values)
            invitation.leeway = rng.choice(ProjectPerson.Leeway.values)
            invitation.means = "Temps dédié inscrit dans la fiche de poste."
        elif index < 9:  # a draft in progress
            _answer(invitation, competencies[:3], assessments, lower=False, rng=rng)
            invitation.draft_saved_at = now - datetime.timedelta(hours=rng.randint(2, 48))
        elif index == 9:
            invitation.reminder_count = 1
            invitation.reminded_at = now - datetime.timedelta(days=2)
        invitation.save()

    coordinator = get_user_model().objects.filter(username="coordination").first()
    Validation.objects.bulk_create(
        Validation(
            assessment=a,
            declared_level=a.level,
            validated_level=a.validated_level,
            validated_by=coordinator if a.source == Assessment.Source.COORDINATOR else None,
            role=(
                Validation.Role.COORDINATOR
                if a.source == Assessment.Source.COORDINATOR
                else Validation.Role.MANAGER
            ),
        )
        for a in assessments.values()
        if a.validated_level is not None
    )
