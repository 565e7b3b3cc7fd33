"""The choices of a need: the project's framework only, competencies grouped by domain."""

from __future__ import annotations

from typing import Any

from maillage.access import project_access
from maillage.staffing.forms import need_choices
from tests.factories import make_competency, make_framework


def test_competencies_are_grouped_under_their_domain_and_domains_are_not_chosen(
    persona_users: dict, project: Any
) -> None:
    framework = project.framework
    domain = make_competency(framework, code="Z1", name="Gouvernance")
    child = make_competency(framework, code="Z1.1", name="Animer", parent=domain)
    grandchild = make_competency(framework, code="Z1.1.a", name="Réunir", parent=child)
    elsewhere = make_competency(make_framework(competencies=0), code="Z9", name="Ailleurs")

    choices = need_choices(project_access(persona_users["contributor"], project.pk))

    groups = {
        label: options for label, options in choices.competencies if isinstance(options, list)
    }
    assert groups == {str(domain): [(grandchild.pk, str(grandchild))]}
    plain = [value for value, label in choices.competencies if not isinstance(label, list)]
    assert domain.pk not in plain and child.pk not in plain and elsewhere.pk not in plain
    assert [value for value, _label in choices.levels] == [1, 2, 3, 4]
