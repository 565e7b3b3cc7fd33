"""The who-does-what table, its in-place edits, exports, RACI view, heat map and axes."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.staffing.models import Assignment

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(team, name, *args):
    return reverse(name, args=[team.project.pk, *args])


def rows(response):
    return [
        (a.task.title, str(a.person), a.responsibility) for a in response.context["assignments"]
    ]


def test_the_table_lists_who_does_what_when_how_and_with_whom(team) -> None:
    response = team.clients["observer"].get(url(team, "responsibilities_table"))
    html = response.content.decode()
    assert rows(response) == [
        ("Diagnostic agricole du territoire", "Anne Le Goff", "lead"),
        ("Diagnostic agricole du territoire", "Élise Rault", "validator"),
        ("Diagnostic agricole du territoire", "Bruno Morvan", "contributor"),
        ("Approvisionnement local des cantines", "Anne Le Goff", "lead"),
    ]
    assert "Entretiens avec les exploitants" in html  # how
    assert "CA35" in html  # with whom
    assert "hx-get" in html and "Edit the allocation" not in html  # observers do not edit


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"person": "bruno"}, {("Diagnostic agricole du territoire", "Bruno Morvan")}),
        ({"organisation": "chamber"}, {("Diagnostic agricole du territoire", "Bruno Morvan")}),
        (
            {"from": "2026-03", "to": "2026-03"},
            {("Approvisionnement local des cantines", "Anne Le Goff")},
        ),
        ({"axis": "axis"}, None),
    ],
)
def test_the_table_filters_by_axis_organisation_person_and_period(team, query, expected) -> None:
    params = {
        k: (getattr(team, v).pk if k in ("person", "organisation", "axis") else v)
        for k, v in query.items()
    }
    response = team.clients["coordinator"].get(url(team, "responsibilities_table"), params, **HTMX)
    found = {(title, person) for title, person, _ in rows(response)}
    assert found == (expected or {(a.task.title, str(a.person)) for a in Assignment.objects.all()})
    assert b"<html" not in response.content  # htmx gets the table only


def test_an_allocation_is_edited_in_place_and_the_heat_map_is_told(team) -> None:
    edit = url(team, "responsibilities_assignment_edit", team.helper.pk)
    form = team.clients["contributor"].get(edit, **HTMX)
    assert b'name="days_per_month"' in form.content and b"<html" not in form.content

    response = team.clients["contributor"].post(
        edit, {"responsibility": "contributor", "days_per_month": "2,5", "version": 1}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "allocationChanged"
    assert f'id="assignment-{team.helper.pk}"'.encode() in response.content
    team.helper.refresh_from_db()
    assert team.helper.days_per_month == Decimal("2.5") and team.helper.version == 2


def test_an_absurd_allocation_is_refused_in_the_row_with_a_message(team) -> None:
    response = team.clients["coordinator"].post(
        url(team, "responsibilities_assignment_edit", team.helper.pk),
        {"responsibility": "contributor", "days_per_month": "45", "version": 1},
        **HTMX,
    )
    assert "at most 31 days" in response.content.decode()
    assert "HX-Trigger" not in response
    team.helper.refresh_from_db()
    assert team.helper.days_per_month == Decimal("2")


def test_two_people_editing_the_same_allocation_do_not_overwrite_each_other(team) -> None:
    edit = url(team, "responsibilities_assignment_edit", team.helper.pk)
    first = {"responsibility": "contributor", "days_per_month": "3", "version": 1}
    second = {"responsibility": "contributor", "days_per_month": "7", "version": 1}
    assert team.clients["coordinator"].post(edit, first).status_code == 302
    response = team.clients["contributor"].post(edit, second)
    assert response.status_code == 409
    assert "changed in the meantime" in response.content.decode()
    team.helper.refresh_from_db()
    assert team.helper.days_per_month == Decimal("3")


def test_an_over_allocation_is_saved_and_flagged_at_once(team) -> None:
    response = team.clients["coordinator"].post(
        url(team, "responsibilities_assignment_edit", team.canteen_lead.pk),
        {"responsibility": "lead", "days_per_month": "20", "version": 1},
        **HTMX,
    )
    html = response.content.decode()
    # 20 task days + 1 COTECH day (animated by Anne: meeting and preparation) for 10 available.
    assert "is over-allocated in" in html and "21 / 10" in html
    heat = team.clients["coordinator"].get(url(team, "responsibilities_workload"), **HTMX)
    over = [
        (load.name, m.month.month)
        for load in heat.context["workload"].people
        for m in load.months
        if m.overallocated
    ]
    assert over == [("Anne Le Goff", 3)]
    link = f"?person={team.anne.pk}&amp;from=2026-03&amp;to=2026-03"
    assert link in heat.content.decode()  # the over-allocated cell links to what to change


def test_the_heat_map_shows_capacity_only_to_who_may_see_it(team) -> None:
    coordinator = team.clients["coordinator"].get(url(team, "responsibilities_workload"))
    names = [load.name for load in coordinator.context["workload"].people]
    assert names == ["Anne Le Goff", "Bruno Morvan", "Élise Rault"]
    january = coordinator.context["workload"].people[0].months[0]
    # Anne animates the monthly half-day COTECH: the meeting and as much to prepare it.
    assert (january.task_days, january.governance_days, january.available_days) == (4.0, 1.0, 10.0)
    assert coordinator.context["workload"].organisations

    partner = team.clients["partner"].get(url(team, "responsibilities_workload"))
    assert partner.context["workload"].people == []
    assert partner.context["workload"].organisations == []
    assert partner.context["workload"].hidden_people == 3


def test_the_raci_matrix_crosses_tasks_and_people(team) -> None:
    response = team.clients["partner"].get(url(team, "responsibilities_raci"))
    matrix = response.context["matrix"]
    assert [str(p) for p in matrix.people] == ["Anne Le Goff", "Bruno Morvan", "Élise Rault"]
    assert [(task.title, cells) for task, cells in matrix.rows] == [
        ("Diagnostic agricole du territoire", ["R*", "R", "A"]),
        ("Approvisionnement local des cantines", ["R*", "", ""]),
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "pdf"])
def test_the_table_is_exported_with_its_filters(team, fmt) -> None:
    response = team.clients["observer"].get(
        url(team, f"responsibilities_export_{fmt}"), {"person": team.bruno.pk}
    )
    assert response.status_code == 200
    assert f"qui-fait-quoi.{fmt}" in response["Content-Disposition"]
    content = response.content
    if fmt == "xlsx":
        from openpyxl import load_workbook

        values = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        assert len(values) == 2
        assert values[1][1] == "Diagnostic agricole du territoire" and values[1][7] == 2
        assert values[1][4] == "Bruno Morvan" and values[1][9] == "CA35"
    elif fmt == "ods":
        from odf import teletype
        from odf.opendocument import load
        from odf.table import TableRow

        table_rows = load(io.BytesIO(content)).spreadsheet.getElementsByType(TableRow)
        assert len(table_rows) == 2
        assert "Bruno Morvan" in teletype.extractText(table_rows[1])
    else:
        from pypdf import PdfReader

        text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
        assert "Bruno Morvan" in text and "Anne Le Goff" not in text.split("Bruno")[1]


def test_the_coordinator_names_the_referents_of_an_axis(team) -> None:
    response = team.clients["coordinator"].post(
        url(team, "responsibilities_axis_edit", team.axis.pk),
        {"lead": team.bruno.pk, "political_referent": team.elise.pk},
    )
    assert response.status_code == 302
    team.axis.refresh_from_db()
    assert (team.axis.lead, team.axis.political_referent, team.axis.technical_referent) == (
        team.bruno,
        team.elise,
        None,
    )
    page = team.clients["observer"].get(url(team, "responsibilities_axes")).content.decode()
    assert "COTECH alimentation (Anne Le Goff)" in page  # which body coordinates, who animates


def test_a_referent_must_be_a_person_of_the_project(team, other_project) -> None:
    stranger = other_project.dataset["people"][0]
    response = team.clients["coordinator"].post(
        url(team, "responsibilities_axis_edit", team.axis.pk), {"lead": stranger.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors["lead"]


def test_partners_are_added_and_removed(team) -> None:
    page = url(team, "responsibilities_task_partners", team.canteen.pk)
    client = team.clients["contributor"]
    assert (
        client.post(
            page, {"organisation": team.chamber.pk, "contribution": "Légumerie"}
        ).status_code
        == 302
    )
    partner = team.canteen.partners.get()
    assert (partner.organisation, partner.contribution) == (team.chamber, "Légumerie")
    assert client.post(page, {"organisation": team.chamber.pk}).status_code == 200  # twice: no
    assert client.post(page, {"remove": partner.pk}).status_code == 302
    assert not team.canteen.partners.exists()


def test_an_assignment_is_created_only_for_people_of_the_project(team) -> None:
    page = url(team, "responsibilities_assignment_create")
    data = {
        "task": team.canteen.pk,
        "person": team.bruno.pk,
        "responsibility": "consulted",
        "days_per_month": "0",
    }
    assert team.clients["contributor"].post(page, data).status_code == 302
    assert team.canteen.assignments.filter(person=team.bruno, responsibility="consulted").exists()
    data["days_per_month"] = "-2"
    data["responsibility"] = "informed"
    response = team.clients["contributor"].post(page, data)
    assert "cannot be negative" in response.content.decode()


def test_an_allocation_is_removed_in_place_only_from_its_current_version(team) -> None:
    remove = url(team, "responsibilities_assignment_delete", team.helper.pk)
    stale = team.clients["contributor"].post(remove, {"version": 0}, **HTMX)
    assert "changed in the meantime" in stale.content.decode()
    assert Assignment.objects.filter(pk=team.helper.pk).exists()

    response = team.clients["contributor"].post(remove, {"version": 1}, **HTMX)
    assert response.status_code == 200 and response.content == b""
    assert response["HX-Trigger"] == "allocationChanged"
    assert not Assignment.objects.filter(pk=team.helper.pk).exists()


def test_an_organisation_over_capacity_links_to_its_allocations_of_the_month(team) -> None:
    team.canteen_lead.days_per_month = Decimal("25")
    team.canteen_lead.save()
    response = team.clients["coordinator"].get(url(team, "responsibilities_workload"))
    carrier = next(
        o
        for o in response.context["workload"].organisations
        if o.organisation_id == team.project.carrier_id
    )
    assert [m.month.month for m in carrier.months if m.overallocated] == [3]
    link = f"?organisation={team.project.carrier_id}&amp;from=2026-03&amp;to=2026-03"
    assert link in response.content.decode()
