from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsibilitiesConfig(AppConfig):
    name = "maillage.responsibilities"
    verbose_name = _("Responsibilities")

    def ready(self) -> None:
        from maillage.projects.navigation import NavItem, register_project_item

        register_project_item(
            NavItem(
                _("Who does what"),
                "responsibilities_table",
                section=(
                    "responsibilities_raci",
                    "responsibilities_workload",
                    "responsibilities_assignment_edit",
                    "responsibilities_axes",
                ),
            ),
            before="project_edit",
        )
        register_project_item(
            NavItem(
                _("Organisation scheme"),
                "responsibilities_scheme",
                section=("responsibilities_scheme_table",),
            ),
            before="project_edit",
        )
