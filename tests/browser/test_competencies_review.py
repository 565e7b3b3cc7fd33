"""In a real browser, without an account: a partner fills the self-assessment form of the demo's
open review, leaves with a draft saved as they went, comes back and sends the answers."""

from __future__ import annotations

from typing import Any

from maillage.competencies import services
from maillage.competencies.models import Answer, Assessment, Campaign, Invitation
from maillage.demo import load_demo
from tests.browser.helpers import accessibility_problems


def test_a_person_fills_the_self_assessment_form_through_their_link(page: Any) -> None:
    project = load_demo()
    campaign = Campaign.objects.get(project=project, status=Campaign.Status.OPEN)
    invitation = (
        Invitation.objects.filter(campaign=campaign, submitted_at=None, draft_saved_at=None)
        .select_related("campaign", "campaign__project", "person")
        .first()
    )
    token = services.invitation_new_link(invitation=invitation)
    competencies = list(campaign.competencies.order_by("code"))
    url = f"/review/{token}/"

    page.goto(url)
    assert page.get_attribute("html", "lang") == "fr"
    assert page.get_by_text(campaign.purpose[:40]).first.is_visible()
    assert accessibility_problems(page) == []
    assert page.evaluate("typeof htmx") == "object"

    # The first answers are saved as a draft while the person fills the form (htmx autosave).
    first = competencies[0]
    with page.expect_response(lambda r: r.url.endswith("/draft/")) as saved:
        page.check(f"input[name=level_{first.pk}][value='3']")
    assert saved.value.status == 200
    page.locator("#autosave-status").filter(has_text=":").wait_for()
    assert Answer.objects.get(invitation=invitation, competency=first).level == 3

    # Coming back later, the draft is there.
    page.reload()
    assert page.is_checked(f"input[name=level_{first.pk}][value='3']")

    for competency in competencies:
        page.check(f"input[name=level_{competency.pk}][value='3']")
        page.check(f"input[name=motivation_{competency.pk}][value='4']")
        page.check(f"input[name=legitimacy_{competency.pk}][value='2']")
    page.fill("#id_days_per_month", "2,5")  # typed the French way, as the help suggests
    page.select_option("#id_mandate", "written")
    page.select_option("#id_leeway", "proposes")
    page.fill("#id_means", "Une demi-journée par semaine")
    with page.expect_navigation():
        page.click("#review-form button[type=submit]:not([formaction])")

    assert page.locator("h1").count() == 1
    assert accessibility_problems(page) == []
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None
    assert str(invitation.days_per_month) == "2.5"
    levels = Assessment.objects.filter(person=invitation.person, competency__in=competencies)
    assert {(a.level, a.motivation, a.legitimacy) for a in levels} == {(3, 4, 2)}
    assert levels.count() == len(competencies)
