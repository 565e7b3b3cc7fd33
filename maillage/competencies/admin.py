from django.contrib import admin

from maillage.competencies.models import (
    Answer,
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
    list_display = ["name", "is_public", "made_for"]
    list_filter = ["is_public"]
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


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "campaign", "submitted_at", "revoked_at", "expires_at"]
    list_filter = ["campaign__status"]
    search_fields = ["person__last_name", "person__first_name", "campaign__title"]
    list_select_related = ["person", "campaign"]
    exclude = ["token_hash"]
    autocomplete_fields = ["person"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["invitation", "competency", "level", "validated_level"]
    search_fields = ["invitation__person__last_name", "competency__code"]
    list_select_related = ["invitation__person", "invitation__campaign", "competency"]
    autocomplete_fields = ["competency"]
    raw_id_fields = ["invitation"]
