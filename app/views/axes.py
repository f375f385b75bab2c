"""Readable plot axes: plain tick labels, room for the title, stacked plots lined up, sensible value ranges."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

TITLE_GAP = 4           # pixels between the tick labels and a left axis' title (pyqtgraph leaves none)


def plain(*axes: pg.AxisItem) -> None:
    """No "(x1e+18)" multiplier in the title: pyqtgraph adds one by itself (also on log axes, where it is
    meaningless); the tick labels say the values instead."""
    for axis in axes:
        axis.enableAutoSIPrefix(False)


class FittedAxis(pg.AxisItem):
    """A left axis as wide as its tick labels and title need (they never overlap), and as wide as the widest
    axis of its group, so that plots stacked in one column keep their x axes lined up. Plain tick labels."""

    def __init__(self, group: list[FittedAxis], orientation: str = "left", **kwargs):
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        self._natural = 0.0
        self._group = group
        group.append(self)

    def _updateWidth(self) -> None:   # noqa: N802 (pyqtgraph calls it whenever the labels or title change size)
        super()._updateWidth()
        group = getattr(self, "_group", None)
        if group is None:                      # during AxisItem.__init__
            return
        gap = TITLE_GAP if self.fixedWidth is None and self.label.isVisible() else 0
        self._natural = self.maximumWidth() + gap
        width = max(axis._natural for axis in group)
        for axis in group:
            if axis.maximumWidth() != width:
                axis.setMinimumWidth(width)
                axis.setMaximumWidth(width)
                axis.picture = None


def value_range(values, log: bool = False) -> tuple[float, float] | None:
    """The y range to show ``values`` (any shape; NaN, inf and, on a log axis, values <= 0 ignored), in the
    axis' own units (log10 on a log axis), with a 5% margin; None when there is nothing to show.

    A constant series gets a range around its value (±10% of it, or ±0.5 decades on a log axis; ±1 at zero)
    instead of pyqtgraph's, which blows rounding noise up to a span of ±5e6 and makes λ = 2 look like 0.
    """
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v)]
    if log:
        v = np.log10(v[v > 0])
    if not v.size:
        return None
    lo, hi = float(v.min()), float(v.max())
    scale = max(abs(lo), abs(hi))
    if hi - lo <= 1e-9 * scale or hi == lo:
        half = 0.5 if log else (0.1 * scale if scale > 0 else 1.0)
        return lo - half, hi + half
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad
