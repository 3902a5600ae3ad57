"""Ask a dataset questions in SQL: DuckDB views over the committed files of `DIR`.

Views: `documents`, `indicators`, `periods`, `findings` (each with `tahun` and `provinsi` of its document), and
`indikator_tw`, one row per indicator with its TW1–TW4 target, realisasi and anggaran as columns beside the
document's file and the row's page. The views read the files the manifest lists, so a query never sees a batch that
is being written, and they read 1.0 datasets too.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb

from .schema import SCHEMAS
from .store import UNKNOWN_PROVINSI, UNKNOWN_TAHUN, DatasetError, data_files, is_dataset, read_manifest

VIEWS = ("documents", "indicators", "periods", "findings", "indikator_tw")
QUARTERS = ("TW1", "TW2", "TW3", "TW4")
WIDE_MEASURES = ("target", "realisasi", "anggaran")


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _dataset_sql(out_dir: Path, name: str) -> str | None:
    """One SELECT over every committed file of a dataset, the partition values as columns; None when it has none."""
    manifest = read_manifest(out_dir)
    entries = (manifest or {}).get("files", {}).get(name)
    if entries is None:
        files = data_files(out_dir, name)
        return f"SELECT * FROM read_parquet({_sql_list(files)}, union_by_name = true)" if files else None
    groups: dict[tuple, list[Path]] = defaultdict(list)
    for entry, path in zip(entries, data_files(out_dir, name)):
        groups[(entry["tahun"], entry["provinsi"]) if "tahun" in entry else None].append(path)
    if not groups:
        return None
    parts = []
    for key, files in groups.items():
        source = f"read_parquet({_sql_list(files)}, union_by_name = true, hive_partitioning = false)"
        if key is None:
            parts.append(f"SELECT * FROM {source}")
        else:
            tahun, provinsi = key
            parts.append(f"SELECT *, CAST({_literal(tahun)} AS INTEGER) AS tahun, "
                         f"CAST({_literal(provinsi)} AS VARCHAR) AS provinsi FROM {source}")
    return " UNION ALL BY NAME ".join(parts)


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the dataset's views."""
    out_dir = Path(out_dir)
    if not is_dataset(out_dir):
        raise DatasetError(f"{out_dir}: not a kinerja dataset (no _manifest.json, no documents/)")
    con = duckdb.connect()
    for name in ("documents", "indicators", "periods", "findings"):  # documents first: the others may join it
        sql = _dataset_sql(out_dir, name)
        if sql is None:
            con.register(f"_empty_{name}", SCHEMAS[name].empty_table())
            sql = f"SELECT * FROM _empty_{name}"
        con.execute(f"CREATE VIEW _base_{name} AS {sql}")
        columns = [row[0] for row in con.execute(f"DESCRIBE _base_{name}").fetchall()]
        if "tahun" in columns and "provinsi" in columns:
            # tahun=0 / provinsi=tidak-diketahui in the paths are unknowns: null here
            con.execute(f"CREATE VIEW {name} AS SELECT * REPLACE (NULLIF(tahun, {UNKNOWN_TAHUN}) AS tahun, "
                        f"NULLIF(provinsi, '{UNKNOWN_PROVINSI}') AS provinsi) FROM _base_{name}")
        else:  # unpartitioned (1.0) files, or findings: the document's year and province by join
            con.execute(f"CREATE VIEW {name} AS SELECT b.*, d.tahun, d.provinsi FROM _base_{name} b "
                        "LEFT JOIN (SELECT doc_id, tahun, provinsi FROM documents) d USING (doc_id)")
    con.execute(_wide_view())
    return con


def _wide_view() -> str:
    pivots = ",\n".join(
        f"max(value) FILTER (WHERE period = '{q}' AND measure = '{m}') AS {m}_{q.lower()}"
        for m in WIDE_MEASURES for q in QUARTERS
    )
    return f"""
CREATE VIEW indikator_tw AS
WITH tw AS (
    SELECT doc_id, table_index, row_index,
    {pivots}
    FROM periods GROUP BY doc_id, table_index, row_index
)
SELECT d.source_path, i.page, i.line, i.doc_id, i.table_index, i.row_index,
       d.tahun, d.provinsi, d.kabupaten, i.kecamatan, i.kode_wilayah, d.doc_type, i.table_kind, i.level,
       i.sasaran, i.program, i.kegiatan, i.uraian, i.indikator, i.satuan,
       i.target, i.target_label, {", ".join(f"tw.target_{q.lower()}" for q in QUARTERS)},
       i.realisasi, i.realisasi_label, {", ".join(f"tw.realisasi_{q.lower()}" for q in QUARTERS)}, i.capaian,
       i.anggaran, {", ".join(f"tw.anggaran_{q.lower()}" for q in QUARTERS)},
       i.penanggung_jawab, i.kode, i.kode_nama, i.indikator_id, i.indikator_nama, i.warnings
FROM indicators i
LEFT JOIN tw USING (doc_id, table_index, row_index)
LEFT JOIN documents d USING (doc_id)
ORDER BY d.source_path, i.table_index, i.row_index
"""


def run_query(out_dir: Path, sql: str) -> duckdb.DuckDBPyRelation:
    """The result of one SQL statement over the dataset's views (raises duckdb.Error with DuckDB's message)."""
    con = connect(out_dir)
    return con.sql(sql)
