"""Minibatch schedules, as PyTorch's ``DataLoader(dataset, batch_size=B, shuffle=True, drop_last=False)``.

Each epoch is a fresh permutation of the rows cut into consecutive batches of B rows, the last one possibly
smaller; the permutations come from ``numpy.random.default_rng(seed)``, one ``permutation(n_rows)`` per epoch,
so the same seed gives the same batches on every machine and in every view. B = 0 means the full dataset at
every step (plain gradient descent on the mean loss): every step is then a whole epoch, in row order.

>>> s = schedule(5, 2, 4, seed=0)
>>> [b.tolist() for b in s.batches], s.epoch_starts
([[2, 4], [3, 0], [1], [4, 1]], [0, 3])
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from core.errors import UserInputError


class Schedule(NamedTuple):
    """``batches[t]``: the row indices (int64) used at step t + 1; ``epoch_starts``: the 0-based step indices at
    which an epoch begins (0 first)."""

    batches: list[np.ndarray]
    epoch_starts: list[int]


def schedule(n_rows: int, batch: int, steps: int, seed: int = 0) -> Schedule:
    """The batches of ``steps`` steps over ``n_rows`` rows with batch size ``batch`` (0: the full dataset)."""
    n_rows, batch, steps = int(n_rows), int(batch), int(steps)
    if n_rows < 1:
        raise UserInputError("a minibatch needs at least one row of data")
    if batch < 0:
        raise UserInputError("batch must be 0 (the full dataset) or a positive number of rows, not {batch}",
                             batch=batch)
    if steps < 0:
        raise ValueError("steps must be >= 0")
    if steps <= CACHED_STEPS:               # a drag asks for the same schedules again at every mouse move
        return _schedule(n_rows, batch, steps, int(seed))
    return _schedule.__wrapped__(n_rows, batch, steps, int(seed))


CACHED_STEPS = 20_000      # longer schedules are made afresh (each batch is a small array: memory)


@lru_cache(maxsize=16)
def _schedule(n_rows: int, batch: int, steps: int, seed: int) -> Schedule:
    """The schedule, made once per arguments: callers share it, so its arrays are read-only (do not modify
    the lists either)."""
    if batch == 0:
        every = np.arange(n_rows)
        every.flags.writeable = False
        return Schedule([every] * steps, list(range(steps)))
    rng = np.random.default_rng(seed)
    batches: list[np.ndarray] = []
    starts: list[int] = []
    while len(batches) < steps:
        starts.append(len(batches))
        order = rng.permutation(n_rows)
        order.flags.writeable = False
        batches.extend(order[lo:lo + batch] for lo in range(0, n_rows, batch))
    return Schedule(batches[:steps], starts)
