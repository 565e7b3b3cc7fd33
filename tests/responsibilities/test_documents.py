"""Mission letters, read back in each format: the person's missions and days are there."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from maillage.responsibilities import documents
from maillage.responsibilities.models import MissionLetter


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def odt_text(content: bytes) -> str:
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    document = load(io.BytesIO(content))
    elements = document.getElementsByType(H) + document.getElementsByType(P)
    return "\n".join(teletype.extractText(element) for element in elements)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


READERS = {"docx": docx_text, "odt": odt_text, "pdf": pdf_text}


@pytest.fixture
def letter_texts(team):
    MissionLetter.objects.create(
        project=team.project,
        person=team.anne,
        introduction="Le PAT entre dans sa phase opérationnelle.",
        objectives="Livrer le diagnostic au COPIL de mars.",
        signatory="Le Président de la Communauté",
    )


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_the_letter_holds_the_persons_missions_days_and_free_texts(team, letter_texts, fmt) -> None:
    response = team.clients["coordinator"].get(
        reverse(f"responsibilities_letter_{fmt}", args=[team.project.pk, team.anne.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == getattr(documents, f"{fmt.upper()}_CONTENT_TYPE")
    assert "lettre-de-mission-anne-le-goff" in response["Content-Disposition"]
    text = " ".join(READERS[fmt](response.content).split())

    assert "Anne Le Goff" in text
    assert "Diagnostic agricole du territoire" in text
    assert "Approvisionnement local des cantines" in text
    assert "ECO Économie alimentaire" in text
    # Days per month on each task, and the time of the month: 4 + 0.5 in January (French commas).
    assert "4,5" in text and "8,5" in text
    assert "COTECH alimentation" in text
    assert "Le PAT entre dans sa phase opérationnelle." in text
    assert "Livrer le diagnostic au COPIL de mars." in text
    assert "CA35" in text  # the partner of the diagnosis (short name): with whom


def test_the_letter_names_who_the_person_reports_to(team) -> None:
    letter = documents.build_letter(team.project, team.bruno)
    (missions,) = letter.missions.values()
    assert [(m.task, m.reports_to) for m in missions] == [
        ("Diagnostic agricole du territoire", "Anne Le Goff")
    ]


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_an_elected_official_gets_a_letter_for_their_referent_roles(team, fmt) -> None:
    letter = documents.build_letter(team.project, team.elise)
    content = getattr(documents, f"to_{fmt}")(letter)
    text = " ".join(READERS[fmt](content).split())
    assert "Élise Rault" in text
    assert "ECO Économie alimentaire" in text
    with translation.override("fr"):  # letters are written in French
        role = gettext("Axis %(axis)s: %(role)s") % {
            "axis": "ECO Économie alimentaire",
            "role": gettext("political referent"),
        }
    assert " ".join(role.split()) in text
    assert "0,5" in text  # the validation she gives the diagnosis, per month


def test_the_documents_are_real_files_of_their_format(team) -> None:
    letter = documents.build_letter(team.project, team.anne)
    assert zipfile.ZipFile(io.BytesIO(documents.to_docx(letter))).testzip() is None
    odt = zipfile.ZipFile(io.BytesIO(documents.to_odt(letter)))
    assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert documents.to_pdf(letter).startswith(b"%PDF-")


def test_the_coordinator_edits_the_free_texts_before_generating(team) -> None:
    url = reverse("responsibilities_letter", args=[team.project.pk, team.anne.pk])
    response = team.clients["coordinator"].post(url, {"introduction": "Contexte écrit à la main"})
    assert response.status_code == 302
    text = docx_text(documents.to_docx(documents.build_letter(team.project, team.anne)))
    assert "Contexte écrit à la main" in text


def test_a_stale_edit_of_the_free_texts_is_refused(team, letter_texts) -> None:
    url = reverse("responsibilities_letter", args=[team.project.pk, team.anne.pk])
    client = team.clients["coordinator"]
    assert client.post(url, {"introduction": "Nouveau", "version": 1}).status_code == 302
    response = client.post(url, {"introduction": "Ancien", "version": 1})
    assert response.status_code == 409
    assert MissionLetter.objects.get(person=team.anne).introduction == "Nouveau"


@pytest.mark.parametrize("role", ["contributor", "elected", "partner", "observer"])
def test_only_the_coordinator_or_the_person_reads_a_letter(team, role) -> None:
    for name in ("responsibilities_letter", "responsibilities_letter_pdf"):
        url = reverse(name, args=[team.project.pk, team.anne.pk])
        assert team.clients[role].get(url).status_code == 403


def test_a_person_reads_their_own_letter_but_cannot_edit_it(team) -> None:
    from django.test import Client

    user = team.project.memberships.get(role="partner").user
    team.bruno.user = user
    team.bruno.save()
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    url = reverse("responsibilities_letter", args=[team.project.pk, team.bruno.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"introduction": "x"}).status_code == 403
    listing = client.get(reverse("responsibilities_letters", args=[team.project.pk]))
    assert list(listing.context["people"]) == [team.bruno]
