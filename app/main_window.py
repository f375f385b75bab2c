"""The main window: menus, docks and status bar; it wires the session to the views.

Attributes other modules use: ``session``, ``surface_view``, ``side_plots``, ``optimizer_panel``,
``surface_picker``, ``inspector``, ``playback``, ``file_menu`` (``app.export_ui.install`` adds to it),
``explanation`` (an example's explanation above the plot),
``explain_panel``, ``curvature_info``, ``condition_plot``, ``stability_hint``, ``swarm_panel``, ``surface3d``,
``grid_panel``.
"""
from __future__ import annotations

import functools
import logging

from PySide6 import QtCore, QtGui, QtWidgets

from . import export_ui, i18n, progress, shortcuts
from .views import backprop_panel, data_view, minibatch_items, model_open
from .views.banner import ExplanationBanner
from .views.curvature import ConditionPlot, CurvatureInfo, StabilityHint
from .views.explain_panel import ExplainPanel
from .views.grid_panel import GridPanel
from .views.inspector import Inspector
from .views.optimizer_panel import OptimizerPanel
from .views.playback import PlaybackBar
from .views.side_plots import SidePlots
from .views.surface3d import Surface3DView
from .views.surface_picker import SurfacePicker
from .views.surface_view import SurfaceView
from .views.swarm_panel import SwarmPanel

log = logging.getLogger(__name__)


class _FillLayout(QtWidgets.QVBoxLayout):
    """A dock's content in its scroll area: it fills the dock and scrolls only below its minimum height for
    the dock's width. (A word-wrapped label gives a layout a height for width, and QScrollArea takes that to be
    the preferred height: a dock with room to show everything scrolled.)"""

    def __init__(self, parent):
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)

    def heightForWidth(self, width: int) -> int:   # noqa: N802 (Qt's name)
        inner = self.itemAt(0).widget().layout() if self.count() else None
        return inner.minimumHeightForWidth(width) if inner is not None else super().heightForWidth(width)


class MainWindow(QtWidgets.QMainWindow):
    """Surface view in the centre, setup on the left, plots and inspector on the right, playback below."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Optiscope"))
        self.setDockOptions(QtWidgets.QMainWindow.DockOption.AnimatedDocks
                            | QtWidgets.QMainWindow.DockOption.AllowNestedDocks)
        self._docks_sized = False

        self.surface_view = SurfaceView(session)
        self.explanation = ExplanationBanner(session)          # an example's explanation, above the plot
        central = QtWidgets.QWidget()
        central_layout = QtWidgets.QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.explanation)
        central_layout.addWidget(self.surface_view, 1)
        self.setCentralWidget(central)

        self.surface_picker = SurfacePicker(session)
        self.optimizer_panel = OptimizerPanel(session)
        setup = QtWidgets.QWidget()
        setup_layout = QtWidgets.QVBoxLayout(setup)
        setup_layout.setContentsMargins(6, 6, 6, 6)
        setup_layout.addWidget(self.surface_picker)
        runs_title = QtWidgets.QLabel(self.tr("Runs"))
        runs_title.setStyleSheet("font-weight: bold; margin-top: 6px;")
        setup_layout.addWidget(runs_title)
        setup_layout.addWidget(self.optimizer_panel, 1)
        self.setup_dock = self._dock(self.tr("Surface and runs"), "setup", setup,
                                     QtCore.Qt.DockWidgetArea.LeftDockWidgetArea)

        self.side_plots = SidePlots(session)
        self.plots_dock = self._dock(self.tr("Along the paths"), "plots", self.side_plots,
                                     QtCore.Qt.DockWidgetArea.RightDockWidgetArea)
        self.inspector = Inspector(session)
        self.inspector_dock = self._dock(self.tr("Inspector"), "inspector", self.inspector,
                                         QtCore.Qt.DockWidgetArea.RightDockWidgetArea)

        self.playback = PlaybackBar(session)
        self.addToolBar(QtCore.Qt.ToolBarArea.BottomToolBarArea, self.playback)

        self.hover_label = QtWidgets.QLabel()
        # a fixed size: a label that resizes with its text re-lays out the whole window on every mouse move
        sample = self.tr("x = {0:.4g}   y = {1:.4g}   f = {2:.5g}").format(-0.0001234, -0.0001234, -1.2345e-10)
        self.hover_label.setFixedSize(self.hover_label.fontMetrics().horizontalAdvance(sample) + 16,
                                      self.hover_label.sizeHint().height())
        self.hover_label.setToolTip(self.tr("x, y and f(x, y) under the mouse"))
        self.statusBar().addPermanentWidget(self.hover_label)

        self._build_study_panels()
        self._build_menus()

        self.surface_view.sigHovered.connect(self._show_hover)
        self.surface_picker.log_colors.setChecked(self.surface_view.log_colors)
        self.surface_picker.log_colors.toggled.connect(self.surface_view.set_log_colors)
        self.surface_view.sigLogColorsChanged.connect(self._on_log_colors_changed)
        session.sigTrajectoriesChanged.connect(self._report_divergence)
        session.sigComputationFailed.connect(self.show_error)      # a run the core could not compute
        session.progress = functools.partial(progress.shown, self)  # a long recomputation: dialog with Cancel
        session.sigRecomputationCancelled.connect(self._report_cancel)
        session.sigInspectedChanged.connect(self._on_inspected)
        self._diverged_before: tuple = ()
        self._divergence_message = ""
        self._report_divergence()

    def _build_study_panels(self) -> None:
        """Explain-this-step, curvature, condition number, basins/sweeps and the 3D view (tabbed docks)."""
        session, plot_item = self.session, self.surface_view.plot_item
        self.explain_panel = ExplainPanel(session)
        self.explain_panel.arrows.attach(plot_item)                 # gradient / momentum / step arrows
        self.curvature_info = CurvatureInfo(session)
        self.curvature_info.attach(plot_item)                       # eigen-directions at the chosen point
        self.condition_plot = ConditionPlot(session)
        self.stability_hint = StabilityHint(session)
        self.swarm_panel = SwarmPanel(session)
        plot_item.addItem(self.swarm_panel.overlay_item())          # over the heatmap, under the paths
        # under the hyperparameter form, beside the learning rate (a form row would be rebuilt away)
        self.optimizer_panel.editor_box.layout().insertWidget(2, self.stability_hint)
        self.surface3d = Surface3DView(session)

        right, left = QtCore.Qt.DockWidgetArea.RightDockWidgetArea, QtCore.Qt.DockWidgetArea.LeftDockWidgetArea
        self.explain_dock = self._dock(self.tr("Explain this step"), "explain", self.explain_panel, right)
        self.curvature_dock = self._dock(self.tr("Curvature"), "curvature", self.curvature_info, right)
        self.condition_dock = self._dock(self.tr("Condition number"), "condition", self.condition_plot, right)
        self.surface3d_dock = self._dock(self.tr("3D view"), "surface3d", self.surface3d, right, scroll=False)
        self.swarm_dock = self._dock(self.tr("Basins and sweeps"), "swarm", self.swarm_panel, left)
        self.grid_panel = GridPanel(session)
        self.grid_dock = self._dock(self.tr("Hyperparameter grid"), "grid", self.grid_panel, right)
        self._homes.remove((self.grid_dock, right))    # never shown on its own by Reset layout: see _arrange_docks
        self.grid_panel.sigCellLoaded.connect(lambda run, j, i: self.optimizer_panel.runs_list.setCurrentRow(run))
        self.grid_dock.toggleViewAction().triggered.connect(self._float_grid)
        self._arrange_docks()
        # What a scrolling dock always shows in full (a shorter dock scrolls): six rows of the explain table,
        # plots tall enough to read.
        table = self.explain_panel.table
        table.setMinimumHeight(table.horizontalHeader().sizeHint().height()
                               + 6 * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth())
        for plots, height in ((self.side_plots.layout_widget, 230), (self.swarm_panel.basin_layout, 240),
                              (self.swarm_panel.sweep_layout, 240), (self.condition_plot.plot_widget, 160)):
            plots.setMinimumHeight(height)

        runs_list = self.optimizer_panel.runs_list
        runs_list.currentRowChanged.connect(self.explain_panel.set_run)
        runs_list.currentRowChanged.connect(self.stability_hint.set_run)
        self.explain_panel.sigSelectionChanged.connect(self.stability_hint.set_run)
        self.explain_panel.set_run(max(runs_list.currentRow(), 0))
        self.surface_view.sigHovered.connect(self.curvature_info.hover)
        self.surface_view.scene().sigMouseClicked.connect(self._show_curvature_at_click)
        self.swarm_panel.sigRunRequested.connect(lambda run, lr: runs_list.setCurrentRow(run))
        self.surface_view.sigLogColorsChanged.connect(self.surface3d.set_log_scale)

    def _float_grid(self, shown: bool) -> None:
        """Small multiples want room: opened from the View menu, the grid floats over the middle of the window."""
        if shown and not self.grid_dock.isFloating():
            g = self.geometry()
            self.grid_dock.setFloating(True)
            self.grid_dock.setGeometry(g.x() + g.width() // 6, g.y() + g.height() // 10, 2 * g.width() // 3,
                                       4 * g.height() // 5)

    def _show_curvature_at_click(self, ev) -> None:
        """A plain click on the surface pins the curvature panel to that point."""
        if (ev.button() == QtCore.Qt.MouseButton.LeftButton and not ev.modifiers()
                and self.surface_view.vb.sceneBoundingRect().contains(ev.scenePos())):
            p = self.surface_view.vb.mapSceneToView(ev.scenePos())
            self.curvature_info.show_point(p.x(), p.y())

    def _dock(self, title: str, name: str, widget, area, scroll: bool = True) -> QtWidgets.QDockWidget:
        """A dock for ``widget`` in ``area`` (its home for View > Reset layout). Its content scrolls when the
        dock is shorter or narrower than the content needs, so that no dock forces the window past the
        screen and none squeezes its content below what it can show (a GL view never scrolls)."""
        dock = QtWidgets.QDockWidget(title, self)
        dock.setObjectName(name)
        if scroll:
            content = QtWidgets.QWidget()
            _FillLayout(content).addWidget(widget)
            area_widget = QtWidgets.QScrollArea()
            area_widget.setWidgetResizable(True)
            area_widget.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
            area_widget.setWidget(content)
            widget = area_widget
        dock.setWidget(widget)
        self._homes = getattr(self, "_homes", []) + [(dock, area)]
        dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        quit_action = QtGui.QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QtGui.QKeySequence.StandardKey.Quit)
        quit_action.setStatusTip(self.tr("Close the window"))
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)
        self.quit_action = quit_action

        edit = bar.addMenu(self.tr("&Edit"))
        self.undo_action = edit.addAction(self.tr("&Undo"), self.session.undo)
        self.undo_action.setShortcuts([QtGui.QKeySequence("Ctrl+Z")])
        self.redo_action = edit.addAction(self.tr("&Redo"), self.session.redo)
        self.redo_action.setShortcuts([QtGui.QKeySequence("Ctrl+Shift+Z"), QtGui.QKeySequence("Ctrl+Y")])
        self.undo_action.setStatusTip(self.tr("Undo the last change of surface, runs, settings, start points or "
                                              "steps"))
        self.redo_action.setStatusTip(self.tr("Make the last undone change again"))
        self.session.sigHistoryChanged.connect(self._on_history_changed)
        self._on_history_changed()

        view = bar.addMenu(self.tr("&View"))
        self.reset_view_action = view.addAction(self.tr("&Reset view"), self.surface_view.reset_view)
        self.reset_view_action.setShortcut(QtGui.QKeySequence("Ctrl+0"))
        self.reset_view_action.setStatusTip(self.tr("Show the whole domain of the surface"))
        self.equal_axes_action = view.addAction(self.tr("&Equal axes (true shape)"))
        self.equal_axes_action.setCheckable(True)
        self.equal_axes_action.setChecked(self.surface_view.equal_axes)
        self.equal_axes_action.setStatusTip(self.tr("One unit of x as long as one unit of y, so shapes and angles "
                                                    "are true; off: each axis fills the plot"))
        self.equal_axes_action.toggled.connect(self.surface_view.set_equal_axes)
        self.surface_view.sigEqualAxesChanged.connect(self.equal_axes_action.setChecked)
        self.log_action = view.addAction(self.tr("&Log colour scale"))
        self.log_action.setCheckable(True)
        self.log_action.setChecked(self.surface_view.log_colors)
        self.log_action.setStatusTip(self.tr("Colour the surface by log10(f − f_min)"))
        self.log_action.toggled.connect(self.surface_view.set_log_colors)
        self.full_paths_action = view.addAction(self.tr("Show &full paths faintly"))
        self.full_paths_action.setCheckable(True)
        self.full_paths_action.setChecked(True)
        self.full_paths_action.setStatusTip(self.tr("Draw each whole path faintly ahead of the current iteration"))
        self.full_paths_action.toggled.connect(self.surface_view.set_show_full_paths)
        self.critical_action = view.addAction(self.tr("Show &critical points"))
        self.critical_action.setCheckable(True)
        self.critical_action.setChecked(True)
        self.critical_action.setStatusTip(self.tr("Mark minima, maxima, saddles and degenerate points"))
        self.critical_action.toggled.connect(self.surface_view.set_show_critical)
        self.critical_action.toggled.connect(self.surface3d.set_show_critical)
        view.addSeparator()
        for dock in (self.setup_dock, self.plots_dock, self.inspector_dock, self.explain_dock, self.curvature_dock,
                     self.condition_dock, self.surface3d_dock, self.swarm_dock, self.grid_dock):
            view.addAction(dock.toggleViewAction())
        self.reset_layout_action = view.addAction(self.tr("Reset &layout"), self.reset_layout)
        self.reset_layout_action.setStatusTip(self.tr("Put every panel back in its place, docked and sized to "
                                                      "the window"))

        runs = bar.addMenu(self.tr("&Runs"))
        add = runs.addMenu(self.tr("&Add run"))
        for action in self.optimizer_panel.add_button.menu().actions():
            add.addAction(action)
        runs.addAction(self.tr("&Duplicate selected run"), self.optimizer_panel.duplicate_current)
        runs.addAction(self.tr("&Remove selected run"), self.optimizer_panel.remove_current)
        runs.addSeparator()
        add_start = runs.addAction(self.tr("Add a start &point"), self._add_start)
        add_start.setStatusTip(self.tr("Add a start point in the middle of the view (or Ctrl+click the surface)"))
        self.remove_start_action = runs.addAction(self.tr("Remove the &last start point"), self._remove_start)
        self.remove_start_action.setStatusTip(self.tr("Remove the start point added last (or right-click a point)"))

        play = bar.addMenu(self.tr("&Playback"))
        for action in (self.playback.play_action, self.playback.step_action, self.playback.back_action,
                       self.playback.reset_action, self.playback.first_action, self.playback.last_action):
            play.addAction(action)

        bar.addMenu(i18n.language_menu(self))
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&How to use"), self._show_help)
        self.shortcuts_action = help_menu.addAction(self.tr("&Keyboard shortcuts"),
                                                    lambda: shortcuts.ShortcutsDialog(self).exec())
        self.shortcuts_action.setShortcut(QtGui.QKeySequence("F1"))

        export_ui.install(self)
        backprop_panel.install(self)          # File > Open graph…, the graphs in Examples, the Backprop dock
        model_open.install(self)              # File > Open graph as a loss surface…, Open data…
        data_view.install(self)               # the rows and the model's prediction, beside the surface
        minibatch_items.install(self)         # the batch-loss contours, epoch marks, batch loss on the loss plot
        view.insertAction(self.reset_layout_action, self.batch_contours_action)
        view.insertAction(self.reset_layout_action, self.data_dock.toggleViewAction())

    # --- dock layout -----------------------------------------------------------------------------

    def _arrange_docks(self, move_home: bool = False) -> None:
        """Setup and the basin/sweep panel (closed) on the left; the plots and the inspector tabbed on the right
        (``move_home``: first put every dock back in its area, docked and open)."""
        for dock, area in self._homes if move_home else ():
            dock.setFloating(False)
            self.addDockWidget(area, dock)
            dock.show()
        self.tabifyDockWidget(self.inspector_dock, self.explain_dock)
        self.tabifyDockWidget(self.inspector_dock, self.curvature_dock)
        self.tabifyDockWidget(self.plots_dock, self.condition_dock)
        self.tabifyDockWidget(self.plots_dock, self.surface3d_dock)
        self.splitDockWidget(self.setup_dock, self.swarm_dock, QtCore.Qt.Orientation.Vertical)
        self.swarm_dock.hide()           # opened from the View menu; keeps the runs panel tall
        self.grid_dock.hide()            # opened from the View menu (floating), else a closed tab beside the plots
        self.grid_dock.setFloating(False)
        self.tabifyDockWidget(self.plots_dock, self.grid_dock)
        # the 3D view creates its GL widget on first paint: keep its tab behind until asked for
        self.plots_dock.raise_()
        self.inspector_dock.raise_()

    @staticmethod
    def fitting_width(dock: QtWidgets.QDockWidget) -> int:
        """The width at which a scrolling dock shows its content's minimum width beside a vertical scroll bar:
        narrower, its fields are cut off at the right behind a horizontal scroll bar."""
        area = dock.widget()
        return (area.widget().minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
                + 2 * area.frameWidth() + max(dock.width() - area.width(), 0))

    def fitting_height(self, dock: QtWidgets.QDockWidget) -> int:
        """The height at which a scrolling dock shows its content's minimum height (its title bar and, when it
        is tabbed, its group's tab bar included)."""
        area = dock.widget()
        direct = QtCore.Qt.FindChildOption.FindDirectChildrenOnly
        tabs = [bar.height() for bar in self.findChildren(QtWidgets.QTabBar, options=direct) if bar.isVisible()
                and dock.windowTitle() in {bar.tabText(i) for i in range(bar.count())}]
        return (area.widget().minimumSizeHint().height() + area.horizontalScrollBar().sizeHint().height()
                + 2 * area.frameWidth() + max(dock.height() - area.height(), 0) + max(tabs, default=0))

    def _size_docks(self) -> None:
        """Dock sizes in proportion to the window (fixed pixel sizes made a small window taller than asked)."""
        w, h = self.width(), self.height()
        options = self.dockOptions()        # no animation: a screenshot taken right after would catch it midway
        self.setDockOptions(options & ~QtWidgets.QMainWindow.DockOption.AnimatedDocks)
        self.resizeDocks([self.setup_dock, self.plots_dock],
                         [max(round(0.23 * w), self.fitting_width(self.setup_dock)), round(0.27 * w)],
                         QtCore.Qt.Orientation.Horizontal)
        self.resizeDocks([self.plots_dock, self.inspector_dock], [round(0.6 * h), round(0.4 * h)],
                         QtCore.Qt.Orientation.Vertical)
        self.setDockOptions(options)

    def reset_layout(self) -> None:
        """View > Reset layout: every dock back home, docked and open as at the start, sized to the window."""
        self._arrange_docks(move_home=True)
        self._size_docks()
        QtCore.QTimer.singleShot(0, self._hide_stale_tab_bars)

    def _hide_stale_tab_bars(self) -> None:
        """Hide the dock tab bars Qt leaves behind when docks are tabified one by one (Qt 6.10: the bar of a
        group's first two docks stays on screen, in front of whatever is there, once a third joins)."""
        direct = QtCore.Qt.FindChildOption.FindDirectChildrenOnly
        bars = [bar for bar in self.findChildren(QtWidgets.QTabBar, options=direct) if bar.isVisible()]
        tabs = {bar: {bar.tabText(i) for i in range(bar.count())} for bar in bars}
        for bar in bars:
            if any(tabs[bar] < tabs[other] for other in bars):
                bar.hide()

    def showEvent(self, event) -> None:   # noqa: N802
        super().showEvent(event)
        if not self._docks_sized:        # the first show, unless a remembered layout was restored
            self._docks_sized = True
            self._size_docks()
        self._hide_stale_tab_bars()

    def fit_screen(self) -> None:
        """Shrink and move the window into its screen's available area (a geometry remembered on a larger
        screen, or a larger font, must not leave the window's edges or title bar off screen)."""
        screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), room.width() - extra_w)
        height = min(self.height(), room.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), room.left()), room.right() + 1 - frame.width())
        y = min(max(frame.y(), room.top()), room.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    # --- reactions -------------------------------------------------------------------------------

    def _on_history_changed(self, *_) -> None:
        self.undo_action.setEnabled(self.session.can_undo)
        self.redo_action.setEnabled(self.session.can_redo)

    def _show_hover(self, hover) -> None:
        if hover is None:
            self.hover_label.setText("")
            return
        x, y, f = hover
        self.hover_label.setText(self.tr("x = {0:.4g}   y = {1:.4g}   f = {2:.5g}").format(x, y, f))

    def _on_log_colors_changed(self, on: bool) -> None:
        for widget in (self.surface_picker.log_colors, self.log_action):
            widget.blockSignals(True)
            widget.setChecked(on)
            widget.blockSignals(False)

    def _report_divergence(self, *_) -> None:
        """Say in the status bar when a run starts diverging (the runs list keeps saying it)."""
        diverged = tuple(i18n.optimizer_label(self.session.runs[i].optimizer) for i in self.session.diverged_runs())
        bar = self.statusBar()
        if diverged and diverged != self._diverged_before:
            self._divergence_message = self.tr("Diverged: {0}").format("; ".join(diverged))
            bar.showMessage(self._divergence_message, 6000)
        elif not diverged and bar.currentMessage() == self._divergence_message:
            bar.clearMessage()           # nothing diverges any more: the message would now be untrue
        self._diverged_before = diverged

    def _on_inspected(self, *_) -> None:
        if self.session.inspected is not None:
            self.inspector_dock.show()
            self.inspector_dock.raise_()

    def _add_start(self) -> None:
        (x0, x1), (y0, y1) = self.surface_view.view_range()
        self.session.add_start(((x0 + x1) / 2, (y0 + y1) / 2))

    def _remove_start(self) -> None:
        try:
            self.session.remove_start(len(self.session.starts) - 1)
        except ValueError as exc:             # the last one: say why nothing happened
            self.statusBar().showMessage(i18n.error_text(exc), 4000)

    def _show_help(self) -> None:
        QtWidgets.QMessageBox.information(self, self.tr("How to use Optiscope"), self.tr(
            "Drag the white start point: every run follows.\n"
            "Ctrl+click the surface to add a start point; right-click one to remove it.\n"
            "Space plays or pauses, Left/Right step, R resets.\n"
            "Click a critical point or a run's head to see its Hessian in the inspector."))

    def _report_cancel(self, *_) -> None:
        self.statusBar().showMessage(self.tr("Cancelled: the scene and its paths are as they were before the change"),
                                     10000)

    def show_error(self, text: str) -> None:
        """Report an unexpected error without closing anything (details go to the log)."""
        self.statusBar().showMessage(self.tr("Unexpected error: {0} (details in the log)").format(text), 15000)

    # --- settings --------------------------------------------------------------------------------

    def save_settings(self, settings: QtCore.QSettings) -> None:
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())

    def restore_settings(self, settings: QtCore.QSettings) -> None:
        """Restore the remembered geometry and dock layout; a bad value is ignored (see app.settings.value)."""
        from .settings import value

        geometry = value(settings, "window/geometry", QtCore.QByteArray)
        state = value(settings, "window/state", QtCore.QByteArray)
        if geometry is not None and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        if state is not None and not state.isEmpty() and self.restoreState(state):
            self._docks_sized = True
        self.fit_screen()

    def closeEvent(self, event) -> None:
        self.swarm_panel.shutdown()      # cancel and join a background basin/sweep computation
        self.grid_panel.shutdown()
        self.playback.pause()
        if getattr(self, "remember", False):
            from . import settings

            settings.save(self)
        super().closeEvent(event)
