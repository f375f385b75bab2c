"""File > Open graph as a loss surface… and Open data…: the loss of a graph's model, on a dataset, as the
surface.

Open graph as a surface: a .graph file (core.graph), then its two axis parameters (``AxesDialog``); the data stays
if the open surface had data that feeds the new graph too. Open data: a CSV file (core.datasets) for the graph that is
open. The session then shows the full-data mean loss with its critical points (``Session.set_model``,
one undo step). A file that cannot be read, or data that does not fit the graph, shows the core's one-line
message under the surface picker and changes nothing.
"""
from __future__ import annotations

import dataclasses
import json
import os

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from core import datasets, scene
from core import graph as graphs
from core.errors import shortest
from core.model_surface import ModelSurface

from .. import i18n


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("ModelOpen", text)


class AxesDialog(QtWidgets.QDialog):
    """Two combo boxes over the graph's parameters (each with its value in the file): the x and the y axis."""

    def __init__(self, graph, current=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Axes of the surface"))
        defaults = graph.defaults()
        names = [n.name for n in graph.params]
        self.combos = [QtWidgets.QComboBox(), QtWidgets.QComboBox()]
        for combo in self.combos:
            for name in names:
                combo.addItem(f"{name} = {shortest(defaults[name])}", name)
        first = list(current) if current and all(c in names for c in current) else names[:2]
        for combo, name in zip(self.combos, first):
            combo.setCurrentIndex(max(combo.findData(name), 0))
        self.note = QtWidgets.QLabel()
        self.note.setStyleSheet("color: #c0392b;")
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                                  | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QtWidgets.QFormLayout(self)
        form.addRow(QtWidgets.QLabel(self.tr("Every other parameter keeps its value in the file.")))
        form.addRow(self.tr("x axis"), self.combos[0])
        form.addRow(self.tr("y axis"), self.combos[1])
        form.addRow(self.note)
        form.addRow(self.buttons)
        for combo in self.combos:
            combo.currentIndexChanged.connect(self._check)
        self._check()

    def axes(self) -> tuple[str, str]:
        return self.combos[0].currentData(), self.combos[1].currentData()

    def _check(self, *_) -> None:
        p, q = self.axes()
        same = p == q
        self.note.setText(self.tr("The two axes must be different parameters.") if same else "")
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setEnabled(not same)


def choose_axes(graph, current, parent) -> tuple[str, str] | None:
    """The axes the student chose (None: cancelled). Tests replace this function."""
    dialog = AxesDialog(graph, current, parent)
    return dialog.axes() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None


def install(window) -> None:
    """Add Open graph as a surface… and Open data… to the File menu, after the Backprop panel's Open graph…
    (which opens a graph for its forward and backward pass, not as a surface)."""
    window.open_model_action = QtGui.QAction(_tr("Open graph as a loss &surface…"), window)
    window.open_model_action.setStatusTip(_tr("Show the loss of a computational graph's model as the "
                                                    "surface, over two of its parameters"))
    window.open_model_action.triggered.connect(lambda: open_graph(window))
    window.open_data_action = QtGui.QAction(_tr("Open &data…"), window)
    window.open_data_action.setStatusTip(_tr("Feed a CSV file's rows to the graph shown as the surface: "
                                                   "the surface becomes the mean loss over the rows, and runs may "
                                                   "take minibatches"))
    window.open_data_action.triggered.connect(lambda: open_data(window))
    window.file_menu.insertActions(window.export_actions.save_action,
                                   [window.open_model_action, window.open_data_action])


def open_graph(window, path: str | None = None) -> bool:
    """Ask for a .graph file (unless ``path``) and its axes, and show its loss; False if nothing changed."""
    if path is None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            window, _tr("Open a computational graph"), "", _tr("Graphs (*.graph);;All files (*)"))
        if not path:
            return False
    try:
        graph = graphs.load(path)
    except (ValueError, OSError) as exc:
        return _refuse(window, exc)
    if len(graph.params) < 2:
        return _refuse(window, ValueError(_tr("{0}: a surface needs a graph with at least two parameters")
                                          .format(QtCore.QFileInfo(path).fileName())))
    old = window.session.model
    axes = choose_axes(graph, old.axes if old is not None else None, window)
    if axes is None:
        return False
    spec = None
    if old is not None and old.data_path is not None:
        try:            # the open data, if it feeds this graph too
            spec = scene.model_spec(path, axes, old.data_path)
        except (ValueError, OSError):
            spec = None
    try:
        spec = spec or scene.model_spec(path, axes)
    except (ValueError, OSError) as exc:
        return _refuse(window, exc)
    return _show(window, spec)


def open_data(window, path: str | None = None) -> bool:
    """Ask for a CSV file (unless ``path``) and show the open graph's mean loss over its rows."""
    old = window.session.model
    if old is None:
        return _refuse(window, ValueError(_tr("Open a graph as the surface first (File > Open graph as a "
                                                    "loss surface…): the data feeds its inputs.")))
    if path is None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            window, _tr("Open a dataset"), "", _tr("CSV files (*.csv);;All files (*)"))
        if not path:
            return False
    try:
        spec = with_data(old, path)
    except (ValueError, OSError) as exc:
        return _refuse(window, exc)
    return _show(window, spec)


def with_data(spec, path: str):
    """``spec`` (a core.scene.ModelSpec) on the CSV file at ``path``, inline when small, as core.scene.model_spec
    stores it; the surface is built once to check that the data feeds the graph (one-line errors)."""
    data = datasets.load(path)
    g = graphs.parse(spec.graph, source=spec.graph_path or "<graph>")
    ModelSurface(g, spec.axes[0], spec.axes[1], data)
    rows = np.column_stack([data.column(n) for n in data.names]).tolist()
    inline = len(rows) <= scene.MAX_INLINE_ROWS and len(json.dumps(rows)) <= scene.MAX_INLINE_BYTES
    return dataclasses.replace(spec, data_path=os.path.abspath(path), data_sha256=data.sha256,
                               data_columns=tuple(data.names) if inline else None, data_rows=rows if inline else None)


def _show(window, spec) -> bool:
    try:
        window.session.set_model(spec)
    except ValueError as exc:
        return _refuse(window, exc)
    window.surface_picker.message.hide()
    return True


def _refuse(window, exc: Exception) -> bool:
    """The core's one-line message under the surface picker; nothing changes."""
    text = (i18n.error_text(exc).strip().splitlines() or [type(exc).__name__])[0]
    window.surface_picker.message.setText(text)
    window.surface_picker.message.show()
    window.statusBar().showMessage(text, 10000)
    return False
