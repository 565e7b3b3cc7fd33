"""The PAT competency framework shipped with Maillage, as data (French: it is content, not UI).

Technical fields follow the six PAT axes plus collective catering; transversal fields cover
project work; the "chargé·e de coopération" competencies are grouped by project phase
(emergence, implementation, closure), as in the CNFPT module on territorial engineering.
"""

NAME = "Référentiel PAT — ingénierie alimentaire territoriale"
DESCRIPTION = (
    "Compétences individuelles et collectives mobilisées par un Projet Alimentaire "
    "Territorial : champs techniques des six axes, restauration collective, compétences "
    "transversales de conduite de projet et compétences de coopération par phase."
)

# (value, label, descriptor): the know-how scale (savoir agir), 1 to 4.
LEVELS = [
    (1, "Notions", "Connaît le vocabulaire et les enjeux ; a besoin d'être guidé·e pour agir."),
    (
        2,
        "Pratique accompagnée",
        "A déjà pratiqué avec l'appui d'une personne plus expérimentée ; agit sur des "
        "situations courantes.",
    ),
    (
        3,
        "Autonome",
        "Agit seul·e, y compris sur des situations nouvelles ; sait combiner les ressources.",
    ),
    (
        4,
        "Expert·e / référent·e",
        "Fait référence, conseille et forme les autres, fait évoluer les pratiques.",
    ),
]

# (code, name, description, is_collective, children)
COMPETENCIES = [
    (
        "ECO",
        "Économie alimentaire et filières",
        "Production agricole locale, filières et débouchés.",
        False,
        [
            ("ECO.1", "Connaissance des filières agricoles et alimentaires locales", "", False),
            ("ECO.2", "Structuration des circuits courts et de la logistique", "", False),
            (
                "ECO.3",
                "Accompagnement de projets agricoles",
                "Installation, transmission, diversification des exploitations.",
                False,
            ),
            ("ECO.4", "Agriculture biologique et pratiques agroécologiques", "", False),
        ],
    ),
    (
        "RC",
        "Restauration collective et achat public",
        "Cuisines centrales, restaurants scolaires, commande publique.",
        False,
        [
            (
                "RC.1",
                "Commande publique alimentaire",
                "Marchés publics, allotissement, objectifs de la loi EGalim.",
                False,
            ),
            ("RC.2", "Production en cuisine collective et légumerie", "", False),
            ("RC.3", "Lutte contre le gaspillage en restauration collective", "", False),
            ("RC.4", "Accompagnement des cuisiniers et gestionnaires", "", False),
        ],
    ),
    (
        "NUT",
        "Nutrition et santé",
        "",
        False,
        [
            ("NUT.1", "Nutrition et recommandations du PNNS", "", False),
            ("NUT.2", "Éducation alimentaire des enfants et des familles", "", False),
            ("NUT.3", "Santé environnementale et alimentation", "", False),
        ],
    ),
    (
        "ACC",
        "Accessibilité sociale et aide alimentaire",
        "",
        False,
        [
            ("ACC.1", "Fonctionnement de l'aide alimentaire", "", False),
            ("ACC.2", "Accompagnement des publics en précarité", "", False),
            (
                "ACC.3",
                "Dispositifs d'accès à une alimentation de qualité",
                "Paniers solidaires, épiceries sociales, chèques alimentation durable.",
                False,
            ),
        ],
    ),
    (
        "ENV",
        "Environnement et foncier",
        "",
        False,
        [
            ("ENV.1", "Ressource en eau, qualité des sols et pratiques agricoles", "", False),
            ("ENV.2", "Biodiversité, bocage et paysages agricoles", "", False),
            (
                "ENV.3",
                "Veille et mobilisation du foncier agricole",
                "Veille SAFER, portage foncier, baux, espaces test.",
                False,
            ),
            ("ENV.4", "Urbanisme et planification (PLUi, SCoT, ZAP)", "", False),
        ],
    ),
    (
        "CUL",
        "Culture et gastronomie",
        "",
        False,
        [
            ("CUL.1", "Patrimoine culinaire et produits du terroir", "", False),
            ("CUL.2", "Organisation d'événements grand public", "", False),
        ],
    ),
    (
        "PRJ",
        "Conduite de projet",
        "Compétence transversale.",
        False,
        [
            ("PRJ.1", "Planification et suivi de projet", "", False),
            ("PRJ.2", "Pilotage budgétaire", "", False),
            ("PRJ.3", "Animation des instances de gouvernance", "", False),
        ],
    ),
    (
        "ANI",
        "Animation et concertation",
        "Compétence transversale.",
        False,
        [
            ("ANI.1", "Animation de réunions et d'ateliers participatifs", "", False),
            ("ANI.2", "Mobilisation des habitants et des acteurs", "", False),
            ("ANI.3", "Médiation et gestion des désaccords", "", False),
        ],
    ),
    (
        "PAR",
        "Partenariat et coopération",
        "Compétence transversale.",
        False,
        [
            ("PAR.1", "Connaissance des acteurs et des institutions", "", False),
            ("PAR.2", "Construction de partenariats et de conventions", "", True),
            ("PAR.3", "Coopération entre territoires", "", True),
        ],
    ),
    (
        "FIN",
        "Financements",
        "Compétence transversale.",
        False,
        [
            ("FIN.1", "Veille sur les appels à projets", "", False),
            (
                "FIN.2",
                "Montage de dossiers de financement",
                "Programme national pour l'alimentation, LEADER, ADEME, Région.",
                False,
            ),
            ("FIN.3", "Suivi administratif et financier des subventions", "", False),
        ],
    ),
    (
        "EVA",
        "Évaluation",
        "Compétence transversale.",
        False,
        [
            ("EVA.1", "Construction d'indicateurs et de tableaux de bord", "", False),
            ("EVA.2", "Évaluation des politiques publiques", "", False),
        ],
    ),
    (
        "COM",
        "Communication",
        "Compétence transversale.",
        False,
        [
            ("COM.1", "Communication de projet et outils numériques", "", False),
            ("COM.2", "Relations presse et valorisation", "", False),
        ],
    ),
    (
        "ELU",
        "Travail avec les élus",
        "Compétence transversale.",
        False,
        [
            ("ELU.1", "Préparation des décisions politiques (notes, délibérations)", "", False),
            ("ELU.2", "Portage politique et représentation du projet", "", False),
        ],
    ),
    (
        "COOP",
        "Chargé·e de coopération",
        "Missions et postures de coopération selon la phase du projet.",
        False,
        [
            ("COOP.E1", "Émergence : diagnostic partagé du territoire", "", True),
            (
                "COOP.E2",
                "Émergence : identification et mobilisation des parties prenantes",
                "",
                False,
            ),
            (
                "COOP.M1",
                "Mise en œuvre : coordination d'un plan d'actions multi-partenaires",
                "",
                True,
            ),
            ("COOP.M2", "Mise en œuvre : ajustement des rôles et des engagements", "", False),
            ("COOP.C1", "Clôture : capitalisation et transmission", "", False),
            ("COOP.C2", "Clôture : pérennisation et essaimage", "", True),
        ],
    ),
]
