"""Readable side plots and colour bars: plain tick labels, no label over a title, constant series on a range
around their value, curves named by start; in the window (real widgets) and in exported figures."""
from __future__ import annotations

import re

import pytest
from PySide6 import QtGui, QtWidgets

from app import export
from app.main_window import MainWindow
from app.model import Session
from core.scene import RunSpec, Scene

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

HUGE = "1e18*(x**2 + y**2)"          # values up to ~1e19: pyqtgraph would title the axes "(x1e+18)"
SI_MULTIPLIER = re.compile(r"\(x\d")   # "(x1e+18)", "(x0.001)"


def make_window(qtbot, surface, runs, starts, steps=30):
    w = MainWindow(Session(surface, runs, starts, steps))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    return w


def window_axes(w):
    axes = [(p.getAxis("left"), p.getAxis("bottom")) for p in w.side_plots.plots]
    axes.append((w.condition_plot.plot.getAxis("left"), w.condition_plot.plot.getAxis("bottom")))
    axes.append((w.surface_view.colorbar.axis, w.surface_view.plot_item.getAxis("left")))
    return [a for pair in axes for a in pair]


def tick_texts_clear_of_title(axis) -> bool:
    """Every tick label of a left/right axis lies beside its (rotated) title, not over it."""
    picture = QtGui.QPicture()
    painter = QtGui.QPainter(picture)
    try:
        if axis.style["tickFont"]:
            painter.setFont(axis.style["tickFont"])
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if not axis.label.isVisible() or specs is None:
        return True
    title = axis.label.mapRectToParent(axis.label.boundingRect())
    texts = [rect for rect, _flags, _text in specs[2]]
    if axis.orientation == "left":
        return all(rect.left() >= title.right() - 2 for rect in texts)   # the title box has ~2 px of padding
    return all(rect.right() <= title.left() + 2 for rect in texts)


def test_no_si_multiplier_anywhere_in_the_window(qtbot):
    w = make_window(qtbot, HUGE, ["gd:lr=1e-20"], [(1.0, 1.0)])
    for axis in window_axes(w):
        assert not SI_MULTIPLIER.search(axis.labelString()), axis.labelString()


def test_no_tick_label_over_an_axis_title(qtbot):
    # f up to ~2e6 and λ = 2e5: labels such as "1500000" with no multiplier (pyqtgraph adds none in [1, 1e9))
    w = make_window(qtbot, "1e5*(x**2 + y**2)", ["gd:lr=1e-7", "adam:lr=0.1"], [(1.0, 1.0)])
    for plot in (*w.side_plots.plots, w.condition_plot.plot):
        axis = plot.getAxis("left")
        assert tick_texts_clear_of_title(axis), plot.getAxis("left").labelText
    widths = {p.getAxis("left").width() for p in w.side_plots.plots}
    assert len(widths) == 1                         # stacked plots keep their x axes lined up


def test_a_constant_series_is_shown_around_its_value(qtbot):
    w = make_window(qtbot, "bowl", ["gd:lr=0.1"], [(1.0, 1.0)])      # both eigenvalues are 2 everywhere
    (_, _), (lo, hi) = w.side_plots.eig_plot.getViewBox().viewRange()
    assert lo < 2 < hi and hi - lo < 1.0 and lo > 1.0


def test_curves_are_named_by_their_start_when_there_are_several(qtbot):
    w = make_window(qtbot, "bowl", ["gd:lr=0.1", "adam:lr=0.1"], [(1.0, 1.0), (-2.0, 0.5)])
    texts = {label.toPlainText() for _plot, label in w.side_plots._start_labels}
    assert texts == {"start 1 (1, 1)", "start 2 (-2, 0.5)"}
    w.session.remove_start(1)
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    qtbot.waitUntil(lambda: not w.side_plots._start_labels, timeout=2000)   # one start: no names needed


@pytest.mark.parametrize("panels", ["surface", "all"])
def test_exported_axes_are_plain_and_clear_of_their_titles(panels):
    export.ensure_app()
    figure = export.Figure(export.FigureData.compute(Scene(HUGE, [RunSpec("gd:lr=1e-20")], [(1.0, 1.0)], 20)),
                           export.FigureOptions(panels=panels))
    try:
        for plot in figure._plots():
            for name in ("left", "right"):
                axis = plot.getAxis(name)
                assert not SI_MULTIPLIER.search(axis.labelString()), axis.labelString()
                assert tick_texts_clear_of_title(axis)
    finally:
        figure.close()
