"""Forms offer only what belongs to the project, and render accessibly."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from maillage.access import project_access
from maillage.directory.forms import PersonForm
from maillage.projects.forms import TaskForm


def test_task_form_choices_come_from_the_project_only(
    persona_users: dict, project: Any, other_project: Any
) -> None:
    form = TaskForm(access=project_access(persona_users["coordinator"], project.pk))

    for field, objects in [
        ("axis", "axes"),
        ("step", "steps"),
        ("parent", "tasks"),
        ("lead_organisation", "organisations"),
    ]:
        choices = set(form.fields[field].queryset)
        assert set(project.dataset[objects]) <= choices, field
        assert not choices & set(other_project.dataset[objects]), field


def test_person_form_offers_the_projects_organisations(
    persona_users: dict, project: Any, other_project: Any
) -> None:
    form = PersonForm(access=project_access(persona_users["coordinator"], project.pk))

    choices = set(form.fields["organisation"].queryset)
    assert choices == set(project.dataset["organisations"])


def test_every_field_has_a_label_and_required_ones_are_marked(personas: dict, project: Any) -> None:
    for name in ("task_create", "person_create", "organisation_create", "project_edit"):
        html = personas["coordinator"].get(reverse(name, args=[project.pk])).content.decode()
        form = html[html.index('<form method="post" novalidate') :]
        visible = r'<(?:input(?! type="hidden")|select|textarea)[^>]*\bid="(id_[a-z_]+)"'
        ids = set(re.findall(visible, form))
        labelled = set(re.findall(r'<label for="(id_[a-z_]+)"', form))
        assert ids <= labelled, (name, ids - labelled)
        assert 'class="required"' in form


def test_invalid_fields_point_to_their_error_message(personas: dict, project: Any) -> None:
    response = personas["coordinator"].post(
        reverse("task_create", args=[project.pk]), {"title": "", "start": "", "end": ""}
    )

    html = response.content.decode()
    for field in ("title", "start", "end"):
        tag = re.search(rf'<input[^>]*id="id_{field}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in tag
        assert f"id_{field}_error" in tag
        assert f'id="id_{field}_error"' in html
