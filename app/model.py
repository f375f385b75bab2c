"""The session: the one mutable state of the window (surface, runs, starts, steps, iteration, results).

The rules it applies (valid starts, steps and domains, the default start, which starts survive a new surface,
which runs a change makes stale) are Qt-free, in ``core.session``; a run's result is ``core.trajectory``'s
Trajectory. This class adds what needs Qt: signals, one recomputation per burst of changes, progress and
Cancel, undo and redo.

One file (about 760 lines) on purpose: the Session is one QObject whose setters, undo records and coalesced
recomputation share its state; the pure rules it applies are already in core.

Views observe it through its signals and never change it except through its setters; every setter
validates first (a bad value raises ``ValueError`` and changes nothing) and emits only on a real change.

Signals (each carries the session unless noted):
    sigSurfaceChanged        the surface or its domain changed
    sigRunsChanged           a run was added, removed or got another optimizer / colour / visibility
    sigStartsChanged         a start point moved, was added or removed
    sigStepsChanged          the step count changed
    sigIterationChanged(int) the current iteration changed
    sigTrajectoriesChanged   the computed paths changed (after any of the above that affects them)
    sigCriticalPointsChanged the critical points of the surface are known (computed after the surface)
    sigInspectedChanged      the point shown in the inspector changed
    sigDraggingChanged(bool) a start point began or stopped being dragged (see ``set_dragging``)
    sigComputationFailed(str) the core raised while computing some runs: one line for the status bar (after
                             sigTrajectoriesChanged; those runs then hold a failed Trajectory, see ``Trajectory.error``)
    sigHistoryChanged        what ``undo`` / ``redo`` can do changed
    sigRecomputationCancelled a long recomputation was cancelled: the session is back as it was before the change

Undo and redo: every setter that changes the scene (surface, runs, starts, steps, a whole scene) first
records the scene as it was (``to_scene`` with the surface object, a few hundred bytes: no path is stored);
``undo`` puts the latest record back (``apply_scene``'s path, then the paths are computed again) and ``redo``
the one undone. A drag of a start point is one step: while ``dragging`` only its first move records. The
iteration, the inspected point and the view are not part of the history.

The surface may be the loss of a graph's model on data (``set_model``: a core.scene.ModelSpec, which scenes and undo
records carry); its runs go through ``core.runs.run`` (minibatches for ``batch=B``), and the minibatch runs of one
start are stepped together by ``core.minibatch.run_many`` (see ``_compute_together``).

Trajectories are recomputed lazily: a change marks them stale and schedules one recomputation on the
event loop, so that a burst of drag events costs one computation; reading ``trajectories`` computes at
once if they are stale. When only some start points moved, only their columns are recomputed.
A recomputation of whole runs estimated (``core.budget``) above ``PROGRESS_SECONDS`` runs in chunks (per run,
per slice of starts) under ``progress`` (the window's modal dialog, see ``app.progress``) when one is set; its
Cancel puts back the state of the last change made on computed paths (``_keep``), results and undo history
included, so nothing of the cancelled change is half-applied. An error of the
core while computing a run never escapes into a view: that run gets a well-formed failed Trajectory and the session
emits sigComputationFailed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np
from PySide6 import QtCore

from core import analysis, budget, optimizers, runs, surfaces
from core.defaults import DEFAULT_START, DEFAULT_STEPS, DEFAULT_SURFACE
from core.minibatch import run_many
from core.model_surface import ModelSurface
from core.scene import RunSpec, Scene
from core.session import (
    check_can_remove_start,
    check_domain,
    check_point,
    check_starts,
    check_steps,
    default_start,
    stale_jobs,
    starts_after_surface_change,
    surface_text,
)
from core.session import check_window_budget as check_budget  # (app.settings checks a remembered scene with it)
from core.trajectory import Trajectory

from . import i18n, style

log = logging.getLogger(__name__)

MAX_UNDO = 200           # scene records kept for undo (each is a small Scene, no paths)
PROGRESS_SECONDS = 0.3   # whole-run recomputations estimated longer than this show progress (if one is set)
SLICE_STARTS = 4096      # fewest starts in one chunk (>= 2): NumPy's per-step cost is paid once per chunk
CHUNK_SECONDS = 0.1      # ... and about this much estimated work in it when there are more starts


@dataclass(frozen=True)
class Run:
    """One run: an optimizer with its settings, drawn in one colour from every start point."""

    optimizer: object            # a core optimizer (has .name, .spec, .label, .params)
    color: str
    visible: bool = True


_FLUSH_EVENT = QtCore.QEvent.Type(QtCore.QEvent.registerEventType())


class Session(QtCore.QObject):
    """Surface, runs, starts, steps and iteration, plus the trajectories computed from them."""

    sigSurfaceChanged = QtCore.Signal(object)
    sigRunsChanged = QtCore.Signal(object)
    sigStartsChanged = QtCore.Signal(object)
    sigStepsChanged = QtCore.Signal(object)
    sigIterationChanged = QtCore.Signal(int)
    sigTrajectoriesChanged = QtCore.Signal(object)
    sigCriticalPointsChanged = QtCore.Signal(object)
    sigInspectedChanged = QtCore.Signal(object)
    sigDraggingChanged = QtCore.Signal(bool)
    sigComputationFailed = QtCore.Signal(str)
    sigHistoryChanged = QtCore.Signal(object)
    sigRecomputationCancelled = QtCore.Signal(object)

    def __init__(self, surface=DEFAULT_SURFACE, runs=(), starts=(DEFAULT_START,), steps=DEFAULT_STEPS, parent=None):
        super().__init__(parent)
        self._surface = surfaces.get(surface) if isinstance(surface, str) else surface
        self._surface_text = surface if isinstance(surface, str) else surface_text(self._surface)
        self._domain = None                  # the domain the student set, or None: the surface's own
        self._model = None                   # a graph's loss on data: its core.scene.ModelSpec (else None)
        self._runs = _make_runs(runs)
        self._starts = check_starts(starts)
        self._steps = check_steps(steps)
        check_budget(len(self._runs), len(self._starts), self._steps)
        self._iteration = self._steps
        self._results: list[Trajectory | None] = [None] * len(self._runs)   # None: to compute
        self._stale_columns: set[int] = set()                           # start columns to recompute
        self._pending = True                                            # results to (re)compute/announce
        self._critical: analysis.CriticalSearch | None = None
        self._critical_timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._critical_timer.timeout.connect(self.compute_critical_points)
        self._flush_posted = False
        self._inspected = None
        self._dragging = False
        self._undo: list[tuple[Scene, object]] = []     # (scene, its surface object), oldest first
        self._redo: list[tuple[Scene, object]] = []
        self._drag_recorded = False                      # the current drag has recorded its undo step
        # progress(): a context manager giving advance(fraction) -> False once cancelled (app.progress.shown)
        self.progress = None
        self._kept: tuple | None = None                  # the state to put back on Cancel (see _keep)
        self._cancels = 0                                # recomputations cancelled so far

    @classmethod
    def from_scene(cls, scene: Scene, parent=None) -> Session:
        """A session showing ``scene`` (at its last iteration). Bad parts raise ``ValueError``."""
        surface = scene.make_surface()
        session = cls(surface, scene.runs, scene.starts or [default_start(surface)], scene.steps, parent)
        session._surface_text, session._domain, session._model = scene.surface, scene.domain, scene.model
        return session

    # --- reading ---------------------------------------------------------------------------------

    @property
    def surface(self):
        return self._surface

    @property
    def surface_text(self) -> str:
        """What the user picked: a built-in name or the formula text."""
        return self._surface_text

    @property
    def domain(self):
        """The domain the student set, ((xmin, xmax), (ymin, ymax)), or None when the surface has its own (a
        built-in's, or the one fitted to a typed formula's critical points): see ``surface.domain``."""
        return self._domain

    @property
    def runs(self) -> tuple[Run, ...]:
        return tuple(self._runs)

    @property
    def starts(self) -> list[tuple[float, float]]:
        return [(float(x), float(y)) for x, y in self._starts]

    @property
    def starts_array(self) -> np.ndarray:
        return self._starts.copy()

    @property
    def steps(self) -> int:
        return self._steps

    @property
    def iteration(self) -> int:
        return self._iteration

    @property
    def trajectories(self) -> list[Trajectory]:
        """One Trajectory per run (same order as ``runs``), recomputed first if stale."""
        self._flush()
        return self._results

    @property
    def critical_points(self) -> list | None:
        """The surface's critical points, or None while they are not computed yet."""
        return None if self._critical is None else list(self._critical.points)

    @property
    def critical_search(self):
        """The search behind ``critical_points`` (its box and flat regions), or None while not computed."""
        return self._critical

    @property
    def inspected(self):
        """None, ("critical", index) or ("run", run_index, start_index)."""
        return self._inspected

    def grad_norm(self, run: int) -> np.ndarray:
        """|grad f| along run ``run``'s paths, (steps+1, N), NaN after divergence (``Trajectory.grad_norm``:
        computed once per result).

        All NaN if the core fails (the views that plot it are drawn from paint, where an exception would break
        the window; the error goes to the log).
        """
        return self._derived(run, "grad_norm", lambda res: res.path.shape[:-1])

    def eigenvalues(self, run: int) -> np.ndarray:
        """Hessian eigenvalues along run ``run``'s paths, (steps+1, N, 2) ascending (``Trajectory.eigenvalues``;
        NaN if the core fails, as for ``grad_norm``)."""
        return self._derived(run, "eigenvalues", lambda res: res.path.shape)

    def _derived(self, run: int, key: str, shape) -> np.ndarray:
        res = self.trajectories[run]
        try:
            return getattr(res, key)
        except Exception:
            log.exception("%s of run %d on %s", key, run, self._surface_text)
            res.set_derived(key, np.full(shape(res), np.nan))
            return getattr(res, key)

    def diverged_runs(self) -> list[int]:
        """Runs that diverged from some start (not those that failed to compute: see ``failed_runs``)."""
        return [i for i, res in enumerate(self.trajectories) if res.diverged and res.error is None]

    def failed_runs(self) -> list[int]:
        """Runs the core failed to compute (their Trajectory has ``error`` set)."""
        return [i for i, res in enumerate(self.trajectories) if res.error is not None]

    # --- surface ---------------------------------------------------------------------------------

    def set_surface(self, text: str) -> None:
        """Switch to a built-in surface or a formula; ``ValueError`` (the parser's message) keeps the old one.

        Start points outside the new domain are moved to the surface's default start.
        """
        text = text.strip()
        if text == self._surface_text:
            return
        surface = surfaces.get(text)          # raises FormulaError (a ValueError) on bad text
        self._switch_surface(surface, text, None, model=None)

    def set_domain(self, domain) -> None:
        """Put the surface on ``domain`` ((xmin, xmax), (ymin, ymax)), or back on its own with None.

        A range that no view could show raises ``ValueError`` (UserInputError) and changes nothing; start points
        outside the new domain move to the default start, as for a new surface.
        """
        domain = check_domain(domain)
        if domain == self._domain:
            return
        if is_model(self._surface):          # a graph's loss on data: the same model on the new box
            s = self._surface
            surface = ModelSurface(s.graph, s.p, s.q, s.data, domain)
        else:
            surface = surfaces.get(self._surface_text, domain)
        self._switch_surface(surface, self._surface_text, domain, self._model)

    @property
    def model(self):
        """The graph's model shown as the surface (a core.scene.ModelSpec: graph text, axes, data), or None."""
        return self._model

    def set_model(self, spec) -> None:
        """Show the loss of a graph's model (``spec``: a core.scene.ModelSpec), the mean over its data's rows when
        it has data, on its own domain: one undo step, like any other change of surface. A graph or data that
        cannot make a surface raises ``ValueError`` (one line) and changes nothing."""
        if spec == self._model:
            return
        surface = spec.make_surface()
        self._switch_surface(surface, spec.label, None, model=spec)

    def _switch_surface(self, surface, text: str, domain, model) -> None:
        self._record()                        # one undo step (the new surface is valid by now)
        self._surface, self._surface_text, self._domain, self._model = surface, text, domain, model
        self._starts, moved = starts_after_surface_change(self._starts, surface)
        self._critical = None
        self._invalidate()
        self._set_inspected(None)
        if moved:
            self.sigStartsChanged.emit(self)
        self.sigSurfaceChanged.emit(self)
        self._critical_timer.start()

    def compute_critical_points(self) -> None:
        """Find the surface's critical points now (normally run from the event loop after a change)."""
        self._critical_timer.stop()
        try:
            search = analysis.find_critical(self._surface)
        except Exception:  # a strange formula must not take the window down; no markers then
            log.exception("critical points of %s", self._surface_text)
            search = analysis.CriticalSearch(self._surface.domain, ())
        self._critical = search
        self.sigCriticalPointsChanged.emit(self)

    # --- runs ------------------------------------------------------------------------------------

    def add_run(self, spec, color: str | None = None, visible: bool = True) -> int:
        """Append a run (spec string or optimizer); returns its index. Bad spec: ``ValueError``."""
        opt = _create(spec)
        check_budget(len(self._runs) + 1, len(self._starts), self._steps)
        self._record()
        self._runs.append(Run(opt, color or style.next_color([r.color for r in self._runs]), visible))
        self._results.append(None)
        self._runs_changed(structure=True)
        return len(self._runs) - 1

    def remove_run(self, index: int) -> None:
        self._runs[index]                     # an IndexError before anything is recorded
        self._record()
        del self._runs[index]
        del self._results[index]
        if self._inspected and self._inspected[0] == "run":
            self._set_inspected(None)
        self._runs_changed(structure=True)

    def duplicate_run(self, index: int) -> int:
        run = self._runs[index]
        return self.add_run(run.optimizer.spec, visible=True)

    def set_run_optimizer(self, index: int, spec) -> None:
        """Give run ``index`` another optimizer or other settings; ``ValueError`` changes nothing."""
        opt = _create(spec)
        old = self._runs[index].optimizer
        if opt.name == old.name and opt.params == old.params:
            return
        self._record()
        self._runs[index] = replace(self._runs[index], optimizer=opt)
        self._results[index] = None
        self._runs_changed(structure=True)

    def set_run_color(self, index: int, color: str) -> None:
        if self._runs[index].color == color:
            return
        self._record()
        self._runs[index] = replace(self._runs[index], color=color)
        self._runs_changed(structure=False)

    def set_run_visible(self, index: int, visible: bool) -> None:
        if self._runs[index].visible == bool(visible):
            return
        self._record()
        self._runs[index] = replace(self._runs[index], visible=bool(visible))
        self._runs_changed(structure=False)

    def _runs_changed(self, structure: bool) -> None:
        if structure:                     # before emitting: observers read fresh trajectories
            self._invalidate(runs_only=True)
        self.sigRunsChanged.emit(self)

    # --- start points ----------------------------------------------------------------------------

    def set_start(self, index: int, xy) -> None:
        """Move start ``index`` (only that start's paths are recomputed)."""
        xy = check_point(xy)
        if np.array_equal(self._starts[index], xy):
            return
        self._record()
        self._starts[index] = xy
        self._invalidate(starts={index})
        self.sigStartsChanged.emit(self)

    def add_start(self, xy) -> int:
        xy = check_point(xy)
        check_budget(len(self._runs), len(self._starts) + 1, self._steps)
        self._record()
        self._starts = np.vstack([self._starts, xy])
        self._invalidate()
        self.sigStartsChanged.emit(self)
        return len(self._starts) - 1

    def remove_start(self, index: int) -> None:
        """Remove a start point; the last one cannot be removed (``ValueError``)."""
        check_can_remove_start(len(self._starts))
        self._starts[index]                   # an IndexError before anything is recorded
        self._record()
        self._starts = np.delete(self._starts, index, axis=0)
        if self._inspected and self._inspected[0] == "run":
            self._set_inspected(None)
        self._invalidate()
        self.sigStartsChanged.emit(self)

    @property
    def dragging(self) -> bool:
        """True while the user drags a start point (the paths then change on every mouse move)."""
        return self._dragging

    def set_dragging(self, on: bool) -> None:
        """Views that are slow to redraw (the side plots) wait for the end of a drag and draw its result once."""
        if bool(on) != self._dragging:
            self._dragging = bool(on)
            self._drag_recorded = False
            self.sigDraggingChanged.emit(self._dragging)

    # --- steps and iteration ---------------------------------------------------------------------

    def set_steps(self, steps: int) -> None:
        """Change the step count; an iteration at the end stays at the end."""
        steps = check_steps(steps)
        if steps == self._steps:
            return
        check_budget(len(self._runs), len(self._starts), steps)
        self._record()
        at_end = self._iteration == self._steps
        self._steps = steps
        self._invalidate()
        self.sigStepsChanged.emit(self)
        self.set_iteration(steps if at_end else min(self._iteration, steps))

    def set_iteration(self, k: int) -> None:
        k = int(min(max(k, 0), self._steps))
        if k == self._iteration:
            return
        self._iteration = k
        self.sigIterationChanged.emit(k)

    # --- inspector -------------------------------------------------------------------------------

    def inspect_critical(self, index: int) -> None:
        self._set_inspected(("critical", int(index)))

    def inspect_run(self, run: int, start: int = 0) -> None:
        self._set_inspected(("run", int(run), int(start)))

    def clear_inspected(self) -> None:
        self._set_inspected(None)

    def inspection(self) -> dict | None:
        """What the inspector shows: point, value, gradient, Hessian and its eigen-decomposition, or None.

        For a run's current point ``kind`` describes the curvature there (the point is usually not critical).
        """
        what = self._inspected
        if what is None:
            return None
        surface = self._surface
        if what[0] == "critical":
            points = self.critical_points or []
            if what[1] >= len(points):
                return None
            cp = points[what[1]]
            xy, kind, critical = np.asarray(cp.xy, dtype=float), cp.kind, True
            run = start = None
        else:
            _, run, start = what
            res = self.trajectories[run]
            k = min(self._iteration, int(res.last_finite[start]))
            xy, kind, critical = res.path[k, start], None, False
        lam, vec = analysis.hessian_eigen(surface, xy)
        if kind is None:
            kind = analysis.classify(lam)
        return {"xy": xy, "value": float(surface.value(xy)), "grad": surface.grad(xy),
                "hessian": surface.hessian(xy), "eigenvalues": lam, "eigenvectors": vec, "kind": kind,
                "critical": critical, "run": run, "start": start}

    def _set_inspected(self, value) -> None:
        if value != self._inspected:
            self._inspected = value
            self.sigInspectedChanged.emit(self)

    # --- scenes ----------------------------------------------------------------------------------

    def to_scene(self, view=None, equal_axes: bool = True) -> Scene:
        """The session as a Scene (``view`` = ((xmin, xmax), (ymin, ymax)) of the surface view, if known, and
        whether it draws x and y at one scale)."""
        return Scene(surface=self._surface_text,
                     runs=[RunSpec(r.optimizer.spec, r.color, r.visible) for r in self._runs],
                     starts=self.starts, steps=self._steps, view=view, equal_axes=equal_axes,
                     domain=self._domain, model=self._model)

    def apply_scene(self, scene: Scene) -> bool:
        """Replace everything by ``scene`` (one undo step) and compute its paths; any bad part raises
        ``ValueError`` and changes nothing. False if the student cancelled the computation (nothing changed)."""
        same = (scene.surface, scene.domain, scene.model) == (self._surface_text, self._domain, self._model)
        surface = self._surface if same else scene.make_surface()
        cancels = self._cancels
        self._apply(scene, surface, record=True)
        self._flush()                           # usually done already: the views read the paths in their slots
        return self._cancels == cancels

    def _apply(self, scene: Scene, surface, record: bool, iteration: int | None = None) -> None:
        runs = _make_runs(scene.runs)
        starts = check_starts(scene.starts or [default_start(surface)])
        steps = check_steps(scene.steps)
        check_budget(len(runs), len(starts), steps)
        if record:
            self._record()
        surface_changed = surface is not self._surface
        self._surface, self._surface_text, self._domain = surface, scene.surface, scene.domain
        self._model = scene.model
        self._runs, self._starts, self._steps = runs, starts, steps
        self._results = [None] * len(runs)
        self._invalidate()          # before any signal: slots read ``trajectories``, which then computes
        self._iteration = steps if iteration is None else min(iteration, steps)
        self._inspected = None
        if surface_changed:
            self._critical = None
            self.sigSurfaceChanged.emit(self)
            self._critical_timer.start()
        self.sigRunsChanged.emit(self)
        self.sigStartsChanged.emit(self)
        self.sigStepsChanged.emit(self)
        self.sigInspectedChanged.emit(self)
        self.sigIterationChanged.emit(self._iteration)

    # --- undo and redo ---------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> bool:
        """Put the scene back as it was before the last change; False if there is nothing to undo."""
        return self._travel(self._undo, self._redo)

    def redo(self) -> bool:
        """Make the last undone change again; False if there is nothing to redo."""
        return self._travel(self._redo, self._undo)

    def _snapshot(self) -> tuple[Scene, object]:
        return self.to_scene(), self._surface

    def _record(self) -> None:
        """Remember the scene before a change (called by the setters after validating, before changing);
        a new change makes the undone ones unreachable. During a drag only the first move records."""
        self._keep()
        if self._dragging:
            if self._drag_recorded:
                return
            self._drag_recorded = True
        self._undo.append(self._snapshot())
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self.sigHistoryChanged.emit(self)

    def _travel(self, source: list, target: list) -> bool:
        if not source:
            return False
        self._keep()
        scene, surface = source.pop()
        target.append(self._snapshot())
        self._apply(scene, surface, record=False, iteration=self._iteration)
        self.sigHistoryChanged.emit(self)
        return True

    # --- recomputation ---------------------------------------------------------------------------

    def _keep(self) -> None:
        """Before a change: if the paths are computed, remember the whole state for a Cancel of the
        recomputation that the change will need (references and small copies: no path is copied)."""
        if not self._pending:
            self._kept = (self._surface, self._surface_text, self._domain, self._model, list(self._runs),
                          self._starts.copy(), self._steps, self._iteration, list(self._results), self._critical,
                          self._inspected, list(self._undo), list(self._redo))

    def _restore(self) -> None:
        """Put back the state ``_keep`` remembered, and tell every view (a cancelled recomputation)."""
        (surface, self._surface_text, self._domain, self._model, self._runs, self._starts, self._steps,
         self._iteration, self._results, critical, self._inspected, self._undo, self._redo) = self._kept
        self._kept, self._pending, self._stale_columns = None, False, set()
        self._cancels += 1
        surface_changed = surface is not self._surface
        self._surface = surface
        if critical is not None:
            self._critical_timer.stop()
        self._critical = critical
        if surface_changed:
            self.sigSurfaceChanged.emit(self)
            if critical is not None:
                self.sigCriticalPointsChanged.emit(self)
        self.sigRunsChanged.emit(self)
        self.sigStartsChanged.emit(self)
        self.sigStepsChanged.emit(self)
        self.sigInspectedChanged.emit(self)
        self.sigIterationChanged.emit(self._iteration)
        self.sigHistoryChanged.emit(self)
        self.sigTrajectoriesChanged.emit(self)
        self.sigRecomputationCancelled.emit(self)

    def _invalidate(self, starts: set[int] | None = None, runs_only: bool = False) -> None:
        """Mark results stale and schedule one recomputation on the event loop.

        Default: every run from every start. ``starts``: only those start columns. ``runs_only``: only the
        runs whose result was already set to None.
        """
        if starts is not None:
            self._stale_columns |= starts
        elif not runs_only:
            self._results = [None] * len(self._runs)
            self._stale_columns = set()
        self._pending = True
        if not self._flush_posted:
            # A high-priority posted event, not a zero timer: it is delivered before the repaint that the
            # change (a dragged start point) has already requested, so the point and its new paths are painted
            # in one frame; after a zero timer every mouse move painted twice (old paths, then new).
            self._flush_posted = True
            QtCore.QCoreApplication.postEvent(self, QtCore.QEvent(_FLUSH_EVENT),
                                              QtCore.Qt.EventPriority.HighEventPriority.value)

    def event(self, ev: QtCore.QEvent) -> bool:
        if ev.type() == _FLUSH_EVENT:
            self._flush_posted = False
            self._flush()
            return True
        return super().event(ev)

    def _flush(self) -> None:
        """Recompute whatever is stale, then emit sigTrajectoriesChanged (and sigComputationFailed if the core
        raised for some run); if the student cancels it, the state before the change is back (``_restore``).

        Every stale result is computed before any is stored, and an exception of the core for one run gives that
        run a failed Trajectory instead of escaping: the session is never left half-updated, and the views (which
        read ``trajectories`` from paint) always find one well-formed Trajectory per run.
        """
        if not self._pending:
            return
        self._pending = False
        jobs = stale_jobs(self._results, self._stale_columns)     # (run index, columns or None for all)
        self._stale_columns = set()
        errors: list[str] = []
        # Only whole runs may take long enough for progress: a drag recomputes its start's columns, at once.
        costs = [budget.estimate(1, len(self._starts), self._steps).seconds for i, which in jobs if which is None]
        if self.progress is not None and self._kept is not None and sum(costs) > PROGRESS_SECONDS:
            computed = self._compute_with_progress(jobs, errors)
            if computed is None:
                self._restore()
                return
        else:
            computed = self._compute_together(jobs)
            computed.update({i: self._compute(i, which, errors) for i, which in jobs if i not in computed})
        self._kept = None
        for i, (which, tr) in computed.items():
            if tr.error is not None:
                self._results[i] = tr
            elif which is None:
                self._results[i] = tr.owned()
            else:
                self._results[i].patch(which, tr)
        self.sigTrajectoriesChanged.emit(self)
        if errors:
            self.sigComputationFailed.emit("; ".join(errors))

    def _compute(self, i: int, which, errors: list[str], slices=None) -> tuple:
        """(which, Trajectory) of run ``i`` from the starts ``which`` (None: all), or (None, failed Trajectory) with
        its message added to ``errors``. ``slices``: compute it slice by slice of starts instead, calling
        ``slices.send(number of starts done)`` after each; a slice's paths are those of one whole computation
        (``indices``), and a False from ``send`` abandons the run (returns None)."""
        run = self._runs[i]
        columns = np.arange(len(self._starts)) if which is None else np.asarray(which)
        try:
            if slices is None:
                # indices: a start's gradient noise depends on its position, so its column equals a full run's
                return which, runs.run(self._surface, run.optimizer, self._starts[columns], self._steps,
                                       indices=which)
            # each slice has at least SLICE_STARTS (>= 2) starts: one start alone is computed in plain floats,
            # whose rounding is not that of the batched computation of all of them
            parts = []
            for part in np.array_split(columns, max(1, len(columns) // _slice_starts(self._steps))):
                parts.append(runs.run(self._surface, run.optimizer, self._starts[part], self._steps,
                                      indices=part))
                if not slices(len(part)):
                    return None
            return which, Trajectory.concatenate(parts)
        except Exception as exc:
            log.exception("computing %s on %s", run.optimizer.spec, self._surface_text)
            text = (i18n.error_text(exc).strip().splitlines() or [type(exc).__name__])[0]
            name = i18n.optimizer_label(run.optimizer)
            errors.append(self.tr("{0} could not be computed: {1}").format(name, text))
            return None, Trajectory.failed(self._surface, self._starts, self._steps, text)

    def _compute_together(self, jobs) -> dict:
        """{run index: (which, Trajectory)} of the minibatch runs to recompute from one and the same start (a drag
        of that start, or a scene with one start), stepped in lockstep by ``core.minibatch.run_many`` (each
        bitwise what it gives alone, in one pass per step over all their rows); {} when fewer than two such runs.
        A start other than the first takes them only without gradient noise (run_many draws the first start's).
        Should the core fail, {}: each run is then computed alone and says what failed."""
        if not has_data(self._surface):
            return {}
        group = []
        for i, which in jobs:
            columns = range(len(self._starts)) if which is None else which
            opt = self._runs[i].optimizer
            if len(columns) == 1 and opt.batch and (columns[0] == 0 or not opt.noise):
                group.append((i, which, columns[0]))
        if len(group) < 2 or len({column for _, _, column in group}) > 1:
            return {}
        try:
            done = run_many(self._surface, [(self._runs[i].optimizer, self._runs[i].optimizer.batch, None)
                                                      for i, _, _ in group], self._starts[group[0][2]], self._steps)
        except Exception:
            log.exception("computing %d minibatch runs together on %s", len(group), self._surface_text)
            return {}
        return {i: (which, runs.from_minibatch(result)) for (i, which, _), result in zip(group, done)}

    def _compute_with_progress(self, jobs, errors: list[str]) -> dict | None:
        """``_compute`` of every job in chunks under ``progress``; None once the student cancels."""
        total = sum(len(self._starts) if which is None else len(which) for _, which in jobs)
        done = 0
        computed = {}
        with self.progress() as advance:

            def slice_done(n: int) -> bool:
                nonlocal done
                done += n
                return advance(done / total)
            for i, which in jobs:
                got = self._compute(i, which, errors, slice_done)
                if got is None:
                    return None
                computed[i] = got
        return computed


def is_model(surface) -> bool:
    """True for the loss of a graph's model (core.model_surface), with or without data."""
    return isinstance(surface, ModelSurface)


def has_data(surface) -> bool:
    """True for a graph's model on a dataset: its runs may take minibatches (``batch``)."""
    return is_model(surface) and surface.data is not None


def _make_runs(specs) -> list[Run]:
    """Runs from spec strings, optimizers or scene RunSpecs; colours from the palette where none is given."""
    runs: list[Run] = []
    for spec in specs:
        if isinstance(spec, RunSpec):
            opt, color, visible = _create(spec.optimizer), spec.color, bool(spec.visible)
        else:
            opt, color, visible = _create(spec), None, True
        runs.append(Run(opt, color or style.next_color([r.color for r in runs]), visible))
    return runs


def _create(spec):
    return optimizers.create(spec) if isinstance(spec, str) else spec


def _slice_starts(steps: int) -> int:
    """How many starts one chunk of a recomputation under progress takes (see SLICE_STARTS)."""
    return max(SLICE_STARTS, int(CHUNK_SECONDS / (max(steps, 1) * budget.POINT_SECONDS)))


def minibatch(session, run: int):
    """Run ``run``'s minibatches, as its Trajectory carries them (``batches`` per step, ``epoch_starts``,
    ``batch_loss``: core.minibatch), or None for a run on the full data (batch 0 or no data), a failed run or
    no such run."""
    if not 0 <= run < len(session.runs):
        return None
    res = session.trajectories[run]
    if res.error is not None or not len(getattr(res, "batches", None) or ()):
        return None
    return res
