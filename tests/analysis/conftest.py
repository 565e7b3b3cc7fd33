"""The demo project, loaded once per test (the analysis of its planted defects is the spec)."""

from __future__ import annotations

from typing import Any

import pytest

from maillage.demo import load_demo


@pytest.fixture
def demo(db: Any, django_capture_on_commit_callbacks: Any) -> Any:
    # Loaded as if committed: what it registered to run on commit has run.
    with django_capture_on_commit_callbacks(execute=True):
        return load_demo()
