"""Words broken mid-word by narrow columns are rejoined; real word pairs are left alone."""

from __future__ import annotations

import pytest

from kinerja.normalize.words import Vocabulary, repair_words


@pytest.mark.parametrize(
    ("printed", "repaired"),
    [
        ("Peningkat an Efektifitas", "Peningkatan Efektifitas"),
        ("di Wilayah Kecamatan n", "di Wilayah Kecamatan"),
        ("Penyeleng garaan Urusan Pemerintah an Umum", "Penyelenggaraan Urusan Pemerintahan Umum"),
        ("Administrasi Kepegawai an", "Administrasi Kepegawaian"),
        ("Pengolaha n Administrasi", "Pengolahan Administrasi"),
        ("Bimbingan Teknis Implement asi Peraturan Perundang -Undangan",
         "Bimbingan Teknis Implementasi Peraturan Perundang-Undangan"),
        ("Listrik/Peneranga n Bangunan", "Listrik/Penerangan Bangunan"),
        ("musrenbangdes/m uskel", "musrenbangdes/muskel"),
        ("Pemeliharaan/Re habilitasi", "Pemeliharaan/Rehabilitasi"),
    ],
)
def test_broken_word_is_rejoined(printed, repaired):
    assert repair_words(printed, Vocabulary()) == repaired


@pytest.mark.parametrize(
    "printed",
    [
        "Pemberdayaan Masyarakat di Wilayah Kecamatan",
        "Desa dan Kelurahan",
        "Kepolisian Negara Republik Indonesia",
        "Jumlah SOP pelayanan yang disusun",
        "Nilai SAKIP OPD",
        "Persentase capaian 100 %",
    ],
)
def test_real_word_pairs_are_never_glued(printed):
    assert repair_words(printed, Vocabulary()) == printed


def test_a_word_the_document_prints_whole_elsewhere_is_known():
    vocab = Vocabulary.from_texts(["Musrenbangdes dilaksanakan", "tahap Musrenbangdes"])
    assert repair_words("Musrenbang des", vocab) == "Musrenbangdes"


def test_a_speck_read_as_a_dot_inside_a_word_the_document_prints_whole_is_dropped():
    # Pasuruan PK-Perubahan phone scan: a speck between the P and the e of `Persen` is OCR'd as a full stop
    vocab = Vocabulary.from_texts(["Persen", "Dokumen"])
    assert repair_words("P.ersen", vocab) == "Persen"
    assert repair_words("S.Pd", vocab) == "S.Pd"  # abbreviations keep their dots
    assert repair_words("Kab.Bandung", vocab) == "Kab.Bandung"
    assert repair_words("No.urut", vocab) == "No.urut"  # the join is no known word
