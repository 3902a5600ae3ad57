"""Coverage: which documents were read fully, partly or not at all, and why — so no document goes missing.

A batch of thousands of files always has some that fail (encrypted, truncated, Word files), some with no
performance table (scans, prose-only reports) and some read only partly (cells that fit no column). The report
and `kinerja show` list them all with the reason and the count of unplaced cells, next to a tile per status.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

STATUS_ORDER = ("ok", "partial", "no_tables", "failed")
STATUS_NAMES = {
    "ok": ("Terbaca penuh", "Read fully"),
    "partial": ("Terbaca sebagian", "Read partly"),
    "no_tables": ("Tanpa tabel kinerja", "No performance table"),
    "failed": ("Gagal dibaca", "Failed"),
}
UNPLACED_MARK = "fits no column"
"""The normaliser's warning for a cell that fits no column of its row (normalize/document.py)."""


def _count(values: object, needle: str | None = None) -> int:
    if values is None or isinstance(values, float):
        return 0
    items = [str(v) for v in values]  # type: ignore[union-attr]
    return sum(1 for v in items if needle is None or needle in v)


def coverage(documents: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per document: file name, status, reason, indicator rows, unplaced cells, other unread cells."""
    per_doc = pd.DataFrame({"doc_id": indicators["doc_id"]}) if len(indicators) else pd.DataFrame(
        {"doc_id": pd.Series(dtype=object)})
    if len(indicators):
        warnings = indicators["warnings"]
        per_doc["unplaced"] = warnings.map(lambda w: _count(w, UNPLACED_MARK))
        per_doc["unread"] = warnings.map(_count) - per_doc["unplaced"]
    else:
        per_doc["unplaced"] = pd.Series(dtype=int)
        per_doc["unread"] = pd.Series(dtype=int)
    counts = per_doc.groupby("doc_id").agg(rows=("doc_id", "size"), unplaced=("unplaced", "sum"),
                                           unread=("unread", "sum"))
    docs = documents.drop_duplicates("doc_id")
    out = pd.DataFrame({
        "doc_id": docs["doc_id"].to_numpy(),
        "file": [Path(str(p)).name for p in docs["source_path"]],
        "source_path": docs["source_path"].to_numpy(),
        "kecamatan": docs["kecamatan"].to_numpy(),
        "status": docs["status"].fillna("failed").to_numpy(),
        "reason": docs["error"].to_numpy(),
        "pages": docs["pages"].to_numpy() if "pages" in docs else None,
    })
    out = out.merge(counts, left_on="doc_id", right_index=True, how="left")
    for col in ("rows", "unplaced", "unread"):
        out[col] = out[col].fillna(0).astype(int)
    doc_warnings = docs.set_index("doc_id")["warnings"] if "warnings" in docs else pd.Series(dtype=object)
    out["reason"] = [
        r if isinstance(r, str) and r else _first_warning(doc_warnings.get(d)) for d, r in zip(out["doc_id"],
                                                                                               out["reason"])
    ]
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    out["_o"] = out["status"].map(order).fillna(len(order))
    return out.sort_values(["_o", "file"], ascending=[False, True], kind="stable").drop(columns="_o").reset_index(
        drop=True)


def _first_warning(values: object) -> str | None:
    if values is None or isinstance(values, float):
        return None
    items = [str(v) for v in values]  # type: ignore[union-attr]
    return items[0] if items else None


def status_counts(cov: pd.DataFrame) -> dict[str, int]:
    """Documents per status, every status present (0 when none), in the order the tiles show them."""
    counts = cov["status"].value_counts()
    out = {s: int(counts.get(s, 0)) for s in STATUS_ORDER}
    for other, n in counts.items():  # a status this version does not know still counts
        out.setdefault(str(other), int(n))
    return out
