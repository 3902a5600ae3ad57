"""Review in Excel: the export says where each name is printed, Indonesian Excel opens it in columns, and a file
saved back by Excel (semicolons, Windows code page, codes typed in any case, one bad line) is applied line by line."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kinerja.cli import main
from kinerja.store import read_frame

from conftest import SAMPLES, SEEDS


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review")
    out = tmp / "out"
    runner = CliRunner()
    seeds = [str(SAMPLES / SEEDS[k]) for k in ("pallangga", "kalaena")]
    assert runner.invoke(main, ["ingest", *seeds, "--out", str(out)]).exit_code == 0
    assert runner.invoke(main, ["audit", str(out)]).exit_code == 0
    return tmp, out


def _export(tmp, out, name="review.csv") -> tuple[bytes, list[dict[str, str]]]:
    path = tmp / name
    result = CliRunner().invoke(main, ["review", str(out), "--export", str(path)])
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines(), delimiter=";"))
    return data, rows


def test_export_opens_in_columns_in_indonesian_excel_and_says_where_each_name_is(audited):
    tmp, out = audited
    data, rows = _export(tmp, out)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("kind;name;level;rows;documents;file;kecamatan;page;line;table;row;")
    # Pallangga: "Persentase pengaduan yang ditindaklanjuti" waits for review; first printed in table 1, row 13
    item = next(r for r in rows if r["name"] == "Persentase pengaduan yang ditindaklanjuti")
    assert (item["file"], item["kecamatan"], item["table"], item["row"]) == (
        SEEDS["pallangga"], "Pallangga", "1", "13")
    indicators = read_frame(out, "indicators")
    first = indicators[indicators["indikator"] == item["name"]].sort_values(["table_index", "row_index"]).iloc[0]
    assert int(item["line"]) == int(first["line"])
    assert "," in item["candidate_1_score"]  # a decimal comma, as the locale writes it


def test_export_as_xlsx_is_a_workbook_with_the_same_queue(audited):
    tmp, out = audited
    _, rows = _export(tmp, out)
    path = tmp / "review.xlsx"
    assert CliRunner().invoke(main, ["review", str(out), "--export", str(path)]).exit_code == 0
    sheet = load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("kind", "name", "level", "rows")
    assert [v[1] for v in values[1:]] == [r["name"] for r in rows]


def test_excel_saved_semicolon_csv_with_one_bad_line_applies_the_rest_and_names_it(audited, tmp_path):
    tmp, out = audited
    _, rows = _export(tmp, out)
    iks = next(r for r in rows if r["candidate_1_kode"].startswith("IKS-"))
    other = next(r for r in rows if r is not iks)
    bad = next(r for r in rows if r is not iks and r is not other)
    iks["decision"] = iks["candidate_1_kode"].lower()  # typed in lower case
    other["decision"] = "NONE"
    bad["decision"] = "7.01.99"  # no such code
    saved = tmp_path / "review_excel.csv"
    with saved.open("w", newline="", encoding="cp1252", errors="replace") as fh:  # Excel: "CSV (Comma delimited)"
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    line_of_bad = 2 + rows.index(bad)
    before = read_frame(out, "indicators")
    report_before = (out / "report.html").stat().st_mtime_ns

    result = CliRunner().invoke(main, ["review", str(out), "--apply", str(saved)])
    assert result.exit_code == 1
    assert f"{saved}:{line_of_bad}: '7.01.99' is not a code" in result.output
    assert "2 decisions recorded" in result.output and "audit rebuilt" in result.output
    overrides = pd.read_csv(out / "overrides.csv")
    assert set(zip(overrides["name"], overrides["kode"])) == {(iks["name"], iks["candidate_1_kode"]),
                                                              (other["name"], "none")}
    after = read_frame(out, "indicators")
    rows_of = after[after["indikator"] == iks["name"]]
    assert set(rows_of["indikator_id"]) == {iks["candidate_1_kode"]}
    assert set(rows_of["indikator_match_method"]) == {"override"}
    untouched = after[(after["indikator"] == bad["name"]) | (after["uraian"] == bad["name"])]
    was = before[(before["indikator"] == bad["name"]) | (before["uraian"] == bad["name"])]
    assert untouched["kode_match_status"].tolist() == was["kode_match_status"].tolist()
    assert (out / "report.html").stat().st_mtime_ns > report_before


def test_apply_of_a_file_that_is_not_a_review_file_says_so_and_writes_nothing(audited, tmp_path):
    _, out = audited
    overrides = (out / "overrides.csv").read_bytes() if (out / "overrides.csv").exists() else None
    odd = tmp_path / "catatan.csv"
    odd.write_text("tanggal,catatan\n2024-01-01,rapat\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(out), "--apply", str(odd)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {odd}: missing column(s) decision, kind, name")
    assert ((out / "overrides.csv").read_bytes() if (out / "overrides.csv").exists() else None) == overrides


@pytest.mark.parametrize("command", [["audit"], ["show"], ["inspect"], ["review", "--export", "x.csv"]])
def test_commands_refuse_a_folder_that_is_not_a_dataset(tmp_path, command):
    folder = tmp_path / "bukan_dataset"
    folder.mkdir()
    (folder / "surat.pdf").write_bytes(b"%PDF-1.4\n")
    args = [command[0], str(folder), *command[1:]]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"{folder} is not a kinerja dataset" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["surat.pdf"]  # nothing written


def test_audit_of_a_dataset_with_a_damaged_parquet_file_names_it(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["ingest", str(SAMPLES / SEEDS["kalaena"]), "--out", str(out)]).exit_code == 0
    part = next((out / "documents").rglob("*.parquet"))
    part.write_bytes(b"not parquet")
    result = CliRunner().invoke(main, ["audit", str(out)])
    assert result.exit_code == 1 and "documents dataset cannot be read" in result.output
    assert not (out / "report.html").exists()


def test_help_names_the_file_types_read_and_no_command_help_is_cut_off():
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, ["--help"])
    assert result.exit_code == 0
    for suffix in (".pdf", ".docx", ".xlsx", ".txt"):
        assert suffix in result.output
    commands = result.output.split("Commands:")[1]
    assert "..." not in commands and "…" not in commands
    assert {line.split()[0] for line in commands.strip().splitlines()} >= {"ingest", "show", "audit", "inspect",
                                                                           "review"}
    ingest = CliRunner().invoke(main, ["ingest", "--help"]).output
    assert ".docx" in ingest and ".xlsx" in ingest and ".pdf" in ingest


def test_ingest_refuses_an_overrides_file_naming_an_unknown_code_before_reading(tmp_path):
    """A reviewer's typo (`7.01.01.2.06.9999`) stops the run at the door, naming the decision and the code; nothing
    is read and no dataset is written."""
    out = tmp_path / "ds"
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("kind,name,kode\nuraian,Rapat-rapat Koordinasi,7.01.01.2.06.9999\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES / SEEDS["kalaena"]), "--out", str(out),
                                       "--overrides", str(overrides)])
    assert result.exit_code == 2
    assert "'Rapat-rapat Koordinasi'" in result.output and "7.01.01.2.06.9999" in result.output
    assert not (out / "_manifest.json").exists()
