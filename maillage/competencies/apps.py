from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "maillage.competencies"
    verbose_name = _("Competencies")

    def ready(self) -> None:
        from maillage.projects.navigation import NavItem, register_project_item

        register_project_item(
            NavItem(
                _("Competencies"),
                "competencies_map",
                section=(
                    "competencies_profiles",
                    "competencies_compare",
                    "competencies_validation",
                    "competencies_campaigns",
                    "competencies_campaign_create",
                    "competencies_campaign_detail",
                    "competencies_framework",
                    "competencies_framework_levels",
                    "competencies_competency_create",
                    "competencies_competency_edit",
                    "competencies_framework_import",
                    "competencies_import",
                ),
            ),
            before="project_edit",
        )
