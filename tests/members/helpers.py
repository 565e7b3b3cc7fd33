"""Invitations made through the service, with the link's token read back from the e-mail."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

from maillage.access import project_access
from maillage.members import services

LINK = re.compile(r"https?://\S+/invitations/([A-Za-z0-9_-]{43})/")


def token_in_last_mail() -> str:
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def invite(project: Any, coordinator: Any, email: str, role: str = "contributor", **extra: Any):
    """Invite `email` as `coordinator` would; returns the invitation and its raw token."""
    access = project_access(coordinator, project.pk)
    invitation, sent = services.invitation_create(
        access=access,
        email=email,
        role=role,
        link_for=lambda token: f"http://testserver/invitations/{token}/",
        **extra,
    )
    assert sent
    return invitation, token_in_last_mail()


def pending_invitation(project: Any) -> Any:
    """A pending invitation of `project` (made once, without e-mail)."""
    import datetime

    from django.utils import timezone

    from maillage.competencies import tokens
    from maillage.members.models import Invitation

    invitation = Invitation.objects.filter(project=project).first()
    if invitation is None:
        invitation = Invitation.objects.create(
            project=project,
            email=f"invitee-{project.pk}@example.org",
            role="observer",
            token_hash=tokens.token_hash(tokens.new_token()),
            expires_at=timezone.now() + datetime.timedelta(days=14),
        )
    return invitation
