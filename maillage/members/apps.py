from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "maillage.members"
    verbose_name = _("Members and accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from maillage.access import Perm
        from maillage.middleware import mark_session_active

        user_logged_in.connect(mark_session_active, dispatch_uid="maillage_session_active")
        from maillage.projects.navigation import NavItem, register_project_item

        register_project_item(
            NavItem(
                _("Members"),
                "members",
                perm=Perm.MANAGE_MEMBERS,
                section=("member_remove", "invitation_create"),
            ),
            before="project_edit",
        )
