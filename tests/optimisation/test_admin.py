"""Staff can look at runs, accepted changes and remedy costs in the admin."""

import pytest
from django.urls import reverse

from tests.factories import make_user


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["staffingrun", "acceptedchange", "remedyrates"])
def test_the_admin_lists_and_searches_the_models(client, model):
    client.force_login(make_user("staff", is_staff=True, is_superuser=True))

    response = client.get(reverse(f"admin:optimisation_{model}_changelist"), {"q": "a"})

    assert response.status_code == 200
