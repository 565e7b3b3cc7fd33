from django.contrib import admin

from maillage.staffing.models import Assignment, Need


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["task", "competency", "min_level", "days_per_month"]
    list_filter = ["task__project"]
    search_fields = ["task__title", "competency__name", "competency__code"]
    list_select_related = ["task", "competency"]
    autocomplete_fields = ["task", "competency"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "person", "responsibility", "days_per_month", "is_locked"]
    list_filter = ["responsibility", "is_locked", "task__project"]
    search_fields = ["task__title", "person__last_name", "person__first_name"]
    list_select_related = ["task", "person"]
    autocomplete_fields = ["task", "person"]
