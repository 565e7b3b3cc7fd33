"""The acceptance test of building a PAT from a blank page, in a real browser, through pages only.

On an empty database, one user who is not staff logs in and, without the admin, an import, a
shell or any write behind the pages' back (the test only reads the database to check), builds a
small territorial food project: the project itself (a new territory, a new carrying organisation,
the shipped PAT framework, the blank template), a partner organisation, five people with their
employments, project share and availability, a sponsor whose elected representative has no
account, two objectives (one with an indicator), two axes with their PAT fields, a step, six
tasks with competency needs, the people's levels through a review campaign validated by the
coordinator, a COPIL with its colleges and animator, a member invited by e-mail who joins from
another browser, a plan version frozen, submitted and validated on the representative's behalf,
the Analyse page showing the structural gap left by a competency nobody has, and a staffing
proposal accepted and found on the responsibilities table. Every page visited passes the
accessibility check; screenshots of the key steps go to /tmp/shots/e2e/.

The blank template is used rather than the PAT one: the PAT template would already bring six
axes, five steps and three bodies, and this test is about creating each of them from the pages.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from maillage.competencies.models import Assessment, Competency
from maillage.directory.models import Availability, Organisation, Person
from maillage.governance.models import Body, BodyMember
from maillage.optimisation.models import StaffingRun
from maillage.planning.models import PlanVersion, Review
from maillage.projects.models import Axis, Membership, Project, ProjectOrganisation, Step, Task
from maillage.staffing.models import Assignment, Need
from tests.browser.helpers import accessibility_problems, log_in

SHOTS = Path("/tmp/shots/e2e")
PASSWORD = "un-mot-de-passe-de-test"
LETTER = b"%PDF-1.4\n% courrier du maire\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# What sticks out of the screen, outside the tables' own scroll areas.
WIDER_THAN_SCREEN_JS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
    && !e.closest('.table-scroll, .time-scroll'))
  .slice(0, 5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""

# name, kind, organisation ("carrier" or "partner"), job title, e-mail, employer share (%),
# project share (%)
PEOPLE = [
    (
        "Camille",
        "Martin",
        "agent",
        "carrier",
        "Chargée de mission PAT",
        "camille@example.org",
        100,
        80,
    ),
    ("Hugo", "Bernard", "technician", "carrier", "Diététicien", "hugo@example.org", 100, 30),
    ("Léa", "Petit", "partner", "partner", "Animatrice", "lea@example.org", 80, "2,5"),
    ("Paul", "Durand", "elected", "carrier", "Vice-président", "", 10, 10),
    ("Inès", "Roux", "volunteer", "partner", "Bénévole", "ines@example.org", 20, 20),
]


class Visit:
    """Checks every page it is shown and keeps what it found, with screenshots of key steps;
    at a phone's width, also notes what is wider than the screen outside a table's scroll."""

    def __init__(self) -> None:
        self.problems: dict[str, list[str]] = {}
        self.too_wide: dict[str, list[str]] = {}

    def check(self, page: Any, name: str, *, shoot: bool = False, phone: bool = False) -> None:
        found = accessibility_problems(page)
        if found:
            self.problems[name] = found
        if shoot or phone:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-1366.png"), full_page=True)
        if phone:
            page.set_viewport_size({"width": 390, "height": 900})
            page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
            wider = page.evaluate(WIDER_THAN_SCREEN_JS)
            if wider:
                self.too_wide[name] = wider
            page.set_viewport_size({"width": 1366, "height": 900})


def submit(page: Any, selector: str = "main form.form button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


# --- The steps ----------------------------------------------------------------------------------


def create_project(page: Any, visit: Visit) -> Project:
    page.goto("/")
    assert "Vous ne participez encore à aucun projet" in page.locator("main").inner_text()
    visit.check(page, "01-home-empty", shoot=True)
    page.get_by_role("link", name="Créer un projet").click()
    page.wait_for_url(re.compile(r"/projects/new/$"))
    page.fill("#id_name", "PAT du Val de Test")
    page.select_option("#id_kind", "pat")
    page.fill("#id_new_territory_name", "Communauté de communes du Val de Test")
    page.select_option("#id_new_territory_level", "epci")
    page.fill("#id_new_carrier_name", "Communauté de communes du Val de Test")
    page.select_option("#id_new_carrier_kind", "epci")
    assert page.locator("#id_framework option:checked").inner_text() == (
        "Référentiel PAT fourni avec Maillage"
    )
    page.fill("#id_horizon_start", "2027-01-01")
    page.fill("#id_horizon_months", "12")
    page.check("input[name=template][value=blank]")
    visit.check(page, "02-project-form", phone=True)
    submit(page)
    project = Project.objects.get(name="PAT du Val de Test")
    assert page.url.endswith(f"/projects/{project.pk}/")
    assert project.framework is not None and project.framework.is_public
    visit.check(page, "03-overview-blank", phone=True)
    return project


def add_partner_organisation(page: Any, visit: Visit, project: Project) -> Organisation:
    page.goto(f"/projects/{project.pk}/directory/")
    page.get_by_role("link", name="Ajouter une structure").click()
    page.fill("#id_name", "Association Terres du Val")
    page.select_option("#id_kind", "association")
    visit.check(page, "organisation-form")
    submit(page)
    return Organisation.objects.get(name="Association Terres du Val")


def add_person(page: Any, visit: Visit, project: Project, row: tuple[Any, ...]) -> Person:
    first, last, kind, _organisation, job, email, _employer, _share = row
    page.goto(f"/projects/{project.pk}/directory/")
    page.get_by_role("link", name="Ajouter une personne").click()
    page.select_option("#id_kind", kind)
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_job_title", job)
    page.fill("#id_email", email)
    visit.check(page, "person-form")
    submit(page)
    return Person.objects.get(first_name=first, last_name=last)


def set_time(
    page: Any, visit: Visit, project: Project, person: Person, row: tuple[Any, ...], org: str
) -> None:
    """Employment and project share on the person's Temps page, and two months typed in."""
    *_, employer_share, project_share = row
    page.goto(f"/projects/{project.pk}/people/{person.pk}/")
    page.get_by_role("link", name="Temps", exact=True).click()
    page.wait_for_url(re.compile(rf"/people/{person.pk}/time/$"))
    page.select_option("#id_employments-0-organisation", label=org)
    page.fill("#id_employments-0-time_share", str(employer_share))
    page.fill("#id_project_share", str(project_share))
    page.get_by_label("janvier 2027").fill("2,5" if person.first_name == "Camille" else "4")
    page.get_by_label("août 2027").fill("0")
    submit(page, "main form button:has-text('Enregistrer le temps')")
    assert page.get_by_text(f"Le temps de {person} est enregistré.").is_visible()
    visit.check(page, f"time-{person.first_name}", phone=person.first_name == "Camille")


def add_sponsor(page: Any, visit: Visit, project: Project, representative: Person) -> None:
    page.goto(f"/projects/{project.pk}/framing/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cadrage"
    visit.check(page, "04-framing-empty", shoot=True)
    page.get_by_role("link", name="Ajouter un commanditaire").first.click()
    page.select_option("#id_organisation", str(project.carrier_id))
    page.select_option("#id_representative", str(representative.pk))
    visit.check(page, "sponsor-form")
    submit(page)


def add_objectives_and_axes(page: Any, visit: Visit, project: Project) -> None:
    for title in ("Relocaliser la restauration collective", "Réduire le gaspillage alimentaire"):
        page.get_by_role("link", name="Ajouter un objectif").first.click()
        page.fill("#id_title", title)
        submit(page)
    objective = project.objectives.get(title="Relocaliser la restauration collective")
    page.click(f"#objective-{objective.pk} a[href$='/results/new/']")
    page.fill("#id_title", "Plus de produits locaux à la cantine")
    page.fill("#id_indicator", "Part de produits locaux dans les repas")
    page.fill("#id_unit", "%")
    page.fill("#id_baseline", "12,5")
    page.fill("#id_target", "40")
    page.fill("#id_target_date", "2027-12-31")
    visit.check(page, "result-form")
    submit(page)
    for code, name, fields in (
        ("ECO", "Économie alimentaire", ["Économie alimentaire", "Restauration collective"]),
        ("GAS", "Lutte contre le gaspillage", ["Environnement"]),
    ):
        page.get_by_role("link", name="Ajouter un axe").first.click()
        page.fill("#id_code", code)
        page.fill("#id_name", name)
        for label in fields:
            page.get_by_label(label, exact=True).check()
        visit.check(page, "axis-form")
        submit(page)
    visit.check(page, "05-framing-filled", phone=True)


def add_step(page: Any, visit: Visit, project: Project) -> Step:
    page.goto(f"/projects/{project.pk}/plan/steps/")
    visit.check(page, "steps-empty")
    page.get_by_role("link", name=re.compile("Ajouter une étape|Créer une étape")).first.click()
    page.fill("#id_name", "Mise en œuvre 2027")
    page.fill("#id_start", "2027-01-01")
    page.fill("#id_end", "2027-12-31")
    visit.check(page, "step-form")
    submit(page)
    visit.check(page, "06-steps", shoot=True)
    return Step.objects.get(project=project)


def add_task(
    page: Any,
    visit: Visit,
    project: Project,
    *,
    title: str,
    axis: Axis,
    step: Step,
    start: str,
    end: str,
    needs: list[tuple[Competency, int, str]],
    shoot: bool = False,
) -> Task:
    page.goto(f"/projects/{project.pk}/tasks/new/")
    page.fill("#id_title", title)
    page.select_option("#id_step", str(step.pk))
    page.select_option("#id_axis", str(axis.pk))
    page.fill("#id_start", start)
    page.fill("#id_end", end)
    for index, (competency, level, days) in enumerate(needs):
        if index:
            page.get_by_role("button", name="Ajouter une ligne").click()
            page.locator(f"#id_needs-{index}-competency").wait_for()
        page.select_option(f"#id_needs-{index}-competency", str(competency.pk))
        page.select_option(f"#id_needs-{index}-min_level", str(level))
        page.fill(f"#id_needs-{index}-days", days)
    visit.check(page, "task-form", shoot=shoot)
    submit(page, "main form button:has-text('Enregistrer')")
    task = Task.objects.get(project=project, title=title)
    assert page.url.endswith(f"/projects/{project.pk}/tasks/{task.pk}/"), page.url
    return task


def run_review_campaign(
    page: Any,
    browser: Any,
    live_server: Any,
    visit: Visit,
    project: Project,
    people: list[Person],
    competencies: list[Competency],
) -> None:
    """The coordinator asks people to assess themselves, each answers through their e-mailed
    link, and the coordinator validates the declared levels."""
    mail.outbox.clear()
    page.goto(f"/projects/{project.pk}/competencies/campaigns/new/")
    page.fill("#id_title", "Auto-évaluation de l’équipe")
    page.fill("#id_purpose", "Connaître les compétences de l’équipe pour répartir les tâches.")
    page.fill("#id_deadline", "2026-12-18")
    for person in people:
        page.check(f"input[name=people][value='{person.pk}']")
    for competency in competencies:
        page.check(f"input[name=competencies][value='{competency.pk}']")
    visit.check(page, "campaign-form")
    submit(page)
    visit.check(page, "07-campaign", shoot=True)

    links = {
        m.to[0]: re.search(r"https?://\S+/review/[A-Za-z0-9_-]+/", m.body).group(0)
        for m in mail.outbox
    }
    assert sorted(links) == sorted(p.email for p in people)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    try:
        for person in people:
            guest = context.new_page()
            guest.goto(links[person.email])
            for competency in competencies:
                guest.check(f"input[name=level_{competency.pk}][value='3']")
                guest.check(f"input[name=motivation_{competency.pk}][value='4']")
                guest.check(f"input[name=legitimacy_{competency.pk}][value='3']")
            guest.fill("#id_days_per_month", "2,5")
            guest.select_option("#id_mandate", "written")
            guest.select_option("#id_leeway", "proposes")
            visit.check(guest, "review-form", shoot=person == people[0])
            # Each answer saves a draft in the background: let the last one land first.
            guest.wait_for_load_state("networkidle")
            with guest.expect_navigation():
                guest.click("#review-form button[type=submit]:not([formaction])")
            visit.check(guest, "review-done")
            guest.close()
    finally:
        context.close()

    page.goto(f"/projects/{project.pk}/competencies/validation/")
    visit.check(page, "08-validation", phone=True)
    expected = len(people) * len(competencies)
    for _ in range(expected):
        submit(page, "main table form button[type=submit]")
        assert page.locator(".messages").get_by_text("validé").count() == 1
    assert Assessment.objects.filter(person__in=people, validated_level=3).count() == expected


def add_copil(
    page: Any, visit: Visit, project: Project, animator: Person, seats: list[tuple[Person, str]]
) -> Body:
    page.goto(f"/projects/{project.pk}/bodies/")
    visit.check(page, "bodies-empty")
    page.get_by_role("link", name="Créer une instance").first.click()
    page.fill("#id_name", "Comité de pilotage du PAT")
    page.select_option("#id_kind", "copil")
    page.select_option("#id_animator", str(animator.pk))
    for month in ("mars", "octobre"):
        page.get_by_label(month, exact=True).check()
    page.fill("#id_meeting_days", "0,5")
    visit.check(page, "body-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer l’instance").click()
    body = Body.objects.get(project=project)
    for person, college in seats:
        page.select_option("#id_person", str(person.pk))
        page.select_option("#id_college", college)
        with page.expect_response(lambda r: "/members/" in r.url and r.request.method == "POST"):
            page.get_by_role("button", name="Ajouter le membre").click()
        page.locator("#body-members tbody tr", has_text=str(person)).wait_for()
    visit.check(page, "09-copil", phone=True)
    return body


def invite_member(
    page: Any, browser: Any, live_server: Any, visit: Visit, project: Project, person: Person
) -> None:
    mail.outbox.clear()
    page.goto(f"/projects/{project.pk}/members/")
    page.click("text=Inviter un membre")
    page.fill("#id_email", person.email)
    page.select_option("#id_role", "contributor")
    page.select_option("#id_person", str(person.pk))
    visit.check(page, "invite-form")
    submit(page, "button:has-text('Envoyer l’invitation')")
    [message] = mail.outbox
    link = re.search(r"https?://\S+/invitations/[A-Za-z0-9_-]{43}/", message.body).group(0)

    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    try:
        guest = context.new_page()
        guest.goto(link)
        assert guest.locator("h1").inner_text() == "Rejoindre « PAT du Val de Test »"
        visit.check(guest, "10-invitation-accept", phone=True)
        guest.fill("#id_password1", "un-autre-mot-de-passe")
        guest.fill("#id_password2", "un-autre-mot-de-passe")
        with guest.expect_navigation():
            guest.click("button:has-text('Créer mon compte et rejoindre le projet')")
        assert guest.url == f"{live_server.url}/projects/{project.pk}/"
        visit.check(guest, "11-member-landed", shoot=True)
    finally:
        context.close()


def validate_plan_on_behalf(
    page: Any, visit: Visit, project: Project, representative: Person, tmp_path: Path
) -> PlanVersion:
    page.goto(f"/projects/{project.pk}/plan/versions/")
    visit.check(page, "versions-empty")
    page.goto(f"/projects/{project.pk}/plan/versions/new/")
    page.fill("#id_label", "Plan d’action 2027")
    visit.check(page, "version-form")
    submit(page, "form:has(#id_label) button[type=submit]")
    page.click("a[href$='/submit/']")
    page.fill("#id_deadline", "2026-12-18")
    visit.check(page, "version-submit")
    submit(page, "form:has(#id_deadline) button[type=submit]")
    version = PlanVersion.objects.get(project=project, label="Plan d’action 2027")
    assert version.status == PlanVersion.Status.SUBMITTED
    assert "Sans compte" in page.content()

    letter = tmp_path / "courrier-du-vice-president.pdf"
    letter.write_bytes(LETTER)
    page.click(f"a:has-text('Enregistrer la décision de {representative}')")
    page.check("input[name=decision][value=validated]")
    page.fill("#id_decision_date", "2026-12-03")
    page.check("input[name=means][value=letter]")
    page.set_input_files("#id_attachment", str(letter))
    page.fill("#id_comment", "Avis favorable du bureau communautaire.")
    visit.check(page, "12-record-decision", phone=True)
    submit(page, "form[enctype] button[type=submit]")
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.VALIDATED
    text = page.locator("main").inner_text()
    assert "validée par tous les commanditaires" in text.lower(), text
    assert f"Décision de {representative} du 3 décembre 2026 (courrier)" in text
    visit.check(page, "13-version-validated", phone=True)
    return version


def see_structural_gap(page: Any, visit: Visit, project: Project, missing: Competency) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.locator(f"a[href='/projects/{project.pk}/analysis/']").first.click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/analysis/$"))
    rows = page.locator("#heat-structural tbody th[scope=row]")
    rows.first.wait_for()
    labels = rows.all_inner_texts()
    assert any(missing.name in label for label in labels), labels
    visit.check(page, "14-analysis", phone=True)


def propose_and_accept(page: Any, visit: Visit, project: Project, start_worker: Any) -> StaffingRun:
    page.goto(f"/projects/{project.pk}/optimisation/")
    visit.check(page, "optimisation")
    page.fill("#id_time_limit", "10")
    submit(page, f"form[action='/projects/{project.pk}/optimisation/start/'] button[type=submit]")
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/optimisation/runs/\d+/$"))
    start_worker()
    page.locator("#proposal-changes").wait_for(timeout=60_000)
    run = StaffingRun.objects.get(project=project)
    assert run.status == "succeeded"
    visit.check(page, "15-proposal", phone=True)
    # The reasons are sentences: they wrap instead of widening the page past the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    submit(page, "form:has(#proposal-changes) button[type=submit][name=all]")
    assert page.locator(".notice--success").is_visible()
    return run


# --- The test -----------------------------------------------------------------------------------


@pytest.mark.postgres_only
def test_a_coordinator_builds_a_pat_from_a_blank_page(
    page: Any, browser: Any, live_server: Any, start_worker: Any, tmp_path: Path
) -> None:
    user = get_user_model().objects.create_user(
        "claire",
        email="claire@example.org",
        password=PASSWORD,
        first_name="Claire",
        last_name="Le Goff",
    )
    assert not user.is_staff and Project.objects.count() == 0 and Person.objects.count() == 0
    visit = Visit()
    page.set_viewport_size({"width": 1366, "height": 900})

    # 1. The project.
    log_in(page, "claire", PASSWORD)
    project = create_project(page, visit)

    # 2. The partner organisation, 3. five people with their time.
    partner = add_partner_organisation(page, visit, project)
    people = {}
    for row in PEOPLE:
        person = add_person(page, visit, project, row)
        org = project.carrier.name if row[3] == "carrier" else partner.name
        set_time(page, visit, project, person, row, org)
        people[person.first_name] = person
    page.goto(f"/projects/{project.pk}/directory/")
    visit.check(page, "directory", phone=True)
    camille = people["Camille"]
    assert Availability.objects.filter(person=camille, month="2027-01-01").get().days == Decimal(
        "2.5"
    )

    # 4. The sponsor and its representative without an account, 5. objectives and axes.
    paul = people["Paul"]
    add_sponsor(page, visit, project, paul)
    sponsor = ProjectOrganisation.objects.get(project=project, is_sponsor=True)
    assert sponsor.representative_id == paul.pk and paul.user_id is None
    add_objectives_and_axes(page, visit, project)
    eco, gas = Axis.objects.filter(project=project).order_by("order", "code")
    assert eco.pat_fields == ["food_economy", "catering"]

    # 6. A step, 7. six tasks with needs; one competency nobody has.
    step = add_step(page, visit, project)
    leaves = list(
        Competency.objects.filter(framework=project.framework, children__isnull=True).order_by(
            "code"
        )
    )
    skill_a, skill_b, missing = leaves[0], leaves[1], leaves[-1]
    tasks = [
        (
            "Diagnostic agricole et alimentaire",
            eco,
            "2027-01-04",
            "2027-03-31",
            [(skill_a, 2, "2"), (skill_b, 2, "1")],
        ),
        (
            "Mobiliser les producteurs locaux",
            eco,
            "2027-02-01",
            "2027-06-30",
            [(skill_a, 2, "1,5")],
        ),
        (
            "Approvisionner les cantines en local",
            eco,
            "2027-04-01",
            "2027-09-30",
            [(skill_b, 2, "2"), (missing, 3, "1")],
        ),
        ("Former les cuisiniers", eco, "2027-09-01", "2027-11-30", [(skill_b, 2, "1")]),
        (
            "Mesurer le gaspillage dans les cantines",
            gas,
            "2027-03-01",
            "2027-05-31",
            [(skill_b, 1, "1")],
        ),
        (
            "Plan de lutte contre le gaspillage",
            gas,
            "2027-06-01",
            "2027-12-17",
            [(skill_a, 2, "1"), (skill_b, 2, "0,5")],
        ),
    ]
    for index, (title, axis, start, end, needs) in enumerate(tasks):
        add_task(
            page,
            visit,
            project,
            title=title,
            axis=axis,
            step=step,
            start=start,
            end=end,
            needs=needs,
            shoot=index == 2,
        )
    assert Need.objects.filter(task__project=project).count() == 9
    page.goto(f"/projects/{project.pk}/tasks/")
    visit.check(page, "16-task-tree", phone=True)

    # The levels: a review campaign answered through the e-mailed links, then validated.
    reviewed = [people["Camille"], people["Hugo"], people["Léa"], people["Inès"]]
    run_review_campaign(page, browser, live_server, visit, project, reviewed, [skill_a, skill_b])

    # 8. The COPIL.
    body = add_copil(
        page,
        visit,
        project,
        camille,
        [(paul, "elected"), (people["Léa"], "associations"), (people["Inès"], "citizens")],
    )
    assert BodyMember.objects.filter(body=body).count() == 3 and body.animator_id == camille.pk

    # 9. A member invited by e-mail.
    invite_member(page, browser, live_server, visit, project, people["Hugo"])
    hugo = Person.objects.get(pk=people["Hugo"].pk)
    assert hugo.user_id is not None and not hugo.user.is_staff
    assert Membership.objects.get(project=project, user=hugo.user).role == "contributor"

    # 10. The plan version validated on the representative's behalf.
    version = validate_plan_on_behalf(page, visit, project, paul, tmp_path)
    review = Review.objects.get(version=version, representative=paul)
    assert review.recorded_on_behalf and review.means == Review.Means.LETTER

    # 11. The structural gap of the competency nobody was asked about nor has.
    assert not Assessment.objects.filter(competency=missing).exists()
    see_structural_gap(page, visit, project, missing)

    # 12. A staffing proposal, accepted.
    run = propose_and_accept(page, visit, project, start_worker)
    assigned = Assignment.objects.filter(task__project=project)
    assert assigned.exists()
    assert not assigned.filter(person=paul).exists()
    page.goto(f"/projects/{project.pk}/responsibilities/")
    for assignment in assigned.select_related("task", "person"):
        row = page.locator("main table tbody tr", has_text=assignment.task.title).filter(
            has_text=str(assignment.person)
        )
        assert row.count() == 1, (assignment.task.title, str(assignment.person))
    visit.check(page, "17-responsibilities", phone=True)
    first = assigned.select_related("task", "person").order_by("pk").first()
    page.goto(f"/projects/{project.pk}/tasks/{first.task_id}/")
    assert str(first.person) in page.locator("main").inner_text()
    visit.check(page, "18-task-page", phone=True)
    assert run.status == "succeeded"

    assert visit.problems == {}
    # Nothing but the tables' own scroll areas is wider than a phone's screen.
    assert visit.too_wide == {}
