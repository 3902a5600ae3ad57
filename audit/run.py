"""Run every audit rule over a dataset directory and write `findings/part-0.parquet` and `report.html`.

Reading is tolerant (a missing dataset is empty, columns added by later schema versions are kept); writing is
atomic (a temp file in the same directory, then os.replace), so a reader never sees half a findings file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kinerja.schema import FINDINGS, SCHEMA_VERSION, SCHEMAS
from kinerja.store import read_frame

from .rules import RULE_FUNCTIONS, AuditData, conform, empty_findings, prepare

FINDINGS_FILE = Path("findings") / "part-0.parquet"
REPORT_FILE = "report.html"


def read_dataset(dataset_dir: Path, name: str) -> pd.DataFrame:
    """One dataset (`DIR/name/*.parquet`) as pandas; empty with the schema's columns when absent."""
    if not (Path(dataset_dir) / name).is_dir():
        return SCHEMAS[name].empty_table().to_pandas()
    return read_frame(Path(dataset_dir), name)


def load(dataset_dir: Path) -> AuditData:
    """The three input datasets, prepared for the rules."""
    d = Path(dataset_dir)
    return prepare(read_dataset(d, "documents"), read_dataset(d, "indicators"), read_dataset(d, "periods"))


def audit(data: AuditData, rules: Iterable[str] | None = None) -> pd.DataFrame:
    """Findings of the chosen rules (all by default), sorted by document, table, row and rule."""
    chosen = list(RULE_FUNCTIONS) if rules is None else list(rules)
    parts = [RULE_FUNCTIONS[r](data) for r in chosen]
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_findings()
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["doc_id", "table_index", "row_index", "rule"], kind="stable", na_position="last")
    return conform(out.reset_index(drop=True))


def run_audit(dataset_dir: Path) -> pd.DataFrame:
    """Audit the datasets under `dataset_dir`; the frame has exactly `schema.FINDINGS` columns."""
    return audit(load(dataset_dir))


def findings_table(findings: pd.DataFrame) -> pa.Table:
    """The findings frame as the Arrow table the contract specifies."""
    table = pa.Table.from_pandas(conform(findings), schema=FINDINGS, preserve_index=False)
    return table.replace_schema_metadata({"kinerja_schema_version": SCHEMA_VERSION})


def _atomic_write(path: Path, write: Callable[[str], object]) -> None:
    """Write via a temp file in the target's directory and os.replace: readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; a report is meant to be read
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_findings(
    findings: pd.DataFrame,
    dataset_dir: Path,
    *,
    data: AuditData | None = None,
    report: bool = True,
) -> Path:
    """Write `findings/part-0.parquet` and (by default) `report.html` under dataset_dir, both atomically.

    `data` is the prepared input the findings came from; the report needs it for its summary and charts and
    reads the datasets again when it is not given. Returns the findings file's path.
    """
    from .report import render_report

    dataset_dir = Path(dataset_dir)
    out = dataset_dir / FINDINGS_FILE
    table = findings_table(findings)
    _atomic_write(out, lambda tmp: pq.write_table(table, tmp))
    if report:
        html = render_report(findings, data if data is not None else load(dataset_dir))
        _atomic_write(dataset_dir / REPORT_FILE, lambda tmp: Path(tmp).write_text(html, encoding="utf-8"))
    return out


def audit_dataset(dataset_dir: Path, *, report: bool = True) -> pd.DataFrame:
    """Read, audit, write: what the CLI's audit step calls."""
    data = load(dataset_dir)
    findings = audit(data)
    write_findings(findings, dataset_dir, data=data, report=report)
    return findings
