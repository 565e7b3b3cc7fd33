from django.contrib import admin

from maillage.members.models import Invitation, MembershipEvent


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "project", "role", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["project", "role"]
    search_fields = ["email"]
    readonly_fields = ["token_hash"]


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ["user_name", "project", "action", "role", "previous_role", "by_name", "at"]
    list_filter = ["project", "action"]
