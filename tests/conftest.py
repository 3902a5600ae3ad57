"""Shared fixtures: the five seed documents, processed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.document_job import process_document
from kinerja.pipeline import DocumentResult

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"

SEEDS = {
    "pallangga": "000_aafc297b317ebd8f.txt",
    "bajeng": "001_f844bdefb17c9d04.txt",
    "kaligondang": "002_082a82fbec026ac6.txt",
    "kalaena": "003_d2de8c2705892fb3.txt",
    "pengadegan": "004_a5124b818c6153b4.txt",
}


_MEASUREMENTS = pytest.StashKey[list]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_MEASUREMENTS] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    """Figures that tests measure (the matcher's precision and recall) printed at the end of every run."""
    lines = list(config.stash.get(_MEASUREMENTS, []))
    for outcome in ("passed", "failed"):  # figures recorded as user properties reach the controller under xdist
        for rep in terminalreporter.stats.get(outcome, []):
            lines += [value for name, value in getattr(rep, "user_properties", []) if name == "kinerja_measurement"]
    if lines:
        terminalreporter.section("kinerja measurements")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def report(request: pytest.FixtureRequest):
    """Record a figure for the end-of-run summary."""
    return request.config.stash[_MEASUREMENTS].append


def copy_seeds(folder: Path) -> Path:
    """An archive folder holding the five seeds, as a user's batch would."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in SEEDS.values():
        (folder / file).write_bytes((SAMPLES / file).read_bytes())
    return folder


@pytest.fixture(scope="session")
def seed() -> dict[str, DocumentResult]:
    """Every seed, extracted and normalised, keyed by kecamatan."""
    out = {}
    for name, file in SEEDS.items():
        path = SAMPLES / file
        out[name] = process_document(path.read_bytes(), str(path))
    return out
