"""The framing page and its forms, as the personas see them."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.urls import reverse
from django.utils.translation import override

from maillage.governance.models import Body
from maillage.planning.models import PlanVersion, Review
from maillage.projects.models import (
    Axis,
    ExpectedResult,
    Objective,
    Project,
    ProjectOrganisation,
    Step,
    Task,
)
from maillage.projects.services import FRAMING_CONFLICT


def framing_url(project: Any) -> str:
    return reverse("framing", args=[project.pk])


def test_every_member_reads_the_framing_but_only_the_coordinator_sees_the_actions(
    personas: dict, project: Any
) -> None:
    coordinator = personas["coordinator"].get(framing_url(project)).content.decode()
    observer = personas["observer"].get(framing_url(project)).content.decode()

    axis = project.dataset["axes"][0]
    assert axis.name in coordinator and axis.name in observer
    edit_url = reverse("framing_axis_edit", args=[project.pk, axis.pk])
    assert edit_url in coordinator
    assert edit_url not in observer


def test_the_navigation_shows_the_framing_after_the_overview(personas: dict, project: Any) -> None:
    html = personas["partner"].get(reverse("project_overview", args=[project.pk])).content.decode()

    overview = html.index(reverse("project_overview", args=[project.pk]) + '"')
    assert overview < html.index(framing_url(project) + '"')


def test_the_coordinator_adds_an_axis_with_pat_fields(personas: dict, project: Any) -> None:
    response = personas["coordinator"].post(
        reverse("framing_axis_create", args=[project.pk]),
        {"code": "CAT", "name": "Restauration collective", "pat_fields": ["catering", "social"]},
    )

    assert response.status_code == 302
    axis = Axis.objects.get(project=project, code="CAT")
    assert axis.pat_fields == ["catering", "social"]


def test_a_contributor_may_not_write_the_framing(personas: dict, project: Any) -> None:
    response = personas["contributor"].post(
        reverse("framing_axis_create", args=[project.pk]), {"code": "X", "name": "X"}
    )

    assert response.status_code == 403
    assert not Axis.objects.filter(project=project, code="X").exists()


def test_an_outsider_does_not_find_the_framing(personas: dict, project: Any) -> None:
    assert personas["outsider"].get(framing_url(project)).status_code == 404


def test_a_stale_axis_form_is_refused_with_a_message(personas: dict, project: Any) -> None:
    axis = project.dataset["axes"][0]
    url = reverse("framing_axis_edit", args=[project.pk, axis.pk])
    personas["coordinator"].post(reverse("set_language"), {"language": "fr"})
    personas["coordinator"].post(url, {"code": axis.code, "name": "Premier", "version": 1})

    response = personas["coordinator"].post(
        url, {"code": axis.code, "name": "Second", "version": 1}
    )

    assert response.status_code == 409
    with override("fr"):
        assert str(FRAMING_CONFLICT) in response.content.decode()
    assert Axis.objects.get(pk=axis.pk).name == "Premier"


def test_the_coordinator_archives_and_brings_back_an_axis(personas: dict, project: Any) -> None:
    axis = project.dataset["axes"][0]
    url = reverse("framing_axis_archive", args=[project.pk, axis.pk])

    personas["coordinator"].post(url, {"archived": "1"})
    assert Axis.objects.get(pk=axis.pk).is_archived
    page = personas["coordinator"].get(framing_url(project)).content.decode()
    assert "badge--archived" in page

    personas["coordinator"].post(url, {"archived": "0"})
    assert not Axis.objects.get(pk=axis.pk).is_archived


def test_an_expected_result_takes_a_decimal_target_with_a_comma(
    personas: dict, project: Any
) -> None:
    objective = project.dataset["objectives"][0]
    personas["coordinator"].post(reverse("set_language"), {"language": "fr"})

    response = personas["coordinator"].post(
        reverse("framing_result_create", args=[project.pk, objective.pk]),
        {
            "title": "Moins de gaspillage",
            "indicator": "Grammes jetés par repas",
            "unit": "g",
            "baseline": "120,5",
            "target": "84",
            "target_date": "2027-06-30",
        },
    )

    assert response.status_code == 302
    result = ExpectedResult.objects.get(objective=objective, title="Moins de gaspillage")
    assert str(result.baseline) == "120.50"
    page = personas["coordinator"].get(framing_url(project)).content.decode()
    assert "120,50&nbsp;g" in page and "30 juin 2027" in page


def test_a_sponsor_is_added_with_a_new_representative(personas: dict, project: Any) -> None:
    response = personas["coordinator"].post(
        reverse("framing_sponsor_add", args=[project.pk]),
        {
            "new_organisation_name": "Région Bretagne",
            "new_organisation_kind": "region",
            "new_first_name": "Loïg",
            "new_last_name": "Conseiller",
            "new_person_kind": "elected",
        },
    )

    assert response.status_code == 302
    link = ProjectOrganisation.objects.get(project=project, organisation__name="Région Bretagne")
    assert link.is_sponsor and str(link.representative) == "Loïg Conseiller"


def test_a_sponsor_form_without_organisation_names_the_field(personas: dict, project: Any) -> None:
    response = personas["coordinator"].post(
        reverse("framing_sponsor_add", args=[project.pk]), {"new_first_name": "Solo"}
    )

    assert response.status_code == 200
    assert 'href="#id_organisation"' in response.content.decode()


def test_an_invalid_siret_is_shown_next_to_its_field(personas: dict, project: Any) -> None:
    response = personas["coordinator"].post(
        reverse("framing_identity", args=[project.pk]),
        {"carrier_siret": "123 456 789 00012", "recognition_level": "0", "communes": "35238"},
    )

    assert response.status_code == 200
    assert 'id="id_carrier_siret_error"' in response.content.decode()
    assert Project.objects.get(pk=project.pk).communes == []


def test_the_identity_is_saved_and_shown_only_for_a_pat(personas: dict, project: Any) -> None:
    personas["coordinator"].post(reverse("set_language"), {"language": "fr"})
    response = personas["coordinator"].post(
        reverse("framing_identity", args=[project.pk]),
        {
            "pat_usual_name": "PAT du Pays de Test",
            "carrier_siret": "732 829 320 00074",
            "communes": "35238, 35211\n2A004",
            "recognition_level": "2",
            "recognition_date": "2025-01-10",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.carrier_siret == "73282932000074"
    assert project.communes == ["35238", "35211", "2A004"]
    page = personas["coordinator"].get(framing_url(project)).content.decode()
    assert "10 janvier 2030" in page  # a level 2 lasts five years

    Project.objects.filter(pk=project.pk).update(kind=Project.Kind.MOBILITY)
    assert (
        'id="identity-title"'
        not in personas["coordinator"].get(framing_url(project)).content.decode()
    )


@time_machine.travel("2026-12-03 10:00 +0100", tick=False)
def test_the_overview_warns_before_the_recognition_expires(personas: dict, project: Any) -> None:
    Project.objects.filter(pk=project.pk).update(
        recognition_level=1, recognition_date=datetime.date(2024, 3, 1)
    )

    html = personas["observer"].get(reverse("project_overview", args=[project.pk])).content
    assert b'id="recognition-warning"' in html

    Project.objects.filter(pk=project.pk).update(recognition_date=datetime.date(2025, 3, 1))
    html = personas["observer"].get(reverse("project_overview", args=[project.pk])).content
    assert b'id="recognition-warning"' not in html


def test_the_overview_empty_states_lead_the_coordinator_to_the_framing(
    personas: dict, project: Any
) -> None:
    Objective.objects.filter(project=project).delete()
    ProjectOrganisation.objects.filter(project=project).update(is_sponsor=False)
    overview = reverse("project_overview", args=[project.pk])

    coordinator = personas["coordinator"].get(overview).content.decode()
    observer = personas["observer"].get(overview).content.decode()

    assert framing_url(project) + "#sponsors-title" in coordinator
    assert framing_url(project) + "#objectives-title" in coordinator
    assert framing_url(project) + "#sponsors-title" not in observer


def test_the_overview_empty_steps_and_bodies_offer_to_create_them(
    personas: dict, project: Any
) -> None:
    Task.objects.filter(project=project).update(step=None)
    Step.objects.filter(project=project).delete()
    Body.objects.filter(project=project).delete()
    overview = reverse("project_overview", args=[project.pk])

    coordinator = personas["coordinator"].get(overview).content.decode()
    observer = personas["observer"].get(overview).content.decode()

    for url in (
        reverse("planning_step_create", args=[project.pk]),
        reverse("governance_body_create", args=[project.pk]),
    ):
        assert f'href="{url}"' in coordinator
        assert f'href="{url}"' not in observer


def test_objectives_are_reordered_with_the_buttons(personas: dict, project: Any) -> None:
    first, second = project.dataset["objectives"][:2]

    personas["coordinator"].post(
        reverse("framing_objective_move", args=[project.pk, second.pk]), {"direction": "up"}
    )

    titles = list(Objective.objects.filter(project=project).values_list("pk", flat=True))
    assert titles[:2] == [second.pk, first.pk]


def test_deleting_an_objective_takes_its_results(personas: dict, project: Any) -> None:
    objective = project.dataset["objectives"][0]
    url = reverse("framing_objective_delete", args=[project.pk, objective.pk])
    assert "Attendu 0" in personas["coordinator"].get(url).content.decode()

    personas["coordinator"].post(url)

    assert not ExpectedResult.objects.filter(objective_id=objective.pk).exists()


def test_the_coordinator_changes_a_sponsors_representative(personas: dict, project: Any) -> None:
    sponsor = project.dataset["organisations"][1]
    person = project.dataset["people"][2]

    response = personas["coordinator"].post(
        reverse("framing_sponsor_edit", args=[project.pk, sponsor.pk]),
        {"representative": person.pk},
    )

    assert response.status_code == 302
    link = ProjectOrganisation.objects.get(project=project, organisation=sponsor)
    assert link.representative == person


def test_removing_a_sponsor_with_decisions_is_refused_with_a_message(
    personas: dict, project: Any
) -> None:
    sponsor = project.dataset["organisations"][1]
    link = ProjectOrganisation.objects.get(project=project, organisation=sponsor)
    version = PlanVersion.objects.create(project=project, number=1, label="v1", data={})
    Review.objects.create(
        version=version,
        sponsor=link,
        sponsor_name=str(sponsor),
        representative_name="Anne",
        decision=Review.Decision.CHANGES_REQUESTED,
    )

    response = personas["coordinator"].post(
        reverse("framing_sponsor_remove", args=[project.pk, sponsor.pk]), follow=True
    )

    assert ProjectOrganisation.objects.get(pk=link.pk).is_sponsor
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_sponsor_of_nothing_has_no_representative_page(personas: dict, project: Any) -> None:
    partner = project.dataset["organisations"][2]  # takes part, sponsors nothing

    url = reverse("framing_sponsor_edit", args=[project.pk, partner.pk])

    assert personas["coordinator"].get(url).status_code == 404
