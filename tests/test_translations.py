"""The French catalogue is complete: every string of the code and templates is translated."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = REPO / "maillage" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_the_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_every_string_in_the_code_is_in_the_french_catalogue(tmp_path):
    """Extract the messages afresh from a copy of the code and compare with the catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: the test command installs Debian's gettext package")
    copy = tmp_path / "repo"
    shutil.copytree(
        REPO / "maillage",
        copy / "maillage",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
    )
    shutil.copy(REPO / "manage.py", copy / "manage.py")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "MAILLAGE_DEBUG": "1",
            "PYTHONPATH": str(copy),
            "DJANGO_SETTINGS_MODULE": "maillage.settings",
            "MAILLAGE_DATA_DIR": str(tmp_path / "var"),
        },
    )
    extracted = polib.pofile(str(copy / "maillage" / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    translated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)).translated_entries()}
    missing = sorted(
        e.msgid for e in extracted if (e.msgctxt, e.msgid) not in translated and not e.obsolete
    )
    assert missing == []


def test_french_is_the_default_language_of_the_product():
    from maillage import settings as product_settings

    assert product_settings.LANGUAGE_CODE == "fr"
    assert [code for code, _ in product_settings.LANGUAGES] == ["fr", "en"]


def test_a_visitor_without_a_language_preference_gets_french_pages(client, settings):
    settings.LANGUAGE_CODE = "fr"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="fr">' in page
    assert "Nom d’utilisateur" in page or "Nom d'utilisateur" in page
    assert "Se connecter" in page or "Connexion" in page


def test_a_browser_asking_for_english_gets_english_pages(client, settings):
    settings.LANGUAGE_CODE = "fr"
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    assert "Username" in page
