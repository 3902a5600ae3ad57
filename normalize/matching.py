"""Match program/kegiatan/sub kegiatan names and indicator names onto the canonical lists.

Documents copy the national nomenclature with typos, truncations, OCR slips and local rewording, so names are
normalised and then looked up in this order: caller override → exact → alias → fuzzy (rapidfuzz). A wrong
code is worse than no code: a fuzzy match is accepted only when its score is high *and* it is well ahead of
the best different code; near misses go to `review` with the code left empty and the suggestion in
`candidates`.

The list is the whole national nomenclature, and the document's unit decides where a name is looked for
(`bidang`: the office's bidang, primary first, from `units.bidang_of`). A name is matched within the office's
bidang and the generic penunjang program first; a generic name is coded under the office's primary bidang
(`1.02.01.2.01.0001` for a Dinas Kesehatan, `7.01.01.2.01.0001` for a kecamatan). Only then is the whole list
searched, with a higher bar for a fuzzy hit (a merged office whose second bidang the unit's name did not tell).
When the unit is unknown, a bidang-specific name still gets its code (its name says its bidang) but a generic name
is left uncoded with the reason in `note`: it would be a guess.

Codes in a `Match`:
- uraian (`match_uraian`): the nomenklatur code of the program, kegiatan or sub kegiatan
  (`7.01.02.2.01.0002`).
- indikator (`match_indikator`): either the code of the sub kegiatan whose *official* indicator it is
  (`7.01.01.2.02.0001`, level `sub_kegiatan`), or an `IKS-nnn` id from the strategic list (level = its
  tingkat). The `IKS-` prefix tells the two apart.

Real batches repeat the same few thousand names, so every lookup is cached on the normalised name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from ..schema import canonical
from .overrides import check_overrides

ACCEPT_SCORE = 90.0
"""A fuzzy match below this is never accepted."""
ACCEPT_MARGIN = 6.0
"""…nor one less than this ahead of the best *different* code (near-duplicate names differ by one word)."""
REVIEW_SCORE = 75.0
"""Between REVIEW_SCORE and acceptance a human should look; below it the name is unmatched."""
OUTSIDE_SCORE = 95.0
OUTSIDE_MARGIN = 10.0
"""The higher bar for a fuzzy match outside the office's bidang (or when the unit is unknown)."""
UNIT_UNKNOWN = "generic penunjang name: the document's unit (bidang) is not known"
URAIAN_BONUS = 4.0
"""Added to the official indicator of the sub kegiatan the row's uraian matched."""
_MIN_FUZZY_TOKENS = 2
_PREFIX_MIN_TOKENS = 4
_PREFIX_MIN_COVERAGE = 0.6
_TOP_CHOICES = 12

URAIAN_LEVELS = canonical.NOMENKLATUR_LEVELS
_INDICATOR_STRATEGIC_LEVELS = frozenset(
    {"tujuan", "sasaran_strategis", "sasaran_program", "sasaran_kegiatan", "program", "kegiatan"}
)

# ------------------------------------------------------------------------------------------------------------
# Normalisation

_SPELLING = {
    "percentase": "persentase",
    "presentase": "persentase",
    "prosentase": "persentase",
    "persentese": "persentase",
    "prsentase": "persentase",
    "presentasejumlah": "persentase jumlah",
    "efektifitas": "efektivitas",
    "ketentraman": "ketenteraman",
    "keterntraman": "ketenteraman",
    "keteriban": "ketertiban",
    "peningakatan": "peningkatan",
    "kegitan": "kegiatan",
    "kegiataan": "kegiatan",
    "keg": "kegiatan",
    "subkegiatan": "sub kegiatan",
    "penatusahaan": "penatausahaan",
    "miik": "milik",
    "fasiltasi": "fasilitasi",
    "kepegawean": "kepegawaian",
    "public": "publik",
    "perndang": "perundang",
}
_NUMBERING = re.compile(r"^\s*(?:\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,4})[.)]\s*|\d{1,3}\s+)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_LEVEL_WORDS = (("sub kegiatan ", "sub_kegiatan"), ("program ", "program"), ("kegiatan ", "kegiatan"))


def _strip_numbering(text: str) -> str:
    for _ in range(3):
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


@lru_cache(maxsize=65536)
def _normalise_with_level(text: str) -> tuple[str, str | None]:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _strip_numbering(text)
    words = _NON_WORD.sub(" ", text).split()
    text = " ".join(_SPELLING.get(w, w) for w in words)
    text = _strip_numbering(text)
    hint = None
    for word, level in _LEVEL_WORDS:
        if text.startswith(word):
            text, hint = _strip_numbering(text[len(word) :]), level
            break
    return text.strip(), hint


def normalise_name(text: str) -> str:
    """Lower-case, unpunctuated, single-spaced; numbering (`1.`, `A.`, `2 `) and a leading "Program"/
    "Kegiatan"/"Sub Kegiatan" word removed; known spelling variants unified (Presentase→Persentase,
    Efektifitas→Efektivitas, Ketentraman→Ketenteraman, KEGITAN→KEGIATAN …).

    The level word is dropped on both sides (canonical program names start with "PROGRAM", documents often
    omit it); it survives as a level hint inside the matcher.
    """
    return _normalise_with_level(text)[0]


@lru_cache(maxsize=1)
def _kecamatan_names() -> frozenset[str]:
    """Kecamatan names as `normalise_name` leaves them (place names carry no numbering or level word, so the plain
    steps suffice; a worker process builds this set once, 7,285 names)."""
    names = set()
    for w in canonical.wilayah():
        if w.level == "kecamatan":
            words = _NON_WORD.sub(" ", _strip_numbering(unicodedata.normalize("NFKC", w.nama).lower())).split()
            names.add(" ".join(_SPELLING.get(word, word) for word in words))
    return frozenset(names)


_PLACE_TAIL = re.compile(r"^(?P<head>.*\b(?:kecamatan|kec))\s+(?P<place>[a-z0-9 ]+)$")


@lru_cache(maxsize=65536)
def _match_key(normalised: str) -> str:
    """Drop a trailing kecamatan name ("Nilai SAKIP Kecamatan Kaligondang" → "nilai sakip kecamatan").

    Only names that are real kecamatan names are dropped, so "… di Wilayah Kecamatan" is untouched.
    """
    found = _PLACE_TAIL.match(normalised)
    if found:
        place = found.group("place").split()
        for size in (1, 2, 3):
            if len(place) == size and " ".join(place) in _kecamatan_names():
                head = found.group("head")
                return head[:-3] + "kecamatan" if head.endswith(" kec") else head
    return normalised


# ------------------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Candidate:
    kode: str
    nama: str
    level: str
    score: float


@dataclass(frozen=True)
class Match:
    """The outcome for one name. `kode`/`nama`/`level` are set only when `status` is `accepted`.

    For `review`, the suggestion is `candidates[0]`; `margin` is the lead of the best candidate over the best
    different code.
    """

    kode: str | None
    nama: str | None
    level: str | None
    score: float
    margin: float
    method: str  # exact | alias | fuzzy | override | none
    status: str  # accepted | review | unmatched
    candidates: tuple[Candidate, ...]
    note: str | None = None
    """Why a name has no code though it looks like one, or what else the reader should know about the code."""

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"


@dataclass(frozen=True)
class _Target:
    kode: str
    nama: str
    level: str
    key: str
    parent: str | None
    khusus: str
    bidang: str = ""
    untuk: tuple[str, ...] = ()

    @property
    def generic(self) -> bool:
        return self.bidang == canonical.GENERIC

    def applies(self, scope: tuple[str, ...]) -> bool:
        """Whether an office of these bidang may carry this target (strategic indicators: every office)."""
        if not self.bidang:
            return True
        if self.generic:
            return not self.untuk or bool(set(self.untuk) & set(scope))
        return self.bidang in scope


@dataclass(frozen=True)
class _Choice:
    """One string the fuzzy search compares against: a target's own name or one of its aliases."""

    target: _Target
    key: str


class _Universe:
    """Every string one kind of name is compared against (names and aliases), scored against a name once.

    The pools (a level, an office's bidang) are subsets of it: a name's scores are computed once over the whole
    list and each pool reads its slice, so searching the office's bidang first and the whole list after costs one
    pass. Token-sort scoring is a plain ratio over pre-sorted tokens, computed once per choice, not per call.
    """

    def __init__(self, targets: Sequence[_Target], aliases: Mapping[str, _Target | None]) -> None:
        choices = [_Choice(t, t.key) for t in targets]
        choices += [_Choice(t, k) for k, t in aliases.items() if t is not None]
        self.choices = tuple(choices)
        self.position = {(c.target.kode, c.key): i for i, c in enumerate(self.choices)}
        self.keys = [c.key for c in self.choices]
        self.keys_sorted = [" ".join(sorted(k.split())) for k in self.keys]
        self.keys_nospace = [k.replace(" ", "") for k in self.keys]
        self.scores = lru_cache(maxsize=2048)(self._scores)

    def _scores(self, key: str) -> np.ndarray:
        ratio = process.cdist([key], self.keys, scorer=fuzz.ratio)[0]
        tsort = process.cdist([" ".join(sorted(key.split()))], self.keys_sorted, scorer=fuzz.ratio)[0]
        nospace = process.cdist([key.replace(" ", "")], self.keys_nospace, scorer=fuzz.ratio)[0]
        return np.maximum(np.maximum(ratio, tsort), nospace)


class _Pool:
    """A searchable set of targets: exact index, alias index and its slice of the universe for rapidfuzz."""

    def __init__(self, targets: Sequence[_Target], aliases: Mapping[str, _Target | None], universe: _Universe) -> None:
        self.targets = tuple(targets)
        self.universe = universe
        self.codes = frozenset(t.kode for t in self.targets)
        self.exact: dict[str, list[_Target]] = {}
        for target in self.targets:
            self.exact.setdefault(target.key, []).append(target)
        self.aliases = {k: t for k, t in aliases.items() if t is None or t.kode in self.codes}
        keys = [(t.kode, t.key) for t in self.targets]
        keys += [(t.kode, k) for k, t in self.aliases.items() if t is not None and k not in self.exact]
        self.index = np.array([universe.position[k] for k in keys], dtype=np.intp)
        self.choices = tuple(universe.choices[i] for i in self.index)
        # a pool much smaller than its universe (an office's bidang) is scored on its own: a kecamatan's names
        # are settled against 300 choices, and only the few left over pay for the whole list
        self.own = len(self.index) * 4 < len(universe.choices)
        if self.own:
            self.keys = [universe.keys[i] for i in self.index]
            self.keys_sorted = [universe.keys_sorted[i] for i in self.index]
            self.keys_nospace = [universe.keys_nospace[i] for i in self.index]

    def scores(self, key: str) -> np.ndarray:
        """The best of ratio, token-sort and space-blind ratio of `key` against every choice of the pool."""
        if not self.own:
            return self.universe.scores(key)[self.index]
        ratio = process.cdist([key], self.keys, scorer=fuzz.ratio)[0]
        tsort = process.cdist([" ".join(sorted(key.split()))], self.keys_sorted, scorer=fuzz.ratio)[0]
        nospace = process.cdist([key.replace(" ", "")], self.keys_nospace, scorer=fuzz.ratio)[0]
        return np.maximum(np.maximum(ratio, tsort), nospace)


def _pick_general(targets: Sequence[_Target], khusus: Collection[str]) -> list[_Target]:
    """Among targets whose names normalise alike, keep the ones for the caller's region family.

    7.01.04.2.01 and its Aceh duplicate 7.01.04.2.03 differ only in "Ketenteraman"/"Ketentraman"; outside
    Aceh the general one is the answer, inside Aceh (khusus={"aceh"}) the Aceh one.
    """
    special = [t for t in targets if t.khusus and t.khusus in khusus]
    if special:
        return special
    general = [t for t in targets if not t.khusus]
    return general or list(targets)


def _dedupe(targets: Sequence[_Target], khusus: Collection[str]) -> list[_Target]:
    groups: dict[tuple[str, str], list[_Target]] = {}
    for target in targets:
        groups.setdefault((target.level, target.key), []).append(target)
    kept: list[_Target] = []
    for group in groups.values():
        kept.extend(_pick_general(group, khusus))
    return sorted(kept, key=lambda t: t.kode)


# ------------------------------------------------------------------------------------------------------------
# Matcher


class Matcher:
    """Matches names onto the national nomenclature (uraian) and onto indicator lists (indikator).

    `overrides` maps (kind, normalised name) to a code or "none"; kind is "uraian" or "indikator". They win
    over everything else, so a reviewer's decision is applied the same way on every later run; a decision naming
    a generic penunjang code (`7.01.01.2.01.0001` or `X.XX.01.2.01.0001`) names the entry, and each document
    codes it under its own bidang. `khusus` enables region-specific entries (`{"aceh"}` for Aceh kecamatan).
    """

    def __init__(
        self,
        overrides: Mapping[tuple[str, str], str] | None = None,
        khusus: Collection[str] = (),
    ) -> None:
        self._khusus = frozenset(k.lower() for k in khusus)
        entries = canonical.nomenklatur()
        uraian_targets = _dedupe(
            [
                _Target(e.kode, e.nama, e.level, _match_key(normalise_name(e.nama)), e.parent_kode, e.khusus,
                        e.bidang, e.untuk_bidang)
                for e in entries
            ],
            self._khusus,
        )
        official = _dedupe(
            [
                _Target(
                    e.kode,
                    e.indikator,
                    "sub_kegiatan",
                    _match_key(normalise_name(e.indikator)),
                    e.kode,
                    e.khusus,
                    e.bidang,
                    e.untuk_bidang,
                )
                for e in entries
                if e.level == "sub_kegiatan" and e.indikator
            ],
            self._khusus,
        )
        strategic = [
            _Target(
                i.id, i.nama, i.tingkat or "sasaran_strategis", _match_key(normalise_name(i.nama)), None, ""
            )
            for i in canonical.indikator()
        ]
        self._uraian_targets = tuple(uraian_targets)
        self._official_targets = tuple(official)
        self._strategic_targets = tuple(strategic)
        self._targets: dict[str, _Target] = {t.kode: t for t in (*uraian_targets, *official, *strategic)}

        self._uraian_alias: dict[str, _Target | None] = {}
        self._indikator_alias: dict[str, _Target | None] = {}
        for alias in canonical.aliases():
            table = self._uraian_alias if alias.kind == "uraian" else self._indikator_alias
            table[_match_key(normalise_name(alias.alias))] = self._alias_target(alias.kode, alias.kind)
        for entry in canonical.indikator():
            for variant in entry.aliases:
                self._indikator_alias.setdefault(_match_key(normalise_name(variant)), self._targets[entry.id])

        self._uraian_universe = _Universe(uraian_targets, self._uraian_alias)
        self._indikator_universe = _Universe([*official, *strategic], self._indikator_alias)
        self._scoped_pools: dict[tuple[str, ...] | None, dict[str, _Pool]] = {}
        self._pools = self._pools_for(None)

        self._overrides: dict[tuple[str, str], str] = {}
        check_overrides(overrides or {})
        for (kind, name), kode in (overrides or {}).items():
            self._overrides[(kind, _match_key(normalise_name(name)))] = canonical.generic_template(kode) or kode

        self._uraian_cached = lru_cache(maxsize=131072)(self._match_uraian)
        self._indikator_cached = lru_cache(maxsize=131072)(self._match_indikator)

    def _pools_for(self, scope: tuple[str, ...] | None) -> dict[str, _Pool]:
        """The searchable pools of one office's bidang (None: the whole list), built once per scope."""
        pools = self._scoped_pools.get(scope)
        if pools is not None:
            return pools

        def keep(targets: Sequence[_Target]) -> list[_Target]:
            return list(targets) if scope is None else [t for t in targets if t.applies(scope)]

        uraian, official, strategic = keep(self._uraian_targets), keep(self._official_targets), self._strategic_targets
        ur, ind = (self._uraian_alias, self._uraian_universe), (self._indikator_alias, self._indikator_universe)
        pools = {level: _Pool([t for t in uraian if t.level == level], *ur) for level in URAIAN_LEVELS}
        pools["uraian"] = _Pool(uraian, *ur)
        pools["official"] = _Pool(official, *ind)
        pools["strategic"] = _Pool(strategic, *ind)
        pools["indikator"] = _Pool([*official, *strategic], *ind)
        self._scoped_pools[scope] = pools
        return pools

    def _alias_target(self, kode: str, kind: str) -> _Target | None:
        if kode == "none":
            return None
        kode = canonical.generic_template(kode) or kode
        if kode not in self._targets:
            raise ValueError(f"aliases.csv: {kind} alias points at unknown code {kode!r}")
        return self._targets[kode]

    # public API ---------------------------------------------------------------------------------------------

    def match_uraian(
        self,
        name: str,
        level: str | None = None,
        context: Sequence[str] = (),
        bidang: Sequence[str] | None = None,
    ) -> Match:
        """Match a program/kegiatan/sub kegiatan name.

        `level` (program | kegiatan | sub_kegiatan) is searched first; other levels only win with an exact or
        alias hit (the extractor guessed the level wrong), a fuzzy hit on another level is at most `review`.
        `context` holds the names of the enclosing program/kegiatan; among near-equal candidates the one under
        the most specific of them wins, but context never lifts a weak match or overrules a clear winner.
        `bidang` is the office's bidang, primary first (None: the unit is unknown), see the module docstring.
        """
        key, hint = _normalise_with_level(name)
        scope = _scope(bidang)
        if level in URAIAN_LEVELS:
            return self._uraian_cached(_match_key(key), level, tuple(context), scope)
        return self._uraian_cached(_match_key(key), hint, tuple(context), scope, printed=hint is not None)

    def match_indikator(
        self,
        name: str,
        level: str | None = None,
        uraian_kode: str | None = None,
        bidang: Sequence[str] | None = None,
    ) -> Match:
        """Match an indicator name onto official sub kegiatan indicators and the strategic list.

        A `sub_kegiatan` row is searched against official indicators first, a sasaran/program/kegiatan row
        against the strategic list first. `uraian_kode` (the code its row's uraian matched) favours that sub
        kegiatan's official indicator. `bidang` as for `match_uraian`.
        """
        key, _ = _normalise_with_level(name)
        return self._indikator_cached(_match_key(key), level, uraian_kode, _scope(bidang))

    def cache_info(self) -> dict[str, object]:
        return {"uraian": self._uraian_cached.cache_info(), "indikator": self._indikator_cached.cache_info()}

    # internals ----------------------------------------------------------------------------------------------

    def _match_uraian(
        self,
        key: str,
        level: str | None,
        context: tuple[str, ...],
        scope: tuple[str, ...] | None,
        printed: bool = False,
    ) -> Match:
        override = self._override("uraian", key, scope)
        if override is not None:
            return override
        prefer: dict[str, int] = {}
        for name in context:
            ctx = self.match_uraian(name, bidang=scope)
            if ctx.kode is not None:
                ctx_kode = canonical.generic_template(ctx.kode) or ctx.kode
                depth = ctx_kode.count(".")  # a kegiatan is more specific context than a program
                for target in self._pools["uraian"].targets:
                    if target.kode.startswith(ctx_kode + "."):
                        prefer[target.kode] = max(prefer.get(target.kode, 0), depth)
        pools = (level, "uraian") if level in URAIAN_LEVELS else ("uraian",)
        match = self._in_scope(key, pools, {}, prefer, scope)
        if printed and match.accepted and match.level != level:
            # the name itself says "Program …": a sub kegiatan of the same words is another thing
            match = _demote(match, f"printed as a {level}, the name is a {match.level}'s")
        return match

    def _match_indikator(
        self, key: str, level: str | None, uraian_kode: str | None, scope: tuple[str, ...] | None
    ) -> Match:
        override = self._override("indikator", key, scope)
        if override is not None:
            return override
        own = canonical.generic_template(uraian_kode) or uraian_kode if uraian_kode else None
        bonus = {own: URAIAN_BONUS} if own in self._pools["official"].codes else {}
        if level == "sub_kegiatan":
            pools: tuple[str, ...] = ("official", "indikator")
        elif level in _INDICATOR_STRATEGIC_LEVELS:
            pools = ("strategic", "indikator")
        else:
            pools = ("indikator",)
        match = self._in_scope(key, pools, bonus, {}, scope)
        if (
            bonus
            and match.method == "fuzzy"
            and match.accepted
            and match.kode != uraian_kode
            and (canonical.generic_template(match.kode) or match.kode) in self._pools["official"].codes
        ):
            # The row's own sub kegiatan says otherwise: a look-alike of a sibling's indicator
            # ("… di Desa" written for "… di Kelurahan") needs a human.
            match = _demote(match)
        return match

    def _in_scope(
        self,
        key: str,
        pools: tuple[str, ...],
        bonus: Mapping[str, float],
        prefer: Mapping[str, int],
        scope: tuple[str, ...] | None,
    ) -> Match:
        """Within the office's bidang first; then the whole list with the higher bar; generic codes expanded."""
        inner = None
        if scope is not None:
            inner = self._resolve(key, pools, self._pools_for(scope), bonus, prefer)
            if inner.accepted:
                return self._expand(inner, scope)
        outer = self._resolve(key, pools, self._pools, bonus, prefer)
        target = self._targets.get(outer.kode) if outer.kode else None
        if outer.accepted and target is not None:
            if target.generic:
                note = (UNIT_UNKNOWN if scope is None
                        else f"a penunjang entry of {'/'.join(target.untuk)} offices, not of bidang {scope[0]}")
                outer = _demote(outer, note)
            elif outer.method == "fuzzy" and (outer.score < OUTSIDE_SCORE or outer.margin < OUTSIDE_MARGIN):
                outer = _demote(outer, "a near match outside the office's bidang" if scope
                                else "a near match while the document's unit (bidang) is not known")
            elif scope is not None and target.bidang:
                outer = replace(outer, note=f"bidang {target.bidang}, outside the office's {'/'.join(scope)}")
        if outer.accepted or inner is None:
            return self._expand(outer, scope)
        rank = {"review": 1, "unmatched": 0}
        return self._expand(outer if rank[outer.status] > rank[inner.status] else inner, scope)

    def _expand(self, match: Match, scope: tuple[str, ...] | None) -> Match:
        """Generic codes (X.XX…) under the office's primary bidang; kept as templates when the unit is unknown."""
        if scope is None:
            return match
        primary = scope[0]

        def real(kode: str | None) -> str | None:
            return primary + kode[len(canonical.GENERIC):] if kode and kode.startswith(canonical.GENERIC) else kode

        candidates = tuple(replace(c, kode=real(c.kode)) for c in match.candidates)
        return replace(match, kode=real(match.kode), candidates=candidates)

    def _override(self, kind: str, key: str, scope: tuple[str, ...] | None) -> Match | None:
        kode = self._overrides.get((kind, key))
        if kode is None:
            return None
        if kode == "none":
            return Match(None, None, None, 100.0, 100.0, "override", "unmatched", ())
        target = self._targets.get(kode)
        entry = canonical.entry(kode)
        nama = target.nama if target else entry.nama
        lvl = target.level if target else entry.level
        match = Match(
            kode, nama, lvl, 100.0, 100.0, "override", "accepted", (Candidate(kode, nama, lvl, 100.0),)
        )
        if kode.startswith(canonical.GENERIC) and scope is None:
            return _demote(match, UNIT_UNKNOWN)
        return self._expand(match, scope)

    def _resolve(
        self,
        key: str,
        pools: tuple[str, ...],
        searchable: Mapping[str, _Pool],
        bonus: Mapping[str, float],
        prefer: Mapping[str, int] | None = None,
    ) -> Match:
        """Search the first pool; fall back to the wider pool, where only exact/alias hits are accepted."""
        prefer = prefer or {}
        first = self._match_in(key, searchable[pools[0]], bonus, prefer)
        if first.accepted or len(pools) == 1:
            return first
        wide = self._match_in(key, searchable[pools[1]], bonus, prefer)
        if wide.accepted and wide.method == "fuzzy":
            wide = _demote(wide)
        if wide.accepted:
            return wide
        rank = {"review": 1, "unmatched": 0}
        return wide if rank[wide.status] > rank[first.status] else first

    def _match_in(
        self, key: str, pool: _Pool, bonus: Mapping[str, float], prefer: Mapping[str, int]
    ) -> Match:
        if not key or not any(ch.isalpha() for ch in key):
            return Match(None, None, None, 0.0, 0.0, "none", "unmatched", ())
        candidates = self._fuzzy(key, pool, bonus)

        exact = pool.exact.get(key)
        if exact:
            if len(exact) > 1 and prefer:
                depth = max(prefer.get(t.kode, 0) for t in exact)
                exact = [t for t in exact if prefer.get(t.kode, 0) == depth] if depth else exact
            if len(exact) == 1:
                return _accepted(exact[0], "exact", candidates)
            return _ambiguous(candidates, "exact")

        if key in pool.aliases:
            target = pool.aliases[key]
            if target is None:
                return Match(None, None, None, 100.0, 0.0, "alias", "unmatched", candidates)
            return _accepted(target, "alias", candidates)

        if not candidates:
            return Match(None, None, None, 0.0, 0.0, "none", "unmatched", ())
        best = candidates[0]
        margin = best.score - candidates[1].score if len(candidates) > 1 else best.score
        few_words = len(key.split()) < _MIN_FUZZY_TOKENS
        if best.score >= ACCEPT_SCORE and margin >= ACCEPT_MARGIN and not few_words:
            return Match(
                best.kode, best.nama, best.level, best.score, margin, "fuzzy", "accepted", candidates
            )
        chosen = _tie_break(candidates, prefer) if best.score >= ACCEPT_SCORE and not few_words else None
        if chosen is not None:
            lead = chosen.score - max(c.score for c in candidates if c.kode != chosen.kode)
            return Match(
                chosen.kode,
                chosen.nama,
                chosen.level,
                chosen.score,
                round(lead, 2),
                "fuzzy",
                "accepted",
                candidates,
            )
        status = "review" if best.score >= REVIEW_SCORE else "unmatched"
        return Match(
            None,
            None,
            None,
            best.score,
            margin,
            "fuzzy" if status == "review" else "none",
            status,
            candidates,
        )

    def _fuzzy(self, key: str, pool: _Pool, bonus: Mapping[str, float]) -> tuple[Candidate, ...]:
        """Top three distinct codes by the best of ratio, token-sort, space-blind ratio and prefix score."""
        if not pool.choices:
            return ()
        base = pool.scores(key)
        top = np.argsort(-base, kind="stable")[:_TOP_CHOICES]
        best: dict[str, tuple[float, _Target]] = {}
        for index in top:
            choice = pool.choices[int(index)]
            score = max(float(base[index]), _prefix_score(key, choice.key))
            score = min(100.0, score + bonus.get(choice.target.kode, 0.0))
            if score > best.get(choice.target.kode, (-1.0, choice.target))[0]:
                best[choice.target.kode] = (score, choice.target)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].kode))[:3]
        return tuple(Candidate(t.kode, t.nama, t.level, round(s, 2)) for s, t in ranked)


def _tie_break(candidates: tuple[Candidate, ...], prefer: Mapping[str, int]) -> Candidate | None:
    """Among near-equal candidates, the single one under the most specific enclosing program/kegiatan wins.

    Only candidates within ACCEPT_MARGIN of the best and themselves above ACCEPT_SCORE take part, so context
    decides between look-alikes ("… di Desa" / "… di Kelurahan") but never lifts a weak match.
    """
    if not prefer or not candidates:
        return None
    close = [
        c for c in candidates if c.score >= candidates[0].score - ACCEPT_MARGIN and c.score >= ACCEPT_SCORE
    ]
    depth = max(prefer.get(c.kode, 0) for c in close)
    favoured = [c for c in close if prefer.get(c.kode, 0) == depth]
    return favoured[0] if depth and len(favoured) == 1 else None


def _prefix_score(key: str, other: str) -> float:
    """Score a truncated name (column cut) or one with trailing extra words against a canonical name.

    The shorter must be at least four words and cover 60 % of the longer; the score is discounted by how much
    is missing, so a half-name never reaches acceptance on its own.
    """
    short, long = (key, other) if len(key) <= len(other) else (other, key)
    if len(short.split()) < _PREFIX_MIN_TOKENS:
        return 0.0
    coverage = len(short) / max(len(long), 1)
    if coverage < _PREFIX_MIN_COVERAGE:
        return 0.0
    head = fuzz.ratio(short, long[: len(short)])
    if head < 95.0:
        return 0.0
    return head * (0.8 + 0.2 * coverage)


def _accepted(target: _Target, method: str, candidates: tuple[Candidate, ...]) -> Match:
    others = [c.score for c in candidates if c.kode != target.kode]
    margin = 100.0 - (others[0] if others else 0.0)
    top = (Candidate(target.kode, target.nama, target.level, 100.0),)
    rest = tuple(c for c in candidates if c.kode != target.kode)[:2]
    return Match(
        target.kode, target.nama, target.level, 100.0, round(margin, 2), method, "accepted", top + rest
    )


def _ambiguous(candidates: tuple[Candidate, ...], method: str) -> Match:
    best = candidates[0].score if candidates else 0.0
    return Match(None, None, None, best, 0.0, method, "review", candidates)


def _demote(match: Match, note: str | None = None) -> Match:
    return replace(match, kode=None, nama=None, level=None, status="review", note=note or match.note)


def _scope(bidang: Sequence[str] | str | None) -> tuple[str, ...] | None:
    """The office's bidang as a hashable scope, primary first; None (or empty) when the unit is unknown."""
    if bidang is None:
        return None
    if isinstance(bidang, str):
        bidang = (bidang,)
    return tuple(dict.fromkeys(b for b in bidang if b)) or None


def warm(matcher: Matcher, scopes: Sequence[tuple[str, ...]] = (("7.01",),)) -> None:
    """Build what every document needs before the first one arrives: the kecamatan names and the pools of the
    commonest scopes (kecamatan documents), so processes forked afterwards share them."""
    _kecamatan_names()
    for scope in scopes:
        matcher._pools_for(scope)

