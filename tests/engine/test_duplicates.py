"""Duplicates: near-identical tasks despite accents, case, word order and stop-words; pooling;
the same person twice on a task; one mission carried by two organisations; overlapping bodies."""

from __future__ import annotations

import datetime
import random
from dataclasses import replace

import pytest

from maillage.engine.analysis.duplicates import (
    DUPLICATE_RULES,
    DuplicateThresholds,
    duplicate_findings,
    duplicates_quality,
    normalise_words,
    similar_tasks,
)
from maillage.engine.analysis.findings import ObjectRef, catalogue_check
from maillage.engine.generate import generate_project_with_truth
from maillage.engine.snapshot import (
    Assignment,
    Body,
    Employment,
    Organisation,
    Person,
    ProjectSnapshot,
    Task,
)

D = datetime.date
MONTHS = tuple(D(2027, m, 1) for m in range(1, 13))


def task(task_id: int, title: str, description: str = "", **fields: object) -> Task:
    return Task(task_id, title, D(2027, 1, 1), D(2027, 6, 30), description=description, **fields)  # type: ignore[arg-type]


def project(*tasks: Task, **fields: object) -> ProjectSnapshot:
    values: dict[str, object] = {
        "organisations": (
            Organisation(1, "Communauté de communes", "epci", 1),
            Organisation(2, "Chambre d'agriculture", "chamber", 1),
        ),
        "people": (
            Person(1, "Alice Martin", "agent", employments=(Employment(1, 1.0),)),
            Person(
                2, "Carole Tanguy", "partner", employments=(Employment(2, 0.6), Employment(1, 0.4))
            ),
            Person(3, "Bob Le Goff", "elected"),
        ),
    }
    values.update(fields)
    return ProjectSnapshot(1, "PAT", "pat", MONTHS, (1, 2, 3, 4), tasks=tasks, **values)  # type: ignore[arg-type]


FILLER = [
    "Diagnostic du foncier agricole",
    "Atelier de sensibilisation au gaspillage",
    "Plan de communication du projet",
    "Recensement des producteurs",
    "Étude de faisabilité d'une légumerie",
]


def pair_ids(snapshot: ProjectSnapshot) -> set[tuple[int, int]]:
    return {(p.task_a, p.task_b) for p in similar_tasks(snapshot)}


def test_normalisation_ignores_accents_case_punctuation_stop_words_and_plurals():
    assert normalise_words("L'Éducation à l'ALIMENTATION des élèves !") == normalise_words(
        "education alimentation eleve"
    )
    assert normalise_words("Produits locaux") == normalise_words("produit local")
    assert normalise_words("réseaux") == normalise_words("réseau") == ["reseau"]
    assert normalise_words("Cœur de Brocéliande") == ["coeur", "broceliand"]


@pytest.mark.parametrize(
    "variant",
    [
        "approvisionnement local de la restauration collective",  # case and accents
        "Restauration collective : approvisionnement local",  # word order and stop-words
        "L'approvisionnement LOCAL des restaurations collectives",  # plurals
    ],
)
def test_near_duplicate_titles_are_found_whatever_the_form(variant):
    tasks = [task(i + 1, title) for i, title in enumerate(FILLER)]
    tasks += [
        task(10, "Approvisionnement local de la restauration collective"),
        task(11, variant),
    ]
    pairs = similar_tasks(project(*tasks))
    assert [(p.task_a, p.task_b) for p in pairs] == [(10, 11)]
    assert pairs[0].score >= 0.9


def test_unrelated_tasks_sharing_words_are_not_duplicates():
    tasks = [
        task(1, "Atelier cuisine dans les écoles de Montfort"),
        task(2, "Atelier jardinage au collège de Bréal"),
        task(3, "Diagnostic de la restauration collective"),
        task(4, "Diagnostic du foncier agricole"),
    ]
    assert pair_ids(project(*tasks)) == set()


def test_the_description_counts_with_a_lower_weight():
    same_title = [
        task(1, "Réunion de lancement", "Réunir les partenaires du volet foncier agricole"),
        task(2, "Réunion de lancement", "Présenter le plan alimentaire aux cantines scolaires"),
    ]
    # Same title, unrelated descriptions: 0.6 x 1 + 0.4 x (little) stays under 0.7.
    assert similar_tasks(project(*same_title)) == []
    [pair] = similar_tasks(project(*same_title), DuplicateThresholds(score=0.5))
    assert pair.title_score == 1.0
    assert pair.description_score is not None and pair.description_score < 0.2
    assert pair.score == pytest.approx(0.6 * 1.0 + 0.4 * pair.description_score, abs=1e-3)
    same_description = [replace(same_title[0], id=3), replace(same_title[0], id=4, title="Réunion")]
    [pair] = similar_tasks(project(*same_description), DuplicateThresholds(score=0.5))
    assert pair.description_score == 1.0 and pair.score < 1.0


def test_pairs_are_ranked_by_score():
    tasks = [
        task(1, "Cartographie des circuits courts"),
        task(2, "Cartographie des circuits courts de proximité"),
        task(3, "circuits courts : CARTOGRAPHIE"),
        task(4, "Plan de communication"),
    ]
    pairs = similar_tasks(project(*tasks))
    assert [(p.task_a, p.task_b) for p in pairs] == [(1, 3), (1, 2), (2, 3)]
    assert pairs[0].score == 1.0 and 0.7 <= pairs[1].score == pairs[2].score < 0.8
    strict = similar_tasks(project(*tasks), DuplicateThresholds(score=0.8))
    assert [(p.task_a, p.task_b) for p in strict] == [(1, 3)]


def test_pooling_when_different_organisations_lead_the_tasks():
    tasks = (
        task(1, "Animation du réseau des cantines", lead_organisation_id=1),
        task(2, "Animation des réseaux de cantines", lead_organisation_id=2),
        task(3, "Plan de communication"),
    )
    [pair] = similar_tasks(project(*tasks))
    assert pair.pooling and (pair.organisation_a, pair.organisation_b) == (1, 2)
    [finding] = duplicate_findings(project(*tasks))
    assert finding.code == "POOLING_OPPORTUNITY"
    assert ObjectRef("task", 2) in finding.related
    assert "Chambre d'agriculture" in finding.message_fr and "mutualisation" in finding.message_fr


def test_same_organisation_or_unknown_is_a_plain_duplicate():
    tasks = (
        task(1, "Animation du réseau des cantines", lead_organisation_id=1),
        task(2, "Animation du réseau des cantines"),
    )
    # Task 2 has no lead organisation: its lead person's main employer stands for it.
    lead = Assignment(1, 2, 1, "lead", 1.0)
    [finding] = duplicate_findings(project(*tasks, assignments=(lead,)))
    assert finding.code == "DUPLICATE_TASKS"
    carole = Assignment(1, 2, 2, "lead", 1.0)  # main employer: the chamber (0.6)
    [finding] = duplicate_findings(project(*tasks, assignments=(carole,)))
    assert finding.code == "POOLING_OPPORTUNITY"


def test_the_same_person_twice_on_a_task():
    assignments = (
        Assignment(1, 1, 1, "lead", 2.0),
        Assignment(2, 1, 1, "contributor", 1.0),
        Assignment(3, 1, 2, "contributor", 1.0),
    )
    [finding] = duplicate_findings(project(task(1, "Diagnostic"), assignments=assignments))
    assert finding.code == "PERSON_TWICE_ON_TASK"
    assert finding.param("responsibilities") == "contributor, lead"
    assert (
        finding.message_en
        == 'Alice Martin is assigned 2 times to task "Diagnostic" (contributor, lead).'
    )


def test_two_organisations_carrying_the_same_mission():
    assignments = (Assignment(1, 1, 1, "lead", 2.0), Assignment(2, 1, 2, "lead", 1.0))
    [finding] = duplicate_findings(project(task(1, "Diagnostic"), assignments=assignments))
    assert finding.code == "SAME_MISSION_TWO_ORGANISATIONS"
    assert (finding.param("organisation"), finding.param("other_organisation")) == (
        "Communauté de communes",
        "Chambre d'agriculture",
    )
    # Two leads of one organisation, or a lead without employer, are not flagged.
    same = (Assignment(1, 1, 1, "lead", 2.0), Assignment(2, 1, 3, "lead", 1.0))
    assert duplicate_findings(project(task(1, "Diagnostic"), assignments=same)) == []


def test_bodies_with_mostly_the_same_members():
    copil = Body(1, "COPIL", "copil", 3, 0.5, member_ids=(1, 2, 3, 4))
    cotech = Body(2, "COTECH", "cotech", 6, 0.5, member_ids=(1, 2, 3, 4, 5))
    group = Body(3, "Groupe cantines", "working_group", 6, 0.5, member_ids=(1, 5, 6))
    findings = duplicate_findings(project(bodies=(copil, cotech, group)))
    assert [(f.code, f.object_id, f.related) for f in findings] == [
        ("OVERLAPPING_BODIES", 1, (ObjectRef("body", 2),))
    ]
    assert findings[0].message_fr.endswith("(4 en commun sur 5).")
    assert (
        duplicate_findings(project(bodies=(copil, cotech)), DuplicateThresholds(body_overlap=0.9))
        == []
    )


def test_catalogue_renders():
    catalogue_check(DUPLICATE_RULES)


# --- A planted benchmark (independent of the project generator) --------------------------------

SYLLABLES = ["ba", "ker", "lo", "mi", "tan", "pre", "du", "vor", "sel", "ni", "qua", "ro", "fen"]
COMMON = [
    "atelier", "diagnostic", "réunion", "plan", "animation", "étude", "réseau", "cantine",
    "producteurs", "collège", "marché", "alimentation", "foncier", "circuit", "court", "projet",
]  # fmt: skip
STOP = ["de", "la", "des", "du", "les", "pour", "avec", "à"]


def planted_project(
    n_tasks: int, n_pairs: int, seed: int
) -> tuple[ProjectSnapshot, set[tuple[int, int]]]:
    """Random titles from a large vocabulary; some tasks re-typed differently as duplicates."""
    rng = random.Random(seed)
    vocabulary = sorted(
        {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(6000)}
    )

    def title() -> list[str]:
        words = rng.sample(COMMON, rng.randint(1, 2)) + rng.sample(vocabulary, rng.randint(2, 4))
        rng.shuffle(words)
        return words

    def retype(words: list[str]) -> str:
        words = list(words)
        rng.shuffle(words)
        words = [w + "s" if rng.random() < 0.3 else w for w in words]
        text = " ".join(w if rng.random() < 0.5 else f"{rng.choice(STOP)} {w}" for w in words)
        text = text.replace("é", "e") if rng.random() < 0.5 else text
        return text.upper() if rng.random() < 0.3 else text.capitalize()

    tasks: list[Task] = []
    planted: set[tuple[int, int]] = set()
    originals = n_tasks - n_pairs
    word_lists = [title() for _ in range(originals)]
    for i, words in enumerate(word_lists):
        description = " ".join(rng.sample(vocabulary, 8))
        tasks.append(task(i + 1, " ".join(words).capitalize(), description))
    for k, source in enumerate(rng.sample(range(originals), n_pairs)):
        new_id = originals + k + 1
        tasks.append(task(new_id, retype(word_lists[source]), tasks[source].description))
        planted.add((source + 1, new_id))
    return project(*tasks), planted


def test_planted_duplicates_are_found_with_high_recall_and_precision():
    snapshot, planted = planted_project(2000, 100, seed=7)
    quality = duplicates_quality(snapshot, planted)
    assert quality.planted == 100
    assert quality.recall >= 0.95
    assert quality.precision >= 0.95


@pytest.mark.parametrize("seed", [3, 4])
def test_the_generator_s_planted_duplicates_are_found(seed):
    snapshot, truth = generate_project_with_truth(
        people=150, tasks=3000, competencies=40, seed=seed
    )
    quality = duplicates_quality(snapshot, truth.duplicate_task_pairs)
    assert quality.planted >= 100
    assert quality.recall >= 0.95 and quality.precision >= 0.95


def test_cancelled_tasks_are_ignored():
    tasks = (task(1, "Plan de communication"), task(2, "Plan de communication", status="cancelled"))
    assert similar_tasks(project(*tasks)) == []
    assert len(similar_tasks(project(tasks[0], replace(tasks[1], status="planned")))) == 1
