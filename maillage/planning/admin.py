from django.contrib import admin

from maillage.planning.models import CalendarLink, PlanVersion, Review, Roll


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    readonly_fields = (
        "sponsor_name",
        "representative_name",
        "decision",
        "comment",
        "decided_at",
        "recorded_on_behalf",
        "decision_date",
        "means",
    )
    exclude = ("attachment",)  # sent only by the permission-checked view
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


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = (
        "version",
        "sponsor_name",
        "representative_name",
        "decision",
        "decided_at",
        "recorded_on_behalf",
    )
    list_filter = ("decision", "recorded_on_behalf")
    exclude = ("attachment",)  # sent only by the permission-checked view
    search_fields = ("sponsor_name", "representative_name", "comment")


@admin.register(CalendarLink)
class CalendarLinkAdmin(admin.ModelAdmin):
    list_display = ("project", "user", "created_at")
    exclude = ("token",)  # a secret: staff revoke a link by deleting it, they never read it

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # links are created by their owner, with a random token
