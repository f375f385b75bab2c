"""The explanation of an example, shown above the plot when the example opens (not only as a menu tooltip).

``ExplanationBanner.show_text(title, description)`` shows both in the interface language (a preset's title and
description are translated through ``app.i18n.preset_text``); the × button or Escape in it hides it. A scene
without a description shows nothing. Switching to another surface hides it: the text explains the example's
surface, not the new one.
"""
from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from .. import i18n


class ExplanationBanner(QtWidgets.QFrame):
    """A pale strip with a bold title, the wrapped explanation and a close button."""

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.setObjectName("explanation")
        self.setStyleSheet("#explanation { background: #fff8e1; border-bottom: 1px solid #e0c97f; }")
        self.title = QtWidgets.QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        self.text = QtWidgets.QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QtWidgets.QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Hide the explanation (Esc)"))
        self.close_button.setAccessibleName(self.tr("Hide the explanation"))
        self.close_button.clicked.connect(self.hide)
        texts = QtWidgets.QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.text)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 4, 6)
        layout.addLayout(texts, 1)
        layout.addWidget(self.close_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.hide()
        self._surface = None
        if session is not None:
            self._session = session
            session.sigSurfaceChanged.connect(self._on_surface_changed)

    def show_text(self, title: str, description: str) -> None:
        """Show an example's explanation (hidden when it has none)."""
        if not description:
            self.hide()
            return
        self.title.setText(i18n.preset_text(title))
        self.title.setVisible(bool(title))
        self.text.setText(i18n.preset_text(description))
        self._surface = getattr(getattr(self, "_session", None), "surface_text", None)
        self.show()

    def _on_surface_changed(self, session) -> None:
        if self._surface is not None and session.surface_text != self._surface:
            self.hide()

    def keyPressEvent(self, ev) -> None:   # noqa: N802 (Qt's name)
        if ev.key() == QtCore.Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(ev)
