"""The spreadsheet format of the people import: its columns, how a cell is read, and the
template users fill in.

One row per person under French headers: « Prénom », « Nom », « Courriel », « Téléphone »,
« Type », « Fonction », « Structure », « Quotité employeur (%) », « Quotité projet (%) », then one
column per month, headed « Disponibilité 2027-01 » or « janv. 2027 », holding person-days.
Headers are compared without case, accents or punctuation; `template_sheets` writes the notes
explaining each column (docs/people-import.md says the same for developers).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from maillage.competencies.spreadsheets import Sheet
from maillage.directory.models import Person
from maillage.projects.models import Project

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_CELL_LENGTH = 500

# Column key -> the header written in the template (the file's language is French).
HEADERS = {
    "first_name": "Prénom",
    "last_name": "Nom",
    "email": "Courriel",
    "phone": "Téléphone",
    "kind": "Type",
    "job_title": "Fonction",
    "organisation": "Structure",
    "employer_share": "Quotité employeur (%)",
    "project_share": "Quotité projet (%)",
}
REQUIRED = ("first_name", "last_name")
MONTH_HEADER = "Disponibilité {month:%Y-%m}"
# Other spellings met in real files (compared without accents, case or punctuation).
HEADER_ALIASES = {
    "prenom": "first_name",
    "first name": "first_name",
    "nom": "last_name",
    "nom de famille": "last_name",
    "last name": "last_name",
    "courriel": "email",
    "email": "email",
    "e mail": "email",
    "e-mail": "email",
    "mail": "email",
    "adresse electronique": "email",
    "telephone": "phone",
    "tel": "phone",
    "phone": "phone",
    "type": "kind",
    "fonction": "job_title",
    "poste": "job_title",
    "structure": "organisation",
    "organisme": "organisation",
    "employeur": "organisation",
    "quotite employeur": "employer_share",
    "quotite projet": "project_share",
}
KIND_ALIASES = {
    "agent": Person.Kind.AGENT,
    "agente": Person.Kind.AGENT,
    "technicien": Person.Kind.TECHNICIAN,
    "technicienne": Person.Kind.TECHNICIAN,
    "technician": Person.Kind.TECHNICIAN,
    "elu": Person.Kind.ELECTED,
    "elue": Person.Kind.ELECTED,
    "elected": Person.Kind.ELECTED,
    "partenaire": Person.Kind.PARTNER,
    "partner": Person.Kind.PARTNER,
    "benevole": Person.Kind.VOLUNTEER,
    "volunteer": Person.Kind.VOLUNTEER,
    "autre": Person.Kind.OTHER,
    "other": Person.Kind.OTHER,
}
KIND_LABELS = "agent, technicien, élu·e, partenaire, bénévole, autre"
MONTH_PREFIXES = (
    ("janv", 1),
    ("fevr", 2),
    ("mars", 3),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juil", 7),
    ("aout", 8),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
)
_ISO_MONTH = re.compile(r"^(?:disponibilite\s+)?(\d{4})\s*-\s*(\d{1,2})$")
_NAMED_MONTH = re.compile(r"^(?:disponibilite\s+)?([a-z]+)\.?\s+(\d{4})$")


# --- Reading a cell -------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Lower case, without accents, punctuation or repeated spaces: how headers are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    letters = re.sub(r"\(.*?\)", " ", letters)
    return " ".join(re.sub(r"[^a-z0-9-]+", " ", letters).split())


def month_of_header(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, 1)
    compared = plain(str(value)).replace(" - ", "-")
    match = _ISO_MONTH.match(compared)
    if match:
        year, month = int(match[1]), int(match[2])
    else:
        match = _NAMED_MONTH.match(compared.replace("-", " "))
        if not match:
            return None
        month = next(
            (number for prefix, number in MONTH_PREFIXES if match[1].startswith(prefix)), 0
        )
        year = int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return datetime.date(year, month, 1)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    # A text the template wrote with a quote so as not to be run as a formula (see neutral).
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


def cell_number(value: Any) -> Decimal:
    """A number from a cell: 80, 80.5, "80,5", "80 %"; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        text = text.removesuffix("%").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def parse_kind(text: str) -> str | None:
    """A kind of person from its French label or its code (“élu·e”, “Technicienne”, “agent”)."""
    return KIND_ALIASES.get(re.sub(r"[^a-z]", "", plain(text)))


# --- The template -------------------------------------------------------------------------------


def neutral(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def template_sheets(project: Project) -> list[Sheet]:
    """The file to fill in: a sheet of people (headers and one example row) and a notes sheet."""
    months = project.horizon_month_starts()
    header = list(HEADERS.values()) + [MONTH_HEADER.format(month=month) for month in months]
    example: list[Any] = [
        "Camille",
        "Exemple",
        "camille.exemple@example.org",
        "02 99 00 00 00",
        "technicien",
        "Chargée de mission alimentation",
        project.carrier.name,
        80,
        50,
    ] + [4.5 if month.month != 8 else 0 for month in months]
    first_month = MONTH_HEADER.format(month=months[0])
    notes = [
        ["Colonne", "Ce qu’elle contient"],
        ["Prénom", "Obligatoire pour une nouvelle personne."],
        ["Nom", "Obligatoire pour une nouvelle personne."],
        [
            "Courriel",
            "Facultatif mais conseillé : une ligne met à jour la personne du projet qui a ce "
            "courriel, sinon celle qui a les mêmes prénom et nom ; sinon elle crée une personne.",
        ],
        ["Téléphone", "Facultatif."],
        ["Type", f"Un de : {KIND_LABELS}. Vide : autre (ou inchangé)."],
        ["Fonction", "Le poste de la personne dans sa structure. Facultatif."],
        [
            "Structure",
            "Le nom de la structure qui l’emploie ; une structure inconnue du projet est créée "
            "(vérifiez-la dans l’aperçu).",
        ],
        [
            "Quotité employeur (%)",
            "Part d’un temps plein convenue avec la structure, en pourcentage entier de 0 à "
            "100 (vide : 100 pour un nouvel emploi, inchangée sinon).",
        ],
        [
            "Quotité projet (%)",
            "Part de son temps que la personne donne au projet, en pourcentage entier ; elle "
            "ne peut dépasser la somme de ses quotités employeur.",
        ],
        [
            first_month,
            "Une colonne par mois (« Disponibilité AAAA-MM » ou « janv. 2027 ») : les jours que "
            "la personne peut donner au projet ce mois-là, au plus les jours ouvrés du mois "
            "(décimales permises). "
            "Une case vide laisse le mois inchangé.",
        ],
        [
            "Limites",
            f"Fichier XLSX, ODS ou CSV (UTF-8 ou Windows-1252, séparateur ; ou ,) de "
            f"{MAX_BYTES // 1024 // 1024} Mo au plus, {MAX_ROWS} lignes au plus, "
            f"{MAX_CELL_LENGTH} caractères au plus par case.",
        ],
        [
            "Ligne d’exemple",
            "Remplacez ou supprimez la ligne « Camille Exemple » avant d’importer.",
        ],
        [
            "Import",
            "Rien n’est enregistré avant la confirmation de l’aperçu ; une seule erreur et rien "
            "n’est enregistré.",
        ],
    ]
    return [
        Sheet(name="Personnes", rows=[[neutral(v) for v in row] for row in (header, example)]),
        Sheet(name="Notes", rows=[[neutral(v) for v in row] for row in notes]),
    ]
