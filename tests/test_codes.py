"""Canonical codes on the seeds' rows, region codes on their documents, and the review round trip."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from kinerja.cli import main
from kinerja.store import read_frame

from conftest import SAMPLES, SEEDS, copy_seeds


def _coded(seed, uraian):
    found = {(r["kode"], r["kode_match_status"]) for s in seed.values() for r in s.indicators if r["uraian"] == uraian}
    assert found, f"no row names {uraian!r}"
    return found


@pytest.mark.parametrize(
    ("uraian", "kode"),
    [
        ("Penyediaan Gaji dan Tunjangan ASN", "7.01.01.2.02.0001"),
        ("Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah Perencanaan Pembangunan di Desa",
         "7.01.03.2.01.0001"),
        ("Sinergitas dengan Kepolisian Negara Republik Indonesia, Tentara Nasional Indonesia dan Instansi Vertikal "
         "di Wilayah Kecamatan", "7.01.04.2.01.0001"),
        ("Pelaksanaan Tugas Forum Koordinasi Pimpinan di Kecamatan", "7.01.05.2.01.0008"),
        ("Koordinasi Pelaksanaan Pembangunan Kawasan Perdesaan di Wilayah Kecamatan", "7.01.06.2.01.0018"),
        ("Peningakatan Efektifitas Kegiatan Pemerintahan di Tingkat Kecamatan", "7.01.02.2.01.0002"),
        ("PROGRAM KOORDINASI KETENTRAMAN DAN KETERLIBATAN UMUM", "7.01.04"),
    ],
)
def test_seed_name_lands_on_its_national_code(seed, uraian, kode):
    assert _coded(seed, uraian) == {(kode, "accepted")}


def test_every_ikm_variant_in_the_seeds_gets_the_same_indicator_id(seed):
    ids = {
        r["indikator_id"]
        for s in seed.values() for r in s.indicators
        if r["indikator"] and "kepuasan masyarakat" in r["indikator"].lower() and "(ikm)" in r["indikator"].lower()
    }
    assert len(ids) == 1 and ids.pop().startswith("IKS-")


@pytest.mark.parametrize(
    ("name", "kode"),
    [("pallangga", "73.06.07"), ("bajeng", "73.06.02"), ("kaligondang", "33.03.04"),
     ("kalaena", "73.24.10"), ("pengadegan", "33.03.16")],
)
def test_seed_document_resolves_to_its_kecamatan_code(seed, name, kode):
    assert seed[name].document["kode_wilayah"] == kode


def test_kalaena_typo_kalena_in_running_titles_does_not_change_its_region(seed):
    doc = seed["kalaena"].document
    assert (doc["kecamatan"], doc["kabupaten"], doc["provinsi"]) == (
        "Kalaena", "Kabupaten Luwu Timur", "Sulawesi Selatan",
    )


def test_a_confident_match_gives_a_row_its_level(seed):
    row = next(r for r in seed["kalaena"].indicators
               if r["table_kind"] == "rkt" and r["uraian"] and r["uraian"].startswith("Sinergitas"))
    assert row["level"] == "sub_kegiatan" and row["kode_level"] == "sub_kegiatan"


def test_no_row_carries_a_code_that_was_not_accepted(seed):
    for s in seed.values():
        for r in s.indicators:
            if r["kode"] is not None:
                assert r["kode_match_status"] == "accepted"
            if r["indikator_id"] is not None:
                assert r["indikator_match_status"] == "accepted"


def test_review_round_trip_export_decide_apply_reingest(tmp_path):
    archive = copy_seeds(tmp_path / "archive")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(archive), "--out", str(out)]).exit_code == 0

    exported = tmp_path / "review.csv"
    result = runner.invoke(main, ["review", str(out), "--export", str(exported)])
    assert result.exit_code == 0, result.output
    with exported.open(newline="", encoding="utf-8-sig") as fh:
        queue = list(csv.DictReader(fh, delimiter=";"))
    assert queue and all(row["decision"] == "" for row in queue)
    assert {"candidate_1_kode", "candidate_3_score"} <= set(queue[0])

    accepted, rejected = queue[0], queue[1]
    accepted["decision"] = accepted["candidate_1_kode"]
    rejected["decision"] = "none"
    with exported.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(queue[0]))
        writer.writeheader()
        writer.writerows(queue)
    result = runner.invoke(main, ["review", str(out), "--apply", str(exported)])
    assert result.exit_code == 0, result.output

    def decided(frame, item):
        column = "uraian" if item["kind"] == "uraian" else "indikator"
        prefix = "kode" if item["kind"] == "uraian" else "indikator"
        code = "kode" if item["kind"] == "uraian" else "indikator_id"
        rows = frame[frame[column] == item["name"]]
        assert len(rows) == int(item["rows"])
        codes = [c if isinstance(c, str) else None for c in rows[code]]
        return set(zip(codes, rows[f"{prefix}_match_method"], rows[f"{prefix}_match_status"], strict=True))

    for frame in (read_frame(out, "indicators"),):
        assert decided(frame, accepted) == {(accepted["candidate_1_kode"], "override", "accepted")}
        assert decided(frame, rejected) == {(None, "override", "unmatched")}

    # rebuilding the dataset from the documents keeps the decisions
    assert runner.invoke(main, ["ingest", str(archive), "--out", str(out)]).exit_code == 0
    rebuilt = read_frame(out, "indicators")
    assert decided(rebuilt, accepted) == {(accepted["candidate_1_kode"], "override", "accepted")}
    assert (out / "overrides.csv").exists()


def test_decisions_saved_by_excel_with_semicolons_are_read(tmp_path):
    from kinerja.review import read_decisions

    saved = tmp_path / "review.csv"
    saved.write_text("kind;name;rows;decision\nuraian;Fasilitasi Kunjungan Tamu;1;7.01.01.2.06.0009\n"
                     "indikator;Jumlah usulan masyarakat;2;none\n", encoding="utf-8-sig")
    assert read_decisions(saved).decisions == {
        ("uraian", "Fasilitasi Kunjungan Tamu"): "7.01.01.2.06.0009",
        ("indikator", "Jumlah usulan masyarakat"): "none",
    }


def test_a_decision_naming_an_unknown_code_is_refused_and_nothing_changes(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(SAMPLES / SEEDS["kalaena"]), "--out", str(out)]).exit_code == 0
    before = read_frame(out, "indicators")
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,name,decision\nuraian,Fasilitasi Kunjungan Tamu,9.99.99\n", encoding="utf-8")
    result = runner.invoke(main, ["review", str(out), "--apply", str(bad)])
    assert result.exit_code != 0 and "9.99.99" in result.output
    assert not (out / "overrides.csv").exists()
    assert read_frame(out, "indicators").equals(before)
