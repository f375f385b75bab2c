"""Curvature overlay: the Hessian under the mouse, the GD stability bound, and the condition number along paths.

- ``CurvatureInfo``: eigenvalues and eigenvectors of the Hessian at any point (hover or click), the
  condition number, and what kind of point it would be if the gradient were zero there.
- ``StabilityHint``: the learning-rate bound of the selected run's method (GD 2/λmax, heavy ball 2(1+μ)/λmax,
  Nesterov 2(1+μ)/((1+2μ)λmax); ``analysis.stability_bound``) at its current point and at each minimum, beside
  the learning-rate editor ("why did GD blow up?"); shown only for those three methods.
- ``ConditionPlot``: max|λ| / min|λ| along each run against the iteration (log axis), with the shared cursor.

Why 2/λmax: near a point, GD on the quadratic model multiplies the error along eigenvector i by
(1 - lr·λi) each step; it shrinks for every i only when every λi > 0 and lr < 2/λmax. Where some λi <= 0
(a saddle, a maximum) no learning rate makes it converge.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from core import analysis

from .. import style
from .axes import FittedAxis, plain
from .inspector import kind_words
from .onscreen import OnScreen
from .throttle import PathsRedrawThrottle

THROTTLE_MS = 100
MAX_MINIMA_SHOWN = 4

_tr = QtCore.QCoreApplication.translate


def _num(v: float, digits: int = 5) -> str:
    return f"{v:.{digits}g}" if np.isfinite(v) else ("∞" if v == np.inf else "—")


class CurvatureInfo(QtWidgets.QWidget):
    """The Hessian at a point: eigenvalues, eigenvectors, condition number, kind if critical, 2/λmax.

    Connect the surface view's hover to :meth:`hover` and clicks to :meth:`show_point`. While "Follow
    the mouse" is off only clicks change the point.

    Signals:
        sigPointChanged(object): the (x, y) shown changed.
    """

    sigPointChanged = QtCore.Signal(object)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._xy: np.ndarray | None = None
        self._info: dict | None = None
        self.follow = QtWidgets.QCheckBox(self.tr("Follow the mouse"))
        self.follow.setChecked(True)
        self.follow.setToolTip(self.tr("Update while hovering over the surface; off: only a click updates"))
        self.text = QtWidgets.QLabel()
        self.text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.follow)
        layout.addWidget(self.text, 1)
        # The eigenvector directions through the point, drawn on the surface once attached.
        self.directions = [pg.PlotDataItem() for _ in range(2)]
        for item in self.directions:
            item.setZValue(35)
        self._plot_item: pg.PlotItem | None = None
        # Tabbed behind another panel (its default place), following the mouse would lay out rich text and
        # move the directions on every mouse move for nobody: the last hover waits until it is seen.
        self._pending_hover: tuple[float, float] | None = None
        self._screen = OnScreen(self)
        self._screen.changed.connect(self._on_screen_changed)
        session.sigSurfaceChanged.connect(self._on_surface_changed)
        self._render()

    def attach(self, plot_item: pg.PlotItem) -> None:
        """Draw the eigenvector directions at the shown point on ``plot_item`` (the surface view's)."""
        self._plot_item = plot_item
        for item in self.directions:
            plot_item.addItem(item, ignoreBounds=True)
        self._draw_directions()

    def _on_screen_changed(self, seen: bool) -> None:
        if seen and self._pending_hover is not None:
            self.show_point(*self._pending_hover)

    @property
    def point(self) -> np.ndarray | None:
        return None if self._xy is None else self._xy.copy()

    def info(self) -> dict | None:
        """What is shown: xy, value, eigenvalues (ascending), eigenvectors (columns), condition, kind, bound."""
        return None if self._info is None else dict(self._info)

    @QtCore.Slot(float, float)
    def show_point(self, x: float, y: float) -> None:
        """Show the curvature at (x, y)."""
        xy = np.array([x, y], dtype=float)
        if not np.all(np.isfinite(xy)):
            return
        self._pending_hover = None                  # a click pins the point over an older hover
        surface = self.session.surface
        lam, vec = analysis.hessian_eigen(surface, xy)
        with np.errstate(all="ignore"):
            value = float(surface.value(xy))
        self._xy = xy
        self._info = {"xy": xy, "value": value, "eigenvalues": lam, "eigenvectors": vec,
                      "condition": float(analysis.condition_number(lam)), "kind": analysis.classify(lam),
                      "bound": analysis.stability_bound(lam)}
        self._render()
        self._draw_directions()
        self.sigPointChanged.emit((float(x), float(y)))

    def hover(self, hover) -> None:
        """The surface view's sigHovered payload: (x, y, f) or None; ignored while not following."""
        if hover is None or not self.follow.isChecked():
            return
        if self._screen.seen:
            self.show_point(hover[0], hover[1])
        else:
            self._pending_hover = (hover[0], hover[1])

    def _on_surface_changed(self, *_) -> None:
        if self._xy is not None:
            self.show_point(*self._xy)

    def _draw_directions(self) -> None:
        """Two segments through the point along the eigenvectors (6% of the view's diagonal each way)."""
        info = self._info
        if self._plot_item is None:
            return
        if info is None or not np.all(np.isfinite(info["eigenvectors"])):
            for item in self.directions:
                item.setData([], [])
            return
        (x0, x1), (y0, y1) = self._plot_item.getViewBox().viewRange()
        half = 0.06 * float(np.hypot(x1 - x0, y1 - y0))
        xy = info["xy"]
        for i, item in enumerate(self.directions):
            d = info["eigenvectors"][:, i] * half
            color = style.NEGATIVE_CURVATURE if info["eigenvalues"][i] < 0 else style.POSITIVE_CURVATURE
            item.setData([xy[0] - d[0], xy[0] + d[0]], [xy[1] - d[1], xy[1] + d[1]],
                         pen=pg.mkPen(color, width=2.5, style=QtCore.Qt.PenStyle.DashLine))

    def _render(self) -> None:
        info = self._info
        if info is None:
            self.text.setText(self.tr("Move the mouse over the surface (or click it) to see the Hessian there."))
            return
        lam, vec = info["eigenvalues"], info["eigenvectors"]
        if not np.all(np.isfinite(lam)):
            self.text.setText(self.tr("At ({0}, {1}) the Hessian is not defined.").format(
                _num(info["xy"][0]), _num(info["xy"][1])))
            return
        lines = [self.tr("<b>At ({0}, {1})</b>: f = {2}").format(_num(info["xy"][0]), _num(info["xy"][1]),
                                                                 _num(info["value"], 6))]
        for i in (1, 0):
            color = style.NEGATIVE_CURVATURE if lam[i] < 0 else style.POSITIVE_CURVATURE
            lines.append(self.tr("<span style='color:{0}'>λ{1} = {2}</span> along ({3}, {4})").format(
                color, "₂" if i == 1 else "₁", _num(lam[i], 6), _num(vec[0, i], 4), _num(vec[1, i], 4)))
        lines.append(self.tr("condition number max|λ| / min|λ| = {0}").format(_num(info["condition"], 4)))
        lines.append(self.tr("If the gradient were zero here: {0}").format(kind_words(info["kind"])))
        if info["bound"] > 0:
            lines.append(self.tr("Plain GD is stable near here for lr &lt; 2/λmax = {0}")
                         .format(_num(info["bound"], 4)))
        else:
            lines.append(self.tr("No learning rate makes plain GD converge near here: λ₁ = {0} ≤ 0 (along its "
                                 "direction the error never shrinks).").format(_num(lam[0], 4)))
        self.text.setText("<br>".join(lines))


def stability_method(optimizer, t: int = 1) -> tuple[float, bool] | None:
    """(momentum μ of step ``t``, nesterov) of ``analysis.stability_bound`` for this optimizer; None where that
    analysis does not apply (adaptive methods rescale the gradient per coordinate)."""
    if optimizer.name == "gd":
        return 0.0, False
    if optimizer.name in ("momentum", "nesterov"):      # onecycle may set μ at every step
        steps = t if optimizer.max_steps is None else min(t, optimizer.max_steps)
        return float(optimizer.hyperparameters(steps)[1][steps - 1]), optimizer.name == "nesterov"
    return None


def applied_bound(optimizer, eigenvalues, method) -> float:
    """``analysis.stability_bound`` for the rule as applied: ``maximize`` descends on −f (eigenvalues −λ), weight
    decay wd adds wd·p to the gradient (λ + wd), dampening τ scales the buffer's input by 1 − τ (the bound
    by 1/(1 − τ)). NaN where τ = 1 (the buffer never moves)."""
    lam = np.asarray(eigenvalues, dtype=float)
    lam = (-lam if optimizer.params.get("maximize") else lam) + float(optimizer.params.get("weight_decay", 0.0))
    keep = 1.0 - float(optimizer.params.get("dampening", 0.0))
    if keep <= 0:
        return float("nan")
    return analysis.stability_bound(np.sort(lam), *method) / keep


class StabilityHint(QtWidgets.QLabel):
    """'GD stable for lr < 0.0012 here; lr = 0.001 ✓' for the selected run, at its current point and at the
    minima: GD, heavy-ball momentum and Nesterov each with its own bound; empty (and hidden in a layout)
    for the other optimizers.

    Put it under the learning-rate editor; connect the runs list's current row to :meth:`set_run`.
    """

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._run = 0
        self._start = 0
        self.setWordWrap(True)
        self.setTextFormat(QtCore.Qt.TextFormat.RichText)
        # a long hint wraps within the panel's width: it never widens the panel (and shrinks the plot)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        session.sigRunsChanged.connect(self.refresh)
        session.sigTrajectoriesChanged.connect(self._on_trajectories_changed)
        session.sigDraggingChanged.connect(self._on_dragging_changed)
        session.sigIterationChanged.connect(self.refresh)
        session.sigCriticalPointsChanged.connect(self.refresh)
        self.refresh()

    def set_run(self, run: int, start: int | None = None) -> None:
        """Follow run ``run`` (and start ``start``); negative rows (no selection) are ignored."""
        if run < 0:
            return
        self._run = int(run)
        if start is not None:
            self._start = int(start)
        self.refresh()

    def _on_trajectories_changed(self, *_) -> None:
        # While a start point is dragged, a new text on every mouse move re-lays out the runs panel and the
        # window's docks (~2 ms): the hint shows the dragged paths' value when the drag ends.
        if not self.session.dragging:
            self.refresh()

    def _on_dragging_changed(self, dragging: bool) -> None:
        if not dragging:
            self.refresh()

    def _step(self) -> int:
        """The step that leaves the head: t = iteration + 1."""
        return min(self.session.iteration, self.session.steps - 1) + 1

    def _method(self) -> tuple[float, bool] | None:
        if not 0 <= self._run < len(self.session.runs):
            return None
        return stability_method(self.session.runs[self._run].optimizer, self._step())

    def bound_here(self) -> float:
        """The selected run's lr bound at its current point (0 where λmin <= 0; NaN when there is none)."""
        xy, method = self._current_point(), self._method()
        if xy is None or method is None:
            return float("nan")
        opt = self.session.runs[self._run].optimizer
        return applied_bound(opt, analysis.hessian_eigen(self.session.surface, xy)[0], method)

    def bounds_at_minima(self) -> list[tuple[np.ndarray, float]]:
        """(xy, lr bound of the selected run's method) at each minimum (empty until the critical points are
        known, or where the bound does not apply)."""
        points, method = self.session.critical_points or [], self._method()
        if method is None:
            return []
        opt = self.session.runs[self._run].optimizer
        return [(p.xy, applied_bound(opt, p.eigenvalues, method)) for p in points if p.kind == "minimum"]

    def _current_point(self) -> np.ndarray | None:
        session = self.session
        if not 0 <= self._run < len(session.runs):
            return None
        res = session.trajectories[self._run]
        start = min(self._start, res.path.shape[1] - 1)
        k = min(session.iteration, int(res.last_finite[start]))
        return res.path[k, start]

    def _formula(self, method: tuple[float, bool]) -> str:
        mu, nesterov = method
        opt = self.session.runs[self._run].optimizer
        if nesterov:
            return "2(1+μ)/((1+2μ)λmax)"
        if opt.name == "momentum":
            return "2(1+μ)/((1−τ)λmax)" if opt.params.get("dampening") else "2(1+μ)/λmax"
        return "2/λmax"

    def _tooltip(self, name: str) -> str:
        if name == "gd":
            return self.tr(
                "Gradient descent near a point multiplies the error along each Hessian eigenvector by (1 − lr·λ) "
                "per step: it converges only if every λ > 0 and lr < 2/λmax. Above it GD oscillates with "
                "growing amplitude; where some λ ≤ 0 (a saddle, a maximum) no learning rate makes it converge.")
        if name == "momentum":
            return self.tr(
                "Heavy-ball momentum (b ← μ·b + g; p ← p − lr·b) on the quadratic model converges only if every "
                "λ > 0 and lr < 2(1+μ)/λmax: both eigenvalues of its iteration matrix [[1 − lr·λ, −μ], "
                "[lr·λ, μ]] then lie inside the unit circle. Where some λ ≤ 0 no learning rate converges.")
        return self.tr(
            "PyTorch's Nesterov momentum (b ← μ·b + g; p ← p − lr·(g + μ·b)) on the quadratic model converges "
            "only if every λ > 0 and lr < 2(1+μ)/((1+2μ)·λmax): both roots of z² − (1+μ)(1 − lr·λ)·z + "
            "μ(1 − lr·λ) then lie inside the unit circle. Where some λ ≤ 0 no learning rate converges.")

    def refresh(self, *_) -> None:
        session, method = self.session, self._method()
        if method is None:
            self.setText("")
            self.setToolTip("")
            if self.parentWidget() is not None:
                self.setVisible(False)
            return
        opt = session.runs[self._run].optimizer
        lr = opt.lr_at(self._step())          # the step's lr: under a schedule it changes along the run
        res = session.trajectories[self._run]
        start = min(self._start, res.path.shape[1] - 1)
        status, last = res.status[start], int(res.last_finite[start])
        parts = []
        if status == "diverged" and session.iteration > last:     # its last point says nothing about lr
            parts.append(self.tr("this run diverged at step {0} with lr = {1}").format(
                last + 1, _num(opt.lr_at(last + 1), 4)))
        elif status == "undefined" and session.iteration >= last:
            parts.append(self.tr("this run stopped at step {0}: f is undefined there").format(last))
        else:
            bound = self.bound_here()
            raw = analysis.hessian_eigen(session.surface, self._current_point())[0]
            flip = bool(opt.params.get("maximize"))     # the eigenvalues of the rule as applied (applied_bound)
            lam = np.sort((-raw if flip else raw) + float(opt.params.get("weight_decay", 0.0)))
            if np.isnan(bound):
                parts.append(self.tr("no curvature here (the Hessian is not defined)"))
            elif bound == 0:
                text = self.tr("no lr makes {0} converge here: λmin = {1} ≤ 0").format(opt.title, _num(lam[0], 3))
                if lam[1] > 0:      # the steepest direction alone still has its bound: no oscillation below it
                    text += self.tr("; lr &lt; {0} = {1} keeps it from oscillating along the steepest "
                                    "direction").format(self._formula(method),
                                                        _num(applied_bound(opt, raw[[0, 0] if flip else [1, 1]],
                                                                           method), 3))
                parts.append(text)
            else:
                ok = lr is not None and lr < bound
                mark = "<span style='color:#2a9d3a'>✓</span>" if ok else "<span style='color:#c0392b'>✗</span>"
                parts.append(self.tr("{0} stable for lr &lt; {1} = {2} here; lr = {3} {4}").format(
                    opt.title, self._formula(method), _num(bound, 3), _num(lr, 4) if lr is not None else "—", mark))
        minima = self.bounds_at_minima()
        if minima:
            shown = ", ".join(self.tr("&lt; {0} at ({1}, {2})").format(_num(b, 3), _num(xy[0], 3), _num(xy[1], 3))
                              for xy, b in minima[:MAX_MINIMA_SHOWN])
            more = "…" if len(minima) > MAX_MINIMA_SHOWN else ""
            parts.append(self.tr("at the minima: lr {0}{1}").format(shown, more))
        text = "<br>".join(parts)
        if text != self.text():          # an equal text would still re-lay out the runs panel
            self.setText(text)
        self.setToolTip(self._tooltip(opt.name))
        if self.parentWidget() is not None:
            self.setVisible(True)


class ConditionPlot(QtWidgets.QWidget):
    """Condition number max|λ| / min|λ| along each run against the iteration (log y), with the cursor."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.plot_widget = pg.PlotWidget(background=style.PLOT_BACKGROUND, axisItems={"left": FittedAxis([])})
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setLabel("left", self.tr("condition max|λ|/min|λ|"))
        self.plot.setLabel("bottom", self.tr("iteration"))
        self.plot.setLogMode(y=True)
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getViewBox().setMouseEnabled(x=True, y=False)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(style.PLOT_FOREGROUND)
            axis.setTextPen(style.PLOT_FOREGROUND)
        plain(self.plot.getAxis("bottom"))
        style.cache(self.plot.getAxis("left"), self.plot.getAxis("bottom"))
        self.cursor = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen(style.CURSOR_COLOR, width=1.5),
                                      hoverPen=pg.mkPen("#d62728", width=2.5))
        self.cursor.setZValue(50)
        self.cursor.sigDragged.connect(self._on_cursor_dragged)
        self.plot.addItem(self.cursor, ignoreBounds=True)
        note = QtWidgets.QLabel(self.tr("1: round bowl; large: a long narrow valley, where GD zig-zags"))
        note.setStyleSheet("color: #555555;")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(note)

        self._curves: list[pg.PlotDataItem] = []
        self._throttle = PathsRedrawThrottle(session, self._redraw, THROTTLE_MS, self)   # as the side plots
        self._hidden_stale = False
        self._screen = OnScreen(self)
        self._screen.changed.connect(self._on_screen_changed)
        session.sigRunsChanged.connect(self._on_runs_changed)
        session.sigIterationChanged.connect(self._move_cursor)
        session.sigStepsChanged.connect(self._on_steps_changed)
        self._on_runs_changed()
        self._on_steps_changed()
        self._move_cursor(session.iteration)

    def curve(self, run: int) -> pg.PlotDataItem:
        if self._hidden_stale:                  # drawn on demand when hidden (see _redraw)
            self._redraw(force=True)
        return self._curves[run]

    def _on_screen_changed(self, seen: bool) -> None:
        if seen and self._hidden_stale:
            self._redraw()

    def _on_runs_changed(self, *_) -> None:
        runs = self.session.runs
        while len(self._curves) > len(runs):
            self.plot.removeItem(self._curves.pop())
        while len(self._curves) < len(runs):
            curve = pg.PlotDataItem(connect="finite")
            self.plot.addItem(curve)
            style.cache(curve)
            self._curves.append(curve)
        for curve, run in zip(self._curves, runs, strict=True):
            curve.setPen(pg.mkPen(run.color, width=1.8))
            curve.setVisible(run.visible)
        self._redraw()

    def _redraw(self, force: bool = False) -> None:
        self._throttle.drawn()
        # Out of sight (a tab behind the side plots): no eigenvalues, setData or auto-range on every drag
        # event; drawn when it comes into sight (or when asked for a curve).
        if not (force or self._screen.seen):
            self._hidden_stale = True
            return
        self._hidden_stale = False
        session = self.session
        results = session.trajectories
        if len(results) != len(self._curves):
            return
        for r, curve in enumerate(self._curves):
            cond = analysis.condition_number(session.eigenvalues(r))          # (steps+1, N)
            cond[~np.isfinite(cond)] = np.nan                        # a zero eigenvalue: a gap, not inf
            n = cond.shape[1]
            it = np.arange(cond.shape[0], dtype=float)
            x = np.tile(np.append(it, np.nan), n)
            y = np.hstack([cond.T, np.full((n, 1), np.nan)]).reshape(-1)
            curve.setData(x, y)
        self.plot.enableAutoRange(y=True)

    def _on_steps_changed(self, *_) -> None:
        self.plot.setXRange(0, self.session.steps, padding=0.02)
        self.cursor.setBounds((0, self.session.steps))

    def _move_cursor(self, k: int) -> None:
        if self.cursor.value() != k:
            self.cursor.blockSignals(True)
            self.cursor.setValue(k)
            self.cursor.blockSignals(False)

    def _on_cursor_dragged(self, cursor) -> None:
        self.session.set_iteration(int(round(cursor.value())))

