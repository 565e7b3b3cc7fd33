"""Checks of French public identifiers (SIRET, SIREN, INSEE commune codes) and PAT fields."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share one SIREN; their SIRETs follow another rule (sum of digits % 5).
LA_POSTE_SIREN = "356000000"
INSEE_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if not (len(value) == 14 and value.isdigit()):
        raise ValidationError(
            _("The carrier’s SIRET must have 14 digits (found “%(value)s”)."),
            code="siret_format",
            params={"value": value},
        )
    la_poste = value.startswith(LA_POSTE_SIREN) and sum(int(char) for char in value) % 5 == 0
    if not (luhn_valid(value) or la_poste):
        raise ValidationError(
            _("The carrier’s SIRET “%(value)s” is not a valid number: check its digits."),
            code="siret_checksum",
            params={"value": value},
        )


def validate_siren(value: str) -> None:
    if not (len(value) == 9 and value.isdigit() and luhn_valid(value)):
        raise ValidationError(
            _("The EPCI’s SIREN must be a valid number of 9 digits (found “%(value)s”)."),
            code="siren",
            params={"value": value},
        )


def validate_insee_codes(value: Any) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("The communes must be a list of INSEE codes."), code="insee")
    wrong = [str(code) for code in value if not INSEE_COMMUNE.match(str(code))]
    if wrong:
        raise ValidationError(
            _(
                "Communes: “%(codes)s” is not an INSEE commune code (5 characters, e.g. 35238 "
                "or 2A004)."
            ),
            code="insee",
            params={"codes": ", ".join(wrong)},
        )


def validate_pat_fields(value: Any) -> None:
    from maillage.projects.models import PatField

    if not isinstance(value, list) or any(item not in PatField.values for item in value):
        raise ValidationError(_("Choose PAT fields among the proposed ones."), code="pat_field")
