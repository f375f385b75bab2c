"""The one driver entry point: every run of an optimizer on a surface, full-batch or minibatch.

``run(surface, optimizer, starts, steps)`` is ``core.optimizers.run`` for a full-batch run (``batch=0``, the
default: the gradient of the whole loss), and ``core.minibatch.run`` when the optimizer's spec has
``batch=B > 0`` on a model surface with data: each step's gradient is the mean over a batch of B rows,
shuffled each epoch from the spec's ``seed`` (core.batches, as PyTorch's DataLoader(shuffle=True,
drop_last=False)). The window, the command line, the exports, basin maps, sweeps and grids all run through
here, so the same spec and seed give the same batches everywhere. Qt-free.
"""
from __future__ import annotations

from core import minibatch, optimizers
from core.trajectory import Trajectory


def run(surface, optimizer: optimizers.Optimizer, starts, steps: int, *, indices=None) -> Trajectory:
    """Run ``optimizer`` from each start (N, 2) for ``steps`` steps: a Trajectory, which for a minibatch run
    also holds the run's batches, epoch starts and batch losses. UserInputError for ``batch > 0`` on a surface
    without data."""
    if not optimizer.batch:
        return optimizers.run(surface, optimizer, starts, steps, indices=indices)
    optimizers.check_batch(surface, optimizer)
    return from_minibatch(minibatch.run(surface, optimizer, starts, steps, optimizer.batch, indices=indices))


def final_paths(surface, optimizer: optimizers.Optimizer, starts, steps: int, *, indices=None):
    """The paths (steps+1, N, 2) and statuses of :func:`run`, for basin maps: a minibatch run skips the
    full-data loss of every iterate where it cannot change a status (core.minibatch.basin_paths)."""
    if not optimizer.batch:
        tr = optimizers.run(surface, optimizer, starts, steps, indices=indices)
        return tr.path, tr.status
    optimizers.check_batch(surface, optimizer)
    result = minibatch.basin_paths(surface, optimizer, starts, steps, optimizer.batch, indices=indices)
    return result.path, result.status


def from_minibatch(result: minibatch.MinibatchRun) -> Trajectory:
    """The Trajectory of a ``core.minibatch`` result, carrying its batches, epoch starts and batch losses."""
    tr = result.trajectory
    tr.batches, tr.epoch_starts, tr.batch_loss = list(result.batches), list(result.epoch_starts), result.batch_loss
    return tr
