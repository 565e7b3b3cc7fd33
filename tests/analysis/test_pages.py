"""The Analyse page on the demo: who sees what, filters, links, and freshness after an edit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from maillage.competencies.models import Assessment
from maillage.demo import defects
from maillage.directory.models import Person
from maillage.projects.models import Axis, Task
from maillage.staffing.models import Assignment

pytestmark = pytest.mark.django_db

TEAM = ("coordination", "contribution", "elu", "observation")


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def page(username: str, project: Any, **query: Any) -> str:
    response = client_for(username).get(reverse("analysis_page", args=[project.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def results(client: Client, project: Any, **query: Any) -> Any:
    return client.get(
        reverse("analysis_results", args=[project.pk]), query, headers={"HX-Request": "true"}
    )


def version_of(html: str) -> str:
    return re.search(r"since=([^\"&]+)", html).group(1)


def finding_rows(html: str) -> list[str]:
    table = html.split('id="findings-table"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r"<tr>(.*?)</tr>", table, re.S)


@pytest.mark.parametrize("username", TEAM)
def test_the_team_sees_gaps_and_findings(demo: Any, username: str) -> None:
    html = page(username, demo)
    assert 'id="heat-structural"' in html and 'id="heat-mobilised"' in html
    assert "<caption" in html and 'scope="col"' in html  # tables, not only colours
    assert 'id="findings-table"' in html
    assert defects.TASK_WITHOUT_LEAD in html


def test_partners_see_the_aggregated_gaps_only(demo: Any) -> None:
    html = page("partenaire", demo)
    assert 'id="heat-structural"' in html and "Gaps by axis" in html
    assert 'id="findings-table"' not in html and 'id="departures"' not in html
    assert defects.TASK_WITHOUT_LEAD not in html
    assert defects.OVER_ALLOCATED_PERSON not in html.split('id="analysis-results"')[1]


@pytest.mark.french
def test_departures_and_capacity_figures_are_for_those_who_see_personal_data(demo: Any) -> None:
    coordinator = page("coordination", demo)
    contributor = page("contribution", demo)
    assert 'id="departures"' in coordinator and 'id="departures"' not in contributor
    over = defects.OVER_ALLOCATED_PERSON
    coordinator_row = next(r for r in finding_rows(coordinator) if over in r and "sur-affect" in r)
    assert "disponibles" in coordinator_row
    contributor_rows = [r for r in finding_rows(contributor) if over in r]
    assert not any("disponibles" in r for r in contributor_rows)
    assert any("plus de temps demandé que de temps disponible" in r for r in contributor_rows)


@pytest.mark.french
def test_motivation_findings_are_hidden_from_those_without_personal_data(demo: Any) -> None:
    lead = Assignment.objects.filter(
        task__project=demo, task__title=defects.LEAD_WITHOUT_MANDATE[1], responsibility="lead"
    ).get()
    Assessment.objects.filter(person=lead.person).update(motivation=1)
    coordinator = page("coordination", demo)
    assert "motivation très faible" in coordinator
    contributor = page("contribution", demo)
    assert "motivation très faible" not in contributor
    assert "n’est visible que par la coordination" in contributor


@pytest.mark.french
def test_each_finding_links_to_the_object_to_fix(demo: Any) -> None:
    html = page("coordination", demo)
    task = Task.objects.get(project=demo, title=defects.TASK_WITHOUT_LEAD)
    row = next(
        r for r in finding_rows(html) if defects.TASK_WITHOUT_LEAD in r and "chef de file" in r
    )
    assert f'href="{reverse("task_detail", args=[demo.pk, task.pk])}"' in row
    over = Person.objects.get(first_name="Claire", last_name="Le Goff")
    assert f'href="{reverse("person_detail", args=[demo.pk, over.pk])}"' in html


def test_filters_by_severity_axis_and_organisation(demo: Any) -> None:
    client = client_for("coordination")
    errors = results(client, demo, severity="error").content.decode()
    rows = finding_rows(errors)
    assert rows and all("badge--error" in r for r in rows)

    urb = Axis.objects.get(project=demo, code=defects.AXIS_WITHOUT_POLITICAL_REFERENT)
    html = results(client, demo, axis=urb.pk).content.decode()
    assert "Urbanisme et foncier" in html and defects.WORK_ON_UNVALIDATED_STEP[0] in html
    assert defects.UNDERFUNDED_TASK[0] not in html

    task = Task.objects.get(project=demo, title=defects.UNDERFUNDED_TASK[0])
    html = results(client, demo, organisation=task.lead_organisation_id).content.decode()
    assert defects.UNDERFUNDED_TASK[0] in html
    assert defects.AXIS_WITHOUT_POLITICAL_REFERENT + " " not in " ".join(finding_rows(html))


def test_the_fragment_is_empty_until_the_data_changes_then_fresh(
    demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("coordination")
    html = client.get(reverse("analysis_page", args=[demo.pk])).content.decode()
    version = version_of(html)
    assert results(client, demo, since=version).status_code == 204

    task = Task.objects.get(project=demo, title=defects.TASK_WITHOUT_LEAD)
    contributor = Assignment.objects.filter(task=task).first()
    with django_capture_on_commit_callbacks(execute=True):
        Assignment.objects.create(
            task=task, person=contributor.person, responsibility="lead", days_per_month=0
        )
    response = results(client, demo, since=version)
    assert response.status_code == 200
    fresh = response.content.decode()
    assert version_of(fresh) != version
    assert "Analysis computed from the current data" in fresh
    assert not any(
        defects.TASK_WITHOUT_LEAD in r and "chef de file" in r for r in finding_rows(fresh)
    )
    # A bulk update sends no signal, yet the data version still changes.
    version = version_of(fresh)
    Assignment.objects.filter(task=task).update(days_per_month=3)
    assert results(client, demo, since=version).status_code == 200


def test_filters_survive_polling(demo: Any) -> None:
    client = client_for("coordination")
    html = results(client, demo, severity="error").content.decode()
    polling = re.search(r'hx-get="([^"]+)"', html).group(1)
    assert "severity=error" in polling and polling.count("since=") == 1


def test_an_unchanged_project_is_not_read_again(
    demo: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("coordination")
    url = reverse("analysis_page", args=[demo.pk])
    assert client.get(url).status_code == 200
    # Session, user, membership, the person of the user and the data version: no snapshot.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert "unchanged since it was computed" in response.content.decode()


def test_the_time_the_analysis_took_is_shown_in_milliseconds(demo: Any) -> None:
    html = page("coordination", demo)
    shown = re.search(r"Analysis computed from the current data in (\d+) ms", html)
    assert shown, "a fresh analysis says how long it took"
    assert int(shown.group(1)) >= 1  # seconds shown as ms read "0 ms"
