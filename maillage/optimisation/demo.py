"""Demo data for staffing proposals: the remedy costs of a Breton intercommunality.

Proposals themselves are computed live by the worker from the demo's plan."""

from __future__ import annotations

from decimal import Decimal

from maillage.optimisation.models import RemedyRates
from maillage.projects.models import Project


def add_demo_data(project: Project) -> None:
    RemedyRates.objects.create(
        project=project,
        training_cost=Decimal("1200"),  # a CNFPT-style training session, per person
        training_lead_months=2,
        expert_day_rate=Decimal("750"),  # a consultancy day in collective catering
        expert_lead_months=1,
        recruitment_yearly_cost_per_fte=Decimal("48000"),  # a chargé·e de mission, loaded
        recruitment_lead_months=4,
        working_days_per_month=Decimal("18"),
        widening_cost=Decimal("400"),  # drafting and signing a partnership agreement
        widening_lead_months=2,
        pooling_day_rate=Decimal("280"),  # days refunded between structures
        pooling_lead_months=1,
    )
