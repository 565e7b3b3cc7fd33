"""The staffing optimiser and remedy plan (pure engine). See docs/algorithms/staffing.md."""

from maillage.engine.staffing.bench import bench_staffing, format_report
from maillage.engine.staffing.model import (
    FitWeights,
    InfeasibleLock,
    RemedyCosts,
    StaffingCancelled,
    StaffingOptions,
)
from maillage.engine.staffing.remedies import Remedy, apply_remedy, propose_remedies
from maillage.engine.staffing.result import (
    ProposedAssignment,
    StaffingResult,
    UnmetNeed,
    greedy_result,
    optimise,
    result_to_json,
)

__all__ = [
    "FitWeights",
    "InfeasibleLock",
    "ProposedAssignment",
    "Remedy",
    "RemedyCosts",
    "StaffingCancelled",
    "StaffingOptions",
    "StaffingResult",
    "UnmetNeed",
    "apply_remedy",
    "bench_staffing",
    "format_report",
    "greedy_result",
    "optimise",
    "propose_remedies",
    "result_to_json",
]
