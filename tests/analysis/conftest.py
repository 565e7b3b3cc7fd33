"""The demo project, loaded once per test (the analysis of its planted defects is the spec)."""

from __future__ import annotations

from typing import Any

import pytest

from maillage.analysis import services
from maillage.demo import load_demo


@pytest.fixture(autouse=True)
def fresh_analysis_cache() -> Any:
    services.forget_cached_analyses()
    yield
    services.forget_cached_analyses()


@pytest.fixture
def demo(db: Any) -> Any:
    return load_demo()
