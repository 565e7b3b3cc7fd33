"""A person's rights over their review data: download everything held about them (access) and
withdraw their answers (erasure of what they declared).

The wider erasure of a person belongs to the directory: deleting a Person cascades to their
invitations, answers, assessments and validations; `person_answers_withdraw` is what a person
can do alone, through their link.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.competencies.models import Assessment, Invitation
from maillage.competencies.services import CAPACITY_FIELDS
from maillage.directory.models import Availability, Person


def _iso(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def person_data_export(person: Person, *, project: Any = None) -> dict[str, Any]:
    """Everything Maillage holds about a person, as JSON-ready data (right of access).

    With `project`, the links to other projects and their reviews are left out: a project's
    coordinator may read what concerns their project, not the person's other projects."""
    employments = person.employments.select_related("organisation", "manager")
    assessments = person.assessments.select_related("competency").prefetch_related("validations")
    invitations = person.review_invitations.select_related("campaign").prefetch_related(
        "answers__competency"
    )
    links = person.project_links.select_related("project")
    if project is not None:
        invitations = invitations.filter(campaign__project=project)
        links = links.filter(project=project)
    return {
        "person": {
            field: _iso(getattr(person, field))
            for field in ("first_name", "last_name", "kind", "job_title", "email", "phone")
        },
        "employments": [
            {
                "organisation": str(e.organisation),
                "time_share": _iso(e.time_share),
                "role": e.role,
                "manager": str(e.manager) if e.manager else None,
            }
            for e in employments
        ],
        "projects": [
            {
                "project": link.project.name,
                "mandate": link.mandate,
                "leeway": link.leeway,
                "means": link.means,
                "time_share": _iso(link.time_share),
            }
            for link in links
        ],
        "availability": [
            {"month": _iso(a.month), "days": _iso(a.days), "declared_days": _iso(a.declared_days)}
            for a in person.availabilities.all()
        ],
        "assessments": [
            {
                "competency": a.competency.code,
                "competency_name": a.competency.name,
                "declared_level": a.level,
                "validated_level": a.validated_level,
                "motivation": a.motivation,
                "legitimacy": a.legitimacy,
                "source": a.source,
                "assessed_on": _iso(a.assessed_on),
                "validations": [
                    {
                        "declared_level": v.declared_level,
                        "validated_level": v.validated_level,
                        "role": v.role,
                        "validated_at": _iso(v.validated_at),
                        "comment": v.comment,
                    }
                    for v in a.validations.all()
                ],
            }
            for a in assessments
        ],
        "reviews": [
            {
                "campaign": i.campaign.title,
                "purpose": i.campaign.purpose,
                "submitted_at": _iso(i.submitted_at),
                "withdrawn_at": _iso(i.withdrawn_at),
                "capacity": {field: _iso(getattr(i, field)) for field in CAPACITY_FIELDS},
                "answers": [
                    {
                        "competency": answer.competency.code,
                        "level": answer.level,
                        "motivation": answer.motivation,
                        "legitimacy": answer.legitimacy,
                        "validated_level": answer.validated_level,
                    }
                    for answer in i.answers.all()
                ],
            }
            for i in invitations
        ],
    }


@transaction.atomic
def person_answers_withdraw(*, invitation: Invitation) -> None:
    """Withdraw a person's answers to a campaign: the answers, their declared capacity, and the
    assessments those answers produced are deleted; the invitation only records the withdrawal.

    The wider erasure of a person (directory, assignments) belongs to the directory; it can call
    this for each of the person's invitations."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    competency_ids = list(invitation.answers.values_list("competency_id", flat=True))
    if invitation.submitted_at is not None:
        Assessment.objects.filter(
            person_id=invitation.person_id, competency_id__in=competency_ids
        ).delete()
    invitation.answers.all().delete()
    if invitation.submitted_at is not None and invitation.days_per_month is not None:
        # The declared days kept beside a validated availability were this answer: gone too
        # (the coordinator's validated value stays, it is theirs). The analysis does not read
        # them, so no change counter is raised.
        Availability.objects.filter(
            person_id=invitation.person_id, declared_days=invitation.days_per_month
        ).update(declared_days=None)
    for field in CAPACITY_FIELDS:
        setattr(invitation, field, None if field == "days_per_month" else "")
    invitation.withdrawn_at = timezone.now()
    invitation.save()
