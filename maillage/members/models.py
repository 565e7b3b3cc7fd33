"""Invitations to join a project, and the history of who was added, changed or removed.

The membership itself (`projects.Membership`) is what the access module reads; this app only
manages it. An invitation keeps the SHA-256 of its link's token, never the token itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.directory.models import Person
from maillage.projects.models import Membership, Project


class Invitation(models.Model):
    """An e-mail invited to a project with a role; the link works once, until it expires."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="member_invitations",
        verbose_name=_("project"),
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_invitations",
        verbose_name=_("person of the directory"),
    )
    message = models.TextField(_("message"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["project", "-created_at", "-id"]
        verbose_name = _("member invitation")
        verbose_name_plural = _("member invitations")

    def __str__(self) -> str:
        return f"{self.email} — {self.project}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class MembershipEvent(models.Model):
    """One line of a project's membership history; kept when the member or the user is gone."""

    class Action(models.TextChoices):
        ADDED = "added", _("added")
        ROLE_CHANGED = "role_changed", _("role changed")
        REMOVED = "removed", pgettext_lazy("member", "removed")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="membership_events",
        verbose_name=_("project"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The member's name at the time, still readable if the account is deleted.
    user_name = models.CharField(_("member"), max_length=300)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    previous_role = models.CharField(
        _("previous role"), max_length=20, choices=Membership.Role.choices, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_name = models.CharField(_("by"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["project", "-at", "-id"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        indexes = [models.Index(fields=["project", "user"], name="membershipevent_project_user")]

    def __str__(self) -> str:
        return f"{self.user_name} — {self.get_action_display()} ({self.at:%Y-%m-%d})"
