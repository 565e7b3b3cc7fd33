from django.contrib import admin

from maillage.responsibilities.models import MissionLetter, TaskPartner


@admin.register(TaskPartner)
class TaskPartnerAdmin(admin.ModelAdmin):
    list_display = ["task", "organisation", "contribution"]
    list_filter = ["task__project"]


@admin.register(MissionLetter)
class MissionLetterAdmin(admin.ModelAdmin):
    list_display = ["person", "project", "updated_at"]
    list_filter = ["project"]
