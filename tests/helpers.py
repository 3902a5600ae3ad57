"""Small look-ups over a processed document, so tests read like the documents."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from kinerja.pipeline import DocumentResult

SAMPLE_SCRIPTS = Path(__file__).resolve().parent.parent / "samples"


def sample_script(name: str) -> ModuleType:
    """A generator script of `samples/` (`make_scans`, …) loaded as a module: samples/ is no package."""
    spec = importlib.util.spec_from_file_location(name, SAMPLE_SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(result: DocumentResult, indikator: str, **where: Any) -> list[dict[str, Any]]:
    """Indicator rows whose indikator starts with `indikator` (case-insensitive) and match `where`."""
    key = indikator.lower()
    return [
        r for r in result.indicators
        if (r["indikator"] or "").lower().startswith(key) and all(r.get(k) == v for k, v in where.items())
    ]


def one(result: DocumentResult, indikator: str, **where: Any) -> dict[str, Any]:
    found = rows(result, indikator, **where)
    assert len(found) == 1, f"expected one row for {indikator!r} {where}, found {len(found)}: " + repr(
        [(r["table_index"], r["row_index"], r["indikator"]) for r in found]
    )
    return found[0]


def periods(result: DocumentResult, row: dict[str, Any], measure: str = "target") -> list[tuple[str, Any]]:
    """(period, value or label) pairs of a row, in printed order."""
    return [
        (p["period"], p["value"] if p["value"] is not None else p["label"])
        for p in result.periods
        if p["table_index"] == row["table_index"] and p["row_index"] == row["row_index"] and p["measure"] == measure
    ]


def quarter_values(result: DocumentResult, row: dict[str, Any], measure: str = "target") -> dict[str, Any]:
    """TW1..TW4 → value (first printing of each quarter)."""
    out: dict[str, Any] = {}
    for period, value in periods(result, row, measure):
        out.setdefault(period, value)
    return out
