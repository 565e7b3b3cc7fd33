"""Compiles the translation catalogues with polib, so no system gettext is needed."""

from __future__ import annotations

from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write a .mo next to every .po under `locale_dir`; fuzzy entries are left out."""
    import polib

    compiled = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled
