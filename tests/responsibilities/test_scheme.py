"""The organisation scheme: nodes and typed links drawn from the data, and what each role sees."""

import datetime

from django.urls import reverse

from maillage.engine import scheme
from maillage.engine import snapshot as engine

MONTHS = (datetime.date(2026, 1, 1),)


def small_snapshot() -> engine.ProjectSnapshot:
    day = datetime.date(2026, 1, 1)
    return engine.ProjectSnapshot(
        id=1,
        name="PAT",
        kind="pat",
        months=MONTHS,
        levels=(1, 2, 3),
        organisations=(
            engine.Organisation(1, "Communauté", "epci", 1),
            engine.Organisation(2, "Chambre", "chamber", 1),
            engine.Organisation(3, "Hors projet", "association", 1, in_project=False),
        ),
        people=(
            engine.Person(10, "Anne", "agent", (engine.Employment(1, 1.0),), leeway="decides"),
            engine.Person(11, "Bruno", "partner", (engine.Employment(2, 0.5),), leeway="proposes"),
            engine.Person(12, "Élise", "elected", (), leeway="decides"),
            engine.Person(13, "Loin", "other", (engine.Employment(3, 1.0),), in_project=False),
        ),
        axes=(
            engine.Axis(
                100,
                "ECO",
                "Économie",
                lead_id=10,
                political_referent_id=12,
                technical_referent_id=10,
                lead_organisation_id=1,
            ),
        ),
        tasks=(
            engine.Task(200, "Diagnostic", day, day, axis_id=100),
            engine.Task(201, "Annulée", day, day, axis_id=100, status="cancelled"),
        ),
        assignments=(
            engine.Assignment(1, 200, 10, "lead", 4.0),
            engine.Assignment(2, 200, 11, "contributor", 2.0),
            engine.Assignment(3, 200, 11, "informed", 0.0),
            engine.Assignment(4, 201, 12, "contributor", 3.0),
        ),
        bodies=(
            engine.Body(
                300,
                "COTECH",
                "cotech",
                12,
                0.5,
                member_ids=(10, 11),
                axis_ids=(100,),
                animator_id=10,
            ),
        ),
    )


def links(result: scheme.Scheme) -> set[tuple[str, str, str, str]]:
    return {(link.source, link.kind, link.target, link.detail) for link in result.links}


def test_the_scheme_has_the_projects_people_organisations_axes_and_bodies() -> None:
    result = scheme.organisation_scheme(small_snapshot())
    assert {node.id for node in result.nodes} == {
        "person:10",
        "person:11",
        "person:12",
        "organisation:1",
        "organisation:2",
        "axis:100",
        "body:300",
    }
    leeways = {node.label: node.leeway for node in result.nodes if node.kind == "person"}
    assert leeways == {"Anne": "decides", "Bruno": "proposes", "Élise": "decides"}


def test_each_link_says_what_ties_two_nodes() -> None:
    assert links(scheme.organisation_scheme(small_snapshot())) == {
        ("person:10", "leads", "axis:100", ""),
        ("organisation:1", "leads", "axis:100", ""),
        ("person:12", "referent_of", "axis:100", "political"),
        ("person:10", "referent_of", "axis:100", "technical"),
        ("body:300", "coordinates", "axis:100", ""),
        ("person:10", "animates", "body:300", ""),
        ("person:10", "member_of", "body:300", ""),
        ("person:11", "member_of", "body:300", ""),
        # Informed people and cancelled tasks do not make a contribution.
        ("person:10", "contributes_to", "axis:100", "lead"),
        ("person:11", "contributes_to", "axis:100", "contributor"),
        ("person:10", "member_of", "organisation:1", "1"),
        ("person:11", "member_of", "organisation:2", "0.5"),
    }


def test_a_filter_on_an_axis_keeps_its_people_and_their_organisations() -> None:
    result = scheme.organisation_scheme(small_snapshot())
    assert scheme.neighbourhood(result, "axis:100") == {
        "axis:100",
        "person:10",
        "person:11",
        "person:12",
        "organisation:1",
        "organisation:2",
        "body:300",
    }


def test_the_pages_scheme_matches_the_project(team) -> None:
    response = team.clients["coordinator"].get(
        reverse("responsibilities_scheme_data", args=[team.project.pk])
    )
    data = response.json()
    nodes = {n["data"]["id"]: n["data"] for n in data["nodes"]}
    typed = {
        (link["data"]["source"], link["data"]["kind"], link["data"]["target"])
        for link in data["links"]
    }
    anne, elise, bruno = (f"person:{p.pk}" for p in (team.anne, team.elise, team.bruno))
    axis, body = f"axis:{team.axis.pk}", f"body:{team.cotech.pk}"
    assert {anne, elise, bruno, axis, body, f"organisation:{team.chamber.pk}"} <= set(nodes)
    assert nodes[anne]["leeway"] == "decides"
    assert {
        (anne, "leads", axis),
        (elise, "referent_of", axis),
        (anne, "referent_of", axis),
        (body, "coordinates", axis),
        (anne, "animates", body),
        (bruno, "member_of", body),
        (bruno, "contributes_to", axis),
        (elise, "contributes_to", axis),  # she validates the diagnosis
        (bruno, "member_of", f"organisation:{team.chamber.pk}"),
    } <= typed
    assert nodes[anne]["email"] == team.anne.email
    days = {
        link["data"]["source"]: link["data"].get("days_per_month")
        for link in data["links"]
        if link["data"]["kind"] == "contributes_to"
    }
    assert days[anne] == 12.0  # 4 on the diagnosis + 8 on the canteens


def test_a_partner_sees_the_scheme_without_others_personal_data(team) -> None:
    response = team.clients["partner"].get(
        reverse("responsibilities_scheme_data", args=[team.project.pk])
    )
    assert response.status_code == 200
    data = response.json()
    people = [n["data"] for n in data["nodes"] if n["data"]["kind"] == "person"]
    assert {p["label"] for p in people} == {"Anne Le Goff", "Bruno Morvan", "Élise Rault"}
    assert all("email" not in p and "phone" not in p for p in people)
    assert all("days_per_month" not in link["data"] for link in data["links"])
    page = team.clients["partner"].get(reverse("responsibilities_scheme", args=[team.project.pk]))
    assert team.anne.email not in page.content.decode()


def test_the_scheme_page_draws_the_network_and_offers_its_table(team) -> None:
    page = team.clients["observer"].get(reverse("responsibilities_scheme", args=[team.project.pk]))
    html = page.content.decode()
    assert 'id="scheme-data"' in html and "vendor/cytoscape/cytoscape.min.js" in html
    table = {(row["source"], str(row["kind"]), row["target"]) for row in page.context["link_rows"]}
    assert ("COTECH alimentation", "coordinates", "ECO Économie alimentaire") in table
    assert ("Anne Le Goff", "animates", "COTECH alimentation") in table
