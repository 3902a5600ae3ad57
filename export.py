"""A dataset for Excel users: one workbook (a sheet per dataset, the wide indicator view first) or semicolon CSVs.

Headers are Indonesian, numbers stay numbers, lists become readable text ("a; b"), every row names its source file
and page; the header row is frozen and filterable. The CSVs are what Excel in an Indonesian locale opens by
double-click: `;` between fields, `,` before decimals, UTF-8 with a BOM.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .query import connect

SHEETS = (
    ("indikator_tw", "Indikator per TW"),
    ("documents", "Dokumen"),
    ("indicators", "Indikator"),
    ("periods", "Periode"),
    ("findings", "Temuan"),
)
EXCEL_ROWS = 1_048_576
HEADERS = {
    "source_path": "Berkas sumber", "source_paths": "Semua berkas", "page": "Halaman", "line": "Baris",
    "line_last": "Baris akhir", "doc_id": "ID dokumen", "table_index": "Tabel ke", "row_index": "Baris tabel ke",
    "tahun": "Tahun", "provinsi": "Provinsi", "kabupaten": "Kabupaten", "kecamatan": "Kecamatan",
    "kode_wilayah": "Kode wilayah", "doc_type": "Jenis dokumen", "table_kind": "Jenis tabel", "level": "Tingkat",
    "tujuan": "Tujuan", "sasaran": "Sasaran", "program": "Program", "kegiatan": "Kegiatan", "uraian": "Uraian",
    "indikator": "Indikator", "satuan": "Satuan", "target": "Target", "target_label": "Target (predikat)",
    "realisasi": "Realisasi", "realisasi_label": "Realisasi (predikat)", "capaian": "Capaian (%)",
    "anggaran": "Anggaran (Rp)", "penanggung_jawab": "Penanggung jawab", "penjelasan": "Penjelasan",
    "formula": "Formula", "sumber_data": "Sumber data", "kode": "Kode nomenklatur", "kode_nama": "Nama nomenklatur",
    "kode_level": "Tingkat nomenklatur", "indikator_id": "Kode indikator", "indikator_nama": "Nama indikator baku",
    "warnings": "Peringatan", "repairs": "Perbaikan angka", "title": "Judul", "instansi": "Instansi",
    "pages": "Jumlah halaman", "extractor": "Pembaca", "status": "Status", "error": "Galat",
    "n_tables": "Jumlah tabel", "n_indicators": "Jumlah indikator", "schema_version": "Versi skema",
    "kinerja_version": "Versi kinerja", "period": "Periode", "measure": "Ukuran", "value": "Nilai", "raw": "Tertulis",
    "label": "Predikat", "repair": "Perbaikan", "rule": "Aturan", "severity": "Tingkat keparahan",
    "message": "Pesan", "message_en": "Pesan (Inggris)", "expected": "Seharusnya", "observed": "Tertulis di dokumen",
    "cells": "Sel", "bbox": "Kotak (x0, atas, x1, bawah)",
}
_MEASURE_NAMES = {"target": "Target", "realisasi": "Realisasi", "anggaran": "Anggaran (Rp)"}


def header(column: str) -> str:
    """The Indonesian header of a column (target_tw1 → "Target TW1", anggaran_raw → "Anggaran (tertulis)")."""
    if column in HEADERS:
        return HEADERS[column]
    quarter = re.fullmatch(r"(target|realisasi|anggaran)_tw([1-4])", column)
    if quarter:
        return f"{_MEASURE_NAMES[quarter.group(1)]} TW{quarter.group(2)}"
    if column.endswith("_raw"):
        return f"{header(column[:-4])} (tertulis)"
    return column.replace("_", " ").capitalize()


def cell(value: Any) -> Any:
    """A value Excel shows as the user expects: numbers as numbers, lists as text, NaN as empty."""
    if value is None:
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (list, tuple)):
        return "; ".join("" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _select(view: str) -> str:
    """Every sheet's rows name their source file: datasets keyed by doc_id get the document's path first."""
    if view in ("indikator_tw", "documents"):
        return f"SELECT * FROM {view}"
    order = {"indicators": "table_index, row_index", "periods": "table_index, row_index, period, measure",
             "findings": "table_index, row_index, rule"}[view]
    return (f"SELECT d.source_path, x.* FROM {view} x LEFT JOIN (SELECT doc_id, source_path FROM documents) d "
            f"USING (doc_id) ORDER BY d.source_path, {order}")


def _rows(out_dir: Path, view: str, batch: int = 10_000) -> tuple[list[str], Iterator[tuple]]:
    con = connect(out_dir)
    cursor = con.execute(_select(view))
    columns = [d[0] for d in cursor.description]

    def generate() -> Iterator[tuple]:
        while chunk := cursor.fetchmany(batch):
            yield from chunk
        con.close()

    return columns, generate()


def export_xlsx(out_dir: Path, path: Path) -> dict[str, int]:
    """Write the workbook; returns rows written per sheet."""
    workbook = Workbook(write_only=True)
    counts: dict[str, int] = {}
    bold = Font(bold=True)
    for view, title in SHEETS:
        columns, rows = _rows(out_dir, view)
        part, n, sheet = 1, 0, None
        for row in rows:
            if sheet is None or n >= EXCEL_ROWS - 1:  # an archive bigger than one sheet goes on in "… (2)"
                if sheet is not None:
                    _finish(sheet, columns, n)
                    part += 1
                sheet, n = _new_sheet(workbook, title if part == 1 else f"{title} ({part})", columns, bold), 0
            sheet.append([cell(v) for v in row])
            n += 1
            counts[title] = counts.get(title, 0) + 1
        if sheet is None:
            sheet = _new_sheet(workbook, title, columns, bold)
            counts[title] = 0
        _finish(sheet, columns, n)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return counts


def _new_sheet(workbook: Workbook, title: str, columns: list[str], bold: Font):
    from openpyxl.cell import WriteOnlyCell

    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for i, column in enumerate(columns, start=1):
        wide = column in ("source_path", "indikator", "uraian", "sasaran", "program", "kegiatan", "message")
        sheet.column_dimensions[get_column_letter(i)].width = 40 if wide else max(10, min(24, len(header(column)) + 2))
    cells = []
    for column in columns:
        c = WriteOnlyCell(sheet, value=header(column))
        c.font = bold
        cells.append(c)
    sheet.append(cells)
    return sheet


def _finish(sheet, columns: list[str], rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{rows + 1}"


def _csv_value(value: Any) -> str:
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        text = format(value, ".15g")
        if "e" in text:
            text = format(value, "f").rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


def export_csv(out_dir: Path, folder: Path) -> dict[str, int]:
    """One CSV per sheet in `folder` (indikator_tw.csv, documents.csv, …); returns rows written per file."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for view, _ in SHEETS:
        columns, rows = _rows(out_dir, view)
        target = folder / f"{view}.csv"
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow([header(c) for c in columns])
            n = 0
            for row in rows:
                writer.writerow([_csv_value(v) for v in row])
                n += 1
        counts[target.name] = n
    return counts
