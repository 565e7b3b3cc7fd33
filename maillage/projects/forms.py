"""Forms of the project and task pages; choices are always limited to what the user may see."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess, projects_for_user
from maillage.competencies.models import Framework
from maillage.directory.models import Organisation, Person, Territory
from maillage.projects.models import (
    Axis,
    BudgetLine,
    Deliverable,
    ExpectedResult,
    Objective,
    PatField,
    Project,
    Step,
    Task,
    TaskDependency,
)
from maillage.projects.services import END_BEFORE_START, HORIZON_NOT_FIRST_DAY, descendant_ids


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


CARRIER_MISSING = _("Choose the carrying organisation, or give the name of a new one.")
TERRITORY_MISSING = _("Choose the territory, or give the name of a new one.")
TERRITORY_LEVEL_MISSING = _("Give the level of the new territory.")
# Fields that only make sense when the project is created.
NEW_ON_CREATION = (
    "new_carrier_name",
    "new_carrier_kind",
    "new_territory_name",
    "new_territory_level",
    "new_territory_code",
)


class ProjectForm(forms.ModelForm):
    """Framing of a project. On creation, the carrier may be a new organisation."""

    new_carrier_name = forms.CharField(
        label=_("or name of a new carrying organisation"), max_length=200, required=False
    )
    new_carrier_kind = forms.ChoiceField(
        label=_("kind of the new organisation"),
        choices=[("", "---------"), *Organisation.Kind.choices],
        required=False,
    )
    # A new instance has no territory yet: its first coordinator names theirs.
    new_territory_name = forms.CharField(
        label=_("or name of a new territory"), max_length=200, required=False
    )
    new_territory_level = forms.ChoiceField(
        label=_("level of the new territory"),
        choices=[("", "---------"), *Territory.Level.choices],
        required=False,
    )
    new_territory_code = forms.CharField(
        label=_("official code of the new territory"),
        max_length=20,
        required=False,
        help_text=_("INSEE code of a municipality, SIREN of an intercommunality (optional)."),
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "kind",
            "description",
            "territory",
            "new_territory_name",
            "new_territory_level",
            "new_territory_code",
            "carrier",
            "new_carrier_name",
            "new_carrier_kind",
            "framework",
            "horizon_start",
            "horizon_months",
            "allow_work_on_unvalidated_steps",
        ]
        widgets = {"horizon_start": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project_ids = list(projects_for_user(user).values_list("project_id", flat=True))
        # What a user may pick is what they may see: organisations of their own projects (the
        # directory of a project they are not a member of stays invisible), and the frameworks
        # offered to every project, used by their projects or made for them. Territories are
        # reference data.
        organisations = Organisation.objects.filter(
            Q(project_links__project_id__in=project_ids) | Q(carried_projects__in=project_ids)
        ).distinct()
        self.fields["carrier"].queryset = organisations
        self.fields["carrier"].required = False
        self.fields["territory"].queryset = Territory.objects.all()
        frameworks = (
            Q(is_public=True) | Q(projects__in=project_ids) | Q(made_for_id__in=project_ids)
        )
        if self.instance.framework_id:
            frameworks |= Q(pk=self.instance.framework_id)
        self.fields["framework"].queryset = Framework.objects.filter(frameworks).distinct()
        self.fields["horizon_start"].help_text = _(
            "First day of a month; the plan covers the following months."
        )
        if self.instance.pk:
            # An existing project changes carrier among its own organisations only.
            for name in NEW_ON_CREATION:
                del self.fields[name]
            self.fields["carrier"].required = True
        else:
            self.fields["territory"].required = False
            # No choice means the shipped PAT framework, loaded by the service when first used.
            self.fields["framework"].required = False
            self.fields["framework"].empty_label = _("PAT framework shipped with Maillage")
            from maillage.planning.project_templates import Template

            # The wizard's first choice: start from the PAT template or from a blank plan.
            self.fields["template"] = forms.ChoiceField(
                label=_("start from"),
                choices=Template.choices,
                initial=Template.PAT,
                required=False,
                widget=forms.RadioSelect,
            )

    def clean_horizon_start(self) -> Any:
        value = self.cleaned_data["horizon_start"]
        if value and value.day != 1:
            raise forms.ValidationError(HORIZON_NOT_FIRST_DAY)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            "new_carrier_name" in self.fields
            and not data.get("carrier")
            and not data.get("new_carrier_name")
            and "carrier" not in self.errors
        ):
            self.add_error("carrier", CARRIER_MISSING)
        if (
            "new_territory_name" in self.fields
            and not data.get("territory")
            and "territory" not in self.errors
        ):
            if not data.get("new_territory_name"):
                self.add_error("territory", TERRITORY_MISSING)
            elif not data.get("new_territory_level"):
                self.add_error("new_territory_level", TERRITORY_LEVEL_MISSING)
        return data

    def _post_clean(self) -> None:
        # The carrier may still be missing (a new one is created by the service): model
        # validation happens in the service, which sees the complete project.
        pass


class TaskForm(forms.ModelForm):
    """A task of the plan; carries the version the user started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "parent",
            "step",
            "axis",
            "start",
            "end",
            "is_milestone",
            "modalities",
            "lead_organisation",
            "budget",
            "status",
            "progress",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "modalities": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, access: ProjectAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project = access.project
        parents = Task.objects.filter(project=project)
        if self.instance.pk:
            parents = parents.exclude(pk__in={self.instance.pk, *descendant_ids(self.instance)})
            self.fields["version"].initial = self.instance.version
        self.fields["parent"].queryset = parents
        self.fields["step"].queryset = Step.objects.filter(project=project)
        # An archived axis is not offered, unless the task already belongs to it.
        self.fields["axis"].queryset = Axis.objects.filter(project=project).filter(
            Q(is_archived=False) | Q(pk=self.instance.axis_id)
        )
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(
            project_links__project=project
        )
        self.fields["budget"].widget.attrs["min"] = 0
        self.fields["progress"].widget.attrs["max"] = 100

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Checked here too so that this error shows with the others; the service re-checks.
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", END_BEFORE_START)
        return data

    def _post_clean(self) -> None:
        # Validation of the whole task (dates against the parent, cycles) is the service's.
        pass


# --- A task's details, edited with the task in one all-or-nothing save --------------------------


class DependencyForm(forms.ModelForm):
    class Meta:
        model = TaskDependency
        fields = ["predecessor", "lag_days"]
        labels = {"predecessor": _("must finish before this task starts")}


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["funder", "amount", "is_secured", "label"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs["min"] = 0


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["title", "due", "is_done"]
        widgets = {"due": DateInput()}


DETAIL_FORMSETS = {
    "dependencies": (
        forms.inlineformset_factory(
            Task, TaskDependency, form=DependencyForm, fk_name="successor", extra=1
        ),
        _("Dependencies (finish-to-start)"),
    ),
    "budget_lines": (
        forms.inlineformset_factory(Task, BudgetLine, form=BudgetLineForm, extra=1),
        _("Budget lines per funder"),
    ),
    "deliverables": (
        forms.inlineformset_factory(Task, Deliverable, form=DeliverableForm, extra=1),
        _("Deliverables"),
    ),
}


def task_detail_formsets(
    data: Any, *, access: ProjectAccess, task: Task | None
) -> dict[str, forms.BaseInlineFormSet]:
    """The dependencies, budget lines and deliverables of a task as formsets.

    A formset whose management data is absent from `data` stays unbound: the request then
    leaves that kind of detail as it is (clients that only send the task's own fields).
    """
    formsets = {}
    for prefix, (formset_class, legend) in DETAIL_FORMSETS.items():
        bound = data if data is not None and f"{prefix}-TOTAL_FORMS" in data else None
        formset = formset_class(bound, instance=task or Task(), prefix=prefix)
        formset.legend = legend
        formsets[prefix] = formset
    predecessors = Task.objects.filter(project=access.project)
    if task is not None and task.pk:
        predecessors = predecessors.exclude(pk=task.pk)
    for form in formsets["dependencies"].forms:
        form.fields["predecessor"].queryset = predecessors
    return formsets


# The row's own id, its link to the task and the deletion box are not data of the row.
DETAIL_KEYS_SKIPPED = frozenset({"id", "task", "successor", "DELETE"})


def formset_rows(formset: forms.BaseInlineFormSet) -> list[dict[str, Any]] | None:
    """The rows kept in a valid bound formset (empty and deleted rows dropped), or None when
    the formset was not sent."""
    if not formset.is_bound:
        return None
    rows = []
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        rows.append({k: v for k, v in form.cleaned_data.items() if k not in DETAIL_KEYS_SKIPPED})
    return rows


# --- Framing ----------------------------------------------------------------------------------


class CommunesField(forms.CharField):
    """INSEE codes typed as a list separated by commas, spaces or new lines."""

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value)
        return [code.strip().upper() for code in re.split(r"[\s,;]+", text) if code.strip()]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value


class DigitsField(forms.CharField):
    """A number typed with or without spaces ("732 829 320 00074")."""

    def to_python(self, value: Any) -> str:
        return re.sub(r"\s", "", super().to_python(value))

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # spaces may be typed
        attrs["inputmode"] = "numeric"
        return attrs


class IdentityForm(forms.ModelForm):
    """The identity of a PAT, as the France PAT observatory and the ministry know it."""

    pat_url = forms.URLField(
        label=_("France PAT page"),
        required=False,
        assume_scheme="https",
        help_text=_("Address of the PAT’s page on france-pat.fr."),
    )
    communes = CommunesField(
        label=_("communes (INSEE codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Five-character INSEE codes separated by commas, e.g. 35238, 35211."),
    )

    class Meta:
        model = Project
        fields = [
            "pat_identifier",
            "pat_url",
            "pat_administrative_name",
            "pat_usual_name",
            "carrier_siret",
            "epci_siren",
            "communes",
            "recognition_level",
            "recognition_date",
        ]
        widgets = {"recognition_date": DateInput()}
        field_classes = {"carrier_siret": DigitsField, "epci_siren": DigitsField}
        help_texts = {
            "carrier_siret": _("14 digits."),
            "epci_siren": _("9 digits."),
            "recognition_date": _("A level 1 lasts 3 years, a level 2 5 years."),
        }

    def _post_clean(self) -> None:
        # The service validates the whole project.
        pass


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # The service validates the object (uniqueness within the project, version).
        pass


class AxisForm(VersionedForm):
    pat_fields = forms.MultipleChoiceField(
        label=_("PAT fields"),
        choices=PatField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The fields of food this axis works on."),
    )

    class Meta:
        model = Axis
        fields = ["code", "name", "description", "pat_fields"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if project.kind != Project.Kind.PAT:
            del self.fields["pat_fields"]


class ObjectiveForm(VersionedForm):
    class Meta:
        model = Objective
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ExpectedResultForm(forms.ModelForm):
    class Meta:
        model = ExpectedResult
        fields = ["title", "indicator", "unit", "baseline", "target", "target_date", "target_note"]
        widgets = {"target_date": DateInput()}
        help_texts = {"unit": _("For example %, t, ha, or nothing for a count.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("baseline", "target"):
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True

    def _post_clean(self) -> None:
        pass


class RepresentativeFields(forms.Form):
    """A person of the project, or a new one (no user account needed)."""

    representative = forms.ModelChoiceField(
        label=_("person of the project"), queryset=Person.objects.none(), required=False
    )
    new_first_name = forms.CharField(
        label=_("or first name of a new person"), max_length=100, required=False
    )
    new_last_name = forms.CharField(label=_("last name"), max_length=100, required=False)
    new_email = forms.EmailField(label=_("email (optional)"), required=False)
    new_person_kind = forms.ChoiceField(
        label=_("kind of person"),
        choices=Person.Kind.choices,
        initial=Person.Kind.ELECTED,
        required=False,
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = Person.objects.filter(
            project_links__project=project
        ).order_by("last_name", "first_name")
        self.fields["representative"].help_text = _(
            "The elected official or person who speaks for the sponsor; leave empty and fill in "
            "the names below to add someone new."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("representative") and (data.get("new_first_name") or data.get("new_last_name")):
            self.add_error(
                "representative",
                _("Choose a person of the project or give a new person’s names, not both."),
            )
        return data


class SponsorForm(RepresentativeFields):
    organisation = forms.ModelChoiceField(
        label=_("organisation of the project"), queryset=Organisation.objects.none(), required=False
    )
    new_organisation_name = forms.CharField(
        label=_("or name of a new organisation"), max_length=200, required=False
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("kind of the new organisation"),
        choices=[("", "---------"), *Organisation.Kind.choices],
        required=False,
    )
    new_organisation_territory = forms.ModelChoiceField(
        label=_("territory of the new organisation"),
        queryset=Territory.objects.all(),
        required=False,
    )
    field_order = [
        "organisation",
        "new_organisation_name",
        "new_organisation_kind",
        "new_organisation_territory",
        "representative",
        "new_first_name",
        "new_last_name",
        "new_email",
        "new_person_kind",
    ]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            project_links__project=project, project_links__is_sponsor=False
        ).order_by("name")
        self.fields["new_organisation_territory"].initial = project.territory_id
        self.fields["new_organisation_territory"].help_text = _(
            "The project’s territory unless you choose another."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("organisation") and data.get("new_organisation_name"):
            self.add_error(
                "organisation",
                _("Choose an organisation of the project or name a new one, not both."),
            )
        elif (
            not data.get("organisation")
            and not data.get("new_organisation_name")
            and "organisation" not in self.errors
        ):
            self.add_error(
                "organisation",
                _("Choose an organisation of the project, or give the name of a new one."),
            )
        return data
