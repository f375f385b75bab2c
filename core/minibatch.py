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
from core.optimizers import Optimizer, Trajectory, _finish, _first_outside, divergence_box, float_steps, gradient_noise
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
    sched = schedule(surface.n_rows, batch, steps, _seed(optimizer, seed))
    n = len(starts)
    indices = np.arange(n) if indices is None else np.asarray(indices)
    noise = _noise(optimizer, indices, steps)
    if n == 1 and not surface.polynomial:
        return _lockstep(surface, starts[0], [(optimizer, sched, None if noise is None else noise[:, 0])], steps)[0]
    rows = np.full((steps + 1, 2, n), np.nan)
    rows[0] = starts.T
    centre, half = divergence_box(surface, starts)
    lrs, mus = optimizer.hyperparameters(steps)
    with np.errstate(all="ignore"):
        if n == 1:
            _run_floats(surface.step_gradients(sched.batches), optimizer, rows, lrs, mus,
                        None if noise is None else noise[:, 0].tolist(), centre, float(half[0]))
        else:
            _run_numpy(surface, sched.batches, optimizer, rows, lrs, mus, noise)
        points = rows.transpose(0, 2, 1)
        loss = surface.value(points)
        batch_loss = surface.step_values(sched.batches, points[:-1])
    trajectory = _finish(points.copy(), loss, _first_outside(rows, centre, half), surface)
    for j, last in enumerate(trajectory.last_finite.tolist()):
        batch_loss[last:, j] = np.nan
    return MinibatchRun(trajectory, sched.batches, sched.epoch_starts, batch_loss)


def run_many(surface, runs, start, steps: int) -> list[MinibatchRun]:
    """Several single-start runs from ``start`` (2,), one per ``(optimizer, batch, seed)`` of ``runs`` (seed
    None: the optimizer's), each exactly (bitwise) what ``run(surface, optimizer, [start], steps, batch,
    seed=seed)`` returns.

    On the general path the runs step in lockstep: one NumPy pass per step over the rows of all runs' batches
    (gathered once for all steps), each run's sums taken over its own rows only, the update rules on floats.
    """
    start = np.asarray(start, dtype=float).reshape(2)
    steps = int(steps)
    if surface.polynomial:              # a few float operations per step already: nothing to share
        return [run(surface, opt, [start], steps, batch, seed=seed) for opt, batch, seed in runs]
    specs = []
    for opt, batch, seed in runs:
        noise = _noise(opt, np.arange(1), steps)
        specs.append((opt, schedule(surface.n_rows, batch, steps, _seed(opt, seed)),
                      None if noise is None else noise[:, 0]))
    return _lockstep(surface, start, specs, steps)


@dataclass
class BasinPaths:
    """A basin map's runs: ``path`` (steps+1, N, 2), ``status`` and ``last_finite`` exactly as the
    trajectory of :func:`run` has them; ``final_loss`` (N,) the full-data loss at each run's last iterate
    kept (NaN for "undefined"); ``checked_every_iterate``: whether the loss had to be computed at every
    iterate (False: it was proved finite on the whole divergence box)."""

    path: np.ndarray
    status: list[str]
    last_finite: np.ndarray
    final_loss: np.ndarray
    checked_every_iterate: bool


def basin_paths(surface, optimizer: Optimizer, starts, steps: int, batch: int, *, seed: int | None = None,
                indices=None) -> BasinPaths:
    """The paths and statuses of :func:`run` (same arguments), without the loss of every iterate when it is
    not needed.

    The status rule is core.optimizers' (``_finish``): a run is "undefined" at its first iterate inside the
    divergence box where the full-data loss is not finite, "diverged" at its first iterate outside the box,
    whichever comes first. When interval arithmetic shows that the loss of every row is finite at every point
    of the largest of the starts' boxes (core.model_program.loss_bounds), no iterate inside a box can be
    "undefined", and the statuses follow from the positions alone; otherwise the full-data loss of every
    iterate is computed, as :func:`run` does.
    """
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    steps = int(steps)
    sched = schedule(surface.n_rows, batch, steps, _seed(optimizer, seed))
    n = len(starts)
    indices = np.arange(n) if indices is None else np.asarray(indices)
    rows = np.full((steps + 1, 2, n), np.nan)
    rows[0] = starts.T
    centre, half = divergence_box(surface, starts)
    lrs, mus = optimizer.hyperparameters(steps)
    with np.errstate(all="ignore"):
        _run_numpy(surface, sched.batches, optimizer, rows, lrs, mus, _noise(optimizer, indices, steps))
        points = rows.transpose(0, 2, 1)
        wide = float(half.max()) if n else 0.0
        finite = n == 0 or surface.finite_on_box((centre[0] - wide, centre[0] + wide),
                                                 (centre[1] - wide, centre[1] + wide))
        loss = np.zeros(points.shape[:2]) if finite else surface.value(points)
        trajectory = _finish(points.copy(), loss, _first_outside(rows, centre, half), surface)
        last = trajectory.last_finite
        final_loss = surface.value(trajectory.path[last, np.arange(n)]) if finite else loss[last, np.arange(n)]
    final_loss[np.array(trajectory.status) == "undefined"] = np.nan
    return BasinPaths(trajectory.path, trajectory.status, last, final_loss, not finite)


def _seed(optimizer: Optimizer, seed) -> int:
    return int(optimizer.params.get("seed", 0)) if seed is None else int(seed)


def _noise(optimizer: Optimizer, indices, steps: int):
    return gradient_noise(int(optimizer.params["seed"]), indices, steps, optimizer.noise) if optimizer.noise else None


def _lockstep(surface, start: np.ndarray, specs: list, steps: int) -> list[MinibatchRun]:
    """Single-start runs from ``start`` (2,), one per ``(optimizer, schedule, noise (steps, 2) or None)``,
    stepped together on the general path (see run_many). A run stops after its first iterate outside the
    divergence box, or where its update's float arithmetic fails, as ``_run_floats``."""
    program = surface._program
    k = len(specs)
    schedules = [sched for _, sched, _ in specs]
    widest = max((len(b) for sched in schedules for b in sched.batches[:1]), default=1)
    window = max(1, WINDOW_ROWS // max(1, k * widest))    # steps per layout: bounds the gathered rows
    windows = [(t0, min(t0 + window, steps)) for t0 in range(0, steps, window)]
    centre, half = divergence_box(surface, start[None])
    cx, cy, h = float(centre[0]), float(centre[1]), float(half[0])
    x_lo, x_hi, y_lo, y_hi = cx - h, cx + h, cy - h, cy + h
    rules = []
    for opt, _, noise in specs:
        lrs, mus = opt.hyperparameters(steps)
        rules.append((opt.update, opt.lookahead, lrs, mus, None if noise is None else noise.tolist()))
    looking = [j for j in range(k) if rules[j][1] is not None]
    xs, ys = [float(start[0])] * k, [float(start[1])] * k
    states = [[opt.init(0.0), opt.init(0.0)] for opt, _, _ in specs]
    paths: list[list] = [[] for _ in range(k)]
    active = list(range(k))
    gradient = program.compiled(False, True)        # program.gradient without its per-call lookup
    reduceat, array, ndarray = np.add.reduceat, np.array, np.ndarray
    with np.errstate(all="ignore"):
        for t0, t1 in windows:
            if not active:
                break
            for t, (who, data, cut, n, sizes) in enumerate(_layout(surface, schedules, t0, t1).per_step, t0):
                if not active:
                    break
                ex, ey = xs, ys
                if looking:                             # Sutskever's Nesterov: the gradient at p + mu v
                    ex, ey = list(xs), list(ys)
                    for j in looking:
                        lookahead, mu = rules[j][1], rules[j][3][t]
                        ex[j] = xs[j] + lookahead(states[j][0], mu)
                        ey[j] = ys[j] + lookahead(states[j][1], mu)
                _, gx, gy = gradient(array(ex)[who], array(ey)[who], data)
                gxs = reduceat(gx, cut).tolist() if type(gx) is ndarray and gx.shape == (n,) else \
                    _segment_sums(gx, cut, n)
                gys = reduceat(gy, cut).tolist() if type(gy) is ndarray and gy.shape == (n,) else \
                    _segment_sums(gy, cut, n)
                for j in active[:]:
                    update, _, lrs, mus, noise = rules[j]
                    gxj, gyj = gxs[j] / sizes[j], gys[j] / sizes[j]
                    if noise is not None:
                        gxj += noise[t][0]
                        gyj += noise[t][1]
                    state = states[j]
                    lr, mu = lrs[t], mus[t]
                    try:
                        dx, state[0] = update(gxj, state[0], xs[j], lr, mu, FLOATS)
                        dy, state[1] = update(gyj, state[1], ys[j], lr, mu, FLOATS)
                    except (ArithmeticError, ValueError):     # an update rule's float arithmetic overflowed
                        active.remove(j)
                        continue
                    x = xs[j] = xs[j] + dx
                    y = ys[j] = ys[j] + dy
                    paths[j].append((x, y))
                    if not (x_lo <= x <= x_hi and y_lo <= y <= y_hi):   # false for NaN too: the run has diverged
                        active.remove(j)
        points = np.full((steps + 1, k, 2), np.nan)
        points[0] = start
        for j, path in enumerate(paths):
            if path:
                points[1:len(path) + 1, j] = path
        loss = surface.value(points)
        batch_loss = np.full((steps, k), np.nan)
        for t0, t1 in windows:             # every step's batch loss at its iterate, one pass per window
            lay = _layout(surface, schedules, t0, t1)
            per_row = program.run(np.repeat(points[t0:t1, :, 0].ravel(), lay.sizes),
                                  np.repeat(points[t0:t1, :, 1].ravel(), lay.sizes), grad=False, data=lay.columns)[0]
            batch_loss[t0:t1] = (_segment_sums(per_row, lay.offsets, len(lay.owner), as_list=False) /
                                 lay.sizes).reshape(t1 - t0, k)
    out = []
    for j, (_, sched, _) in enumerate(specs):
        rows = points[:, j:j + 1].transpose(0, 2, 1)
        trajectory = _finish(points[:, j:j + 1].copy(), loss[:, j:j + 1].copy(), _first_outside(rows, centre, half),
                             surface)
        bl = batch_loss[:, j:j + 1].copy()
        bl[int(trajectory.last_finite[0]):] = np.nan
        out.append(MinibatchRun(trajectory, sched.batches, sched.epoch_starts, bl))
    return out


@dataclass
class _Layout:
    """The rows of every (step, run) of a window of a lockstep's steps, in (step, run) order: ``sizes`` each
    segment's length, ``offsets`` where it begins, ``owner`` the run of every row, ``columns`` the program's
    constant slots gathered over them; ``per_step[t]``: (owner, columns and segment starts of step t alone,
    its number of rows, each run's batch size)."""

    sizes: np.ndarray
    offsets: np.ndarray
    owner: np.ndarray
    columns: list
    per_step: list


_LAST_LAYOUT: list = [None]      # (program, schedules, (t0, t1), layout): a drag repeats the same schedules


WINDOW_ROWS = 1 << 18     # most rows gathered at once by a lockstep (steps x runs x batch)


def _layout(surface, schedules: list, t0: int, t1: int) -> _Layout:
    """The layout of steps t0..t1-1 (1 <= t1 - t0) of the runs of ``schedules`` (the last one is kept)."""
    program = surface._program
    last = _LAST_LAYOUT[0]
    if (last is not None and last[0] is program and last[2] == (t0, t1) and len(last[1]) == len(schedules)
            and all(a is b for a, b in zip(last[1], schedules))):
        return last[3]
    k, steps = len(schedules), t1 - t0
    sizes = np.array([[len(sched.batches[t]) for sched in schedules] for t in range(t0, t1)],
                     dtype=np.int64).reshape(steps * k)
    every = surface._check_rows(np.concatenate([sched.batches[t] for t in range(t0, t1) for sched in schedules]))
    ends = np.cumsum(sizes)
    offsets = ends - sizes
    owner = np.repeat(np.tile(np.arange(k), steps), sizes)
    columns = program.columns(every)
    per_step = []
    for t in range(steps):
        lo, hi = int(offsets[t * k]), int(ends[t * k + k - 1])
        per_step.append((owner[lo:hi], [v[lo:hi] if isinstance(v, np.ndarray) else v for v in columns],
                         offsets[t * k:t * k + k] - lo, hi - lo, sizes[t * k:t * k + k].tolist()))
    layout = _Layout(sizes, offsets, owner, columns, per_step)
    _LAST_LAYOUT[0] = (program, list(schedules), (t0, t1), layout)
    return layout


def _segment_sums(values, cut: np.ndarray, length: int, as_list: bool = True):
    """The sums of ``values`` (length,) over the segments beginning at ``cut`` (0 where a derivative is None;
    a value that does not depend on the rows is broadcast first)."""
    if values is None:
        sums = np.zeros(len(cut))
    else:
        sums = np.add.reduceat(values if np.shape(values) == (length,) else np.broadcast_to(values, (length,)), cut)
    return sums.tolist() if as_list else sums


def _run_floats(grad, optimizer: Optimizer, rows: np.ndarray, lrs, mus, noise, centre, half: float) -> None:
    """One start: core.optimizers' float loop, where ``grad(t, x, y)`` is step t's batch gradient and ``noise``
    the steps' (nx, ny) or None. Stops after the first iterate outside the divergence box."""
    x, y = float(rows[0, 0, 0]), float(rows[0, 1, 0])
    cx, cy = float(centre[0]), float(centre[1])
    step = iter(range(len(lrs))).__next__           # float_steps calls the gradient once a step

    def batch_grad(px, py):
        return grad(step(), px, py)

    xs, ys = float_steps(batch_grad, optimizer, x, y, lrs, mus, None if noise is None else iter(noise),
                         (cx - half, cx + half, cy - half, cy + half))
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
