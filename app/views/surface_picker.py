"""Surface picker: every built-in surface, or a formula in x and y typed by the student, and its domain.

A formula the parser refuses shows the parser's one-line message under the field; the previous surface
stays (the session refuses the change before touching anything). The domain editor shows the surface's domain
(a built-in's own, or the one fitted to a formula's critical points) and sets another with Enter; "Fit" goes
back to the surface's own. Under it, how many critical points were found in which box.
"""
from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from core import analysis, surfaces
from core.errors import shortest

from .. import i18n
from .inspector import critical_summary


class SurfacePicker(QtWidgets.QWidget):
    """Combo box of built-ins, formula field, error message and the log colour scale switch."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.combo = QtWidgets.QComboBox()
        self.combo.setToolTip(self.tr("Built-in test surfaces"))
        for name in surfaces.names():
            self.combo.addItem(name.replace("_", " "), name)
            info = surfaces.BUILTINS[name]
            self.combo.setItemData(self.combo.count() - 1, f"{info.formula}\n{info.description}",
                                   QtCore.Qt.ItemDataRole.ToolTipRole)
        self.combo.addItem(self.tr("custom formula"), None)
        self.combo.activated.connect(self._on_combo)

        self.formula = QtWidgets.QLineEdit()
        self.formula.setPlaceholderText(self.tr("f(x, y), e.g. x**2 - y**2 or x^4 + y^4 - 2*x*y"))
        self.formula.setToolTip(self.tr("Type a formula in x and y and press Enter: + - * / ** ^, sin cos exp "
                                        "log sqrt abs tanh, pi, e"))
        self.formula.returnPressed.connect(self.apply_formula)
        self.domain_edits = [QtWidgets.QLineEdit() for _ in range(4)]       # xmin, xmax, ymin, ymax
        tips = (self.tr("Smallest x of the domain"), self.tr("Largest x of the domain"),
                self.tr("Smallest y of the domain"), self.tr("Largest y of the domain"))
        for edit, tip in zip(self.domain_edits, tips):
            edit.setToolTip(tip + "\n" + self.tr("The domain is where the surface is drawn, searched for critical "
                                                 "points and sampled for basins. Press Enter to apply."))
            edit.returnPressed.connect(self.apply_domain)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("-10.25") + 12)
            edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)   # numbers read left to right
        self.domain_fit = QtWidgets.QPushButton(self.tr("Fit"))
        self.domain_fit.setToolTip(self.tr("Back to the surface's own domain: a built-in's, or for a formula "
                                           "the box fitted to the critical points found on {0}").format(
                                               i18n.ltr(analysis.box_text(analysis.WIDE))))
        self.domain_fit.clicked.connect(lambda: self._set_domain(None))
        domain = QtWidgets.QGridLayout()
        domain.setContentsMargins(0, 0, 0, 0)
        for row, axis in enumerate("xy"):
            domain.addWidget(QtWidgets.QLabel(axis), row, 0)
            domain.addWidget(self.domain_edits[2 * row], row, 1)
            domain.addWidget(QtWidgets.QLabel(self.tr("to")), row, 2)
            domain.addWidget(self.domain_edits[2 * row + 1], row, 3)
        domain.addWidget(self.domain_fit, 0, 4, 2, 1)
        domain.setColumnStretch(1, 1)
        domain.setColumnStretch(3, 1)
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)
        self.summary.setToolTip(self.tr("Critical points found in the domain (listed in the Inspector)"))
        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.log_colors = QtWidgets.QCheckBox(self.tr("Log colour scale"))
        self.log_colors.setToolTip(self.tr("Colour by log10(f − f_min): needed where the values span many "
                                           "decades (Rosenbrock, Beale)"))

        form = QtWidgets.QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Surface"), self.combo)
        form.addRow(self.tr("f(x, y) ="), self.formula)
        form.addRow(self.tr("Domain"), domain)
        form.addRow(self.message)
        form.addRow(self.summary)
        form.addRow(self.log_colors)
        session.sigSurfaceChanged.connect(self._on_surface_changed)
        session.sigCriticalPointsChanged.connect(self._on_critical_changed)
        self._on_surface_changed()

    def apply_formula(self) -> bool:
        """Apply the text of the formula field; on a parser error show its message and keep the surface."""
        text = self.formula.text().strip()
        if not text:
            return False
        try:
            self.session.set_surface(text)
        except ValueError as exc:          # FormulaError is a ValueError; one line from the parser
            self.message.setText(i18n.error_text(exc))
            self.message.show()
            return False
        self.message.hide()
        return True

    def apply_domain(self) -> bool:
        """Apply the four domain fields; on a bad number or range show why and keep the domain."""
        try:
            values = [float(edit.text().replace("−", "-")) for edit in self.domain_edits]
        except ValueError:
            self._show_error(self.tr("The domain needs four numbers: x from, x to, y from, y to."))
            return False
        domain = (values[0], values[1]), (values[2], values[3])
        if domain == self.session.surface.domain:       # Enter on the fields as shown: nothing to change
            self.message.hide()
            return True
        return self._set_domain(domain)

    def _set_domain(self, domain) -> bool:
        try:
            self.session.set_domain(domain)
        except ValueError as exc:       # UserInputError: a range no view can show
            self._show_error(i18n.error_text(exc))
            return False
        self.message.hide()
        self._show_domain()             # also when nothing changed: the fields show the domain in use
        return True

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _show_domain(self) -> None:
        for edit, value in zip(self.domain_edits, (v for pair in self.session.surface.domain for v in pair)):
            edit.setText(shortest(value))
            edit.setCursorPosition(0)
        self.domain_fit.setEnabled(self.session.domain is not None)

    def _on_critical_changed(self, *_):
        self.summary.setText(critical_summary(self.session))

    def _on_combo(self, index: int) -> None:
        name = self.combo.itemData(index)
        if name is None:
            self.formula.setFocus()
            self.formula.selectAll()
            return
        self.message.hide()
        self.session.set_surface(name)

    def _on_surface_changed(self, *_):
        text = self.session.surface_text
        index = self.combo.findData(text)
        self.combo.setCurrentIndex(index if index >= 0 else self.combo.count() - 1)
        self.formula.setText(self.session.surface.formula)
        self.message.hide()
        self._show_domain()
        self._on_critical_changed()
