"""Small middleware of the instance."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Pages and exports are kept by no browser cache or proxy: most show personal data (a
    person's time, motivation, contacts), which must not outlive the session on a shared
    computer. Static files are served before this middleware; a view may still set its own
    Cache-Control."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionIdleMiddleware:
    """Push a logged-in session's end back on activity, so that it ends only after
    MAILLAGE_SESSION_IDLE_MINUTES without a request. The session is written at most once a
    minute, not on every request (SESSION_SAVE_EVERY_REQUEST would cost every page a write)."""

    KEY = "_maillage_active_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            refresh = min(
                settings.MAILLAGE_SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 10
            )
            if now - int(session.get(self.KEY, 0)) >= refresh:
                session[self.KEY] = now  # modified: the session middleware saves a new expiry
        return response


def mark_session_active(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """A login saves the session anyway: note the activity then, so that the first pages after
    it do not write the session again."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionIdleMiddleware.KEY] = int(time.time())
