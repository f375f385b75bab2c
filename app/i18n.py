"""The interface language: English (the source strings) or Persian (right to left, bundled Vazirmatn font).

Call ``install(app, lang)`` once, after the QApplication exists and before any window is built. It picks the
language (``--lang``, else the one remembered in QSettings, else the system locale), loads the translations
(``resources/i18n/optiscope_fa.qm`` and Qt's own ``qtbase_fa.qm`` for standard buttons), sets the layout
direction and, for Persian, makes Vazirmatn the application font with the previous font behind it as a
fallback for the symbols Vazirmatn lacks.

What stays left to right and in Latin digits whatever the language, so that values can be copied into a
homework answer: the plots (``keep_plots_ltr`` / ``keep_ltr``: axes on the usual sides, x increasing to the
right), widgets that show numbers in rows (``keep_ltr`` on the step tables, the playback bar), every number
(the default QLocale is the C locale, so spin boxes never show Persian digits; Python formatting is used
elsewhere), and coordinates or formulas inside a Persian sentence (``ltr``).

Switching language: ``set_language`` remembers the choice; the Language menu (``language_menu``) then offers a
restart, because the widgets set their texts once when they are built.

Figures exported without a window (``optiscope export --lang fa``) call ``install_for_export(lang)``: the
translations and the font, but no change of layout direction (the figure is a plot: it stays left to right).
"""
from __future__ import annotations

import logging
import os
import sys
import unicodedata

from PySide6 import QtCore, QtGui, QtWidgets

import resources
from core.errors import Message, UserInputError

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "fa": "فارسی"}     # code -> the language's own name (shown in the menu)
SOURCE_LANGUAGE = "en"                             # the strings in the code are English
SETTINGS_KEY = "ui/language"
PERSIAN_FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
PERSIAN_FONT_FAMILY = "Vazirmatn"

_state: dict = {
    "language": SOURCE_LANGUAGE,   # what install() applied last
    "translators": [],             # our QTranslators, kept alive and removed on the next install()
    "base_font": None,             # the application font before the first install(), restored for English
    "font_family": None,           # the registered Vazirmatn family, once registered
}


# --- choosing the language ------------------------------------------------------------------------

def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


def system_language() -> str:
    """'fa' on a Persian system locale, else 'en'."""
    return "fa" if QtCore.QLocale.system().language() == QtCore.QLocale.Language.Persian else "en"


def remembered_language() -> str | None:
    """The language chosen in the Language menu earlier, or None."""
    from .settings import value

    lang = value(QtCore.QSettings(), SETTINGS_KEY, str)
    return lang if lang in LANGUAGES else None


def choose_language(lang: str | None = None) -> str:
    """``lang`` (the --lang option) if given, else the remembered choice, else the system language."""
    if lang:
        return _check(lang)
    return remembered_language() or system_language()


def current_language() -> str:
    """The language the running app uses ('en' until ``install`` applied another one)."""
    return _state["language"]


def is_rtl() -> bool:
    return current_language() == "fa"


def core_text(text: str) -> str:
    """A display text that comes from core/ (an optimizer's title, a parameter's or a surface's description)
    in the interface language, e.g. "Nesterov" -> "تکانه نستروف (Nesterov)"; unchanged if it has no
    translation. tools/update_translations.py collects these texts (core/ has no Qt: lupdate cannot see them)."""
    return QtCore.QCoreApplication.translate("core", text)


def preset_text(text: str) -> str:
    """An example's title or description (resources/presets/*.json) in the interface language; unchanged if it
    has no translation (a scene of the user's own). tools/update_translations.py collects the presets' texts."""
    return QtCore.QCoreApplication.translate("presets", text) if text else text


def error_text(exc: BaseException) -> str:
    """The message of ``exc`` to show the user, in the interface language.

    For core's :class:`~core.errors.UserInputError` (a bad formula, hyperparameter, scene file, swarm setting):
    its English template translated (context "core", collected by tools/update_translations.py) and filled
    with its values, each kept left to right (``ltr``: names, numbers, columns, formula fragments), a value
    that is itself a phrase (:class:`~core.errors.Message`) translated in turn. In English that is exactly
    ``str(exc)``. For any other exception ``str(exc)``: the app translates its own messages where it raises
    them, and Python's or a library's have no translation.
    """
    if isinstance(exc, UserInputError):
        try:
            return message_text(exc.message)
        except (KeyError, IndexError, ValueError):     # a translation that lost a placeholder: say it in English
            log.warning("bad translation of %r", exc.message.template)
    return str(exc)


def message_text(message: Message) -> str:
    """A :class:`~core.errors.Message` from core in the interface language (see ``error_text``)."""
    def shown(value) -> str:
        return message_text(value) if isinstance(value, Message) else ltr(str(value))

    template = QtCore.QCoreApplication.translate("core", message.template)
    return template.format(*map(shown, message.args), **{k: shown(v) for k, v in message.kwargs.items()})


def optimizer_label(opt) -> str:
    """An optimizer's legend label in the interface language: ``opt.label`` in English ("Adam lr=0.01,
    β1=0.9, β2=0.999, bias correction off"); in Persian the name and the worded settings translated, the
    hyperparameters kept left to right ("گرادیان کاهشی (GD) lr=0.1")."""
    if current_language() == SOURCE_LANGUAGE:
        return opt.label
    parts = ", ".join(core_text(p) for p in opt.describe_parts())
    return f"{core_text(opt.title)} {ltr(parts)}" if parts else core_text(opt.title)


_KINDS = {   # the kinds of core.analysis.CriticalPoint, marked for lupdate
    "minimum": QtCore.QT_TRANSLATE_NOOP("CriticalPoint", "minimum"),
    "maximum": QtCore.QT_TRANSLATE_NOOP("CriticalPoint", "maximum"),
    "saddle": QtCore.QT_TRANSLATE_NOOP("CriticalPoint", "saddle point"),
    "degenerate": QtCore.QT_TRANSLATE_NOOP("CriticalPoint", "degenerate point"),
}


def kind_name(kind: str) -> str:
    """A critical point's kind ("minimum", "saddle", ...) as a word in the interface language."""
    return QtCore.QCoreApplication.translate("CriticalPoint", _KINDS.get(kind, kind))


def ltr(text: str) -> str:
    """``text`` (a coordinate pair, a formula, a number that may be negative or like 1e-05) kept left to right
    inside a Persian sentence: wrapped in a left-to-right isolate (U+2066 ... U+2069) when Persian is active,
    unchanged in English so that copied text stays clean. Without it "(-1.5, 2)" shows as "(2 ,1.5-)"."""
    return f"\u2066{text}\u2069" if is_rtl() else text


def formula(text: str) -> str:
    """A formula or a point that must stay on one line inside a wrapped Persian caption, kept left to right as
    ``ltr`` does: a break inside an isolate split "p ← p − lr·b" into "p ← p" and "− lr·b" on two Persian lines.
    Non-breaking spaces are not enough (lines also break after "/", before "(" or "−"), so every symbol is also
    joined to its neighbours by a WORD JOINER (U+2060, invisible; never before a combining mark). In English
    the text is returned as it is (left to right anyway, and copied or searched text stays clean)."""
    if not is_rtl():
        return text
    chars = text.replace(" ", "\u00a0")
    out = []
    for c, nxt in zip(chars, chars[1:] + " "):
        out.append(c)
        if nxt != " " and not unicodedata.combining(nxt) and not (c.isalnum() and nxt.isalnum()):
            out.append("\u2060")
    return ltr("".join(out))


def set_language(lang: str) -> None:
    """Remember ``lang`` for the next start (it does not change the running app's texts: see the module doc)."""
    settings = QtCore.QSettings()
    settings.setValue(SETTINGS_KEY, _check(lang))
    settings.sync()


# --- installing it ---------------------------------------------------------------------------------

def qm_path(lang: str) -> str:
    """The compiled translation shipped for ``lang``."""
    return str(resources.path("i18n", f"optiscope_{lang}.qm"))


def _load_translators(app: QtCore.QCoreApplication, lang: str) -> bool:
    """Replace our translators by those for ``lang``; False if Optiscope's own .qm could not be loaded."""
    for translator in _state["translators"]:
        app.removeTranslator(translator)
    _state["translators"] = []
    if lang == SOURCE_LANGUAGE:
        return True
    ours = QtCore.QTranslator(app)
    if not ours.load(qm_path(lang)):
        log.warning("cannot load the %s translation from %s; the interface stays in English", lang, qm_path(lang))
        return False
    qt_own = QtCore.QTranslator(app)        # Qt's standard buttons and dialogs (OK, Cancel, ...); optional
    folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{lang}", folder):
        app.installTranslator(qt_own)
        _state["translators"].append(qt_own)
    app.installTranslator(ours)             # installed last: searched first
    _state["translators"].append(ours)
    return True


def persian_font_family() -> str:
    """Register the bundled Vazirmatn fonts (once) and return their family name.

    Needs a QGuiApplication. If the font files are missing or corrupt (a broken installation) it warns once
    and returns the application's default family: Persian text then uses whatever system font has the glyphs.
    """
    if _state["font_family"] is None:
        families = set()
        for name in PERSIAN_FONT_FILES:
            path = resources.path("fonts", name)
            font_id = QtGui.QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                log.warning("cannot load the bundled font %s (missing or corrupt); Persian text uses a system font",
                            path)
                continue
            families.update(QtGui.QFontDatabase.applicationFontFamilies(font_id))
        if PERSIAN_FONT_FAMILY in families:
            _state["font_family"] = PERSIAN_FONT_FAMILY
        else:
            _state["font_family"] = sorted(families)[0] if families else QtGui.QFont().defaultFamily()
    return _state["font_family"]


def bundled_persian_font() -> bool:
    """Whether the bundled Vazirmatn fonts are in use (False after ``persian_font_family`` fell back)."""
    return persian_font_family() == PERSIAN_FONT_FAMILY


def font_families(lang: str, latin: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Font families for text in ``lang``: for Persian, Vazirmatn first (it has Latin letters and digits too)
    and ``latin`` behind it for the symbols it lacks; for English just ``latin``.

    For exported figures: ``QFont().setFamilies(i18n.font_families(lang, ["DejaVu Sans"]))``.
    """
    latin = list(latin)
    if _check(lang) == "fa":
        return [persian_font_family()] + [f for f in latin if f != PERSIAN_FONT_FAMILY]
    return latin


def install(app: QtWidgets.QApplication, lang: str | None = None) -> str:
    """Apply the interface language (see ``choose_language`` for the default) and return its code.

    Call it before building windows: widgets take their texts and layout direction when they are built.
    Calling it again (tests, a future live switch) replaces what the previous call installed.
    """
    lang = choose_language(lang)
    if not _load_translators(app, lang):
        lang = SOURCE_LANGUAGE
    if _state["base_font"] is None:
        _state["base_font"] = QtGui.QFont(app.font())
    base = _state["base_font"]
    if lang == "fa":
        font = QtGui.QFont(base)
        font.setFamilies(font_families("fa", base.families()))
        app.setFont(font)
        app.setLayoutDirection(QtCore.Qt.LayoutDirection.RightToLeft)
    else:
        app.setFont(base)
        app.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
    # Numbers in Latin digits with a '.' decimal point whatever the system locale (a Persian locale would
    # give spin boxes Persian digits): the values must be copyable into answers and code.
    QtCore.QLocale.setDefault(QtCore.QLocale.c())
    _state["language"] = lang
    return lang


def install_for_export(lang: str | None = None) -> str:
    """Translations and, for Persian, the bundled font for figures rendered without a window.

    ``lang`` None means English: a command-line export gives the same file on every machine. Needs a
    QGuiApplication (``app.export.ensure_app()``); does not touch the layout direction or the application font
    (the figure's items take ``font_families(lang, ...)`` explicitly). Returns the language applied.
    """
    app = QtGui.QGuiApplication.instance()
    if app is None:
        raise RuntimeError("install_for_export needs a QGuiApplication")
    lang = _check(lang or SOURCE_LANGUAGE)
    if not _load_translators(app, lang):
        lang = SOURCE_LANGUAGE
    if lang == "fa":
        persian_font_family()
    # Explicitly: left alone, Qt turns the application right to left as soon as qtbase_fa.qm is installed.
    app.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
    _state["language"] = lang
    return lang


# --- plots stay left to right -----------------------------------------------------------------------

def keep_ltr(widget: QtWidgets.QWidget) -> None:
    """Keep ``widget`` left to right in a right-to-left app: a plot (axes on their usual sides), the playback
    bar (media controls and the iteration slider run left to right, like the plots' iteration axis), a
    formula field.

    For a pyqtgraph view the widget's own direction is not enough: a top-level QGraphicsWidget in a scene
    (pyqtgraph's PlotItem, GraphicsLayout) takes the *application's* direction, and a right-to-left
    QGraphicsGridLayout puts the y axis on the right. Setting it on those items passes it down to their
    children. Call it after the plots are in the scene (it lays them out again at once); items added later
    inside them inherit it.
    """
    ltr = QtCore.Qt.LayoutDirection.LeftToRight
    widget.setLayoutDirection(ltr)
    scene = widget.scene() if isinstance(widget, QtWidgets.QGraphicsView) else None
    if scene is None:
        return
    widgets = [i for i in scene.items() if isinstance(i, QtWidgets.QGraphicsWidget)]
    for item in widgets:
        if item.parentWidget() is None:
            item.setLayoutDirection(ltr)
    # Lay out again now, outer layouts first: a figure rendered offscreen gets no event loop to do it.
    for item in sorted(widgets, key=_depth):
        layout = QtWidgets.QGraphicsWidget.layout(item)     # pyqtgraph's GraphicsLayout hides layout()
        if layout is not None:
            layout.activate()


def _depth(item: QtWidgets.QGraphicsItem) -> int:
    depth = 0
    while (item := item.parentItem()) is not None:
        depth += 1
    return depth


def keep_plots_ltr(root: QtWidgets.QWidget) -> int:
    """``keep_ltr`` on every pyqtgraph view inside ``root`` (e.g. the main window once built); returns how many."""
    import pyqtgraph as pg

    views = root.findChildren(pg.GraphicsView)
    if isinstance(root, pg.GraphicsView):
        views.append(root)
    for view in views:
        keep_ltr(view)
    return len(views)


# --- the Language menu and the restart -------------------------------------------------------------

def language_menu(parent: QtWidgets.QWidget) -> QtWidgets.QMenu:
    """A 'Language' menu with English / فارسی (each in its own script); choosing the other language
    remembers it and offers to restart. Add it with ``menuBar().addMenu(i18n.language_menu(self))``."""
    translate = QtCore.QCoreApplication.translate
    menu = QtWidgets.QMenu(translate("Language", "&Language"), parent)
    menu.setObjectName("language_menu")
    group = QtGui.QActionGroup(menu)
    group.setExclusive(True)
    for code, name in LANGUAGES.items():
        action = menu.addAction(name)
        action.setObjectName(f"language_{code}")
        action.setData(code)
        action.setCheckable(True)
        action.setChecked(code == current_language())
        group.addAction(action)
    group.triggered.connect(lambda action: _on_language_chosen(parent, action.data()))
    return menu


def _on_language_chosen(parent, lang: str) -> None:
    set_language(lang)
    if lang != current_language() and ask_restart(parent):
        restart_application()


def ask_restart(parent) -> bool:
    """Ask whether to restart now for the new language (tests replace this function)."""
    translate = QtCore.QCoreApplication.translate
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Question)
    box.setWindowTitle(translate("Language", "Language"))
    box.setText(translate("Language", "The new language is used from the next start of Optiscope."))
    box.setInformativeText(translate("Language", "Restart now? The current scene is kept."))
    restart = box.addButton(translate("Language", "&Restart now"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("Language", "&Later"), QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restart


def restart_arguments(argv: list[str]) -> list[str]:
    """The interpreter's original arguments (``sys.orig_argv[1:]``) without ``--lang X``, so that the
    remembered language applies."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("--lang="):
            out.append(arg)
    return out


def restart_application() -> bool:
    """Close the windows (the main window remembers its scene on close), start Optiscope again with the
    same command line minus ``--lang``, and quit. False (and nothing quits) if a window refused to close;
    if the new process cannot be started the user is told to start it by hand."""
    app = QtWidgets.QApplication.instance()
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)         # closing the windows must not end the app before the restart
    app.closeAllWindows()
    if any(w.isVisible() for w in app.topLevelWidgets() if w.isWindow()):
        app.setQuitOnLastWindowClosed(quit_on_close)
        return False
    QtCore.QSettings().sync()
    started = QtCore.QProcess.startDetached(sys.executable, restart_arguments(sys.orig_argv[1:]), os.getcwd())
    ok = started[0] if isinstance(started, tuple) else bool(started)     # PySide6 returns (ok, pid)
    if not ok:
        translate = QtCore.QCoreApplication.translate
        QtWidgets.QMessageBox.warning(None, translate("Language", "Language"),
                                      translate("Language", "Optiscope could not restart itself. "
                                                            "Please start it again."))
    app.quit()
    return ok
