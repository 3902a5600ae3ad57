"""Looking up valid codes for a person (`kinerja codes`): by code prefix or by the words of a name.

The list is the shipped national nomenclature, the bidang and the strategic indicators. A name search is a fuzzy
word search over the names normalised as the matcher normalises them, best first; a code prefix lists that branch
in code order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..schema import canonical
from .coding import read_printed_code
from .matching import normalise_name

_CODE_RE = re.compile(r"^(?:[0-9X]{1,2}(?:\.[0-9X]{1,4})*\.?|IKS-\d*)$", re.IGNORECASE)
_MIN_SCORE = 60.0


@dataclass(frozen=True)
class CodeEntry:
    kode: str
    level: str
    nama: str


def _entries(kind: str | None, bidang: str | None) -> list[CodeEntry]:
    if bidang is not None and bidang not in canonical.bidang_by_kode():
        raise ValueError(f"unknown bidang {bidang!r}; `kinerja codes --kind bidang` lists them")
    if kind == "bidang":
        return [CodeEntry(b.kode, "bidang", b.nama) for b in canonical.bidang() if bidang in (None, b.kode)]
    if kind == "indikator":
        return [CodeEntry(i.id, i.tingkat or "indikator", i.nama) for i in canonical.indikator()]
    out = []
    for entry in canonical.nomenklatur():
        if kind is not None and entry.level != kind:
            continue
        if bidang is not None:
            if not canonical.applies_to(entry, bidang):
                continue
            entry = canonical.expand(entry, bidang)
        out.append(CodeEntry(entry.kode, entry.level, entry.nama))
    return sorted(out, key=lambda e: _order(e.kode))


def _order(kode: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in kode.split("."))


def search_codes(search: str | None, kind: str | None = None, bidang: str | None = None) -> list[CodeEntry]:
    """The entries whose code starts with SEARCH, or whose name matches its words, best first."""
    text = (search or "").strip()
    if _CODE_RE.match(text) and not text.upper().startswith("IKS"):
        # a code as documents print it: SIPD's two-digit sub kegiatan (`1.02.01.2.01.01`), a unit prefix
        text = read_printed_code(text) or text
    if bidang is None and _CODE_RE.match(text) and text[:4] in canonical.bidang_by_kode():
        bidang = text[:4]  # a bidang's branch, its penunjang program (1.02.01…) included
    entries = _entries(kind, bidang)
    if not text:
        return entries
    if _CODE_RE.match(text):
        prefix = text.rstrip(".").upper() if text.upper().startswith(("X", "IKS")) else text.rstrip(".")
        return [e for e in entries if e.kode.upper() == prefix or e.kode.upper().startswith(prefix + ".")
                or (prefix.startswith("IKS") and e.kode.startswith(prefix))]
    query = normalise_name(text)
    names = [normalise_name(e.nama) for e in entries]
    hits = process.extract(query, names, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=_MIN_SCORE)
    ranked = sorted(hits, key=lambda hit: (-hit[1], _order(entries[hit[2]].kode)))
    return [entries[index] for _, _, index in ranked]
