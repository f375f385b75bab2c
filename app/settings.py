"""What the app remembers between sessions (QSettings): window geometry, the language and the last scene.

Every remembered value is read through :func:`value`, which checks its type: a settings file edited by hand,
written by another version or corrupted may hold anything (``window/geometry=hello``, a list, a number;
INI values come back as strings or lists whatever type is asked for), and a bad value is ignored and logged,
never fatal. A stored scene that no longer loads, or that is too large for the window's work budget, is
ignored in the same way.
"""
from __future__ import annotations

import logging

from PySide6 import QtCore

from core import scene as scenes

log = logging.getLogger(__name__)

SCENE_KEY = "session/scene"


def value(settings: QtCore.QSettings, key: str, kind: type):
    """The value stored under ``key`` if it is a ``kind`` (``str`` or ``QtCore.QByteArray``), else None.

    A value of another type is logged and ignored. Never raises.
    """
    try:
        raw = settings.value(key)
    except Exception:              # Qt could not even decode it (an unknown @Variant type)
        log.warning("ignoring the remembered %s: it cannot be read", key)
        return None
    if raw is None:
        return None
    if kind is QtCore.QByteArray and isinstance(raw, bytes):
        raw = QtCore.QByteArray(raw)
    if not isinstance(raw, kind):
        log.warning("ignoring the remembered %s: expected %s, found %s", key, kind.__name__, type(raw).__name__)
        return None
    return raw


def save(window) -> None:
    """Remember ``window``'s geometry and its session as a scene."""
    settings = QtCore.QSettings()
    window.save_settings(settings)
    try:
        settings.setValue(SCENE_KEY, scenes.dumps(window.session.to_scene(equal_axes=window.surface_view.equal_axes)))
    except ValueError:                      # nothing worth remembering is lost by skipping it
        log.exception("could not store the session")


def last_scene() -> scenes.Scene | None:
    """The scene of the last session, or None if there is none or it no longer loads."""
    from core.session import check_window_budget as check_budget

    text = value(QtCore.QSettings(), SCENE_KEY, str)
    if not text:
        return None
    try:
        scene = scenes.loads(text)
        check_budget(len(scene.runs), len(scene.starts), scene.steps)
    except ValueError as exc:
        log.warning("ignoring the remembered session: %s", exc)
        return None
    return scene
