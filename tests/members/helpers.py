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
