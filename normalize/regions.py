"""Resolve a document's kecamatan/kabupaten/provinsi names to a Kemendagri region code (`73.06.07`).

Titles carry the names with typos (`KALENA` for Kalaena, `KALAEWA`), with or without "Kabupaten"/"Kab."/
"Kota", and sometimes without the kabupaten at all. Many kecamatan names repeat across Indonesia, so the
kabupaten decides; without it a name resolves only when it is unique nationally. Never guess: an unresolved
region is returned with `kode_wilayah=None` and a note saying why, so the caller can pass more context.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..schema import canonical

KAB_ACCEPT = 88.0
"""A fuzzy kabupaten name must score this much…"""
KAB_MARGIN = 5.0
"""…and lead the next kabupaten by this much."""
KEC_ACCEPT_LOCAL = 80.0
"""Inside one kabupaten (10–40 kecamatan) a typo like KALENA→Kalaena (92) is safe at this score…"""
KEC_MARGIN_LOCAL = 8.0
KEC_ACCEPT_NATIONAL = 92.0
"""…but among 7,285 kecamatan only a near-exact name far ahead of the rest is."""
KEC_MARGIN_NATIONAL = 10.0

_PREFIXES = re.compile(r"^(?:kecamatan|kec|kabupaten|kab|kota|kotamadya|provinsi|prov|propinsi)\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_PAREN = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class RegionMatch:
    kode_wilayah: str | None
    kecamatan: str | None
    kabupaten: str | None
    provinsi: str | None
    score: float
    status: str  # accepted | unmatched
    note: str


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def _split_kind(text: str | None) -> tuple[str, str | None]:
    """'Kab. Gowa' → ('gowa', 'kabupaten'), 'Kota Bogor' → ('bogor', 'kota'): tells Kab X from Kota X."""
    if not text:
        return "", None
    plain = _plain(text)
    kind = None
    while True:
        found = _PREFIXES.match(plain)
        if not found:
            break
        word = found.group(0).strip()
        if word in ("kab", "kabupaten"):
            kind = "kabupaten"
        elif word in ("kota", "kotamadya"):
            kind = "kota"
        plain = plain[found.end() :]
    return plain.strip(), kind


def _names(nama: str) -> list[str]:
    """A region's searchable names: 'Misool (Misool Utara)' is found as either."""
    names = [_plain(_PAREN.sub(" ", nama))]
    names += [_plain(inner) for inner in _PAREN.findall(nama)]
    return [n for n in names if n]


@dataclass(frozen=True)
class _Index:
    kab_keys: tuple[str, ...]
    kab_codes: tuple[str, ...]
    kab_kind: dict[str, str]
    kec_by_parent: dict[str, tuple[tuple[str, str], ...]]
    kec_keys: tuple[str, ...]
    kec_codes: tuple[str, ...]


@lru_cache(maxsize=1)
def _index() -> _Index:
    kab_keys: list[str] = []
    kab_codes: list[str] = []
    kab_kind: dict[str, str] = {}
    kec_keys: list[str] = []
    kec_codes: list[str] = []
    by_parent: dict[str, list[tuple[str, str]]] = {}
    for w in canonical.wilayah():
        if w.level == "kabupaten":
            key, kind = _split_kind(w.nama)
            kab_keys.append(key)
            kab_codes.append(w.kode)
            kab_kind[w.kode] = kind or "kabupaten"
        elif w.level == "kecamatan":
            for key in _names(w.nama):
                kec_keys.append(key)
                kec_codes.append(w.kode)
                by_parent.setdefault(w.parent_kode or "", []).append((key, w.kode))
    return _Index(
        tuple(kab_keys),
        tuple(kab_codes),
        kab_kind,
        {k: tuple(v) for k, v in by_parent.items()},
        tuple(kec_keys),
        tuple(kec_codes),
    )


def _resolve_provinsi(provinsi: str | None) -> tuple[str | None, str]:
    if not provinsi:
        return None, ""
    key, _ = _split_kind(provinsi)
    provs = [w for w in canonical.wilayah() if w.level == "provinsi"]
    keys = [_plain(w.nama) for w in provs]
    hits = process.extract(key, keys, scorer=fuzz.ratio, limit=2)
    if hits and hits[0][1] >= KAB_ACCEPT and (len(hits) < 2 or hits[0][1] - hits[1][1] >= KAB_MARGIN):
        return provs[hits[0][2]].kode, ""
    return None, f"provinsi {provinsi!r} not recognised"


def _resolve_kabupaten(kabupaten: str, prov_kode: str | None) -> tuple[list[str], float, str]:
    """Codes the kabupaten name may mean (Kab X and Kota X both, unless the text says which), score, note."""
    idx = _index()
    key, kind = _split_kind(kabupaten)
    pairs = [
        (k, c)
        for k, c in zip(idx.kab_keys, idx.kab_codes, strict=True)
        if (prov_kode is None or c.startswith(prov_kode + ".")) and (kind is None or idx.kab_kind[c] == kind)
    ]
    exact = [c for k, c in pairs if k == key]
    if exact:
        return exact, 100.0, ""
    if not pairs or not key:
        return [], 0.0, f"kabupaten {kabupaten!r} not recognised"
    hits = process.extract(key, [k for k, _ in pairs], scorer=fuzz.ratio, limit=5)
    best_key, best_score = hits[0][0], hits[0][1]
    others = [s for k, s, _ in hits[1:] if k != best_key]
    if best_score >= KAB_ACCEPT and (not others or best_score - others[0] >= KAB_MARGIN):
        return [c for k, c in pairs if k == best_key], float(best_score), ""
    return (
        [],
        float(best_score),
        f"kabupaten {kabupaten!r} not recognised (best {best_key!r} at {best_score:.0f})",
    )


def _result(kode: str, score: float, note: str = "") -> RegionMatch:
    by_kode = canonical.wilayah_by_kode()
    kec = by_kode[kode] if kode.count(".") == 2 else None
    kab = by_kode[kode[:5]] if kode.count(".") >= 1 else None
    prov = by_kode[kode[:2]]
    return RegionMatch(
        kode_wilayah=kode,
        kecamatan=kec.nama if kec else None,
        kabupaten=kab.nama if kab else None,
        provinsi=prov.nama,
        score=round(score, 2),
        status="accepted",
        note=note,
    )


def _unmatched(note: str, score: float = 0.0) -> RegionMatch:
    return RegionMatch(None, None, None, None, round(score, 2), "unmatched", note)


@lru_cache(maxsize=65536)
def warm_regions() -> None:
    """Build the region index ahead of the first document (a fork server shares it with its workers)."""
    _index()


def resolve_region(kecamatan: str | None, kabupaten: str | None, provinsi: str | None = None) -> RegionMatch:
    """Resolve to the kecamatan code, or to the kabupaten code when only a kabupaten is given."""
    prov_kode, prov_note = _resolve_provinsi(provinsi)
    if provinsi and prov_kode is None:
        return _unmatched(prov_note)

    kab_codes: list[str] = []
    kab_score = 100.0
    if kabupaten and kabupaten.strip():
        kab_codes, kab_score, note = _resolve_kabupaten(kabupaten, prov_kode)
        if not kab_codes:
            return _unmatched(note, kab_score)

    kec_key, _ = _split_kind(kecamatan)
    if not kec_key:
        if len(kab_codes) == 1:
            return _result(kab_codes[0], kab_score, "kabupaten only: no kecamatan given")
        if kab_codes:
            return _unmatched(
                f"{kabupaten!r} may be {' or '.join(kab_codes)} (Kabupaten or Kota); no kecamatan given"
            )
        return _unmatched("no kecamatan or kabupaten given")

    idx = _index()
    if kab_codes:
        pairs = [p for c in kab_codes for p in idx.kec_by_parent.get(c, ())]
        accept, margin_needed, scope = KEC_ACCEPT_LOCAL, KEC_MARGIN_LOCAL, "in " + "/".join(kab_codes)
    elif prov_kode:
        pairs = [
            (k, c) for k, c in zip(idx.kec_keys, idx.kec_codes, strict=True) if c.startswith(prov_kode + ".")
        ]
        accept, margin_needed, scope = KEC_ACCEPT_NATIONAL, KEC_MARGIN_NATIONAL, "in provinsi " + prov_kode
    else:
        pairs = list(zip(idx.kec_keys, idx.kec_codes, strict=True))
        accept, margin_needed, scope = KEC_ACCEPT_NATIONAL, KEC_MARGIN_NATIONAL, "nationally"

    exact = sorted({c for k, c in pairs if k == kec_key})
    if len(exact) == 1:
        return _result(exact[0], min(100.0, kab_score))
    if len(exact) > 1:
        return _unmatched(
            f"{len(exact)} kecamatan named {kecamatan!r} {scope} ({', '.join(exact[:6])}"
            f"{', …' if len(exact) > 6 else ''}); pass the kabupaten",
            100.0,
        )
    if not pairs:
        return _unmatched(f"no kecamatan known {scope}")
    hits = process.extract(kec_key, [k for k, _ in pairs], scorer=fuzz.ratio, limit=10)
    best_index = hits[0][2]
    best_code, best_score = pairs[best_index][1], float(hits[0][1])
    runner = next((float(s) for _, s, i in hits[1:] if pairs[i][1] != best_code), 0.0)
    if best_score >= accept and best_score - runner >= margin_needed:
        return _result(best_code, best_score, f"fuzzy: {kecamatan!r} read as {pairs[best_index][0]!r}")
    return _unmatched(
        f"kecamatan {kecamatan!r} not resolved {scope}: best {pairs[best_index][0]!r} ({best_code}) at "
        f"{best_score:.0f}, runner-up at {runner:.0f}",
        best_score,
    )
