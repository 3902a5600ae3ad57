"""The output contract: every dataset kinerja writes, its columns and their Arrow types, versioned.

This module is the single source of truth for column names and types. Writers build tables with
`to_arrow(name, rows)`, readers check `SCHEMA_VERSION`; a column is added here first and nowhere else. Names are
stable: later versions add columns, they never rename or retype one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

SCHEMA_VERSION = "1.1"
"""1.1 adds nullable columns only (periods.bbox, office cell references, …); 1.0 datasets still read."""

DOC_TYPES = (
    "rencana_aksi",
    "perjanjian_kinerja",
    "pengukuran_kinerja",
    "rkt",
    "iku",
    "renstra",
    "lkjip",
    "other",
)
TABLE_KINDS = (
    "rencana_aksi",
    "perjanjian_kinerja",
    "pengukuran_kinerja",
    "rkt",
    "iku",
    "tujuan_sasaran",
    "other",
)
STATUSES = ("ok", "partial", "failed", "no_tables")
LEVELS = (
    "tujuan",
    "sasaran_strategis",
    "sasaran_program",
    "sasaran_kegiatan",
    "sasaran_sub_kegiatan",
    "program",
    "kegiatan",
    "sub_kegiatan",
)
MEASURES = ("target", "realisasi", "anggaran", "realisasi_anggaran", "kondisi_awal")
MATCH_METHODS = ("exact", "alias", "fuzzy", "override", "printed", "none")
MATCH_STATUSES = ("accepted", "review", "unmatched")

_STR = pa.string()
_F64 = pa.float64()
_I32 = pa.int32()
_STRS = pa.list_(pa.string())

DOCUMENTS = pa.schema(
    [
        pa.field("doc_id", _STR, nullable=False, metadata={"doc": "sha256 of the source bytes, hex"}),
        pa.field("source_path", _STR, nullable=False),
        pa.field("doc_type", _STR, metadata={"doc": "one of DOC_TYPES"}),
        pa.field("title", _STR),
        pa.field("instansi", _STR),
        pa.field("bidang", _STR, metadata={"doc": "1.1: bidang of the unit (1.02), the one generic penunjang names "
                                                  "are coded under; null when the unit tells none"}),
        pa.field("bidang_nama", _STR, metadata={"doc": "1.1: its name (URUSAN PEMERINTAHAN BIDANG KESEHATAN)"}),
        pa.field("bidang_lain", _STRS, metadata={"doc": "1.1: the other bidang a merged office carries (3.31)"}),
        pa.field("kecamatan", _STR),
        pa.field("kabupaten", _STR),
        pa.field("provinsi", _STR),
        pa.field("kode_wilayah", _STR, metadata={"doc": "kecamatan code (73.06.05), null when not resolved"}),
        pa.field("tahun", _I32),
        pa.field("pages", _I32, metadata={"doc": "null for text renditions"}),
        pa.field("extractor", _STR),
        pa.field("status", _STR, nullable=False, metadata={"doc": "one of STATUSES"}),
        pa.field("error", _STR, metadata={"doc": "why the document failed or is partial"}),
        pa.field("warnings", _STRS, metadata={"doc": "cells that could not be read, numbers repaired"}),
        pa.field("n_tables", _I32),
        pa.field("n_indicators", _I32),
        pa.field("schema_version", _STR, nullable=False),
        pa.field("source_paths", _STRS,
                 metadata={"doc": "every path these bytes were found under (1.1); source_path is the first"}),
        pa.field("kinerja_version", _STR,
                 metadata={"doc": "version of kinerja that read the document; a re-run with it skips the file (1.1)"}),
    ]
)

INDICATORS = pa.schema(
    [
        pa.field("doc_id", _STR, nullable=False),
        pa.field("table_index", _I32, nullable=False),
        pa.field("row_index", _I32, nullable=False, metadata={"doc": "order of the indicator in its table"}),
        pa.field("table_kind", _STR, metadata={"doc": "one of TABLE_KINDS"}),
        pa.field("page", _I32, metadata={"doc": "first page the row is printed on; null for text"}),
        pa.field("bbox", pa.list_(pa.float64(), 4),
                 metadata={"doc": "x0, top, x1, bottom in PDF points of the row's cells on its first page"}),
        pa.field("line", _I32, metadata={"doc": "first source line of the row (text renditions)"}),
        pa.field("line_last", _I32),
        pa.field("sheet", _STR, metadata={"doc": "Excel originals: the sheet the row is on (schema 1.1)"}),
        pa.field("cell_range", _STR,
                 metadata={"doc": "office originals: the cells the row was read from, as A1 references on its "
                                  "sheet or in its Word table (table_index), e.g. F13:AG13 (schema 1.1)"}),
        pa.field("kecamatan", _STR,
                 metadata={"doc": "the kecamatan the row belongs to (files may concatenate several)"}),
        pa.field("kode_wilayah", _STR, metadata={"doc": "region code of that kecamatan, null when not resolved"}),
        pa.field("level", _STR, metadata={"doc": "one of LEVELS, null when it cannot be told"}),
        pa.field("tujuan", _STR),
        pa.field("sasaran", _STR, metadata={"doc": "the sasaran this row serves (its own for sasaran rows)"}),
        pa.field("program", _STR, metadata={"doc": "the enclosing program, for kegiatan and below"}),
        pa.field("kegiatan", _STR, metadata={"doc": "the enclosing kegiatan, for sub kegiatan"}),
        pa.field("uraian", _STR, metadata={"doc": "the program/kegiatan/sub kegiatan name of the row"}),
        pa.field("uraian_raw", _STR),
        pa.field("indikator", _STR),
        pa.field("indikator_raw", _STR),
        pa.field("satuan", _STR),
        pa.field("target", _F64, metadata={"doc": "annual target"}),
        pa.field("target_raw", _STR),
        pa.field("target_label", _STR, metadata={"doc": "grade or qualifier: BB, CC (50), Baik"}),
        pa.field("realisasi", _F64),
        pa.field("realisasi_raw", _STR),
        pa.field("realisasi_label", _STR),
        pa.field("capaian", _F64, metadata={"doc": "percent"}),
        pa.field("capaian_raw", _STR),
        pa.field("anggaran", _F64, metadata={"doc": "rupiah"}),
        pa.field("anggaran_raw", _STR),
        pa.field("penanggung_jawab", _STR),
        pa.field("penjelasan", _STR),
        pa.field("formula", _STR),
        pa.field("sumber_data", _STR),
        pa.field("kode_raw", _STR, metadata={"doc": "1.1: a code printed with the name, as printed "
                                                   "(1.02.01.2.01.01, 4.10.4.10.03.01.001)"}),
        pa.field("kode", _STR, metadata={"doc": "canonical code of the uraian (7.01.01.2.02.0001)"}),
        pa.field("kode_nama", _STR),
        pa.field("kode_level", _STR),
        pa.field("kode_match_score", _F64, metadata={"doc": "0-100"}),
        pa.field("kode_match_margin", _F64, metadata={"doc": "lead over the best different code"}),
        pa.field("kode_match_method", _STR, metadata={"doc": "one of MATCH_METHODS"}),
        pa.field("kode_match_status", _STR, metadata={"doc": "one of MATCH_STATUSES"}),
        pa.field("kode_match_note", _STR, metadata={"doc": "1.1: why a name that looks canonical has no code (the "
                                                          "unit is unknown…), or a code outside the unit's bidang"}),
        pa.field("indikator_id", _STR, metadata={"doc": "IKS-nnn, or the sub kegiatan code of an official indicator"}),
        pa.field("indikator_nama", _STR),
        pa.field("indikator_match_score", _F64),
        pa.field("indikator_match_margin", _F64),
        pa.field("indikator_match_method", _STR),
        pa.field("indikator_match_status", _STR),
        pa.field("indikator_match_note", _STR, metadata={"doc": "1.1: as kode_match_note"}),
        pa.field("repairs", _STRS, metadata={"doc": "numbers that had to be repaired, as read"}),
        pa.field("warnings", _STRS, metadata={"doc": "cells of this row that could not be read"}),
        pa.field("other_columns", pa.list_(pa.struct([("header", _STR), ("text", _STR)])),
                 metadata={"doc": "1.1: cells of printed columns kinerja has no role for (Misi, Rencana Tindak "
                                  "Lanjut, monthly schedule), each with its header as printed"}),
        pa.field("extractor", _STR, metadata={"doc": "what read the row's cells: pdf, ocr, text, … (schema 1.1)"}),
        pa.field("confidence", _F64,
                 metadata={"doc": "lowest OCR confidence (0-1) of the row's values; null when not OCR'd (schema 1.1)"}),
    ]
)

PERIODS = pa.schema(
    [
        pa.field("doc_id", _STR, nullable=False),
        pa.field("table_index", _I32, nullable=False),
        pa.field("row_index", _I32, nullable=False),
        pa.field("period", _STR, nullable=False, metadata={"doc": "TW1…TW4 or a year"}),
        pa.field("measure", _STR, nullable=False,
                 metadata={"doc": "one of MEASURES; realisasi_anggaran is rupiah spent in the period, "
                                  "kondisi_awal the baseline a plan starts from"}),
        pa.field("value", _F64, metadata={"doc": "null for '-' or empty: no target, not zero"}),
        pa.field("raw", _STR),
        pa.field("label", _STR),
        pa.field("satuan", _STR),
        pa.field("page", _I32),
        pa.field("line", _I32),
        pa.field("repair", _STR),
        pa.field("cell_ref", _STR,
                 metadata={"doc": "office originals: the cell the value was read from, e.g. P13 (schema 1.1)"}),
        pa.field("bbox", pa.list_(pa.float64(), 4),
                 metadata={"doc": "x0, top, x1, bottom in PDF points of the value's cell on its page (1.1); "
                                  "null for text renditions"}),
        pa.field("confidence", _F64,
                 metadata={"doc": "OCR confidence (0-1) of the value's cell; null when not OCR'd (schema 1.1)"}),
    ]
)

SEVERITIES = ("error", "warning", "info")

FINDINGS = pa.schema(
    [
        pa.field("doc_id", _STR, nullable=False),
        pa.field("table_index", _I32, metadata={"doc": "null for findings across documents"}),
        pa.field("row_index", _I32),
        pa.field("rule", _STR, nullable=False, metadata={"doc": "stable rule id, e.g. TW-MODE"}),
        pa.field("severity", _STR, nullable=False, metadata={"doc": "one of SEVERITIES"}),
        pa.field("message", _STR, nullable=False, metadata={"doc": "Bahasa Indonesia"}),
        pa.field("message_en", _STR, nullable=False),
        pa.field("expected", _STR),
        pa.field("observed", _STR),
        pa.field("page", _I32),
        pa.field("line", _I32),
        pa.field("sheet", _STR, metadata={"doc": "office originals: the row's sheet (schema 1.1)"}),
        pa.field("cell_range", _STR, metadata={"doc": "office originals: the row's cells, e.g. F13:AG13 (schema 1.1)"}),
        pa.field("cells", _STRS, metadata={"doc": "the printed cells the finding is about, as printed"}),
        pa.field("indikator", _STR),
        pa.field("kecamatan", _STR),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "indicators": INDICATORS,
    "periods": PERIODS,
    "findings": FINDINGS,
}


def to_arrow(name: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Build the named dataset's Arrow table from row dicts; unknown keys are an error, missing ones null."""
    schema = SCHEMAS[name]
    rows = list(rows)
    known = set(schema.names)
    for row in rows:
        extra = set(row) - known
        if extra:
            raise ValueError(f"{name}: columns not in schema {SCHEMA_VERSION}: {sorted(extra)}")
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema.with_metadata({"kinerja_schema_version": SCHEMA_VERSION}))
