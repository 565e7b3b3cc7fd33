from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OptimisationConfig(AppConfig):
    name = "maillage.optimisation"
    verbose_name = _("Staffing optimisation")

    def ready(self) -> None:
        from maillage.access import Perm
        from maillage.projects.navigation import NavItem, register_project_item

        register_project_item(
            NavItem(
                _("Propose a staffing"),
                "optimisation_page",
                perm=Perm.EDIT_PLAN,
                section=("optimisation_run", "optimisation_history"),
            ),
            before="project_edit",
        )
        register_project_item(
            NavItem(_("Remedies"), "optimisation_remedies", perm=Perm.EDIT_PLAN),
            before="project_edit",
        )
