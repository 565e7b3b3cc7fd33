from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "maillage.staffing"
    verbose_name = _("Staffing")

    def ready(self) -> None:
        from maillage.projects.navigation import PROJECT_ITEMS, NavItem, register_project_item

        # Right after the tasks: the item that follows them now is the one to come before.
        names = [item.url_name for item in PROJECT_ITEMS]
        after = names.index("task_tree") + 1 if "task_tree" in names else len(names)
        register_project_item(
            NavItem(_("Needs"), "staffing_needs_grid"),
            before=names[after] if after < len(names) else None,
        )
