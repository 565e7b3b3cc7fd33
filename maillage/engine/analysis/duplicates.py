"""Duplicates: near-identical tasks (a chance to pool when different organisations lead them),
the same person twice on a task, two organisations carrying one mission, overlapping bodies.

Task similarity compares normalised text (case, accents, stop-words, plurals and word order do
not matter). Candidate pairs come from a prefix-filtered inverted index on the rarest title words,
so 20,000 tasks are compared without scoring every pair; see docs/algorithms/analysis.md.
"""

from __future__ import annotations

import functools
import math
import re
import time
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from maillage.engine.analysis.findings import Finding, ObjectRef, Rule, sorted_findings
from maillage.engine.snapshot import Person, ProjectSnapshot, Task

# Common French (and a few English) words that say nothing about what a task is.
_STOP_WORDS_TEXT = """
    a au aux avec c ce ces cet cette d dans de des du elle elles en et etc eux il ils
    j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou
    par pas pour qu que qui s sa se ses si son sur t ta te tes toi ton tu un une vos votre
    vous y envers afin ainsi apres avant chez entre vers sans sous selon lors via est sont etre ete
    plus moins tout tous toute toutes autre autres aupres dont
    the of and to for in on with an by
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
LIGATURES = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"))  # not split by Unicode decomposition
WORD = re.compile(r"[a-z0-9]+")
MERSENNE_PRIME = (1 << 31) - 1  # hash arithmetic stays below 2**64


@dataclass(frozen=True, slots=True)
class DuplicateThresholds:
    score: float = 0.70  # a pair at or above this score is reported
    description_weight: float = 0.4  # weight of the description when both tasks have one
    lsh_bands: int = 12  # MinHash-LSH candidate search: bands x rows hash values per task
    lsh_rows: int = 5
    exhaustive_up_to: int = 60  # up to this many tasks, every pair is scored
    max_bucket: int = 300  # larger groups of identical signatures are boilerplate, skipped
    body_overlap: float = 0.75  # Jaccard of members above which two bodies overlap


COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_accents(text: str) -> str:
    """Accents removed and ligatures spelled out; expects lower-case text."""
    for ligature, letters in LIGATURES:
        if ligature in text:
            text = text.replace(ligature, letters)
    return COMBINING.sub("", unicodedata.normalize("NFKD", text))


def stem(word: str) -> str:
    """Light French stemming: plurals (-eaux, -aux, -s, -x) and a final -e fold onto one form."""
    if len(word) > 4 and word.endswith("eaux"):
        word = word[:-1]
    elif len(word) > 4 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def _word(word: str) -> str:
    """The stemmed form of one lower-case accent-free word, or "" for a stop-word."""
    if word in STOP_WORDS or (len(word) == 1 and word.isalpha()):
        return ""
    return stem(word)


def normalise_words(text: str) -> list[str]:
    """Lower-case, accent-free, stemmed words of a text, without stop-words or punctuation."""
    words = (_word(w) for w in WORD.findall(strip_accents(text.lower())))
    return [w for w in words if w]


@functools.lru_cache(maxsize=65536)
def _word_trigrams(word: str) -> frozenset[str]:
    padded = f" {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def trigrams(words: Iterable[str]) -> frozenset[str]:
    """Character 3-grams of each word padded with spaces (independent of word order)."""
    return frozenset().union(*(_word_trigrams(w) for w in words))


@dataclass(frozen=True, slots=True)
class TaskText:
    task_id: int
    words: frozenset[str]
    grams: frozenset[str]
    description: frozenset[str]


@dataclass(frozen=True, slots=True)
class TaskPair:
    """Two tasks that look alike; `pooling` when different organisations lead them."""

    task_a: int
    task_b: int
    score: float
    title_score: float
    description_score: float | None
    organisation_a: int | None
    organisation_b: int | None

    @property
    def pooling(self) -> bool:
        return (
            self.organisation_a is not None
            and self.organisation_b is not None
            and self.organisation_a != self.organisation_b
        )


def task_text(task: Task) -> TaskText:
    words = normalise_words(task.title)
    return TaskText(
        task.id, frozenset(words), trigrams(words), frozenset(normalise_words(task.description))
    )


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _weighted_jaccard(
    a: frozenset[str], b: frozenset[str], weight: dict[str, float], total_a: float, total_b: float
) -> float:
    """Jaccard with word weights; `total_a` and `total_b` are the sets' total weights."""
    shared = sum(weight[w] for w in a & b)
    union = total_a + total_b - shared
    return shared / union if union > 0 else 0.0


@functools.lru_cache(maxsize=65536)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def _lsh_candidates(
    word_sets: Sequence[frozenset[str]], thresholds: DuplicateThresholds
) -> set[tuple[int, int]]:
    """Pairs (indexes) whose MinHash signatures agree on at least one band.

    Each set gets `bands * rows` MinHash values (universal hashing of the words' CRC-32 with a
    fixed seed, so the result is reproducible); two sets of Jaccard similarity s share a band with
    probability 1 - (1 - s^rows)^bands. Cost grows with the number of similar pairs, not n².
    """
    indexes = [i for i, words in enumerate(word_sets) if words]
    if len(indexes) < 2:
        return set()
    lengths = np.array([len(word_sets[i]) for i in indexes], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    hashes = np.fromiter(
        (_word_hash(w) for i in indexes for w in sorted(word_sets[i])),
        dtype=np.uint64,
        count=int(lengths.sum()),
    )
    count = thresholds.lsh_bands * thresholds.lsh_rows
    rng = np.random.default_rng(20240917)
    multipliers = rng.integers(1, MERSENNE_PRIME, size=count, dtype=np.uint64)
    increments = rng.integers(0, MERSENNE_PRIME, size=count, dtype=np.uint64)
    signature = np.empty((len(indexes), count), dtype=np.uint64)
    for k in range(count):
        values = (hashes * multipliers[k] + increments[k]) % np.uint64(MERSENNE_PRIME)
        signature[:, k] = np.minimum.reduceat(values, offsets)
    pairs: set[tuple[int, int]] = set()
    position = np.asarray(indexes, dtype=np.int64)
    for band in range(thresholds.lsh_bands):
        block = signature[:, band * thresholds.lsh_rows : (band + 1) * thresholds.lsh_rows]
        key = np.zeros(len(indexes), dtype=np.uint64)
        for column in range(block.shape[1]):
            key = key * np.uint64(1_000_003) + block[:, column]
        order = np.argsort(key, kind="stable")
        sorted_keys = key[order]
        boundaries = np.flatnonzero(np.diff(sorted_keys)) + 1
        starts = np.concatenate(([0], boundaries))
        ends = np.concatenate((boundaries, [len(order)]))
        shared = (ends - starts) > 1
        for start, end in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
            if end - start <= thresholds.max_bucket:
                members = sorted(position[order[start:end]].tolist())
                pairs.update(combinations(members, 2))
    return pairs


def _candidates(texts: Sequence[TaskText], thresholds: DuplicateThresholds) -> set[tuple[int, int]]:
    """Pairs worth scoring: MinHash-LSH over title and description words, plus identical titles.

    Small projects (up to `exhaustive_up_to` tasks) simply score every pair.
    """
    if len(texts) <= thresholds.exhaustive_up_to:
        return set(combinations(range(len(texts)), 2))
    pairs = _lsh_candidates([t.words | t.description for t in texts], thresholds)
    same_title: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        if text.words:
            same_title[text.words].append(i)
    for group in same_title.values():
        if 1 < len(group) <= thresholds.max_bucket:
            pairs.update(combinations(group, 2))
    return pairs


def _main_organisation(person: Person | None) -> int | None:
    if person is None or not person.employments:
        return None
    best = max(person.employments, key=lambda e: (e.time_share, -e.organisation_id))
    return best.organisation_id


def lead_organisations(snapshot: ProjectSnapshot) -> dict[int, int | None]:
    """The task's lead organisation, else the main employer of its (first) lead person."""
    people = {p.id: p for p in snapshot.people}
    lead_person: dict[int, int] = {}
    for assignment in sorted(snapshot.assignments, key=lambda a: a.id):
        if assignment.responsibility == "lead":
            lead_person.setdefault(assignment.task_id, assignment.person_id)
    result: dict[int, int | None] = {}
    for task in snapshot.tasks:
        if task.lead_organisation_id is not None:
            result[task.id] = task.lead_organisation_id
        else:
            result[task.id] = _main_organisation(people.get(lead_person.get(task.id, -1)))
    return result


def _idf(word_sets: Iterable[frozenset[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency: words shared by many tasks weigh little."""
    frequency: dict[str, int] = defaultdict(int)
    count = 0
    for words in word_sets:
        count += 1
        for word in words:
            frequency[word] += 1
    return {w: math.log((1 + count) / (1 + df)) + 1.0 for w, df in frequency.items()}


def similar_tasks(
    snapshot: ProjectSnapshot, thresholds: DuplicateThresholds | None = None
) -> list[TaskPair]:
    """Pairs of (not cancelled) tasks scoring at least the threshold, best first."""
    thresholds = thresholds or DuplicateThresholds()
    tasks = [t for t in snapshot.tasks if t.status != "cancelled"]
    texts = [task_text(t) for t in tasks]
    title_weight = _idf(text.words for text in texts)
    description_weight = _idf(text.description for text in texts)
    title_total = [sum(title_weight[w] for w in text.words) for text in texts]
    description_total = [sum(description_weight[w] for w in text.description) for text in texts]
    organisations = lead_organisations(snapshot)
    share = thresholds.description_weight
    minimum = thresholds.score - 1e-9
    pairs: list[TaskPair] = []
    for i, j in _candidates(texts, thresholds):
        a, b = texts[i], texts[j]
        words = _weighted_jaccard(a.words, b.words, title_weight, title_total[i], title_total[j])
        with_description = bool(a.description and b.description)
        # The best the pair could still reach if its other parts matched perfectly.
        best = 0.5 * words + 0.5
        if (((1 - share) * best + share) if with_description else best) < minimum:
            continue
        title = 0.5 * words + 0.5 * _jaccard(a.grams, b.grams)
        description: float | None = None
        score = title
        if with_description:
            description = _weighted_jaccard(
                a.description,
                b.description,
                description_weight,
                description_total[i],
                description_total[j],
            )
            score = (1 - share) * title + share * description
        if score < minimum:
            continue
        first, second = sorted((a.task_id, b.task_id))
        pairs.append(
            TaskPair(
                first,
                second,
                round(score, 4),
                round(title, 4),
                None if description is None else round(description, 4),
                organisations.get(first),
                organisations.get(second),
            )
        )
    pairs.sort(key=lambda p: (-p.score, p.task_a, p.task_b))
    return pairs


# --- Findings ----------------------------------------------------------------------------------

DUPLICATE_RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "DUPLICATE_TASKS",
            "warning",
            "task",
            "Two tasks led by the same organisation (or whose lead organisation is unknown) have "
            "near-identical titles and descriptions.",
            "Les tâches « {task} » et « {other} » se ressemblent (score {score}) : doublon ?",
            'Tasks "{task}" and "{other}" look alike (score {score}): a duplicate?',
            ("other", "score", "task"),
        ),
        Rule(
            "POOLING_OPPORTUNITY",
            "info",
            "task",
            "Two near-identical tasks are led by different organisations: they could be pooled.",
            "Les tâches « {task} » ({organisation}) et « {other} » ({other_organisation}) se "
            "ressemblent (score {score}) : une mutualisation est possible.",
            'Tasks "{task}" ({organisation}) and "{other}" ({other_organisation}) look alike '
            "(score {score}): they could be pooled.",
            ("organisation", "other", "other_organisation", "score", "task"),
        ),
        Rule(
            "PERSON_TWICE_ON_TASK",
            "warning",
            "task",
            "The same person holds several assignments (responsibilities) on one task.",
            "{person} est affecté·e {count} fois à la tâche « {task} » ({responsibilities}).",
            '{person} is assigned {count} times to task "{task}" ({responsibilities}).',
            ("count", "person", "responsibilities", "task"),
        ),
        Rule(
            "SAME_MISSION_TWO_ORGANISATIONS",
            "warning",
            "task",
            "Two people whose main organisations differ both lead the same task.",
            "{person} ({organisation}) et {other} ({other_organisation}) portent tous deux la "
            "tâche « {task} ».",
            '{person} ({organisation}) and {other} ({other_organisation}) both lead task "{task}".',
            ("organisation", "other", "other_organisation", "person", "task"),
        ),
        Rule(
            "OVERLAPPING_BODIES",
            "info",
            "body",
            "Two governance bodies have mostly the same members (Jaccard of members at or above "
            "the threshold, default 0.75).",
            "Les instances « {body} » et « {other} » ont presque les mêmes membres ({shared} "
            "en commun sur {total}).",
            'Governance bodies "{body}" and "{other}" have mostly the same members ({shared} '
            "shared out of {total}).",
            ("body", "other", "shared", "total"),
        ),
    )
}


def _organisation_names(snapshot: ProjectSnapshot) -> dict[int, str]:
    return {o.id: o.name for o in snapshot.organisations}


def task_pair_findings(snapshot: ProjectSnapshot, pairs: Iterable[TaskPair]) -> list[Finding]:
    titles = {t.id: t.title for t in snapshot.tasks}
    names = _organisation_names(snapshot)
    findings = []
    for pair in pairs:
        related = [ObjectRef("task", pair.task_b)]
        if pair.pooling:
            assert pair.organisation_a is not None and pair.organisation_b is not None
            findings.append(
                DUPLICATE_RULES["POOLING_OPPORTUNITY"].finding(
                    pair.task_a,
                    task=titles[pair.task_a],
                    other=titles[pair.task_b],
                    score=pair.score,
                    organisation=names.get(pair.organisation_a, f"#{pair.organisation_a}"),
                    other_organisation=names.get(pair.organisation_b, f"#{pair.organisation_b}"),
                    related=[
                        *related,
                        ObjectRef("organisation", pair.organisation_a),
                        ObjectRef("organisation", pair.organisation_b),
                    ],
                )
            )
        else:
            findings.append(
                DUPLICATE_RULES["DUPLICATE_TASKS"].finding(
                    pair.task_a,
                    task=titles[pair.task_a],
                    other=titles[pair.task_b],
                    score=pair.score,
                    related=related,
                )
            )
    return findings


def person_twice_on_task(snapshot: ProjectSnapshot) -> list[Finding]:
    titles = {t.id: t.title for t in snapshot.tasks}
    people = {p.id: p.name for p in snapshot.people}
    roles: dict[tuple[int, int], list[str]] = defaultdict(list)
    for assignment in snapshot.assignments:
        roles[(assignment.task_id, assignment.person_id)].append(assignment.responsibility)
    entry = DUPLICATE_RULES["PERSON_TWICE_ON_TASK"]
    return [
        entry.finding(
            task_id,
            task=titles.get(task_id, f"#{task_id}"),
            person=people.get(person_id, f"#{person_id}"),
            count=len(responsibilities),
            responsibilities=", ".join(sorted(responsibilities)),
            related=[ObjectRef("person", person_id)],
        )
        for (task_id, person_id), responsibilities in sorted(roles.items())
        if len(responsibilities) > 1
    ]


def same_mission_two_organisations(snapshot: ProjectSnapshot) -> list[Finding]:
    people = {p.id: p for p in snapshot.people}
    names = _organisation_names(snapshot)
    leads: dict[int, set[int]] = defaultdict(set)
    for assignment in snapshot.assignments:
        if assignment.responsibility == "lead":
            leads[assignment.task_id].add(assignment.person_id)
    entry = DUPLICATE_RULES["SAME_MISSION_TWO_ORGANISATIONS"]
    findings = []
    for task in snapshot.tasks:
        if task.status == "cancelled":
            continue
        persons = sorted(leads.get(task.id, ()))
        for position, first in enumerate(persons):
            for second in persons[position + 1 :]:
                org_a = _main_organisation(people.get(first))
                org_b = _main_organisation(people.get(second))
                if org_a is None or org_b is None or org_a == org_b:
                    continue
                findings.append(
                    entry.finding(
                        task.id,
                        task=task.title,
                        person=people[first].name,
                        other=people[second].name,
                        organisation=names.get(org_a, f"#{org_a}"),
                        other_organisation=names.get(org_b, f"#{org_b}"),
                        related=[ObjectRef("person", first), ObjectRef("person", second)],
                    )
                )
    return findings


def overlapping_bodies(
    snapshot: ProjectSnapshot, thresholds: DuplicateThresholds | None = None
) -> list[Finding]:
    thresholds = thresholds or DuplicateThresholds()
    entry = DUPLICATE_RULES["OVERLAPPING_BODIES"]
    bodies = sorted(snapshot.bodies, key=lambda b: b.id)
    findings = []
    for position, body in enumerate(bodies):
        members = frozenset(body.member_ids)
        for other in bodies[position + 1 :]:
            other_members = frozenset(other.member_ids)
            if len(members) < 2 or len(other_members) < 2:
                continue
            shared, total = len(members & other_members), len(members | other_members)
            if shared / total >= thresholds.body_overlap - 1e-9:
                findings.append(
                    entry.finding(
                        body.id,
                        body=body.name,
                        other=other.name,
                        shared=shared,
                        total=total,
                        related=[ObjectRef("body", other.id)],
                    )
                )
    return findings


def duplicate_findings(
    snapshot: ProjectSnapshot, thresholds: DuplicateThresholds | None = None
) -> list[Finding]:
    """Every duplicate of the project, as findings sorted deterministically."""
    findings = task_pair_findings(snapshot, similar_tasks(snapshot, thresholds))
    findings += person_twice_on_task(snapshot)
    findings += same_mission_two_organisations(snapshot)
    findings += overlapping_bodies(snapshot, thresholds)
    return sorted_findings(findings)


@dataclass(frozen=True, slots=True)
class DuplicateQuality:
    recall: float
    precision: float
    seconds: float
    found: int
    planted: int


def duplicates_quality(
    snapshot: ProjectSnapshot,
    planted: Iterable[tuple[int, int]],
    thresholds: DuplicateThresholds | None = None,
) -> DuplicateQuality:
    """Recall and precision of `similar_tasks` against known duplicate pairs, and its time."""
    truth = {(min(a, b), max(a, b)) for a, b in planted}
    started = time.perf_counter()
    pairs = similar_tasks(snapshot, thresholds)
    seconds = time.perf_counter() - started
    found = {(p.task_a, p.task_b) for p in pairs}
    hits = len(found & truth)
    return DuplicateQuality(
        recall=hits / len(truth) if truth else 1.0,
        precision=hits / len(found) if found else 1.0,
        seconds=seconds,
        found=len(found),
        planted=len(truth),
    )
