"""The review queue: names the matcher was unsure of go out to a person as CSV and come back as decisions.

A decision is recorded in the dataset directory's overrides file (kind, name as printed, code or `none`), which
every later ingest applies before matching, so rebuilding the dataset never loses it. Applying decisions also
recodes the existing `indicators` dataset at once, without re-reading the documents.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .normalize.coding import OVERRIDES_FILE, code_row, matcher_for, read_overrides, write_overrides
from .normalize.matching import Match
from .store import read_frame, write_table

TOP = 3
DECISION = "decision"


@dataclass(frozen=True)
class ReviewItem:
    """One name waiting for a decision, with the rows it stands for and the matcher's best guesses."""

    kind: str
    name: str
    level: str | None
    rows: int
    match: Match


def _pending(indicators: pd.DataFrame) -> list[tuple[str, str, str | None, tuple[str, ...], str | None]]:
    out = []
    for row in indicators.itertuples(index=False):
        if row.kode_match_status == "review" and row.uraian:
            context = tuple(c for c in (row.program, row.kegiatan) if isinstance(c, str) and c)
            out.append(("uraian", row.uraian, row.level, context, None))
        if row.indikator_match_status == "review" and row.indikator:
            out.append(("indikator", row.indikator, row.level, (), row.kode if isinstance(row.kode, str) else None))
    return out


def review_items(out_dir: Path, overrides_path: Path | None = None) -> list[ReviewItem]:
    """The names in `out_dir` waiting for review, once per (kind, name), most frequent first."""
    indicators = read_frame(out_dir, "indicators")
    matcher = matcher_for(frozenset(read_overrides(overrides_path or out_dir / OVERRIDES_FILE).items()))
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], tuple[str | None, tuple[str, ...], str | None]] = {}
    for kind, name, level, context, uraian_kode in _pending(indicators):
        key = (kind, name)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, (level if isinstance(level, str) else None, context, uraian_kode))
    items = []
    for (kind, name), n in counts.items():
        level, context, uraian_kode = first[(kind, name)]
        match = (
            matcher.match_uraian(name, level, context) if kind == "uraian"
            else matcher.match_indikator(name, level, uraian_kode)
        )
        items.append(ReviewItem(kind, name, level, n, match))
    return sorted(items, key=lambda item: (-item.rows, item.kind, item.name))


def export_review(out_dir: Path, path: Path, overrides_path: Path | None = None) -> int:
    """Write the review queue as CSV with an empty decision column; returns the number of names."""
    items = review_items(out_dir, overrides_path)
    header = ["kind", "name", "level", "rows"]
    for i in range(1, TOP + 1):
        header += [f"candidate_{i}_kode", f"candidate_{i}_nama", f"candidate_{i}_score"]
    header.append(DECISION)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for item in items:
            line: list[object] = [item.kind, item.name, item.level or "", item.rows]
            for i in range(TOP):
                cand = item.match.candidates[i] if i < len(item.match.candidates) else None
                line += [cand.kode, cand.nama, f"{cand.score:.1f}"] if cand else ["", "", ""]
            line.append("")
            writer.writerow(line)
    return len(items)


def read_decisions(path: Path) -> dict[tuple[str, str], str]:
    """The filled-in decisions of a review CSV: (kind, name) → code or `none`; blank decisions are skipped."""
    decisions: dict[tuple[str, str], str] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        # Excel on an Indonesian-locale machine saves CSV with semicolons
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
        reader = csv.DictReader(fh, dialect=dialect)
        missing = {"kind", "name", DECISION} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            decision = (row[DECISION] or "").strip()
            if not decision:
                continue
            kind, name = (row["kind"] or "").strip(), (row["name"] or "").strip()
            if kind not in ("uraian", "indikator") or not name:
                raise ValueError(f"{path}:{line}: kind must be uraian or indikator and name must be set")
            decisions[(kind, name)] = decision.lower() if decision.lower() == "none" else decision
    return decisions


def apply_review(out_dir: Path, path: Path, overrides_path: Path | None = None) -> tuple[int, int]:
    """Record the decisions in the overrides file and recode `out_dir`; returns (decisions, rows recoded)."""
    overrides_path = overrides_path or out_dir / OVERRIDES_FILE
    merged = {**read_overrides(overrides_path), **read_decisions(path)}
    matcher = matcher_for(frozenset(merged.items()))  # raises ValueError naming any unknown code
    write_overrides(overrides_path, merged)
    indicators = read_frame(out_dir, "indicators")
    rows = indicators.astype(object).where(indicators.notna(), None).to_dict("records")
    changed = 0
    watched = ("kode", "indikator_id", "kode_match_status", "indikator_match_status")
    for row in rows:
        before = tuple(row.get(k) for k in watched)
        for key in ("repairs", "warnings"):
            row[key] = list(row[key]) if row[key] is not None else []
        code_row(row, matcher)
        changed += before != tuple(row.get(k) for k in watched)
    write_table(out_dir, "indicators", rows)
    return len(merged), changed
