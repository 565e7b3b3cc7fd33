"""`maillage analyze`, `generate`, `bench analyze`, `export` and `import`, run in a subprocess as
a user would. The first three need no database (no secret key, no settings)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.commands import clean_env, run_cli


def maillage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=clean_env(**env))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("files") / "projet.json"
    result = maillage(
        "generate", "--people", "40", "--tasks", "60", "--competencies", "12", "--seed", "5",
        "-o", str(path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "40 personnes, 60 tâches, 12 compétences" in result.stdout
    return path


def test_generate_is_deterministic_for_a_seed(generated: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again.json", tmp_path / "other.json"
    base = ("generate", "--people", "40", "--tasks", "60", "--competencies", "12")
    assert maillage(*base, "--seed", "5", "-o", str(again)).returncode == 0
    assert maillage(*base, "--seed", "6", "-o", str(other)).returncode == 0
    assert again.read_bytes() == generated.read_bytes()
    assert other.read_bytes() != generated.read_bytes()
    data = json.loads(generated.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("maillage-project", 1)
    assert len(data["people"]) >= 40 and len(data["tasks"]) == 60


def test_analyze_prints_a_french_report_without_any_database(generated: Path) -> None:
    result = maillage("analyze", str(generated))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Analyse du projet « ")
    for heading in ("## Écarts", "## Incohérences (", "## Doublons (", "## Pertes de temps (",
                    "## Fragilité du maillage"):  # fmt: skip
        assert heading in result.stdout
    english = maillage("analyze", "--lang", "en", str(generated))
    assert english.returncode == 0
    assert english.stdout.startswith("Analysis of project ") and "## Inconsistencies (" in (
        english.stdout
    )


def test_analyze_json_has_the_five_parts(generated: Path) -> None:
    result = maillage("analyze", "--json", str(generated))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"gaps", "inconsistencies", "duplicates", "time_losses", "mesh"} <= set(data)
    assert data["duplicates"]["similar_tasks"], "the generator plants near-duplicate tasks"
    assert {"mobilised", "structural", "unheld"} <= set(data["gaps"])


def test_analyze_a_malformed_file_names_the_json_path_and_exits_2(
    generated: Path, tmp_path: Path
) -> None:
    data = json.loads(generated.read_text(encoding="utf-8"))
    data["tasks"][3]["start"] = "2026-13-45"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = maillage("analyze", str(broken))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "$.tasks[3].start" in lines[0], result.stderr
    not_json = tmp_path / "not.json"
    not_json.write_text("{ pas du json", encoding="utf-8")
    result = maillage("analyze", str(not_json))
    assert result.returncode == 2 and "$ " in result.stderr and "JSON" in result.stderr
    missing = maillage("analyze", str(tmp_path / "absent.json"))
    assert missing.returncode == 2 and "absent.json" in missing.stderr


def test_analyze_takes_the_team_thresholds_from_a_file(generated: Path, tmp_path: Path) -> None:
    def crowded(*extra: str) -> int:
        result = maillage("analyze", "--json", *extra, str(generated))
        assert result.returncode == 0, result.stderr
        findings = json.loads(result.stdout)["time_losses"]["findings"]
        return sum(f["code"] == "TASK_TOO_MANY_CONTRIBUTORS" for f in findings)

    thresholds = tmp_path / "seuils.json"
    thresholds.write_text(json.dumps({"max_contributors": 2}), encoding="utf-8")
    assert crowded("--thresholds", str(thresholds)) > crowded()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"max_contributors": 1}', "« max_contributors » doit être entre 2 et 50, pas 1"),
        ('{"nombre_max": 3}', "seuil inconnu « nombre_max »"),
        ("[2, 3]", "un objet JSON {nom: valeur} est attendu"),
        ("{ pas du json", "JSON illisible"),
    ],
)
def test_a_wrong_thresholds_file_is_named_and_exits_2(
    generated: Path, tmp_path: Path, content: str, expected: str
) -> None:
    thresholds = tmp_path / "seuils.json"
    thresholds.write_text(content, encoding="utf-8")
    result = maillage("analyze", "--thresholds", str(thresholds), str(generated))
    assert result.returncode == 2 and result.stdout == ""
    assert "seuils.json" in result.stderr and expected in result.stderr, result.stderr


def test_bench_prints_measured_figures_and_duplicate_quality() -> None:
    result = maillage("bench", "analyze", "--quick", "--repeats", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[########################] " in out  # progress in the terminal
    assert "typical: 200 people, 300 tasks, 60 competencies" in out
    assert "peak traced memory" in out and "process peak resident size" in out
    assert "whole analysis (typical" in out and "median" in out
    line = next(x for x in out.splitlines() if x.startswith("duplicates (typical)"))
    recall = float(line.split("recall ")[1].split(",")[0])
    assert 0.95 <= recall <= 1.0


def test_import_then_export_round_trip_through_the_command(generated: Path, tmp_path: Path) -> None:
    env = {"MAILLAGE_DEBUG": "1", "MAILLAGE_DATA_DIR": str(tmp_path / "var")}
    assert maillage("migrate", "--verbosity", "0", **env).returncode == 0
    imported = maillage("import", str(generated), **env)
    assert imported.returncode == 0, imported.stderr
    assert "importé (n° 1)" in imported.stdout
    # Model names follow the language catalogue: French once filled, English until then.
    assert re.search(r"^ +60  (tâches|tasks)$", imported.stdout, re.MULTILINE), imported.stdout
    exported = tmp_path / "exported.json"
    result = maillage("export", "1", "-o", str(exported), **env)
    assert result.returncode == 0, result.stderr

    def report(path: Path) -> list[str]:
        # Everything but the line with the time the analysis took.
        lines = maillage("analyze", str(path)).stdout.splitlines()
        return [line for line in lines if not line.startswith("Horizon")]

    assert report(exported) == report(generated)

    data = json.loads(generated.read_text(encoding="utf-8"))
    data["needs"][0]["competency_id"] = 999_999
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    refused = maillage("import", str(broken), **env)
    assert refused.returncode == 2
    assert "$.needs[0].competency_id" in refused.stderr and "Rien n'a été importé" in (
        refused.stderr
    )
    assert maillage("export", "2", "-o", str(tmp_path / "none.json"), **env).returncode == 2
