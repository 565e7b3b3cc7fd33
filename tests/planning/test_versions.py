"""Guiding-thread versions: freezing, submitting to the sponsors, their decisions, the baseline."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from maillage.engine.plan.model import Plan
from maillage.planning import services
from maillage.planning.models import FrozenVersionError, PlanVersion, Review
from maillage.projects.models import Membership, ProjectOrganisation, Step, Task
from tests.factories import make_membership, make_person, make_user
from tests.planning.conftest import access_of

pytestmark = pytest.mark.django_db

VALIDATED = Review.Decision.VALIDATED
CHANGES = Review.Decision.CHANGES_REQUESTED


def _freeze(project: Any, persona_users: dict[str, Any], label: str = "Plan") -> PlanVersion:
    return services.version_freeze(
        access=access_of(persona_users["coordinator"], project), label=label
    )


def _submitted(project: Any, persona_users: dict[str, Any]) -> PlanVersion:
    version = _freeze(project, persona_users)
    return services.version_submit(
        access=access_of(persona_users["coordinator"], project), version=version, deadline=None
    )


def _decide(sponsors: dict, key: str, project: Any, version: Any, decision: str, comment=""):
    return services.review_decide(
        access=access_of(sponsors["users"][key], project),
        version=version,
        decision=decision,
        comment=comment,
    )


def test_a_frozen_version_records_the_plan_as_it_was(project: Any, persona_users: dict) -> None:
    task = Task.objects.filter(project=project).first()
    version = _freeze(project, persona_users)
    Task.objects.filter(pk=task.pk).update(title="Renommée après coup")

    plan = Plan.from_json(PlanVersion.objects.get(pk=version.pk).data)
    assert version.number == 1
    assert {t.key: t.title for t in plan.tasks}[task.pk] == task.title
    assert len(plan.tasks) == Task.objects.filter(project=project).count()
    assert _freeze(project, persona_users).number == 2


def test_a_frozen_version_can_never_change(project: Any, persona_users: dict) -> None:
    version = _freeze(project, persona_users)
    version.data = {"horizon_start": "2020-01-01", "horizon_months": 1}
    with pytest.raises(FrozenVersionError):
        version.save()
    version.label = "Autre"
    with pytest.raises(FrozenVersionError):
        version.save(update_fields=["label"])
    assert PlanVersion.objects.get(pk=version.pk).label == "Plan"


def test_submission_and_decisions_leave_the_content_untouched(
    project: Any, persona_users: dict, sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    frozen = PlanVersion.objects.get(pk=version.pk).data
    _decide(sponsors, "department", project, version, VALIDATED)
    _decide(sponsors, "region", project, version, VALIDATED)
    assert PlanVersion.objects.get(pk=version.pk).data == frozen


def test_submitting_asks_each_sponsor_representative_and_marks_steps_submitted(
    project: Any, persona_users: dict, sponsors: dict
) -> None:
    draft = Step.objects.filter(project=project, status=Step.Status.DRAFT).first()
    version = _submitted(project, persona_users)

    reviews = Review.objects.filter(version=version)
    assert sorted(r.sponsor_name for r in reviews) == ["Sponsor department", "Sponsor region"]
    assert {r.decision for r in reviews} == {Review.Decision.PENDING}
    assert version.status == PlanVersion.Status.SUBMITTED
    draft.refresh_from_db()
    assert draft.status == Step.Status.SUBMITTED


def test_a_version_is_submitted_only_once(project: Any, persona_users: dict, sponsors) -> None:
    version = _submitted(project, persona_users)
    with pytest.raises(ValidationError):
        services.version_submit(
            access=access_of(persona_users["coordinator"], project), version=version, deadline=None
        )


def test_submission_without_named_representatives_is_refused(
    project: Any, persona_users: dict
) -> None:
    ProjectOrganisation.objects.filter(project=project).update(representative=None)
    version = _freeze(project, persona_users)
    with pytest.raises(ValidationError, match=str(services.NO_SPONSOR)[:20]):
        services.version_submit(
            access=access_of(persona_users["coordinator"], project), version=version, deadline=None
        )
    assert PlanVersion.objects.get(pk=version.pk).status == PlanVersion.Status.FROZEN


def test_only_the_coordinator_freezes_and_submits(project: Any, persona_users: dict) -> None:
    for persona in ("contributor", "elected", "partner", "observer"):
        with pytest.raises(PermissionDenied):
            services.version_freeze(access=access_of(persona_users[persona], project), label="x")
    assert not PlanVersion.objects.exists()


def test_a_version_validated_by_all_sponsors_becomes_the_baseline(
    project: Any, persona_users: dict, sponsors: dict
) -> None:
    first = _submitted(project, persona_users)
    _decide(sponsors, "department", project, first, VALIDATED)
    _decide(sponsors, "region", project, first, VALIDATED)
    first.refresh_from_db()
    assert first.is_baseline and first.status == PlanVersion.Status.VALIDATED
    assert set(Step.objects.filter(project=project).values_list("status", flat=True)) == {
        Step.Status.VALIDATED
    }

    second = _submitted(project, persona_users)
    _decide(sponsors, "department", project, second, VALIDATED)
    second.refresh_from_db()
    assert not second.is_baseline and second.status == PlanVersion.Status.SUBMITTED
    _decide(sponsors, "region", project, second, VALIDATED)
    assert list(PlanVersion.objects.filter(is_baseline=True)) == [second]


def test_asking_for_changes_needs_a_comment_and_blocks_the_baseline(
    project: Any, persona_users: dict, sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    with pytest.raises(ValidationError) as refused:
        _decide(sponsors, "region", project, version, CHANGES, comment="  ")
    assert "comment" in refused.value.message_dict

    _decide(sponsors, "region", project, version, CHANGES, comment="Décaler le diagnostic")
    _decide(sponsors, "department", project, version, VALIDATED)
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.CHANGES_REQUESTED
    assert not version.is_baseline
    review = Review.objects.get(version=version, decision=CHANGES)
    assert review.comment == "Décaler le diagnostic"
    assert review.decided_by == sponsors["users"]["region"]


def test_a_representative_decides_only_once(project: Any, persona_users: dict, sponsors) -> None:
    version = _submitted(project, persona_users)
    _decide(sponsors, "department", project, version, VALIDATED)
    with pytest.raises(ValidationError):
        _decide(sponsors, "department", project, version, CHANGES, comment="Finalement non")


@pytest.mark.parametrize("persona", ["coordinator", "contributor", "partner", "observer"])
def test_only_the_sponsors_elected_representatives_validate(
    persona: str, project: Any, persona_users: dict, sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    with pytest.raises(PermissionDenied):
        services.review_decide(
            access=access_of(persona_users[persona], project),
            version=version,
            decision=VALIDATED,
            comment="",
        )
    assert set(Review.objects.values_list("decision", flat=True)) == {Review.Decision.PENDING}


def test_an_elected_member_who_represents_no_sponsor_cannot_validate(
    project: Any, persona_users: dict, sponsors: dict
) -> None:
    other = make_user("autre-elu")
    make_membership(project, other, Membership.Role.ELECTED)
    make_person(project, user=other)
    version = _submitted(project, persona_users)
    with pytest.raises(PermissionDenied):
        services.review_decide(
            access=access_of(other, project), version=version, decision=VALIDATED, comment=""
        )


def test_a_partner_linked_to_a_representative_still_cannot_validate(
    project: Any, persona_users: dict, sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = Review.objects.filter(version=version).first()
    review.representative = make_person(project, user=persona_users["partner"])
    review.save()
    with pytest.raises(PermissionDenied):
        _decide({"users": {"p": persona_users["partner"]}}, "p", project, version, VALIDATED)


def test_the_representative_decides_from_the_version_page(
    project: Any, persona_users: dict, sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    client = sponsors["clients"]["region"]
    page = client.get(reverse("planning_version_detail", args=[project.pk, version.pk]))
    assert (
        reverse("planning_version_decide", args=[project.pk, version.pk]) in page.content.decode()
    )

    refused = client.post(
        reverse("planning_version_decide", args=[project.pk, version.pk]),
        {"decision": CHANGES, "comment": ""},
    )
    assert refused.status_code == 400
    assert escape(str(services.COMMENT_REQUIRED)) in refused.content.decode()

    response = client.post(
        reverse("planning_version_decide", args=[project.pk, version.pk]),
        {"decision": VALIDATED, "comment": "Bon pour nous"},
    )
    assert response.status_code == 302
    assert Review.objects.get(version=version, decided_by=sponsors["users"]["region"]).comment == (
        "Bon pour nous"
    )


def test_the_version_page_shows_no_decision_form_to_others(
    project: Any, persona_users: dict, personas: dict, sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    decide_url = reverse("planning_version_decide", args=[project.pk, version.pk])
    for persona in ("coordinator", "partner", "observer"):
        page = personas[persona].get(
            reverse("planning_version_detail", args=[project.pk, version.pk])
        )
        assert page.status_code == 200
        assert decide_url not in page.content.decode()


def test_partners_see_the_history_but_cannot_freeze(
    project: Any, persona_users: dict, personas: dict
) -> None:
    _freeze(project, persona_users, label="Version du COPIL")
    page = personas["partner"].get(reverse("planning_versions", args=[project.pk]))
    assert "Version du COPIL" in page.content.decode()
    assert reverse("planning_version_create", args=[project.pk]) not in page.content.decode()
    refused = personas["partner"].post(
        reverse("planning_version_create", args=[project.pk]), {"label": "x"}
    )
    assert refused.status_code == 403
    assert PlanVersion.objects.count() == 1


@pytest.mark.french
def test_the_version_page_says_its_dates_and_an_unstaffed_task_in_words(
    project: Any, persona_users: dict, personas: dict, sponsors: dict
) -> None:
    import datetime

    Task.objects.filter(project=project).first().assignments.all().delete()
    version = _freeze(project, persona_users)
    services.version_submit(
        access=access_of(persona_users["coordinator"], project),
        version=version,
        deadline=datetime.date(2026, 12, 18),
    )

    page = (
        personas["coordinator"]
        .get(reverse("planning_version_detail", args=[project.pk, version.pk]))
        .content.decode()
    )

    assert "Figée le 3 décembre 2026 10:" in page
    assert "Décisions attendues avant le 18 décembre 2026." in page
    assert "aucune personne affectée" in page
