"""Personal links: expired, revoked, reused and tampered links show nothing and change nothing;
a link reaches one person's answers only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maillage.competencies import services, tokens
from maillage.competencies.models import Answer, Assessment, Invitation
from tests.competencies.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(project: Any) -> Any:
    people = project.dataset["people"][:2]
    campaign, issued = make_campaign(project, people, title="Revue secrète")
    return campaign, people, issued


def _answers(campaign: Any, level: int = 2) -> dict[str, Any]:
    data: dict[str, Any] = {"days_per_month": "3"}
    for competency in campaign.competencies.all():
        data.update(
            {
                f"level_{competency.pk}": level,
                f"motivation_{competency.pk}": 3,
                f"legitimacy_{competency.pk}": 3,
            }
        )
    return data


def _shows_nothing_of_the_review(response: Any, campaign: Any, person: Any) -> None:
    body = response.content.decode()
    assert campaign.title not in body
    assert campaign.project.name not in body
    assert person.last_name not in body
    assert '<form method="post" novalidate class="form" id="review-form"' not in body


def test_only_a_hash_of_the_token_is_stored(review: Any) -> None:
    campaign, people, issued = review
    invitation = Invitation.objects.get(campaign=campaign, person=people[0])

    assert invitation.token_hash == tokens.token_hash(issued[people[0].pk])
    assert issued[people[0].pk] not in invitation.token_hash


def test_a_valid_link_opens_the_persons_form(review: Any) -> None:
    campaign, people, issued = review

    response = Client().get(f"/review/{issued[people[0].pk]}/")

    assert response.status_code == 200
    assert campaign.title in response.content.decode()
    assert str(people[0]) in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_expired_link_says_so_and_shows_nothing_else(review: Any) -> None:
    campaign, people, issued = review
    Invitation.objects.filter(person=people[0]).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = Client().get(f"/review/{issued[people[0].pk]}/")
    posted = Client().post(f"/review/{issued[people[0].pk]}/", _answers(campaign))

    assert response.status_code == 410
    assert posted.status_code == 410
    assert response.context["reason"] == "expired"
    _shows_nothing_of_the_review(response, campaign, people[0])
    assert not Answer.objects.exists()


def test_a_revoked_link_says_so_and_shows_nothing_else(review: Any) -> None:
    campaign, people, issued = review
    services.invitation_revoke(invitation=Invitation.objects.get(person=people[0]))

    response = Client().get(f"/review/{issued[people[0].pk]}/")
    draft = Client().post(f"/review/{issued[people[0].pk]}/draft/", _answers(campaign))

    assert response.status_code == 410
    assert response.context["reason"] == "revoked"
    assert draft.status_code == 410
    _shows_nothing_of_the_review(response, campaign, people[0])
    assert not Answer.objects.exists()


def test_a_used_link_cannot_send_or_change_the_answers_again(review: Any) -> None:
    campaign, people, issued = review
    url = f"/review/{issued[people[0].pk]}/"
    assert Client().post(url, _answers(campaign, level=2)).status_code == 302
    before = list(Assessment.objects.values("competency_id", "level"))

    again = Client().post(url, _answers(campaign, level=4))
    draft = Client().post(url + "draft/", _answers(campaign, level=4))

    assert again.status_code == 410 and again.context["reason"] == "submitted"
    assert draft.status_code == 410
    assert list(Assessment.objects.values("competency_id", "level")) == before
    assert set(Answer.objects.values_list("level", flat=True)) == {2}
    # Reading the receipt is still possible; it shows no answer values.
    assert Client().get(url).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character changed
        lambda token: token[:-1],  # truncated
        lambda token: token + "A",  # lengthened
        lambda token: tokens.token_hash(token)[:43],  # the stored hash is not a link
    ],
)
def test_a_tampered_link_is_not_found(review: Any, tamper: Any) -> None:
    campaign, people, issued = review

    response = Client().get(f"/review/{tamper(issued[people[0].pk])}/")
    posted = Client().post(f"/review/{tamper(issued[people[0].pk])}/", _answers(campaign))

    assert response.status_code == 404
    assert posted.status_code == 404
    _shows_nothing_of_the_review(response, campaign, people[0])
    assert not Answer.objects.exists()


def test_a_link_reaches_only_its_own_persons_answers(review: Any) -> None:
    campaign, people, issued = review
    first, second = people
    assert Client().post(f"/review/{issued[second.pk]}/", _answers(campaign, 4)).status_code == 302

    page = Client().get(f"/review/{issued[first.pk]}/")
    Client().post(f"/review/{issued[first.pk]}/", _answers(campaign, 1))

    assert str(second) not in page.content.decode()
    assert set(
        Answer.objects.filter(invitation__person=second).values_list("level", flat=True)
    ) == {4}
    reviewed = Assessment.objects.filter(person=second, competency__campaigns=campaign)
    assert set(reviewed.values_list("level", flat=True)) == {4}
    assert set(Answer.objects.filter(invitation__person=first).values_list("level", flat=True)) == {
        1
    }


def test_a_level_outside_the_scale_or_a_negative_capacity_is_refused(review: Any) -> None:
    campaign, people, issued = review
    url = f"/review/{issued[people[0].pk]}/"
    competency = campaign.competencies.first()
    before = list(Assessment.objects.order_by("pk").values())

    outside = Client().post(url, {**_answers(campaign), f"level_{competency.pk}": 9})
    negative = Client().post(url, {**_answers(campaign), "days_per_month": "-2"})
    draft = Client().post(url + "draft/", {"days_per_month": "-2"}, HTTP_HX_REQUEST="true")

    assert outside.status_code == 400
    assert f"level_{competency.pk}" in outside.context["form"].errors
    assert negative.status_code == 400
    assert "days_per_month" in negative.context["form"].errors
    assert draft.status_code == 400
    assert not Answer.objects.exists()
    assert list(Assessment.objects.order_by("pk").values()) == before


def test_an_incomplete_form_is_refused_and_names_the_missing_answers(review: Any) -> None:
    campaign, people, issued = review
    competency = campaign.competencies.first()
    data = _answers(campaign)
    del data[f"motivation_{competency.pk}"]

    response = Client().post(f"/review/{issued[people[0].pk]}/", data)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [f"motivation_{competency.pk}"]
    invitation = Invitation.objects.get(person=people[0])
    assert invitation.submitted_at is None


def test_without_javascript_the_draft_button_saves_and_returns_to_the_form(review: Any) -> None:
    campaign, people, issued = review
    url = f"/review/{issued[people[0].pk]}/"
    competency = campaign.competencies.first()

    saved = Client().post(url + "draft/", {f"level_{competency.pk}": 2})
    refused = Client().post(url + "draft/", {f"level_{competency.pk}": 2, "days_per_month": "-1"})

    assert saved.status_code == 302 and saved["Location"] == url
    assert Answer.objects.get(competency=competency).level == 2
    assert refused.status_code == 400
    assert "days_per_month" in refused.context["form"].errors
