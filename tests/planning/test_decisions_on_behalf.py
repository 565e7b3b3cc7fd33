"""Decisions of sponsors' representatives without an account, recorded by the coordination;
the e-mail that tells representatives with an account; the elected official's home."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.planning import services
from maillage.planning.models import PlanVersion, Review
from tests.planning.conftest import access_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_day() -> Any:
    with time_machine.travel("2026-12-03 10:00 +0100", tick=False):
        yield


D = datetime.date
VALIDATED = Review.Decision.VALIDATED
CHANGES = Review.Decision.CHANGES_REQUESTED
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def _pdf(name: str = "courrier-maire.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _submitted(project: Any, persona_users: dict, deadline: Any = None) -> PlanVersion:
    """A version submitted on 25 November 2026 (a week before "today")."""
    access = access_of(persona_users["coordinator"], project)
    with time_machine.travel("2026-11-25 10:00 +0100", tick=False):
        version = services.version_freeze(access=access, label="Plan de décembre")
        return services.version_submit(access=access, version=version, deadline=deadline)


def _review_of(version: PlanVersion, person: Any) -> Review:
    return Review.objects.get(version=version, representative=person)


def _record(project: Any, persona_users: dict, review: Review, **fields: Any) -> Review:
    fields.setdefault("decision", VALIDATED)
    fields.setdefault("decision_date", D(2026, 12, 2))
    fields.setdefault("means", Review.Means.LETTER)
    return services.review_record_on_behalf(
        access=access_of(persona_users["coordinator"], project), review=review, **fields
    )


# --- Services -------------------------------------------------------------------------------


def test_it_records_a_decision_on_behalf_with_its_date_means_and_letter(
    project: Any, persona_users: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _record(
        project,
        persona_users,
        _review_of(version, mixed_sponsors["mayor"]),
        comment="Accord du conseil municipal.",
        attachment=_pdf(),
    )

    review.refresh_from_db()
    assert review.decision == VALIDATED
    assert review.recorded_on_behalf is True
    assert (review.decision_date, review.means) == (D(2026, 12, 2), Review.Means.LETTER)
    assert review.decided_by == persona_users["coordinator"]
    assert review.attachment_name == "courrier-maire.pdf"
    assert review.attachment.read() == PDF
    # The department has not decided yet: the version still awaits it.
    assert PlanVersion.objects.get(pk=version.pk).status == PlanVersion.Status.SUBMITTED


def test_the_version_is_validated_once_every_sponsor_decided_either_way(
    project: Any, persona_users: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    _record(project, persona_users, _review_of(version, mixed_sponsors["mayor"]))
    services.review_decide(
        access=access_of(persona_users["elected"], project),
        version=version,
        decision=VALIDATED,
        comment="",
    )
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.VALIDATED
    assert version.is_baseline


def test_changes_requested_on_behalf_need_a_comment_and_mark_the_version(
    project: Any, persona_users: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _review_of(version, mixed_sponsors["mayor"])
    with pytest.raises(ValidationError) as refused:
        _record(project, persona_users, review, decision=CHANGES, means=Review.Means.MEETING)
    assert "comment" in refused.value.error_dict
    _record(project, persona_users, review, decision=CHANGES, comment="Décaler l'atelier.")
    assert PlanVersion.objects.get(pk=version.pk).status == PlanVersion.Status.CHANGES_REQUESTED


def test_it_refuses_a_version_that_was_not_submitted(
    project: Any, persona_users: dict, mixed_sponsors: dict
) -> None:
    version = services.version_freeze(
        access=access_of(persona_users["coordinator"], project), label="Brouillon"
    )
    review = Review.objects.create(
        version=version, sponsor_name="Commune", representative=mixed_sponsors["mayor"]
    )
    with pytest.raises(ValidationError, match="not awaiting decisions"):
        _record(project, persona_users, review)
    assert Review.objects.get(pk=review.pk).decision == Review.Decision.PENDING


def test_it_refuses_a_sponsor_that_already_decided(
    project: Any, persona_users: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _review_of(version, mixed_sponsors["mayor"])
    _record(project, persona_users, review)
    with pytest.raises(ValidationError, match="Commune de Paimpont has already decided"):
        _record(project, persona_users, review, decision=CHANGES, comment="Non")
    assert Review.objects.get(pk=review.pk).decision == VALIDATED


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_pdf("courrier.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024)), "limit is 10 MB"),
        (_pdf("courrier.exe", b"MZ\x90\x00"), "PDF, ODT, DOCX, PNG or JPEG"),
        (_pdf("faux.pdf", b"<html>not a pdf</html>"), "PDF, ODT, DOCX, PNG or JPEG"),
    ],
)
def test_it_refuses_a_document_too_large_or_of_another_type(
    project: Any, persona_users: dict, mixed_sponsors: dict, upload: Any, message: str
) -> None:
    version = _submitted(project, persona_users)
    review = _review_of(version, mixed_sponsors["mayor"])
    with pytest.raises(ValidationError) as refused:
        _record(project, persona_users, review, attachment=upload)
    assert message in " ".join(refused.value.message_dict["attachment"])
    review.refresh_from_db()
    assert (review.decision, review.attachment.name) == (Review.Decision.PENDING, "")


def test_the_decision_date_cannot_be_in_the_future_nor_before_the_submission(
    project: Any, persona_users: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _review_of(version, mixed_sponsors["mayor"])
    for day in (D(2026, 12, 4), D(2026, 11, 24)):
        with pytest.raises(ValidationError) as refused:
            _record(project, persona_users, review, decision_date=day)
        assert "decision_date" in refused.value.error_dict


def test_only_the_coordinator_records_on_behalf(
    project: Any, persona_users: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _review_of(version, mixed_sponsors["mayor"])
    for persona in ("contributor", "elected", "partner", "observer"):
        with pytest.raises(PermissionDenied):
            services.review_record_on_behalf(
                access=access_of(persona_users[persona], project),
                review=review,
                decision=VALIDATED,
                decision_date=D(2026, 12, 2),
                means=Review.Means.LETTER,
            )
    assert Review.objects.get(pk=review.pk).decision == Review.Decision.PENDING


# --- E-mails at submission --------------------------------------------------------------------


def test_submission_emails_the_representatives_with_an_account_in_french(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "fr"  # the product's language (tests default to English)
    version = services.version_freeze(
        access=access_of(persona_users["coordinator"], project), label="Plan"
    )
    url = reverse("planning_version_submit", args=[project.pk, version.pk])
    response = personas["coordinator"].post(url, {"deadline": "2026-12-20"}, follow=True)

    assert [message.to for message in mail.outbox] == [["elue@departement.example"]]
    email = mail.outbox[0]
    assert "attend votre décision" in email.subject
    assert "20 décembre 2026" in email.body
    detail = reverse("planning_version_detail", args=[project.pk, version.pk])
    assert f"http://testserver{detail}" in email.body
    page = response.content.decode()
    assert "Élise Élue" in page  # the e-mail was sent to her
    assert "Sans compte : Marc Maire." in page


def test_a_mail_server_failure_is_told_to_the_coordinator_not_a_500(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    version = services.version_freeze(
        access=access_of(persona_users["coordinator"], project), label="Plan"
    )
    url = reverse("planning_version_submit", args=[project.pk, version.pk])
    response = personas["coordinator"].post(url, {"deadline": ""}, follow=True)

    assert response.status_code == 200
    told = "The e-mail to Élise Élue could not be sent: to be told another way"
    assert told in response.content.decode()
    assert PlanVersion.objects.get(pk=version.pk).status == PlanVersion.Status.SUBMITTED


# --- Pages ------------------------------------------------------------------------------------


def test_the_coordinator_records_from_the_version_page_with_a_letter(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _review_of(version, mixed_sponsors["mayor"])
    detail = reverse("planning_version_detail", args=[project.pk, version.pk])
    record = reverse("planning_review_record", args=[project.pk, version.pk, review.pk])
    page = personas["coordinator"].get(detail).content.decode()
    assert record in page
    assert "no account: the coordination records their decision" in page

    response = personas["coordinator"].post(
        record,
        {
            "decision": VALIDATED,
            "decision_date": "2026-12-02",
            "means": Review.Means.LETTER,
            "comment": "",
            "attachment": _pdf(),
        },
    )
    assert response.status_code == 302
    page = personas["coordinator"].get(detail).content.decode()
    assert (
        "Decision of Marc Maire of 2 December 2026 (letter), recorded by the coordination "
        "on 3 December 2026" in page
    )
    download = reverse("planning_review_attachment", args=[project.pk, version.pk, review.pk])
    assert download in page
    assert record not in page


def test_a_refused_document_is_named_on_the_form_and_nothing_is_written(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _review_of(version, mixed_sponsors["mayor"])
    record = reverse("planning_review_record", args=[project.pk, version.pk, review.pk])
    response = personas["coordinator"].post(
        record,
        {
            "decision": VALIDATED,
            "decision_date": "2026-12-02",
            "means": Review.Means.LETTER,
            "attachment": _pdf("photo.gif", b"GIF89a"),
        },
    )
    assert response.status_code == 400
    assert "Attached document — The attached document must be a PDF" in response.content.decode()
    assert Review.objects.get(pk=review.pk).decision == Review.Decision.PENDING


def test_recording_for_a_sponsor_that_decided_shows_the_refusal(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _record(project, persona_users, _review_of(version, mixed_sponsors["mayor"]))
    record = reverse("planning_review_record", args=[project.pk, version.pk, review.pk])
    page = personas["coordinator"].get(record).content.decode()
    assert "Commune de Paimpont has already decided on this version." in page
    assert 'enctype="multipart/form-data"' not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("contributor", 200),
        ("elected", 200),
        ("partner", 403),
        ("observer", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_the_document_is_sent_to_those_who_see_contacts(
    project: Any,
    persona_users: dict,
    personas: dict,
    mixed_sponsors: dict,
    persona: str,
    status: int,
) -> None:
    version = _submitted(project, persona_users)
    review = _record(
        project, persona_users, _review_of(version, mixed_sponsors["mayor"]), attachment=_pdf()
    )
    url = reverse("planning_review_attachment", args=[project.pk, version.pk, review.pk])
    response = personas[persona].get(url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert 'filename="courrier-maire.pdf"' in response["Content-Disposition"]
        assert response["Content-Disposition"].startswith("attachment")


def test_a_decision_without_document_has_nothing_to_download(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    review = _record(project, persona_users, _review_of(version, mixed_sponsors["mayor"]))
    url = reverse("planning_review_attachment", args=[project.pk, version.pk, review.pk])
    assert personas["coordinator"].get(url).status_code == 404


def test_the_versions_list_and_comparison_say_the_decision_was_recorded(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    _record(project, persona_users, _review_of(version, mixed_sponsors["mayor"]))
    expected = "recorded by the coordination on 3 December 2026"
    versions = reverse("planning_versions", args=[project.pk])
    compare = reverse("planning_version_compare", args=[project.pk])
    assert expected in personas["partner"].get(versions).content.decode()
    page = personas["partner"].get(compare, {"old": version.pk}).content.decode()
    assert expected in page


def test_the_decision_page_reads_in_french(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users)
    _record(project, persona_users, _review_of(version, mixed_sponsors["mayor"]))
    detail = reverse("planning_version_detail", args=[project.pk, version.pk])
    page = personas["observer"].get(detail, headers={"accept-language": "fr"}).content.decode()
    assert (
        "Décision de Marc Maire du 2 décembre 2026 (courrier), enregistrée par la coordination "
        "le 3 décembre 2026" in page
    )


# --- The elected official's home ------------------------------------------------------------


def test_the_home_lists_the_versions_awaiting_my_decision(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict
) -> None:
    version = _submitted(project, persona_users, deadline=D(2026, 12, 20))
    detail = reverse("planning_version_detail", args=[project.pk, version.pk])

    page = personas["elected"].get("/").content.decode()
    assert "To validate" in page
    assert f"{detail}#decision" in page
    assert "20 December 2026" in page
    for persona in ("coordinator", "contributor", "partner", "observer"):
        assert "To validate" not in personas[persona].get("/").content.decode()

    services.review_decide(
        access=access_of(persona_users["elected"], project),
        version=version,
        decision=VALIDATED,
        comment="",
    )
    assert "To validate" not in personas["elected"].get("/").content.decode()


def test_the_home_runs_as_many_queries_for_one_or_many_versions(
    project: Any, persona_users: dict, mixed_sponsors: dict
) -> None:
    client = Client()
    client.force_login(persona_users["elected"])
    _submitted(project, persona_users)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/").status_code == 200
        return len(context.captured_queries)

    one = count()
    for _ in range(4):
        _submitted(project, persona_users)
    assert count() == one


def test_the_submit_page_says_who_has_no_account(
    project: Any, persona_users: dict, personas: dict, mixed_sponsors: dict
) -> None:
    version = services.version_freeze(
        access=access_of(persona_users["coordinator"], project), label="Plan"
    )
    page = personas["coordinator"].get(
        reverse("planning_version_submit", args=[project.pk, version.pk])
    )
    text = page.content.decode()
    mayor_line = next(line for line in text.split("<li>") if "Marc Maire" in line)
    elected_line = next(line for line in text.split("<li>") if "Élise Élue" in line)
    assert "no account: the coordination records their decision" in mayor_line
    assert "an e-mail will ask for the decision" in elected_line
