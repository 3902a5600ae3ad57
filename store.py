"""Write and read kinerja's Parquet datasets: one directory per dataset, replaced atomically.

A run writes everything into a hidden staging directory beside the output and swaps it in with renames at the
very end, so an interrupted run leaves the previous dataset (or nothing) behind, never half of a new one.
Documents are written in batches as they finish, so memory stays flat over archives of thousands of PDFs.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .schema import SCHEMA_VERSION, SCHEMAS, to_arrow

DATASETS = ("documents", "indicators", "periods")


class DatasetWriter:
    """Streams rows into `<staging>/<dataset>/part-00000.parquet`, then publishes the whole directory."""

    def __init__(self, out_dir: Path, datasets: Iterable[str] = DATASETS, batch_rows: int = 50_000) -> None:
        self.out_dir = Path(out_dir)
        self.staging = self.out_dir.parent / f".{self.out_dir.name}.staging-{uuid.uuid4().hex[:8]}"
        self.datasets = tuple(datasets)
        self.batch_rows = batch_rows
        self._buffers: dict[str, list[Mapping[str, Any]]] = {name: [] for name in self.datasets}
        self._writers: dict[str, pq.ParquetWriter] = {}

    def __enter__(self) -> DatasetWriter:
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        for name in self.datasets:
            (self.staging / name).mkdir(parents=True)
        return self

    def add(self, name: str, rows: Iterable[Mapping[str, Any]]) -> None:
        buffer = self._buffers[name]
        buffer.extend(rows)
        if len(buffer) >= self.batch_rows:
            self._flush(name)

    def _flush(self, name: str) -> None:
        rows = self._buffers[name]
        if not rows and name in self._writers:
            return
        table = to_arrow(name, rows)
        if name not in self._writers:
            path = self.staging / name / "part-00000.parquet"
            self._writers[name] = pq.ParquetWriter(path, table.schema, compression="zstd")
        self._writers[name].write_table(table)
        self._buffers[name] = []

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            for name in self.datasets:
                self._flush(name)
            for writer in self._writers.values():
                writer.close()
            if exc_type is None:
                publish(self.staging, self.out_dir)
        finally:
            if self.staging.exists():
                shutil.rmtree(self.staging, ignore_errors=True)


def publish(staging: Path, out_dir: Path) -> None:
    """Swap a finished staging directory in for `out_dir` (keeping files there that are not datasets)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in sorted(p.name for p in staging.iterdir()):
        target = out_dir / name
        old = out_dir / f".{name}.old-{uuid.uuid4().hex[:8]}"
        if target.exists():
            os.replace(target, old)
        os.replace(staging / name, target)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)


def write_table(out_dir: Path, name: str, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Replace one dataset of `out_dir` with `rows`, atomically (used by steps that rewrite a dataset)."""
    with DatasetWriter(out_dir, datasets=(name,)) as writer:
        writer.add(name, rows)
    return Path(out_dir) / name


def read_table(out_dir: Path, name: str) -> pa.Table:
    """Read one dataset; a missing directory is an error that names it."""
    path = Path(out_dir) / name
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no '{name}' dataset here (run `kinerja ingest` first)")
    files = sorted(path.glob("*.parquet"))
    if not files:
        return SCHEMAS[name].empty_table()
    metadata = pq.read_schema(files[0]).metadata or {}
    version = metadata.get(b"kinerja_schema_version", b"?").decode()
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"{path}: written with schema {version}, this kinerja reads {SCHEMA_VERSION}")
    return conform(pa.concat_tables([pq.read_table(f) for f in files], promote_options="default"), name)


def conform(table: pa.Table, name: str) -> pa.Table:
    """A table written by an earlier minor version of the schema, with the columns added since as nulls."""
    schema = SCHEMAS[name]
    columns = [
        table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema.with_metadata(table.schema.metadata or {}))


def read_frame(out_dir: Path, name: str) -> pd.DataFrame:
    return read_table(out_dir, name).to_pandas()

