"""With whom a task is carried out (partner organisations) and the free texts of mission letters."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.directory.models import Organisation, Person
from maillage.projects.models import Project, Task


class TaskPartner(models.Model):
    """An organisation the task is carried out with (« avec qui »), and how it takes part."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="partners", verbose_name=_("task")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="task_partnerships",
        verbose_name=_("organisation"),
    )
    contribution = models.CharField(
        _("contribution"),
        max_length=300,
        blank=True,
        help_text=_("What the partner brings: data, premises, expertise, co-funding…"),
    )

    class Meta:
        ordering = ["task", "organisation__name"]
        verbose_name = _("task partner")
        verbose_name_plural = _("task partners")
        constraints = [
            models.UniqueConstraint(fields=["task", "organisation"], name="task_partner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.task}"


class MissionLetter(models.Model):
    """The free-text sections the coordinator writes before a person's mission letter is made."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="mission_letters",
        verbose_name=_("project"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="mission_letters",
        verbose_name=_("person"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    objectives = models.TextField(_("expected results of the mission"), blank=True)
    means = models.TextField(_("means and resources"), blank=True)
    closing = models.TextField(_("closing words"), blank=True)
    signatory = models.CharField(_("signed by"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "person"]
        verbose_name = _("mission letter")
        verbose_name_plural = _("mission letters")
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="mission_letter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.project}"
