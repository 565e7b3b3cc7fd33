from django.contrib import admin

from maillage.directory.models import Availability, Employment, Organisation, Person, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "code", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


class EmploymentInline(admin.TabularInline):
    model = Employment
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organisation", "manager"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "territory"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    list_select_related = ["territory"]
    autocomplete_fields = ["territory"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "kind", "job_title", "email", "user"]
    list_filter = ["kind"]
    search_fields = ["last_name", "first_name", "email", "job_title"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    inlines = [EmploymentInline]


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "time_share", "role", "manager"]
    search_fields = ["person__last_name", "person__first_name", "organisation__name"]
    list_select_related = ["person", "organisation", "manager"]
    autocomplete_fields = ["person", "organisation", "manager"]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["person", "month", "days"]
    date_hierarchy = "month"
    search_fields = ["person__last_name", "person__first_name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
