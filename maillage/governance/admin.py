from django.contrib import admin

from maillage.governance.models import Body, BodyMember


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "project",
        "months",
        "meetings_per_year",
        "meeting_days",
        "animator",
    ]
    list_filter = ["kind", "project"]
    search_fields = ["name"]
    list_select_related = ["project", "animator"]
    autocomplete_fields = ["animator"]
    filter_horizontal = ["axes"]
    inlines = [BodyMemberInline]


@admin.register(BodyMember)
class BodyMemberAdmin(admin.ModelAdmin):
    list_display = ["body", "person", "role", "college"]
    list_filter = ["role", "college"]
    search_fields = ["body__name", "person__last_name", "person__first_name"]
    list_select_related = ["body", "person"]
    autocomplete_fields = ["body", "person"]
