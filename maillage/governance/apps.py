from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "maillage.governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from maillage.projects.navigation import NavItem, register_project_item

        register_project_item(
            NavItem(
                _("Governance"),
                "governance_bodies",
                section=(
                    "governance_body_create",
                    "governance_body_detail",
                    "governance_body_edit",
                    "governance_body_delete",
                ),
            ),
            before="project_edit",
        )
