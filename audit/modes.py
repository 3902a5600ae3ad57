"""Quarterly-mode inference: how a row's TW I…IV targets relate to its annual target.

A Rencana Aksi spreads the annual target over four quarters in one of three ways, and the document never says
which: cumulative (25, 50, 75, 100 → 100), per-quarter counts that add up (3, 3, 3, 3 → 12) or a level held
all year (81.30 × 4 → 81.30). A fourth form is common for count targets planned as progress: 25%, 50%, 75%,
100% of a "12 Laporan" target. A row is only inconsistent when it fits none of them, so every mode is
tested and any fit clears the row. A quarter printed `-`, left blank or 0 carries no target that quarter
and is skipped.

Everything works on an (n, 4) array so that a whole dataset is classified in a few numpy operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

ABS_TOL = 0.05
"""Absolute slack: printed values carry two decimals at most."""
REL_TOL = 0.01
"""Relative slack: 33,33 × 3 is 99,99, and writers round quarters to whole units."""

MODE_ORDER = ("level", "cumulative", "counts", "progress")


def tolerance(scale: np.ndarray) -> np.ndarray:
    """Rounding allowance for values of the given magnitude."""
    return np.maximum(ABS_TOL, REL_TOL * np.abs(scale))


@dataclass(frozen=True)
class ModeFit:
    """Per-row booleans for each mode, plus the facts a finding needs to explain a misfit."""

    level: np.ndarray
    cumulative: np.ndarray
    counts: np.ndarray
    progress: np.ndarray
    empty: np.ndarray
    """No quarter carries a target: nothing to check."""
    decreasing: np.ndarray
    """Some quarter is below an earlier quarter (zeros and blanks skipped)."""
    last: np.ndarray
    """The last quarter that carries a target (NaN when empty)."""
    total: np.ndarray
    """Sum of the quarters that carry a target."""

    @property
    def fits(self) -> np.ndarray:
        return self.empty | self.level | self.cumulative | self.counts | self.progress

    def names(self) -> np.ndarray:
        """The first fitting mode per row, in MODE_ORDER; 'empty' or 'none' otherwise."""
        out = np.full(self.level.shape, "none", dtype=object)
        for name in reversed(MODE_ORDER):
            out[getattr(self, name)] = name
        out[self.empty] = "empty"
        return out


def fit_modes(
    quarters: np.ndarray,
    annual: np.ndarray,
    percent: np.ndarray | None = None,
    annual_percent: np.ndarray | None = None,
) -> ModeFit:
    """Test every mode for every row.

    quarters: (n, 4) floats, NaN where the quarter has no value. annual: (n,) floats, NaN when the row prints
    no annual target; such rows are only checked for internal consistency (a percentage row cannot add up to
    more than 100 per quarter and also go down). percent: (n,) bools, the quarters are printed as percentages.
    annual_percent: (n,) bools, the annual target is itself a percentage, so quarters in percent are not
    progress towards it but the target itself.
    """
    q = np.asarray(quarters, dtype=float).reshape(-1, 4)
    a = np.asarray(annual, dtype=float).reshape(-1)
    n = q.shape[0]
    pct = np.zeros(n, dtype=bool) if percent is None else np.asarray(percent, dtype=bool).reshape(-1)
    a_pct = np.zeros(n, dtype=bool) if annual_percent is None else np.asarray(annual_percent, dtype=bool)
    nz = ~np.isnan(q) & (q != 0)
    empty = ~nz.any(axis=1)
    has_a = ~np.isnan(a)
    qv = np.where(nz, q, np.nan)
    with np.errstate(all="ignore"):
        scale = np.where(has_a, np.abs(a), np.nanmax(np.where(nz, np.abs(q), 0.0), axis=1))
    tol = tolerance(scale)

    total = np.where(nz, q, 0.0).sum(axis=1)
    # Running maximum of the earlier quarters that carry a target; NaN before the first.
    running = np.fmax.accumulate(qv, axis=1)
    previous = np.concatenate([np.full((n, 1), np.nan), running[:, :-1]], axis=1)
    with np.errstate(invalid="ignore"):
        decreasing = (nz & (qv < previous - tol[:, None])).any(axis=1)
    last_idx = 3 - np.argmax(nz[:, ::-1], axis=1)
    last = np.where(empty, np.nan, q[np.arange(n), last_idx])

    with np.errstate(invalid="ignore"):
        lo = np.nanmin(np.where(nz, q, np.inf), axis=1)
        hi = np.nanmax(np.where(nz, q, -np.inf), axis=1)
        all_equal = (hi - lo) <= tol
        level = np.where(has_a, (np.where(nz, np.abs(q - a[:, None]), 0.0) <= tol[:, None]).all(axis=1), all_equal)
        cumulative = ~decreasing & np.where(has_a, np.abs(last - a) <= tol, True)
        counts = np.where(has_a, np.abs(total - a) <= tol, ~pct | (total <= 100 + tolerance(np.full(n, 100.0))))
        progress = pct & ~a_pct.reshape(-1) & ~decreasing & (np.abs(last - 100.0) <= tolerance(np.full(n, 100.0)))
    ok = ~empty
    return ModeFit(
        level=level & ok,
        cumulative=cumulative & ok,
        counts=counts & ok,
        progress=progress & ok,
        empty=empty,
        decreasing=decreasing & ok,
        last=last,
        total=total,
    )


def infer_mode(
    quarters: Sequence[float | None],
    annual: float | None,
    percent: bool = False,
    annual_percent: bool = False,
) -> str:
    """One row's mode by name ('level', 'cumulative', 'counts', 'progress', 'empty' or 'none')."""
    q = np.array([[np.nan if v is None else float(v) for v in quarters]], dtype=float)
    a = np.array([np.nan if annual is None else float(annual)])
    return str(fit_modes(q, a, np.array([percent]), np.array([annual_percent])).names()[0])
