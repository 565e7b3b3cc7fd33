from django.contrib import admin

from maillage.optimisation.models import AcceptedChange, RemedyRates, StaffingRun


@admin.register(StaffingRun)
class StaffingRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "project", "status", "progress", "created_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["project__name", "error_message"]
    readonly_fields = ["result", "heartbeat", "task_id", "started_at", "finished_at"]


@admin.register(AcceptedChange)
class AcceptedChangeAdmin(admin.ModelAdmin):
    list_display = ["accepted_at", "project", "kind", "task_title", "person_name", "accepted_by"]
    list_filter = ["kind"]
    search_fields = ["task_title", "person_name", "detail"]


@admin.register(RemedyRates)
class RemedyRatesAdmin(admin.ModelAdmin):
    list_display = ["project", "training_cost", "expert_day_rate", "updated_at"]
    search_fields = ["project__name"]
