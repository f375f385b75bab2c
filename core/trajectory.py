"""The result of a run: one optimizer's paths from N starts, and what is derived from them along the way.

:class:`Trajectory` is the one run-result type of Optiscope: ``optimizers.run`` returns it, the window's
session holds one per run, and ``core.rundata`` (every data file, table and figure) reads it. The derived
quantities (gradients, their norms, the Hessian's eigenvalues along the paths) are computed on first use
and cached on the object, so a view, a table and a file that all need them pay once. A trajectory whose
paths change (``patch``: some starts recomputed after a drag) drops its cache.

How a run ends (its ``status``) is decided in ``core.optimizers`` (``STATUSES`` and the rule above
``_finish``). Qt-free.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from core import analysis


@dataclass(eq=False)
class Trajectory:
    """Paths of one optimizer from N starts: ``path`` (steps+1, N, 2), ``loss`` (steps+1, N).

    ``status`` per start is "ok", "diverged" or "undefined" (``optimizers.STATUSES``); after the last
    iterate kept, ``last_finite``, the path and the loss hold NaN. ``surface`` is the surface the paths
    ran on (needed for the derived quantities). ``error``: the core's one-line message when the run could
    not be computed at all (see :meth:`failed`).
    """

    path: np.ndarray
    loss: np.ndarray
    status: list[str]
    last_finite: np.ndarray     # (N,) index of the last iterate kept (its f is NaN if "undefined")
    surface: object = field(default=None, repr=False)
    error: str | None = None
    _cache: dict = field(default_factory=dict, init=False, repr=False)

    @property
    def diverged(self) -> bool:
        return "diverged" in self.status

    # --- derived quantities, computed once -------------------------------------------------------------

    @property
    def grad(self) -> np.ndarray:
        """∇f along the paths, (steps+1, N, 2); NaN after the last iterate kept."""
        return self._derived("grad", lambda: self.surface.grad(self.path))

    @property
    def grad_norm(self) -> np.ndarray:
        """|∇f| along the paths, (steps+1, N). Keeps the gradients only if they were asked for: the window plots
        the norms of runs from many starts, where (steps+1, N, 2) more floats would double the memory."""
        return self._derived("grad_norm", lambda: np.linalg.norm(
            self._cache["grad"] if "grad" in self._cache else self.surface.grad(self.path), axis=-1))

    @property
    def eigenvalues(self) -> np.ndarray:
        """The Hessian's eigenvalues along the paths, (steps+1, N, 2), ascending."""
        return self._derived("eigenvalues", lambda: analysis.hessian_eigenvalues(self.surface, self.path))

    def _derived(self, key: str, compute) -> np.ndarray:
        if key not in self._cache:
            if self.surface is None:
                raise ValueError("this trajectory has no surface to derive gradients from")
            with np.errstate(all="ignore"):
                self._cache[key] = compute()
        return self._cache[key]

    def set_derived(self, key: str, value: np.ndarray) -> None:
        """Put ``value`` in the cache for ``key`` ("grad", "grad_norm", "eigenvalues"): the window stores NaN
        there when the core failed, so that a view painting it does not try (and log) again on every frame."""
        self._cache[key] = value

    # --- building and patching -------------------------------------------------------------------------

    def patch(self, columns, part: Trajectory) -> None:
        """Overwrite the starts ``columns`` with ``part`` (those starts recomputed alone, same steps) in place,
        and drop the derived quantities."""
        columns = list(columns)
        self.path[:, columns] = part.path
        self.loss[:, columns] = part.loss
        self.last_finite[columns] = part.last_finite
        for k, col in enumerate(columns):
            self.status[col] = part.status[k]
        self._cache.clear()

    def owned(self) -> Trajectory:
        """A copy whose arrays are its own and C-contiguous (``run`` may return views into its work arrays),
        so that :meth:`patch` can write into it."""
        return Trajectory(np.array(self.path, dtype=float), np.array(self.loss, dtype=float), list(self.status),
                          np.array(self.last_finite, dtype=int), self.surface, self.error)

    @classmethod
    def concatenate(cls, parts: list[Trajectory]) -> Trajectory:
        """The trajectories of consecutive slices of starts as one (same steps, same surface)."""
        return cls(np.concatenate([t.path for t in parts], axis=1), np.concatenate([t.loss for t in parts], axis=1),
                   [s for t in parts for s in t.status], np.concatenate([t.last_finite for t in parts]),
                   parts[0].surface if parts else None)

    @classmethod
    def failed(cls, surface, starts, steps: int, error: str) -> Trajectory:
        """A run the core could not compute: its start points, then NaN, "diverged" at step 0, so that every
        view draws it like a run that diverged at once. f at the starts is NaN where the surface fails too."""
        starts = np.asarray(starts, dtype=float).reshape(-1, 2)
        n = len(starts)
        path = np.full((steps + 1, n, 2), np.nan)
        path[0] = starts
        loss = np.full((steps + 1, n), np.nan)
        try:
            with np.errstate(all="ignore"):
                loss[0] = surface.value(starts)
        except Exception:           # the surface itself may be what failed; the start's value is then unknown
            logging.getLogger(__name__).exception("value at the starts on %s", getattr(surface, "formula", surface))
        return cls(path, loss, ["diverged"] * n, np.zeros(n, dtype=int), surface, error)
