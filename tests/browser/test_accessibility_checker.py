"""The accessibility checker used on the real pages finds the problems it claims to find."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.helpers import accessibility_problems

GOOD_PAGE = """<!doctype html><html lang="fr"><body>
<a href="#contenu">Aller au contenu</a>
<main id="contenu"><h1>Tâches</h1>
<form><label for="id_title">Titre</label><input id="id_title" name="title">
<input type="hidden" name="next" value="/">
<select aria-label="Langue"><option>fr</option></select>
<label>Description <textarea name="description"></textarea></label>
<img src="data:," alt=""><button type="submit">Enregistrer</button></form></main>
</body></html>"""

BAD_PAGE = """<!doctype html><html><body>
<a href="/">Accueil</a><a href="#nowhere">Aller au contenu</a>
<h1>Un</h1><h1>Deux</h1>
<form><input id="id_title" name="title"><select name="language"><option>fr</option></select>
<img src="data:,"><button type="submit"></button><a href="/x"></a></form>
</body></html>"""


@pytest.fixture
def blank_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_a_page_that_follows_the_rules_has_no_problem(blank_page: Any) -> None:
    blank_page.set_content(GOOD_PAGE)

    assert accessibility_problems(blank_page) == []


def test_each_broken_rule_is_reported(blank_page: Any) -> None:
    blank_page.set_content(BAD_PAGE)

    problems = accessibility_problems(blank_page)

    assert problems[:3] == [
        "<html> has no lang attribute",
        "expected one <h1>, found 2",
        "the first focusable element is not a skip link to an element of the page",
    ]
    unlabelled = [problem for problem in problems if "without a label" in problem]
    assert [("id_title" in p, "language" in p) for p in unlabelled] == [
        (True, False),
        (False, True),
    ]
    assert sum("button without a name" in problem for problem in problems) == 1
    assert sum("link without a name" in problem for problem in problems) == 1
    assert sum("image without alt" in problem for problem in problems) == 1
    assert len(problems) == 8
