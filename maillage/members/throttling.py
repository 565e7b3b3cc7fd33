"""Login throttling (django-axes): its backend, the client address it counts, its page."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, except that a check without a request (code calling `authenticate()`
    directly, such as the test client's `login()`) goes on to the next backend instead of
    failing: every login through the site's forms has a request and is throttled."""

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind our reverse proxy the address it appended to X-Forwarded-For
    (the last one: earlier entries come from the client and can be forged)."""
    if settings.SECURE_PROXY_SSL_HEADER:  # set when MAILLAGE_BEHIND_PROXY=1
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The page of a locked-out login: how many failures, how long to wait (429)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
