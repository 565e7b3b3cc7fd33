from django.contrib import admin

from maillage.competencies.models import (
    Assessment,
    Campaign,
    Competency,
    Framework,
    Invitation,
    Level,
    Validation,
)


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    inlines = [LevelInline]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["framework", "value", "label"]
    list_filter = ["framework"]
    search_fields = ["label"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "framework", "parent", "is_collective"]
    list_filter = ["framework", "is_collective"]
    search_fields = ["code", "name"]
    list_select_related = ["framework", "parent"]
    autocomplete_fields = ["parent"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "competency",
        "level",
        "validated_level",
        "motivation",
        "legitimacy",
        "source",
    ]
    list_filter = ["source", "competency__framework"]
    search_fields = ["person__last_name", "person__first_name", "competency__name"]
    list_select_related = ["person", "competency"]
    autocomplete_fields = ["person", "competency"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    # The token hash is useless to a human and must never be edited by hand.
    exclude = ["token_hash"]
    readonly_fields = ["submitted_at", "withdrawn_at", "reminded_at", "reminder_count"]
    autocomplete_fields = ["person"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "status", "deadline"]
    list_filter = ["status"]
    search_fields = ["title"]
    filter_horizontal = ["competencies", "axes"]
    inlines = [InvitationInline]


@admin.register(Validation)
class ValidationAdmin(admin.ModelAdmin):
    list_display = ["assessment", "declared_level", "validated_level", "role", "validated_at"]
    list_filter = ["role"]
    list_select_related = ["assessment__person", "assessment__competency"]
    readonly_fields = ["validated_at"]
