"""Counters raised by every committed change to the data an analysis reads.

The Analyse page keeps the last analysis of each project in memory, keyed by these counters, so
an unchanged project is not analysed twice, and an edit (in any worker process) is seen at once.
There is one counter per *scope*: `people` for the directory and the competencies shared by all
projects, `plan:<project id>` for one project's plan, and `plan` for plan rows whose project
could not be told (every project's analysis depends on it).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataGeneration(models.Model):
    """How many committed changes one scope of the analysed data has seen."""

    scope = models.CharField(_("scope"), max_length=40, unique=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("data generation")
        verbose_name_plural = _("data generations")

    def __str__(self) -> str:
        return f"{self.scope}: {self.value}"


class AnalysisThresholds(models.Model):
    """A project's thresholds of the analysis, where the team changed the engine's defaults.

    `values` maps threshold names of the engine's catalogue
    (`maillage.engine.analysis.thresholds`) to numbers; the names absent keep their default.
    """

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="analysis_thresholds",
        verbose_name=_("project"),
    )
    values = models.JSONField(_("values"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("analysis thresholds")
        verbose_name_plural = _("analysis thresholds")

    def __str__(self) -> str:
        return str(self.project)
