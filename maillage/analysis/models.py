"""A counter raised by every committed change to the data an analysis reads.

The Analyse page keeps the last analysis of each project in memory, keyed by this counter, so an
unchanged project is not analysed twice, and an edit (in any worker process) is seen at once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataGeneration(models.Model):
    """One row: how many committed changes the analysed data has seen."""

    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("data generation")
        verbose_name_plural = _("data generations")

    def __str__(self) -> str:
        return str(self.value)
