from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "maillage.planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from maillage.projects.navigation import NavItem, register_project_item

        register_project_item(
            NavItem(
                _("Gantt"),
                "planning_gantt",
                section=(
                    "planning_steps",
                    "planning_step_create",
                    "planning_step_edit",
                    "planning_step_delete",
                ),
            ),
            before="project_edit",
        )
        register_project_item(
            NavItem(
                _("Guiding thread"),
                "planning_versions",
                section=(
                    "planning_version_create",
                    "planning_version_detail",
                    "planning_version_submit",
                    "planning_version_compare",
                    "planning_roll",
                    "planning_calendar",
                    "planning_template",
                ),
            ),
            before="project_edit",
        )
