"""A campaign from creation to closing, answered by a partner who has no account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.competencies.models import Answer, Assessment, Campaign, Invitation, Validation
from maillage.directory.models import Person
from tests.factories import make_organisation, make_person

pytestmark = pytest.mark.django_db


LINK = re.compile(r"http://testserver(/review/[A-Za-z0-9_-]{43}/)")


def _answers(competencies: list[Any], level: int = 3) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for competency in competencies:
        data[f"level_{competency.pk}"] = level
        data[f"motivation_{competency.pk}"] = 4
        data[f"legitimacy_{competency.pk}"] = 2
    data.update(days_per_month="2.5", mandate="oral", leeway="proposes", means="Un véhicule")
    return data


@pytest.fixture
def partner(project: Any) -> Person:
    """A partner of another organisation, with no user account."""
    organisation = make_organisation(project, name="Chambre d'agriculture")
    return make_person(
        project, organisation=organisation, kind=Person.Kind.PARTNER, email="p@chambre.example"
    )


def _create(coordinator: Client, project: Any, people: list[Person], capture: Any) -> Campaign:
    competencies = list(project.framework.competencies.all()[:2])
    # Links are emailed once the transaction commits: run those callbacks here.
    with capture(execute=True):
        response = coordinator.post(
            reverse("competencies_campaign_create", args=[project.pk]),
            {
                "title": "Revue 2026",
                "purpose": "Savoir qui peut porter les actions du PAT.",
                "deadline": "2099-01-31",
                "people": [p.pk for p in people],
                "competencies": [c.pk for c in competencies],
            },
        )
    assert response.status_code == 302
    return Campaign.objects.get(project=project, title="Revue 2026")


def test_full_lifecycle_with_a_partner_without_account(
    personas: dict[str, Client],
    project: Any,
    partner: Person,
    persona_users: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    coordinator = personas["coordinator"]
    other = project.dataset["people"][0]
    campaign = _create(coordinator, project, [partner, other], django_capture_on_commit_callbacks)
    competencies = list(campaign.competencies.all())

    # Each person with an email received a personal link; only hashes are stored.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([partner.email, other.email])
    message = next(m for m in mail.outbox if m.to == [partner.email])
    path = LINK.search(message.body).group(1)
    token = path.split("/")[2]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert "Savoir qui peut porter" in message.body

    # The partner opens the form without logging in; the purpose is stated.
    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200
    assert "Savoir qui peut porter les actions du PAT." in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"

    # A draft is saved as they go (htmx autosave), and nothing is assessed yet.
    first = competencies[0]
    draft = visitor.post(
        path + "draft/", {f"level_{first.pk}": 2, "days_per_month": "1"}, HTTP_HX_REQUEST="true"
    )
    assert draft.status_code == 200
    invitation = Invitation.objects.get(campaign=campaign, person=partner)
    assert invitation.draft_saved_at is not None
    assert Answer.objects.get(invitation=invitation, competency=first).level == 2
    assert not Assessment.objects.filter(person=partner).exists()

    # The coordinator sees a draft in progress, and reminds those who have not answered.
    detail = coordinator.get(
        reverse("competencies_campaign_detail", args=[project.pk, campaign.pk])
    )
    assert "draft in progress" in detail.content.decode() or "brouillon" in detail.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            reverse("competencies_campaign_invitations", args=[project.pk, campaign.pk]),
            {"action": "remind_all"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([partner.email, other.email])
    # The reminder carries a new link; the first one no longer works, the draft is kept.
    assert visitor.get(path).status_code == 404
    path = LINK.search(next(m for m in mail.outbox if m.to == [partner.email]).body).group(1)
    assert visitor.get(path).status_code == 200

    # The partner sends the answers: the assessments are updated with the declared values.
    sent = visitor.post(path, _answers(competencies))
    assert sent.status_code == 302
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None
    assert invitation.days_per_month == 2.5 and invitation.mandate == "oral"
    assessment = Assessment.objects.get(person=partner, competency=first)
    assert (assessment.level, assessment.motivation, assessment.legitimacy) == (3, 4, 2)
    assert assessment.validated_level is None

    detail = coordinator.get(
        reverse("competencies_campaign_detail", args=[project.pk, campaign.pk])
    )
    assert detail.context["answered"] == 1

    # The coordinator adjusts the level: both values are kept, with who and when.
    response = coordinator.post(
        reverse("competencies_validation", args=[project.pk]),
        {"assessment": assessment.pk, "level": 2, "comment": "À confirmer en formation"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.level, assessment.validated_level, assessment.effective_level) == (3, 2, 2)
    validation = Validation.objects.get(assessment=assessment)
    assert (validation.declared_level, validation.validated_level) == (3, 2)
    assert validation.validated_by == persona_users["coordinator"]
    assert validation.validated_at is not None
    assert Answer.objects.get(invitation=invitation, competency=first).validated_level == 2

    # Closing the campaign ends every link.
    response = coordinator.post(
        reverse("competencies_campaign_close", args=[project.pk, campaign.pk])
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    closed = visitor.get(path)
    assert closed.status_code == 410


def test_a_person_without_email_gets_a_link_to_copy(
    personas: dict[str, Client], project: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = make_person(project, email="")
    campaign = _create(
        personas["coordinator"], project, [person], django_capture_on_commit_callbacks
    )
    assert mail.outbox == []
    invitation = campaign.invitations.get()

    response = personas["coordinator"].post(
        reverse("competencies_campaign_invitations", args=[project.pk, campaign.pk]),
        {"invitation": invitation.pk, "action": "link"},
    )

    assert response.status_code == 200
    link = response.context["new_link"]
    assert Client().get(link.replace("http://testserver", "")).status_code == 200


def test_a_reminder_to_someone_without_email_is_refused(
    personas: dict[str, Client], project: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = make_person(project, email="")
    campaign = _create(
        personas["coordinator"], project, [person], django_capture_on_commit_callbacks
    )
    invitation = campaign.invitations.get()

    response = personas["coordinator"].post(
        reverse("competencies_campaign_invitations", args=[project.pk, campaign.pk]),
        {"invitation": invitation.pk, "action": "remind"},
        follow=True,
    )

    assert mail.outbox == []
    assert invitation.person.last_name in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reminder_count == 0


def test_a_campaign_needs_people_competencies_and_a_future_deadline(
    personas: dict[str, Client], project: Any
) -> None:
    url = reverse("competencies_campaign_create", args=[project.pk])
    base = {"title": "Revue", "purpose": "But", "deadline": "2099-01-01"}

    nobody = personas["coordinator"].post(url, base)
    nothing = personas["coordinator"].post(
        url, {**base, "deadline": "2000-01-01", "people": [project.dataset["people"][0].pk]}
    )

    assert nobody.status_code == 200 and "people" in nobody.context["form"].errors
    assert nothing.status_code == 200
    assert {"competencies", "deadline"} <= set(nothing.context["form"].errors)
    assert not Campaign.objects.exists()


def test_a_campaign_of_another_project_cannot_be_reached(
    personas: dict[str, Client], project: Any, other_project: Any
) -> None:
    from tests.competencies.factories import make_campaign

    campaign, _tokens = make_campaign(other_project, other_project.dataset["people"][:1])
    url = reverse("competencies_campaign_close", args=[project.pk, campaign.pk])

    assert personas["coordinator"].post(url).status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN


def test_an_axis_brings_the_competencies_its_tasks_need(
    personas: dict[str, Client], project: Any
) -> None:
    axis = project.dataset["axes"][0]
    needed = set(
        project.framework.competencies.filter(needs__task__axis=axis).values_list("pk", flat=True)
    )
    assert needed

    response = personas["coordinator"].post(
        reverse("competencies_campaign_create", args=[project.pk]),
        {
            "title": "Revue de l'axe",
            "purpose": "Préparer l'axe.",
            "deadline": "2099-01-31",
            "people": [project.dataset["people"][0].pk],
            "axes": [axis.pk],
        },
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Revue de l'axe")
    assert set(campaign.competencies.values_list("pk", flat=True)) == needed
    assert list(campaign.axes.all()) == [axis]
