from django.contrib import admin

from maillage.planning.models import CalendarLink, PlanVersion, Review, Roll


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    readonly_fields = ("sponsor_name", "representative_name", "decision", "comment", "decided_at")
    can_delete = False


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ("project", "number", "label", "status", "is_baseline", "created_at")
    list_filter = ("status", "is_baseline")
    inlines = [ReviewInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # frozen: read-only everywhere


@admin.register(Roll)
class RollAdmin(admin.ModelAdmin):
    list_display = ("project", "from_month", "to_month", "rolled_at")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(CalendarLink)
