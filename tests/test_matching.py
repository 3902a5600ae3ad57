"""Specification of the name matcher: the issue's names, spelling variants, levels, context, and the rule
that a wrong code is worse than no code (precision over recall on real document names)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kinerja.normalize.matching import Matcher, normalise_name
from kinerja.schema import canonical

LABELLED = Path(__file__).parent / "data" / "labelled_names.csv"
KECAMATAN = ("7.01",)
"""The unit of the seed documents: a kecamatan's names are matched within bidang 7.01 and the penunjang program."""


def _unit(row: dict[str, str]) -> tuple[str, ...] | None:
    """The labelled name's office bidang (`;`-separated, primary first); empty when its document names no unit."""
    return tuple(row["bidang"].split(";")) if row["bidang"] else None


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


def _labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _match(matcher: Matcher, row: dict[str, str]):
    if row["kind"] == "uraian":
        return matcher.match_uraian(row["name"], row["level"] or None, bidang=_unit(row))
    return matcher.match_indikator(row["name"], row["level"] or None, row["uraian_kode"] or None, bidang=_unit(row))


@pytest.mark.parametrize(
    ("name", "kode"),
    [
        ("Penyediaan Gaji dan Tunjangan ASN", "7.01.01.2.02.0001"),
        (
            "Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah Perencanaan Pembangunan di Desa",
            "7.01.03.2.01.0001",
        ),
        (
            "Sinergitas dengan Kepolisian Negara Republik Indonesia, Tentara Nasional Indonesia "
            "dan Instansi Vertikal di Wilayah Kecamatan",
            "7.01.04.2.01.0001",
        ),
        ("Pelaksanaan Tugas Forum Koordinasi Pimpinan di Kecamatan", "7.01.05.2.01.0008"),
        ("Koordinasi Pelaksanaan Pembangunan Kawasan Perdesaan di Wilayah Kecamatan", "7.01.06.2.01.0018"),
        ("Peningakatan Efektifitas Kegiatan Pemerintahan di Tingkat Kecamatan", "7.01.02.2.01.0002"),
        ("PROGRAM KOORDINASI KETENTRAMAN DAN KETERLIBATAN UMUM", "7.01.04"),
    ],
)
def test_issue_names_are_accepted_with_their_code(matcher: Matcher, name: str, kode: str) -> None:
    result = matcher.match_uraian(name, bidang=KECAMATAN)
    assert (result.status, result.kode) == ("accepted", kode), result


def test_the_ocr_slip_keterlibatan_is_a_fuzzy_match_not_an_exact_one(matcher: Matcher) -> None:
    result = matcher.match_uraian("PROGRAM KOORDINASI KETENTRAMAN DAN KETERLIBATAN UMUM", bidang=KECAMATAN)
    assert result.method == "fuzzy"
    assert result.level == "program"


def test_every_ikm_variant_in_the_seeds_gets_the_same_id(matcher: Matcher) -> None:
    ikm = next(e.id for e in canonical.indikator() if e.nama == "Indeks Kepuasan Masyarakat (IKM)")
    variants = [
        "Indeks Kepuasan Masyarakat (IKM)",
        "Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan",
        "Indeks Kepuasan Masyarakat (IKM) Kecamatan",
        "2 Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan",
        "1. Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan",
        "Hasil pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan",
    ]
    results = {v: matcher.match_indikator(v, "sasaran_strategis", bidang=KECAMATAN) for v in variants}
    assert {v: (r.status, r.kode) for v, r in results.items()} == {v: ("accepted", ikm) for v in variants}


def test_nilai_sakip_followed_by_the_kecamatan_name_is_nilai_sakip(matcher: Matcher) -> None:
    plain = matcher.match_indikator("Nilai SAKIP", bidang=KECAMATAN)
    named = matcher.match_indikator("1. Nilai SAKIP Kecamatan Kaligondang", bidang=KECAMATAN)
    assert plain.accepted and named.accepted
    assert plain.kode == named.kode and plain.kode.startswith("IKS-")


def test_an_official_indicator_matches_to_the_code_of_its_sub_kegiatan(matcher: Matcher) -> None:
    result = matcher.match_indikator("1. Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", "sub_kegiatan",
                                    bidang=KECAMATAN)
    assert (result.kode, result.level) == ("7.01.01.2.02.0001", "sub_kegiatan")


def test_an_indicator_that_looks_like_a_siblings_official_indicator_is_left_for_review(
    matcher: Matcher,
) -> None:
    # Seed 002 writes the Kelurahan sub kegiatan's indicator, with "Desa", under the Desa sub kegiatan.
    result = matcher.match_indikator(
        "Jumlah Laporan Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah Perencanaan "
        "Pembangunan di Desa",
        "sub_kegiatan",
        uraian_kode="7.01.03.2.01.0001",
        bidang=KECAMATAN,
    )
    assert result.kode is None and result.status == "review"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (
            "1. Program Penunjang Urusan Pemerintah Daerah Kabupaten/ Kota",
            "penunjang urusan pemerintah daerah kabupaten kota",
        ),
        (
            "A. Program Koordinasi Ketentraman Dan Ketertiban Umum",
            "koordinasi ketenteraman dan ketertiban umum",
        ),
        (
            "2 Hasil Pengukuran  Indeks Kepuasan Masyarakat (IKM)",
            "hasil pengukuran indeks kepuasan masyarakat ikm",
        ),
        ("Presentase Dokumen", "persentase dokumen"),
        ("Prosentase Temuan", "persentase temuan"),
        ("Percentase Barang", "persentase barang"),
        ("Peningakatan Efektifitas Kegiatan", "peningkatan efektivitas kegiatan"),
        ("PROGRAM/ KEGITAN/ SUB KEGIATAN", "kegiatan sub kegiatan"),
        ("Sub Kegiatan Penyediaan Gaji dan Tunjangan ASN", "penyediaan gaji dan tunjangan asn"),
        ("Koordinasi dan Penyusunan Perubahan DPA- SKPD", "koordinasi dan penyusunan perubahan dpa skpd"),
    ],
)
def test_normalise_name(raw: str, normalised: str) -> None:
    assert normalise_name(raw) == normalised


def test_normalisation_is_idempotent_on_every_canonical_name() -> None:
    names = [e.nama for e in canonical.nomenklatur()] + [e.nama for e in canonical.indikator()]
    assert [n for n in names if normalise_name(normalise_name(n)) != normalise_name(n)] == []


def test_without_a_level_the_confident_match_gives_the_level(matcher: Matcher) -> None:
    assert matcher.match_uraian("Administrasi Keuangan Perangkat Daerah", bidang=KECAMATAN).level == "kegiatan"
    assert matcher.match_uraian("Program Penyelenggaraan Urusan Pemerintahan Umum", bidang=KECAMATAN).level == "program"


def test_an_exact_name_on_another_level_than_the_row_says_is_still_accepted(matcher: Matcher) -> None:
    result = matcher.match_uraian("Penyediaan Gaji dan Tunjangan ASN", level="kegiatan", bidang=KECAMATAN)
    assert (result.status, result.level) == ("accepted", "sub_kegiatan")


def test_a_fuzzy_name_on_another_level_than_the_row_says_is_only_a_review(matcher: Matcher) -> None:
    assert matcher.match_uraian("Penyediaan Gaji dan Tunjangn ASN", bidang=KECAMATAN).accepted
    result = matcher.match_uraian("Penyediaan Gaji dan Tunjangn ASN", level="program", bidang=KECAMATAN)
    assert result.status == "review" and result.kode is None
    assert result.candidates[0].kode == "7.01.01.2.02.0001"


def test_context_decides_between_the_desa_and_the_kelurahan_sub_kegiatan(matcher: Matcher) -> None:
    truncated = "Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah Perencanaan Pembangunan"
    alone = matcher.match_uraian(truncated, "sub_kegiatan", bidang=KECAMATAN)
    desa = matcher.match_uraian(truncated, "sub_kegiatan", context=["Koordinasi Kegiatan Pemberdayaan Desa"],
                                bidang=KECAMATAN)
    kelurahan = matcher.match_uraian(
        truncated,
        "sub_kegiatan",
        context=["Program Pemberdayaan Masyarakat Desa dan Kelurahan", "Kegiatan Pemberdayaan Kelurahan"],
        bidang=KECAMATAN,
    )
    assert alone.status == "review"
    assert (desa.status, desa.kode) == ("accepted", "7.01.03.2.01.0001")
    assert (kelurahan.status, kelurahan.kode) == ("accepted", "7.01.03.2.02.0001")


def test_context_does_not_lift_a_weak_match(matcher: Matcher) -> None:
    result = matcher.match_uraian(
        "Penyediaan Makanan dan Minuman", context=["Administrasi Umum Perangkat Daerah"], bidang=KECAMATAN
    )
    assert not result.accepted


def test_the_aceh_duplicate_is_chosen_only_for_aceh() -> None:
    name = "Koordinasi Upaya Penyelenggaraan Ketentraman dan Ketertiban Umum"
    assert Matcher().match_uraian(name, bidang=KECAMATAN).kode == "7.01.04.2.01"
    assert Matcher(khusus={"aceh"}).match_uraian(name, bidang=KECAMATAN).kode == "7.01.04.2.03"


def test_overrides_win_over_everything() -> None:
    overrides = {
        ("uraian", normalise_name("Penyediaan Gaji dan Tunjangan ASN")): "none",
        (
            "uraian",
            normalise_name("Rapat-rapat Koordinasi dan Konsultasi ke Luar Daerah"),
        ): "7.01.01.2.06.0009",
    }
    matcher = Matcher(overrides)
    vetoed = matcher.match_uraian("Penyediaan Gaji dan Tunjangan ASN", bidang=KECAMATAN)
    forced = matcher.match_uraian("Rapat-rapat Koordinasi dan Konsultasi ke Luar Daerah", bidang=KECAMATAN)
    assert (vetoed.method, vetoed.status, vetoed.kode) == ("override", "unmatched", None)
    assert (forced.method, forced.status, forced.kode) == ("override", "accepted", "7.01.01.2.06.0009")


def test_an_override_to_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError):
        Matcher({("uraian", "apa saja"): "7.99.99"})


def test_candidates_are_three_distinct_codes_best_first(matcher: Matcher) -> None:
    result = matcher.match_uraian(
        "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah", bidang=KECAMATAN
    )
    scores = [c.score for c in result.candidates]
    assert len(result.candidates) == 3
    assert len({c.kode for c in result.candidates}) == 3
    assert scores == sorted(scores, reverse=True)


def test_a_match_left_for_review_carries_no_code(matcher: Matcher) -> None:
    result = matcher.match_uraian(
        "1. Pelaksanaan Urusan Pemerintahan yang Terkait dengan Pelayanan", "sub_kegiatan", bidang=KECAMATAN
    )
    assert result.status == "review"
    assert (result.kode, result.nama, result.level) == (None, None, None)
    assert result.candidates[0].kode == "7.01.02.2.04.0001"


def test_repeated_names_are_served_from_the_cache() -> None:
    matcher = Matcher()
    first = matcher.match_uraian("  1. Penyediaan Jasa Surat Menyurat", bidang=KECAMATAN)
    again = matcher.match_uraian("A. PENYEDIAAN JASA SURAT MENYURAT", bidang=KECAMATAN)
    assert again is first
    assert matcher.cache_info()["uraian"].hits >= 1


def test_empty_and_numeric_names_are_unmatched(matcher: Matcher) -> None:
    for name in ("", "   ", "1.", "25%", "TW I"):
        assert not matcher.match_uraian(name, bidang=KECAMATAN).accepted


def test_decoys_are_never_accepted(matcher: Matcher) -> None:
    decoys = [row for row in _labelled() if row["kode"] == "none"]
    accepted = {row["name"]: _match(matcher, row).kode for row in decoys if _match(matcher, row).accepted}
    assert len(decoys) >= 80
    assert accepted == {}


def test_labelled_names_cover_both_kinds_and_name_only_known_codes() -> None:
    rows = _labelled()
    known = set(canonical.nomenklatur_by_kode()) | set(canonical.indikator_by_id())
    assert len(rows) >= 150
    assert {r["kind"] for r in rows} == {"uraian", "indikator"}
    assert [r["kode"] for r in rows if r["kode"] != "none" and r["kode"] not in known] == []


def test_precision_and_recall_on_labelled_document_names(matcher: Matcher, report) -> None:
    rows = _labelled()
    true_pos = false_pos = 0
    positives = sum(1 for row in rows if row["kode"] != "none")
    wrong: list[str] = []
    for row in rows:
        result = _match(matcher, row)
        gold = None if row["kode"] == "none" else row["kode"]
        if result.accepted:
            if result.kode == gold:
                true_pos += 1
            else:
                false_pos += 1
                wrong.append(f"{row['name']!r}: {result.kode} (label {row['kode']})")
    precision = true_pos / max(true_pos + false_pos, 1)
    recall = true_pos / positives
    figures = (
        f"precision={precision:.3f} recall={recall:.3f} "
        f"({true_pos} right, {false_pos} wrong, {positives} labelled)"
    )
    summary = f"matcher on {len(rows)} labelled names: {figures}"
    report(summary)
    assert precision >= 0.98, f"{summary}; wrong: {wrong}"
    assert recall >= 0.90, summary
