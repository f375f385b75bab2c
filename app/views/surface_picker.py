"""Surface picker: every built-in surface, or a formula in x and y typed by the student.

A formula the parser refuses shows the parser's one-line message under the field; the previous surface
stays (the session refuses the change before touching anything).
"""
from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from core import surfaces

from .. import i18n


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
        form.addRow(self.message)
        form.addRow(self.log_colors)
        session.sigSurfaceChanged.connect(self._on_surface_changed)
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
