"""Everyday use through the real window: undo/redo, the example's explanation, the step table's file, keys,
the shortcut list, the file dialogs' folder, keyboard-only use and the runs' colours and line styles."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from qt_helpers import mouse_drag

from app import export, export_ui, shortcuts, style
from app.launch import DEFAULT_RUNS
from app.main_window import MainWindow
from app.model import Session
from core import palette, steptable

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

CTRL, SHIFT = QtCore.Qt.KeyboardModifier.ControlModifier, QtCore.Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def folder_setting():
    QtCore.QSettings().remove(export_ui.FOLDER_KEY)
    yield
    QtCore.QSettings().remove(export_ui.FOLDER_KEY)


@pytest.fixture
def window(qtbot, folder_setting):
    w = MainWindow(Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], 200))
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def _scene(window) -> dict:
    s = window.session.to_scene()
    return {"surface": s.surface, "runs": [(r.optimizer, r.color, r.visible) for r in s.runs],
            "starts": s.starts, "steps": s.steps}


def _undo(qtbot, window):
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_Z, CTRL)


def _redo(qtbot, window):
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_Z, CTRL | SHIFT)


# --- undo and redo ----------------------------------------------------------------------------------

def test_every_kind_of_change_is_undone_and_redone_with_the_keys(qtbot, window):
    panel, picker = window.optimizer_panel, window.surface_picker
    states = [_scene(window)]
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()

    picker.combo.setCurrentIndex(picker.combo.findData("himmelblau"))          # surface
    picker.combo.activated.emit(picker.combo.currentIndex())
    states.append(_scene(window))
    next(a for a in panel.add_button.menu().actions() if a.text() == "AdaGrad").trigger()       # a run
    states.append(_scene(window))
    panel.runs_list.setCurrentRow(1)
    panel.editors["lr"].setValue(0.002)                                           # a hyperparameter
    states.append(_scene(window))
    panel.runs_list.item(2).setCheckState(QtCore.Qt.CheckState.Unchecked)        # visibility
    states.append(_scene(window))
    window.playback.steps.setValue(80)                                            # steps
    states.append(_scene(window))
    panel.runs_list.setCurrentRow(0)
    panel.remove_button.click()                                                   # remove a run
    states.append(_scene(window))
    assert states[1]["surface"] == "himmelblau" and states[3]["runs"][1][0].startswith("momentum:lr=0.002")
    assert len({json.dumps(s) for s in states}) == len(states)                   # each one a real change

    for expected in reversed(states[:-1]):
        _undo(qtbot, window)
        assert _scene(window) == expected
    assert not window.undo_action.isEnabled()
    _undo(qtbot, window)                                          # nothing more to undo: nothing changes
    assert _scene(window) == states[0]
    for expected in states[1:]:
        _redo(qtbot, window)
        assert _scene(window) == expected
    assert not window.redo_action.isEnabled()
    # the paths follow: after undoing the surface the runs are on Rosenbrock again
    for _ in states[1:]:
        window.undo_action.trigger()
    np.testing.assert_array_equal(window.session.trajectories[0].path[0, 0], (-1.5, 2.0))
    assert window.session.trajectories[0].loss[0, 0] == pytest.approx(2.5**2 + 100 * (2 - 2.25) ** 2)


def test_removing_a_run_keeps_the_other_runs_visibility(window):
    """Removing run 0 once showed a hidden run 2 again: the runs list relabelled its rows (before it had the
    new runs) and each relabel was taken for a click on the row's tick box."""
    panel = window.optimizer_panel
    panel.runs_list.item(2).setCheckState(QtCore.Qt.CheckState.Unchecked)
    panel.runs_list.setCurrentRow(0)
    panel.remove_button.click()
    assert [r.visible for r in window.session.runs] == [True, False, True, True]
    window.undo_action.trigger()
    assert [r.visible for r in window.session.runs] == [True, True, False, True, True]


def test_a_new_change_after_undo_drops_the_redo(qtbot, window):
    window.session.set_steps(50)
    window.undo_action.trigger()
    assert window.redo_action.isEnabled()
    window.session.set_steps(70)
    assert not window.redo_action.isEnabled() and window.session.steps == 70
    window.undo_action.trigger()
    assert window.session.steps == 200


def test_one_drag_is_one_undo_step(qtbot, window):
    view, session = window.surface_view, window.session
    target = view.targets[0]
    with qtbot.waitSignal(target.sigPositionChangeFinished, timeout=3000):
        mouse_drag(view.viewport(), view.data_to_widget(-1.5, 2.0), view.data_to_widget(-1.0, 1.0), steps=12)
    moved = session.starts[0]
    assert moved == pytest.approx((-1.0, 1.0), abs=0.05)
    with qtbot.waitSignal(target.sigPositionChangeFinished, timeout=3000):
        mouse_drag(view.viewport(), view.data_to_widget(*moved), view.data_to_widget(0.5, 0.5), steps=12)
    assert session.starts[0] == pytest.approx((0.5, 0.5), abs=0.05)
    window.undo_action.trigger()
    assert session.starts[0] == moved                        # the whole second drag, not one mouse move of it
    assert target.pos().x() == moved[0]                      # the point on screen went back too
    window.undo_action.trigger()
    assert session.starts[0] == (-1.5, 2.0)
    assert not window.undo_action.isEnabled()
    window.redo_action.trigger()
    assert session.starts[0] == moved


def test_adding_and_removing_start_points_and_loading_an_example_are_undone(qtbot, window):
    session = window.session
    session.add_start((1.0, 1.0))
    session.remove_start(0)
    assert session.starts == [(1.0, 1.0)]
    preset = next(export_ui.PRESETS.glob("ravine_gd_vs_momentum.json"))
    window.export_actions.load_scene(preset)
    assert session.surface_text == "ravine"
    for expected in ([(1.0, 1.0)], [(-1.5, 2.0), (1.0, 1.0)], [(-1.5, 2.0)]):
        window.undo_action.trigger()
        assert session.starts == expected
    assert session.surface_text == "rosenbrock"


def test_a_refused_change_records_no_undo_step(window):
    with pytest.raises(ValueError):
        window.session.set_surface("x +* y")
    with pytest.raises(ValueError):
        window.session.remove_start(0)                       # the last start point
    assert not window.undo_action.isEnabled()


# --- the example's explanation -----------------------------------------------------------------------

def test_an_example_explains_itself_in_the_window_and_can_be_dismissed(qtbot, window):
    banner = window.explanation
    assert not banner.isVisible()                            # the default scene has no explanation
    path = export_ui.PRESETS / "saddle_escape.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    action = next(a for a in window.export_actions.examples_menu.actions() if a.text() == data["title"])
    action.trigger()
    assert banner.isVisible()
    assert banner.title.text() == data["title"] and banner.text.text() == data["description"]
    assert banner.geometry().bottom() < window.surface_view.geometry().top() + 1     # above the plot
    qtbot.mouseClick(banner.close_button, QtCore.Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    action.trigger()
    assert banner.isVisible()
    window.session.set_surface("bowl")                       # the explanation is about the example's surface
    assert not banner.isVisible()


# --- the step table ---------------------------------------------------------------------------------

@pytest.mark.parametrize("ext", ["md", "tex", "csv"])
def test_step_table_opens_on_the_selected_run_and_saves_each_format(qtbot, window, tmp_path, monkeypatch, ext):
    window.session.add_start((0.5, 0.5))
    window.optimizer_panel.runs_list.setCurrentRow(3)
    window.explain_panel.set_selection(3, 1)
    shown = []
    monkeypatch.setattr(export_ui.StepTableDialog, "exec", lambda self: shown.append(self))
    window.export_actions.table_action.trigger()
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert dialog.run_box.currentIndex() == 3 and dialog.start_box.currentIndex() == 1
    assert dialog.table.optimizer.spec == window.session.runs[3].optimizer.spec
    target = tmp_path / "out" / f"table.{ext}"
    target.parent.mkdir()
    asked = []

    def save_name(parent, title, start, filters):
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", save_name)
    qtbot.mouseClick(dialog.save_button, QtCore.Qt.MouseButton.LeftButton)
    writer = {"md": steptable.to_markdown, "tex": steptable.to_latex, "csv": steptable.to_csv}[ext]
    assert target.read_text(encoding="utf-8") == writer([dialog.table])
    assert Path(asked[0]).parent == Path.home()
    assert window.export_actions.folder == str(target.parent)            # remembered for the next dialog


def test_step_table_name_without_extension_takes_the_chosen_filter(qtbot, window, tmp_path, monkeypatch):
    dialog = export_ui.StepTableDialog(window.export_actions.current_scene(), window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *a: (str(tmp_path / "steps"), "LaTeX (*.tex)"))
    assert dialog.save() == str(tmp_path / "steps.tex")
    assert (tmp_path / "steps.tex").read_text(encoding="utf-8") == steptable.to_latex([dialog.table])


# --- keys ---------------------------------------------------------------------------------------------

def test_home_and_end_jump_to_the_first_and_last_iteration(qtbot, window):
    window.session.set_iteration(37)
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_End)
    assert window.session.iteration == 200
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_Home)
    assert window.session.iteration == 0


def test_space_and_r_in_a_focused_number_field_play_and_reset_instead_of_typing(qtbot, window):
    box = window.optimizer_panel.editors["lr"]
    box.setFocus()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is box)
    before = box.lineEdit().text()
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Space)
    assert window.playback.playing                           # Space played
    assert box.lineEdit().text() == before                   # and typed nothing
    window.session.set_iteration(50)
    qtbot.keyClick(box, QtCore.Qt.Key.Key_R)
    assert window.session.iteration == 0 and box.lineEdit().text() == before
    qtbot.keyClick(box, QtCore.Qt.Key.Key_5)                  # other keys still edit the number
    assert box.lineEdit().text() != before
    steps = window.playback.steps                            # the steps field too
    steps.setFocus()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is steps)
    window.playback.pause()
    qtbot.keyClick(steps, QtCore.Qt.Key.Key_Space)
    assert window.playback.playing and steps.value() == 200
    window.playback.pause()


def test_formula_field_still_takes_r_and_space(qtbot, window):
    field = window.surface_picker.formula
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, "sqrt(x) ")
    assert field.text() == "sqrt(x) " and not window.playback.playing


# --- Help > Keyboard shortcuts ------------------------------------------------------------------------

def test_shortcut_list_has_every_action_shortcut_and_the_mouse_gestures(qtbot, window):
    dialog = shortcuts.ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    keyed = [a for a in window.findChildren(QtGui.QAction) if a.shortcuts()]
    assert len(keyed) >= 15
    native = QtGui.QKeySequence.SequenceFormat.NativeText
    for action in keyed:
        keys = [k.toString(native) for k in action.shortcuts()]
        assert any(what == (shortcuts.action_text(action) or what) and what and all(k in how for k in keys)
                   for what, how in rows), \
            (action.text(), keys)
    listed = {how for _, how in rows}
    for key in ("Ctrl+Z", "Ctrl+Shift+Z", "Home", "End", "Space", "R", "Left", "Right", "Ctrl+E", "Ctrl+T", "F1"):
        assert any(key in how.split(", ") for how in listed), key
    assert "Ctrl+click the surface" in listed and "Drag the white point" in listed
    assert window.shortcuts_action in keyed and window.shortcuts_action.shortcut().toString() == "F1"


# --- file dialogs ---------------------------------------------------------------------------------------

def test_dialogs_start_at_home_then_the_last_folder_never_the_presets(qtbot, window, tmp_path, monkeypatch):
    actions = window.export_actions
    assert actions.folder == str(Path.home())
    actions.load_scene(export_ui.PRESETS / "saddle_escape.json")
    assert actions.folder == str(Path.home())                 # opening an example does not move the folder
    asked = []

    def save_name(parent, title, start, filters):
        asked.append(start)
        return str(tmp_path / "s.json"), ""

    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", save_name)
    actions.save_scene()
    assert Path(asked[-1]).parent == Path.home() and (tmp_path / "s.json").exists()
    actions.save_scene()
    assert Path(asked[-1]).parent == tmp_path
    # remembered across windows (QSettings), and a folder that vanished falls back to home
    assert export_ui.ExportActions(window).folder == str(tmp_path)
    QtCore.QSettings().setValue(export_ui.FOLDER_KEY, str(tmp_path / "gone"))
    assert actions.folder == str(Path.home())
    QtCore.QSettings().setValue(export_ui.FOLDER_KEY, str(export_ui.PRESETS))     # a stale presets entry
    assert actions.folder == str(Path.home())


# --- keyboard-only use, colours and line styles ------------------------------------------------------------

def test_tab_reaches_every_control_of_the_setup_and_playback(qtbot, window):
    window.surface_picker.combo.setFocus()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is window.surface_picker.combo)
    seen = []
    for _ in range(200):
        w = QtWidgets.QApplication.focusWidget()
        if w in seen:
            break
        seen.append(w)
        qtbot.keyClick(w, QtCore.Qt.Key.Key_Tab)
    panel, playback = window.optimizer_panel, window.playback
    wanted = [window.surface_picker.combo, window.surface_picker.formula, window.surface_picker.log_colors,
              panel.runs_list, panel.add_button, panel.duplicate_button, panel.remove_button, panel.kind_combo,
              *(e for e in panel.editors.values() if panel.form.isRowVisible(e)),   # (batch: only on data)
              playback.slider, playback.speed, playback.steps]
    missing = [w.objectName() or type(w).__name__ for w in wanted if w not in seen]
    assert not missing
    order = [seen.index(w) for w in (window.surface_picker.combo, panel.runs_list, panel.kind_combo)]
    assert order == sorted(order)                              # top to bottom in the setup panel


def test_every_menu_action_is_reachable_from_the_menu_bar(window):
    """Keyboard-only: every top-level menu has an accelerator, so Alt+letter opens it."""
    titles = [a.text() for a in window.menuBar().actions() if a.menu() is not None]
    assert all("&" in t for t in titles), titles
    for title in ("&Edit", "&Help"):
        assert title in titles


def test_window_runs_use_the_export_palette_and_line_styles(window):
    assert style.RUN_COLORS is palette.RUN_COLORS and export.PALETTE is palette.RUN_COLORS
    runs = window.session.runs
    assert [r.color for r in runs] == list(palette.RUN_COLORS[: len(runs)])
    legend = {label.text: sample.item for sample, label in window.surface_view.legend.items}
    for k, (items, run) in enumerate(zip(window.surface_view._runs, runs, strict=True)):
        pen = items.line.opts["pen"]
        color, dash, _symbol = export.run_style(k, window.session.to_scene().runs[k])
        assert pen.color().name() == color == run.color
        expected = list(palette.DASH_PATTERNS.get(dash, ()))
        assert (pen.style() == QtCore.Qt.PenStyle.SolidLine) if dash == "solid" else pen.dashPattern() == expected
    assert len({tuple(i.line.opts["pen"].dashPattern()) for i in window.surface_view._runs}) == len(runs)
    assert len(legend) == len(runs)


# --- Persian -------------------------------------------------------------------------------------------



PERSIAN = re.compile("[\u0600-\u06ff]")


def test_persian_examples_and_parameter_labels_are_translated(qtbot, window, persian):
    w = MainWindow(Session("rosenbrock", ["gd:lr=0.01", "momentum:lr=0.001"], [(-1.5, 2.0)], 50))
    qtbot.addWidget(w)
    presets = sorted(export_ui.PRESETS.glob("*.json"))
    scenes = w.export_actions.examples_menu.actions()[: len(presets)]      # the scene examples come first
    assert all(PERSIAN.search(a.text()) and PERSIAN.search(a.toolTip()) for a in scenes), [a.text() for a in scenes]
    scenes[0].trigger()
    assert PERSIAN.search(w.explanation.title.text()) and PERSIAN.search(w.explanation.text.text())
    assert w.session.undo()                                 # back to gd and momentum
    panel = w.optimizer_panel
    panel.runs_list.setCurrentRow(1)                       # momentum: convention, noise, seed
    labels = {name: panel.form.labelForField(editor).text() for name, editor in panel.editors.items()}
    for name in ("noise", "seed", "convention", "momentum"):
        assert PERSIAN.search(labels[name]), (name, labels[name])
    assert labels["lr"] == "lr"                              # symbols stay as typed on the command line


def _cut_off(root) -> list[str]:
    """Visible one-line labels, buttons and check boxes narrower than their text."""
    out = []
    for w in root.findChildren(QtWidgets.QWidget):
        if not w.isVisible() or w.width() <= 1 or w.window() is not root:
            continue
        if isinstance(w, QtWidgets.QLabel) and not w.wordWrap() and w.text() and "<" not in w.text():
            need = w.fontMetrics().horizontalAdvance(w.text()) + 2 * w.margin()
            if need > w.contentsRect().width() + 1:
                out.append(w.text())
        elif isinstance(w, (QtWidgets.QAbstractButton,)) and w.text() and w.width() < w.minimumSizeHint().width():
            out.append(w.text())
    return out


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_no_label_is_cut_off_in_persian(qtbot, persian, size):
    from app import i18n

    w = MainWindow(Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], 200))
    qtbot.addWidget(w)
    i18n.keep_plots_ltr(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    for row in range(len(DEFAULT_RUNS)):                  # every optimizer's editor rows
        w.optimizer_panel.runs_list.setCurrentRow(row)
        QtWidgets.QApplication.processEvents()
        assert not _cut_off(w), (row, _cut_off(w))


def test_a_wrapped_persian_caption_never_breaks_inside_a_rule(persian):
    from core.scene import RunSpec, Scene

    scene = Scene("ravine", [RunSpec("momentum:lr=0.05"), RunSpec("nesterov:lr=0.05"), RunSpec("adam:lr=0.3")],
                  [(-9.0, 3.0)], 30)
    html = export.caption_html(export.FigureData.compute(scene), 30)
    doc = QtGui.QTextDocument()
    doc.setDefaultTextOption(QtGui.QTextOption(QtCore.Qt.AlignmentFlag.AlignRight))
    option = doc.defaultTextOption()
    option.setTextDirection(QtCore.Qt.LayoutDirection.RightToLeft)
    doc.setDefaultTextOption(option)
    statements = ["p\u00a0←\u00a0p\u00a0−\u00a0lr·b", "b\u00a0←\u00a0μ·b\u00a0+\u00a0g",
                  "m\u0302\u00a0=\u00a0m/(1−β1ᵗ)"]
    plain = re.sub("<[^>]+>", "", html).replace("&lt;", "<").replace("\u2060", "")   # no tags, no word joiners
    for s in statements:
        assert f"\u2066{s}\u2069" in plain                  # whole, left to right, no breakable space
    for width in range(160, 700, 23):                       # wherever the lines happen to break
        doc.setTextWidth(width)
        doc.setHtml(html)
        doc.documentLayout().documentSize()
        raw = doc.toRawText()
        for s in statements:
            found = re.search("\u2060?".join(map(re.escape, s)), raw)
            block = doc.findBlock(found.start())
            layout = block.layout()
            first = layout.lineForTextPosition(found.start() - block.position()).lineNumber()
            last = layout.lineForTextPosition(found.end() - 1 - block.position()).lineNumber()
            assert first == last, (width, s)


def test_readme_quick_start_names_the_python_version_the_package_requires():
    root = Path(__file__).resolve().parent.parent
    quick = root.joinpath("README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    required = re.search(r'requires-python = ">=(\d+\.\d+)"', root.joinpath("pyproject.toml").read_text()).group(1)
    assert f"Python ≥ {required}" in quick
    steps = re.findall(r"^\d\. ", quick, re.M)
    assert len(steps) == 5 and "Ctrl+Z" in quick and "Home/End" in quick


def test_start_points_can_be_added_and_removed_from_the_menu(window):
    """Keyboard-only use: what Ctrl+click and right-click do has a menu action too."""
    add = next(a for a in window.findChildren(QtGui.QAction) if a.text() == "Add a start &point")
    add.trigger()
    assert len(window.session.starts) == 2
    window.remove_start_action.trigger()
    assert window.session.starts == [(-1.5, 2.0)]
    window.remove_start_action.trigger()                      # the last one stays, and the status bar says why
    assert window.session.starts == [(-1.5, 2.0)] and window.statusBar().currentMessage()


def test_every_worded_parameter_has_a_translatable_label():
    from app.views.optimizer_panel import PARAM_LABELS, SYMBOL_PARAMS
    from core import optimizers

    names = {p for n in optimizers.names() for p in optimizers.parameters(n)}
    assert names - set(SYMBOL_PARAMS) == set(PARAM_LABELS)


def test_a_new_domain_is_one_undo_step(window):
    session = window.session
    session.set_domain(((-4.0, 4.0), (-3.0, 5.0)))
    assert session.surface.domain == ((-4.0, 4.0), (-3.0, 5.0))
    window.undo_action.trigger()
    assert session.to_scene().domain is None and session.surface.domain != ((-4.0, 4.0), (-3.0, 5.0))
    window.redo_action.trigger()
    assert session.surface.domain == ((-4.0, 4.0), (-3.0, 5.0))
