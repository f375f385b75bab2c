"""Saddle inspector: the Hessian at a critical point or at a run's current point, in numbers and words.

The eigenvector directions are drawn on the surface by the surface view (negative curvature in its own
colour); here the same colours mark the eigenvalues.
"""
from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets

from core import analysis

from .. import i18n, style


def kind_words(kind: str) -> str:
    """The kind of a critical point in a sentence a student can read."""
    tr = QtCore.QCoreApplication.translate
    return {
        "minimum": tr("Inspector", "Minimum: every Hessian eigenvalue is positive (curves up in all directions)."),
        "maximum": tr("Inspector", "Maximum: every Hessian eigenvalue is negative (curves down in all directions)."),
        "saddle": tr("Inspector", "Saddle point: one eigenvalue is negative, one positive (down one way, "
                                  "up the other)."),
        "degenerate": tr("Inspector", "Degenerate: an eigenvalue is zero, so the Hessian alone cannot tell "
                                      "the kind."),
    }[kind]


def curvature_words(kind: str) -> str:
    """How the surface curves at a point that is not critical (same eigenvalue test, different meaning)."""
    tr = QtCore.QCoreApplication.translate
    return {
        "minimum": tr("Inspector", "Curves up in every direction here (locally convex)."),
        "maximum": tr("Inspector", "Curves down in every direction here (locally concave)."),
        "saddle": tr("Inspector", "Saddle-shaped here: negative curvature along the red direction."),
        "degenerate": tr("Inspector", "Flat in one direction here (an eigenvalue is about zero)."),
    }[kind]


def critical_summary(session) -> str:
    """How many critical points were found in which box ("9 critical points in [-5, 5] × [-5, 5]"), then a
    line per flat region; while the search runs, the box being searched."""
    tr = QtCore.QCoreApplication.translate
    search = session.critical_search
    box = i18n.ltr(analysis.box_text(session.surface.domain if search is None else search.domain))
    if search is None:
        return tr("Inspector", "finding critical points in {0}…").format(box)
    count = len(search.points)
    if count == 0:
        lines = [tr("Inspector", "no critical points in {0}").format(box)]
    elif count == 1:
        lines = [tr("Inspector", "1 critical point in {0}").format(box)]
    else:
        lines = [tr("Inspector", "{0} critical points in {1}").format(count, box)]
    lines += [flat_words(region) for region in search.flat]
    return "\n".join(lines)


def flat_words(region) -> str:
    """A flat region as one line: where f is constant to rounding its zero gradients are not points."""
    return QtCore.QCoreApplication.translate(
        "Inspector", "flat region: f = {0} on {1}% of the box (constant to rounding, so not listed as points)"
    ).format(i18n.ltr(_num(region.value)), f"{100 * region.fraction:.0f}")


def _num(v: float) -> str:
    return f"{v:.5g}" if np.isfinite(v) else "—"


class Inspector(QtWidgets.QWidget):
    """Shows the session's inspected point; lists the critical points to pick from."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.points_list = QtWidgets.QListWidget()
        self.points_list.setToolTip(self.tr("Critical points of the surface (gradient zero); click one to "
                                            "inspect it"))
        self.points_list.currentRowChanged.connect(self._on_point_chosen)
        self.points_list.setMaximumHeight(110)
        self.title = QtWidgets.QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.kind_label = QtWidgets.QLabel()
        self.kind_label.setWordWrap(True)
        self.details = QtWidgets.QLabel()
        self.details.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        self.details.setToolTip(self.tr("Hessian matrix, its eigenvalues (ascending) and eigenvectors (columns)"))
        self.clear_button = QtWidgets.QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Stop inspecting and hide the curvature directions"))
        self.clear_button.clicked.connect(session.clear_inspected)
        hint = QtWidgets.QLabel(self.tr("Click a critical point or a run's head on the surface."))
        hint.setStyleSheet("color: #666666;")
        hint.setWordWrap(True)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.points_list)
        layout.addWidget(self.title)
        layout.addWidget(self.kind_label)
        layout.addWidget(self.details)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.values: np.ndarray | None = None      # the eigenvalues shown (tests read them)

        session.sigCriticalPointsChanged.connect(self._on_points_changed)
        session.sigSurfaceChanged.connect(self._on_points_changed)
        session.sigInspectedChanged.connect(self.refresh)
        session.sigIterationChanged.connect(self._on_iteration)
        session.sigTrajectoriesChanged.connect(self._on_iteration)
        self._on_points_changed()
        self.refresh()

    def _on_points_changed(self, *_):
        points = self.session.critical_points
        self.points_list.blockSignals(True)
        self.points_list.clear()
        if not points:
            self.points_list.addItem(critical_summary(self.session).splitlines()[0])
        for p in points or []:
            self.points_list.addItem(self.tr("{0} at ({1}, {2}), f = {3}").format(
                i18n.kind_name(p.kind), _num(p.xy[0]), _num(p.xy[1]), _num(p.value)))
        search = self.session.critical_search
        for region in search.flat if search is not None else ():
            item = QtWidgets.QListWidgetItem(flat_words(region))
            item.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)          # a note: nothing to inspect
            self.points_list.addItem(item)
        self.points_list.blockSignals(False)

    def _on_point_chosen(self, row: int):
        if self.session.critical_points and 0 <= row < len(self.session.critical_points):
            self.session.inspect_critical(row)

    def _on_iteration(self, *_):
        if self.session.inspected and self.session.inspected[0] == "run":
            self.refresh()

    def refresh(self, *_):
        info = self.session.inspection()
        self.clear_button.setEnabled(info is not None)
        if info is None:
            self.values = None
            self.title.setText(self.tr("Nothing inspected"))
            self.kind_label.setText("")
            self.details.setText("")
            return
        what = self.session.inspected
        if info["critical"]:
            self.title.setText(self.tr("Critical point {0}").format(what[1] + 1))
            self.kind_label.setText(kind_words(info["kind"]))
        else:
            run = self.session.runs[info["run"]]
            self.title.setText(self.tr("{0}, start {1}, iteration {2}").format(
                i18n.optimizer_label(run.optimizer), info["start"] + 1, min(self.session.iteration,
                                                           int(self.session.trajectories[info["run"]]
                                                               .last_finite[info["start"]]))))
            self.kind_label.setText(self.tr("Not a critical point (|∇f| = {0}). ").format(
                _num(float(np.hypot(*info["grad"])))) + curvature_words(info["kind"]))
        lam, vec, h = info["eigenvalues"], info["eigenvectors"], info["hessian"]
        self.values = np.asarray(lam, dtype=float)
        colors = [style.NEGATIVE_CURVATURE if v < 0 else style.POSITIVE_CURVATURE for v in lam]
        xy = info["xy"]
        rows = [
            self.tr("<b>point</b> ({0}, {1}), f = {2}").format(_num(xy[0]), _num(xy[1]), _num(info["value"])),
            self.tr("<b>gradient</b> ({0}, {1})").format(_num(info["grad"][0]), _num(info["grad"][1])),
            self.tr("<b>Hessian</b>") + "<table style='margin-left:12px'>"
            + "".join(f"<tr><td align='right'>{_num(h[i, 0])}</td><td width='10'></td>"
                      f"<td align='right'>{_num(h[i, 1])}</td></tr>" for i in range(2)) + "</table>",
            self.tr("<b>eigenvalues</b> ") + ",&nbsp; ".join(
                f"<span style='color:{c}'>λ{i + 1} = {_num(lam[i])}</span>" for i, c in enumerate(colors)),
            self.tr("<b>eigenvectors</b> ") + ",&nbsp; ".join(
                f"<span style='color:{c}'>v{i + 1} = ({_num(vec[0, i])}, {_num(vec[1, i])})</span>"
                for i, c in enumerate(colors)),
        ]
        self.details.setText("<br>".join(rows))
