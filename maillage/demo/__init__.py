"""The demo PAT: a realistic, deterministic project with defects planted on purpose."""

from maillage.demo.accounts import (
    DEMO_PASSWORD,
    DEMO_PROJECT_NAME,
    DEMO_USERS,
    OTHER_PROJECT_NAME,
    OTHER_PROJECT_USER,
    DemoUser,
    ensure_demo_users,
)
from maillage.demo.defects import PLANTED_DEFECTS, PlantedDefect
from maillage.demo.loader import load_demo

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_PROJECT_NAME",
    "DEMO_USERS",
    "OTHER_PROJECT_NAME",
    "OTHER_PROJECT_USER",
    "PLANTED_DEFECTS",
    "DemoUser",
    "PlantedDefect",
    "ensure_demo_users",
    "load_demo",
]
