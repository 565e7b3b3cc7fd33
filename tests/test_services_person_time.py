"""A person's time: employments with their shares, the project share, the monthly grid."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from maillage.access import project_access
from maillage.analysis.models import DataGeneration
from maillage.directory import selectors, services
from maillage.directory.models import Availability, Employment, Person
from maillage.projects.models import ProjectPerson
from maillage.projects.snapshot import snapshot_for_project
from tests.factories import make_organisation, make_person, make_project, make_user

pytestmark = pytest.mark.django_db

MAY = datetime.date(2026, 5, 1)
AUGUST = datetime.date(2026, 8, 1)


@pytest.fixture
def setup(django_capture_on_commit_callbacks: Any) -> Any:
    # Committed as a real save would be, so that later edits raise the counters afresh.
    with django_capture_on_commit_callbacks(execute=True):
        coordinator = make_user("coord")
        project = make_project(coordinator=coordinator)
        association = make_organisation(project, name="Terres Vives")
        person = make_person(project, time_share="0.5")
    return project, project_access(coordinator, project.pk), association, person


def _row(organisation: Any, share: str, role: str = "") -> dict[str, Any]:
    return {"organisation": organisation, "time_share": Decimal(share), "role": role}


def test_it_sets_two_employments_and_removes_the_missing_one(setup: Any) -> None:
    project, _, association, person = setup
    services.employment_set(
        project=project,
        person=person,
        employments=[_row(association, "0.6", "animatrice"), _row(project.carrier, "0.4")],
    )
    shares = dict(
        Employment.objects.filter(person=person).values_list("organisation", "time_share")
    )
    assert shares == {association.pk: Decimal("0.6"), project.carrier.pk: Decimal("0.4")}
    services.employment_set(project=project, person=person, employments=[_row(association, "1")])
    assert list(
        Employment.objects.filter(person=person).values_list("organisation", flat=True)
    ) == [association.pk]


def test_it_refuses_shares_above_100_percent_and_writes_nothing(setup: Any) -> None:
    project, _, association, person = setup
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.employment_set(
            project=project,
            person=person,
            employments=[_row(association, "0.7"), _row(project.carrier, "0.5")],
        )
    assert refused.value.message_dict["time_share"] == [
        "Quotité de temps : les emplois totalisent 120 %, plus de 100 %."
    ]
    assert list(Employment.objects.filter(person=person).values_list("time_share", flat=True)) == [
        Decimal("0.5")
    ]


def test_it_refuses_an_organisation_outside_the_project(setup: Any) -> None:
    project, _, _, person = setup
    stranger = make_organisation(name="Ailleurs")
    with pytest.raises(ValidationError) as refused:
        services.employment_set(project=project, person=person, employments=[_row(stranger, "0.2")])
    assert "organisation" in refused.value.message_dict


def test_it_refuses_a_project_share_above_the_employments(setup: Any) -> None:
    project, _, _, person = setup
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.project_share_set(project=project, person=person, time_share=Decimal("0.6"))
    assert refused.value.message_dict["project_share"] == [
        "Share of time for the project: 60 % is more than the time shares of the employments "
        "(50 %)."
    ]
    services.project_share_set(project=project, person=person, time_share=Decimal("0.2"))
    assert ProjectPerson.objects.get(person=person).time_share == Decimal("0.2")


def test_the_grid_defaults_to_working_days_times_the_project_share(setup: Any) -> None:
    project, _, _, person = setup
    services.project_share_set(project=project, person=person, time_share=Decimal("0.2"))
    months = {m.month: m for m in selectors.person_time(project=project, person=person).months}
    # May 2026: 17 working days (1 May, 8 May, Ascension and Whit Monday are off).
    assert months[MAY].working_days == 17 and months[MAY].days == Decimal("3.40")
    # August: half of its 21 working days, the usual summer leave.
    assert months[AUGUST].days == Decimal("2.10")
    assert not Availability.objects.filter(person=person).exists()


def test_the_grid_is_all_or_nothing_and_names_the_refused_month(setup: Any) -> None:
    _, _, _, person = setup
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.availability_set(
            person=person,
            months={datetime.date(2026, 4, 1): Decimal("2.5"), MAY: Decimal(18)},
        )
    assert refused.value.message_dict["month_2026_05"] == [
        "mai 2026 : 18 jours, c’est plus que les 17 jours ouvrés du mois."
    ]
    assert not Availability.objects.filter(person=person).exists()
    with pytest.raises(ValidationError) as refused:
        services.availability_set(person=person, months={MAY: Decimal(-1)})
    assert "month_2026_05" in refused.value.message_dict


def test_a_blank_month_goes_back_to_the_default(setup: Any) -> None:
    _, _, _, person = setup
    services.availability_set(person=person, months={MAY: Decimal("2.5")})
    assert Availability.objects.get(person=person).days == Decimal("2.5")
    services.availability_set(person=person, months={MAY: None})
    assert not Availability.objects.filter(person=person).exists()


def test_a_stale_version_is_refused(setup: Any) -> None:
    _project, access, association, person = setup
    version = person.time_version
    services.availability_set(person=person, months={MAY: Decimal(3)}, expected_version=version)
    with pytest.raises(services.StaleTime):
        services.person_time_set(
            access=access,
            person=person,
            expected_version=version,
            employments=[_row(association, "0.5")],
            project_share=Decimal("0.1"),
            months={MAY: Decimal(1)},
        )
    assert Availability.objects.get(person=person).days == Decimal(3)


def test_the_whole_page_is_refused_when_one_part_is_wrong(setup: Any) -> None:
    project, access, association, person = setup
    person.refresh_from_db()
    with pytest.raises(ValidationError):
        services.person_time_set(
            access=access,
            person=person,
            expected_version=person.time_version,
            employments=[_row(association, "0.5"), _row(project.carrier, "0.5")],
            project_share=Decimal("0.3"),
            months={MAY: Decimal(30)},
        )
    assert Employment.objects.filter(person=person).count() == 1
    assert ProjectPerson.objects.get(person=person).time_share == 0


def test_a_review_keeps_the_declared_and_the_validated_days(setup: Any) -> None:
    _, _, _, person = setup
    services.availability_from_review(
        person=person, months=[MAY, AUGUST], declared=Decimal("2.5"), validated=Decimal(2)
    )
    row = Availability.objects.get(person=person, month=MAY)
    assert (row.days, row.declared_days) == (Decimal(2), Decimal("2.5"))


def test_the_analysis_reads_the_grid(setup: Any) -> None:
    project, _, _, person = setup
    services.project_share_set(project=project, person=person, time_share=Decimal("0.2"))
    services.availability_set(person=person, months={MAY: Decimal("2.5")})
    grid = selectors.person_time(project=project, person=person).months
    snapshot = snapshot_for_project(project)
    analysed = next(p for p in snapshot.people if p.id == person.pk)
    assert analysed.availability == tuple(float(m.days) for m in grid)
    assert analysed.availability[4] == 2.5 and analysed.availability[0] == 4.2


def test_time_writes_raise_the_people_counter(
    setup: Any, django_capture_on_commit_callbacks: Any
) -> None:
    project, _, association, person = setup

    def people() -> int:
        row = DataGeneration.objects.filter(scope="people").first()
        return row.value if row else 0

    before = people()
    with django_capture_on_commit_callbacks(execute=True):
        services.availability_set(person=person, months={MAY: Decimal(1)})
    after_grid = people()
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_set(
            project=project, person=person, employments=[_row(association, "1")]
        )
    assert before < after_grid < people()


def test_the_person_form_cannot_push_the_shares_above_100_percent(setup: Any) -> None:
    project, access, association, person = setup
    services.employment_set(
        project=project,
        person=person,
        employments=[_row(project.carrier, "0.6"), _row(association, "0.4")],
    )
    version = Person.objects.get(pk=person.pk).time_version
    with pytest.raises(ValidationError) as refused:
        services.person_update(
            access=access,
            person=person,
            data={"organisation": project.carrier, "time_share": Decimal(1)},
        )
    assert "time_share" in refused.value.message_dict
    services.person_update(
        access=access, person=person, data={"organisation": project.carrier, "time_share": "0.5"}
    )
    # The time page opened before this edit is now stale.
    assert Person.objects.get(pk=person.pk).time_version > version
