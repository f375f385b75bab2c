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
from core.rules import FLOATS, NUMPY


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
    centre, half = divergence_box(surface, starts)
    with np.errstate(all="ignore"):
        if n == 1:
            _run_floats(surface.step_gradients(sched.batches), optimizer, rows, lrs, mus,
                        None if noise is None else noise[:, 0].tolist(), centre, float(half[0]))
        else:
            _run_numpy(surface, sched.batches, optimizer, rows, lrs, mus, noise)
        points = rows.transpose(0, 2, 1)
        loss = surface.value(points)
        batch_loss = surface.step_values(sched.batches, points[:-1])
    trajectory = _finish(points.copy(), loss, _first_outside(rows, centre, half))
    for j, last in enumerate(trajectory.last_finite.tolist()):
        batch_loss[last:, j] = np.nan
    return MinibatchRun(trajectory, sched.batches, sched.epoch_starts, batch_loss)


def _run_floats(grad, optimizer: Optimizer, rows: np.ndarray, lrs, mus, noise, centre, half: float) -> None:
    """One start: the update rule on Python floats, x and y separately (as core.optimizers' float driver);
    ``grad(t, x, y)`` is step t's batch gradient. Stops after the first iterate outside the divergence box."""
    x, y = float(rows[0, 0, 0]), float(rows[0, 1, 0])
    cx, cy = float(centre[0]), float(centre[1])
    x_lo, x_hi, y_lo, y_hi = cx - half, cx + half, cy - half, cy + half
    sx, sy = optimizer.init(0.0), optimizer.init(0.0)
    update, lookahead = optimizer.update, optimizer.lookahead
    xs, ys = [], []
    try:
        for t, (lr, mu) in enumerate(zip(lrs, mus)):
            if lookahead is not None:                 # Sutskever's Nesterov: the gradient at p + mu v
                gx, gy = grad(t, x + lookahead(sx, mu), y + lookahead(sy, mu))
            else:
                gx, gy = grad(t, x, y)
            if noise is not None:
                gx += noise[t][0]
                gy += noise[t][1]
            dx, sx = update(gx, sx, x, lr, mu, FLOATS)
            dy, sy = update(gy, sy, y, lr, mu, FLOATS)
            x += dx
            y += dy
            xs.append(x)
            ys.append(y)
            if not (x_lo <= x <= x_hi and y_lo <= y <= y_hi):   # false for NaN too: the run has diverged
                break
    except (ArithmeticError, ValueError):     # an update rule's float arithmetic overflowed
        pass
    rows[1:len(xs) + 1, 0, 0] = xs
    rows[1:len(ys) + 1, 1, 0] = ys


def _run_numpy(surface, batches, optimizer: Optimizer, rows: np.ndarray, lrs, mus, noise) -> None:
    """Many starts, all on the same batches: the update rule on (2, N) arrays."""
    p = rows[0].copy()
    state = optimizer.init(p)
    for t, rows_t in enumerate(batches):
        lr, mu = lrs[t], mus[t]
        at = p if optimizer.lookahead is None else p + optimizer.lookahead(state, mu)
        g = np.ascontiguousarray(surface.batch_value_grad(at.T, rows_t)[1].T)
        if noise is not None:
            g += noise[t].T
        delta, state = optimizer.update(g, state, p, lr, mu, NUMPY)
        p = p + delta
        rows[t + 1] = p
        if not np.isfinite(p).any():          # every run diverged: nothing left to compute
            break
