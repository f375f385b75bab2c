"""What the app remembers between sessions (QSettings): window geometry and the last scene.

INI values come back as strings in a new process, so every read names its type; a stored scene that no
longer loads (an optimizer renamed, a corrupt file) is ignored rather than trusted.
"""
from __future__ import annotations

import logging

from PySide6 import QtCore

from core import scene as scenes

log = logging.getLogger(__name__)

SCENE_KEY = "session/scene"


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
    text = QtCore.QSettings().value(SCENE_KEY, "", type=str)
    if not text:
        return None
    try:
        return scenes.loads(text)
    except ValueError as exc:
        log.warning("ignoring the remembered session: %s", exc)
        return None
