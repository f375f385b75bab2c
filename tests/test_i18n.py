"""The Persian interface: a complete, compiled translation; the real window right to left with unmirrored plots
and real Persian glyphs from the bundled font; back to English; the language choice and its menu."""
from __future__ import annotations

import ast
import fnmatch
import importlib.util
import json
import os
import re
import shutil
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app import i18n

ROOT = Path(__file__).resolve().parents[1]
RTL, LTR = QtCore.Qt.LayoutDirection.RightToLeft, QtCore.Qt.LayoutDirection.LeftToRight
PERSIAN_LETTER = re.compile("[\u0600-\u06ff]")
LRI, PDI, RLM = "\u2066", "\u2069", "\u200f"


def _tool():
    """tools/update_translations.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _tool()
TS = tool.ts_path("fa")
MESSAGES = tool.messages(TS)
TRANSLATION = {(c, s): t for c, s, t, _ in MESSAGES}


def fa(context: str, source: str) -> str:
    """The .ts translation of ``source`` (what the Persian window must show)."""
    return TRANSLATION[(context, source)]


# --- the translation file -------------------------------------------------------------------------

def test_every_message_is_translated():
    assert len(MESSAGES) > 250
    unfinished = [(c, s) for c, s, _, done in MESSAGES if not done]
    assert not unfinished, f"{len(unfinished)} unfinished, e.g. {unfinished[:5]}"


def _fields(text: str) -> list[tuple[str, str]]:
    return sorted((name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None)


def test_translations_keep_placeholders_accelerators_and_latin_digits():
    accelerator = re.compile(r"&(?!lt;|gt;|amp;|nbsp;|&)\S")
    for context, source, text, _ in MESSAGES:
        where = f"[{context}] {source!r} -> {text!r}"
        assert _fields(text) == _fields(source), where                  # {0}, {1:.4g} ... all kept, same specs
        assert re.findall(r"%\d", text) == re.findall(r"%\d", source), where
        assert len(accelerator.findall(text)) == len(accelerator.findall(source)), where
        assert not re.search("[\u06f0-\u06f9\u0660-\u0669]", text), where    # numbers stay in Latin digits
        assert "\u064a" not in text and "\u0643" not in text, where          # Persian ی and ک, not Arabic ي ك
        assert not re.search("\u200c(?![\u0600-\u06ff])|(?<![\u0600-\u06ff])\u200c", text), where  # ZWNJ in words


LATIN, OPERATOR = "A-Za-z\u0370-\u03ff", "[−+×/=<>≤≥·]"


def test_coordinates_and_formulas_in_persian_sentences_are_left_to_right_isolates():
    """Without an isolate, "(-1.5, 2)" in a Persian sentence is displayed "(2 ,1.5-)" and "−∇f" as "f∇−"; a
    sentence whose first strong character is Latin (or a placeholder) needs an RLM to be laid out right to left."""
    pair = re.compile(r"\([^()]*\{[^{}]*\}[^()]*,[^()]*\{[^{}]*\}[^()]*\)")
    strong = re.compile("[\u0600-\u06ff]|[{\u2066\u2068]|[^\\W\\d_]")      # Persian, placeholder/isolate, Latin
    for context, source, text, _ in MESSAGES:
        if not PERSIAN_LETTER.search(text):
            continue
        for m in pair.finditer(text):
            assert text[:m.start()].endswith(LRI) and text[m.end():].startswith(PDI), (context, source, text)
        visible = re.sub(r"<[^>]*>", "", text)
        first = strong.search(visible).group()
        if not PERSIAN_LETTER.match(first):
            assert text.startswith(RLM), (context, source, text)
        bare = re.sub("[\u2066\u2068][^\u2069]*\u2069", "", visible.replace("&lt;", "<"))   # outside isolates:
        assert not re.search(r"(?:^|(?<=[\s\u0600-\u06ff(،؛:]))[−\-+√∇·×/=<>≤≥]+[A-Za-z\u0370-\u03ff]", bare), \
            (context, source, text)                      # a formula like −∇f or √ε would show as f∇− or ε√
        assert not re.search(rf"\d\s*{OPERATOR}\s*[{LATIN}]|[{LATIN}]\s*{OPERATOR}\s*[\d−-]", bare), \
            (context, source, text)                      # t = 3 would show as 3 = t, (1 − x) as (x − 1)
        body = visible.lstrip(RLM + " &")
        if body[0] not in first and not body[0].isdigit() and not PERSIAN_LETTER.match(first):
            raise AssertionError(f"symbols before Latin text: isolate them: {(context, source, text)}")


def test_optimizer_names_keep_their_english_name():
    assert fa("core", "Nesterov") == "تکانه نستروف (Nesterov)"
    assert fa("core", "Momentum") == "تکانه (Momentum)"
    assert fa("core", "GD") == "گرادیان کاهشی (GD)"
    assert fa("core", "Adam") == "Adam" and fa("core", "RMSprop") == "RMSprop"
    assert fa("core", "learning rate") == "نرخ یادگیری"
    assert fa("export", "saddle point") == "نقطه زینی"


def test_the_qm_is_the_compiled_ts(tmp_path):
    compiled = tmp_path / "optiscope_fa.qm"
    tool.compile_qm(TS, compiled)
    assert compiled.read_bytes() == tool.qm_path("fa").read_bytes(), "run python tools/update_translations.py"


@pytest.mark.slow
def test_the_ts_has_every_string_of_the_app(tmp_path):
    extra = tmp_path / tool.EXTRA_STRINGS.name
    extra.write_text(tool.extra_strings_text(), encoding="utf-8")
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    tool.extract(fresh, "fa", extra)
    missing = {(c, s) for c, s, *_ in tool.messages(fresh)} - set(TRANSLATION)
    assert not missing, f"run python tools/update_translations.py and translate: {sorted(missing)[:5]}"
    assert tool.EXTRA_STRINGS.read_text(encoding="utf-8") == tool.extra_strings_text()


STRING = r"""(?:'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")"""
LITERAL = rf"(?P<lit>{STRING}(?:\s*{STRING})*)"           # "one" "two" on several lines is one string
TR_CALL = re.compile(rf"""(?<![\w.])(?:self\.)?_?tr\(\s*{LITERAL}\s*\)|(?<![\w])(?:_?tr|_?translate|\.translate)"""
                     rf"""\(\s*{STRING}\s*,\s*{LITERAL.replace("lit", "lit2")}""")


def test_no_tr_string_is_hidden_from_lupdate():
    """lupdate skips tr() calls inside f-strings and calls through an alias such as ``_tr``: every literal passed
    to a translation call in app/ must be in the .ts."""
    sources = {s for _, s, *_ in MESSAGES}
    hidden = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in TR_CALL.finditer(text):
            value = ast.literal_eval("(" + (m.group("lit") or m.group("lit2")) + ")")
            if value not in sources:
                hidden.append(f"{path.relative_to(ROOT)}:{text[:m.start()].count(chr(10)) + 1} {value!r}")
    assert not hidden, hidden


def test_fonts_and_translations_ship_with_the_package():
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["resources"]
    shipped = [p.relative_to(ROOT / "resources").as_posix()
               for p in [tool.qm_path("fa"), TS, *sorted((ROOT / "resources" / "fonts").iterdir())]]
    assert {"fonts/Vazirmatn-Regular.ttf", "fonts/Vazirmatn-Bold.ttf", "fonts/OFL.txt"} <= set(shipped)
    for name in shipped:
        assert any(fnmatch.fnmatch(name, p) for p in patterns), name
    assert "SIL OPEN FONT LICENSE Version 1.1" in (ROOT / "resources" / "fonts" / "OFL.txt").read_text()


# --- choosing the language --------------------------------------------------------------------------

@pytest.fixture
def settings(qapp):
    """QSettings with no remembered language before and after the test."""
    store = QtCore.QSettings()
    store.remove(i18n.SETTINGS_KEY)
    yield store
    store.remove(i18n.SETTINGS_KEY)
    store.sync()


def test_lang_option_then_remembered_choice_then_system_locale(settings, monkeypatch):
    monkeypatch.setattr(i18n, "system_language", lambda: "fa")
    assert i18n.choose_language() == "fa"
    i18n.set_language("en")
    assert QtCore.QSettings().value(i18n.SETTINGS_KEY, "", type=str) == "en"
    assert i18n.choose_language() == "en"               # remembered beats the system locale
    assert i18n.choose_language("fa") == "fa"           # --lang beats both
    settings.setValue(i18n.SETTINGS_KEY, "de")          # a stale or hand-edited value is ignored
    assert i18n.choose_language() == "fa"
    with pytest.raises(ValueError, match="unknown language 'de'"):
        i18n.choose_language("de")
    with pytest.raises(ValueError):
        i18n.set_language("xx")


def test_system_language_follows_the_locale():
    expected = "fa" if QtCore.QLocale.system().language() == QtCore.QLocale.Language.Persian else "en"
    assert i18n.system_language() == expected


def test_restart_drops_the_lang_option():
    argv = ["/venv/bin/optiscope", "gui", "--lang", "fa", "--steps", "50", "--lang=en", "--scene", "a.json"]
    assert i18n.restart_arguments(argv) == ["/venv/bin/optiscope", "gui", "--steps", "50", "--scene", "a.json"]


# --- the real window --------------------------------------------------------------------------------

@pytest.fixture
def language(qapp, settings):
    """``language("fa")`` installs a language for the test; English and the default locale come back after."""
    saved_locale = QtCore.QLocale()
    yield lambda lang: i18n.install(qapp, lang)
    i18n.install(qapp, "en")
    QtCore.QLocale.setDefault(saved_locale)


def _window(qtbot):
    """The main window as the app builds it (tests/test_app_window.py's fixture), with the Language menu."""
    from app.launch import DEFAULT_RUNS
    from app.main_window import MainWindow
    from app.model import Session

    window = MainWindow(Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], 200))
    if qtbot is not None:
        qtbot.addWidget(window)
    if window.findChild(QtWidgets.QMenu, "language_menu") is None:      # until main_window adds it itself
        window.menuBar().addMenu(i18n.language_menu(window))
    window.resize(1200, 800)
    window.show()
    if qtbot is not None:
        qtbot.waitExposed(window)
    QtWidgets.QApplication.processEvents()
    return window


def _menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions() if a.menu() is not None]


def _shown_texts(window) -> list[str]:
    """Every text the window shows in its widgets, actions and tooltips."""
    texts = [window.windowTitle()]
    for w in window.findChildren(QtWidgets.QWidget):
        for getter in ("text", "title", "toolTip", "placeholderText"):
            value = getattr(w, getter, None)
            if callable(value):
                try:
                    value = value()
                except TypeError:
                    continue
                if isinstance(value, str) and value:
                    texts.append(value)
        if isinstance(w, QtWidgets.QDockWidget):
            texts.append(w.windowTitle())
    for a in window.findChildren(QtGui.QAction):
        texts += [t for t in (a.text(), a.toolTip(), a.statusTip()) if t]
    return texts


def test_persian_run_labels_name_the_optimizer_and_its_settings_in_persian(qtbot, language):
    """The runs list and the surface legend: translated name and worded settings, numbers left to right."""
    language("fa")
    window = _window(qtbot)
    window.session.set_run_optimizer(0, "gd:lr=0.001")
    window.session.set_run_optimizer(4, "adam:lr=0.01,bias_correction=off")
    gd = f"{fa('core', 'GD')} {LRI}lr=0.001{PDI}"
    adam = f"Adam {LRI}lr=0.01, β1=0.9, β2=0.999, {fa('core', 'bias correction off')}{PDI}"
    rows = [window.optimizer_panel.runs_list.item(i).text() for i in range(window.optimizer_panel.runs_list.count())]
    assert rows[0] == gd and rows[4] == adam
    legend = [label.text for _sample, label in window.surface_view.legend.items]
    assert gd in legend and adam in legend


def test_persian_window_is_right_to_left_with_persian_menus(qtbot, language):
    assert language("fa") == "fa"
    window = _window(qtbot)
    assert QtWidgets.QApplication.layoutDirection() == RTL
    assert window.layoutDirection() == RTL and window.menuBar().layoutDirection() == RTL
    titles = _menu_titles(window)
    for source in ("&File", "&View", "&Runs", "&Playback", "&Help"):
        assert fa("MainWindow", source) in titles
    assert fa("Language", "&Language") in titles
    assert window.setup_dock.windowTitle() == fa("MainWindow", "Surface and runs") == "سطح و اجراها"
    panel = window.optimizer_panel
    buttons = {b.text() for b in panel.findChildren(QtWidgets.QAbstractButton)}
    assert {fa("OptimizerPanel", "Add"), fa("OptimizerPanel", "Remove")} <= buttons
    # nothing the window shows is an English source string that has a different Persian translation
    untranslated = {s for c, s, t, _ in MESSAGES if t != s and len(s) > 2 and c != "core"}
    shown_english = sorted(set(_shown_texts(window)) & untranslated)
    assert not shown_english, shown_english


def _axis_is_left_of_plot(plot) -> bool:
    """Where the plot's layout put its left axis (layout geometry: the bounding rect also covers grid lines)."""
    return plot.getAxis("left").geometry().center().x() < plot.getViewBox().geometry().center().x()


def test_plots_are_not_mirrored(qtbot, language, qapp):
    import pyqtgraph as pg

    language("fa")
    window = _window(qtbot)
    assert i18n.keep_plots_ltr(window) >= 2      # what MainWindow must do (see the report); idempotent
    qapp.processEvents()
    plots = 0
    for view in window.findChildren(pg.GraphicsView):
        assert view.layoutDirection() == LTR
        for plot in [i for i in view.scene().items() if isinstance(i, pg.PlotItem)]:
            plots += 1
            vb = plot.getViewBox()
            assert plot.layoutDirection() == LTR
            assert _axis_is_left_of_plot(plot)
            (x0, x1), (y0, _) = vb.viewRange()
            assert vb.mapViewToScene(QtCore.QPointF(x0, y0)).x() < vb.mapViewToScene(QtCore.QPointF(x1, y0)).x()
    assert plots >= 4                            # the surface, its colour bar and the side plots
    vb = window.surface_view.getPlotItem().getViewBox()
    a, b = vb.mapViewToScene(QtCore.QPointF(-1, 0)), vb.mapViewToScene(QtCore.QPointF(1, 0))
    assert a.x() < b.x()


def test_without_keep_ltr_a_plot_would_be_mirrored(qtbot, language):
    """The control for the test above: in a right-to-left app pyqtgraph puts the y axis on the right."""
    import pyqtgraph as pg

    language("fa")
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    qtbot.waitExposed(plot)
    assert not _axis_is_left_of_plot(plot.getPlotItem())
    i18n.keep_ltr(plot)
    QtWidgets.QApplication.processEvents()
    assert _axis_is_left_of_plot(plot.getPlotItem())


def _glyphs(text: str, font: QtGui.QFont):
    """(font family, glyph index) of every glyph Qt draws for ``text`` in ``font`` (after Arabic shaping)."""
    layout = QtGui.QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), g) for run in layout.glyphRuns() for g in run.glyphIndexes()]


def _render(text: str, font: QtGui.QFont, glyph_zero: bool = False) -> QtGui.QImage:
    image = QtGui.QImage(400, 60, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    painter.setFont(font)
    painter.setPen(QtGui.QColor("black"))
    if glyph_zero:                       # what a missing glyph looks like: the font's .notdef box
        raw = QtGui.QRawFont.fromFont(font)
        run = QtGui.QGlyphRun()
        run.setRawFont(raw)
        run.setGlyphIndexes([0] * len(text))
        run.setPositions([QtCore.QPointF(10 + i * raw.averageCharWidth(), 40) for i in range(len(text))])
        painter.drawGlyphRun(QtCore.QPointF(0, 0), run)
    else:
        painter.drawText(QtCore.QPointF(10, 40), text)
    painter.end()
    return image


def test_persian_text_is_drawn_with_real_glyphs_from_the_bundled_font(qtbot, language):
    language("fa")
    window = _window(qtbot)
    title = fa("MainWindow", "Runs")
    label = next(w for w in window.findChildren(QtWidgets.QLabel) if w.text() == title)
    font = label.font()
    assert QtGui.QFontInfo(font).family() == i18n.PERSIAN_FONT_FAMILY
    glyphs = _glyphs(title, font)
    assert glyphs and all(family == i18n.PERSIAN_FONT_FAMILY and index != 0 for family, index in glyphs)
    metrics = QtGui.QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(c)) for c in "اجراهای گرادیان کاهشی نقطه زینی پچژگ")
    # the label on screen is the string drawn with the bundled font, which is not a row of boxes
    shot = label.grab().toImage()
    reference = QtWidgets.QLabel(title)
    reference.setFont(font)
    reference.setStyleSheet(label.styleSheet())
    reference.setLayoutDirection(label.layoutDirection())
    reference.resize(label.size())
    fmt = QtGui.QImage.Format.Format_RGB32
    assert reference.grab().toImage().convertToFormat(fmt) == shot.convertToFormat(fmt)
    bundled = QtGui.QFont(i18n.PERSIAN_FONT_FAMILY, 20)
    assert _render(title, bundled) != _render(title, bundled, glyph_zero=True)
    assert _render(title, bundled) != _render("", bundled)


def test_numbers_stay_in_latin_digits_even_on_a_persian_system(qtbot, language):
    QtCore.QLocale.setDefault(QtCore.QLocale(QtCore.QLocale.Language.Persian, QtCore.QLocale.Country.Iran))
    assert QtWidgets.QDoubleSpinBox().textFromValue(0.25) != "0.25"     # what the Persian locale would show
    language("fa")
    spin = QtWidgets.QDoubleSpinBox()
    spin.setDecimals(3)
    spin.setValue(0.125)
    assert spin.text() == "0.125"
    window = _window(qtbot)
    assert window.playback.steps.text() == "200"


START_AND_REPORT = """
import json, sys
from PySide6 import QtCore, QtGui, QtWidgets
app = QtWidgets.QApplication([])
app.setOrganizationName("OptiscopeTests"); app.setApplicationName("OptiscopeI18n")
sys.path.insert(0, "tests")
import test_i18n as t
from app import i18n
lang = i18n.install(app, None)                       # the remembered language, as at a start without --lang
window = t._window(None)
report = {"lang": lang, "rtl": window.layoutDirection() == t.RTL, "menus": t._menu_titles(window),
          "persian": [x for x in t._shown_texts(window) if t.PERSIAN_LETTER.search(x)]}
if sys.argv[1] != "-":                                 # choose a language in the menu, answer "Later"
    i18n.ask_restart = lambda parent: False
    menu = window.findChild(QtWidgets.QMenu, "language_menu")
    next(a for a in menu.actions() if a.data() == sys.argv[1]).trigger()
print(json.dumps(report))
from app.launch import close_windows
close_windows([window])                                 # as the app does when its event loop ends
"""


def _start(tmp_path, choose: str) -> dict:
    """Start Optiscope's window in a new process (settings in ``tmp_path``); optionally pick a language in the
    Language menu before quitting. Returns what the window showed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), LANG="C", LC_ALL="C")
    result = subprocess.run([sys.executable, "-c", START_AND_REPORT, choose], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_choosing_english_in_the_menu_gives_english_at_the_next_start(tmp_path):
    """The whole round trip, a process per start: Persian remembered -> menu 'English' -> restart -> English."""
    settings = tmp_path / "OptiscopeTests" / "OptiscopeI18n.conf"
    settings.parent.mkdir()
    settings.write_text("[ui]\nlanguage=fa\n")
    persian = _start(tmp_path, "en")
    assert persian["lang"] == "fa" and persian["rtl"]
    assert fa("MainWindow", "&File") in persian["menus"] and fa("Language", "&Language") in persian["menus"]
    assert "language=en" in settings.read_text()
    english = _start(tmp_path, "-")
    assert english["lang"] == "en" and not english["rtl"]
    assert {"&File", "&View", "&Runs", "&Playback", "&Help", "&Language"} <= set(english["menus"])
    assert set(english["persian"]) == {i18n.LANGUAGES["fa"]}     # only the menu entry "فارسی"


@pytest.mark.slow
def test_a_start_and_close_in_a_new_process_exits_cleanly_every_time(tmp_path):
    """The child above, started again and again, ends with status 0 (``_start`` checks). It died with SIGSEGV
    at exit in about 4 starts of 10 while it left its window to PySide's exit hook, which deleted pyqtgraph's
    parentless plot menus before the window whose plots use them; now it ends as the app does (close_windows)."""
    for _ in range(4):
        assert _start(tmp_path, "-")["lang"] == "en"


# --- the Language menu --------------------------------------------------------------------------------

def test_language_menu_remembers_the_choice_and_offers_a_restart(qtbot, language, monkeypatch):
    language("fa")
    window = _window(qtbot)
    menu = window.findChild(QtWidgets.QMenu, "language_menu")
    actions = {a.data(): a for a in menu.actions()}
    assert [a.text() for a in menu.actions()] == ["English", "فارسی"]
    assert actions["fa"].isChecked() and not actions["en"].isChecked()
    asked, restarted = [], []
    monkeypatch.setattr(i18n, "ask_restart", lambda parent: asked.append(parent) or True)
    monkeypatch.setattr(i18n, "restart_application", lambda: restarted.append(True))
    actions["fa"].trigger()                     # the language in use: remembered, nothing to restart
    assert QtCore.QSettings().value(i18n.SETTINGS_KEY, "", type=str) == "fa" and not asked
    actions["en"].trigger()
    assert QtCore.QSettings().value(i18n.SETTINGS_KEY, "", type=str) == "en"
    assert asked == [window] and restarted == [True]
    assert actions["en"].isChecked() and not actions["fa"].isChecked()


# --- exports ------------------------------------------------------------------------------------------

def test_install_for_export_translates_figure_text_without_mirroring(language, qapp):
    from app import export

    qapp.setLayoutDirection(QtCore.Qt.LayoutDirection.LayoutDirectionAuto)   # a fresh `optiscope export`
    assert i18n.install_for_export("fa") == "fa"
    qapp.processEvents()                              # Qt would now turn right to left for qtbase_fa.qm
    assert export.tr("saddle point") == fa("export", "saddle point") == "نقطه زینی"      # app/export.py's helper
    assert QtWidgets.QApplication.layoutDirection() == LTR         # a figure is a plot: left to right
    assert i18n.font_families("fa", ["DejaVu Sans"]) == [i18n.PERSIAN_FONT_FAMILY, "DejaVu Sans"]
    assert i18n.PERSIAN_FONT_FAMILY in QtGui.QFontDatabase.families()
    assert i18n.ltr("(-1.5, 2)") == LRI + "(-1.5, 2)" + PDI
    assert i18n.install_for_export(None) == "en"                  # the command line default: same file anywhere
    assert export.tr("saddle point") == "saddle point"
    assert i18n.ltr("(-1.5, 2)") == "(-1.5, 2)"


def test_figure_legend_and_caption_name_the_optimizers_in_persian(language, qapp):
    from app import export
    from core.scene import RunSpec, Scene

    scene = Scene("ravine", [RunSpec("gd:lr=0.45"), RunSpec("adam:lr=0.1")], [(-9.0, 4.0)], steps=20)
    i18n.install_for_export("fa")
    try:
        fig = export.Figure(export.FigureData.compute(scene))
        try:
            labels = [label.text for _sample, label in fig.legend.items]
            gd = fa("core", "GD")
            assert gd == "گرادیان کاهشی (GD)"
            assert labels[:2] == [f"{gd} {LRI}lr=0.45{PDI}", f"Adam {LRI}lr=0.1, β1=0.9, β2=0.999{PDI}"]
            caption = fig.caption.toPlainText().replace("\u2060", "")    # without the word joiners of formulas
            assert f"(1) {gd} {LRI}lr=0.45{PDI} ← {LRI}(" in caption                  # the arrow in reading order
            assert f"{gd}: {LRI}p ← p − lr·g{PDI}" in caption
            assert f"ε=1e-08{PDI}, {LRI}{fa('core', 'bias correction on')}{PDI} ← {LRI}(" in caption   # Adam's switch
        finally:
            fig.close()
    finally:
        i18n.install_for_export(None)
    fig = export.Figure(export.FigureData.compute(scene))            # English: the core's own names
    try:
        assert [label.text for _sample, label in fig.legend.items][0] == "GD lr=0.45"
        assert "(1) GD lr=0.45 → (" in fig.caption.toPlainText()
    finally:
        fig.close()


def test_core_texts_are_translated_at_run_time(language):
    from core import optimizers

    language("fa")
    assert i18n.core_text(optimizers.create("nesterov").title) == "تکانه نستروف (Nesterov)"
    assert i18n.core_text("not a core text") == "not a core text"


def test_strings_behind_helpers_and_in_f_strings_are_translated(language):
    """Calls lupdate cannot see (helpers, aliases, f-strings) reach the .ts through tools/ and work at run time."""
    from app import export
    from app.views.inspector import kind_words

    language("fa")
    assert kind_words("saddle") == fa("Inspector", "Saddle point: one eigenvalue is negative, one positive "
                                                   "(down one way, up the other).")
    assert kind_words("saddle").startswith("نقطه زینی")
    assert export.tr("Figure.") == fa("export", "Figure.") == "شکل."


def test_keep_ltr_lays_out_an_offscreen_figure_at_once(language, qapp):
    """A figure rendered without an event loop (the export) is laid out left to right right away."""
    import pyqtgraph as pg

    language("fa")
    view = pg.GraphicsView()
    layout = pg.GraphicsLayout()
    view.setCentralItem(layout)
    first, second = layout.addPlot(row=0, col=0), layout.addPlot(row=0, col=1)
    view.resize(600, 300)
    layout.layout.activate()
    assert first.geometry().x() > second.geometry().x()          # mirrored: column 0 on the right
    i18n.keep_ltr(view)                                          # no processEvents() in between
    assert first.geometry().x() < second.geometry().x()
    assert _axis_is_left_of_plot(first) and _axis_is_left_of_plot(second)


class _Window(QtWidgets.QMainWindow):
    def __init__(self, refuse: bool = False):
        super().__init__()
        self.refuse, self.closed = refuse, False

    def closeEvent(self, event):
        if self.refuse:
            event.ignore()
        else:
            self.closed = True
            event.accept()


def test_restart_closes_the_windows_then_starts_the_same_command_without_lang(qtbot, qapp, monkeypatch):
    started, quits = [], []
    monkeypatch.setattr(QtCore.QProcess, "startDetached", lambda *args: started.append(args) or (True, 4242))
    monkeypatch.setattr(QtWidgets.QApplication, "quit", lambda *_: quits.append(True))
    monkeypatch.setattr(sys, "orig_argv", [sys.executable, "main.py", "gui", "--lang", "fa", "--steps", "50"])
    quit_on_close = qapp.quitOnLastWindowClosed()
    try:
        stubborn = _Window(refuse=True)             # e.g. a window that asks to save first and is cancelled
        qtbot.addWidget(stubborn)
        stubborn.show()
        assert i18n.restart_application() is False
        assert not started and not quits and qapp.quitOnLastWindowClosed() == quit_on_close
        stubborn.refuse = False
        stubborn.close()
        window = _Window()
        qtbot.addWidget(window)
        window.show()
        assert i18n.restart_application() is True
        assert window.closed                          # closed (so it remembered its scene) before the restart
        assert started == [(sys.executable, ["main.py", "gui", "--steps", "50"], os.getcwd())]
        assert quits == [True]
    finally:
        qapp.setQuitOnLastWindowClosed(quit_on_close)


def test_critical_point_kinds_in_words(language):
    language("fa")
    assert [i18n.kind_name(k) for k in ("minimum", "maximum", "saddle", "degenerate")] == \
        ["کمینه", "بیشینه", "نقطه زینی", "نقطه تبهگن"]
    language("en")
    assert i18n.kind_name("saddle") == "saddle point"


@pytest.mark.slow
def test_export_with_lang_fa_writes_svg_and_pdf_with_the_persian_caption(tmp_path):
    """`optiscope export --lang fa`: the caption's Persian words are in the SVG's text and the PDF's text."""
    import base64
    import unicodedata
    import xml.etree.ElementTree as ET

    root = Path(__file__).resolve().parents[1]
    figure = {m.find("source").text: m.find("translation").text
              for c in ET.parse(root / "resources/i18n/optiscope_fa.ts").getroot() if c.find("name").text == "export"
              for m in c.findall("message")}["Figure."]
    assert figure == "شکل."
    args = ["--lang", "fa", "--surface", "saddle", "--optimizer", "gd:lr=0.1", "--start", "1,0.01", "--steps", "20",
            "--panels", "all"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for suffix in ("svg", "pdf"):
        out = tmp_path / f"fig.{suffix}"
        proc = subprocess.run([sys.executable, str(root / "main.py"), "export", *args, "--out", str(out)],
                              capture_output=True, text=True, timeout=120, env=env)
        assert proc.returncode == 0, proc.stderr
        if suffix == "svg":
            svg = ET.parse(out).getroot()
            text = "".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
            # the bundled fonts travel inside the SVG, so a viewer without Persian fonts still shows glyphs
            (style,) = [el.text for el in svg.iter("{http://www.w3.org/2000/svg}style")]
            embedded = re.findall(r'font-family: "Vazirmatn"; font-weight: (\w+); src: url\(data:font/ttf;base64,'
                                  r'([A-Za-z0-9+/=]+)\)', style)
            assert [(w, base64.b64decode(d)) for w, d in embedded] == [
                ("normal", (root / "resources/fonts/Vazirmatn-Regular.ttf").read_bytes()),
                ("bold", (root / "resources/fonts/Vazirmatn-Bold.ttf").read_bytes())]
            # ... and every Persian text (title, axis labels, legend, caption) asks for it
            parent = {child: el for el in svg.iter() for child in el}

            def family(el, parent=parent):
                while el is not None and "font-family" not in el.attrib:
                    el = parent.get(el)
                return "" if el is None else el.attrib["font-family"]
            persian = [t for t in svg.iter("{http://www.w3.org/2000/svg}text")
                       if re.search("[\u0600-\u06ff]", "".join(t.itertext()))]
            assert len(persian) > 5 and all("Vazirmatn" in family(t) for t in persian), \
                [(family(t), "".join(t.itertext())[:20]) for t in persian if "Vazirmatn" not in family(t)]
        else:
            text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
            assert b"Vazirmatn" in out.read_bytes()           # drawn with the bundled font, embedded
        # PDF text comes back in Arabic presentation forms and visual order: normalise, drop direction marks
        plain = re.sub(r"[\u200e\u200f\u2066-\u2069\s]", "", unicodedata.normalize("NFKC", text))
        word = figure.rstrip(".")
        assert word in plain or word[::-1] in plain, suffix


def _reads_left_to_right(layout_block, fragment: str) -> bool:
    """Whether ``fragment`` of a laid-out text block is drawn on one line with its characters left to right
    (character k+1 right of character k; the first character's edge is shared with the text before it)."""
    raw, layout = layout_block.text(), layout_block.layout()
    kept = [k for k, c in enumerate(raw) if c != "\u2060"]                       # word joiners left out
    text = "".join(raw[k] for k in kept).replace("\u00a0", " ")                  # no-break spaces as spaces
    start = text.index(fragment)
    at = kept[start:start + len(fragment)]
    lines = {layout.lineForTextPosition(k).lineNumber() for k in at}
    xs = [layout.lineForTextPosition(k).cursorToX(k)[0] for k in at[1:]
          if not unicodedata.combining(raw[k])]          # no cursor position between a letter and its hat
    return len(lines) == 1 and all(a < b for a, b in zip(xs, xs[1:]))


def test_persian_caption_keeps_numbers_and_formulas_left_to_right_and_whole(language, qapp):
    """Measured on the laid-out caption: every coordinate pair, the box and each update formula read left to
    right inside the right-to-left sentence, and no formula is broken across lines ("p ← p" / "- lr·b")."""
    from app import export
    from core.scene import RunSpec, Scene

    scene = Scene("rosenbrock", [RunSpec("adam:lr=0.05"), RunSpec("nesterov:lr=0.001")], [(-1.5, 2.0)],
                  steps=100)
    i18n.install_for_export("fa")
    try:
        fig = export.Figure(export.FigureData.compute(scene))
        try:
            block = fig.caption.document().begin()
            text = block.text().replace("\u2060", "").replace("\u00a0", " ")      # word joiners, no-break spaces
            ends = re.findall(r"\(−?\d[\d.]*, −?\d[\d.]*\)", text)
            assert len(ends) == 3                                      # the start and both runs' ends
            fragments = ["[−2, 2] × [−1, 3]", *ends, "lr=0.05", "p ← p − lr·m̂/(√v̂ + ε)", "v̂ = v/(1−β2ᵗ)",
                         "p ← p − lr·(g + μ·b)"]
            for fragment in fragments:
                assert _reads_left_to_right(block, fragment), fragment
        finally:
            fig.close()
    finally:
        i18n.install_for_export(None)
