"""Audit rules, each with a consistent and an inconsistent case, on small frames that follow the schema.

Numbers come from the seed documents where they name the problem: Kaligondang 2022 (seed 002), Kalaena 2024
(seed 003) and Pengadegan 2022 (seed 004).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from kinerja.audit import RULES, audit, prepare, run_audit, write_findings
from kinerja.audit.modes import infer_mode
from kinerja.schema import FINDINGS, to_arrow

# ------------------------------------------------------------------------------------------------
# Row builders with defaults


def document(**kw: Any) -> dict[str, Any]:
    row = dict(
        doc_id="d1",
        source_path="seed.txt",
        doc_type="rencana_aksi",
        kecamatan="Kalaena",
        kabupaten="Luwu Timur",
        tahun=2024,
        status="ok",
        schema_version="1.0",
    )
    row.update(kw)
    return row


def indicator(**kw: Any) -> dict[str, Any]:
    row = dict(
        doc_id="d1",
        table_index=0,
        row_index=0,
        table_kind="rencana_aksi",
        line=10,
        indikator="Indeks Kepuasan Masyarakat (IKM)",
    )
    row.update(kw)
    if "target_raw" not in kw and row.get("target") is not None:
        row["target_raw"] = _show(row["target"])
    if "anggaran_raw" not in kw and row.get("anggaran") is not None:
        row["anggaran_raw"] = _show(row["anggaran"])
    return row


def _show(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".") if float(x).is_integer() else str(x).replace(".", ",")


def number(raw: str | None) -> float | None:
    """A tiny reader for test cells: '-', blank, BB → None; `42.750.000` → 42750000; `82,71` → 82.71."""
    if raw is None or raw.strip() in ("", "-"):
        return None
    text = re.sub(r"[^\d.,-]", "", raw.split()[0])
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return float(text.replace(",", "."))
    except ValueError:  # no digits, or a misprint the test sets by hand
        return None


def quarters(raws: list[str | None], measure: str = "target", **kw: Any) -> list[dict[str, Any]]:
    """One periods row per printed quarter cell; a list longer than four repeats quarters (TW III twice)."""
    names = kw.pop("periods", None) or [f"TW{i + 1}" for i in range(len(raws))]
    rows = []
    for i, (period, raw) in enumerate(zip(names, raws, strict=True)):
        row = dict(
            doc_id="d1",
            table_index=0,
            row_index=0,
            period=period,
            measure=measure,
            raw=raw,
            value=number(raw),
            line=11 + i,
        )
        row.update(kw)
        rows.append(row)
    return rows


def years(values: dict[str, str], **kw: Any) -> list[dict[str, Any]]:
    return quarters(list(values.values()), periods=list(values), **kw)


def findings(
    inds: list[dict], pers: list[dict] | None = None, docs: list[dict] | None = None, rule: str | None = None
) -> pd.DataFrame:
    """Audit frames built through the schema; only `rule`'s findings when given."""
    docs = docs if docs is not None else [document()]
    data = prepare(
        to_arrow("documents", docs).to_pandas(),
        to_arrow("indicators", inds).to_pandas(),
        to_arrow("periods", pers or []).to_pandas(),
    )
    out = audit(data, [rule] if rule else None)
    assert list(out.columns) == FINDINGS.names
    return out


# ------------------------------------------------------------------------------------------------
# Quarterly modes

PENGADEGAN = [  # seed 004: satuan, annual target, TW I…IV, all of which fit a mode
    ("Nilai", "81.30", ["81,30"] * 4),
    ("Angka", "3,5", ["3,5"] * 4),
    ("Persen", "100", ["25", "50", "75", "100"]),
    ("Kasus", "5", ["1", "1", "1", "2"]),
    ("Jenis", "5", ["5"] * 4),
    ("Angka", "6", ["6"] * 4),
    ("Desa", "9", ["0", "0", "9", "0"]),
    ("Kegiatan", "9", ["2", "2", "2", "3"]),
    ("Laporan", "12", ["3", "6", "9", "12"]),
    ("Kegiatan", "12", ["3", "3", "3", "3"]),
    ("Kegiatan", "2", ["0", "1", "0", "1"]),
    ("Bulan", "12", ["3", "3", "3", "3"]),
    ("Nilai", "50 (CC)", ["50 (CC)"] * 4),
    ("Dokumen", "1", ["0", "1", "0", "0"]),
    ("Dokumen", "6", ["2", "2", "2", "0"]),
    ("ASN", "15", ["15"] * 4),
    ("OK", "17", ["5", "4", "4", "4"]),
    ("Exp/Bulan", "2", ["2"] * 4),
    ("OK", "3164", ["800", "800", "800", "764"]),
    ("THL", "6", ["6"] * 4),
    ("Unit", "12", ["3", "3", "3", "3"]),
    ("Jenis", "3", ["1", "1", "1", "0"]),
    ("Unit", "1", ["1", "0", "0", "0"]),
]


def _pengadegan() -> tuple[list[dict], list[dict]]:
    inds, pers = [], []
    for i, (satuan, annual, tws) in enumerate(PENGADEGAN):
        inds.append(
            indicator(
                row_index=i,
                satuan=satuan,
                target=number(annual),
                target_raw=annual,
                indikator=f"Indikator {i}",
            )
        )
        pers += quarters(tws, row_index=i)
    return inds, pers


def test_pengadegan_quarterly_targets_all_fit_a_mode_so_no_quarterly_finding():
    inds, pers = _pengadegan()
    out = findings(inds, pers, [document(kecamatan="Pengadegan", tahun=2022)])
    assert not out["rule"].isin(["TW-MODE", "TW-CUM-DOWN", "TW-DUP"]).any(), out[["rule", "observed"]]


def test_pengadegan_jamuan_rapat_800_800_800_764_against_3164_is_per_quarter_counts_no_finding():
    assert infer_mode([800, 800, 800, 764], 3164) == "counts"
    out = findings(
        [indicator(satuan="OK", target=3164)], quarters(["800", "800", "800", "764"]), rule="TW-MODE"
    )
    assert out.empty


def test_musrenbang_0_0_9_0_against_9_skips_quarters_without_target_no_finding():
    assert infer_mode([0, 0, 9, 0], 9) != "none"
    assert findings([indicator(target=9)], quarters(["0", "0", "9", "0"]), rule="TW-MODE").empty


def test_100_percent_in_tw_iv_only_fits():
    out = findings([indicator(target=100, target_raw="100%")], quarters(["-", "-", "", "100%"]))
    assert not out["rule"].str.startswith("TW").any()


def test_cumulative_25_50_75_100_and_level_81_30_are_recognised():
    assert infer_mode([25, 50, 75, 100], 100) == "cumulative"
    assert infer_mode([81.30] * 4, 81.3) == "level"
    assert infer_mode([3, 3, 3, 3], 12) == "counts"


def test_count_target_planned_as_percent_progress_is_no_finding():
    out = findings(
        [indicator(target=12, target_raw="12 Laporan", satuan="Laporan")],
        quarters(["25%", "50%", "75%", "100%"]),
        rule="TW-MODE",
    )
    assert out.empty


def test_ikm_30_50_70_100_against_annual_95_fits_no_mode_tw_mode_warning():
    out = findings([indicator(target=95)], quarters(["30", "50", "70", "100"]), rule="TW-MODE")
    assert len(out) == 1
    f = out.iloc[0]
    assert f["severity"] == "warning"
    assert "95" in f["expected"] and "jumlah 250" in f["observed"]
    assert list(f["cells"]) == ["Target: 95", "TW I: 30", "TW II: 50", "TW III: 70", "TW IV: 100"]


def test_counts_3_3_3_3_against_annual_10_is_flagged():
    out = findings([indicator(target=10, satuan="Laporan")], quarters(["3", "3", "3", "3"]), rule="TW-MODE")
    assert out["rule"].tolist() == ["TW-MODE"]


def test_percent_quarters_against_percent_annual_are_not_excused_as_progress():
    out = findings(
        [indicator(target=95, target_raw="95%")], quarters(["30%", "50%", "70%", "100%"]), rule="TW-MODE"
    )
    assert len(out) == 1


def test_row_without_annual_target_is_checked_only_for_internal_consistency():
    out = findings([indicator(indikator="Jumlah Laporan")], quarters(["3", "1", "2", "5"]))
    assert out.empty


def test_cumulative_25_50_40_100_goes_down_tw_cum_down_error_not_tw_mode():
    out = findings([indicator(target=100)], quarters(["25", "50", "40", "100"]))
    assert out["rule"].tolist() == ["TW-CUM-DOWN"]
    assert out.iloc[0]["severity"] == "error"
    assert "TW II 50" in out.iloc[0]["message"] and "TW III 40" in out.iloc[0]["message"]


def test_percent_row_without_annual_that_goes_down_is_tw_cum_down():
    out = findings([indicator()], quarters(["30%", "50%", "40%", "100%"]), rule="TW-CUM-DOWN")
    assert len(out) == 1


def test_0_1_0_0_against_1_is_a_count_not_a_falling_cumulative():
    assert findings([indicator(target=1)], quarters(["0", "1", "0", "0"]), rule="TW-CUM-DOWN").empty


def test_kaligondang_ikm_tw_iii_printed_twice_50_and_70_percent_is_tw_dup_error():
    # seed 002: TW I 30%, TW II -, TW III 50%, TW IV -, TW III 70%, TW II -, TW III -, TW IV 100%
    raws = ["30%", "", "50%", "", "70%", "", "", "100%"]
    periods = ["TW1", "TW2", "TW3", "TW4", "TW3", "TW2", "TW3", "TW4"]
    out = findings(
        [indicator(indikator="Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan")],
        quarters(raws, periods=periods),
        [document(kecamatan="Kaligondang", tahun=2022)],
    )
    assert out["rule"].tolist() == ["TW-DUP"]  # the conflicting row is not also judged for its mode
    f = out.iloc[0]
    assert f["severity"] == "error"
    assert "TW III" in f["message"] and "50" in f["message"] and "70" in f["message"]
    assert list(f["cells"]) == ["TW III: 50%", "TW III: 70%"]


def test_quarter_repeated_with_same_value_or_blank_is_no_duplicate():
    raws = ["25%", "50%", "75%", "100%", "75%", ""]
    periods = ["TW1", "TW2", "TW3", "TW4", "TW3", "TW4"]
    assert findings([indicator(target=100)], quarters(raws, periods=periods)).empty


# ------------------------------------------------------------------------------------------------
# Budgets


def test_kalaena_pelayanan_umum_42_750_000_four_times_against_annual_42_750_000_is_budget_error():
    row = indicator(uraian="Penyediaan Jasa Pelayanan Umum Kantor", target=12, anggaran=42_750_000)
    out = findings([row], quarters(["42.750.000"] * 4, measure="anggaran"), rule="BUDGET-TW-SUM")
    assert len(out) == 1
    f = out.iloc[0]
    assert f["severity"] == "error"
    assert f["expected"] == "jumlah TW = Rp 42.750.000"
    assert f["observed"].endswith("= Rp 171.000.000")
    assert "disalin" in f["message"] and "copied" in f["message_en"]
    assert next(iter(f["cells"])) == "Anggaran: 42.750.000"


def test_kalaena_surat_menyurat_quarters_add_up_to_9_119_000_no_finding():
    row = indicator(uraian="Penyediaan Jasa Surat Menyurat", anggaran=9_119_000)
    tws = ["2.402.500", "2.238.000", "2.240.500", "2.238.000"]
    assert findings([row], quarters(tws, measure="anggaran"), rule="BUDGET-TW-SUM").empty


def test_quarter_budgets_with_dash_quarters_are_summed_over_printed_ones():
    row = indicator(uraian="Penyediaan Jasa Peralatan dan Perlengkapan Kantor", anggaran=5_900_000)
    tws = ["2.950.000", "-", "2.950.000", "-"]
    assert findings([row], quarters(tws, measure="anggaran"), rule="BUDGET-TW-SUM").empty


def _ketentraman(second_kegiatan_budget: float) -> list[dict]:
    rows = [  # seed 003 RKT, Program Koordinasi Ketentraman dan Ketertiban Umum
        ("program", "PROGRAM KOORDINASI KETENTRAMAN DAN KETERTIBAN UMUM", 21_349_000),
        ("kegiatan", "Koordinasi Upaya Penyelenggaraan Ketenteraman dan Ketertiban Umum", 19_340_000),
        ("sub_kegiatan", "Sinergitas dengan Kepolisian Negara Republik Indonesia", 12_523_000),
        ("sub_kegiatan", "Harmonisasi Hubungan Dengan Tokoh Agama dan Tokoh Masyarakat", 6_817_000),
        (
            "kegiatan",
            "Koordinasi Upaya Penyelenggaraan Ketenteraman dan Ketertiban Umum",
            second_kegiatan_budget,
        ),
        ("sub_kegiatan", "Koordinasi/ Sinergi Dengan Perangkat Daerah", 2_009_000),
    ]
    return [
        indicator(row_index=i, table_kind="rkt", level=lv, uraian=u, anggaran=a, indikator=f"Indikator {i}")
        for i, (lv, u, a) in enumerate(rows)
    ]


def test_kalaena_pemberdayaan_program_equals_its_kegiatan_equals_its_sub_kegiatan_no_finding():
    rows = [
        ("program", "PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN", 96_774_000),
        ("kegiatan", "Koordinasi Kegiatan Pemberdayaan Desa", 96_774_000),
        ("sub_kegiatan", "Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah", 10_893_500),
        ("sub_kegiatan", "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat", 85_880_500),
    ]
    inds = [
        indicator(row_index=i, table_kind="rkt", level=lv, uraian=u, anggaran=a)
        for i, (lv, u, a) in enumerate(rows)
    ]
    assert findings(inds, rule="BUDGET-PARENT-SUM").empty


def test_kalaena_ketentraman_program_21_349_000_is_not_its_kegiatan_19_340_000_parent_sum_warning():
    out = findings(_ketentraman(19_340_000), rule="BUDGET-PARENT-SUM")
    program = out[out["row_index"] == 0]
    assert len(program) == 1
    assert program.iloc[0]["severity"] == "warning"
    assert program.iloc[0]["expected"].startswith("Rp 19.340.000")
    assert program.iloc[0]["observed"] == "Rp 21.349.000"
    # the second, same-named kegiatan claims 19.340.000 for a single 2.009.000 sub kegiatan
    assert (out["row_index"] == 4).sum() == 1


def test_parent_is_not_judged_when_a_child_has_no_budget():
    inds = _ketentraman(2_009_000)
    inds[3]["anggaran"] = inds[3]["anggaran_raw"] = None
    out = findings(inds, rule="BUDGET-PARENT-SUM")
    assert 1 not in out["row_index"].tolist()


def test_kalaena_surat_menyurat_9_707_000_in_rkt_but_9_119_000_in_ra_is_cross_table_warning():
    inds = [
        indicator(
            table_index=3, table_kind="rkt", uraian="Penyediaan Jasa Surat Menyurat", anggaran=9_707_000
        ),
        indicator(
            table_index=4,
            table_kind="rencana_aksi",
            uraian="1. Penyediaan Jasa Surat  Menyurat",
            anggaran=9_119_000,
        ),
    ]
    out = findings(inds, rule="BUDGET-CROSS-TABLE")
    assert len(out) == 1
    f = out.iloc[0]
    assert f["table_index"] == 4 and f["severity"] == "warning"
    assert "9.707.000" in f["message"] and "9.119.000" in f["message"]


def test_same_budget_in_rkt_and_ra_is_no_cross_table_finding():
    inds = [
        indicator(
            table_index=3, table_kind="rkt", uraian="Penyediaan Bahan Logistik Kantor", anggaran=3_061_250
        ),
        indicator(
            table_index=4,
            table_kind="rencana_aksi",
            uraian="Penyediaan Bahan Logistik Kantor",
            anggaran=3_061_250,
        ),
    ]
    assert findings(inds, rule="BUDGET-CROSS-TABLE").empty


def test_cross_table_budgets_are_matched_on_kode_when_present():
    inds = [
        indicator(
            table_index=3,
            table_kind="rkt",
            uraian="Penyediaan Barang Cetakan dan Penggandaan",
            anggaran=10_250_000,
        ),
        indicator(
            table_index=4,
            table_kind="rencana_aksi",
            uraian="Penyediaan Barang Cetak dan Penggandaan",
            anggaran=11_250_000,
        ),
    ]
    assert findings(inds, rule="BUDGET-CROSS-TABLE").empty  # the names differ: not known to be one uraian
    data = prepare(
        to_arrow("documents", [document()]).to_pandas(),
        to_arrow("indicators", inds).to_pandas().assign(kode="7.01.02.2.04.0004"),
        None,
    )
    assert audit(data, ["BUDGET-CROSS-TABLE"])["rule"].tolist() == ["BUDGET-CROSS-TABLE"]


# ------------------------------------------------------------------------------------------------
# Measurement


def test_capaian_equal_to_realisasi_over_target_is_no_finding():
    row = indicator(table_kind="pengukuran_kinerja", target=95, realisasi=82.71, capaian=87.06)
    assert findings([row], rule="CAPAIAN-CALC").empty


def test_capaian_90_for_realisasi_80_of_target_100_is_a_warning():
    row = indicator(table_kind="pengukuran_kinerja", target=100, realisasi=80, capaian=90)
    out = findings([row], rule="CAPAIAN-CALC")
    assert len(out) == 1 and out.iloc[0]["expected"] == "80%" and out.iloc[0]["observed"] == "90%"


def test_lower_is_better_capaian_may_use_two_target_minus_realisasi():
    lower = indicator(
        table_kind="pengukuran_kinerja", indikator="Angka Kematian Ibu", target=100, realisasi=80, capaian=120
    )
    assert findings([lower], rule="CAPAIAN-CALC").empty
    higher = dict(lower, indikator="Jumlah Desa yang Dibina")
    assert len(findings([higher], rule="CAPAIAN-CALC")) == 1


def test_realisasi_printed_but_unreadable_is_a_warning():
    row = indicator(table_kind="pengukuran_kinerja", target=12, realisasi=None, realisasi_raw="1O Laporan")
    out = findings([row], rule="VALUE-UNREADABLE")
    assert len(out) == 1 and list(out.iloc[0]["cells"]) == ["1O Laporan"]


def test_dash_na_and_grade_labels_are_not_unreadable():
    rows = [
        indicator(row_index=0, target=None, target_raw="-", realisasi=None, realisasi_raw="N/A"),
        indicator(row_index=1, target=None, target_raw="BB", target_label="BB"),
    ]
    pers = quarters(["-", "", "BB", "50%"], row_index=1)
    pers[2]["label"] = "BB"
    assert findings(rows, pers, rule="VALUE-UNREADABLE").empty


def test_quarter_cell_that_could_not_be_read_is_a_warning():
    pers = quarters(["25%", "5O%", "75%", "100%"])
    pers[1]["value"] = None
    out = findings([indicator(target=100)], pers, rule="VALUE-UNREADABLE")
    assert len(out) == 1 and "TW II" in out.iloc[0]["message"]


# ------------------------------------------------------------------------------------------------
# Same indicator, different targets


def _kalaena_ikm(tujuan_2024: str = "90") -> tuple[list[dict], list[dict]]:
    ikm = "Indeks Kepuasan Masyarakat (IKM)"
    inds = [
        indicator(table_index=0, table_kind="tujuan_sasaran", level="sasaran_strategis", indikator=ikm),
        indicator(table_index=2, table_kind="iku", indikator=ikm, satuan="Nilai"),
        indicator(table_index=3, table_kind="perjanjian_kinerja", indikator=ikm, target=95),
        indicator(table_index=4, table_kind="rkt", indikator=ikm, target=95),
        indicator(table_index=5, table_kind="rencana_aksi", indikator=ikm, target=95),
    ]
    pers = years({"2022": "85", "2023": "87", "2024": tujuan_2024, "2025": "95", "2026": "98"}, table_index=0)
    pers += years({"2022": "85", "2023": "90", "2024": "95", "2025": "100"}, table_index=2)
    return inds, pers


def test_kalaena_ikm_2024_target_90_in_tujuan_sasaran_but_95_in_iku_and_pk_is_target_mismatch_error():
    inds, pers = _kalaena_ikm("90")
    out = findings(inds, pers, rule="TARGET-MISMATCH")
    assert len(out) == 1
    f = out.iloc[0]
    assert f["severity"] == "error" and f["table_index"] == 0
    assert f["expected"] == "95" and f["observed"] == "90"
    assert "Tujuan/Sasaran" in f["message"] and "Perjanjian Kinerja" in f["message"] and "IKU" in f["message"]
    assert "Tujuan/Sasaran: 90" in list(f["cells"])


def test_kalaena_ikm_95_everywhere_is_no_mismatch():
    inds, pers = _kalaena_ikm("95")
    assert findings(inds, pers, rule="TARGET-MISMATCH").empty


def test_indicators_are_matched_on_indikator_id_when_present():
    inds = [
        indicator(
            table_index=3, table_kind="perjanjian_kinerja", indikator="Nilai SAKIP Kecamatan", target=70
        ),
        indicator(table_index=4, table_kind="rencana_aksi", indikator="Nilai AKIP OPD", target=65),
    ]
    assert findings(inds, rule="TARGET-MISMATCH").empty  # different names, no canonical id: not compared
    data = prepare(
        to_arrow("documents", [document()]).to_pandas(),
        to_arrow("indicators", inds).to_pandas().assign(indikator_id="SAKIP-NILAI"),
        None,
    )
    out = audit(data, ["TARGET-MISMATCH"])
    assert out["table_index"].tolist() == [4]


def test_a_table_giving_one_indicator_two_targets_accuses_no_other_table():
    name = "Jumlah Laporan Keuangan Bulanan/Triwulan/Semesteran SKPD"
    inds = [
        indicator(table_index=3, table_kind="rkt", row_index=0, indikator=name, target=12),
        indicator(table_index=4, table_kind="rencana_aksi", row_index=0, indikator=name, target=12),
        indicator(table_index=4, table_kind="rencana_aksi", row_index=1, indikator=name, target=100),
    ]
    assert findings(inds, rule="TARGET-MISMATCH").empty


def _yearly(values: dict[int, float], indikator: str = "Indeks Kepuasan Masyarakat (IKM)"):
    docs = [
        document(doc_id=f"d{y}", tahun=y, kecamatan="Pengadegan", kabupaten="Purbalingga") for y in values
    ]
    inds = [
        indicator(doc_id=f"d{y}", table_kind="perjanjian_kinerja", indikator=indikator, target=v)
        for y, v in values.items()
    ]
    return docs, inds


def test_ikm_target_dropping_from_90_in_2022_to_85_in_2023_is_target_drop_warning():
    docs, inds = _yearly({2022: 90, 2023: 85, 2024: 92})
    out = findings(inds, docs=docs, rule="TARGET-DROP")
    assert out["doc_id"].tolist() == ["d2023"]
    f = out.iloc[0]
    assert f["severity"] == "warning" and pd.isna(f["table_index"]) and f["kecamatan"] == "Pengadegan"
    assert f["expected"] == "≥ 90 (target 2022)" and f["observed"] == "85 (2023)"


def test_rising_targets_and_a_single_year_are_no_drop():
    docs, inds = _yearly({2022: 85, 2023: 87, 2024: 90})
    assert findings(inds, docs=docs, rule="TARGET-DROP").empty
    docs, inds = _yearly({2022: 85})
    assert findings(inds, docs=docs, rule="TARGET-DROP").empty


def test_lower_is_better_target_may_fall_but_not_rise():
    name = "Persentase Penurunan Angka Kemiskinan"
    docs, inds = _yearly({2022: 10, 2023: 8}, name)
    assert findings(inds, docs=docs, rule="TARGET-DROP").empty
    docs, inds = _yearly({2022: 8, 2023: 10}, name)
    assert findings(inds, docs=docs, rule="TARGET-DROP")["doc_id"].tolist() == ["d2023"]


# ------------------------------------------------------------------------------------------------
# Implausible values


def test_persentase_target_120_is_pct_over_100_warning():
    out = findings([indicator(indikator="Presentase Dokumen Perencanaan", target=120)], rule="PCT-OVER-100")
    assert len(out) == 1 and out.iloc[0]["observed"] == "120%"


def test_cakupan_realisasi_and_percent_quarter_over_100_are_flagged():
    inds = [indicator(row_index=0, indikator="Cakupan desa yang dibina", target=100, realisasi=105)]
    pers = quarters(["25%", "50%", "75%", "150%"], row_index=0)
    out = findings(inds, pers, rule="PCT-OVER-100")
    assert sorted(out["observed"]) == ["105%", "150%"]


def test_percentages_up_to_100_and_counts_above_100_are_not_flagged():
    inds = [
        indicator(row_index=0, indikator="Persentase layanan sesuai SOP", target=100, realisasi=98.5),
        indicator(row_index=1, indikator="Jumlah orang yang dilayani", target=3164, satuan="OK"),
        indicator(row_index=2, indikator="Persentase Dokumen", target=120, target_raw="120 Dokumen"),
    ]
    assert findings(inds, rule="PCT-OVER-100").empty


def test_negative_or_absurd_budget_is_an_error_and_a_kecamatan_budget_is_not():
    inds = [
        indicator(row_index=0, anggaran=2_590_643_300),
        indicator(row_index=1, anggaran=-4_570_000),
        indicator(row_index=2, anggaran=2e13, anggaran_raw="20.000.000.000.000"),
    ]
    out = findings(inds, rule="BUDGET-IMPLAUSIBLE")
    assert out["row_index"].tolist() == [1, 2]
    assert set(out["severity"]) == {"error"}


def test_kalaena_31_015_1250_repair_is_shown_as_a_warning():
    row = indicator(
        table_kind="rkt",
        uraian="Administrasi Umum Perangkat Daerah",
        anggaran=310_151_250,
        anggaran_raw="31.015.1250",
        repairs=["31.015.1250 read as 310151250"],
    )
    pers = quarters(["57.230.000", "38.290.00", "40.960.00", "38.290.000"], measure="anggaran")
    pers[1].update(value=38_290_000, repair="38.290.00 read as 38290000")
    pers[2].update(value=40_960_000, repair="40.960.00 read as 40960000")
    out = findings([row], pers, rule="VALUE-REPAIRED")
    assert len(out) == 3 and set(out["severity"]) == {"warning"}
    first = out[out["observed"] == "31.015.1250"].iloc[0]
    assert first["expected"] == "dibaca sebagai 310151250"
    assert list(first["cells"]) == ["31.015.1250"]
    assert "TW II" in " ".join(out["message"])


def test_rows_without_repairs_give_no_repair_finding():
    row = indicator(anggaran=1_790_000, repairs=[])
    assert findings([row], quarters(["644.000"], measure="anggaran"), rule="VALUE-REPAIRED").empty


# ------------------------------------------------------------------------------------------------
# Regional outliers


def _region(targets: list[float], satuan: str = "Nilai") -> tuple[list[dict], list[dict]]:
    docs = [document(doc_id=f"k{i}", kecamatan=f"Kecamatan {i}", tahun=2024) for i in range(len(targets))]
    inds = [
        indicator(doc_id=f"k{i}", table_kind="perjanjian_kinerja", satuan=satuan, target=t)
        for i, t in enumerate(targets)
    ]
    return docs, inds


def test_ikm_target_8_5_among_kecamatan_targets_near_85_is_a_regional_outlier():
    docs, inds = _region([81.3, 85, 82, 87, 90, 84, 86, 83, 88, 8.5])
    out = findings(inds, docs=docs, rule="TARGET-OUTLIER")
    assert out["doc_id"].tolist() == ["k9"]
    assert out.iloc[0]["severity"] == "info" and pd.isna(out.iloc[0]["row_index"])


def test_similar_targets_or_too_few_kecamatan_give_no_outlier():
    docs, inds = _region([81.3, 85, 82, 87, 90, 84, 86, 83, 88, 89])
    assert findings(inds, docs=docs, rule="TARGET-OUTLIER").empty
    docs, inds = _region([81.3, 85, 82, 87, 90, 84, 8.5])  # 7 documents
    assert findings(inds, docs=docs, rule="TARGET-OUTLIER").empty


def test_outliers_compare_same_satuan_only():
    docs, inds = _region([81.3, 85, 82, 87, 90, 84, 86, 83, 88])
    docs.append(document(doc_id="k9", kecamatan="Kecamatan 9"))
    inds.append(indicator(doc_id="k9", table_kind="perjanjian_kinerja", satuan="Persen", target=8.5))
    assert findings(inds, docs=docs, rule="TARGET-OUTLIER").empty


# ------------------------------------------------------------------------------------------------
# Contract and end to end


def test_every_rule_has_a_severity_and_both_titles():
    assert set(RULES) >= {"TW-MODE", "TW-DUP", "BUDGET-TW-SUM", "TARGET-MISMATCH", "TARGET-OUTLIER"}
    for rule in RULES.values():
        assert rule.severity in ("error", "warning", "info") and rule.title and rule.title_en and rule.needs


def _write(dataset: Path, name: str, rows: list[dict]) -> None:
    (dataset / name).mkdir(parents=True, exist_ok=True)
    pq.write_table(to_arrow(name, rows), dataset / name / "part-0.parquet")


def test_run_audit_reads_datasets_and_write_findings_is_atomic(tmp_path: Path):
    inds, pers = _kalaena_ikm("90")
    inds.append(
        indicator(
            table_index=6,
            row_index=1,
            uraian="Penyediaan Jasa Pelayanan Umum Kantor",
            indikator="Jumlah Laporan",
            target=12,
            anggaran=42_750_000,
        )
    )
    pers += quarters(["42.750.000"] * 4, measure="anggaran", table_index=6, row_index=1)
    _write(tmp_path, "documents", [document()])
    _write(tmp_path, "indicators", inds)
    _write(tmp_path, "periods", pers)
    out = run_audit(tmp_path)
    assert list(out.columns) == FINDINGS.names
    assert sorted(out["rule"]) == ["BUDGET-TW-SUM", "TARGET-MISMATCH"]
    path = write_findings(out, tmp_path)
    assert path == tmp_path / "findings" / "part-0.parquet"
    table = pq.read_table(path)
    assert table.schema.equals(FINDINGS, check_metadata=False)
    assert table.num_rows == 2
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    leftovers = [p.name for p in (tmp_path / "findings").iterdir()] + [p.name for p in tmp_path.iterdir()]
    assert not [n for n in leftovers if n.endswith(".tmp")]


def test_missing_datasets_give_no_findings(tmp_path: Path):
    out = run_audit(tmp_path)
    assert out.empty and list(out.columns) == FINDINGS.names


@pytest.mark.parametrize("name", ["1. Nilai SAKIP", "2 Nilai  SAKIP", "a. nilai sakip", "Nilai SAKIP."])
def test_indicator_names_are_normalised_before_matching(name: str):
    from kinerja.audit.rules import normalise_name

    assert normalise_name(pd.Series([name])).iloc[0] == "nilai sakip"
