"""A scan is read with the network cut off: the OCR models ship in the rapidocr wheel and nothing is fetched.

A real `kinerja ingest` subprocess runs inside a fresh network namespace (`unshare -rn`, or `unshare -n` as root),
where no address but loopback exists, on the committed scanned twin of Kaligondang (samples/scan/).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES

pytestmark = pytest.mark.slow

KINERJA = Path(sys.executable).parent / "kinerja"
SCAN = SAMPLES / "scan" / "002_kaligondang_ra_scan.pdf"


def _offline(*argv: str) -> subprocess.CompletedProcess:
    for flags in (["-rn"], ["-n"]):
        probe = subprocess.run(["unshare", *flags, "true"], capture_output=True)
        if probe.returncode == 0:
            return subprocess.run(["unshare", *flags, *argv], capture_output=True, text=True, timeout=900)
    pytest.skip("no network namespace can be made here (unshare -rn / -n refused)")


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare (util-linux) is not installed")
def test_kaligondang_scan_ingested_with_the_network_cut_off(tmp_path):
    probe = _offline(sys.executable, "-c", "import socket; socket.create_connection(('1.1.1.1', 53), timeout=3)")
    assert probe.returncode != 0, probe.stdout  # really offline: no route out of the namespace

    import rapidocr

    models = Path(rapidocr.__file__).parent / "models"
    before = sorted(p.name for p in models.iterdir())
    run = _offline(str(KINERJA), "ingest", str(SCAN), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stdout + run.stderr

    from kinerja.store import read_frame

    docs = read_frame(tmp_path / "out", "documents")
    assert docs.loc[0, "status"] in ("ok", "partial") and docs.loc[0, "extractor"] == "ocr"
    rows = read_frame(tmp_path / "out", "indicators")
    assert len(rows) > 0 and (rows["extractor"] == "ocr").all()
    assert sorted(p.name for p in models.iterdir()) == before  # no model downloaded or added
