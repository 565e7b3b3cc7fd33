from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "maillage.analysis"
    verbose_name = _("Analysis")

    def ready(self) -> None:
        from maillage.analysis import changes
        from maillage.projects.navigation import NavItem, register_project_item

        changes.watch_analysed_data()
        register_project_item(
            NavItem(_("Analysis"), "analysis_page", section=("analysis_results",)),
            before="project_edit",
        )
