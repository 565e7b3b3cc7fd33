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
        REPO / "maillage", copy / "maillage",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
    )
    shutil.copy(REPO / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete",
         ],
        cwd=copy, check=True, capture_output=True,
        env={"PATH": "/usr/bin:/bin", "MAILLAGE_DEBUG": "1", "PYTHONPATH": str(copy),
             "DJANGO_SETTINGS_MODULE": "maillage.settings",
             "MAILLAGE_DATA_DIR": str(tmp_path / "var")},
    )
    extracted = polib.pofile(str(copy / "maillage" / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    translated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)).translated_entries()}
    missing = sorted(
        e.msgid for e in extracted if (e.msgctxt, e.msgid) not in translated and not e.obsolete
    )
    assert missing == []
