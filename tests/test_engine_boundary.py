"""The engine is pure Python: no Django, no other part of Maillage, importable without either."""

import ast
import subprocess
import sys
from pathlib import Path

import maillage.engine

ENGINE_DIR = Path(maillage.engine.__file__).resolve().parent
ENGINE_MODULES = sorted(
    ".".join(
        ("maillage", "engine", *path.relative_to(ENGINE_DIR).with_suffix("").parts)
    ).removesuffix(".__init__")
    for path in ENGINE_DIR.rglob("*.py")
)


def imported_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: inside the engine by construction
                yield "maillage.engine"
            elif node.module:
                yield node.module


def is_forbidden(name):
    top = name.split(".")[0]
    if top == "django":
        return True
    return top == "maillage" and not (
        name == "maillage.engine" or name.startswith("maillage.engine.")
    )


def test_the_engine_has_modules_to_check():
    assert "maillage.engine.snapshot" in ENGINE_MODULES
    assert len(ENGINE_MODULES) >= 3


def test_no_engine_module_imports_django_or_the_rest_of_maillage():
    offenders = {
        str(path.relative_to(ENGINE_DIR)): name
        for path in ENGINE_DIR.rglob("*.py")
        for name in imported_names(path)
        if is_forbidden(name)
    }
    assert offenders == {}


def test_the_scan_would_catch_a_django_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "import json\nfrom django.db import models\nfrom maillage.projects import models\n"
    )
    assert [name for name in imported_names(module) if is_forbidden(name)] == [
        "django.db",
        "maillage.projects",
    ]


def test_every_engine_module_imports_with_django_blocked():
    code = (
        "import importlib, sys\n"
        "sys.modules['django'] = None  # any 'import django...' now raises ImportError\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith('maillage.')\n"
        "                and not m.startswith('maillage.engine'))\n"
        "assert not leaked, leaked\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ENGINE_DIR.parent.parent)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_blocking_django_really_blocks_it():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['django'] = None; import django.db"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "No module named 'django.db'" in result.stderr
