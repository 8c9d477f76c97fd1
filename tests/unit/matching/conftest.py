"""Shared fixtures for the matcher's tests: the development evaluation set and a fitted
matcher (fitted once per session: fitting is the slow part)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))

from _matching_data import load_dir  # noqa: E402

from matching import Matcher  # noqa: E402


@pytest.fixture(scope="session")
def dev_data():
    return load_dir(ROOT / "eval" / "dev")


@pytest.fixture(scope="session")
def dev_matcher(dev_data):
    return Matcher.fit(dev_data.calls, dev_data.companies)
