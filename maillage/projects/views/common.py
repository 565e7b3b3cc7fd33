"""Small helpers shared by the page views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation errors next to the fields they concern."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


def is_htmx(request: HttpRequest) -> bool:
    """An htmx swap asking for a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_fragment(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only the part htmx swaps; caches keep the two apart."""
    response = render(request, fragment if is_htmx(request) else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
