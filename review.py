"""The review queue: names the matcher was unsure of go out to a person as CSV and come back as decisions.

A decision is recorded in the dataset directory's overrides file (kind, name as printed, code or `none`), which
every later ingest applies before matching, so rebuilding the dataset never loses it. Applying decisions also
recodes the existing `indicators` dataset at once, without re-reading the documents.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .normalize.coding import code_row, matcher_for
from .normalize.matching import Match
from .normalize.overrides import OVERRIDES_FILE, read_overrides, write_overrides
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
    place: Place | None = None
    """Where the name is printed first."""
    documents: int = 1


@dataclass(frozen=True)
class Place:
    """Where a name is printed first: what a reviewer opens to see it in its table."""

    doc_id: str
    file: str
    kecamatan: str | None
    page: int | None
    line: int | None
    table: int
    row: int


@dataclass
class _Seen:
    level: str | None
    context: tuple[str, ...]
    uraian_kode: str | None
    place: Place
    unit: tuple[str, ...] | None = None
    rows: int = 0
    documents: set[str] = field(default_factory=set)


def _int(x: object) -> int | None:
    return None if x is None or pd.isna(x) else int(x)  # type: ignore[arg-type]


def document_units(out_dir: Path) -> dict[str, tuple[str, ...] | None]:
    """doc_id → the bidang its rows are coded under (primary first), None when its unit is unknown.

    A schema 1.0 dataset has no bidang: its documents were all coded as kecamatan, so one that names a kecamatan
    keeps bidang 7.01.
    """
    documents = read_frame(out_dir, "documents")
    units: dict[str, tuple[str, ...] | None] = {}
    for row in documents.itertuples(index=False):
        lain = row.bidang_lain if row.bidang_lain is not None and not isinstance(row.bidang_lain, float) else []
        if isinstance(row.bidang, str) and row.bidang:
            units[row.doc_id] = (row.bidang, *lain)
        elif isinstance(row.instansi, str) and row.instansi.lower().startswith("kecamatan"):
            units[row.doc_id] = ("7.01",)
        else:
            units[row.doc_id] = None
    return units


def _pending(indicators: pd.DataFrame, files: dict[str, str]
             ) -> list[tuple[str, str, str | None, tuple[str, ...], str | None, Place]]:
    out = []
    for row in indicators.itertuples(index=False):
        kec = row.kecamatan if isinstance(row.kecamatan, str) else None
        place = Place(row.doc_id, files.get(row.doc_id, ""), kec, _int(row.page), _int(row.line),
                      int(row.table_index) + 1, int(row.row_index) + 1)
        if row.kode_match_status == "review" and row.uraian:
            context = tuple(c for c in (row.program, row.kegiatan) if isinstance(c, str) and c)
            out.append(("uraian", row.uraian, row.level, context, None, place))
        if row.indikator_match_status == "review" and row.indikator:
            out.append(("indikator", row.indikator, row.level, (), row.kode if isinstance(row.kode, str) else None,
                        place))
    return out


def review_items(out_dir: Path, overrides_path: Path | None = None) -> list[ReviewItem]:
    """The names in `out_dir` waiting for review, once per (kind, name), most frequent first."""
    indicators = read_frame(out_dir, "indicators")
    documents = read_frame(out_dir, "documents")
    files = {d: Path(str(p)).name for d, p in zip(documents["doc_id"], documents["source_path"])}
    matcher = matcher_for(frozenset(read_overrides(overrides_path or out_dir / OVERRIDES_FILE).items()))
    seen: dict[tuple[str, str], _Seen] = {}
    units = document_units(out_dir)
    for kind, name, level, context, uraian_kode, place in _pending(indicators, files):
        entry = seen.setdefault(
            (kind, name),
            _Seen(level if isinstance(level, str) else None, context, uraian_kode, place, units.get(place.doc_id)))
        entry.rows += 1
        entry.documents.add(place.doc_id)
    items = []
    for (kind, name), entry in seen.items():
        match = (
            matcher.match_uraian(name, entry.level, entry.context, bidang=entry.unit) if kind == "uraian"
            else matcher.match_indikator(name, entry.level, entry.uraian_kode, bidang=entry.unit)
        )
        items.append(ReviewItem(kind, name, entry.level, entry.rows, match, entry.place, len(entry.documents)))
    return sorted(items, key=lambda item: (-item.rows, item.kind, item.name))


HEADER = ["kind", "name", "level", "rows", "documents", "file", "kecamatan", "page", "line", "table", "row"]


def _lines(items: list[ReviewItem], decimal_comma: bool) -> list[list[object]]:
    lines = []
    for item in items:
        p = item.place
        line: list[object] = [item.kind, item.name, item.level or "", item.rows, item.documents,
                              p.file if p else "", (p.kecamatan or "") if p else "",
                              (p.page if p.page is not None else "") if p else "",
                              (p.line if p.line is not None else "") if p else "", p.table if p else "",
                              p.row if p else ""]
        for i in range(TOP):
            cand = item.match.candidates[i] if i < len(item.match.candidates) else None
            score: object = round(cand.score, 1) if cand else ""
            if cand and decimal_comma:
                score = f"{cand.score:.1f}".replace(".", ",")
            line += [cand.kode, cand.nama, score] if cand else ["", "", ""]
        line.append("")
        lines.append(line)
    return lines


def export_review(out_dir: Path, path: Path, overrides_path: Path | None = None) -> int:
    """Write the review queue with an empty decision column; returns the number of names.

    `.xlsx` gives an Excel workbook; anything else a CSV that Indonesian-locale Excel opens in columns: semicolons,
    a decimal comma and a UTF-8 byte-order mark. Each name says where it is printed first (file, kecamatan, page
    or line, table and row counted from 1, as the report and the page views count them).
    """
    items = review_items(out_dir, overrides_path)
    header = list(HEADER)
    for i in range(1, TOP + 1):
        header += [f"candidate_{i}_kode", f"candidate_{i}_nama", f"candidate_{i}_score"]
    header.append(DECISION)
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = "review"
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in _lines(items, decimal_comma=False):
            sheet.append(line)
        sheet.freeze_panes = "C2"
        for letter, width in zip("ABCDEFGHIJK", (10, 60, 16, 6, 9, 30, 16, 6, 6, 6, 6), strict=True):
            sheet.column_dimensions[letter].width = width
        book.save(path)
        return len(items)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(_lines(items, decimal_comma=True))
    return len(items)


@dataclass
class Decisions:
    """The decisions read from a review file, and every line that could not be used, with its line number."""

    decisions: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _valid_codes() -> frozenset[str]:
    from .schema import canonical

    return frozenset(canonical.nomenklatur_by_kode()) | frozenset(canonical.indikator_by_id())


def canonical_code(text: str, valid: frozenset[str]) -> str | None:
    """A code as a person typed it (`iks-001`, ` 7.01.01.2.06.0009 `, `None`) in the canonical form, or None."""
    code = " ".join(str(text).split()).rstrip(".")
    if code.lower() == "none":
        return "none"
    for candidate in (code, code.upper()):
        if candidate in valid:
            return candidate
    return None


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """A review file's header and its rows with their line numbers (CSV in any delimiter Excel saves, or .xlsx)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
            values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # not a workbook, or a damaged one
            raise ValueError(f"{path}: not a readable .xlsx workbook ({exc})") from exc
        if not values:
            return [], []
        header = [h.strip() for h in values[0]]
        return header, [(i, dict(zip(header, row, strict=False))) for i, row in enumerate(values[1:], start=2)]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # Excel's "CSV (Comma delimited)" on Windows saves in the ANSI code page
    if "\0" in text:
        raise ValueError(f"{path}: not a CSV file (binary content)")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    header: list[str] = []
    for record in reader:
        if not header:
            header = [h.strip() for h in record]
            continue
        if any(v.strip() for v in record):
            rows.append((reader.line_num, dict(zip(header, record, strict=False))))
    return header, rows


def read_decisions(path: Path) -> Decisions:
    """The filled-in decisions of a review file: (kind, name) → code or `none`; blank decisions are skipped.

    A line with an unknown kind, no name or a code that is not in the canonical lists is reported with its line
    number and left out; the other lines still count.
    """
    header, rows = _rows(Path(path))
    missing = {"kind", "name", DECISION} - set(header)
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))} (is this a kinerja review file?)")
    valid = _valid_codes()
    out = Decisions()
    for line, row in rows:
        decision = (row.get(DECISION) or "").strip()
        if not decision:
            continue
        kind, name = (row.get("kind") or "").strip().lower(), (row.get("name") or "").strip()
        if kind not in ("uraian", "indikator") or not name:
            out.problems.append(f"{path}:{line}: kind must be uraian or indikator and name must be set")
            continue
        code = canonical_code(decision, valid)
        if code is None:
            out.problems.append(f"{path}:{line}: {decision!r} is not a code of the canonical lists "
                                "(`kinerja codes` lists them), nor none")
            continue
        out.decisions[(kind, name)] = code
    return out


def apply_review(out_dir: Path, path: Path, overrides_path: Path | None = None) -> tuple[int, int, list[str]]:
    """Record the usable decisions in the overrides file and recode `out_dir`.

    Returns (decisions recorded, rows recoded, problems: one per line that was not applied).
    """
    overrides_path = overrides_path or out_dir / OVERRIDES_FILE
    read = read_decisions(path)
    if not read.decisions:
        return 0, 0, read.problems
    merged = {**read_overrides(overrides_path), **read.decisions}
    matcher = matcher_for(frozenset(merged.items()))  # raises ValueError naming any unknown code
    indicators = read_frame(out_dir, "indicators")
    units = document_units(out_dir)
    write_overrides(overrides_path, merged)
    rows = indicators.astype(object).where(indicators.notna(), None).to_dict("records")
    changed = 0
    watched = ("kode", "indikator_id", "kode_match_status", "indikator_match_status")
    for row in rows:
        before = tuple(row.get(k) for k in watched)
        for key in ("repairs", "warnings"):
            row[key] = list(row[key]) if row[key] is not None else []
        code_row(row, matcher, units.get(row["doc_id"]))
        changed += before != tuple(row.get(k) for k in watched)
    write_table(out_dir, "indicators", rows)
    return len(read.decisions), changed, read.problems
