"""Every number of every run of a scene, and the one run-data format (CSV and JSON) that writes them.

``optiscope run --format csv|json`` and ``optiscope export --out runs.csv|.json`` (and the window's data
exports) write this format. The values are those of ``core.runs.run`` (paths; a
:class:`~core.trajectory.Trajectory` per run) and its derived quantities (``Surface.grad``,
``analysis.hessian_eigenvalues``), computed once on the trajectory; nothing is recomputed differently.

Rows stop at a run's last iterate kept; its status says how it ended (``optimizers.STATUSES``: a diverged
run stops at the last iterate inside the divergence box, an "undefined" one at the iterate where f is
undefined, whose f is then ``nan`` in CSV and null in JSON). Runs are listed optimizer-major (every start of
optimizer 0, then of optimizer 1, ...); ``run`` numbers them in that order from 0.

CSV: one row per run and iteration, with the columns ``CSV_COLUMNS``::

    run         the run's number (optimizer-major, as above)
    optimizer   the optimizer's name (adam)
    spec        its full spec, accepted by --optimizer (adam:lr=0.05,beta1=0.9,...)
    start       the start's index in the scene's list of starts
    start_x, start_y   the start point
    iteration   0 = the start, k = after k steps
    x, y        the iterate
    f           the loss there
    grad_x, grad_y, grad_norm    ∇f there and |∇f|
    lambda_min, lambda_max       the Hessian's eigenvalues there
    status      how the run ended: ok, diverged or undefined
    epoch       a minibatch run (batch > 0): the epoch (1-based) of step k, the step that led to iteration k
    batch_loss  ... the loss on step k's batch at iterate k−1 (the loss whose gradient step k took)
    batch       ... step k's rows of the data: 0-based indices separated by spaces
                (these three are empty at iteration 0 and for full-batch runs)

Older files named ``f`` ``loss`` (``run --format csv`` before this format): :func:`read_csv_rows` reads both.

JSON: ``{"surface": {"name", "formula", "domain"}, "steps": N, "format": "optiscope-rundata", "version": 1,
"scene": {...}, "runs": [...]}``, where ``scene`` is a whole scene file (``core.scene``): the
document opens as a scene (File > Open scene, ``--scene``), and the runs regenerate exactly. Each run has
``run``, ``optimizer``, ``spec``, ``label``, ``params``, ``start`` ([x, y]), ``start_index``, ``visible``,
``status``, ``last_finite`` and the columns ``iteration``, ``x``, ``y``, ``f``, ``grad`` ([gx, gy] per row),
``grad_norm``, ``eigenvalues`` ([λmin, λmax] per row), plus ``path`` ([x, y] per row) and ``loss`` (= ``f``),
the keys of ``optiscope run``'s JSON since its first version. Non-finite values are null.
Minibatch runs (``batch=B`` in the spec, on a model with data) also list, so that anyone can replay them
(e.g. in PyTorch): ``batch`` (B; 0 for a full-batch run), ``seed`` (what shuffled the rows), ``batches``
(``[[row indices of step 1], [step 2], ...]``, 0-based rows of the data file without its header, one list per
step in the path: ``last_finite`` of them), ``epoch_starts`` (the 0-based steps that begin an epoch: step
``s + 1`` is the first of an epoch) and ``batch_loss`` (per step, the loss on its batch at the iterate before
it). Step k is then exactly ``g = mean over the rows of batches[k-1] of ∇loss(p_{k-1})`` (+ the run's
Gaussian noise, if ``noise`` is set), followed by the optimizer's own update rule. For full-batch runs the three
lists are null. Qt-free.
"""
from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass

import numpy as np

from core import optimizers
from core import runs as driver
from core.scene import RUNDATA_FORMAT, RUNDATA_VERSIONS, Scene
from core.trajectory import Trajectory

FORMAT = RUNDATA_FORMAT             # the scene loader reads these documents: one definition, in core.scene
VERSION = RUNDATA_VERSIONS[-1]
CSV_COLUMNS = ("run", "optimizer", "spec", "start", "start_x", "start_y", "iteration", "x", "y", "f",
               "grad_x", "grad_y", "grad_norm", "lambda_min", "lambda_max", "status", "epoch", "batch_loss", "batch")
OLD_COLUMNS = {"loss": "f"}          # column names of older files -> this format's


@dataclass(eq=False)
class RunData:
    """One optimizer from one start: a view of column ``start_index`` of its run's :class:`Trajectory` (no
    copy; the derived quantities are the trajectory's, computed on first use). Arrays have steps+1 rows,
    NaN after the run ended (``last_finite`` is the last row kept)."""

    run: int                        # index into scene.runs
    start_index: int                # index into scene.starts
    optimizer: optimizers.Optimizer
    visible: bool
    color: str | None
    trajectory: Trajectory          # the whole run (every start)

    @property
    def path(self) -> np.ndarray:           # (steps+1, 2)
        return self.trajectory.path[:, self.start_index]

    @property
    def loss(self) -> np.ndarray:           # (steps+1,)
        return self.trajectory.loss[:, self.start_index]

    @property
    def grad(self) -> np.ndarray:           # (steps+1, 2)
        return self.trajectory.grad[:, self.start_index]

    @property
    def grad_norm(self) -> np.ndarray:      # (steps+1,)
        return self.trajectory.grad_norm[:, self.start_index]

    @property
    def eigenvalues(self) -> np.ndarray:    # (steps+1, 2), ascending
        return self.trajectory.eigenvalues[:, self.start_index]

    @property
    def status(self) -> str:                # "ok" | "diverged" | "undefined" (optimizers.STATUSES)
        return self.trajectory.status[self.start_index]

    @property
    def last_finite(self) -> int:
        return int(self.trajectory.last_finite[self.start_index])

    @property
    def minibatch(self) -> bool:
        """Whether the run took minibatch steps (then ``batches``, ``epochs`` and ``batch_loss`` are set)."""
        return self.trajectory.batches is not None

    @property
    def batches(self) -> list[list[int]] | None:
        """The row indices of steps 1..last_finite (the steps in the path), or None for a full-batch run."""
        if self.trajectory.batches is None:
            return None
        return [b.tolist() for b in self.trajectory.batches[:self.last_finite]]

    @property
    def epochs(self) -> list[int] | None:
        """The epoch (1-based) of steps 1..last_finite, or None for a full-batch run."""
        if self.trajectory.epoch_starts is None:
            return None
        return (np.searchsorted(self.trajectory.epoch_starts, np.arange(self.last_finite), side="right")).tolist()

    @property
    def batch_loss(self) -> np.ndarray | None:
        """The loss on each step's batch at the iterate before it, steps 1..last_finite, or None."""
        if self.trajectory.batch_loss is None:
            return None
        return self.trajectory.batch_loss[:self.last_finite, self.start_index]

    @property
    def start(self) -> np.ndarray:
        return self.path[0]

    @property
    def final(self) -> tuple[np.ndarray, float]:
        """The last iterate kept and its loss (NaN if f is undefined there)."""
        return self.path[self.last_finite], float(self.loss[self.last_finite])


def compute(scene: Scene, surface=None) -> list[RunData]:
    """Run every optimizer of ``scene`` from every start.

    ``surface`` may be passed when the caller has it already (it must be ``scene.make_surface()``).
    Raises ValueError (FormulaError) for a bad surface or optimizer spec.
    """
    surface = surface or scene.make_surface()
    starts = np.asarray(scene.starts, dtype=float).reshape(-1, 2)
    opts = [optimizers.create(spec.optimizer) for spec in scene.runs]
    return gather(scene, [driver.run(surface, opt, starts, scene.steps) for opt in opts], opts)


def gather(scene: Scene, trajectories: list[Trajectory], opts=None) -> list[RunData]:
    """The RunData of every run and start, optimizer-major, from ``trajectories[k]``: ``scene.runs[k]`` run
    from every start of ``scene`` (``opts[k]``: its optimizer, if the caller has it)."""
    opts = opts or [optimizers.create(spec.optimizer) for spec in scene.runs]
    return [RunData(k, i, opts[k], spec.visible, spec.color, tr)
            for k, (spec, tr) in enumerate(zip(scene.runs, trajectories)) for i in range(len(scene.starts))]


# --- files ----------------------------------------------------------------------------------------

def _num(v) -> float | None:
    """A JSON number, or null for NaN/inf (JSON has no NaN)."""
    v = float(v)
    return v if math.isfinite(v) else None


def to_csv(runs: list[RunData]) -> str:
    """One row per run and iteration (``CSV_COLUMNS``). Floats are written with repr (shortest text that reads
    back exactly)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for k, r in enumerate(runs):
        sx, sy = (repr(float(v)) for v in r.start)
        path, loss, grad, norm, eig = r.path, r.loss, r.grad, r.grad_norm, r.eigenvalues
        batches, epochs, batch_loss = r.batches, r.epochs, r.batch_loss
        for it in range(r.last_finite + 1):
            x, y = path[it]
            gx, gy = grad[it]
            lo, hi = eig[it]
            step = ["", "", ""] if batches is None or it == 0 else \
                [epochs[it - 1], repr(float(batch_loss[it - 1])), " ".join(map(str, batches[it - 1]))]
            writer.writerow([k, r.optimizer.name, r.optimizer.spec, r.start_index, sx, sy, it,
                             *(repr(float(v)) for v in (x, y, loss[it], gx, gy, norm[it], lo, hi)), r.status, *step])
    return buf.getvalue()


def read_csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a run-data CSV as dictionaries keyed by ``CSV_COLUMNS``' names; older column names
    (``OLD_COLUMNS``: ``loss`` for ``f``) are read as the new ones."""
    return [{OLD_COLUMNS.get(k, k): v for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def to_json_data(scene: Scene, runs: list[RunData], surface=None) -> dict:
    """The JSON document as plain data: the scene itself (so the file opens as a scene and regenerates the
    figure) and per run the columns of the table (lists, null where a value is not finite)."""
    from core import scene as scene_io

    surface = surface or (runs[0].trajectory.surface if runs else None) or scene.make_surface()
    # "surface" and "steps" first, as `run`'s JSON has always begun
    doc = {"surface": {"name": surface.name, "formula": surface.formula,
                       "domain": [[float(a), float(b)] for a, b in surface.domain]},
           "steps": scene.steps, "format": FORMAT, "version": VERSION, "scene": scene_io.to_dict(scene), "runs": []}
    for k, r in enumerate(runs):
        n = r.last_finite + 1
        x = [float(v) for v in r.path[:n, 0]]
        y = [float(v) for v in r.path[:n, 1]]
        f = [_num(v) for v in r.loss[:n]]
        doc["runs"].append({
            "run": k, "optimizer": r.optimizer.name, "spec": r.optimizer.spec, "label": r.optimizer.label,
            "params": dict(r.optimizer.params), "start": [float(v) for v in r.start], "start_index": r.start_index,
            "visible": r.visible, "status": r.status, "last_finite": r.last_finite,
            "iteration": list(range(n)), "x": x, "y": y, "f": f,
            "grad": [[_num(a), _num(b)] for a, b in r.grad[:n]],
            "grad_norm": [_num(v) for v in r.grad_norm[:n]],
            "eigenvalues": [[_num(a), _num(b)] for a, b in r.eigenvalues[:n]],
            "path": [list(p) for p in zip(x, y)], "loss": f,
            "batch": r.optimizer.batch, "seed": r.optimizer.seed, "batches": r.batches,
            "epoch_starts": None if not r.minibatch else
            [s for s in r.trajectory.epoch_starts if s < r.last_finite],
            "batch_loss": None if not r.minibatch else [_num(v) for v in r.batch_loss],
        })
    return doc


def to_json(scene: Scene, runs: list[RunData], surface=None) -> str:
    return json.dumps(to_json_data(scene, runs, surface), allow_nan=False, ensure_ascii=False) + "\n"
