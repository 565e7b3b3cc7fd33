"""In a real browser, on the demo: the who-does-what pages pass the basic accessibility checks."""

from __future__ import annotations

from typing import Any

from maillage.demo import load_demo
from maillage.responsibilities.models import MissionLetter
from tests.browser.helpers import accessibility_problems, log_in

PAGES = {
    "who does what": "",
    "RACI": "raci/",
    "workload": "workload/",
    "axes": "axes/",
    "scheme": "scheme/",
    "letters": "letters/",
    "letter": "letters/{person}/",
    "new allocation": "assignments/new/",
}


def test_the_responsibility_pages_pass_the_accessibility_checks(page: Any) -> None:
    project = load_demo()
    letter = MissionLetter.objects.filter(project=project).first()
    assert letter is not None
    log_in(page, "coordination")

    problems = {}
    for name, path in PAGES.items():
        url = f"/projects/{project.pk}/responsibilities/" + path.format(person=letter.person_id)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{name}: {response}"
        found = accessibility_problems(page)
        if found:
            problems[name] = found

    assert problems == {}
