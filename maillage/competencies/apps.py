from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "maillage.competencies"
    verbose_name = _("Competencies")
