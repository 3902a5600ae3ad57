"""The reviewer's decisions: a CSV of (kind, name as printed, code or `none`) that every run reads first, so a
rebuilt dataset never loses what people decided (`kinerja review --apply` writes it).

Light on purpose: the command line reads and checks the file before any worker starts, without the matcher.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..schema import canonical

OVERRIDES_FILE = "overrides.csv"
OVERRIDE_COLUMNS = ("kind", "name", "kode")

Overrides = Mapping[tuple[str, str], str]


def read_overrides(path: Path) -> dict[tuple[str, str], str]:
    """(kind, name as printed) → code or `none`; a missing file is no overrides, a malformed one an error."""
    if not path.exists():
        return {}
    out: dict[tuple[str, str], str] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or set(OVERRIDE_COLUMNS) - set(reader.fieldnames):
            raise ValueError(f"{path}: an overrides file needs the columns {', '.join(OVERRIDE_COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            kind, name, kode = (row["kind"] or "").strip(), (row["name"] or "").strip(), (row["kode"] or "").strip()
            if kind not in ("uraian", "indikator") or not name or not kode:
                raise ValueError(f"{path}:{line}: needs kind (uraian/indikator), name and kode (or none)")
            out[(kind, name)] = kode
    return out


def write_overrides(path: Path, overrides: Mapping[tuple[str, str], str]) -> None:
    """Write the overrides file atomically, sorted so that it diffs well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(OVERRIDE_COLUMNS)
        for (kind, name), kode in sorted(overrides.items()):
            writer.writerow([kind, name, kode])
    os.replace(tmp, path)


def check_overrides(overrides: Overrides) -> None:
    """Raise ValueError naming the first decision that cannot be applied (an unknown kind or code)."""
    for (kind, name), kode in overrides.items():
        problem = canonical.override_problem(kind, kode)
        if problem:
            raise ValueError(f"override for {name!r}: {problem}")
