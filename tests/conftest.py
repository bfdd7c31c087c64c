"""Shared fixtures: where the shared gold data and seed corpus live, skipping cleanly when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "kabul-2021-08"
SAMPLE = ROOT / "src" / "newsfuse" / "sample"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five real Kabul reports in ../shared (never copied into the project)."""
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip(f"seed corpus not found at {SEEDS}: clone the project beside ../shared")
    return SEEDS


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The annotated evaluation sets in ../shared/data."""
    d = SHARED / "data"
    if not d.is_dir():
        pytest.skip(f"evaluation data not found at {d}: clone the project beside ../shared")
    return d


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The project's own bundled sample corpus."""
    return SAMPLE


def seed_text(name: str) -> str:
    """Raw text of one seed file by its number prefix, e.g. ``"001"``."""
    (path,) = SEEDS.glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once per test session (about 1 s, 100 MB)."""
    from newsfuse.annotate.places import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def gaz():
    """The offline gazetteer (built into the user cache on first use: about 35 s)."""
    from newsfuse.annotate.gazetteer import Gazetteer

    return Gazetteer()
