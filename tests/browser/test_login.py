"""In a real browser: the login page loads its static files and htmx, and logging in works."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.browser.helpers import accessibility_problems, log_in


@pytest.fixture
def camille(transactional_db: None) -> Any:
    return get_user_model().objects.create_user(
        username="camille", password="a-long-test-password", first_name="Camille"
    )


def test_the_login_page_is_french_and_loads_its_css_and_htmx(page: Any) -> None:
    static_statuses: dict[str, int] = {}
    page.on(
        "response",
        lambda response: (
            static_statuses.__setitem__(response.url, response.status)
            if "/static/" in response.url
            else None
        ),
    )

    page.goto("/accounts/login/")
    page.wait_for_load_state("load")

    assert page.get_attribute("html", "lang") == "fr"
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.version").startswith("2.")
    assert any(url.endswith("/vendor/htmx/htmx.min.js") for url in static_statuses)
    assert any(url.endswith(".css") for url in static_statuses)
    assert set(static_statuses.values()) == {200}, static_statuses


def test_the_login_page_passes_the_accessibility_checks(page: Any) -> None:
    page.goto("/accounts/login/")

    assert accessibility_problems(page) == []


def test_a_person_logs_in_through_the_form_and_reaches_the_home_page(
    page: Any, live_server: Any, camille: Any
) -> None:
    log_in(page, "camille", "a-long-test-password")

    assert page.url == f"{live_server.url}/"
    assert page.locator("form[action='/accounts/logout/'] button[type=submit]").is_visible()


def test_a_wrong_password_keeps_the_person_on_the_login_form(page: Any, camille: Any) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.click("form:has(#id_username) button[type=submit]")

    assert page.url.endswith("/accounts/login/")
    assert page.locator("#id_username").input_value() == "camille"
    assert page.locator("form[action='/accounts/logout/']").count() == 0
