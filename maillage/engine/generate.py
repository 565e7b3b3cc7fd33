"""Deterministic synthetic projects of any size, for benchmarks, tests and demonstrations.

A generated project looks like a Projet Alimentaire Territorial: a région, a few départements,
intercommunalities and communes; organisations of mixed kinds; agents, technicians, elected
officials, partners and volunteers with skewed competency levels; six axes, four steps, tasks
with sub-tasks, needs, assignments and governance bodies. Some near-duplicate tasks are planted
on purpose and reported in `GeneratedTruth`.
"""

from __future__ import annotations

import datetime
import random
import re
import unicodedata
from dataclasses import dataclass

from maillage.engine.snapshot import (
    Assessment,
    Assignment,
    Axis,
    Body,
    Competency,
    Employment,
    Need,
    Organisation,
    Person,
    ProjectSnapshot,
    Step,
    Task,
    Territory,
)
from maillage.engine.timeline import month_end, task_month_fractions

HORIZON_START = datetime.date(2026, 1, 1)
LEVELS = (1, 2, 3, 4)
DUPLICATE_SHARE = 0.04  # share of tasks that are a planted near-duplicate of another task


@dataclass(frozen=True, slots=True)
class GeneratedTruth:
    """What the generator planted: pairs (original, copy) of near-duplicate task ids."""

    duplicate_task_pairs: tuple[tuple[int, int], ...]


def generate_project(*, people: int, tasks: int, competencies: int, seed: int) -> ProjectSnapshot:
    snapshot, _ = generate_project_with_truth(
        people=people, tasks=tasks, competencies=competencies, seed=seed
    )
    return snapshot


def generate_project_with_truth(
    *, people: int, tasks: int, competencies: int, seed: int
) -> tuple[ProjectSnapshot, GeneratedTruth]:
    return _Generator(random.Random(seed), people, tasks, competencies).build()


# fmt: off
_DEPARTEMENTS = (
    "Ille-et-Vilaine", "Côtes-d'Armor", "Morbihan",
)
_EPCI_STEMS = (
    "Pays de Brocéliande", "Val d'Ille-Aubigné", "Pays de Montfort", "Liffré-Cormier",
    "Bretagne Porte de Loire", "Vallons de Haute-Bretagne", "Pays de Redon", "Couesnon Marches",
    "Pays de Châteaugiron", "Roche aux Fées", "Loudéac Communauté", "Dinan Agglomération",
    "Lamballe Terre et Mer", "Leff Armor", "Ploërmel Communauté", "Oust à Brocéliande",
    "Pontivy Communauté", "Baud Communauté", "Questembert Communauté", "Arc Sud Bretagne",
)
_COMMUNE_STEMS = (
    "Montfort", "Bédée", "Iffendic", "Breteil", "Talensac", "Pleumeleuc", "Paimpont", "Plélan",
    "Saint-Péran", "Treffendel", "Médréac", "Montauban", "Irodouër", "Landujan", "Quédillac",
    "Saint-Méen", "Gaël", "Muël", "Mauron", "Concoret", "Néant", "Tréhorenteuc", "Guer", "Augan",
    "Campénéac", "Loyat", "Taupont", "Josselin", "Guilliers", "Ménéac", "Merdrignac", "Illifaut",
    "Trémorel", "Loscouët", "Gomené", "Plémet", "Laurenan", "Collinée", "Moncontour", "Quintin",
    "Uzel", "Mûr", "Caurel", "Guerlédan", "Rohan", "Noyal", "Pluméliau", "Baud", "Locminé",
    "Moréac", "Plumelin", "Grand-Champ", "Elven", "Questembert", "Malansac", "Rochefort",
    "Pleucadeuc", "Malestroit", "Sérent", "Lizio", "Guégon", "Ruffiac", "Carentoir", "Quelneuc",
    "Sixt", "Pipriac", "Lohéac", "Guipry", "Messac", "Bain", "Pléchâtel", "Crevin", "Laillé",
    "Bourgbarré", "Janzé", "Amanlis", "Piré", "Retiers", "Martigné", "Coësmes", "Marcillé",
    "Liffré", "Gosné", "Ercé", "Saint-Aubin", "Sens", "Vieux-Vy", "Feins", "Guipel", "Melesse",
    "Montreuil", "Hédé", "Tinténiac", "Combourg", "Dingé", "Bazouges", "Antrain", "Tremblay",
    "Romazy", "Sougéal",
)
_HAMLET_SUFFIXES = (
    "", "-le-Grand", "-le-Petit", "-sur-Meu", "-sur-Vilaine", "-en-Coglès", "-des-Bois",
    "-la-Forêt", "-sur-Oust", "-de-Bretagne",
)
_FIRST_NAMES = (
    "Anne", "Bernard", "Camille", "Damien", "Élodie", "Fabrice", "Gaëlle", "Hervé", "Inès",
    "Jean", "Katell", "Loïc", "Maëlle", "Nicolas", "Océane", "Pierre", "Quentin", "Rozenn",
    "Sophie", "Thomas", "Ulysse", "Valérie", "Yann", "Zoé", "Armelle", "Brieuc", "Claire",
    "Erwan", "Françoise", "Gwenaël", "Hélène", "Jérôme", "Laurence", "Mathieu", "Nolwenn",
    "Patrick", "Solenn", "Tristan", "Yvette", "Gildas",
)
_LAST_NAMES = (
    "Le Gall", "Le Goff", "Guillou", "Le Bihan", "Morvan", "Le Roux", "Tanguy", "Hamon", "Collet",
    "Le Floch", "Riou", "Jaouen", "Cadiou", "Le Meur", "Prigent", "Kerbrat", "Salaün", "Le Corre",
    "Guégan", "Bréhier", "Lemoine", "Rolland", "Perrot", "Daniel", "Gicquel", "Cariou",
    "Le Berre", "Pichon", "Josse", "Lebreton", "Marrec", "Quéré",
)
_AXES = (
    ("ECO", "Économie alimentaire"), ("CUL", "Culture et gastronomie"),
    ("SAN", "Nutrition et santé"), ("SOC", "Accessibilité sociale"), ("ENV", "Environnement"),
    ("URB", "Urbanisme et foncier"),
)
_STEPS = (
    ("Diagnostic partagé", 0, 2, "validated"),
    ("Co-construction du plan d'actions", 3, 5, "validated"),
    ("Mise en œuvre", 6, 10, "submitted"), ("Évaluation et ajustements", 11, 11, "draft"),
)
_COMPETENCY_NAMES = (
    "Animation de réseaux d'acteurs", "Conduite de projet territorial",
    "Marchés publics de restauration collective", "Diagnostic agricole", "Ingénierie foncière",
    "Ingénierie financière", "Nutrition et santé publique", "Éducation à l'alimentation",
    "Logistique des circuits courts", "Transformation agroalimentaire",
    "Accompagnement à l'installation agricole", "Agroécologie", "Gestion de l'eau",
    "Lutte contre le gaspillage alimentaire", "Aide alimentaire", "Médiation sociale",
    "Communication et concertation", "Évaluation des politiques publiques",
    "Urbanisme et planification", "Commande publique", "Restauration scolaire",
    "Gastronomie et patrimoine culinaire", "Tourisme rural", "Économie sociale et solidaire",
    "Animation de marchés de producteurs", "Analyse de données", "Cartographie SIG",
    "Montage de dossiers de financement", "Droit rural", "Gestion des déchets organiques",
    "Biodiversité cultivée", "Jardins partagés", "Santé environnementale",
    "Formation des cuisiniers", "Approvisionnement local", "Mobilisation des élus",
    "Coopération intercommunale", "Gouvernance alimentaire", "Marketing territorial",
    "Insertion par l'activité économique", "Épicerie solidaire", "Maraîchage",
    "Élevage et filières viande", "Filière laitière", "Légumineuses et céréales",
    "Pêche et produits de la mer", "Abattoirs et outils collectifs", "Agriculture biologique",
    "Transmission des exploitations", "Énergie et climat", "Paysage et trames vertes",
    "Mobilité des produits", "Sécurité sanitaire des aliments", "Facilitation d'ateliers",
    "Recherche-action", "Participation citoyenne", "Achats responsables", "Conseil en nutrition",
    "Vente directe", "Numérique et plateformes de vente",
)
_COMPETENCY_DOMAINS = (
    "", " appliquée aux collectivités", " en milieu rural", " à l'échelle départementale",
    " pour les associations", " en contexte urbain",
)
_KIND_SHARES = (
    ("agent", 0.33), ("technician", 0.22), ("elected", 0.15), ("partner", 0.2),
    ("volunteer", 0.1),
)
_ORG_KINDS = (
    ("epci", "Communauté de communes {epci}", 0.12), ("municipality", "Mairie de {commune}", 0.22),
    ("chamber", "Chambre d'agriculture — antenne de {commune}", 0.06),
    ("association", "Association {assoc} de {commune}", 0.25),
    ("school", "Collège {saint} de {commune}", 0.1), ("company", "{company} de {commune}", 0.13),
    ("public_body", "Centre social de {commune}", 0.07),
    ("departement", "Conseil départemental — agence de {commune}", 0.05),
)
_ASSOCIATIONS = (
    "Terres Partagées", "Les Amis du Bocage", "Bien Manger Ensemble", "Semences Paysannes",
    "Court-Circuit", "Les Paniers Solidaires", "Graines de Curieux", "Cuisine et Partage",
    "Agriculteurs Bio", "Le Champ Commun",
)
_SAINTS = (
    "Saint-Exupéry", "Jules-Verne", "Anne-de-Bretagne", "Victor-Hugo", "Les Korrigans",
)
_COMPANIES = (
    "Légumerie", "Coopérative laitière", "Biscuiterie", "Cuisine centrale", "Boulangerie",
    "Conserverie", "Abattoir", "Drive fermier",
)

# Title templates: each slot takes many values, so that two generated titles rarely share more
# than their template words.
_TEMPLATES = (
    "Organiser une rencontre entre {producteurs} et {restauration} à {commune}",
    "Diagnostic du foncier {foncier} de la commune de {commune} avec {partenaire}",
    "Accompagner la cantine de {ecole} de {commune} vers {objectif}",
    "Créer un marché de producteurs {saison} {lieu_marche} de {commune}",
    "Former les cuisiniers {cuisiniers} de {commune} à la cuisine {cuisine}",
    "Étudier la faisabilité d'une {outil} pour {territoire} avec {partenaire}",
    "Recenser les exploitations {filiere} autour de {commune} pour {finalite}",
    "Mettre en place un atelier {atelier} pour {public} de {commune}",
    "Cartographier les points de vente {vente} {produits} de {territoire}",
    "Lancer un appel à projets {theme} sur {territoire} pour {porteurs}",
    "Animer un groupe de travail {theme} avec {partenaire} à {commune}",
    "Installer un jardin partagé {lieu} à {commune} avec {public}",
    "Réduire le gaspillage alimentaire {lieu} de {commune} grâce à {levier}",
    "Sensibiliser {public} de {commune} à {theme} avec {partenaire}",
    "Soutenir la transmission des fermes {filiere} de {territoire} avec {partenaire}",
    "Organiser une journée {evenement} à {commune} avec {partenaire}",
    "Réviser le PLU de {commune} pour protéger les terres {filiere} {zone}",
    "Structurer une plateforme logistique {vente} {produits} pour {territoire}",
    "Évaluer l'approvisionnement {appro} des cantines de {territoire} {periode}",
    "Préparer le dossier de financement {financeur} de {projet} à {commune}",
    "Rédiger une charte {theme} avec {partenaire} pour {territoire}",
    "Accompagner l'épicerie solidaire de {commune} vers {objectif} avec {partenaire}",
    "Enquêter auprès {public} de {commune} sur {sujet}",
    "Créer un défi familles {theme} à {commune} avec {partenaire}",
)
_SLOTS: dict[str, tuple[str, ...]] = {
    "producteurs": (
        "maraîchers", "éleveurs", "producteurs laitiers", "arboriculteurs", "boulangers-paysans",
        "apiculteurs", "producteurs bio", "céréaliers", "pêcheurs", "fromagers",
    ),
    "restauration": (
        "la restauration scolaire", "les cuisines des EHPAD", "la cuisine centrale",
        "les restaurants d'entreprise", "les crèches", "le restaurant universitaire",
        "les traiteurs",
    ),
    "foncier": (
        "agricole", "en friche", "maraîcher", "des zones humides", "périurbain", "communal",
    ),
    "ecole": (
        "l'école Jules-Ferry", "l'école des Tilleuls", "l'école Sainte-Anne", "l'école du Bourg",
        "l'école Pierre-Jakez-Hélias", "l'école de la Rabine", "l'école des Korrigans",
        "l'école Diwan", "l'école des Chênes",
    ),
    "objectif": (
        "50 % de produits durables", "un menu végétarien hebdomadaire", "zéro plastique",
        "un approvisionnement 100 % local", "la labellisation Ecocert", "la fin du gaspillage",
        "des menus de saison", "un potager pédagogique",
    ),
    "saison": ("estival", "de Noël", "de printemps", "nocturne", "hebdomadaire", "d'automne"),
    "lieu_marche": ("sur la place", "à la halle", "au bourg", "près de la gare", "au port"),
    "cuisiniers": ("des écoles", "de l'EHPAD", "du collège", "de la cuisine centrale", "du lycée"),
    "cuisine": ("végétarienne", "de saison", "des légumineuses", "anti-gaspi", "bretonne"),
    "outil": (
        "légumerie", "conserverie collective", "cuisine centrale", "plateforme de stockage",
        "unité d'abattage mobile", "salle de découpe", "malterie",
    ),
    "filiere": (
        "laitières", "maraîchères", "céréalières", "ovines", "avicoles", "porcines", "cidricoles",
        "horticoles",
    ),
    "finalite": (
        "l'approvisionnement des cantines", "la vente directe", "la transmission",
        "un annuaire en ligne", "la conversion en bio", "les besoins en main-d'œuvre",
    ),
    "atelier": ("cuisine", "jardinage", "conserves", "pain", "compost", "goûter sain"),
    "vente": ("en circuit court", "à la ferme", "en vrac", "bio", "solidaires", "automatiques"),
    "produits": (
        "de fruits et légumes", "de viande", "de produits laitiers", "de pain",
        "de produits de la mer", "de cidre", "d'œufs",
    ),
    "theme": (
        "alimentation durable", "précarité alimentaire", "agriculture biologique",
        "restauration collective", "gaspillage alimentaire", "eau et agriculture",
        "installation agricole", "protéines végétales",
    ),
    "porteurs": (
        "les associations", "les communes", "les agriculteurs", "les établissements scolaires",
        "les commerçants", "les jeunes",
    ),
    "partenaire": (
        "la chambre d'agriculture", "le CIVAM", "le GAB", "la CCI", "la MSA", "l'ARS",
        "le Secours populaire", "les Restos du cœur", "Terre de Liens", "la SAFER", "l'INRAE",
        "le lycée agricole",
    ),
    "lieu": (
        "au pied des immeubles", "dans la cour de l'école", "à l'EHPAD", "au centre social",
        "dans le parc municipal", "au foyer des jeunes travailleurs",
    ),
    "levier": (
        "la pesée des restes", "des menus ajustés", "un composteur collectif",
        "la vente des invendus", "des portions adaptées",
    ),
    "public": (
        "des collégiens", "des seniors", "des jeunes parents", "des agents municipaux",
        "des étudiants", "des bénéficiaires de l'aide alimentaire", "des lycéens",
    ),
    "evenement": (
        "portes ouvertes à la ferme", "de la gastronomie locale", "du goût",
        "des semences paysannes", "fête du lait", "du cidre nouveau",
    ),
    "zone": ("du bocage", "des vallées", "en bordure du bourg", "près des captages"),
    "appro": ("local", "bio", "durable", "en circuit court"),
    "periode": ("en 2025", "sur trois ans", "au premier semestre", "depuis la loi EGalim"),
    "financeur": ("LEADER", "France 2030", "FEADER", "régional", "de l'ADEME", "PNA"),
    "projet": (
        "la halle gourmande", "la légumerie", "l'épicerie solidaire", "la cuisine centrale",
        "le jardin partagé", "la ferme communale",
    ),
    "sujet": (
        "leurs habitudes alimentaires", "l'accès aux produits frais",
        "la fréquentation des marchés", "le budget consacré à l'alimentation",
    ),
}
_SYNONYMS = (
    ("Organiser", "Préparer"), ("rencontre", "réunion"), ("Diagnostic", "État des lieux"),
    ("Accompagner", "Appuyer"), ("Créer", "Monter"), ("Former", "Initier"),
    ("Étudier", "Analyser"), ("Recenser", "Inventorier"), ("Mettre en place", "Instaurer"),
    ("Cartographier", "Localiser"), ("Lancer", "Ouvrir"), ("Animer", "Piloter"),
    ("Installer", "Aménager"), ("Réduire", "Limiter"), ("Soutenir", "Favoriser"),
    ("Réviser", "Modifier"), ("Structurer", "Organiser"), ("Évaluer", "Mesurer"),
    ("Rédiger", "Écrire"), ("Enquêter", "Interroger"), ("familles", "foyers"),
    ("Sensibiliser", "Informer"), ("Préparer", "Monter"),
)
_STOP_WORD_SWAPS = (
    (" de la ", " de cette "), (" à ", " sur "), (" pour ", " envers "), (" les ", " des "),
    (" une ", " la "), (" un ", " le "), (" du ", " de "), (" avec ", " auprès de "),
)
_CONTEXTS = (
    "Action portée par {org}, à la demande des élus de {commune}.",
    "Demande formulée par {org} lors du dernier comité technique.",
    "Suite au diagnostic partagé, {org} propose de s'en charger dès {mois}.",
    "Inscrite au plan d'actions après la réunion publique de {commune}.",
    "Reprise d'une initiative lancée en {annee} par {org}.",
    "Priorité fixée par le comité de pilotage pour le secteur de {commune}.",
)
_METHODS = (
    "Il s'agit de {detail}, en associant {public2} et {partenaire2}.",
    "La démarche consiste à {detail} ; {partenaire2} apporte son expertise.",
    "On prévoit {n} demi-journées pour {detail}.",
    "Méthode : {detail}, puis restitution auprès {public2}.",
    "{partenaire2} co-anime ; objectif : {detail}.",
)
_DETAILS = (
    "réunir les acteurs concernés et fixer un calendrier",
    "recueillir les besoins puis proposer des solutions chiffrées",
    "mobiliser les élus et les techniciens autour d'objectifs partagés",
    "capitaliser les retours d'expérience des territoires voisins",
    "identifier les freins et les leviers avec les partenaires",
    "tester une première version sur un site pilote",
    "construire des indicateurs de suivi simples",
    "rencontrer individuellement chaque structure volontaire",
)
_RESULTS = (
    "Livrable attendu : {livrable} avant {mois}.",
    "Résultat visé : {livrable}, {n} structures impliquées.",
    "Budget estimé : {budget} € ; livrable : {livrable}.",
    "Indicateur : {n} participants ; livrable : {livrable}.",
)
_DELIVERABLES = (
    "une note de synthèse", "un plan d'action", "une carte interactive", "un compte rendu",
    "une convention de partenariat", "un tableau de bord", "un guide pratique",
    "un cahier des charges", "une exposition", "un annuaire des producteurs",
)
_MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre", "octobre",
    "novembre", "décembre",
)


# fmt: on


_ELISION = re.compile(r"\b([dD])e ([AEIOUYÉÈÊÎÔaeiouyéèêîô])")


def _french(text: str) -> str:
    """Contractions and elisions after filling a template: "de le" → "du", "de A…" → "d'A…"."""
    for loose, tight in ((" de le ", " du "), (" à le ", " au "), (" de les ", " des ")):
        text = text.replace(loose, tight)
    return _ELISION.sub(r"\1'\2", text)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class _Generator:
    def __init__(self, rng: random.Random, people: int, tasks: int, competencies: int) -> None:
        self.rng = rng
        self.n_people = max(1, people)
        self.n_tasks = max(1, tasks)
        self.n_competencies = max(1, competencies)
        self.months = tuple(
            datetime.date(
                HORIZON_START.year + (HORIZON_START.month - 1 + i) // 12,
                (HORIZON_START.month - 1 + i) % 12 + 1,
                1,
            )
            for i in range(12)
        )

    def build(self) -> tuple[ProjectSnapshot, GeneratedTruth]:
        territories, communes, epcis = self._territories()
        organisations = self._organisations(communes, epcis)
        people = self._people(organisations)
        competencies, weights = self._competencies()
        assessments = self._assessments(people, competencies, weights)
        project_people = [p for p in people if p.in_project]
        axes = self._axes(project_people, organisations)
        steps = self._steps()
        tasks, truth = self._tasks(communes, epcis, organisations, axes, steps)
        needs = self._needs(tasks, competencies, weights)
        assignments = self._assignments(tasks, needs, project_people, assessments)
        bodies = self._bodies(project_people, axes)
        snapshot = ProjectSnapshot(
            id=1,
            name=f"PAT {epcis[0][1]}",
            kind="pat",
            months=self.months,
            levels=LEVELS,
            carrier_id=organisations[0].id,
            territories=tuple(territories),
            organisations=tuple(organisations),
            people=tuple(people),
            competencies=tuple(competencies),
            assessments=tuple(assessments),
            axes=tuple(axes),
            steps=tuple(steps),
            tasks=tuple(tasks),
            needs=tuple(needs),
            assignments=tuple(assignments),
            bodies=tuple(bodies),
        )
        return snapshot, GeneratedTruth(tuple(truth))

    # Territories and organisations -------------------------------------------------------

    def _territories(
        self,
    ) -> tuple[list[Territory], list[tuple[int, str]], list[tuple[int, str]]]:
        rng = self.rng
        territories = [Territory(1, "Bretagne", "region")]
        n_dep = 2 + (self.n_people > 400)
        n_epci = min(len(_EPCI_STEMS), max(3, self.n_people // 150))
        n_communes = max(8, min(400, self.n_people // 6))
        dep_ids = list(range(2, 2 + n_dep))
        for i, dep_id in enumerate(dep_ids):
            territories.append(Territory(dep_id, _DEPARTEMENTS[i], "departement", 1))
        epcis: list[tuple[int, str]] = []
        next_id = 2 + n_dep
        stems = list(_EPCI_STEMS)
        rng.shuffle(stems)
        for i in range(n_epci):
            epcis.append((next_id, stems[i]))
            next_id += 1
        epci_parent = {eid: dep_ids[i % n_dep] for i, (eid, _) in enumerate(epcis)}
        for eid, name in epcis:
            neighbours = tuple(
                other
                for other, _ in epcis
                if other != eid
                and epci_parent[other] == epci_parent[eid]
                and abs(other - eid) <= n_dep
            )
            territories.append(
                Territory(
                    eid, f"Communauté de communes {name}", "epci", epci_parent[eid], neighbours
                )
            )
        names = [s + suffix for suffix in _HAMLET_SUFFIXES for s in _COMMUNE_STEMS]
        names = names[:n_communes] if n_communes <= len(_COMMUNE_STEMS) else names
        chosen = sorted(rng.sample(names, min(n_communes, len(names))))
        communes: list[tuple[int, str]] = []
        for i, name in enumerate(chosen):
            parent = epcis[i % n_epci][0]
            territories.append(Territory(next_id, name, "commune", parent))
            communes.append((next_id, name))
            next_id += 1
        return territories, communes, epcis

    def _organisations(
        self, communes: list[tuple[int, str]], epcis: list[tuple[int, str]]
    ) -> list[Organisation]:
        rng = self.rng
        n_orgs = max(4, self.n_people // 8)
        kinds = [k for k, _, _ in _ORG_KINDS]
        weights = [w for _, _, w in _ORG_KINDS]
        patterns = {k: p for k, p, _ in _ORG_KINDS}
        organisations = []
        seen: set[str] = set()
        for oid in range(1, n_orgs + 1):
            kind = "epci" if oid == 1 else rng.choices(kinds, weights)[0]
            for _ in range(20):
                epci_id, epci = rng.choice(epcis) if oid > 1 else epcis[0]
                commune_id, commune = rng.choice(communes)
                name = _french(
                    patterns[kind].format(
                        epci=epci,
                        commune=commune,
                        assoc=rng.choice(_ASSOCIATIONS),
                        saint=rng.choice(_SAINTS),
                        company=rng.choice(_COMPANIES),
                    )
                )
                if name not in seen:
                    break
            else:
                name = f"{name} ({oid})"
            seen.add(name)
            territory = epci_id if kind == "epci" else commune_id
            # About one organisation in seven is in the directory but not in the project.
            in_project = oid <= 2 or rng.random() > 0.15
            organisations.append(
                Organisation(oid, name, kind, territory, in_project, is_sponsor=oid == 1)
            )
        return organisations

    # People and competencies -------------------------------------------------------------

    def _people(self, organisations: list[Organisation]) -> list[Person]:
        rng = self.rng
        kinds = [k for k, _ in _KIND_SHARES]
        shares = [s for _, s in _KIND_SHARES]
        people = []
        n_coordinators = max(1, self.n_people // 60)
        communal = [o for o in organisations if o.kind in ("municipality", "epci")]
        for pid in range(1, self.n_people + 1):
            kind = "agent" if pid <= n_coordinators else rng.choices(kinds, shares)[0]
            org = organisations[0] if pid <= n_coordinators else rng.choice(organisations)
            if kind == "elected" and rng.random() < 0.6:
                org = rng.choice(communal) if communal else org
            orgs = [org]
            if rng.random() < 0.15:
                other = rng.choice(organisations)
                if other.id != org.id:
                    orgs.append(other)
            shares_of = [round(rng.uniform(0.2, 1.0), 2) for _ in orgs]
            employments = tuple(Employment(o.id, s) for o, s in zip(orgs, shares_of, strict=True))
            in_project = org.in_project
            low, high = {
                "agent": (1.0, 6.0),
                "technician": (1.0, 5.0),
                "elected": (0.5, 2.0),
                "partner": (0.5, 4.0),
                "volunteer": (0.5, 2.0),
            }[kind]
            if pid <= n_coordinators:
                low, high = (12.0, 16.0)
            base = rng.uniform(low, high)
            availability = tuple(
                round(
                    base
                    * (0.3 if m.month == 8 else 0.8 if m.month == 12 else 1.0)
                    * rng.uniform(0.85, 1.15),
                    2,
                )
                for m in self.months
            )
            name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
            mandate = (
                rng.choice(("written", "written", "deliberation", "oral", "none"))
                if in_project
                else None
            )
            leeway = (
                ("decides" if kind == "elected" else rng.choice(("proposes", "carries_out")))
                if in_project
                else None
            )
            people.append(
                Person(pid, name, kind, employments, availability, in_project, mandate, leeway)
            )
        return people

    def _competencies(self) -> tuple[list[Competency], list[float]]:
        names = [b + d for d in _COMPETENCY_DOMAINS for b in _COMPETENCY_NAMES]
        competencies = []
        for cid in range(1, self.n_competencies + 1):
            base = names[(cid - 1) % len(names)]
            name = base if cid <= len(names) else f"{base} ({cid // len(names) + 1})"
            competencies.append(Competency(cid, f"C{cid:03d}", name))
        # Zipf-like popularity: a few competencies are common, many are rare.
        weights = [1.0 / (rank + 1) ** 0.8 for rank in range(self.n_competencies)]
        self.rng.shuffle(weights)
        return competencies, weights

    def _assessments(
        self, people: list[Person], competencies: list[Competency], weights: list[float]
    ) -> list[Assessment]:
        rng = self.rng
        ids = [c.id for c in competencies]
        assessments = []
        for person in people:
            count = min(len(ids), rng.randint(2, 7))
            held: set[int] = set()
            while len(held) < count:
                held.add(rng.choices(ids, weights)[0])
            for cid in sorted(held):
                level = rng.choices(LEVELS, (0.35, 0.35, 0.2, 0.1))[0]
                assessments.append(
                    Assessment(person.id, cid, level, rng.randint(1, 4), rng.randint(1, 4))
                )
        return assessments

    # Plan ---------------------------------------------------------------------------------

    def _axes(self, people: list[Person], organisations: list[Organisation]) -> list[Axis]:
        rng = self.rng
        elected = [p.id for p in people if p.kind == "elected"] or [p.id for p in people]
        staff = [p.id for p in people if p.kind in ("agent", "technician")] or [
            p.id for p in people
        ]
        project_orgs = [o.id for o in organisations if o.in_project]
        axes = []
        for aid, (code, name) in enumerate(_AXES, start=1):
            axes.append(
                Axis(
                    aid,
                    code,
                    name,
                    lead_id=rng.choice(staff),
                    political_referent_id=rng.choice(elected) if rng.random() > 0.15 else None,
                    technical_referent_id=rng.choice(staff) if rng.random() > 0.15 else None,
                    lead_organisation_id=rng.choice(project_orgs),
                )
            )
        return axes

    def _steps(self) -> list[Step]:
        return [
            Step(sid, name, self.months[first], month_end(self.months[last]), status)
            for sid, (name, first, last, status) in enumerate(_STEPS, start=1)
        ]

    def _title(self, communes: list[tuple[int, str]], epcis: list[tuple[int, str]]) -> str:
        rng = self.rng
        template = rng.choice(_TEMPLATES)
        values = {slot: rng.choice(options) for slot, options in _SLOTS.items()}
        values["commune"] = rng.choice(communes)[1]
        values["territoire"] = (
            f"la communauté de communes {rng.choice(epcis)[1]}"
            if rng.random() < 0.3
            else f"le secteur de {rng.choice(communes)[1]}"
        )
        return _french(template.format(**values))

    def _description(self, organisation: Organisation, communes: list[tuple[int, str]]) -> str:
        rng = self.rng
        values = {
            "org": organisation.name,
            "commune": rng.choice(communes)[1],
            "mois": rng.choice(_MONTHS_FR),
            "annee": str(rng.randint(2018, 2025)),
            "detail": rng.choice(_DETAILS),
            "public2": rng.choice(_SLOTS["public"]),
            "partenaire2": rng.choice(_SLOTS["partenaire"]),
            "n": str(rng.randint(3, 60)),
            "livrable": rng.choice(_DELIVERABLES),
            "budget": f"{rng.randint(2, 90) * 500:,}".replace(",", " "),
        }
        sentences = [rng.choice(group) for group in (_CONTEXTS, _METHODS, _RESULTS)]
        text = " ".join(s.format(**values) for s in sentences)
        return _french(text[0].upper() + text[1:])

    def _variant(self, text: str) -> str:
        """A near-duplicate wording: accents, case, word order, a stop word, a synonym."""
        rng = self.rng
        operations = ["accents", "case", "order", "stop", "synonym"]
        rng.shuffle(operations)
        result = text
        for operation in operations[: rng.randint(1, 2)]:
            result = _apply_variant(operation, result, rng)
        if result == text:
            result = _strip_accents(text).lower()
            if result == text:
                result = text.upper()
        return result

    def _tasks(
        self,
        communes: list[tuple[int, str]],
        epcis: list[tuple[int, str]],
        organisations: list[Organisation],
        axes: list[Axis],
        steps: list[Step],
    ) -> tuple[list[Task], list[tuple[int, int]]]:
        rng = self.rng
        project_orgs = [o for o in organisations if o.in_project]
        tasks: list[Task] = []
        truth: list[tuple[int, int]] = []
        seen: set[str] = set()
        n_duplicates = int(self.n_tasks * DUPLICATE_SHARE) if self.n_tasks >= 10 else 0
        duplicate_slots = set(rng.sample(range(self.n_tasks // 2, self.n_tasks), n_duplicates))
        originals: list[int] = []
        top_level: list[Task] = []
        for tid in range(1, self.n_tasks + 1):
            org = rng.choice(project_orgs)
            axis = rng.choice(axes)
            if (tid - 1) in duplicate_slots and originals:
                original = tasks[rng.choice(originals) - 1]
                originals.remove(original.id)
                title = self._variant(original.title)
                description = self._variant(original.description)
                truth.append((original.id, tid))
            else:
                for _ in range(50):
                    title = self._title(communes, epcis)
                    if title not in seen:
                        break
                description = self._description(org, communes)
                originals.append(tid)
            seen.add(title)
            parent: Task | None = None
            if top_level and rng.random() < 0.35:
                parent = rng.choice(top_level)
            if parent is not None:
                span = (parent.end - parent.start).days
                offset = rng.randint(0, max(0, span - 14))
                start = parent.start + datetime.timedelta(days=offset)
                end = min(parent.end, start + datetime.timedelta(days=rng.randint(14, 120)))
            else:
                first = rng.randint(0, 11)
                length = rng.choice((1, 2, 2, 3, 3, 4, 6, 8))
                last = min(11, first + length - 1)
                start = self.months[first] + datetime.timedelta(days=rng.choice((0, 0, 9, 14)))
                end = month_end(self.months[last]) - datetime.timedelta(
                    days=rng.choice((0, 0, 0, 10))
                )
                if end < start:
                    end = start
            is_milestone = parent is not None and rng.random() < 0.05
            if is_milestone:
                end = start
            step = next((s for s in steps if s.start <= start <= s.end), steps[-1])
            budget = float(rng.choice((0, 0, 1500, 5000, 12000, 30000)))
            task = Task(
                id=tid,
                title=title,
                start=start,
                end=end,
                description=description,
                parent_id=parent.id if parent else None,
                step_id=step.id,
                axis_id=axis.id,
                is_milestone=is_milestone,
                status=rng.choice(("planned", "planned", "in_progress", "done")),
                lead_organisation_id=org.id if rng.random() > 0.05 else None,
                budget=budget,
                funding=round(budget * rng.choice((0.0, 0.5, 0.8, 1.0)), 2),
            )
            tasks.append(task)
            if parent is None:
                top_level.append(task)
        return tasks, truth

    def _needs(
        self, tasks: list[Task], competencies: list[Competency], weights: list[float]
    ) -> list[Need]:
        rng = self.rng
        ids = [c.id for c in competencies]
        needs = []
        nid = 1
        for task in tasks:
            if task.is_milestone:
                continue
            held: list[int] = []
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                cid = rng.choices(ids, weights)[0]
                if cid not in held:
                    held.append(cid)
            for cid in held:
                level = rng.choices(LEVELS, (0.25, 0.4, 0.25, 0.1))[0]
                days = rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 3.0, 4.0))
                needs.append(Need(nid, task.id, cid, level, days))
                nid += 1
        return needs

    def _assignments(
        self,
        tasks: list[Task],
        needs: list[Need],
        people: list[Person],
        assessments: list[Assessment],
    ) -> list[Assignment]:
        rng = self.rng
        holders: dict[tuple[int, int], list[int]] = {}
        project_ids = {p.id for p in people}
        for a in assessments:
            if a.person_id in project_ids:
                for level in LEVELS:
                    if a.level >= level:
                        holders.setdefault((a.competency_id, level), []).append(a.person_id)
        needs_of: dict[int, list[Need]] = {}
        for need in needs:
            needs_of.setdefault(need.task_id, []).append(need)
        all_ids = [p.id for p in people]
        # Coordinators pick among a few holders the one with the most time left over the year.
        room = {p.id: sum(p.availability) for p in people}

        def pick(candidates: list[int]) -> int:
            sample = [rng.choice(candidates) for _ in range(3)]
            return max(sample, key=lambda pid: (room[pid], -pid))

        assignments = []
        aid = 1
        for task in tasks:
            span = sum(task_month_fractions(task, self.months))
            chosen: dict[int, float] = {}  # person -> days per month
            for need in needs_of.get(task.id, []):
                candidates = holders.get((need.competency_id, need.min_level), [])
                days = max(0.5, round(need.days_per_month * rng.uniform(0.5, 1.2) * 2) / 2)
                if candidates and rng.random() < 0.8:
                    pid = pick(candidates)
                elif rng.random() < 0.5:
                    pid = rng.choice(all_ids)  # someone without the level: a visible gap
                else:
                    continue
                chosen[pid] = chosen.get(pid, 0.0) + days
            if rng.random() < 0.3:
                pid = rng.choice(all_ids)
                chosen[pid] = chosen.get(pid, 0.0) + rng.choice((0.5, 1.0))
            has_lead = rng.random() < 0.88
            for i, (pid, days) in enumerate(chosen.items()):
                room[pid] -= days * span
                responsibility = "lead" if i == 0 and has_lead else "contributor"
                assignments.append(Assignment(aid, task.id, pid, responsibility, days))
                aid += 1
            if rng.random() < 0.2:
                pid = rng.choice(all_ids)
                if pid not in chosen:
                    kind = rng.choice(("consulted", "informed"))
                    assignments.append(Assignment(aid, task.id, pid, kind, 0.0))
                    aid += 1
        return assignments

    def _bodies(self, people: list[Person], axes: list[Axis]) -> list[Body]:
        rng = self.rng

        def pick(kinds: tuple[str, ...], low: int, high: int) -> tuple[int, ...]:
            pool = [p.id for p in people if p.kind in kinds] or [p.id for p in people]
            return tuple(sorted(rng.sample(pool, min(len(pool), rng.randint(low, high)))))

        coordinators = tuple(p.id for p in people[: max(1, len(people) // 60)])
        bodies = [
            Body(
                1,
                "Comité de pilotage",
                "copil",
                3,
                0.5,
                tuple(sorted(set(pick(("elected",), 6, 14) + coordinators[:2]))),
                (),
                coordinators[0] if coordinators else None,
            ),
            Body(
                2,
                "Comité technique",
                "cotech",
                6,
                0.5,
                tuple(sorted(set(pick(("agent", "technician"), 8, 18) + coordinators))),
                (),
                coordinators[0] if coordinators else None,
            ),
            Body(
                3,
                "Groupe projet",
                "project_group",
                12,
                0.5,
                tuple(sorted(set(pick(("agent", "technician", "partner"), 4, 8) + coordinators))),
                (),
                coordinators[0] if coordinators else None,
            ),
            Body(
                4,
                "Conseil local de l'alimentation",
                "food_council",
                2,
                1.0,
                pick(("partner", "volunteer", "elected"), 15, 40),
                (),
                None,
            ),
        ]
        groups_per_axis = 1 + len(people) // 400
        bid = 5
        for axis in axes:
            for g in range(groups_per_axis):
                members = pick(("agent", "technician", "partner", "volunteer"), 5, 12)
                suffix = f" — {g + 1}" if groups_per_axis > 1 else ""
                bodies.append(
                    Body(
                        bid,
                        f"Groupe de travail {axis.name}{suffix}",
                        "working_group",
                        rng.choice((4, 6, 10)),
                        rng.choice((0.5, 1.0)),
                        members,
                        (axis.id,),
                        members[0] if members else None,
                    )
                )
                bid += 1
        return bodies


def _apply_variant(operation: str, text: str, rng: random.Random) -> str:
    if operation == "accents":
        return _strip_accents(text)
    if operation == "case":
        return text.lower() if rng.random() < 0.6 else text.upper()
    if operation == "order":
        # Move the trailing place ("à X", "de Y") to the front, or swap the first two words.
        end = "." if text.endswith(".") else ""
        body = text.removesuffix(".")
        for marker in (" à ", " pour ", " avec ", " sur ", " autour de "):
            head, sep, tail = body.rpartition(marker)
            if sep and head and len(tail.split()) <= 6:
                return f"{sep.strip().capitalize()} {tail}, {head[0].lower()}{head[1:]}{end}"
        words = text.split()
        if len(words) > 2:
            words[0], words[1] = words[1], words[0]
        return " ".join(words)
    if operation == "stop":
        options = [(a, b) for a, b in _STOP_WORD_SWAPS if a in text]
        if options:
            a, b = rng.choice(options)
            return text.replace(a, b, 1)
        return text
    options = [(a, b) for a, b in _SYNONYMS if a in text] + [
        (b, a) for a, b in _SYNONYMS if b in text
    ]
    if options:
        a, b = rng.choice(options)
        return text.replace(a, b, 1)
    return text
