"""The audit rules: one pure function per rule, each from an `AuditData` to a findings DataFrame.

Every rule is written to stay quiet unless the document contradicts itself beyond rounding: an inspector who
meets false alarms stops reading. Rules read the `documents`, `indicators` and `periods` datasets as pandas
frames (see schema); `prepare` adds the derived columns they share (canonical keys, unit classes, the annual
target for the document's year) once, so that a dataset of millions of rows is audited in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kinerja.normalize import matching
from kinerja.normalize.coding import read_printed_code
from kinerja.schema import FINDINGS, SCHEMAS

from . import modes

# ----------------------------------------------------------------------------------------------------
# Rule metadata


@dataclass(frozen=True)
class Rule:
    """A rule's stable identity: the id is what users filter and suppress on, so it never changes."""

    id: str
    severity: str
    title: str
    """Short name, Bahasa Indonesia."""
    title_en: str
    needs: tuple[str, ...]
    """Dataset columns the rule reads, as dataset.column."""


TW_DUP = Rule(
    "TW-DUP",
    "error",
    "Triwulan tercetak dua kali",
    "Quarter printed twice",
    ("periods.period", "periods.measure", "periods.value", "periods.raw"),
)
TW_MODE = Rule(
    "TW-MODE",
    "warning",
    "Target triwulan tidak cocok dengan target tahunan",
    "Quarterly targets do not fit the annual target",
    (
        "periods.period",
        "periods.measure",
        "periods.value",
        "periods.raw",
        "indicators.target",
        "indicators.target_raw",
        "indicators.satuan",
    ),
)
TW_CUM_DOWN = Rule(
    "TW-CUM-DOWN",
    "error",
    "Target kumulatif menurun",
    "Cumulative target goes down",
    (
        "periods.period",
        "periods.measure",
        "periods.value",
        "periods.raw",
        "indicators.target",
        "indicators.satuan",
    ),
)
BUDGET_TW_SUM = Rule(
    "BUDGET-TW-SUM",
    "error",
    "Jumlah anggaran triwulan ≠ anggaran tahunan",
    "Quarterly budgets do not add up to the annual budget",
    (
        "periods.measure=anggaran",
        "periods.value",
        "periods.raw",
        "indicators.anggaran",
        "indicators.anggaran_raw",
    ),
)
BUDGET_PARENT_SUM = Rule(
    "BUDGET-PARENT-SUM",
    "warning",
    "Anggaran induk ≠ jumlah anggaran di bawahnya",
    "Parent budget is not the sum of its children",
    (
        "indicators.level",
        "indicators.row_index",
        "indicators.uraian",
        "indicators.anggaran",
        "indicators.anggaran_raw",
    ),
)
BUDGET_CROSS_TABLE = Rule(
    "BUDGET-CROSS-TABLE",
    "warning",
    "Anggaran berbeda antar tabel",
    "Budget differs between tables",
    (
        "indicators.uraian",
        "indicators.kode",
        "indicators.table_kind",
        "indicators.anggaran",
        "indicators.anggaran_raw",
    ),
)
CAPAIAN_CALC = Rule(
    "CAPAIAN-CALC",
    "warning",
    "Capaian ≠ realisasi/target × 100",
    "Achievement is not actual/target × 100",
    ("indicators.target", "indicators.realisasi", "indicators.capaian", "indicators.indikator"),
)
VALUE_UNREADABLE = Rule(
    "VALUE-UNREADABLE",
    "warning",
    "Nilai tidak terbaca",
    "Value could not be read",
    (
        "indicators.*_raw",
        "indicators.target_label",
        "indicators.realisasi_label",
        "periods.raw",
        "periods.value",
        "periods.label",
    ),
)
TARGET_MISMATCH = Rule(
    "TARGET-MISMATCH",
    "error",
    "Target indikator yang sama berbeda dalam satu dokumen",
    "Same indicator, different targets within a document",
    (
        "indicators.indikator",
        "indicators.indikator_id",
        "indicators.table_kind",
        "indicators.target",
        "periods.period=<tahun>",
        "documents.tahun",
    ),
)
TARGET_DROP = Rule(
    "TARGET-DROP",
    "warning",
    "Target turun dari tahun ke tahun",
    "Target drops from one year to the next",
    (
        "documents.kecamatan",
        "documents.kabupaten",
        "documents.tahun",
        "indicators.indikator",
        "indicators.indikator_id",
        "indicators.target",
    ),
)
PCT_OVER_100 = Rule(
    "PCT-OVER-100",
    "warning",
    "Persentase di atas 100",
    "Percentage above 100",
    (
        "indicators.indikator",
        "indicators.satuan",
        "indicators.target",
        "indicators.realisasi",
        "periods.value",
    ),
)
BUDGET_IMPLAUSIBLE = Rule(
    "BUDGET-IMPLAUSIBLE",
    "error",
    "Anggaran tidak masuk akal",
    "Implausible budget",
    ("indicators.anggaran", "periods.measure=anggaran", "periods.value"),
)
VALUE_REPAIRED = Rule(
    "VALUE-REPAIRED",
    "warning",
    "Angka salah cetak diperbaiki",
    "Misprinted number repaired",
    ("indicators.repairs", "periods.repair", "periods.raw"),
)
TARGET_OUTLIER = Rule(
    "TARGET-OUTLIER",
    "info",
    "Target jauh dari kecamatan lain",
    "Target far from other kecamatan",
    (
        "indicators.indikator",
        "indicators.indikator_id",
        "indicators.satuan",
        "indicators.target",
        "documents.kecamatan",
    ),
)

KODE_PRINTED = Rule(
    "KODE-PRINTED",
    "warning",
    "Kode tercetak tidak sesuai dengan nama",
    "Printed code disagrees with the name",
    ("indicators.kode_raw", "indicators.kode", "indicators.uraian", "indicators.kode_match_note"),
)

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        TW_DUP,
        TW_MODE,
        TW_CUM_DOWN,
        BUDGET_TW_SUM,
        BUDGET_PARENT_SUM,
        BUDGET_CROSS_TABLE,
        CAPAIAN_CALC,
        VALUE_UNREADABLE,
        TARGET_MISMATCH,
        TARGET_DROP,
        PCT_OVER_100,
        BUDGET_IMPLAUSIBLE,
        VALUE_REPAIRED,
        TARGET_OUTLIER,
        KODE_PRINTED,
    )
}

QUARTERS = ("TW1", "TW2", "TW3", "TW4")
QUARTER_NAMES = {"TW1": "TW I", "TW2": "TW II", "TW3": "TW III", "TW4": "TW IV"}
KEY = ["doc_id", "table_index", "row_index"]
MAX_REPEATS = 3
"""A quarter printed more often than this in one row is a reading failure (merged rows), not a duplicate."""
MAX_BUDGET = 1e13
"""Rupiah. A kecamatan spends billions a year; ten trillion is a misread number, not a budget."""
OUTLIER_Z = 3.5
OUTLIER_MIN_DOCS = 8
KIND_NAMES = {
    "rencana_aksi": ("Rencana Aksi", "Action Plan"),
    "perjanjian_kinerja": ("Perjanjian Kinerja", "Performance Agreement"),
    "pengukuran_kinerja": ("Pengukuran Kinerja", "Performance Measurement"),
    "rkt": ("RKT", "Annual Plan (RKT)"),
    "iku": ("IKU", "Key Indicators (IKU)"),
    "tujuan_sasaran": ("Tujuan/Sasaran", "Aims/Goals"),
    "other": ("tabel lain", "other table"),
}
KIND_PRIORITY = {
    "perjanjian_kinerja": 0,
    "iku": 1,
    "rkt": 2,
    "rencana_aksi": 3,
    "pengukuran_kinerja": 4,
    "tujuan_sasaran": 5,
    "other": 6,
}
"""When tables disagree and no majority decides, the signed agreement (PK) is the reference."""
MEASURE_NAMES = {
    "target": ("target", "target"),
    "realisasi": ("realisasi", "actual"),
    "anggaran": ("anggaran", "budget"),
    "capaian": ("capaian", "achievement"),
}
LEVEL_NAMES = {
    "program": ("program", "programme"),
    "kegiatan": ("kegiatan", "activity"),
    "sub_kegiatan": ("sub kegiatan", "sub-activity"),
}

_PLACEHOLDERS = {"", "-", "–", "—", "--", "n/a", "na", "n.a", "n.a.", "tidak ada", "belum ada", "nihil", "x"}
_PCT_SATUAN = {"%", "persen", "persentase", "prosen", "percent"}
_PCT_NAME = r"^(?:persentase|cakupan)\b"
_LOWER_BETTER = (
    r"penurunan|menurun|berkurang|angka kematian|jumlah kasus|tingkat pengangguran|angka pengangguran"
    r"|angka kesakitan|prevalensi|tingkat kemiskinan|angka kemiskinan|penduduk miskin|angka putus sekolah"
    r"|jumlah pelanggaran|jumlah temuan|angka kriminalitas|tingkat kriminalitas"
)
_NONPCT_UNIT = r"^\s*[-+]?\d[\d.,\s]*\s*[A-Za-z]"


# ----------------------------------------------------------------------------------------------------
# Shared preparation


@dataclass
class AuditData:
    """The three datasets, with derived columns the rules share. Build with `prepare`."""

    documents: pd.DataFrame
    indicators: pd.DataFrame
    periods: pd.DataFrame
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, name: str, build: Callable[[], Any]) -> Any:
        """Intermediate tables several rules use (quarter pivots, per-document targets) are built once."""
        if name not in self.cache:
            self.cache[name] = build()
        return self.cache[name]


def on_distinct(s: pd.Series, fn: Callable[[pd.Series], pd.Series], na: Any = None) -> pd.Series:
    """Apply a string function once per distinct value: names and raw cells repeat across a region."""
    codes, uniques = pd.factorize(s.astype("object"), use_na_sentinel=True)
    if len(uniques) == 0:
        return pd.Series([na] * len(s), index=s.index, dtype="object" if na is None else type(na))
    mapped = np.asarray(fn(pd.Series(np.asarray(uniques, dtype=object), dtype="object")).to_numpy())
    out = np.where(codes >= 0, mapped[np.maximum(codes, 0)], na)
    if isinstance(na, bool):
        out = out.astype(bool)
    return pd.Series(out, index=s.index)


def _normalise_distinct(s: pd.Series) -> pd.Series:
    return s.map(lambda text: (matching.normalise_name(text) or None) if isinstance(text, str) else None)


def normalise_name(s: pd.Series) -> pd.Series:
    """Indicator/uraian names comparable across tables, normalised exactly as the matcher normalises them."""
    return on_distinct(s, _normalise_distinct).astype("object")


def _with_columns(df: pd.DataFrame | None, name: str, extra: Iterable[str] = ()) -> pd.DataFrame:
    """A frame with every schema column present (missing ones null), so tests and partial datasets work."""
    if df is None:
        df = SCHEMAS[name].empty_table().to_pandas()
    df = df.reset_index(drop=True).copy()
    for col in [*SCHEMAS[name].names, *extra]:
        if col not in df.columns:
            df[col] = None
    return df


def _raw(s: pd.Series) -> pd.Series:
    """Printed text as an object-dtype column, '' where nothing was printed (python-regex friendly)."""
    return s.astype("object").where(s.notna(), "")


def prepare(documents: pd.DataFrame | None, indicators: pd.DataFrame | None, periods: pd.DataFrame | None) -> AuditData:
    """Add the derived columns every rule relies on; the input frames are not modified."""
    docs = _with_columns(documents, "documents")
    ind = _with_columns(indicators, "indicators", ("kode", "indikator_id"))
    per = _with_columns(periods, "periods")
    for frame in (ind, per):
        for col in ("table_index", "row_index"):
            frame[col] = pd.to_numeric(frame[col]).astype("int64")
        frame["doc_id"] = frame["doc_id"].astype("object")
    for col in ("target", "realisasi", "capaian", "anggaran"):
        ind[col] = pd.to_numeric(ind[col], errors="coerce").astype(float)
    per["value"] = pd.to_numeric(per["value"], errors="coerce").astype(float)
    docs["doc_id"] = docs["doc_id"].astype("object")
    docs["tahun"] = pd.to_numeric(docs["tahun"], errors="coerce")

    meta = docs[["doc_id", "kecamatan", "kabupaten", "tahun", "doc_type", "bidang"]].drop_duplicates("doc_id")
    ind = ind.merge(meta, on="doc_id", how="left", suffixes=("", "_doc"))

    name_key = normalise_name(ind["indikator"])
    canon = ind["indikator_id"].astype("object")
    ind["key"] = canon.where(canon.notna() & (canon.astype(str).str.len() > 0), name_key)
    kode = ind["kode"].astype("object")
    ind["uraian_key"] = kode.where(kode.notna() & (kode.astype(str).str.len() > 0), normalise_name(ind["uraian"]))
    sat_norm = on_distinct(ind["satuan"], lambda u: u.str.lower().str.strip()).astype("object")
    raw_pct = on_distinct(ind["target_raw"], lambda u: u.str.contains("%", regex=False), False).to_numpy()
    raw_unit = on_distinct(ind["target_raw"], lambda u: u.str.match(_NONPCT_UNIT), False).to_numpy()
    is_pct_sat = sat_norm.isin(_PCT_SATUAN).to_numpy()
    ind["pct_unit"] = is_pct_sat | raw_pct
    ind["nonpct_unit"] = (sat_norm.notna().to_numpy() & ~is_pct_sat) | (raw_unit & ~ind["pct_unit"].to_numpy())
    ind["sat_norm"] = np.where(ind["pct_unit"], "%", sat_norm.fillna("").to_numpy())
    ind["pct_name"] = on_distinct(name_key, lambda u: u.str.match(_PCT_NAME), False).to_numpy()
    ind["lower_better"] = on_distinct(name_key, lambda u: u.str.contains(_LOWER_BETTER), False).to_numpy()

    # The target for the document's own year: a renstra/IKU year column wins over the row's target cell,
    # and a row that has year columns but none for this year has no annual target for this document.
    is_year = on_distinct(per["period"], lambda u: u.astype(str).str.fullmatch(r"\d{4}"), False).to_numpy()
    years = per[is_year & (per["measure"] == "target").to_numpy()]
    ind["annual"] = ind["target"]
    if len(years):
        years = years.merge(ind[[*KEY, "tahun"]], on=KEY, how="inner")
        has_years = years.drop_duplicates(KEY)[KEY].assign(_has_years=True)
        this_year = years[years["period"].astype(str) == years["tahun"].astype("Int64").astype(str)]
        this_year = this_year.dropna(subset=["value"]).groupby(KEY, as_index=False)["value"].median()
        ind = ind.merge(has_years, on=KEY, how="left").merge(
            this_year.rename(columns={"value": "_year_value"}), on=KEY, how="left"
        )
        ind["annual"] = np.where(ind["_has_years"].eq(True), ind["_year_value"], ind["target"])
        ind = ind.drop(columns=["_has_years", "_year_value"])
    ind["annual"] = ind["annual"].astype(float)
    return AuditData(docs, ind, per)


# ----------------------------------------------------------------------------------------------------
# Formatting and emission


def fmt(x: float | None) -> str:
    """A number as the documents print it: `42.750.000`, `82,71`."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "-"
    x = float(x)
    if abs(x - round(x)) < 1e-9 and abs(x) < 1e18:
        return f"{round(x):,}".replace(",", ".")
    s = f"{x:,.4f}".rstrip("0").rstrip(".")
    return s.translate(str.maketrans(",.", ".,"))


def _tol(scale: Any) -> Any:
    return modes.tolerance(np.asarray(scale, dtype=float))


def _money_tol(scale: Any) -> Any:
    """Rupiah are whole: allow a few rupiah of rounding per quarter, or a millionth of the figure."""
    return np.maximum(10.0, 1e-6 * np.abs(np.asarray(scale, dtype=float)))


def _col(df: pd.DataFrame, name: str) -> list[Any]:
    if name not in df.columns:
        return [None] * len(df)
    return [
        None if (v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA) else v for v in df[name].tolist()
    ]


def empty_findings() -> pd.DataFrame:
    return conform(pd.DataFrame({c: [] for c in FINDINGS.names}))


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Exactly the FINDINGS columns, in order, with nullable integers and object strings."""
    out = pd.DataFrame(index=range(len(df)))
    for f in FINDINGS:
        col = df[f.name].reset_index(drop=True) if f.name in df.columns else pd.Series([None] * len(df))
        if f.type == FINDINGS.field("table_index").type:
            out[f.name] = pd.array(pd.to_numeric(col, errors="coerce"), dtype="Int32")
        elif f.name == "cells":
            out[f.name] = pd.Series([list(v) if v is not None else [] for v in col], dtype="object")
        else:
            out[f.name] = pd.Series(
                [None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else str(v) for v in col],
                dtype="object",
            )
    return out


def emit(
    rule: Rule,
    at: pd.DataFrame,
    message: list[str],
    message_en: list[str],
    expected: list[str],
    observed: list[str],
    cells: list[list[str]],
    *,
    across_documents: bool = False,
) -> pd.DataFrame:
    """Findings for the rows of `at` (which carries doc_id, and the row's key, page, line, indikator)."""
    n = len(at)
    if n == 0:
        return empty_findings()
    none = [None] * n
    return conform(
        pd.DataFrame(
            {
                "doc_id": _col(at, "doc_id"),
                "table_index": none if across_documents else _col(at, "table_index"),
                "row_index": none if across_documents else _col(at, "row_index"),
                "rule": [rule.id] * n,
                "severity": [rule.severity] * n,
                "message": message,
                "message_en": message_en,
                "expected": expected,
                "observed": observed,
                "page": _col(at, "page"),
                "line": _col(at, "line"),
                "sheet": _col(at, "sheet"),
                "cell_range": _col(at, "cell_range"),
                "cells": [[str(c) for c in cs if c is not None and str(c) != ""] for cs in cells],
                "indikator": _col(at, "indikator"),
                "kecamatan": _col(at, "kecamatan"),
            }
        )
    )


def _context(data: AuditData, keys: pd.DataFrame, cols: Iterable[str] = ()) -> pd.DataFrame:
    """Indicator-row context (page, line, indikator, kecamatan, …) for a frame of row keys, in its order."""
    wanted = [c for c in dict.fromkeys(["page", "line", "indikator", "kecamatan", *cols]) if c not in keys.columns]
    # office originals: the sheet and cells of the row (absent from datasets written before schema 1.1)
    wanted += [c for c in ("sheet", "cell_range") if c in data.indicators.columns and c not in keys.columns]
    ctx = data.indicators[[*KEY, *wanted]].drop_duplicates(KEY)
    return keys.reset_index(drop=True).merge(ctx, on=KEY, how="left")


def _period_context(data: AuditData, periods: pd.DataFrame) -> pd.DataFrame:
    """`_context` for period rows: where the value itself was printed wins over where its row starts."""
    out = _context(data, periods.rename(columns={"page": "ppage", "line": "pline"}))
    out["page"] = out["ppage"].where(out["ppage"].notna(), out["page"])
    out["line"] = out["pline"].where(out["pline"].notna(), out["line"])
    return out


# ----------------------------------------------------------------------------------------------------
# Quarter pivots


@dataclass(frozen=True)
class QuarterTable:
    """One measure's TW1…TW4 per indicator row: values (NaN: no value), a conflict flag, % printing."""

    keys: pd.DataFrame
    values: np.ndarray
    conflict: np.ndarray
    percent: np.ndarray
    present: np.ndarray


def _quarter_rows(data: AuditData, measure: str) -> pd.DataFrame:
    p = data.periods
    return p[p["period"].isin(QUARTERS) & (p["measure"] == measure)]


def quarter_table(data: AuditData, measure: str) -> QuarterTable:
    """Pivot the long periods to (row, quarter); a quarter printed twice with equal values counts once."""

    def build() -> QuarterTable:
        q = _quarter_rows(data, measure)[[*KEY, "period", "value", "raw"]]
        if q.empty:
            z = np.zeros((0, 4))
            return QuarterTable(pd.DataFrame(columns=KEY), z, z.astype(bool)[:, 0], z.astype(bool)[:, 0], z > 0)
        q = q.assign(_pct=on_distinct(q["raw"], lambda u: u.str.contains("%", regex=False), False).to_numpy())
        g = q.groupby([*KEY, "period"], sort=False)
        agg = g.agg(vmin=("value", "min"), vmax=("value", "max"), pct=("_pct", "max"))
        agg["conf"] = (agg["vmax"] - agg["vmin"]) > _tol(agg["vmax"].abs().to_numpy())
        wide = agg.unstack("period")
        keys = wide.index.to_frame(index=False)
        vals = np.column_stack(
            [
                wide["vmin"][t].to_numpy(dtype=float) if t in wide["vmin"] else np.full(len(wide), np.nan)
                for t in QUARTERS
            ]
        )
        conf = wide["conf"].fillna(False).to_numpy(dtype=bool).any(axis=1)
        pct = wide["pct"].fillna(False).to_numpy(dtype=bool).any(axis=1)
        return QuarterTable(keys, vals, conf, pct, ~np.isnan(vals))

    return data.memo(f"quarters:{measure}", build)


def _quarter_cells(data: AuditData, keys: pd.DataFrame, measure: str) -> dict[tuple, list[str]]:
    """The printed quarter cells of the given rows, as 'TW I: 25%', in print order."""
    q = _quarter_rows(data, measure).merge(keys[KEY].drop_duplicates(), on=KEY, how="inner")
    q = q.sort_values([*KEY, "period"], kind="stable")
    out: dict[tuple, list[str]] = {}
    for d, t, r, per, raw in zip(
        q["doc_id"], q["table_index"], q["row_index"], q["period"], _raw(q["raw"]), strict=True
    ):
        if raw.strip():
            out.setdefault((d, t, r), []).append(f"{QUARTER_NAMES.get(per, per)}: {raw}")
    return out


def _qline(values: np.ndarray) -> str:
    return " · ".join(f"{QUARTER_NAMES[t]} {fmt(v)}" for t, v in zip(QUARTERS, values, strict=True) if not np.isnan(v))


def _row_key(df: pd.DataFrame) -> list[tuple]:
    return list(zip(df["doc_id"], df["table_index"], df["row_index"], strict=True))


# ----------------------------------------------------------------------------------------------------
# Quarterly rules


def tw_duplicate(data: AuditData) -> pd.DataFrame:
    """TW-DUP: a quarter printed twice with different values (Kaligondang IKM: TW III 50% and 70%).

    Blank repeats are ignored: only two different numbers for one quarter are a contradiction.
    """
    p = data.periods
    q = p[p["period"].isin(QUARTERS) & p["value"].notna()]
    if q.empty:
        return empty_findings()
    g = q.groupby([*KEY, "period", "measure"], sort=False)["value"]
    spread = (g.max() - g.min()).rename("spread").reset_index()
    spread["n"] = g.size().to_numpy()
    # A quarter printed twice or thrice is the document speaking; more often is rows merged by the reader.
    bad = spread[(spread["spread"] > _tol(g.max().abs().to_numpy())) & (spread["n"] <= MAX_REPEATS)]
    if bad.empty:
        return empty_findings()
    rows = q.merge(bad[[*KEY, "period", "measure"]], on=[*KEY, "period", "measure"], how="inner")
    rows = rows.sort_values([*KEY, "period", "measure", "line"], kind="stable")
    grouped = (
        rows.groupby([*KEY, "period", "measure"], sort=False)
        .agg(
            raws=("raw", lambda s: [str(x) for x in s if x is not None]),
            values=("value", lambda s: list(dict.fromkeys(s.tolist()))),
            pline=("line", "first"),
            ppage=("page", "first"),
        )
        .reset_index()
    )
    at = _context(data, grouped)
    at["line"] = at["pline"].where(at["pline"].notna(), at["line"])
    at["page"] = at["ppage"].where(at["ppage"].notna(), at["page"])
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for per, meas, vals, raws in zip(at["period"], at["measure"], at["values"], at["raws"], strict=True):
        tw = QUARTER_NAMES[per]
        shown = " dan ".join(fmt(v) for v in vals)
        shown_en = " and ".join(fmt(v) for v in vals)
        mi, me = MEASURE_NAMES.get(meas, (meas, meas))
        msg.append(f"{tw} dicetak lebih dari sekali dengan {mi} berbeda: {shown}. Mana yang berlaku?")
        msg_en.append(f"{tw} is printed more than once with different {me} values: {shown_en}. Which applies?")
        exp.append(f"satu {mi} untuk {tw}")
        obs.append(f"{tw}: " + " / ".join(raws))
        cells.append([f"{tw}: {r}" for r in raws])
    return emit(TW_DUP, at, msg, msg_en, exp, obs, cells)


def _mode_frame(data: AuditData) -> tuple[pd.DataFrame, np.ndarray, modes.ModeFit]:
    """Quarter targets joined with the annual target, and the mode fit of every row without a conflict."""

    def build() -> tuple[pd.DataFrame, np.ndarray, modes.ModeFit]:
        qt = quarter_table(data, "target")
        cols = [*KEY, "target", "target_raw", "pct_unit", "satuan"]
        frame = qt.keys.merge(data.indicators[cols].drop_duplicates(KEY), on=KEY, how="left")
        usable = ~qt.conflict
        fit = modes.fit_modes(
            qt.values,
            frame["target"].to_numpy(dtype=float),
            qt.percent | frame["pct_unit"].fillna(False).to_numpy(dtype=bool),
            frame["pct_unit"].fillna(False).to_numpy(dtype=bool),
        )
        return frame, usable, fit

    return data.memo("modes", build)


def _fmt_annual(row_target: float, raw: Any) -> str:
    return str(raw) if raw not in (None, "") and not (isinstance(raw, float) and np.isnan(raw)) else fmt(row_target)


def tw_mode(data: AuditData) -> pd.DataFrame:
    """TW-MODE: quarterly targets that are neither cumulative, nor counts, nor a level held all year.

    Rows with no annual target cannot misfit (any quarters are some count); rows that go down while ending on
    the annual target are TW-CUM-DOWN instead, so one row never raises both.
    """
    frame, usable, fit = _mode_frame(data)
    values = quarter_table(data, "target").values
    annual = frame["target"].to_numpy(dtype=float)
    has_a = ~np.isnan(annual)
    cum_down = _cum_down_mask(annual, fit)
    printed = quarter_table(data, "target").present.sum(axis=1) >= 2  # one lone quarter is too little to judge
    bad = usable & has_a & printed & ~fit.fits & ~cum_down
    if not bad.any():
        return empty_findings()
    at = _context(data, frame.loc[bad, KEY])
    sub = frame.loc[bad].reset_index(drop=True)
    vals, last, total = values[bad], fit.last[bad], fit.total[bad]
    cellmap = _quarter_cells(data, at, "target")
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for i, key in enumerate(_row_key(at)):
        a = fmt(sub.at[i, "target"])
        msg.append(
            f"Target triwulan tidak cocok dengan target tahunan {a} dalam pola mana pun: bukan kumulatif "
            f"(triwulan terakhir {fmt(last[i])}), bukan jumlah per triwulan (total {fmt(total[i])}), "
            f"bukan nilai tetap sepanjang tahun."
        )
        msg_en.append(
            f"The quarterly targets fit no pattern against the annual target {a}: not cumulative "
            f"(last quarter "
            f"{fmt(last[i])}), not per-quarter counts (total {fmt(total[i])}), not a level held all year."
        )
        exp.append(f"kumulatif berakhir di {a}, jumlah TW = {a}, atau tiap TW = {a}")
        obs.append(f"{_qline(vals[i])} (jumlah {fmt(total[i])})")
        cells.append([f"Target: {_fmt_annual(sub.at[i, 'target'], sub.at[i, 'target_raw'])}", *cellmap.get(key, [])])
    return emit(TW_MODE, at, msg, msg_en, exp, obs, cells)


def _cum_down_mask(annual: np.ndarray, fit: modes.ModeFit) -> np.ndarray:
    """Rows that fit no mode, go down, and otherwise look cumulative (end on the annual target; % rows)."""
    has_a = ~np.isnan(annual)
    with np.errstate(invalid="ignore"):
        reaches = np.abs(fit.last - annual) <= _tol(annual)
    return ~fit.fits & fit.decreasing & np.where(has_a, reaches, True)


def tw_cumulative_down(data: AuditData) -> pd.DataFrame:
    """TW-CUM-DOWN: a cumulative row (ending on its annual target, or a % row without one) that goes down."""
    frame, usable, fit = _mode_frame(data)
    values = quarter_table(data, "target").values
    annual = frame["target"].to_numpy(dtype=float)
    bad = usable & _cum_down_mask(annual, fit)
    if not bad.any():
        return empty_findings()
    at = _context(data, frame.loc[bad, KEY])
    sub = frame.loc[bad].reset_index(drop=True)
    vals = values[bad]
    cellmap = _quarter_cells(data, at, "target")
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for i, key in enumerate(_row_key(at)):
        v = vals[i]
        seen: list[tuple[str, float]] = []
        drop = ("", np.nan, "", np.nan)
        for t, x in zip(QUARTERS, v, strict=True):
            if np.isnan(x) or x == 0:
                continue
            if seen:
                t0, x0 = max(seen, key=lambda p: p[1])
                if x < x0 - float(_tol(x0)):
                    drop = (t0, x0, t, x)
                    break
            seen.append((t, x))
        t0, x0, t1, x1 = drop
        q0, q1 = QUARTER_NAMES.get(t0, t0), QUARTER_NAMES.get(t1, t1)
        msg.append(f"Target kumulatif menurun: {q0} {fmt(x0)}, lalu {q1} {fmt(x1)}.")
        msg_en.append(f"A cumulative target goes down: {q0} {fmt(x0)}, then {q1} {fmt(x1)}.")
        exp.append(f"{q1} ≥ {fmt(x0)}")
        obs.append(_qline(v))
        head = (
            []
            if np.isnan(sub.at[i, "target"])
            else [f"Target: {_fmt_annual(sub.at[i, 'target'], sub.at[i, 'target_raw'])}"]
        )
        cells.append([*head, *cellmap.get(key, [])])
    return emit(TW_CUM_DOWN, at, msg, msg_en, exp, obs, cells)


# ----------------------------------------------------------------------------------------------------
# Budget rules


def budget_quarter_sum(data: AuditData) -> pd.DataFrame:
    """BUDGET-TW-SUM: quarterly Rp that do not add up to the annual anggaran (Kalaena: 42.750.000 × 4)."""
    qt = quarter_table(data, "anggaran")
    if qt.values.shape[0] == 0:
        return empty_findings()
    frame = qt.keys.merge(data.indicators[[*KEY, "anggaran", "anggaran_raw"]].drop_duplicates(KEY), on=KEY, how="left")
    annual = frame["anggaran"].to_numpy(dtype=float)
    total = np.nansum(qt.values, axis=1)
    n_present = qt.present.sum(axis=1)
    with np.errstate(invalid="ignore"):
        bad = ~qt.conflict & ~np.isnan(annual) & (n_present > 0) & (np.abs(total - annual) > _money_tol(annual))
    if not bad.any():
        return empty_findings()
    at = _context(data, frame.loc[bad, KEY])
    sub = frame.loc[bad].reset_index(drop=True)
    vals, tot = qt.values[bad], total[bad]
    cellmap = _quarter_cells(data, at, "anggaran")
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for i, key in enumerate(_row_key(at)):
        a = float(sub.at[i, "anggaran"])
        present = vals[i][~np.isnan(vals[i])]
        copied = len(present) > 1 and bool(np.all(np.abs(present - a) <= _money_tol(a)))
        msg.append(
            f"Jumlah anggaran triwulan Rp {fmt(tot[i])} tidak sama dengan anggaran tahunan Rp {fmt(a)}."
            + (" Anggaran tahunan tampaknya disalin ke setiap triwulan." if copied else "")
        )
        msg_en.append(
            f"The quarterly budgets add up to Rp {fmt(tot[i])}, not the annual budget Rp {fmt(a)}."
            + (" The annual figure seems copied into every quarter." if copied else "")
        )
        exp.append(f"jumlah TW = Rp {fmt(a)}")
        obs.append(" + ".join(fmt(x) for x in present) + f" = Rp {fmt(tot[i])}")
        cells.append([f"Anggaran: {_fmt_annual(a, sub.at[i, 'anggaran_raw'])}", *cellmap.get(key, [])])
    return emit(BUDGET_TW_SUM, at, msg, msg_en, exp, obs, cells)


_PARENT_OF = {"kegiatan": "program", "sub_kegiatan": "kegiatan"}
_SASARAN_ROWS = {"tujuan", "sasaran_strategis", "sasaran_program", "sasaran_kegiatan", "sasaran_sub_kegiatan"}
# a program's scope ends at the next program or any tujuan/sasaran row; a kegiatan's also at the next kegiatan
_BREAKS = {"program": {"program", *_SASARAN_ROWS}, "kegiatan": {"kegiatan", "program", *_SASARAN_ROWS}}


def budget_parent_sum(data: AuditData) -> pd.DataFrame:
    """BUDGET-PARENT-SUM: a program (kegiatan) whose anggaran is not the sum of its kegiatan (sub kegiatan).

    Children are the rows after the parent, in table order, until the scope ends. Consecutive rows of one
    uraian (a program with two indicators) are one node; a child named twice under one parent counts once; a
    parent is checked only when every child carries a budget, because a missing child budget is not evidence.
    """
    ind = data.indicators
    rows = ind[ind["level"].notna()].sort_values(KEY, kind="stable")
    rows = rows[
        [
            *KEY,
            "level",
            "uraian",
            "uraian_key",
            "anggaran",
            "anggaran_raw",
            "page",
            "line",
            "indikator",
            "kecamatan",
        ]
    ].reset_index(drop=True)
    if rows.empty:
        return empty_findings()
    table = rows["doc_id"].astype(str) + "\x1f" + rows["table_index"].astype(str)
    # Nodes: runs of consecutive rows with the same level and uraian in one table.
    same = (
        (table == table.shift())
        & (rows["level"] == rows["level"].shift())
        & (rows["uraian_key"].fillna("\x00") == rows["uraian_key"].shift().fillna("\x00"))
    )
    rows["node"] = (~same).cumsum()
    nodes = (
        rows.groupby("node", sort=False)
        .agg(
            doc_id=("doc_id", "first"),
            table_index=("table_index", "first"),
            row_index=("row_index", "first"),
            level=("level", "first"),
            uraian=("uraian", "first"),
            uraian_key=("uraian_key", "first"),
            amin=("anggaran", "min"),
            amax=("anggaran", "max"),
            anggaran_raw=("anggaran_raw", "first"),
            page=("page", "first"),
            line=("line", "first"),
            indikator=("indikator", "first"),
            kecamatan=("kecamatan", "first"),
        )
        .reset_index()
    )
    nodes["ambiguous"] = (nodes["amax"] - nodes["amin"]) > _money_tol(nodes["amax"].abs())
    nodes["anggaran"] = nodes["amin"]
    ntable = nodes["doc_id"].astype(str) + "\x1f" + nodes["table_index"].astype(str)
    for parent, breaks in _BREAKS.items():
        marker = pd.Series(np.where(nodes["level"] == parent, nodes["node"], np.nan))
        marker[nodes["level"].isin(breaks - {parent}).to_numpy()] = -1
        nodes[f"{parent}_node"] = marker.groupby(ntable.to_numpy()).ffill()
    findings = []
    for child, parent in _PARENT_OF.items():
        kids = nodes[(nodes["level"] == child) & (nodes[f"{parent}_node"] > 0)].copy()
        if kids.empty:
            continue
        kids["pnode"] = kids[f"{parent}_node"].astype("int64")
        kids = kids[~kids.duplicated(["pnode", "uraian_key"]) | kids["uraian_key"].isna()]
        kids["_missing"] = kids["anggaran"].isna()
        agg = kids.groupby("pnode").agg(
            total=("anggaran", "sum"),
            n=("node", "size"),
            missing=("_missing", "max"),
            ambiguous=("ambiguous", "max"),
        )
        par = nodes.set_index("node").loc[agg.index]
        ok = ~agg["missing"] & ~agg["ambiguous"] & ~par["ambiguous"] & par["anggaran"].notna()
        diff = (par["anggaran"] - agg["total"]).abs()
        bad = ok & (diff > _money_tol(par["anggaran"]))
        if not bad.any():
            continue
        bad_par = par[bad].reset_index()
        bad_agg = agg[bad].reset_index()
        kid_cells = kids[kids["pnode"].isin(bad_par["node"])].groupby("pnode")
        pi, pe = LEVEL_NAMES[parent]
        ci, ce = LEVEL_NAMES[child]
        msg, msg_en, exp, obs, cells = [], [], [], [], []
        for i in range(len(bad_par)):
            node = bad_par.at[i, "node"]
            p_a, tot, n = (
                float(bad_par.at[i, "anggaran"]),
                float(bad_agg.at[i, "total"]),
                int(bad_agg.at[i, "n"]),
            )
            kid = kid_cells.get_group(node)
            name = str(bad_par.at[i, "uraian"] or "")
            msg.append(
                f"Anggaran {pi} '{name}' Rp {fmt(p_a)} tidak sama dengan jumlah anggaran {n} {ci} "
                f"di bawahnya "
                f"Rp {fmt(tot)}."
            )
            msg_en.append(
                f"The budget of {pe} '{name}', Rp {fmt(p_a)}, is not the sum of its {n} {ce} budget(s), Rp {fmt(tot)}."
            )
            exp.append(f"Rp {fmt(tot)} (jumlah {n} {ci})")
            obs.append(f"Rp {fmt(p_a)}")
            cells.append(
                [f"{name}: {_fmt_annual(p_a, bad_par.at[i, 'anggaran_raw'])}"]
                + [
                    f"{u}: {_fmt_annual(a, r)}"
                    for u, a, r in zip(kid["uraian"], kid["anggaran"], kid["anggaran_raw"], strict=True)
                ]
            )
        findings.append(emit(BUDGET_PARENT_SUM, bad_par, msg, msg_en, exp, obs, cells))
    return pd.concat(findings, ignore_index=True) if findings else empty_findings()


def budget_cross_table(data: AuditData) -> pd.DataFrame:
    """BUDGET-CROSS-TABLE: one uraian (kode when known) budgeted differently in two tables of a document.

    A table that itself gives the uraian two different budgets is left out: which of its rows is meant is not
    knowable, and BUDGET-PARENT-SUM will usually speak about it.
    """
    ind = data.indicators
    rows = ind[ind["anggaran"].notna() & ind["uraian_key"].notna()]
    if rows.empty:
        return empty_findings()
    rows = rows.sort_values(KEY, kind="stable")
    g = rows.groupby(["doc_id", "uraian_key", "table_index"], sort=False)
    per_table = g.agg(amin=("anggaran", "min"), amax=("anggaran", "max")).reset_index()
    per_table = per_table[(per_table["amax"] - per_table["amin"]) <= _money_tol(per_table["amax"])]
    dg = per_table.groupby(["doc_id", "uraian_key"], sort=False)
    spread = dg.agg(lo=("amin", "min"), hi=("amin", "max"), n=("table_index", "nunique")).reset_index()
    spread = spread[(spread["n"] >= 2) & ((spread["hi"] - spread["lo"]) > _money_tol(spread["hi"]))]
    if spread.empty:
        return empty_findings()
    involved = rows.merge(
        per_table[["doc_id", "uraian_key", "table_index"]], on=["doc_id", "uraian_key", "table_index"]
    ).merge(spread[["doc_id", "uraian_key"]], on=["doc_id", "uraian_key"])
    firsts = involved.drop_duplicates(["doc_id", "uraian_key", "table_index"])
    msg, msg_en, exp, obs, cells, anchors = [], [], [], [], [], []
    for (_doc, _u), grp in firsts.groupby(["doc_id", "uraian_key"], sort=False):
        grp = grp.assign(_prio=grp["table_kind"].map({"rencana_aksi": 0}).fillna(1)).sort_values(
            ["_prio", "table_index"]
        )
        anchor = grp.iloc[0]
        name = str(anchor["uraian"] or _u)
        parts_i = [
            f"{KIND_NAMES.get(k, (str(k), str(k)))[0]} (tabel {t}) Rp {fmt(a)}"
            for k, t, a in zip(grp["table_kind"], grp["table_index"], grp["anggaran"], strict=True)
        ]
        parts_e = [
            f"{KIND_NAMES.get(k, (str(k), str(k)))[1]} (table {t}) Rp {fmt(a)}"
            for k, t, a in zip(grp["table_kind"], grp["table_index"], grp["anggaran"], strict=True)
        ]
        others = grp.iloc[1:]
        msg.append(f"Anggaran '{name}' berbeda antar tabel dokumen yang sama: {'; '.join(parts_i)}.")
        msg_en.append(f"The budget of '{name}' differs between tables of the same document: {'; '.join(parts_e)}.")
        exp.append(" / ".join(f"Rp {fmt(a)}" for a in others["anggaran"]) + " (tabel lain)")
        obs.append(f"Rp {fmt(anchor['anggaran'])}")
        cells.append(
            [
                f"{KIND_NAMES.get(k, (str(k),))[0]}: {_fmt_annual(a, r)}"
                for k, a, r in zip(grp["table_kind"], grp["anggaran"], grp["anggaran_raw"], strict=True)
            ]
        )
        anchors.append(anchor)
    return emit(BUDGET_CROSS_TABLE, pd.DataFrame(anchors), msg, msg_en, exp, obs, cells)


# ----------------------------------------------------------------------------------------------------
# Measurement rules


CAPAIAN_CAPS = (100.0, 120.0)
"""Some regions cap capaian at 100% or 120% by regulation; a capped figure is not a miscalculation."""


def capaian_calc(data: AuditData) -> pd.DataFrame:
    """CAPAIAN-CALC: capaian that is not realisasi/target × 100 within rounding.

    Lower-is-better indicators (penurunan, angka kematian, …) may use (2·target − realisasi)/target or
    target/realisasi; either is accepted for them, as is a capaian capped at 100% or 120%.
    """
    ind = data.indicators
    r = ind[ind["target"].notna() & ind["realisasi"].notna() & ind["capaian"].notna() & (ind["target"] != 0)]
    if r.empty:
        return empty_findings()
    t, re_, c = (r[c].to_numpy(dtype=float) for c in ("target", "realisasi", "capaian"))
    lb = r["lower_better"].to_numpy(dtype=bool)
    std = re_ / t * 100
    tol = np.maximum(0.51, 0.005 * np.abs(std))
    ok = np.abs(c - std) <= tol
    for cap in CAPAIAN_CAPS:
        ok |= (std > cap) & (np.abs(c - cap) <= 0.51)
    with np.errstate(divide="ignore", invalid="ignore"):
        alt1 = (2 * t - re_) / t * 100
        alt2 = np.where(re_ != 0, t / re_ * 100, np.nan)
    ok |= lb & (
        (np.abs(c - alt1) <= np.maximum(0.51, 0.005 * np.abs(alt1)))
        | (np.abs(c - alt2) <= np.maximum(0.51, 0.005 * np.abs(alt2)))
    )
    bad = ~ok
    if not bad.any():
        return empty_findings()
    at = r[bad].reset_index(drop=True)
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for i in range(len(at)):
        T, R, C = float(at.at[i, "target"]), float(at.at[i, "realisasi"]), float(at.at[i, "capaian"])
        e = R / T * 100
        lower = bool(at.at[i, "lower_better"])
        note_i = " (indikator turun-lebih-baik: (2×target − realisasi)/target dan target/realisasi juga dicoba)"
        note_e = " (lower-is-better indicator: (2×target − actual)/target and target/actual were also tried)"
        msg.append(
            f"Capaian {fmt(C)}% tidak sama dengan realisasi/target × 100 = {fmt(R)}/{fmt(T)} × 100 = "
            f"{fmt(round(e, 2))}%." + (note_i if lower else "")
        )
        msg_en.append(
            f"Achievement {fmt(C)}% is not actual/target × 100 = {fmt(R)}/{fmt(T)} × 100 = "
            f"{fmt(round(e, 2))}%." + (note_e if lower else "")
        )
        exp.append(f"{fmt(round(e, 2))}%")
        obs.append(f"{fmt(C)}%")
        cells.append(
            [
                f"Target: {_fmt_annual(T, at.at[i, 'target_raw'])}",
                f"Realisasi: {_fmt_annual(R, at.at[i, 'realisasi_raw'])}",
                f"Capaian: {_fmt_annual(C, at.at[i, 'capaian_raw'])}",
            ]
        )
    return emit(CAPAIAN_CALC, at, msg, msg_en, exp, obs, cells)


def _is_placeholder(u: pd.Series) -> pd.Series:
    text = u.str.strip()
    return text.str.lower().isin(_PLACEHOLDERS) | ~text.str.contains(r"[0-9A-Za-z]", regex=True)


def _unreadable(raw: pd.Series, value: pd.Series, label: pd.Series | None) -> np.ndarray:
    candidate = raw.notna().to_numpy() & value.isna().to_numpy()
    if label is not None:
        candidate &= label.isna().to_numpy()
    out = np.zeros(len(raw), dtype=bool)
    if candidate.any():
        out[candidate] = ~on_distinct(raw[candidate], _is_placeholder, True).to_numpy(dtype=bool)
    return out


def value_unreadable(data: AuditData) -> pd.DataFrame:
    """VALUE-UNREADABLE: a target, realisasi, capaian or anggaran printed but not read as a number.

    `-`, blank and N/A mean "none" and grades (BB, Baik) are labels: neither is unreadable.
    """
    ind = data.indicators
    parts = []
    for measure, label in (
        ("target", "target_label"),
        ("realisasi", "realisasi_label"),
        ("capaian", None),
        ("anggaran", None),
    ):
        mask = _unreadable(ind[f"{measure}_raw"], ind[measure], ind[label] if label else None)
        if mask.any():
            sub = ind.loc[mask, [*KEY, "page", "line", "indikator", "kecamatan", f"{measure}_raw"]]
            parts.append(sub.rename(columns={f"{measure}_raw": "raw"}).assign(measure=measure, period=None))
    per = data.periods
    mask = _unreadable(per["raw"], per["value"], per["label"])
    if mask.any():
        sub = per.loc[mask, [*KEY, "page", "line", "raw", "measure", "period"]]
        parts.append(_period_context(data, sub))
    if not parts:
        return empty_findings()
    at = pd.concat(parts, ignore_index=True)
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for raw, meas, per_ in zip(at["raw"], at["measure"], at["period"], strict=True):
        mi, me = MEASURE_NAMES.get(meas, (meas, meas))
        where = f" {QUARTER_NAMES.get(per_, per_)}" if isinstance(per_, str) and per_ else ""
        msg.append(f"Nilai {mi}{where} '{raw}' tidak dapat dibaca sebagai angka.")
        msg_en.append(f"The {me}{where} '{raw}' could not be read as a number.")
        exp.append("angka, '-' atau N/A")
        obs.append(str(raw))
        cells.append([str(raw)])
    return emit(VALUE_UNREADABLE, at, msg, msg_en, exp, obs, cells)


# ----------------------------------------------------------------------------------------------------
# Same indicator, different targets


def table_targets(data: AuditData) -> pd.DataFrame:
    """One annual target per (document, indicator key, table), for the document's year.

    A table that gives one indicator two different targets (two sub kegiatan sharing an indicator name) is
    dropped for that indicator: its rows cannot be told apart, so neither may accuse another table.
    """

    def build() -> pd.DataFrame:
        ind = data.indicators
        r = ind[ind["annual"].notna() & ind["key"].notna()].sort_values(KEY, kind="stable")
        if r.empty:
            return pd.DataFrame(
                columns=[
                    "doc_id",
                    "key",
                    "table_index",
                    "value",
                    "pct",
                    "nonpct",
                    "table_kind",
                    "row_index",
                    "page",
                    "line",
                    "indikator",
                    "kecamatan",
                    "target_raw",
                    "sat_norm",
                    "lower_better",
                ]
            )
        g = r.groupby(["doc_id", "key", "table_index"], sort=False)
        out = g.agg(
            vmin=("annual", "min"),
            vmax=("annual", "max"),
            pct=("pct_unit", "max"),
            nonpct=("nonpct_unit", "max"),
            table_kind=("table_kind", "first"),
            row_index=("row_index", "first"),
            page=("page", "first"),
            line=("line", "first"),
            indikator=("indikator", "first"),
            kecamatan=("kecamatan", "first"),
            target_raw=("target_raw", "first"),
            sat_norm=("sat_norm", "first"),
            lower_better=("lower_better", "first"),
        ).reset_index()
        out = out[(out["vmax"] - out["vmin"]) <= _tol(out["vmax"].to_numpy())]
        return out.rename(columns={"vmin": "value"}).drop(columns=["vmax"]).reset_index(drop=True)

    return data.memo("table_targets", build)


def doc_targets(data: AuditData) -> pd.DataFrame:
    """The reference target of each indicator in each document: PK if present, else the majority of tables."""

    def build() -> pd.DataFrame:
        tt = table_targets(data)
        if tt.empty:
            return tt.assign(unit_conflict=pd.Series(dtype=bool))
        tt = tt.assign(
            _v=tt["value"].round(6),
            _pk=(tt["table_kind"] == "perjanjian_kinerja"),
            _prio=tt["table_kind"].map(KIND_PRIORITY).fillna(9),
        )
        votes = (
            tt.groupby(["doc_id", "key", "_v"], sort=False)
            .agg(n=("table_index", "size"), pk=("_pk", "any"), prio=("_prio", "min"))
            .reset_index()
        )
        votes = votes.sort_values(["doc_id", "key", "pk", "n", "prio"], ascending=[True, True, False, False, True])
        ref = votes.drop_duplicates(["doc_id", "key"])[["doc_id", "key", "_v"]].rename(columns={"_v": "ref"})
        units = tt.groupby(["doc_id", "key"], sort=False).agg(p=("pct", "max"), np_=("nonpct", "max"))
        units["unit_conflict"] = units["p"].astype(bool) & units["np_"].astype(bool)
        first = tt.sort_values(["doc_id", "key", "_prio", "table_index"]).drop_duplicates(["doc_id", "key"])
        out = first.drop(columns=["_v", "_pk", "_prio", "value"]).merge(ref, on=["doc_id", "key"])
        out = out.merge(units["unit_conflict"].reset_index(), on=["doc_id", "key"])
        return out.rename(columns={"ref": "value"}).reset_index(drop=True)

    return data.memo("doc_targets", build)


def target_mismatch(data: AuditData) -> pd.DataFrame:
    """TARGET-MISMATCH: one indicator, different annual targets in the tables of one document.

    Compares the year column for the document's year in tujuan/sasaran and IKU tables with the target of the
    IKU, PK, RKT and RA tables (Kalaena 2024: IKM 90 in Tujuan/Sasaran, 95 in IKU and PK). One finding per
    table that departs from the reference (the PK, else the majority).
    """
    tt = table_targets(data)
    if tt.empty:
        return empty_findings()
    multi = tt.groupby(["doc_id", "key"])["table_index"].transform("size") >= 2
    tt = tt[multi]
    if tt.empty:
        return empty_findings()
    ref = doc_targets(data)[["doc_id", "key", "value", "unit_conflict"]].rename(columns={"value": "ref"})
    tt = tt.merge(ref, on=["doc_id", "key"])
    bad = tt[~tt["unit_conflict"] & ((tt["value"] - tt["ref"]).abs() > _tol(tt["ref"].to_numpy()))]
    bad = bad[~_quarters_fit(data, bad, bad["ref"].to_numpy(dtype=float))]
    if bad.empty:
        return empty_findings()
    agree = tt.merge(bad[["doc_id", "key"]].drop_duplicates(), on=["doc_id", "key"])
    agree = agree[(agree["value"] - agree["ref"]).abs() <= _tol(agree["ref"].to_numpy())]
    where_i: dict[tuple, str] = {}
    where_e: dict[tuple, str] = {}
    for (d, k), grp in agree.groupby(["doc_id", "key"], sort=False):
        where_i[(d, k)] = ", ".join(
            f"{KIND_NAMES.get(x, (str(x),))[0]} (tabel {t})"
            for x, t in zip(grp["table_kind"], grp["table_index"], strict=True)
        )
        where_e[(d, k)] = ", ".join(
            f"{KIND_NAMES.get(x, (str(x), str(x)))[1]} (table {t})"
            for x, t in zip(grp["table_kind"], grp["table_index"], strict=True)
        )
    tahun = data.documents.set_index("doc_id")["tahun"].to_dict()
    cells_src = agree.set_index(["doc_id", "key"])
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for row in bad.itertuples(index=False):
        year = tahun.get(row.doc_id)
        y = f" tahun {int(year)}" if year is not None and not pd.isna(year) else ""
        y_en = f" {int(year)}" if y else ""
        ki, ke = KIND_NAMES.get(row.table_kind, (str(row.table_kind), str(row.table_kind)))
        name = row.indikator or row.key
        msg.append(
            f"Target{y} '{name}' adalah {fmt(row.value)} di {ki} (tabel {row.table_index}), tetapi "
            f"{fmt(row.ref)} di {where_i[(row.doc_id, row.key)]}."
        )
        msg_en.append(
            f"The{y_en} target of '{name}' is {fmt(row.value)} in {ke} (table {row.table_index}) but "
            f"{fmt(row.ref)} in {where_e[(row.doc_id, row.key)]}."
        )
        exp.append(fmt(row.ref))
        obs.append(fmt(row.value))
        src = cells_src.loc[[(row.doc_id, row.key)]]
        cells.append(
            [f"{ki}: {_fmt_annual(row.value, row.target_raw)}"]
            + [
                f"{KIND_NAMES.get(x, (str(x),))[0]}: {_fmt_annual(v, r)}"
                for x, v, r in zip(src["table_kind"], src["value"], src["target_raw"], strict=True)
            ]
        )
    return emit(TARGET_MISMATCH, bad, msg, msg_en, exp, obs, cells)


def _quarters_fit(data: AuditData, rows: pd.DataFrame, annual: np.ndarray) -> np.ndarray:
    """Whether each row's own quarterly targets fit `annual`: a Rencana Aksi whose quarters add up to the PK
    target agrees with it, whatever its (often misread or shifted) annual cell says."""
    qt = quarter_table(data, "target")
    if len(rows) == 0 or qt.values.shape[0] == 0:
        return np.zeros(len(rows), dtype=bool)
    pos = qt.keys.assign(_pos=np.arange(len(qt.keys)))
    idx = rows[KEY].reset_index(drop=True).merge(pos, on=KEY, how="left")["_pos"].to_numpy()
    has = ~np.isnan(idx)
    out = np.zeros(len(rows), dtype=bool)
    if has.any():
        take = idx[has].astype(int)
        fit = modes.fit_modes(qt.values[take], annual[has], qt.percent[take])
        out[has] = fit.fits & ~fit.empty & ~qt.conflict[take]
    return out


def _doc_values_with_meta(data: AuditData) -> pd.DataFrame:
    dt = doc_targets(data)
    if dt.empty:
        return dt
    meta = data.documents[["doc_id", "kecamatan", "kabupaten", "tahun"]].drop_duplicates("doc_id")
    return dt.drop(columns=["kecamatan"]).merge(meta, on="doc_id", how="left")


def target_drop(data: AuditData) -> pd.DataFrame:
    """TARGET-DROP: an indicator's target lower than the year before, for one kecamatan.

    Needs documents of the same kecamatan (and kabupaten) for different years. For lower-is-better
    indicators a rise is the drop. Years with several documents use their median.
    """
    dv = _doc_values_with_meta(data)
    if dv.empty:
        return empty_findings()
    dv = dv[dv["tahun"].notna() & dv["kecamatan"].notna() & ~dv["unit_conflict"]].copy()
    dv["_kab"] = dv["kabupaten"].fillna("").astype(str).str.lower().str.strip()
    dv["_kec"] = dv["kecamatan"].astype(str).str.lower().str.strip()
    dv["_pct"] = dv["pct"].astype(bool)
    grp = ["_kab", "_kec", "key", "_pct"]
    years = dv.groupby([*grp, "tahun"], sort=True).agg(value=("value", "median")).reset_index()
    years = years.sort_values([*grp, "tahun"])
    prev = years.groupby(grp, sort=False)[["tahun", "value"]].shift()
    years["prev_tahun"], years["prev_value"] = prev["tahun"], prev["value"]
    years = years[years["prev_value"].notna()]
    if years.empty:
        return empty_findings()
    lb = dv.groupby(grp)["lower_better"].max().rename("lb").reset_index()
    years = years.merge(lb, on=grp, how="left")
    tol = _tol(years["prev_value"].to_numpy())
    down = np.where(
        years["lb"].astype(bool),
        years["value"] > years["prev_value"] + tol,
        years["value"] < years["prev_value"] - tol,
    )
    drops = years[down]
    if drops.empty:
        return empty_findings()
    at = dv.merge(drops[[*grp, "tahun", "prev_tahun", "prev_value", "lb"]], on=[*grp, "tahun"])
    at = at.sort_values(["doc_id", "key"]).reset_index(drop=True)
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for row in at.itertuples(index=False):
        y0, y1 = int(row.prev_tahun), int(row.tahun)
        name = row.indikator or row.key
        if row.lb:
            msg.append(
                f"Target '{name}' (indikator turun-lebih-baik) naik dari {fmt(row.prev_value)} ({y0}) "
                f"menjadi {fmt(row.value)} ({y1})."
            )
            msg_en.append(
                f"The target of '{name}' (lower is better) rises from {fmt(row.prev_value)} ({y0}) to "
                f"{fmt(row.value)} ({y1})."
            )
            exp.append(f"≤ {fmt(row.prev_value)} (target {y0})")
        else:
            msg.append(f"Target '{name}' turun dari {fmt(row.prev_value)} ({y0}) menjadi {fmt(row.value)} ({y1}).")
            msg_en.append(f"The target of '{name}' drops from {fmt(row.prev_value)} ({y0}) to {fmt(row.value)} ({y1}).")
            exp.append(f"≥ {fmt(row.prev_value)} (target {y0})")
        obs.append(f"{fmt(row.value)} ({y1})")
        cells.append([f"{y1}: {_fmt_annual(row.value, row.target_raw)}"])
    return emit(TARGET_DROP, at, msg, msg_en, exp, obs, cells, across_documents=True)


# ----------------------------------------------------------------------------------------------------
# Implausible values


def pct_over_100(data: AuditData) -> pd.DataFrame:
    """PCT-OVER-100: a coverage/percentage indicator with a target or realisasi above 100.

    Applies when the name starts with Persentase/Cakupan (any spelling) or the satuan is %, and the cell is
    not printed with another unit (`12 Laporan` under a Persentase name is a different problem).
    """
    ind = data.indicators
    is_pct = (ind["pct_name"] | ind["pct_unit"]) & ~ind["nonpct_unit"]
    parts = []
    for measure in ("target", "realisasi"):
        m = is_pct & (ind[measure] > 100 + 1e-9)
        if measure == "realisasi":
            m &= ~_raw(ind["realisasi_raw"]).str.match(_NONPCT_UNIT) | _raw(ind["realisasi_raw"]).str.contains("%")
        if m.any():
            sub = ind.loc[m, [*KEY, "page", "line", "indikator", "kecamatan", measure, f"{measure}_raw"]]
            parts.append(
                sub.rename(columns={measure: "value", f"{measure}_raw": "raw"}).assign(measure=measure, period=None)
            )
    per = data.periods
    q = per[per["measure"].isin(("target", "realisasi")) & (per["value"] > 100 + 1e-9)]
    if len(q):
        q = q[~_raw(q["raw"]).str.match(_NONPCT_UNIT) | _raw(q["raw"]).str.contains("%")]
        flags = ind[[*KEY]].assign(_pct=is_pct.to_numpy())
        q = q.merge(flags, on=KEY, how="inner")
        q = q[q["_pct"]]
        if len(q):
            parts.append(_period_context(data, q[[*KEY, "period", "measure", "value", "raw", "page", "line"]]))
    if not parts:
        return empty_findings()
    at = pd.concat(parts, ignore_index=True)
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for v, raw, meas, per_ in zip(at["value"], at["raw"], at["measure"], at["period"], strict=True):
        mi, me = MEASURE_NAMES[meas]
        where = f" {QUARTER_NAMES.get(per_, per_)}" if isinstance(per_, str) and per_ else ""
        msg.append(f"Persentase di atas 100: {mi}{where} {fmt(v)}% untuk indikator persentase/cakupan.")
        msg_en.append(f"A percentage above 100: {me}{where} {fmt(v)}% for a percentage/coverage indicator.")
        exp.append("≤ 100%")
        obs.append(f"{fmt(v)}%")
        cells.append([str(raw) if raw is not None and not pd.isna(raw) else fmt(v)])
    return emit(PCT_OVER_100, at, msg, msg_en, exp, obs, cells)


def budget_implausible(data: AuditData) -> pd.DataFrame:
    """BUDGET-IMPLAUSIBLE: a negative budget, or more than Rp 10 triliun for one kecamatan row."""
    ind = data.indicators
    parts = []
    m = (ind["anggaran"] < 0) | (ind["anggaran"] > MAX_BUDGET)
    if m.any():
        parts.append(
            ind.loc[m, [*KEY, "page", "line", "indikator", "kecamatan", "anggaran", "anggaran_raw"]]
            .rename(columns={"anggaran": "value", "anggaran_raw": "raw"})
            .assign(period=None)
        )
    per = data.periods
    q = per[(per["measure"] == "anggaran") & ((per["value"] < 0) | (per["value"] > MAX_BUDGET))]
    if len(q):
        parts.append(_period_context(data, q[[*KEY, "period", "value", "raw", "page", "line"]]))
    if not parts:
        return empty_findings()
    at = pd.concat(parts, ignore_index=True)
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for v, raw, per_ in zip(at["value"], at["raw"], at["period"], strict=True):
        where = f" {QUARTER_NAMES.get(per_, per_)}" if isinstance(per_, str) and per_ else ""
        why_i = "negatif" if v < 0 else "lebih dari Rp 10 triliun"
        why_e = "negative" if v < 0 else "more than Rp 10 trillion"
        msg.append(f"Anggaran{where} Rp {fmt(v)} tidak masuk akal untuk kecamatan ({why_i}).")
        msg_en.append(f"The budget{where} Rp {fmt(v)} is implausible for a kecamatan ({why_e}).")
        exp.append("0 ≤ anggaran ≤ Rp 10.000.000.000.000")
        obs.append(f"Rp {fmt(v)}")
        cells.append([str(raw) if raw is not None and not pd.isna(raw) else fmt(v)])
    return emit(BUDGET_IMPLAUSIBLE, at, msg, msg_en, exp, obs, cells)


_READ_AS = re.compile(r"^\s*(.*?)\s+read as\s+(.*?)\s*$")


def value_repaired(data: AuditData) -> pd.DataFrame:
    """VALUE-REPAIRED: a number that had to be repaired (Kalaena `31.015.1250` read as 310151250) is shown.

    The repair is probably right, but it is a reading, not what was printed: the inspector should see it.
    """
    parts = []
    per = data.periods
    q = per[per["repair"].notna() & (_raw(per["repair"]).str.strip() != "")]
    if len(q):
        parts.append(_period_context(data, q[[*KEY, "period", "measure", "raw", "repair", "page", "line"]]))
    ind = data.indicators
    has = ind["repairs"].map(lambda v: v is not None and not (isinstance(v, float)) and len(v) > 0)
    if has.any():
        sub = ind.loc[has, [*KEY, "page", "line", "indikator", "kecamatan", "repairs"]].explode("repairs")
        sub = sub[sub["repairs"].notna()].rename(columns={"repairs": "repair"})
        sub["raw"] = [m.group(1) if (m := _READ_AS.match(str(x))) else None for x in sub["repair"]]
        parts.append(sub.assign(period=None, measure=None))
    if not parts:
        return empty_findings()
    at = pd.concat(parts, ignore_index=True)
    at["_r"] = at["repair"].astype(str).str.strip()
    at = at.drop_duplicates([*KEY, "_r"]).reset_index(drop=True)
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for repair, raw, per_ in zip(at["_r"], at["raw"], at["period"], strict=True):
        where = f" ({QUARTER_NAMES.get(per_, per_)})" if isinstance(per_, str) and per_ else ""
        m = _READ_AS.match(repair)
        msg.append(f"Angka salah cetak diperbaiki{where}: {repair}. Periksa terhadap dokumen aslinya.")
        msg_en.append(f"A misprinted number was repaired{where}: {repair}. Check it against the document.")
        exp.append(f"dibaca sebagai {m.group(2)}" if m else repair)
        obs.append(str(raw) if raw is not None and not pd.isna(raw) else repair)
        cells.append([str(raw)] if raw is not None and not pd.isna(raw) else [repair])
    return emit(VALUE_REPAIRED, at, msg, msg_en, exp, obs, cells)


# ----------------------------------------------------------------------------------------------------
# Regional outliers


def target_outlier(data: AuditData) -> pd.DataFrame:
    """TARGET-OUTLIER: a target far from other kecamatan's for the same canonical indicator and satuan.

    Robust modified z-score, 0.6745·(x − median)/MAD > 3.5, over ≥ 8 documents. When most documents agree
    exactly (MAD = 0), the mean absolute deviation stands in and the target must also differ by ≥ 10%.
    """
    dv = _doc_values_with_meta(data)
    if dv.empty:
        return empty_findings()
    dv = dv[~dv["unit_conflict"]].copy()
    grp = ["key", "sat_norm"]
    dv["sat_norm"] = dv["sat_norm"].fillna("")
    dv["n"] = dv.groupby(grp)["doc_id"].transform("nunique")
    dv = dv[dv["n"] >= OUTLIER_MIN_DOCS].copy()
    if dv.empty:
        return empty_findings()
    g = dv.groupby(grp)["value"]
    dv["med"] = g.transform("median")
    dv["dev"] = (dv["value"] - dv["med"]).abs()
    dv["mad"] = dv.groupby(grp)["dev"].transform("median")
    dv["meanad"] = dv.groupby(grp)["dev"].transform("mean")
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(dv["mad"] > 0, 0.6745 * dv["dev"] / dv["mad"], dv["dev"] / (1.253314 * dv["meanad"]))
    rel_ok = (dv["mad"] > 0) | (dv["dev"] >= 0.1 * dv["med"].abs())
    dv["z"] = z
    at = dv[(np.nan_to_num(z, nan=0.0) > OUTLIER_Z) & rel_ok].sort_values(["key", "doc_id"]).reset_index(drop=True)
    if at.empty:
        return empty_findings()
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for row in at.itertuples(index=False):
        unit = f" {row.sat_norm}" if row.sat_norm else ""
        name = row.indikator or row.key
        msg.append(
            f"Target '{name}' {fmt(row.value)}{unit} jauh dari kecamatan lain: median {fmt(row.med)}{unit} "
            f"dari {int(row.n)} dokumen (skor-z robust {fmt(round(row.z, 1))})."
        )
        msg_en.append(
            f"The target of '{name}', {fmt(row.value)}{unit}, is far from other kecamatan: median "
            f"{fmt(row.med)}{unit} over {int(row.n)} documents (robust z {row.z:.1f})."
        )
        exp.append(f"sekitar {fmt(row.med)}{unit} (median {int(row.n)} dokumen)")
        obs.append(f"{fmt(row.value)}{unit}")
        cells.append([_fmt_annual(row.value, row.target_raw)])
    return emit(TARGET_OUTLIER, at, msg, msg_en, exp, obs, cells, across_documents=True)


# ----------------------------------------------------------------------------------------------------
# Codes printed in the document


def kode_printed(data: AuditData) -> pd.DataFrame:
    """KODE-PRINTED: a code printed with a name (`1.02.01.2.01.0002 Penyediaan Gaji dan Tunjangan ASN`) that is
    not the code of that name, or no code of the nomenclature at all.

    Codes of the pre-2021 scheme (`4.10.4.10.03.01.001`) cannot be compared and are not findings.
    """
    ind = data.indicators
    has = _raw(ind["kode_raw"]).str.strip() != ""
    if not has.any():
        return empty_findings()
    sub = ind.loc[has].copy()
    # SIPD's generic `X.XX.01…` is read under the document's bidang
    sub["_printed"] = [read_printed_code(raw, (b,) if isinstance(b, str) and b else None)
                       for raw, b in zip(sub["kode_raw"], sub["bidang"], strict=True)]
    note = _raw(sub["kode_match_note"])
    wrong = sub["_printed"].notna() & (sub["kode"].astype("object") != sub["_printed"]) & (
        note.str.contains("disagrees") | note.str.contains("not in the nomenclature"))
    at = sub.loc[wrong].reset_index(drop=True)
    msg, msg_en, exp, obs, cells = [], [], [], [], []
    for printed, raw, uraian, why in zip(at["_printed"], at["kode_raw"], at["uraian"], at["kode_match_note"],
                                         strict=True):
        named = re.search(r"\((\S+) ", str(why))
        msg.append(f"Kode tercetak {raw} tidak sesuai dengan nama {uraian!r}: {why}. Periksa dokumen aslinya.")
        msg_en.append(f"Printed code {raw} disagrees with the name {uraian!r}: {why}. Check the document.")
        exp.append(named.group(1) if named else "a code of the nomenclature")
        obs.append(str(printed))
        cells.append([str(raw), str(uraian)])
    return emit(KODE_PRINTED, at, msg, msg_en, exp, obs, cells)


RULE_FUNCTIONS: dict[str, Callable[[AuditData], pd.DataFrame]] = {
    TW_DUP.id: tw_duplicate,
    TW_MODE.id: tw_mode,
    TW_CUM_DOWN.id: tw_cumulative_down,
    BUDGET_TW_SUM.id: budget_quarter_sum,
    BUDGET_PARENT_SUM.id: budget_parent_sum,
    BUDGET_CROSS_TABLE.id: budget_cross_table,
    CAPAIAN_CALC.id: capaian_calc,
    VALUE_UNREADABLE.id: value_unreadable,
    TARGET_MISMATCH.id: target_mismatch,
    TARGET_DROP.id: target_drop,
    PCT_OVER_100.id: pct_over_100,
    BUDGET_IMPLAUSIBLE.id: budget_implausible,
    VALUE_REPAIRED.id: value_repaired,
    TARGET_OUTLIER.id: target_outlier,
    KODE_PRINTED.id: kode_printed,
}
