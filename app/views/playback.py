"""Playback bar: play / pause, step, back, reset, speed, iteration slider and the step count.

Playing advances the session's iteration from a 60 Hz timer by (elapsed time x speed) iterations, so the
speed holds even when a frame is slow. The actions carry the keyboard shortcuts (Space, Right, Left, R, Home,
End);
the main window also puts them in its Playback menu.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from core.scene import MAX_STEPS, MIN_STEPS

from ..shortcuts import NumberSpinBox

FRAME_MS = 16
SPEEDS = (10, 30, 60, 120, 250, 500, 1000)      # iterations per second
DEFAULT_SPEED = 60


class PlaybackBar(QtWidgets.QToolBar):
    """Toolbar driving ``session.iteration``; ``playing`` tells whether the animation runs."""

    sigPlayingChanged = QtCore.Signal(bool)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("playback")
        self.setWindowTitle(self.tr("Playback"))
        self.setMovable(False)
        self.session = session
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self._clock = QtCore.QElapsedTimer()
        self._carry = 0.0

        style = self.style()
        icon = QtWidgets.QStyle.StandardPixmap
        self.reset_action = self._action(self.tr("Reset"), style.standardIcon(icon.SP_MediaSkipBackward), "R",
                                         self.tr("Back to iteration 0 (R)"), self.reset)
        self.back_action = self._action(self.tr("Step back"), style.standardIcon(icon.SP_MediaSeekBackward),
                                        "Left", self.tr("One iteration back (Left)"), self.step_back)
        self.play_action = self._action(self.tr("Play"), style.standardIcon(icon.SP_MediaPlay), "Space",
                                        self.tr("Play / pause the animation (Space)"), self.toggle)
        self.step_action = self._action(self.tr("Step"), style.standardIcon(icon.SP_MediaSeekForward), "Right",
                                        self.tr("One iteration forward (Right)"), self.step)
        self.first_action = self._action(self.tr("First iteration"), style.standardIcon(icon.SP_MediaSkipBackward),
                                         "Home", self.tr("Jump to iteration 0 (Home)"), self.reset)
        self.last_action = self._action(self.tr("Last iteration"), style.standardIcon(icon.SP_MediaSkipForward),
                                        "End", self.tr("Jump to the last iteration (End)"), self.to_end)
        self._play_icon = style.standardIcon(icon.SP_MediaPlay)
        self._pause_icon = style.standardIcon(icon.SP_MediaPause)
        for a in (self.reset_action, self.back_action, self.play_action, self.step_action):
            self.addAction(a)

        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setToolTip(self.tr("Drag to scrub through the iterations"))
        self.slider.setMinimumWidth(200)
        self.slider.valueChanged.connect(session.set_iteration)
        self.addWidget(self.slider)
        self.label = QtWidgets.QLabel()
        self.label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.label.setToolTip(self.tr("Current iteration / number of steps"))
        self.addWidget(self.label)
        self.addSeparator()

        self.addWidget(QtWidgets.QLabel(self.tr("Speed ")))
        self.speed = QtWidgets.QComboBox()
        for s in SPEEDS:
            self.speed.addItem(self.tr("{0} it/s").format(s), s)
        self.speed.setCurrentIndex(SPEEDS.index(DEFAULT_SPEED))
        self.speed.setToolTip(self.tr("Animation speed in iterations per second"))
        self.addWidget(self.speed)
        self.addSeparator()
        self.addWidget(QtWidgets.QLabel(self.tr("Steps ")))
        self.steps = NumberSpinBox()                # Space and R still play / reset from it
        self.steps.setRange(MIN_STEPS, MAX_STEPS)
        self.steps.setKeyboardTracking(False)
        self.steps.setToolTip(self.tr("Number of optimizer steps computed for every run"))
        self.steps.valueChanged.connect(self._on_steps_edited)
        self.addWidget(self.steps)

        session.sigIterationChanged.connect(self._on_iteration)
        session.sigStepsChanged.connect(self._on_steps_changed)
        self._on_steps_changed()

    def _action(self, text, icon, key, tip, slot) -> QtGui.QAction:
        action = QtGui.QAction(icon, text, self)
        action.setShortcut(QtGui.QKeySequence(key))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    # --- controls --------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def play(self) -> None:
        if self.playing:
            return
        if self.session.iteration >= self.session.steps:
            self.session.set_iteration(0)           # play from the start again
        self._carry = 0.0
        self._clock.start()
        self.timer.start()
        self.play_action.setIcon(self._pause_icon)
        self.play_action.setText(self.tr("Pause"))
        self.sigPlayingChanged.emit(True)

    def pause(self) -> None:
        if not self.playing:
            return
        self.timer.stop()
        self.play_action.setIcon(self._play_icon)
        self.play_action.setText(self.tr("Play"))
        self.sigPlayingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def step(self) -> None:
        self.pause()
        self.session.set_iteration(self.session.iteration + 1)

    def step_back(self) -> None:
        self.pause()
        self.session.set_iteration(self.session.iteration - 1)

    def reset(self) -> None:
        self.pause()
        self.session.set_iteration(0)

    def to_end(self) -> None:
        self.pause()
        self.session.set_iteration(self.session.steps)

    def advance(self, iterations: float) -> None:
        """Move forward by ``iterations`` (fractions accumulate); stop at the end."""
        self._carry += iterations
        whole = int(self._carry)
        if whole:
            self._carry -= whole
            self.session.set_iteration(self.session.iteration + whole)
        if self.session.iteration >= self.session.steps:
            self.pause()

    def _tick(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        self.advance(min(elapsed, 0.1) * self.speed.currentData())

    # --- model -> view ---------------------------------------------------------------------------

    def _on_iteration(self, k: int) -> None:
        if self.slider.value() != k:
            self.slider.blockSignals(True)
            self.slider.setValue(k)
            self.slider.blockSignals(False)
        self.label.setText(f"{k} / {self.session.steps}")

    def _on_steps_changed(self, *_):
        steps = self.session.steps
        self.slider.blockSignals(True)
        self.slider.setRange(0, steps)
        self.slider.setPageStep(max(1, steps // 20))
        self.slider.blockSignals(False)
        self.steps.blockSignals(True)
        self.steps.setValue(steps)
        self.steps.blockSignals(False)
        # A fixed size, wide enough for any iteration: a label whose size may change posts a layout request
        # on every new text, and each one re-laid out the toolbar and the window's docks (~1 ms a frame).
        widest = self.label.fontMetrics().horizontalAdvance(f"{steps} / {steps}")
        self.label.setFixedSize(max(110, widest + 16), self.label.sizeHint().height())
        self._on_iteration(self.session.iteration)

    def _on_steps_edited(self, value: int) -> None:
        try:
            self.session.set_steps(value)
        except ValueError:              # refused (over the work budget): show the session's count again
            self._on_steps_changed()
            raise                       # the window's error hook shows the one-line message
