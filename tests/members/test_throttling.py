"""Login throttling: a user name is locked for one address after 5 wrong passwords."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse

from maillage.members.throttling import client_ip
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password"  # the factories' password


def _login(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@time_machine.travel("2026-12-03 10:00 +0100", tick=False)
def test_six_wrong_passwords_then_the_right_one_is_refused() -> None:
    make_user("camille")
    client = Client()

    statuses = [_login(client, "camille", "wrong").status_code for _ in range(6)]
    response = _login(client, "camille", PASSWORD)

    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_user_name_and_address_and_ends_after_15_minutes() -> None:
    make_user("camille")
    make_user("dominique")
    with time_machine.travel("2026-12-03 10:00 +0100", tick=False):
        for _ in range(5):
            _login(Client(), "camille", "wrong")
        assert _login(Client(), "camille", PASSWORD).status_code == 429
        # Another user name from the same address, the same one from another address: not locked.
        assert _login(Client(), "dominique", PASSWORD).status_code == 302
        assert _login(Client(), "camille", PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 302
    with time_machine.travel("2026-12-03 10:16 +0100", tick=False):
        assert _login(Client(), "camille", PASSWORD).status_code == 302


def test_a_success_resets_the_count() -> None:
    make_user("camille")
    for _ in range(4):
        _login(Client(), "camille", "wrong")
    assert _login(Client(), "camille", PASSWORD).status_code == 302

    for _ in range(4):
        _login(Client(), "camille", "wrong")

    assert _login(Client(), "camille", PASSWORD).status_code == 302


def test_the_limit_is_configurable(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    make_user("camille")

    _login(Client(), "camille", "wrong")
    _login(Client(), "camille", "wrong")

    assert _login(Client(), "camille", PASSWORD).status_code == 429


def test_the_admin_login_is_throttled_too() -> None:
    make_user("admin", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(5):
        Client().post(url, {"username": "admin", "password": "wrong"})

    response = Client().post(url, {"username": "admin", "password": PASSWORD})

    assert response.status_code == 429


def test_behind_the_proxy_the_address_it_appended_counts(settings: Any) -> None:
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4", REMOTE_ADDR="127.0.0.1"
    )

    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "198.51.100.4"


def test_code_that_authenticates_without_a_request_is_not_throttled() -> None:
    from django.contrib.auth import authenticate

    user = make_user("camille")

    assert authenticate(username="camille", password=PASSWORD) == user
    assert Client().login(username="camille", password=PASSWORD)
