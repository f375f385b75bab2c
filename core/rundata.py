"""Every number of every run of a scene, as arrays and as CSV / JSON files.

One row per run and iteration: iteration, x, y, f, gradient, gradient norm, Hessian eigenvalues, status.
The values are those of ``optimizers.run`` (paths), ``Surface.grad`` and ``analysis.hessian_eigenvalues``;
nothing is recomputed differently. Rows stop at a run's last iterate kept; its status says how it ended
(``optimizers.STATUSES``: a diverged run stops at the last iterate inside the divergence box, an "undefined"
one at the iterate where f is undefined, whose f is then NaN / null). Runs are listed optimizer-major
(every start of run 0, then of run 1, ...), as in ``optiscope run``.
Qt-free.
"""
from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass

import numpy as np

from core import analysis, optimizers
from core.scene import Scene

CSV_COLUMNS = ("run", "optimizer", "spec", "start", "iteration", "x", "y", "f", "grad_x", "grad_y",
               "grad_norm", "lambda_min", "lambda_max", "status")


@dataclass(eq=False)
class RunData:
    """One optimizer from one start, with everything along its path. Arrays have steps+1 rows, NaN after
    the run ended (``last_finite`` is the last row kept)."""

    run: int                        # index into scene.runs
    start_index: int                # index into scene.starts
    optimizer: optimizers.Optimizer
    visible: bool
    color: str | None
    path: np.ndarray                # (steps+1, 2)
    loss: np.ndarray                # (steps+1,)
    grad: np.ndarray                # (steps+1, 2)
    grad_norm: np.ndarray           # (steps+1,)
    eigenvalues: np.ndarray         # (steps+1, 2), ascending
    status: str                     # "ok" | "diverged" | "undefined" (optimizers.STATUSES)
    last_finite: int

    @property
    def start(self) -> np.ndarray:
        return self.path[0]

    @property
    def final(self) -> tuple[np.ndarray, float]:
        """The last iterate kept and its loss (NaN if f is undefined there)."""
        return self.path[self.last_finite], float(self.loss[self.last_finite])


def compute(scene: Scene, surface=None) -> list[RunData]:
    """Run every optimizer of ``scene`` from every start and gather gradients and Hessian eigenvalues.

    ``surface`` may be passed when the caller has it already (it must be ``scene.make_surface()``).
    Raises ValueError (FormulaError) for a bad surface or optimizer spec.
    """
    surface = surface or scene.make_surface()
    starts = np.asarray(scene.starts, dtype=float).reshape(-1, 2)
    out = []
    for k, spec in enumerate(scene.runs):
        opt = optimizers.create(spec.optimizer)
        tr = optimizers.run(surface, opt, starts, scene.steps)
        with np.errstate(all="ignore"):
            grad = surface.grad(tr.path)                                 # NaN rows stay NaN
            norm = np.linalg.norm(grad, axis=-1)
            eig = analysis.hessian_eigenvalues(surface, tr.path)
        for i in range(len(starts)):
            out.append(RunData(k, i, opt, spec.visible, spec.color, tr.path[:, i], tr.loss[:, i], grad[:, i],
                               norm[:, i], eig[:, i], tr.status[i], int(tr.last_finite[i])))
    return out


# --- files ----------------------------------------------------------------------------------------

def _num(v) -> float | None:
    """A JSON number, or null for NaN/inf (JSON has no NaN)."""
    v = float(v)
    return v if math.isfinite(v) else None


def to_csv(runs: list[RunData]) -> str:
    """One row per run and iteration. Floats are written with repr (shortest text that reads back exactly)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for k, r in enumerate(runs):
        for it in range(r.last_finite + 1):
            x, y = r.path[it]
            gx, gy = r.grad[it]
            lo, hi = r.eigenvalues[it]
            writer.writerow([k, r.optimizer.name, r.optimizer.spec, r.start_index, it,
                             *(repr(float(v)) for v in (x, y, r.loss[it], gx, gy, r.grad_norm[it], lo, hi)),
                             r.status])
    return buf.getvalue()


def to_json_data(scene: Scene, runs: list[RunData]) -> dict:
    """The JSON document as plain data: the scene itself (so the file regenerates the figure) and per run
    the columns of the table (lists, null where a value is not finite)."""
    from core import scene as scene_io

    surface = scene.make_surface()
    doc = {"format": "optiscope-rundata", "version": 1, "scene": scene_io.to_dict(scene),
           "surface": {"name": surface.name, "formula": surface.formula}, "steps": scene.steps, "runs": []}
    for k, r in enumerate(runs):
        n = r.last_finite + 1
        doc["runs"].append({
            "run": k, "optimizer": r.optimizer.name, "spec": r.optimizer.spec, "label": r.optimizer.label,
            "params": dict(r.optimizer.params), "start": [float(v) for v in r.start], "visible": r.visible,
            "status": r.status, "last_finite": r.last_finite,
            "iteration": list(range(n)),
            "x": [float(v) for v in r.path[:n, 0]],
            "y": [float(v) for v in r.path[:n, 1]],
            "f": [_num(v) for v in r.loss[:n]],
            "grad": [[_num(a), _num(b)] for a, b in r.grad[:n]],
            "grad_norm": [_num(v) for v in r.grad_norm[:n]],
            "eigenvalues": [[_num(a), _num(b)] for a, b in r.eigenvalues[:n]],
        })
    return doc


def to_json(scene: Scene, runs: list[RunData]) -> str:
    return json.dumps(to_json_data(scene, runs), allow_nan=False, ensure_ascii=False) + "\n"
