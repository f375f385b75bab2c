"""Running an optimizer with minibatch gradients on a model surface (core.model_surface.ModelSurface).

At step t the gradient is the mean of the loss's gradient over that step's batch of rows (core.batches: a
fresh permutation each epoch, from the seed), plus the run's Gaussian gradient noise if ``noise`` is set
(the same draws as core.optimizers.run: see ``gradient_noise``). The update is the optimizer's own rule
(``optimizer.update``, with its look-ahead for Nesterov and its learning-rate schedule), unchanged: only the
gradient differs. Paths end by the same rule as core.optimizers.run (the divergence box, f undefined), judged
on the full-data loss, which is what ``Trajectory.loss`` holds; the loss on each step's own batch is returned
beside it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.batches import schedule
from core.optimizers import Optimizer, Trajectory, _finish, _first_outside, divergence_box, gradient_noise
from core.rules import NUMPY


@dataclass
class MinibatchRun:
    """``trajectory`` as core.optimizers.run returns it (full-data loss); ``batches[t]`` the row indices of step
    t + 1; ``epoch_starts`` the 0-based steps that begin an epoch; ``batch_loss`` (steps, N) the loss on step
    t + 1's batch at the iterate before that step (NaN after a run ended)."""

    trajectory: Trajectory
    batches: list[np.ndarray]
    epoch_starts: list[int]
    batch_loss: np.ndarray


def run(surface, optimizer: Optimizer, starts, steps: int, batch: int, *, seed: int | None = None,
        indices=None) -> MinibatchRun:
    """Run ``optimizer`` from each start (N, 2) for ``steps`` steps with batches of ``batch`` rows (0: all).

    ``seed`` shuffles the rows (default: the optimizer's ``seed``, else 0); every start sees the same batches.
    ``indices`` pick each start's gradient noise as in core.optimizers.run.
    """
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    steps = int(steps)
    if seed is None:
        seed = int(optimizer.params.get("seed", 0))
    sched = schedule(surface.n_rows, batch, steps, seed)
    n = len(starts)
    indices = np.arange(n) if indices is None else np.asarray(indices)
    noise = (gradient_noise(int(optimizer.params["seed"]), indices, steps, optimizer.noise)
             if optimizer.noise else None)
    lrs, mus = optimizer.hyperparameters(steps)
    rows = np.full((steps + 1, 2, n), np.nan)
    rows[0] = starts.T
    batch_loss = np.full((steps, n), np.nan)
    centre, half = divergence_box(surface, starts)
    with np.errstate(all="ignore"):
        p = rows[0].copy()
        state = optimizer.init(p)
        for t in range(steps):
            rows_t, lr, mu = sched.batches[t], lrs[t], mus[t]
            f, g = surface.batch_value_grad(p.T, rows_t)
            batch_loss[t] = f
            if optimizer.lookahead is not None:          # Sutskever's Nesterov: the gradient at p + mu v
                q = p + optimizer.lookahead(state, mu)
                g = surface.batch_value_grad(q.T, rows_t)[1]
            g = np.ascontiguousarray(g.T)
            if noise is not None:
                g += noise[t].T
            delta, state = optimizer.update(g, state, p, lr, mu, NUMPY)
            p = p + delta
            rows[t + 1] = p
            if not np.isfinite(p).any():
                break
        loss = surface.value(rows.transpose(0, 2, 1))
    first = _first_outside(rows, centre, half)
    trajectory = _finish(rows.transpose(0, 2, 1).copy(), loss, first)
    for j, last in enumerate(trajectory.last_finite.tolist()):
        batch_loss[last:, j] = np.nan
    return MinibatchRun(trajectory, sched.batches, sched.epoch_starts, batch_loss)
