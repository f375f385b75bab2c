"""File menu: open/save scenes, examples, export dialogs and the step table, through the real window."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6 import QtCore, QtGui, QtWidgets

from app import export_ui
from app.main_window import MainWindow
from app.model import Session
from core import optimizers, scene, steptable
from core.scene import RunSpec, Scene

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

PRESETS = sorted(export_ui.PRESETS.glob("*.json"))


@pytest.fixture
def window(qtbot, monkeypatch):
    session = Session("ravine", ["gd:lr=0.45", "momentum:lr=0.05,momentum=0.8"], [(-9.0, 4.0)], 60)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(1100, 750)
    w.show()
    qtbot.waitExposed(w)
    w.warnings = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text, *a: w.warnings.append((title, text)))
    return w


def _menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def _scene_of(window) -> dict:
    s = window.session.to_scene()
    return {k: v for k, v in scene.to_dict(s).items() if k != "view"}


def test_file_menu_has_the_export_actions_before_quit(window):
    texts = _menu_texts(window.file_menu)
    assert texts[:7] == ["&Open scene…", "Open &graph…", "Open graph as a loss &surface…", "Open &data…",
                         "&Save scene…", "&Examples", "Export &figure…"]
    assert texts[-1] == "&Quit"
    actions = window.export_actions
    assert actions.figure_action.shortcut() == QtGui.QKeySequence("Ctrl+E")
    graphs = sorted(export_ui.PRESETS.parent.joinpath("graphs").glob("*.graph"))    # Backprop graphs
    assert len(_menu_texts(actions.examples_menu)) == len(PRESETS) + len(graphs) and len(PRESETS) >= 6
    assert all(a.toolTip() for a in actions.examples_menu.actions())     # each example says what to look for


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_every_example_opens_in_the_window(window, path):
    title = json.loads(path.read_text())["title"]
    action = next(a for a in window.export_actions.examples_menu.actions() if a.text() == title)
    action.trigger()
    expected = scene.load(path)
    assert window.session.surface_text == expected.surface
    assert [r.optimizer.spec for r in window.session.runs] == [optimizers.create(r.optimizer).spec
                                                               for r in expected.runs]
    assert window.session.starts == [tuple(p) for p in expected.starts]
    assert window.session.steps == expected.steps and not window.warnings


@pytest.mark.parametrize("content, field", [
    ('{"version": 7, "surface": "bowl", "runs": [], "starts": [[1, 1]], "steps": 10}', "version"),
    ('{"version": 1, "surface": "bowl", "runs": [], "starts": [[1, 1]]}', "steps"),
    ('{"version": 1, "surface": "bowl", "runs": [], "starts": [[1, 1]], "steps": "ten"}', "steps"),
    ('{"version": 1, "surface": "__import__(\'os\')", "runs": [], "starts": [[1, 1]], "steps": 10}', "surface"),
    ('{"version": 1, "surface": "bowl", "runs": [], "starts": [[NaN, 1]], "steps": 10}', "starts[0][0]"),
    ('{"version": 1, "surface": "bowl", "runs": [], "starts": [[1, 1]], "steps": 100001}', "steps"),
    ('{"version": 1, "surface": "bowl", "runs": [{"optimizer": "adam:lr=0"}], "starts": [[1, 1]], "steps": 5}',
     "runs[0].optimizer"),
    ("not json", None),
])
def test_bad_scene_is_refused_and_the_current_scene_kept(window, tmp_path, content, field):
    before = _scene_of(window)
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert window.export_actions.load_scene(path) is False
    assert _scene_of(window) == before
    assert len(window.warnings) == 1
    title, text = window.warnings[0]
    assert "bad.json" in title and "\n" not in text
    if field:
        assert f"'{field}'" in text


def test_save_then_open_restores_the_scene(window, tmp_path, monkeypatch):
    target = tmp_path / "mine.json"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.session.add_start((2.0, -1.0))
    window.export_actions.save_action.trigger()
    saved = _scene_of(window)
    assert scene.load(target).starts == [(-9.0, 4.0), (2.0, -1.0)]
    window.session.apply_scene(Scene("bowl", [RunSpec("gd")], [(1.0, 1.0)], 10))
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    window.export_actions.open_action.trigger()
    assert _scene_of(window) == saved and not window.warnings


def test_figure_dialog_previews_and_reports_the_exact_size(window, qtbot):
    dialog = export_ui.FigureDialog(window.export_actions.current_scene(), window.session.iteration, window)
    qtbot.addWidget(dialog)
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    w, h = dialog._figure.size_for_width(1890)
    assert dialog.size_label.text().startswith(f"{w} × {h} px (16.0 × ")
    dialog.dpi.setValue(150)
    assert dialog.size_label.text().startswith(f"{dialog._figure.size_for_width(945)[0]} × ")
    dialog.format_box.setCurrentIndex(2)                 # PDF: a size in cm, no dpi
    assert dialog.size_label.text().endswith(" cm") and not dialog.dpi.isEnabled()
    dialog.reject()


def test_export_figure_action_writes_the_png(window, tmp_path, monkeypatch):
    target = tmp_path / "fig"
    monkeypatch.setattr(export_ui.FigureDialog, "exec", lambda self: QtWidgets.QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_actions.figure_action.trigger()
    img = Image.open(f"{target}.png")
    assert img.size[0] == 1890 and not window.warnings
    assert "fig.png" in window.statusBar().currentMessage()


def test_export_animation_and_data_actions(window, tmp_path, monkeypatch):
    monkeypatch.setattr(export_ui.AnimationDialog, "exec", lambda self: QtWidgets.QDialog.DialogCode.Accepted)
    monkeypatch.setattr(export_ui.AnimationDialog, "values", lambda self: (300, 10, 6))
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "a.gif"), ""))
    window.export_actions.animation_action.trigger()
    assert Image.open(tmp_path / "a.gif").n_frames == 10                        # 60 steps / 6
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "runs"), "JSON (*.json)"))
    window.export_actions.data_action.trigger()
    doc = json.loads((tmp_path / "runs.json").read_text())
    np.testing.assert_array_equal(np.c_[doc["runs"][0]["x"], doc["runs"][0]["y"]],
                                  window.session.trajectories[0].path[:, 0])
    assert not window.warnings


def test_step_table_view_shows_and_copies_the_worked_steps(window, qtbot):
    dialog = export_ui.StepTableDialog(window.export_actions.current_scene(), window)
    qtbot.addWidget(dialog)
    dialog.run_box.setCurrentIndex(1)
    dialog.steps.setValue(3)
    expected = steptable.build("ravine", "momentum:lr=0.05,momentum=0.8", (-9.0, 4.0), 3)
    header = [dialog.view.horizontalHeaderItem(c).text() for c in range(dialog.view.columnCount())]
    assert header == expected.header() and "b (buffer)" in header
    cells = [[dialog.view.item(r, c).text() for c in range(dialog.view.columnCount())]
             for r in range(dialog.view.rowCount())]
    assert cells == expected.cells() and len(cells) == 6
    dialog.copy_as("tex")
    assert QtWidgets.QApplication.clipboard().text() == steptable.to_latex([expected])
    dialog.view.setRangeSelected(QtWidgets.QTableWidgetSelectionRange(0, 0, 1, 4), True)
    dialog.copy_selection()
    lines = QtWidgets.QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == header[:5] and lines[1].split("\t") == cells[0][:5]
    dialog.accept()


def test_examples_folder_is_the_presets_folder():
    assert export_ui.PRESETS == Path(__file__).resolve().parent.parent / "resources" / "presets"
    assert QtCore.QCoreApplication.translate("ExportUI", "&Examples") == "&Examples"


def test_step_table_of_a_noisy_run_follows_the_chosen_start(window, qtbot):
    """Start 2's table uses start 2's gradient noise, so its points are the path plotted for start 2."""
    session = window.session
    session.add_start((3.0, -2.0))
    session.set_run_optimizer(0, "gd:lr=0.1,noise=0.5,seed=3")
    dialog = export_ui.StepTableDialog(window.export_actions.current_scene(), window)
    qtbot.addWidget(dialog)
    dialog.start_box.setCurrentIndex(1)
    dialog.steps.setValue(3)
    path = session.trajectories[0].path[:, 1]
    np.testing.assert_allclose([r.point for r in dialog.table.records], path[:3], rtol=1e-12)


def test_step_table_dialog_says_where_the_run_ended(qtbot):
    from app.export_ui import StepTableDialog
    from core.scene import RunSpec, Scene

    scene = Scene("0.5*(3*x**2 + 0.4*y**2)", [RunSpec(f"gd:lr={1.1 * 2 / 3!r}")], [(1.0, 1.0)], steps=100)
    dialog = StepTableDialog(scene)
    qtbot.addWidget(dialog)
    dialog.steps.setValue(50)
    assert dialog.view.rowCount() == 2 * 44 and "The run diverged at step 44" in dialog.title.text()
    dialog.steps.setValue(10)
    assert "diverged" not in dialog.title.text()
