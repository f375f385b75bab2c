"""Every run's path up to the current iteration, drawn by one graphics item (``RunLines``), and the NumPy
geometry that prepares the paths: steps cut at a box (``clip_steps``), iterates that move on screen
(``visible_moves``), the rows of many starts as one NaN-separated line (``flatten``). Used by the surface view.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets


class RunLine:
    """One run's line up to the current iteration, as the legend and the views' users see it.

    ``RunLines`` draws it; this handle carries its pen and visibility (``opts``/``isVisible``/``setVisible``
    are what a pyqtgraph legend sample uses) and gives the drawn points (``getData``).
    """

    def __init__(self, layer: RunLines):
        self._layer = layer
        self._visible = True
        self.opts = {"pen": pg.mkPen("k"), "antialias": True}

    def setPen(self, pen) -> None:   # noqa: N802 (pyqtgraph's name)
        self.opts["pen"] = pen
        self._layer.invalidate()

    def isVisible(self) -> bool:   # noqa: N802
        return self._visible

    def setVisible(self, visible: bool) -> None:   # noqa: N802
        if bool(visible) != self._visible:
            self._visible = bool(visible)
            self._layer.invalidate()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:   # noqa: N802
        """x and y of the drawn line: each start's points in turn, NaN between starts."""
        xy = self._layer.points(self._layer.lines.index(self))
        return xy[:, 0], xy[:, 1]


class RunLines(pg.GraphicsObject):
    """Every run's path up to the current iteration: one antialiased polyline per run and start.

    One PlotDataItem per run re-sent its whole prefix each playback frame and Qt stroked every wide
    antialiased line again (~10 ms for ten runs). On screen this item keeps the lines drawn so far in a
    viewport-sized image; when the iteration only moves forward it strokes just the new segments. Any
    other change (paths, pens, visibility, zoom, resize, going back) redraws the image. Other painters
    (image, SVG and PDF exports) get the lines as vectors. (Where two runs' lines cross, playing forward
    puts the newer segment on top; a redraw puts the later run on top.)
    """

    def __init__(self):
        super().__init__()
        self.setZValue(11)
        self.lines: list[RunLine] = []
        self._paths: list[list[tuple[np.ndarray, np.ndarray]]] = []   # per run, per start: kept rows, finite path
        self._k = 0
        self._image: QtGui.QImage | None = None
        self._key = None                 # (transform, device size) the image was drawn for
        self._drawn_k: int | None = None  # iteration the image is drawn up to (None: redraw)
        self._draft = False

    def set_draft(self, on: bool) -> None:
        """Draft: lines without antialiasing (~4x cheaper to stroke), for while a start point is dragged and
        every path is redrawn on each mouse move; the release redraws them smooth."""
        if bool(on) != self._draft:
            self._draft = bool(on)
            self.invalidate()

    def add_line(self) -> RunLine:
        line = RunLine(self)
        self.lines.append(line)
        self.invalidate()
        return line

    def remove_line(self) -> None:
        self.lines.pop()
        self._paths = self._paths[: len(self.lines)]
        self.invalidate()

    def set_paths(self, shown: list[tuple[np.ndarray, np.ndarray]]) -> None:
        """Per run (``path`` (K, N, 2), ``keep`` (K, N) mask of the iterates worth drawing, see visible_moves)."""
        self._paths = []
        for path, keep in shown:
            starts = []
            for j in range(path.shape[1]):
                finite = np.nonzero(np.all(np.isfinite(path[:, j]), axis=-1))[0]
                end = int(finite[-1]) + 1 if finite.size else 0        # NaN rows inside are breaks in the line
                starts.append((np.nonzero(keep[:end, j])[0], path[:end, j]))
            self._paths.append(starts)
        self.invalidate()

    def set_iteration(self, k: int) -> None:
        if k != self._k:
            if self._drawn_k is not None and k < self._drawn_k:
                self._drawn_k = None     # going back: the image holds more than the prefix
            self._k = k
            self.update()

    def invalidate(self) -> None:
        self._drawn_k = None
        self.update()

    def points(self, run: int, k: int | None = None) -> np.ndarray:
        """(rows, 2): run ``run``'s drawn points up to iteration ``k`` (default: the current one) from each
        start in turn, a NaN row after each start's points but the last."""
        k = self._k if k is None else k
        parts = [self._polyline(idx, path, k) for idx, path in self._paths[run]]
        nan = np.full((1, 2), np.nan)
        out = [piece for part in parts for piece in (part, nan)][:-1]
        return np.concatenate(out) if out else np.empty((0, 2))

    @staticmethod
    def _polyline(idx: np.ndarray, path: np.ndarray, k: int, after: int | None = None) -> np.ndarray:
        """The vertices from the start (or from iteration ``after``) to iteration ``k``: the kept iterates
        between and iterate ``k`` itself (the line always reaches the current iterate)."""
        last = len(path) - 1
        k = min(k, last)
        if last < 0 or (after is not None and k <= min(after, last)):
            return np.empty((0, 2))
        hi = int(np.searchsorted(idx, k, "right"))
        lo = 0 if after is None else int(np.searchsorted(idx, after, "right"))
        rows = idx[lo:hi]
        if after is not None:
            rows = np.concatenate([[min(after, last)], rows])
        if hi == 0 or idx[hi - 1] != k:
            rows = np.append(rows, k)
        return path[rows]

    def _draw(self, p: QtGui.QPainter, after: int | None) -> None:
        """Stroke every visible run's line up to the current iteration (only the part after ``after``)."""
        for line, starts in zip(self.lines, self._paths, strict=False):
            if not line.isVisible():
                continue
            p.setPen(line.opts["pen"])
            for idx, path in starts:
                for pts in finite_pieces(self._polyline(idx, path, self._k, after)):
                    poly = pg.functions.create_qpolygonf(len(pts))
                    pg.functions.ndarray_from_qpolygonf(poly)[:] = pts
                    p.drawPolyline(poly)

    def boundingRect(self) -> QtCore.QRectF:   # noqa: N802
        rect = self.viewRect()           # the lines are clipped to the view anyway; cover it
        return QtCore.QRectF() if rect is None else rect

    def viewTransformChanged(self) -> None:   # noqa: N802
        self.prepareGeometryChange()
        self.invalidate()

    def paint(self, p: QtGui.QPainter, *args) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        device = p.device()
        if not isinstance(device, QtWidgets.QWidget):     # an export: vectors
            self._draw(p, None)
            return
        t = p.transform()
        ratio = device.devicePixelRatioF()
        key = (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(), device.width(), device.height(), ratio)
        if key != self._key or self._image is None:
            self._key = key
            self._image = QtGui.QImage(int(device.width() * ratio), int(device.height() * ratio),
                                       QtGui.QImage.Format.Format_ARGB32_Premultiplied)
            self._image.setDevicePixelRatio(ratio)
            self._drawn_k = None
        if self._drawn_k != self._k:
            if self._drawn_k is None:
                self._image.fill(0)
            ip = QtGui.QPainter(self._image)
            ip.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, not self._draft)
            ip.setTransform(t)
            self._draw(ip, self._drawn_k)
            ip.end()
            self._drawn_k = self._k
        p.save()
        p.resetTransform()
        p.drawImage(QtCore.QPointF(0, 0), self._image)
        p.restore()


ROWS_PER_STEP = 3       # rows of clip_steps per iteration: the iterate, then its step's visible start and end


def clip_steps(path: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """(K, N, 2) iterates -> (3K - 2, N, 2) rows to draw, every step cut to the box [low, high]: row 3k is
    iterate k (NaN outside the box: the line breaks there), rows 3k + 1 and 3k + 2 the part of the step
    k -> k + 1 inside the box (NaN if none). Clipping each coordinate instead bent the steps that leave the
    box into lines through the view at angles and places the run never took (Liang-Barsky, vectorised).
    """
    k = path.shape[0]
    out = np.full((ROWS_PER_STEP * k - 2, *path.shape[1:]), np.nan)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        inside = np.all((path >= low) & (path <= high), axis=-1)
        out[0::3] = np.where(inside[..., None], path, np.nan)
        if k < 2:
            return out
        a, b = path[:-1], path[1:]
        d = b - a
        t0, t1 = np.zeros(a.shape[:-1]), np.ones(a.shape[:-1])
        for axis in (0, 1):
            pa, da = a[..., axis], d[..., axis]
            flat = da == 0                                  # parallel to this pair of box sides
            t_lo, t_hi = (low[axis] - pa) / da, (high[axis] - pa) / da
            t0 = np.maximum(t0, np.where(flat, -np.inf, np.minimum(t_lo, t_hi)))
            t1 = np.minimum(t1, np.where(flat, np.where((pa < low[axis]) | (pa > high[axis]), -np.inf, np.inf),
                                         np.maximum(t_lo, t_hi)))
        seen = (t0 <= t1) & np.isfinite(d).all(axis=-1)
        start = np.where((t0 == 0)[..., None], a, a + t0[..., None] * d)
        end = np.where((t1 == 1)[..., None], b, a + t1[..., None] * d)
    out[1::3] = np.where(seen[..., None], start, np.nan)
    out[2::3] = np.where(seen[..., None], end, np.nan)
    return out


def finite_pieces(points: np.ndarray) -> list[np.ndarray]:
    """The runs of finite rows of (M, 2) ``points`` that have at least two points (NaN rows break a line)."""
    finite = np.isfinite(points).all(axis=1)
    if finite.all():
        return [points] if len(points) > 1 else []
    edges = np.flatnonzero(np.diff(np.r_[False, finite, False].astype(np.int8)))
    return [points[a:b] for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a > 1]


def visible_moves(path: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """(K, N) mask of the iterates worth drawing: those that leave the previous one's screen cell.

    A converging run spends hundreds of steps within one pixel; drawing them costs time (a wide antialiased
    line costs per vertex) and shows nothing. The mask depends only on earlier points, so any prefix of
    the path is drawn the same way as the whole.
    """
    if not np.all(cell > 0) or not np.all(np.isfinite(cell)):
        return np.ones(path.shape[:2], dtype=bool)
    with np.errstate(invalid="ignore"):
        q = np.floor(path / cell)
    keep = np.ones(path.shape[:2], dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=-1)        # NaN != NaN keeps the break after divergence
    return keep


def flatten(path: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """(K, N, 2) and a (K, N) mask -> (rows, 2): each start's kept points in turn, NaN rows between."""
    if path.shape[1] == 1:
        return path[keep[:, 0], 0]
    nan = np.full((1, 2), np.nan)
    return np.concatenate([part for j in range(path.shape[1]) for part in (path[keep[:, j], j], nan)])
