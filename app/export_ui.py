"""File menu actions of the main window: scenes, examples, and the homework exports.

``install(window)`` adds to ``window.file_menu`` (before Quit): Open scene…, Save scene…, Examples ▸ (the
presets in resources/presets), Export figure… (Ctrl+E, with a preview and the size it will have),
Export animation…, Export data…, Step table… (a table view that copies as Markdown, LaTeX, CSV or cells).

Everything is drawn and written by ``app.export`` from ``window.session.to_scene()``, so the GUI and the
command line give the same files. A bad file or value shows one message and changes nothing.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from core import scene as scene_io
from core import steptable
from core.files import read_limited, write_text_atomic

from . import export, i18n, style

log = logging.getLogger(__name__)

PRESETS = Path(__file__).resolve().parent.parent / "resources" / "presets"
CONTEXT = "ExportUI"
FOLDER_KEY = "files/last_folder"        # QSettings: the folder of the last file opened or saved


def _in_presets(folder: Path) -> bool:
    try:
        return folder.resolve().is_relative_to(PRESETS)
    except OSError:
        return False


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate(CONTEXT, text)


def install(window) -> None:
    """Add the scene, example and export actions to ``window.file_menu``, in front of its last action."""
    menu = window.file_menu
    before = menu.actions()[0] if menu.actions() else None
    actions = ExportActions(window)
    window.export_actions = actions

    def add(action_or_menu):
        if isinstance(action_or_menu, QtWidgets.QMenu):
            menu.insertMenu(before, action_or_menu)
        elif action_or_menu is None:
            menu.insertSeparator(before)
        else:
            menu.insertAction(before, action_or_menu)

    for item in (actions.open_action, actions.save_action, actions.examples_menu, None, actions.figure_action,
                 actions.animation_action, actions.data_action, actions.table_action, None):
        add(item)


class ExportActions(QtCore.QObject):
    """The actions and their handlers; holds no state of its own beyond the last folder used."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

        def action(text, slot, tip, shortcut=None):
            a = QtGui.QAction(text, window)
            a.setStatusTip(tip)
            a.setToolTip(tip)
            if shortcut:
                a.setShortcut(QtGui.QKeySequence(shortcut))
            a.triggered.connect(slot)
            return a

        self.open_action = action(_tr("&Open scene…"), self.open_scene,
                                  _tr("Open a saved scene: surface, runs, start points, steps and view"),
                                  QtGui.QKeySequence.StandardKey.Open)
        self.save_action = action(_tr("&Save scene…"), self.save_scene,
                                  _tr("Save everything needed to regenerate this picture as a JSON file"),
                                  QtGui.QKeySequence.StandardKey.Save)
        self.examples_menu = QtWidgets.QMenu(_tr("&Examples"), window)
        self.examples_menu.setToolTipsVisible(True)
        for path in sorted(PRESETS.glob("*.json")):
            preset = _preset_title(path)
            if preset is None:
                continue
            title, description = map(i18n.preset_text, preset)
            a = self.examples_menu.addAction(title)
            a.setToolTip(description)
            a.setStatusTip(description)
            a.triggered.connect(lambda _=False, p=path: self.load_scene(p))
        self.figure_action = action(_tr("Export &figure…"), self.export_figure,
                                    _tr("PNG, SVG or PDF for a homework answer, with legend and caption"),
                                    "Ctrl+E")
        self.animation_action = action(_tr("Export &animation…"), self.export_animation,
                                       _tr("An animated GIF of the playback"))
        self.data_action = action(_tr("Export &data…"), self.export_data,
                                  _tr("CSV or JSON of every run: x, y, f, gradient, Hessian eigenvalues"))
        self.table_action = action(_tr("S&tep table…"), self.show_step_table,
                                   _tr("Every quantity of the first steps of a run, to check a hand computation"),
                                   "Ctrl+T")

    # --- scenes ----------------------------------------------------------------------------------

    def current_scene(self) -> scene_io.Scene:
        surface_view = getattr(self.window, "surface_view", None)
        if surface_view is None:
            return self.window.session.to_scene()
        return self.window.session.to_scene(view=surface_view.view_range(), equal_axes=surface_view.equal_axes)

    def open_scene(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, _tr("Open scene"), self.folder,
                                                        _tr("Optiscope scenes (*.json)"))
        if path:
            self.load_scene(path)

    def load_scene(self, path) -> bool:
        """Validate the whole file first; only a good scene replaces the current one."""
        try:
            loaded = scene_io.load(path)
            if not self.window.session.apply_scene(loaded):
                return False          # the student cancelled its computation: the status bar says so
        except ValueError as exc:     # SceneError, FormulaError and the session's own checks
            self._error(_tr("Cannot open {0}").format(Path(path).name), i18n.error_text(exc))
            return False
        self.folder = str(Path(path).parent)
        if hasattr(self.window, "surface_view"):
            self.window.surface_view.show_scene_view(loaded)
        if hasattr(self.window, "explanation"):
            self.window.explanation.show_text(loaded.title, loaded.description)
        self._status(_tr("Opened {0}").format(i18n.preset_text(loaded.title) or Path(path).name))
        return True

    def save_scene(self) -> None:
        path = self._ask_save(_tr("Save scene"), "scene.json", _tr("Optiscope scenes (*.json)"))
        if not path:
            return
        try:
            scene_io.save(self.current_scene(), path)
        except (ValueError, OSError) as exc:
            self._error(_tr("Cannot save {0}").format(Path(path).name),
                        getattr(exc, "strerror", None) or i18n.error_text(exc))
            return
        self._status(_tr("Saved {0}").format(path))

    # --- exports ---------------------------------------------------------------------------------

    def export_figure(self) -> None:
        dialog = FigureDialog(self.current_scene(), self.window.session.iteration, self.window)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        fmt = dialog.format()
        path = self._ask_save(_tr("Export figure"), f"figure{fmt}", _tr("{0} files (*{1})").format(fmt[1:].upper(),
                                                                                                   fmt))
        if path:
            if not path.lower().endswith(fmt):
                path += fmt
            self._run(lambda: export.export(dialog.scene(), path, dialog.options()))

    def export_animation(self) -> None:
        scene = self.current_scene()
        dialog = AnimationDialog(scene.steps, self.window)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        path = self._ask_save(_tr("Export animation"), "animation.gif", _tr("GIF animations (*.gif)"))
        if not path:
            return
        if not path.lower().endswith(".gif"):
            path += ".gif"
        width, fps, stride = dialog.values()
        progress = QtWidgets.QProgressDialog(_tr("Writing the animation…"), _tr("Cancel"), 0, 100, self.window)
        progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def report(done, total):
            progress.setMaximum(total)
            progress.setValue(done)
            QtWidgets.QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            self._run(lambda: export.export(scene, path, export.FigureOptions(width_px=width), fps=fps,
                                            stride=stride, progress=report))
        finally:
            progress.close()

    def export_data(self) -> None:
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self.window, _tr("Export data"), str(Path(self.folder) / "runs.csv"),
            _tr("CSV table (*.csv);;JSON (*.json)"))
        if not path:
            return
        self.folder = str(Path(path).parent)
        if Path(path).suffix.lower() not in (".csv", ".json"):
            path += ".json" if "json" in chosen.lower() else ".csv"
        self._run(lambda: export.export(self.current_scene(), path))

    def show_step_table(self) -> None:
        """The dialog opens on the run selected in the runs list and the start the explain panel shows."""
        run = start = 0
        if hasattr(self.window, "optimizer_panel"):
            run = max(self.window.optimizer_panel.runs_list.currentRow(), 0)
        if hasattr(self.window, "explain_panel"):
            start = self.window.explain_panel.selection[1]
        dialog = StepTableDialog(self.current_scene(), self.window, run_index=run, start_index=start, actions=self)
        dialog.exec()

    # --- helpers ---------------------------------------------------------------------------------

    @property
    def folder(self) -> str:
        """Where the file dialogs open: the last folder the user chose (remembered in the settings) if it still
        exists and is not the installed presets, else the home folder."""
        text = QtCore.QSettings().value(FOLDER_KEY, "", type=str)
        if text and Path(text).is_dir() and not _in_presets(Path(text)):
            return text
        return str(Path.home())

    @folder.setter
    def folder(self, value: str) -> None:
        if not _in_presets(Path(value)):         # opening an example does not make the presets the folder
            QtCore.QSettings().setValue(FOLDER_KEY, str(value))

    def _ask_save(self, title: str, name: str, filters: str) -> str:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self.window, title, str(Path(self.folder) / name), filters)
        if path:
            self.folder = str(Path(path).parent)
        return path

    def _run(self, job) -> None:
        QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            done = job()
        except export.ExportCancelled:
            self._status(_tr("Export cancelled; nothing was written"))
            return
        except (ValueError, OSError) as exc:
            self._error(_tr("Export failed"), getattr(exc, "strerror", None) or i18n.error_text(exc))
            return
        finally:
            QtWidgets.QApplication.restoreOverrideCursor()
        self._status(_tr("Saved {0}").format(done))

    def _error(self, title: str, message: str) -> None:
        QtWidgets.QMessageBox.warning(self.window, title, message)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)


def _spin(box, low, high, value, step, suffix: str):
    """A spin box with its range set before its value (so the value is never clamped)."""
    if isinstance(box, QtWidgets.QDoubleSpinBox):
        box.setDecimals(1)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def _preset_title(path: Path) -> tuple[str, str] | None:
    """Title and description of a preset, read cheaply (the full check happens when it is opened); None, with
    a message in the log, for a file that is no scene at all (a broken installation): it is left out."""
    try:
        data = json.loads(read_limited(path, scene_io.MAX_FILE_BYTES).decode("utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("skipping the example %s: %s", path.name, exc)
        return None
    if not isinstance(data, dict):
        log.warning("skipping the example %s: not a scene (a JSON object)", path.name)
        return None
    title, description = data.get("title"), data.get("description")
    return (title if isinstance(title, str) and title else path.stem,
            description if isinstance(description, str) else "")


class FigureDialog(QtWidgets.QDialog):
    """Figure options with a live preview and the exact output size."""

    FORMATS = ((".png", "PNG"), (".svg", "SVG"), (".pdf", "PDF"))

    def __init__(self, scene, iteration: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export figure"))
        self._scene = scene
        self._figure = None
        form = QtWidgets.QFormLayout()
        self.format_box = QtWidgets.QComboBox()
        for ext, name in self.FORMATS:
            self.format_box.addItem(name, ext)
        self.format_box.setToolTip(self.tr("PNG for documents and slides; SVG and PDF stay sharp at any size"))
        self.width_cm = _spin(QtWidgets.QDoubleSpinBox(), 4.0, 60.0, export.DEFAULT_WIDTH_CM, 0.5, " cm")
        self.width_cm.setToolTip(self.tr("Printed width; 16 cm fits a page with margins"))
        self.dpi = _spin(QtWidgets.QSpinBox(), 30, 1200, export.DEFAULT_DPI, 50, " dpi")
        self.dpi.setToolTip(self.tr("PNG resolution; 300 dpi is print quality"))
        self.panels = QtWidgets.QComboBox()
        self.panels.addItem(self.tr("Surface"), "surface")
        self.panels.addItem(self.tr("Surface, loss and Hessian eigenvalues"), "all")
        self.at_iteration = QtWidgets.QCheckBox(self.tr("At the current step ({0} of {1})").format(iteration,
                                                                                                    scene.steps))
        self.at_iteration.setChecked(iteration < scene.steps)
        self.at_iteration.setEnabled(iteration < scene.steps)
        self._iteration = iteration
        self.caption = QtWidgets.QCheckBox(self.tr("Caption with every setting and the final points"))
        self.caption.setChecked(True)
        self.print_colors = QtWidgets.QCheckBox(self.tr("Colour-blind-safe print colours"))
        self.print_colors.setChecked(True)
        self.print_colors.setToolTip(self.tr("Otherwise the runs keep the colours they have in the window"))
        self.critical = QtWidgets.QCheckBox(self.tr("Mark critical points"))
        self.critical.setChecked(True)
        for label, widget in ((self.tr("Format"), self.format_box), (self.tr("Width"), self.width_cm),
                              (self.tr("Resolution"), self.dpi), (self.tr("Panels"), self.panels)):
            form.addRow(label, widget)
        for widget in (self.at_iteration, self.caption, self.print_colors, self.critical):
            form.addRow(widget)
        self.size_label = QtWidgets.QLabel()
        self.size_label.setStyleSheet("font-weight: bold")
        form.addRow(self.tr("Size"), self.size_label)
        self.preview = QtWidgets.QLabel()
        self.preview.setMinimumSize(380, 300)
        self.preview.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #f0f0f0; border: 1px solid #ccc")
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Save
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QtWidgets.QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.preview, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self._timer = QtCore.QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._rebuild)
        for signal in (self.panels.currentIndexChanged, self.at_iteration.toggled, self.caption.toggled,
                       self.print_colors.toggled, self.critical.toggled, self.width_cm.valueChanged):
            signal.connect(self._timer.start)
        self.dpi.valueChanged.connect(self._update_size)
        self.format_box.currentIndexChanged.connect(self._update_size)
        self._data = None
        self._rebuild()

    def format(self) -> str:
        return self.format_box.currentData()

    def scene(self):
        return self._scene

    def options(self) -> export.FigureOptions:
        return export.FigureOptions(width_cm=self.width_cm.value(), dpi=self.dpi.value(),
                                    iteration=self._iteration if self.at_iteration.isChecked() else None,
                                    panels=self.panels.currentData(), caption=self.caption.isChecked(),
                                    critical_points=self.critical.isChecked(),
                                    palette="print" if self.print_colors.isChecked() else "scene")

    def _rebuild(self) -> None:
        """Build the figure as it will be written, show it small and report its exact size."""
        options = self.options()
        try:
            if self._data is None or bool(self._data.critical) != options.critical_points:
                self._data = export.FigureData.compute(self._scene, options.critical_points)
            figure = export.Figure(self._data, options)
        except ValueError as exc:
            self.size_label.setText(i18n.error_text(exc))
            return
        if self._figure is not None:
            self._figure.close()
        self._figure = figure
        image = figure.render_image(max(self.preview.width() - 8, 200))
        self.preview.setPixmap(QtGui.QPixmap.fromImage(image).scaled(
            self.preview.size() - QtCore.QSize(8, 8), QtCore.Qt.AspectRatioMode.KeepAspectRatio,
            QtCore.Qt.TransformationMode.SmoothTransformation))
        self._update_size()

    def _update_size(self) -> None:
        if self._figure is None:
            return
        cm_w = self._figure.width * 2.54 / export.LOGICAL_DPI
        cm_h = self._figure.height * 2.54 / export.LOGICAL_DPI
        if self.format() == ".png":
            w, h = self._figure.size_for_width(round(cm_w / 2.54 * self.dpi.value()))
            text = self.tr("{0} × {1} px ({2:.1f} × {3:.1f} cm at {4} dpi)").format(w, h, cm_w, cm_h,
                                                                                     self.dpi.value())
        else:
            text = self.tr("{0:.1f} × {1:.1f} cm").format(cm_w, cm_h)
        self.dpi.setEnabled(self.format() == ".png")
        self.size_label.setText(text)

    def done(self, result: int) -> None:
        if self._figure is not None:
            self._figure.close()
            self._figure = None
        super().done(result)


class AnimationDialog(QtWidgets.QDialog):
    """GIF options: width, frame rate, steps per frame (with the frame count they give)."""

    def __init__(self, steps: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export animation"))
        self.steps = steps
        form = QtWidgets.QFormLayout(self)
        self.width_px = _spin(QtWidgets.QSpinBox(), 200, 2000, export.DEFAULT_GIF_WIDTH, 100, " px")
        self.fps = _spin(QtWidgets.QSpinBox(), 1, 60, 20, 1, self.tr(" frames/s"))
        self.stride = _spin(QtWidgets.QSpinBox(), 1, max(1, steps), export.default_stride(steps), 1, "")
        self.stride.setToolTip(self.tr("Optimizer steps per frame: more steps per frame, a shorter, smaller GIF"))
        self.frames = QtWidgets.QLabel()
        form.addRow(self.tr("Width"), self.width_px)
        form.addRow(self.tr("Frame rate"), self.fps)
        form.addRow(self.tr("Steps per frame"), self.stride)
        form.addRow(self.tr("Frames"), self.frames)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Save
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.stride.valueChanged.connect(self._update)
        self.fps.valueChanged.connect(self._update)
        self._update()

    def values(self) -> tuple[int, int, int]:
        return self.width_px.value(), self.fps.value(), self.stride.value()

    def _update(self) -> None:
        n = len(export.frame_iterations(self.steps, self.stride.value()))
        self.frames.setText(self.tr("{0} frames, {1:.1f} s").format(n, n / self.fps.value()))


class StepTableDialog(QtWidgets.QDialog):
    """The worked steps of one run from one start: a table to read, select and copy."""

    SAVE_FORMATS = (("md", "Markdown"), ("tex", "LaTeX"), ("csv", "CSV"))

    def __init__(self, scene, parent=None, run_index: int = 0, start_index: int = 0,
                 actions: ExportActions | None = None):
        super().__init__(parent)
        self._actions = actions                  # for the remembered folder (None: the home folder)
        self.setWindowTitle(self.tr("Step table"))
        self.resize(1000, 420)
        self._scene = scene
        self._surface = scene.make_surface()     # a formula's or a model's (a scene's surface text names it only)
        self.run_box = QtWidgets.QComboBox()
        from core import optimizers

        for k, run in enumerate(scene.runs):
            self.run_box.addItem(i18n.optimizer_label(optimizers.create(run.optimizer)), k)
        self.start_box = QtWidgets.QComboBox()
        for i, (x, y) in enumerate(scene.starts):
            self.start_box.addItem(f"({x:g}, {y:g})", i)
        self.steps = _spin(QtWidgets.QSpinBox(), 1, 1000, 5, 1, "")
        self.steps.setToolTip(self.tr("How many steps to show"))
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(QtCore.Qt.TextFormat.RichText)     # m̂, v̂: see style.hat_html
        self.title.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = QtWidgets.QTableWidget()
        self.view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ContiguousSelection)
        self.view.verticalHeader().setVisible(False)
        i18n.keep_ltr(self.view)          # rows of numbers: minus signs and columns stay left to right
        i18n.keep_ltr(self.start_box)
        copy_cells = QtGui.QAction(self.tr("Copy"), self.view)
        copy_cells.setShortcut(QtGui.QKeySequence.StandardKey.Copy)
        copy_cells.triggered.connect(self.copy_selection)
        self.view.addAction(copy_cells)
        top = QtWidgets.QHBoxLayout()
        for label, widget in ((self.tr("Run"), self.run_box), (self.tr("Start"), self.start_box),
                              (self.tr("Steps"), self.steps)):
            top.addWidget(QtWidgets.QLabel(label))
            top.addWidget(widget)
        top.addStretch(1)
        buttons = QtWidgets.QHBoxLayout()
        self.copy_buttons = {}
        for name, fmt in (("Markdown", "md"), ("LaTeX", "tex"), ("CSV", "csv")):
            b = QtWidgets.QPushButton(self.tr("Copy as {0}").format(name))
            b.clicked.connect(lambda _=False, f=fmt: self.copy_as(f))
            buttons.addWidget(b)
            self.copy_buttons[fmt] = b
        self.save_button = QtWidgets.QPushButton(self.tr("Save as…"))
        self.save_button.setToolTip(self.tr("Write the table to a Markdown, LaTeX or CSV file"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        close = QtWidgets.QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        for signal in (self.run_box.currentIndexChanged, self.start_box.currentIndexChanged,
                       self.steps.valueChanged):
            signal.connect(self.refresh)
        self.table = None
        self.run_box.setCurrentIndex(min(max(run_index, 0), self.run_box.count() - 1))
        self.start_box.setCurrentIndex(min(max(start_index, 0), self.start_box.count() - 1))
        self.refresh()

    def refresh(self) -> None:
        run = self._scene.runs[self.run_box.currentData() or 0]
        index = self.start_box.currentData() or 0
        start = self._scene.starts[index]
        self.table = steptable.build(self._surface, run.optimizer, start, self.steps.value(), index=index)
        header, cells = self.table.header(), self.table.cells()
        self.view.clear()
        self.view.setColumnCount(len(header))
        self.view.setRowCount(len(cells))
        self.view.setHorizontalHeaderLabels(header)
        for c, text in enumerate(header):
            item = self.view.horizontalHeaderItem(c)
            item.setFont(style.hat_font(text, item.font()))
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                item = QtWidgets.QTableWidgetItem(text)
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
                self.view.setItem(r, c, item)
        self.view.resizeColumnsToContents()
        rule = self.table.optimizer.rule
        title = f"{self.table.title}.  {self.tr('Update rule')}: {rule}"
        if self.table.status == "diverged":            # as the Markdown and LaTeX tables say under them
            title += "  " + self.tr("The run diverged at step {0}: p_t left the divergence box.").format(
                self.table.records[-1].t)
        elif self.table.status == "undefined":
            title += "  " + self.tr("f is undefined at p_t of step {0}: the run stops there.").format(
                self.table.records[-1].t)
        self.title.setText(style.hat_html(title))

    def text_as(self, fmt: str) -> str:
        writer = {"md": steptable.to_markdown, "tex": steptable.to_latex, "csv": steptable.to_csv}[fmt]
        return writer([self.table])

    def save(self) -> str | None:
        """Ask for a file and write the table to it (the format after its extension; atomically)."""
        folder = self._actions.folder if self._actions is not None else str(Path.home())
        filters = ";;".join(f"{name} (*.{ext})" for ext, name in self.SAVE_FORMATS)
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(self, self.tr("Save step table"),
                                                             str(Path(folder) / "steps.md"), filters)
        if not path:
            return None
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in dict(self.SAVE_FORMATS):
            fmt = next((ext for ext, name in self.SAVE_FORMATS if chosen.startswith(name)), "md")
            path += "." + fmt
        try:
            write_text_atomic(path, self.text_as(fmt))
        except OSError as exc:
            QtWidgets.QMessageBox.warning(self, self.tr("Cannot save {0}").format(Path(path).name),
                                          exc.strerror or str(exc))
            return None
        if self._actions is not None:
            self._actions.folder = str(Path(path).parent)
        return path

    def copy_as(self, fmt: str) -> None:
        QtWidgets.QApplication.clipboard().setText(self.text_as(fmt))

    def copy_selection(self) -> None:
        """The selected cells as tab-separated text (pastes into a spreadsheet), with the header row."""
        ranges = self.view.selectedRanges()
        if not ranges:
            return
        r = ranges[0]
        cols = range(r.leftColumn(), r.rightColumn() + 1)
        lines = ["\t".join(self.view.horizontalHeaderItem(c).text() for c in cols)]
        for row in range(r.topRow(), r.bottomRow() + 1):
            lines.append("\t".join(self.view.item(row, c).text() for c in cols))
        QtWidgets.QApplication.clipboard().setText("\n".join(lines) + "\n")
