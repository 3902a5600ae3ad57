"""The five seed documents, end to end: the values a reader sees on the page are the values in the dataset."""

from __future__ import annotations

import pytest

from kinerja.extract import headers as h

from helpers import one, quarter_values, rows

# --- 000 Pallangga 2024, rencana aksi (three side-by-side bands, stacked and inline TW cells) -------------


def test_pallangga_is_a_2024_rencana_aksi_of_gowa(seed):
    doc = seed["pallangga"].document
    assert (doc["doc_type"], doc["kecamatan"], doc["kabupaten"], doc["tahun"]) == (
        "rencana_aksi", "Pallangga", "Kabupaten Gowa", 2024,
    )


def test_pallangga_ikm_tw2_is_86_92_and_tw4_87_with_no_target_in_tw1_and_tw3(seed):
    ikm = one(seed["pallangga"], "Indeks Kepuasan Masyarakat")
    assert quarter_values(seed["pallangga"], ikm) == {"TW1": None, "TW2": 86.92, "TW3": None, "TW4": 87.0}
    assert ikm["level"] == "sasaran_strategis"
    assert ikm["sasaran"] == "Meningkatnya kepuasan masyarakat terhadap pelayanan publik"


def test_pallangga_kuesioner_quarters_are_125_150_180_210(seed):
    row = one(seed["pallangga"], "Jumlah kuesioner yang disebarakan")
    assert quarter_values(seed["pallangga"], row) == {"TW1": 125, "TW2": 150, "TW3": 180, "TW4": 210}
    assert row["level"] == "sasaran_kegiatan"


def test_pallangga_program_share_is_71_43_three_times_then_100(seed):
    row = one(seed["pallangga"], "Persentase program dan kegiatan yang dilaksanakan sesuai perencanaan")
    assert quarter_values(seed["pallangga"], row) == {"TW1": 71.43, "TW2": 71.43, "TW3": 71.43, "TW4": 100}
    assert row["satuan"] == "%"


def test_pallangga_nilai_sakip_tw4_is_grade_bb(seed):
    row = one(seed["pallangga"], "Nilai SAKIP")
    q = quarter_values(seed["pallangga"], row)
    assert q["TW4"] == "BB"
    assert q["TW1"] is None and q["TW2"] is None and q["TW3"] is None


def test_pallangga_sarana_kelompok_rentan_gets_its_stacked_quarters_from_shifted_rows(seed):
    row = one(seed["pallangga"], "Jumlah sarana bagi kelompok rentan")
    assert quarter_values(seed["pallangga"], row) == {"TW1": 3, "TW2": 3, "TW3": 5, "TW4": 5}
    assert row["satuan"] == "unit"


# --- 001 Bajeng 2023, pengukuran kinerja --------------------------------------------------------------


def test_bajeng_ikm_target_85_baik_realisasi_82_71_capaian_97_31(seed):
    ikm = one(seed["bajeng"], "Indeks Kepuasan Masyarakat")
    assert (ikm["target"], ikm["target_label"]) == (85.0, "Baik")
    assert ikm["realisasi"] == 82.71 and ikm["realisasi_label"] == "Baik"
    assert ikm["capaian"] == 97.31
    assert ikm["table_kind"] == "pengukuran_kinerja"


def test_bajeng_usulan_target_65_usulan_realisasi_38_capaian_58_46(seed):
    for row in rows(seed["bajeng"], "Persentase usulan masyarakat yang diakomodir"):
        assert (row["target"], row["satuan"], row["realisasi"], row["capaian"]) == (65, "usulan", 38, 58.46)


def test_bajeng_nilai_sakip_target_is_grade_bb_and_realisasi_not_available(seed):
    row = one(seed["bajeng"], "Nilai SAKIP")
    assert row["target"] is None and row["target_label"] == "BB"
    assert row["realisasi"] is None and row["realisasi_raw"] == "N/A"


def test_bajeng_levels_follow_the_section_rows(seed):
    levels = [r["level"] for r in seed["bajeng"].indicators]
    assert levels == ["sasaran_strategis"] * 2 + ["sasaran_program"] * 6 + ["sasaran_kegiatan"] * 10


# --- 002 Kaligondang 2022, rencana aksi (TW label and value in separate cells) ------------------------


def test_kaligondang_nilai_sakip_quarters_are_cumulative_25_50_75_100_percent(seed):
    found = rows(seed["kaligondang"], "Nilai SAKIP Kecamatan Kaligondang")
    assert found, "Nilai SAKIP row missing"
    for row in found:
        assert quarter_values(seed["kaligondang"], row) == {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100}
        assert row["satuan"] == "%"


def test_kaligondang_ikm_prints_tw_iii_twice_with_50_and_70_percent(seed):
    from helpers import periods

    row = rows(seed["kaligondang"], "Hasil Pengukuran Indeks Kepuasan Masyarakat")[0]
    tw3 = [v for p, v in periods(seed["kaligondang"], row) if p == "TW3"]
    assert 50 in tw3 and 70 in tw3


def test_kaligondang_sub_kegiatan_under_their_kegiatan(seed):
    gaji = one(seed["kaligondang"], "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN")
    assert gaji["uraian"] == "Penyediaan Gaji dan Tunjangan ASN"
    assert gaji["level"] == "sub_kegiatan"


# --- 003 Kalaena 2024: tujuan/sasaran, IKU, PK, RKT and rencana aksi tables in one document ------------


def test_kalaena_has_its_tables_in_order(seed):
    kinds = []
    for r in seed["kalaena"].indicators:
        if not kinds or kinds[-1] != r["table_kind"]:
            kinds.append(r["table_kind"])
    assert kinds == ["tujuan_sasaran", "iku", "perjanjian_kinerja", "rkt", "rencana_aksi"]


def test_kalaena_ikm_tujuan_sasaran_targets_2022_to_2026(seed):
    from helpers import periods

    ikm = one(seed["kalaena"], "Indeks Kepuasan Masyarakat", table_kind="tujuan_sasaran")
    assert periods(seed["kalaena"], ikm) == [("2022", 85), ("2023", 87), ("2024", 90), ("2025", 95), ("2026", 98)]


def test_kalaena_pk_ikm_target_is_95(seed):
    assert one(seed["kalaena"], "Indeks Kepuasan Masyarakat", table_kind="perjanjian_kinerja")["target"] == 95


def test_kalaena_rkt_gaji_target_16_orang_bulan_budget_1_851_842_950(seed):
    row = [r for r in seed["kalaena"].indicators
           if r["table_kind"] == "rkt" and r["uraian"] == "Penyediaan Gaji dan Tunjangan ASN"]
    assert len(row) == 1
    assert (row[0]["target"], row[0]["satuan"], row[0]["anggaran"]) == (16, "Orang/Bulan", 1851842950)
    assert row[0]["level"] == "sub_kegiatan"


def test_kalaena_ra_non_perizinan_quarters_1_1_1_3_and_quarterly_rupiah(seed):
    row = one(seed["kalaena"], "Jumlah Dokumen Non Perizinan Usaha yang dilaksanakan", table_kind="rencana_aksi")
    assert quarter_values(seed["kalaena"], row) == {"TW1": 1, "TW2": 1, "TW3": 1, "TW4": 3}
    assert quarter_values(seed["kalaena"], row, "anggaran") == {
        "TW1": 1378000, "TW2": 1018000, "TW3": 1120000, "TW4": 1054000,
    }
    assert row["target"] == 6 and row["anggaran"] == 4570000


def test_kalaena_rkt_has_one_row_per_printed_program_kegiatan_and_sub_kegiatan(seed):
    rkt = [r for r in seed["kalaena"].indicators if r["table_kind"] == "rkt"]
    assert len(rkt) == 56
    assert sum(r["level"] == "program" for r in rkt) == 6


def test_kalaena_malformed_budget_is_repaired_and_said_so(seed):
    repaired = [r for r in seed["kalaena"].indicators if any("31.015.1250" in x for x in r["repairs"])]
    assert repaired and repaired[0]["anggaran"] == 310151250


def test_kalaena_broken_words_are_rejoined(seed):
    names = {r["uraian"] for r in seed["kalaena"].indicators if r["uraian"]}
    assert "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di Wilayah Kecamatan" in names
    assert not any("Peningkat an" in n or "Kecamatan n" in n for n in names)


# --- 004 Pengadegan 2022, one cell per line ----------------------------------------------------------


def test_pengadegan_nilai_evaluasi_pelayanan_publik_is_3_5_angka_every_quarter(seed):
    row = one(seed["pengadegan"], "Nilai evaluasi pelayanan publik")
    assert (row["satuan"], row["target"]) == ("Angka", 3.5)
    assert quarter_values(seed["pengadegan"], row) == {"TW1": 3.5, "TW2": 3.5, "TW3": 3.5, "TW4": 3.5}
    assert row["level"] == "program"


def test_pengadegan_nilai_sakip_opd_target_50_grade_cc(seed):
    row = one(seed["pengadegan"], "Nilai SAKIP OPD")
    assert (row["target"], row["target_label"], row["satuan"]) == (50, "CC", "Nilai")


def test_pengadegan_jamuan_rapat_3164_as_800_800_800_764(seed):
    row = one(seed["pengadegan"], "Tersedianya jamuan rapat")
    assert row["target"] == 3164
    assert quarter_values(seed["pengadegan"], row) == {"TW1": 800, "TW2": 800, "TW3": 800, "TW4": 764}
    assert row["uraian"] == "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"
    assert row["penanggung_jawab"] == "Sub Bagian Umum dan Kepegawaian"


def test_pengadegan_has_one_row_per_printed_record(seed):
    assert len(seed["pengadegan"].indicators) == 45


def test_pengadegan_word_broken_across_lines_is_whole(seed):
    row = one(seed["pengadegan"], "Jumlah desa/kelurahan yang melaksanakan")
    assert "musrenbangdes/muskel" in row["indikator"]


# --- all seeds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pallangga", "bajeng", "kaligondang", "kalaena", "pengadegan"])
def test_no_row_comes_from_a_header_title_or_narrative(seed, name):
    for row in seed[name].indicators:
        for text in (row["indikator"], row["uraian"], row["sasaran"]):
            if not text:
                continue
            assert h.header_role(text) is None, f"header text as data: {text!r}"
            assert not text.upper().startswith(("RENCANA AKSI", "TABEL", "BAB ")), text
            assert len(text) < 400, f"narrative as data: {text[:80]!r}"


@pytest.mark.parametrize("name", ["pallangga", "bajeng", "kaligondang", "kalaena", "pengadegan"])
def test_every_row_knows_the_line_it_was_printed_on(seed, name):
    for row in seed[name].indicators:
        assert row["line"] is not None and row["line_last"] >= row["line"]
    for period in seed[name].periods:
        assert period["line"] is not None
