"""Specification of region resolution: the kabupaten decides, typos resolve, duplicates never get guessed."""

from __future__ import annotations

from kinerja.normalize.regions import resolve_region
from kinerja.schema import canonical


def _kecamatan_named(name: str) -> list[str]:
    return [w.kode for w in canonical.wilayah() if w.level == "kecamatan" and w.nama.lower() == name.lower()]


def test_pallangga_in_gowa_resolves_to_73_06_07() -> None:
    result = resolve_region("Pallangga", "Gowa")
    assert (result.status, result.kode_wilayah) == ("accepted", "73.06.07")
    assert (result.kecamatan, result.kabupaten, result.provinsi) == (
        "Pallangga",
        "Kabupaten Gowa",
        "Sulawesi Selatan",
    )


def test_bajeng_in_kabupaten_gowa_resolves_to_73_06_02_not_bajeng_barat() -> None:
    assert resolve_region("BAJENG", "KABUPATEN GOWA").kode_wilayah == "73.06.02"
    assert resolve_region("Bajeng Barat", "Kab. Gowa").kode_wilayah == "73.06.18"


def test_kaligondang_without_kabupaten_resolves_to_33_03_04_because_it_is_unique() -> None:
    assert _kecamatan_named("Kaligondang") == ["33.03.04"]
    result = resolve_region("Kaligondang", None)
    assert (result.status, result.kode_wilayah, result.kabupaten) == (
        "accepted",
        "33.03.04",
        "Kabupaten Purbalingga",
    )


def test_pengadegan_without_kabupaten_resolves_to_33_03_16_because_it_is_unique() -> None:
    assert _kecamatan_named("Pengadegan") == ["33.03.16"]
    assert resolve_region("KECAMATAN PENGADEGAN", None).kode_wilayah == "33.03.16"


def test_the_typo_kalena_in_luwu_timur_resolves_to_kalaena_73_24_10() -> None:
    for written in ("KALENA", "Kalaena", "KALAEWA"):
        result = resolve_region(written, "Luwu Timur")
        assert (result.status, result.kode_wilayah, result.kecamatan) == (
            "accepted",
            "73.24.10",
            "Kalaena",
        ), written
    assert "fuzzy" in resolve_region("KALENA", "Kabupaten Luwu Timur").note


def test_a_kecamatan_name_used_in_several_kabupaten_is_not_guessed_without_the_kabupaten() -> None:
    codes = _kecamatan_named("Karanganyar")
    assert len(codes) > 1
    result = resolve_region("Karanganyar", None)
    assert (result.status, result.kode_wilayah) == ("unmatched", None)
    assert f"{len(codes)} kecamatan named" in result.note


def test_the_kabupaten_decides_between_kecamatan_of_the_same_name() -> None:
    codes = _kecamatan_named("Sukajadi")
    results = {resolve_region("Sukajadi", "Kota Bandung").kode_wilayah}
    assert len(codes) > 1
    assert results <= set(codes) and len(results) == 1
    assert canonical.wilayah_by_kode()[results.pop()[:5]].nama == "Kota Bandung"


def test_a_kecamatan_not_in_the_named_kabupaten_is_unmatched() -> None:
    result = resolve_region("Kaligondang", "Gowa")
    assert (result.status, result.kode_wilayah) == ("unmatched", None)
    assert "not resolved" in result.note


def test_an_unknown_kabupaten_is_unmatched_with_a_note() -> None:
    result = resolve_region("Pallangga", "Kabupaten Antah Berantah")
    assert result.kode_wilayah is None and "not recognised" in result.note


def test_kota_and_kabupaten_of_the_same_name_are_told_apart_by_the_word() -> None:
    assert resolve_region(None, "Kota Bogor").kode_wilayah == "32.71"
    assert resolve_region(None, "Kabupaten Bogor").kode_wilayah == "32.01"
    ambiguous = resolve_region(None, "Bogor")
    assert ambiguous.kode_wilayah is None and "Kota" in ambiguous.note


def test_the_provinsi_narrows_the_search() -> None:
    assert resolve_region("Pallangga", None, "Sulawesi Selatan").kode_wilayah == "73.06.07"
    assert resolve_region("Pallangga", None, "Jawa Tengah").kode_wilayah is None


def test_nothing_given_is_unmatched() -> None:
    assert resolve_region(None, None).status == "unmatched"
