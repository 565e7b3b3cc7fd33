from django.contrib import admin

from maillage.competencies.models import Assessment, Competency, Framework, Level


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
