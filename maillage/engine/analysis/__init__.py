"""Analyses of a project snapshot: gaps, fragility, inconsistencies, duplicates, time losses.

`analyse_project` runs them all; `report_to_json` and `format_text` present the result.
"""

from maillage.engine.analysis.report import (
    AnalysisOptions,
    AnalysisReport,
    analyse_project,
    format_text,
    report_to_json,
)

__all__ = ["AnalysisOptions", "AnalysisReport", "analyse_project", "format_text", "report_to_json"]
