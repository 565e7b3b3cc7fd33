"""Forms of a task's needs: the lines of the task form, and one need edited on the task page.

Competencies come from the project's framework only, grouped by domain (their top competency);
levels from the framework's scale. Days are typed in the page's locale ("1,5" in French), per
month or in total over the task.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.competencies.models import Competency, Level
from maillage.numbers import plain_decimal
from maillage.staffing.models import Need
from maillage.staffing.services import PER_MONTH, TOTAL

UNITS = [(PER_MONTH, _("days per month")), (TOTAL, _("days in total over the task"))]
REQUIRED = _("This field is required.")


@dataclass(frozen=True)
class NeedChoices:
    """The competency and level choices of one project, read once per request."""

    competencies: list[Any]  # grouped: [(domain, [(id, label), …]), …], ungrouped first
    levels: list[tuple[int, str]]

    def competency_label(self, competency_id: int) -> str:
        for group in self.competencies:
            options = group[1] if isinstance(group[1], list) else [group]
            for value, label in options:
                if value == competency_id:
                    return str(label)
        return ""


def need_choices(access: ProjectAccess) -> NeedChoices:
    framework_id = access.project.framework_id
    competencies = list(Competency.objects.filter(framework_id=framework_id).order_by("code"))
    by_id = {c.pk: c for c in competencies}
    with_children = {c.parent_id for c in competencies if c.parent_id}

    def domain_of(competency: Competency) -> Competency:
        seen = set()
        while competency.parent_id in by_id and competency.pk not in seen:
            seen.add(competency.pk)
            competency = by_id[competency.parent_id]
        return competency

    groups: dict[int, list[tuple[int, str]]] = defaultdict(list)
    alone: list[tuple[int, str]] = []
    for competency in competencies:
        if competency.pk in with_children:
            continue  # a domain: its competencies are chosen, not the domain itself
        domain = domain_of(competency)
        if domain.pk == competency.pk:
            alone.append((competency.pk, str(competency)))
        else:
            groups[domain.pk].append((competency.pk, str(competency)))
    grouped: list[Any] = [("", "---------"), *alone]
    for domain_id, options in groups.items():
        grouped.append((str(by_id[domain_id]), options))
    levels = [
        (level.value, f"{level.value} — {level.label}")
        for level in Level.objects.filter(framework_id=framework_id).order_by("value")
    ] or [(value, str(value)) for value in range(1, 5)]
    return NeedChoices(competencies=grouped, levels=levels)


class NeedLineForm(forms.Form):
    """One need: competency, minimum level, and days per month or in total over the task."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    competency = forms.TypedChoiceField(
        label=_("competency"), coerce=int, required=False, empty_value=None
    )
    min_level = forms.TypedChoiceField(
        label=_("minimum level"), coerce=int, required=False, empty_value=None
    )
    days = forms.DecimalField(
        label=_("days"),
        localize=True,
        max_digits=8,
        decimal_places=2,
        required=False,
        min_value=0,
    )
    unit = forms.ChoiceField(label=_("unit"), choices=UNITS, initial=PER_MONTH, required=False)

    def __init__(self, *args: Any, choices: NeedChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = choices.competencies
        self.fields["min_level"].choices = [("", "---------"), *choices.levels]
        self.fields["days"].widget.attrs.update(inputmode="decimal", size=6)
        self.fields["days"].help_text = _("A total is spread over the task’s months.")

    @property
    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("competency") is None and data.get("days") is None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.is_empty and data.get("min_level") is None:
            return data  # a blank line: ignored
        for name in ("competency", "min_level", "days"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, REQUIRED)
        return data

    def line(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": data.get("id"),
            "version": data.get("version"),
            "competency": data["competency"],
            "min_level": data["min_level"],
            "days": data["days"],
            "unit": data.get("unit") or PER_MONTH,
        }


class BaseNeedFormSet(forms.BaseFormSet):
    legend = _("Competencies needed")

    def lines(self) -> list[dict[str, Any]] | None:
        """The kept lines of a valid bound formset (blank and removed lines dropped), or None
        when the formset was not sent (the needs are then left as they are)."""
        if not self.is_bound:
            return None
        lines = [
            form.line()
            for form in self.forms
            if not form.cleaned_data.get("DELETE") and not form.is_empty
        ]
        if self.for_new_task:  # no saved need to refer to
            lines = [{**line, "id": None, "version": None} for line in lines]
        return lines

    def take_service_errors(self, error: ValidationError) -> ValidationError | None:
        """Keep the service's errors about the lines; return the others (for the task form)."""
        if not hasattr(error, "error_dict") or "needs" not in error.error_dict:
            return error
        self.service_errors = [m for e in error.error_dict["needs"] for m in e.messages]
        rest = {k: v for k, v in error.error_dict.items() if k != "needs"}
        return ValidationError(rest) if rest else None


NeedFormSet = forms.formset_factory(NeedLineForm, formset=BaseNeedFormSet, extra=1, can_delete=True)
PREFIX = "needs"


def need_formset(data: Any, *, access: ProjectAccess, task: Any | None) -> BaseNeedFormSet:
    """The needs of `task` as lines of the task form; unbound when `data` has no lines."""
    choices = need_choices(access)
    initial = []
    if task is not None and task.pk:
        initial = [
            {
                "id": need.pk,
                "version": need.version,
                "competency": need.competency_id,
                "min_level": need.min_level,
                "days": plain_decimal(need.days_per_month),
                "unit": PER_MONTH,
            }
            for need in Need.objects.filter(task=task).order_by("competency__code")
        ]
    bound = data if data is not None and f"{PREFIX}-TOTAL_FORMS" in data else None
    formset = NeedFormSet(bound, initial=initial, prefix=PREFIX, form_kwargs={"choices": choices})
    formset.choices = choices
    formset.service_errors = []
    formset.for_new_task = task is None or not task.pk
    return formset


def empty_line(access: ProjectAccess, index: int) -> NeedLineForm:
    """A blank line `index` of the task form's needs, added by the "Add a line" button."""
    form = NeedFormSet(prefix=PREFIX, form_kwargs={"choices": need_choices(access)}).empty_form
    form.prefix = f"{PREFIX}-{index}"
    return form


class NeedForm(NeedLineForm):
    """One need edited in place on the task page (all fields required)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "need")
        super().__init__(*args, **kwargs)
        del self.fields["id"]

    def clean(self) -> dict[str, Any]:
        data = forms.Form.clean(self)
        for name in ("competency", "min_level", "days"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, REQUIRED)
        return data


# --- The grid of an axis ------------------------------------------------------------------------

LEVEL_LABEL = _("Level — task %(task)s — competency %(competency)s")
DAYS_LABEL = _("Days per month — task %(task)s — competency %(competency)s")


class NeedsGridForm(forms.Form):
    """One level and one days-per-month input per task (row) and competency (column)."""

    def __init__(
        self, *args: Any, rows: list[Any], columns: list[Any], choices: NeedChoices, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cells: dict[tuple[int, int], tuple[str, str, str]] = {}
        level_choices = [("", "—"), *((value, str(value)) for value, _label in choices.levels)]
        for row in rows:
            for column in columns:
                cell = f"{row.task.pk}-{column.pk}"
                names = (f"level-{cell}", f"days-{cell}", f"version-{cell}")
                need = row.cells.get(column.pk)
                params = {"task": row.task.title, "competency": column}
                self.fields[names[0]] = forms.TypedChoiceField(
                    label=LEVEL_LABEL % params,
                    choices=level_choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=need.min_level if need else None,
                )
                self.fields[names[1]] = forms.DecimalField(
                    label=DAYS_LABEL % params,
                    localize=True,
                    max_digits=8,
                    decimal_places=2,
                    min_value=0,
                    required=False,
                    initial=plain_decimal(need.days_per_month) if need else None,
                )
                self.fields[names[1]].widget.attrs.update(inputmode="decimal", size=5)
                self.fields[names[2]] = forms.IntegerField(
                    widget=forms.HiddenInput,
                    required=False,
                    initial=need.version if need else None,
                )
                for name in names[:2]:
                    self.fields[name].widget.attrs["aria-label"] = self.fields[name].label
                self.cells[(row.task.pk, column.pk)] = names

    def cell(self, task_id: int, competency_id: int) -> tuple[Any, Any, Any]:
        level, days, version = self.cells[(task_id, competency_id)]
        return self[level], self[days], self[version]

    def sent(self, task_id: int, competency_id: int) -> bool:
        return any(
            self.add_prefix(name) in self.data for name in self.cells[(task_id, competency_id)]
        )

    def values(self) -> list[tuple[int, int, int | None, Any, int | None]]:
        return [
            (
                task_id,
                competency_id,
                self.cleaned_data[level],
                self.cleaned_data[days],
                self.cleaned_data[version],
            )
            for (task_id, competency_id), (level, days, version) in self.cells.items()
        ]
