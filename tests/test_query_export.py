"""SQL over a dataset and Excel out: the five seeds, asked questions and opened in LibreOffice.

Values read off the seed text renditions: Pallangga's Rencana Aksi 2024 prints "Jumlah sarana dan prasarana yang
memadai" with TW 1 : 8 unit, TW 2 : 5 unit, TW 3 : 7 unit, TW 4 : 7 unit and the IKM with TW 2 : 86.92, TW 4 : 87.00;
Kalaena's table prints 2.590.643.300 for "Persentase Penunjang Urusan Perangkat Daerah berjalan sesuai standar"
(line 251).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kinerja.cli import main
from kinerja.pipeline import IngestOptions, ingest
from kinerja.query import run_query

from conftest import copy_seeds

SARANA = "Jumlah sarana dan prasarana yang memadai"
PENUNJANG = "Persentase Penunjang Urusan Perangkat Daerah berjalan sesuai standar"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("query")
    out = root / "out"
    ingest([copy_seeds(root / "arsip")], out, IngestOptions(workers=1))
    assert CliRunner().invoke(main, ["audit", str(out), "--no-report"]).exit_code == 0
    return out


def test_the_wide_view_puts_each_quarter_in_its_own_column(dataset):
    rows = run_query(dataset, f"""SELECT target_tw1, target_tw2, target_tw3, target_tw4, satuan, tahun
                                  FROM indikator_tw WHERE kecamatan = 'Pallangga' AND indikator = '{SARANA}'""")
    assert rows.fetchall() == [(8.0, 5.0, 7.0, 7.0, "unit", 2024)]


def test_query_prints_a_table_and_writes_csv(dataset, tmp_path):
    runner = CliRunner()
    sql = "SELECT kecamatan, count(*) AS n FROM indicators WHERE tahun = 2024 GROUP BY kecamatan ORDER BY kecamatan"
    result = runner.invoke(main, ["query", str(dataset), sql])
    assert result.exit_code == 0, result.output
    assert "Kalaena" in result.output and "Pallangga" in result.output and "Bajeng" not in result.output
    target = tmp_path / "hasil.csv"
    assert runner.invoke(main, ["query", str(dataset), sql, "--csv", str(target)]).exit_code == 0
    assert target.read_text().splitlines()[0] == "kecamatan,n"
    kalaena = run_query(dataset, "SELECT count(*) FROM findings f JOIN documents d USING (doc_id) "
                                 "WHERE d.kecamatan = 'Kalaena' AND f.tahun = 2024").fetchall()[0][0]
    assert kalaena > 0  # the audit's findings are a view too, with their document's year


def test_a_query_error_is_one_line_not_a_traceback(dataset):
    result = CliRunner().invoke(main, ["query", str(dataset), "SELECT bogus FROM indicators"])
    assert result.exit_code == 1
    assert "bogus" in result.output and "Traceback" not in result.output


def test_csv_export_opens_in_indonesian_excel(dataset, tmp_path):
    """Semicolons, a UTF-8 BOM, decimal commas; the IKM's TW2 target 86.92 is written 86,92."""
    assert CliRunner().invoke(main, ["export", str(dataset), "--csv", str(tmp_path / "csv")]).exit_code == 0
    raw = (tmp_path / "csv" / "indikator_tw.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    ikm = next(r for r in rows if r["Kecamatan"] == "Pallangga" and r["Indikator"].startswith("Indeks Kepuasan"))
    assert (ikm["Target TW2"], ikm["Target TW4"], ikm["Target TW1"]) == ("86,92", "87", "")
    penunjang = next(r for r in rows if r["Indikator"] == PENUNJANG)
    assert penunjang["Anggaran (Rp)"] == "2590643300" and penunjang["Baris"] == "251"
    docs = list(csv.DictReader((tmp_path / "csv" / "documents.csv").read_text("utf-8-sig").splitlines(),
                               delimiter=";"))
    assert all(d["Semua berkas"] == d["Berkas sumber"] for d in docs)  # a one-name list is its name, not ['…']
    for name in ("indicators", "periods", "findings"):  # every sheet's rows name their file
        rows = list(csv.DictReader((tmp_path / "csv" / f"{name}.csv").read_text("utf-8-sig").splitlines(),
                                   delimiter=";"))
        assert rows and all(r["Berkas sumber"].endswith(".txt") for r in rows), name


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (Debian libreoffice-calc) not installed")
def test_xlsx_export_opens_in_libreoffice_with_numbers_as_numbers(dataset, tmp_path):
    book = tmp_path / "kinerja.xlsx"
    result = CliRunner().invoke(main, ["export", str(dataset), "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(book, read_only=False)
    assert workbook.sheetnames == ["Indikator per TW", "Dokumen", "Indikator", "Periode", "Temuan"]
    wide = workbook["Indikator per TW"]
    assert wide.freeze_panes == "A2" and wide.auto_filter.ref.startswith("A1:")
    # LibreOffice converts the first sheet (the wide view) to CSV: it opened the file and read every value
    converted = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "csv",
         "--outdir", str(tmp_path / "lo"), str(book)],
        capture_output=True, text=True, timeout=180,
    )
    assert converted.returncode == 0, converted.stderr
    rows = list(csv.DictReader((tmp_path / "lo" / "kinerja.csv").read_text("utf-8").splitlines()))
    sarana = next(r for r in rows if r["Kecamatan"] == "Pallangga" and r["Indikator"] == SARANA)
    assert [sarana[f"Target TW{q}"] for q in range(1, 5)] == ["8", "5", "7", "7"]
    assert sarana["Berkas sumber"].endswith("000_aafc297b317ebd8f.txt") and sarana["Tahun"] == "2024"
    penunjang = next(r for r in rows if r["Indikator"] == PENUNJANG)
    assert penunjang["Anggaran (Rp)"] == "2590643300" and penunjang["Baris"] == "251"
    # numbers are stored as numbers, not text
    header = [c.value for c in wide[1]]
    column = header.index("Anggaran (Rp)") + 1
    budgets = [r[column - 1].value for r in wide.iter_rows(min_row=2) if r[column - 1].value is not None]
    assert budgets and all(isinstance(v, (int, float)) for v in budgets)
