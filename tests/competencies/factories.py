"""Small factories for the competency review: a campaign with its invitations and tokens."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from maillage.competencies import tokens
from maillage.competencies.models import Campaign, Invitation


def make_campaign(
    project: Any,
    people: list[Any],
    competencies: list[Any] | None = None,
    **fields: Any,
) -> tuple[Campaign, dict[int, str]]:
    """An open campaign on `competencies` (default: two of the framework) inviting `people`;
    returns the campaign and each person's raw token (only its hash is stored)."""
    fields.setdefault("title", "Revue des compétences 2026")
    fields.setdefault("purpose", "Connaître les compétences et motivations du groupe projet.")
    fields.setdefault("deadline", timezone.localdate() + datetime.timedelta(days=14))
    campaign = Campaign.objects.create(project=project, **fields)
    if competencies is None:
        competencies = list(project.framework.competencies.order_by("code")[:2])
    campaign.competencies.set(competencies)
    issued = {}
    for person in people:
        token = tokens.new_token()
        Invitation.objects.create(
            campaign=campaign,
            person=person,
            token_hash=tokens.token_hash(token),
            expires_at=timezone.now() + datetime.timedelta(days=14),
        )
        issued[person.pk] = token
    return campaign, issued


def campaign_of(project: Any) -> Campaign:
    """The project's first campaign inviting all its data set's people, made on first use (for
    URL walks and query counts, which compare a small and a large project)."""
    campaign = Campaign.objects.filter(project=project).first()
    return campaign or make_campaign(project, project.dataset["people"])[0]
