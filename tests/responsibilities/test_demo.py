"""The demo project shows the responsibilities: partners, modalities, letters and the scheme."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from maillage.demo import load_demo
from maillage.responsibilities import documents
from maillage.responsibilities.models import MissionLetter, TaskPartner
from maillage.staffing.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo(today=datetime.date(2026, 11, 26))


def test_the_demo_has_mission_letter_texts_for_the_coordinator_and_an_elected_official(demo):
    letters = {letter.person.kind: letter for letter in MissionLetter.objects.filter(project=demo)}
    assert set(letters) == {"agent", "elected"}
    coordinator = letters["agent"].person
    assert coordinator.user.username == "coordination"
    paragraphs = [
        p for s in documents.build_letter(demo, coordinator).sections for p in s.paragraphs
    ]
    assert "Préparer la reconnaissance du PAT au niveau 2." in paragraphs
    elected = documents.build_letter(demo, letters["elected"].person)
    assert any("référente politique" in p for s in elected.sections for p in s.paragraphs)


def test_the_demo_says_with_whom_and_how(demo):
    assert TaskPartner.objects.filter(task__project=demo).count() >= 5
    assert Assignment.objects.filter(task__project=demo).exclude(modalities="").exists()


def test_the_demo_scheme_shows_who_coordinates_and_animates(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="partenaire"))
    data = client.get(reverse("responsibilities_scheme_data", args=[demo.pk])).json()
    kinds = {link["data"]["kind"] for link in data["links"]}
    assert kinds == {
        "leads",
        "referent_of",
        "coordinates",
        "animates",
        "contributes_to",
        "member_of",
    }
    people = [n for n in data["nodes"] if n["data"]["kind"] == "person"]
    assert len(people) >= 30
    assert all("email" not in n["data"] for n in people)
