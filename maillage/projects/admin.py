from django.contrib import admin

from maillage.projects.models import (
    Axis,
    BudgetLine,
    Deliverable,
    ExpectedResult,
    Membership,
    Objective,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Step,
    Task,
    TaskDependency,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ProjectOrganisationInline(admin.TabularInline):
    model = ProjectOrganisation
    extra = 0
    autocomplete_fields = ["organisation", "representative"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "territory", "carrier", "horizon_start", "horizon_months"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["territory", "carrier"]
    autocomplete_fields = ["territory", "carrier"]
    inlines = [MembershipInline, ProjectOrganisationInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "user__last_name", "project__name"]
    list_select_related = ["user", "project"]
    autocomplete_fields = ["user", "project"]


@admin.register(ProjectOrganisation)
class ProjectOrganisationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "project", "is_sponsor", "representative"]
    list_filter = ["is_sponsor", "project"]
    search_fields = ["organisation__name", "project__name"]
    list_select_related = ["organisation", "project", "representative"]
    autocomplete_fields = ["organisation", "project", "representative"]


@admin.register(ProjectPerson)
class ProjectPersonAdmin(admin.ModelAdmin):
    list_display = ["person", "project", "mandate", "leeway"]
    list_filter = ["mandate", "leeway", "project"]
    search_fields = ["person__last_name", "person__first_name", "project__name"]
    list_select_related = ["person", "project"]
    autocomplete_fields = ["person", "project"]


class ExpectedResultInline(admin.TabularInline):
    model = ExpectedResult
    extra = 0


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "order"]
    list_filter = ["project"]
    search_fields = ["title"]
    list_select_related = ["project"]
    inlines = [ExpectedResultInline]


@admin.register(ExpectedResult)
class ExpectedResultAdmin(admin.ModelAdmin):
    list_display = ["title", "objective", "indicator", "target"]
    search_fields = ["title", "indicator"]
    list_select_related = ["objective"]


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "project",
        "lead",
        "political_referent",
        "technical_referent",
    ]
    list_filter = ["project"]
    search_fields = ["code", "name"]
    list_select_related = ["project", "lead", "political_referent", "technical_referent"]
    autocomplete_fields = [
        "lead",
        "lead_organisation",
        "political_referent",
        "technical_referent",
    ]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "order", "start", "end", "status"]
    list_filter = ["status", "project"]
    search_fields = ["name"]
    list_select_related = ["project"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "parent", "start", "end", "status", "progress", "version"]
    list_filter = ["status", "is_milestone", "project"]
    search_fields = ["title", "description"]
    list_select_related = ["project", "parent"]
    autocomplete_fields = ["parent", "step", "axis", "lead_organisation"]
    readonly_fields = ["version"]
    inlines = [BudgetLineInline, DeliverableInline]


@admin.register(TaskDependency)
class TaskDependencyAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "lag_days"]
    search_fields = ["predecessor__title", "successor__title"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["task", "funder", "amount", "is_secured", "label"]
    list_filter = ["funder", "is_secured"]
    search_fields = ["task__title", "label"]
    list_select_related = ["task"]


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ["title", "task", "due", "is_done"]
    list_filter = ["is_done"]
    search_fields = ["title", "task__title"]
    list_select_related = ["task"]
