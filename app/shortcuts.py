"""Keyboard use of the window: the Help > Keyboard shortcuts list and the guard that keeps the playback keys
out of number fields.

``shortcut_rows(window)`` is generated from the window's actual QActions (every action with a shortcut, in
the menus or not), so the list cannot go stale; the mouse gestures, which have no QAction, are listed after
them from ``MOUSE_GESTURES``.

``PlaybackKeys``: Space (play / pause) and R (reset) are single keys, and a focused spin box's line edit takes
any printable key for itself (Qt sends it a ShortcutOverride first, which it accepts): Space typed a space into
the learning rate and R did nothing. The window's number fields (``ParamSpinBox``, ``NumberSpinBox``) refuse
those two keys, so the window's shortcut fires. A method override rather than an event filter: a Python filter
on a spin box was called with its FocusOut while the box was half destroyed (a window closing), and crashed.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

_tr = QtCore.QCoreApplication.translate
CONTEXT = "Shortcuts"

# (what to do, gesture): the mouse has no QActions to read these from
MOUSE_GESTURES = (
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Move a start point (every run follows)"),
     QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Drag the white point")),
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Add a start point"),
     QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Ctrl+click the surface")),
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Remove a start point"),
     QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Right-click it")),
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Zoom"), QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Mouse wheel")),
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Pan"),
     QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Drag the surface away from a start point")),
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Inspect a critical point or a run's head"),
     QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Click it")),
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Curvature at a point"),
     QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Click the surface")),
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Change a run's colour"),
     QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Double-click it in the runs list")),
    (QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Scrub through the iterations"),
     QtCore.QT_TRANSLATE_NOOP("Shortcuts", "Drag the playback slider")),
)


def action_text(action: QtGui.QAction) -> str:
    """An action's text without its mnemonic ampersand and ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def keyed_actions(window: QtWidgets.QWidget) -> list[QtGui.QAction]:
    """Every action of ``window`` (and its children) that has a keyboard shortcut, without duplicates."""
    seen, out = set(), []
    for action in window.findChildren(QtGui.QAction):
        if action.shortcuts() and id(action) not in seen:
            seen.add(id(action))
            out.append(action)
    return out


def shortcut_rows(window: QtWidgets.QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every keyboard shortcut of ``window``, then every mouse gesture."""
    native = QtGui.QKeySequence.SequenceFormat.NativeText
    rows = [(action_text(a) or a.toolTip() or _tr(CONTEXT, "Copy the selected cells"),   # a table's bare Copy
             ", ".join(k.toString(native) for k in a.shortcuts())) for a in keyed_actions(window)]
    rows.sort(key=lambda row: row[0].casefold())
    return rows + [(_tr(CONTEXT, what), _tr(CONTEXT, how)) for what, how in MOUSE_GESTURES]


class ShortcutsDialog(QtWidgets.QDialog):
    """A two-column table: what, and the key or gesture that does it."""

    def __init__(self, window: QtWidgets.QWidget):
        super().__init__(window)
        self.setWindowTitle(_tr(CONTEXT, "Keyboard shortcuts"))
        rows = shortcut_rows(window)
        self.table = QtWidgets.QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([_tr(CONTEXT, "Action"), _tr(CONTEXT, "Key or gesture")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, (what, keys) in enumerate(rows):
            self.table.setItem(r, 0, QtWidgets.QTableWidgetItem(what))
            item = QtWidgets.QTableWidgetItem(keys)
            self.table.setItem(r, 1, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(close)
        self.resize(560, 520)


# --- number fields and single-key shortcuts -------------------------------------------------------------

PLAYBACK_KEYS = (QtCore.Qt.Key.Key_Space, QtCore.Qt.Key.Key_R)


def _playback_key(ev) -> bool:
    plain = not (ev.modifiers() & ~QtCore.Qt.KeyboardModifier.KeypadModifier)
    return plain and ev.key() in PLAYBACK_KEYS


class PlaybackKeys:
    """Mixin for number fields (first base, before the Qt spin box class): Space and R without modifiers are
    refused, so the window's shortcut fires; where none takes them (a dialog) they are dropped."""

    def event(self, ev) -> bool:
        if ev.type() == QtCore.QEvent.Type.ShortcutOverride and _playback_key(ev):
            ev.ignore()             # a refused override: the shortcut map gives the key to the window's action
            return False
        return super().event(ev)

    def keyPressEvent(self, ev) -> None:   # noqa: N802 (Qt's name)
        if _playback_key(ev):
            ev.ignore()
            return
        super().keyPressEvent(ev)


class NumberSpinBox(PlaybackKeys, QtWidgets.QSpinBox):
    """A QSpinBox that leaves Space and R to the window (the playback bar's step count)."""
