"""The whole analysis of a project in one call, as data, as JSON and as a readable report.

`analyse_project` runs every analysis of the engine once, sharing the staffing model and the
structural flow between the gap views, the mesh and the departure simulation. The report keeps
the snapshot it was computed from, so that names can be shown beside ids.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from maillage.engine.analysis.duplicates import (
    DuplicateThresholds,
    TaskPair,
    lead_organisations,
    overlapping_bodies,
    person_twice_on_task,
    same_mission_two_organisations,
    similar_tasks,
    task_pair_findings,
)
from maillage.engine.analysis.findings import Finding, Language, format_number, sorted_findings
from maillage.engine.analysis.flow import build_model, paused_gc, solve_structural
from maillage.engine.analysis.gaps import GapAnalysis, GapSeries, GapView, analyse_gaps
from maillage.engine.analysis.mesh import MeshAnalysis, PersonLinks, analyse_mesh
from maillage.engine.analysis.rules import RuleThresholds, check_all
from maillage.engine.analysis.time_losses import TimeLossReport, TimeLossThresholds, time_losses
from maillage.engine.snapshot import ProjectSnapshot


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """Thresholds of each analysis, and how many costliest departures to keep (None: all)."""

    top_departures: int | None = None
    rules: RuleThresholds = field(default_factory=RuleThresholds)
    duplicates: DuplicateThresholds = field(default_factory=DuplicateThresholds)
    time_losses: TimeLossThresholds = field(default_factory=TimeLossThresholds)


@dataclass(frozen=True, slots=True, eq=False)
class AnalysisReport:
    snapshot: ProjectSnapshot
    gaps: GapAnalysis
    inconsistencies: tuple[Finding, ...]
    duplicate_pairs: tuple[TaskPair, ...]  # similar tasks, best score first
    duplicates: tuple[Finding, ...]  # every duplicate finding, similar tasks included
    time_losses: TimeLossReport
    mesh: MeshAnalysis
    seconds: float  # time the analysis took
    # What the similar tasks were computed from, so that a later analysis can reuse them.
    duplicate_inputs: tuple[object, ...] = field(default=(), repr=False)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Inconsistencies, duplicates and time losses together, errors first."""
        return tuple(
            sorted_findings((*self.inconsistencies, *self.duplicates, *self.time_losses.findings))
        )


def analyse_project(
    snapshot: ProjectSnapshot,
    options: AnalysisOptions | None = None,
    *,
    previous: AnalysisReport | None = None,
) -> AnalysisReport:
    """Every analysis of the project: gaps (both views), inconsistencies, duplicates, time
    losses and the fragility of the mesh, departure simulation included.

    `previous`, an earlier report of the same project, lets the similar-task search (the
    costliest part of a small project's analysis) be reused when no task's text changed.
    """
    options = options or AnalysisOptions()
    started = time.perf_counter()
    with paused_gc():
        model = build_model(snapshot)
        flow = solve_structural(model)
        gaps = analyse_gaps(snapshot, model=model, flow=flow)
        mesh = analyse_mesh(snapshot, model=model, flow=flow, top=options.top_departures)
        inputs = _duplicate_inputs(snapshot, options)
        pairs = _similar_tasks(snapshot, options, inputs, previous)
        duplicates = [
            *task_pair_findings(snapshot, pairs),
            *person_twice_on_task(snapshot),
            *same_mission_two_organisations(snapshot),
            *overlapping_bodies(snapshot, options.duplicates),
        ]
        report = AnalysisReport(
            snapshot=snapshot,
            gaps=gaps,
            inconsistencies=tuple(check_all(snapshot, options.rules)),
            duplicate_pairs=tuple(pairs),
            duplicates=tuple(sorted_findings(duplicates)),
            time_losses=time_losses(snapshot, options.time_losses),
            mesh=mesh,
            seconds=0.0,
            duplicate_inputs=inputs,
        )
    return replace(report, seconds=time.perf_counter() - started)


def _duplicate_inputs(snapshot: ProjectSnapshot, options: AnalysisOptions) -> tuple[object, ...]:
    """Everything the similar-task scores depend on: the thresholds and the tasks' texts."""
    return (
        options.duplicates,
        tuple((t.id, t.title, t.description, t.status == "cancelled") for t in snapshot.tasks),
    )


def _similar_tasks(
    snapshot: ProjectSnapshot,
    options: AnalysisOptions,
    inputs: tuple[object, ...],
    previous: AnalysisReport | None,
) -> list[TaskPair]:
    if previous is None or previous.duplicate_inputs != inputs:
        return similar_tasks(snapshot, options.duplicates)
    # Same texts, same scores; only the lead organisations (the pooling flag) may have moved.
    organisations = lead_organisations(snapshot)
    return [
        replace(
            pair,
            organisation_a=organisations.get(pair.task_a),
            organisation_b=organisations.get(pair.task_b),
        )
        for pair in previous.duplicate_pairs
    ]


def bridge_links(report: AnalysisReport) -> list[PersonLinks]:
    """The network places of the people who bridge organisations, in their ranking order."""
    network = report.mesh.network
    by_person = {p.person_id: p for p in network.people}
    return [by_person[pid] for pid in network.bridges if pid in by_person]


# --- JSON ----------------------------------------------------------------------------------------


def _days(values: tuple[float, ...] | list[float]) -> list[float]:
    return [round(v, 2) for v in values]


def _series(series: GapSeries, key_name: str) -> dict[str, Any]:
    return {
        key_name: series.key,
        "need": _days(series.need),
        "covered": _days(series.covered),
        "gap": _days(series.gap),
        "total_need": round(series.total_need, 2),
        "total_gap": round(series.total_gap, 2),
    }


def _view(view: GapView) -> dict[str, Any]:
    return {
        "total_gap": round(view.total_gap, 2),
        "by_month": _series(view.by_month, "key"),
        "by_competency": [_series(s, "competency_id") for s in view.by_competency],
        "by_axis": [_series(s, "axis_id") for s in view.by_axis],
        "by_organisation": [_series(s, "organisation_id") for s in view.by_organisation],
        "needs_with_gap": [
            {
                "need_id": n.need_id,
                "task_id": n.task_id,
                "competency_id": n.competency_id,
                "min_level": n.min_level,
                "gap": _days(n.gap),
                "total_gap": round(n.total_gap, 2),
            }
            for n in view.by_need
            if n.total_gap > 0.005
        ],
    }


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "object": {"kind": finding.object_kind, "id": finding.object_id},
        "month": finding.month.isoformat() if finding.month else None,
        "params": dict(finding.params),
        "related": [{"kind": r.kind, "id": r.id} for r in finding.related],
        "message_fr": finding.message_fr,
        "message_en": finding.message_en,
    }


def report_to_json(report: AnalysisReport) -> dict[str, Any]:
    """Plain JSON data with the top-level keys gaps, inconsistencies, duplicates, time_losses
    and mesh (and project, a short header)."""
    snapshot, gaps, mesh, losses = report.snapshot, report.gaps, report.mesh, report.time_losses
    return {
        "project": {
            "id": snapshot.id,
            "name": snapshot.name,
            "months": [m.isoformat() for m in snapshot.months],
            "seconds": round(report.seconds, 4),
        },
        "gaps": {
            "mobilised": _view(gaps.mobilised),
            "structural": _view(gaps.structural),
            "unheld": [
                {
                    "need_id": u.need_id,
                    "task_id": u.task_id,
                    "competency_id": u.competency_id,
                    "min_level": u.min_level,
                    "days": round(u.days, 2),
                    "outside_holder_ids": list(u.outside_holder_ids),
                }
                for u in gaps.unheld
            ],
        },
        "inconsistencies": [finding_to_json(f) for f in report.inconsistencies],
        "duplicates": {
            "similar_tasks": [
                {
                    "task_a": p.task_a,
                    "task_b": p.task_b,
                    "score": p.score,
                    "title_score": p.title_score,
                    "description_score": p.description_score,
                    "organisation_a": p.organisation_a,
                    "organisation_b": p.organisation_b,
                    "pooling": p.pooling,
                }
                for p in report.duplicate_pairs
            ],
            "findings": [finding_to_json(f) for f in report.duplicates],
        },
        "time_losses": {
            "governance": [
                {
                    "person_id": g.person_id,
                    "body_ids": list(g.body_ids),
                    "days_per_month": round(g.days_per_month, 2),
                    "available_per_month": round(g.available_per_month, 2),
                    "share": None if g.share is None else round(g.share, 4),
                }
                for g in losses.governance
            ],
            "coordination": [
                {"task_id": c.task_id, "people": c.people, "channels": c.channels}
                for c in losses.coordination
            ],
            "crumbs": [
                {
                    "person_id": c.person_id,
                    "month": c.month.isoformat(),
                    "task_ids": list(c.task_ids),
                    "months_affected": c.months_affected,
                }
                for c in losses.crumbs
            ],
            "findings": [finding_to_json(f) for f in losses.findings],
        },
        "mesh": {
            "competencies": [
                {
                    "competency_id": c.competency_id,
                    "min_level": c.min_level,
                    "qualified_people": c.qualified_people,
                    "person_ids": list(c.person_ids),
                    "need_count": c.need_count,
                    "days": round(c.days, 2),
                    "single_point_of_failure": c.single_point_of_failure,
                }
                for c in mesh.competencies
            ],
            "tasks": [
                {
                    "task_id": t.task_id,
                    "need_count": t.need_count,
                    "qualified_for_all": t.qualified_for_all,
                    "qualified_for_any": t.qualified_for_any,
                    "weakest_need": t.weakest_need,
                    "single_point_of_failure": t.single_point_of_failure,
                }
                for t in mesh.tasks
            ],
            "departures": [
                {
                    "person_id": d.person_id,
                    "gap_increase": round(d.gap_increase, 2),
                    "flow_through": round(d.flow_through, 2),
                }
                for d in mesh.departures
            ],
            "network": {
                "components": mesh.network.components,
                "links": len(mesh.network.links),
                "bridges": [
                    {
                        "person_id": p.person_id,
                        "organisation_ids": list(p.organisation_ids),
                        "linked_organisation_ids": list(p.linked_organisation_ids),
                        "degree": p.degree,
                        "is_articulation_point": p.is_articulation_point,
                    }
                    for p in bridge_links(report)
                ],
            },
        },
    }


# --- Text ----------------------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Analyse du projet « {name} »",
        "horizon": "Horizon : {start} → {end} ({months} mois). Analyse faite en {ms} ms.",
        "gaps": "Écarts (jours-personne sur l'horizon)",
        "structural": "Écart structurel (aucune répartition des personnes du projet ne le couvre)",
        "mobilised": "Écart mobilisé (non couvert par les personnes affectées)",
        "need_total": "Besoin total : {need} j ; écart structurel : {structural} j ; "
        "écart mobilisé : {mobilised} j.",
        "by_month": "Par mois (structurel / mobilisé) :",
        "by_competency": "Compétences les plus en écart (structurel / mobilisé) :",
        "by_axis": "Par axe (structurel / mobilisé) :",
        "by_organisation": "Par organisation cheffe de file (structurel / mobilisé) :",
        "no_axis": "sans axe",
        "no_organisation": "sans organisation cheffe de file",
        "unheld": "Besoins qu'aucune personne du projet ne détient au niveau demandé :",
        "unheld_line": "  - « {task} » : {competency} niveau {level} ({days} j){outside}",
        "outside": " — détenu hors du projet par : {names}",
        "nobody_outside": " — personne dans l'annuaire",
        "inconsistencies": "Incohérences ({count})",
        "duplicates": "Doublons ({count})",
        "time_losses": "Pertes de temps ({count})",
        "mesh": "Fragilité du maillage",
        "spof": "Points de défaillance uniques (une seule personne qualifiée) : {count}",
        "spof_line": "  - {competency} niveau {level} : {person} ({days} j de besoin)",
        "departures": "Départs qui creusent le plus l'écart structurel :",
        "departure_line": "  - {person} : +{days} j",
        "bridges": "Personnes qui relient les organisations :",
        "bridge_line": "  - {person} : relie {count} autres organisations",
        "network": "Réseau de collaboration : {links} liens, {components} composante(s).",
        "none": "  (aucun)",
        "severity_error": "ERREUR",
        "severity_warning": "ATTENTION",
        "severity_info": "INFO",
        "days": "j",
        "more": "  … et {count} de plus",
    },
    "en": {
        "title": 'Analysis of project "{name}"',
        "horizon": "Horizon: {start} → {end} ({months} months). Analysed in {ms} ms.",
        "gaps": "Gaps (person-days over the horizon)",
        "structural": "Structural gap (no allocation of the project's people covers it)",
        "mobilised": "Mobilised gap (not covered by the people assigned)",
        "need_total": "Total need: {need} d; structural gap: {structural} d; "
        "mobilised gap: {mobilised} d.",
        "by_month": "By month (structural / mobilised):",
        "by_competency": "Competencies with the largest gaps (structural / mobilised):",
        "by_axis": "By axis (structural / mobilised):",
        "by_organisation": "By lead organisation (structural / mobilised):",
        "no_axis": "no axis",
        "no_organisation": "no lead organisation",
        "unheld": "Needs nobody in the project holds at the level asked:",
        "unheld_line": '  - "{task}": {competency} level {level} ({days} d){outside}',
        "outside": " — held outside the project by: {names}",
        "nobody_outside": " — nobody in the directory",
        "inconsistencies": "Inconsistencies ({count})",
        "duplicates": "Duplicates ({count})",
        "time_losses": "Time losses ({count})",
        "mesh": "Fragility of the mesh",
        "spof": "Single points of failure (one qualified person): {count}",
        "spof_line": "  - {competency} level {level}: {person} ({days} d needed)",
        "departures": "Departures that widen the structural gap most:",
        "departure_line": "  - {person}: +{days} d",
        "bridges": "People who link the organisations:",
        "bridge_line": "  - {person}: links {count} other organisations",
        "network": "Collaboration network: {links} links, {components} component(s).",
        "none": "  (none)",
        "severity_error": "ERROR",
        "severity_warning": "WARNING",
        "severity_info": "INFO",
        "days": "d",
        "more": "  … and {count} more",
    },
}

TEXT_LIMIT = 15  # lines per list in the text report


def format_text(report: AnalysisReport, language: str = "fr") -> str:
    """A readable report, in French by default (English with language="en")."""
    lang: Language = "en" if language == "en" else "fr"
    t = LABELS[lang]
    snapshot = report.snapshot
    people = {p.id: p.name for p in snapshot.people}
    tasks = {task.id: task.title for task in snapshot.tasks}
    competencies = {c.id: f"{c.code} {c.name}" for c in snapshot.competencies}
    axes = {a.id: f"{a.code} {a.name}" for a in snapshot.axes}
    organisations = {o.id: o.name for o in snapshot.organisations}

    def number(value: float) -> str:
        return format_number(value, lang)

    def name_of(names: dict[int, str], key: int | None) -> str:
        return names.get(key, f"#{key}") if key is not None else "—"

    def limited(lines: list[str]) -> list[str]:
        if not lines:
            return [t["none"]]
        if len(lines) > TEXT_LIMIT:
            return [*lines[:TEXT_LIMIT], t["more"].format(count=len(lines) - TEXT_LIMIT)]
        return lines

    sep = " : " if lang == "fr" else ": "
    structural, mobilised = report.gaps.structural, report.gaps.mobilised
    months = snapshot.months
    out = [
        t["title"].format(name=snapshot.name),
        t["horizon"].format(
            start=months[0].strftime("%Y-%m"),
            end=months[-1].strftime("%Y-%m"),
            months=len(months),
            ms=number(report.seconds * 1000),
        ),
        "",
        f"## {t['gaps']}",
        t["need_total"].format(
            need=number(structural.by_month.total_need),
            structural=number(structural.total_gap),
            mobilised=number(mobilised.total_gap),
        ),
        t["by_month"],
    ]
    for index, month in enumerate(months):
        out.append(
            f"  {month.strftime('%Y-%m')}{sep}{number(structural.by_month.gap[index])} / "
            f"{number(mobilised.by_month.gap[index])}"
        )

    def grouped(
        title: str, s_list: tuple[GapSeries, ...], m_list: tuple[GapSeries, ...], label: Any
    ) -> None:
        mobilised_of = {s.key: s.total_gap for s in m_list}
        rows = sorted(s_list, key=lambda s: (-(s.total_gap + mobilised_of.get(s.key, 0.0)),))
        lines = [
            f"  - {label(s.key)}{sep}{number(s.total_gap)} / {number(mobilised_of.get(s.key, 0.0))}"
            for s in rows
            if s.total_gap > 0.005 or mobilised_of.get(s.key, 0.0) > 0.005
        ]
        out.append(title)
        out.extend(limited(lines))

    grouped(
        t["by_competency"],
        structural.by_competency,
        mobilised.by_competency,
        lambda key: name_of(competencies, key),
    )
    grouped(
        t["by_axis"],
        structural.by_axis,
        mobilised.by_axis,
        lambda key: t["no_axis"] if key is None else name_of(axes, key),
    )
    grouped(
        t["by_organisation"],
        structural.by_organisation,
        mobilised.by_organisation,
        lambda key: t["no_organisation"] if key is None else name_of(organisations, key),
    )
    out.append(t["unheld"])
    out.extend(
        limited(
            [
                t["unheld_line"].format(
                    task=name_of(tasks, u.task_id),
                    competency=name_of(competencies, u.competency_id),
                    level=u.min_level,
                    days=number(u.days),
                    outside=t["outside"].format(
                        names=", ".join(name_of(people, p) for p in u.outside_holder_ids)
                    )
                    if u.outside_holder_ids
                    else t["nobody_outside"],
                )
                for u in report.gaps.unheld
            ]
        )
    )

    for title, findings in (
        ("inconsistencies", report.inconsistencies),
        ("duplicates", report.duplicates),
        ("time_losses", report.time_losses.findings),
    ):
        out += ["", f"## {t[title].format(count=len(findings))}"]
        out.extend(
            limited([f"  [{t['severity_' + f.severity]}] {f.message(lang)}" for f in findings])
        )

    mesh = report.mesh
    spof = mesh.single_points_of_failure
    out += ["", f"## {t['mesh']}", t["spof"].format(count=len(spof))]
    out.extend(
        limited(
            [
                t["spof_line"].format(
                    competency=name_of(competencies, c.competency_id),
                    level=c.min_level,
                    person=name_of(people, c.person_ids[0]),
                    days=number(c.days),
                )
                for c in spof
            ]
        )
    )
    out.append(t["departures"])
    out.extend(
        limited(
            [
                t["departure_line"].format(
                    person=name_of(people, d.person_id), days=number(d.gap_increase)
                )
                for d in mesh.departures
                if d.gap_increase > 0.005
            ]
        )
    )
    network = mesh.network
    out.append(t["network"].format(links=len(network.links), components=network.components))
    out.append(t["bridges"])
    out.extend(
        limited(
            [
                t["bridge_line"].format(
                    person=name_of(people, p.person_id), count=p.organisations_spanned
                )
                for p in bridge_links(report)
            ]
        )
    )
    return "\n".join(out) + "\n"
