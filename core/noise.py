"""Gradient noise: ``scale`` times a standard normal per start, step and axis, from a counter-based generator.

The draw of (seed, index, step) is a hash of those three numbers (SplitMix64, then Box-Muller), so it does not
depend on which other starts share the batch, in which order, or in how many chunks they are computed. The
drivers (core.optimizers.run, core.minibatch) add ``noise * z`` to each gradient with the arithmetic of
:func:`_draws`. Qt-free.
"""
from __future__ import annotations

import math

import numpy as np


def check_indices(indices, n: int) -> np.ndarray:
    """``indices`` as an (n,) uint64 array of non-negative whole numbers (default ``0..n-1``), or ValueError."""
    if indices is None:
        return np.arange(n, dtype=np.uint64)
    array = np.asarray(indices)
    if array.shape != (n,) or (n and (array.dtype.kind not in "iu" or array.min() < 0)):
        raise ValueError(f"indices must be {n} non-negative integers, got {indices!r}")
    return array.astype(np.uint64)



_GAMMA = 0x9E3779B97F4A7C15          # SplitMix64's increment, 2^64 / golden ratio
_MASK64 = 2**64 - 1


def _mix(z: np.ndarray, tmp: np.ndarray | None = None) -> np.ndarray:
    """SplitMix64's output function on a uint64 array, in place (wrapping mod 2^64): a bijection whose every
    output bit depends on every input bit. ``tmp``: a scratch array like ``z``."""
    tmp = np.empty_like(z) if tmp is None else tmp
    z ^= np.right_shift(z, np.uint64(30), out=tmp)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= np.right_shift(z, np.uint64(27), out=tmp)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= np.right_shift(z, np.uint64(31), out=tmp)
    return z


def _index_keys(seed: int, indices: np.ndarray) -> np.ndarray:
    """One 64-bit key per start: output ``index + 1`` of the SplitMix64 stream seeded with mix(seed + γ)."""
    base = int(_mix(np.array([(int(seed) + _GAMMA) & _MASK64], dtype=np.uint64))[0])
    return _mix(np.uint64(base) + (np.asarray(indices, dtype=np.uint64) + np.uint64(1)) * np.uint64(_GAMMA))


def _step_keys(steps: int) -> np.ndarray:
    """One 64-bit key per step t = 0..steps-1: mix((t + 1)·γ)."""
    return _mix((np.arange(steps, dtype=np.uint64) + np.uint64(1)) * np.uint64(_GAMMA))


def _workspace(shape) -> tuple[np.ndarray, ...]:
    """The arrays :func:`_draws` writes into, allocated once per run (fresh memory costs page faults here)."""
    return (np.empty(shape, np.uint64), np.empty(shape, np.uint64), np.empty(shape, np.uint32),
            np.empty(shape, np.float32), np.empty(shape, np.float32), np.empty(shape), np.empty(shape))


def _draws(index_keys: np.ndarray, step_key, scale: float, work=None) -> tuple[np.ndarray, np.ndarray]:
    """``scale`` times two independent standard normals per element of ``index_keys ^ step_key`` (broadcast),
    written into ``work`` (from :func:`_workspace`; the results are overwritten by the next call).

    The word w = mix(index key XOR step key) gives two uniforms, each read as the fraction bits of a float in
    [1, 2) (exponent bits set, no integer-to-float conversion): u1 = 1 - (bits 23..63 of w) / 2^41 in (0, 1]
    and u2 = (bits 0..22) / 2^23. Box-Muller turns them into z_x = r cos 2πu2, z_y = r sin 2πu2 with
    r = sqrt(-2 ln u1). All but the logarithm is in single precision (NumPy's float32 cos and sin are
    vectorized, its float64 ones are not: 25x faster here), so a draw is exact to about 1e-7 relative;
    the 41-bit u1 caps |z| at 7.5 (a tail of probability 1e-13).
    """
    if work is None:
        work = _workspace(np.broadcast_shapes(np.shape(index_keys), np.shape(step_key)))
    w, bits, low, r, trig, zx, zy = work
    _mix(np.bitwise_xor(index_keys, step_key, out=w), bits)
    np.right_shift(w, np.uint64(23), out=bits)
    np.left_shift(bits, np.uint64(11), out=bits)
    np.bitwise_or(bits, np.uint64(0x3FF0000000000000), out=bits)
    u1 = np.subtract(2.0, bits.view(np.float64), out=bits.view(np.float64))
    np.log(u1, out=u1)
    np.multiply(u1, -2.0, out=r, casting="same_kind")
    np.sqrt(r, out=r)                                          # sqrt(-2 ln u1)
    np.copyto(low, w, casting="unsafe")                        # the low 32 bits
    np.bitwise_and(low, np.uint32(0x7FFFFF), out=low)
    np.bitwise_or(low, np.uint32(0x3F800000), out=low)
    angle = low.view(np.float32)                               # 1 + u2: cos 2π(1 + u2) = cos 2πu2
    angle *= np.float32(2 * math.pi)
    np.copyto(zx, np.multiply(r, np.cos(angle, out=trig), out=trig))
    np.copyto(zy, np.multiply(r, np.sin(angle, out=trig), out=trig))
    zx *= scale                                                # in double precision: any noise stays finite
    zy *= scale
    return zx, zy


def gradient_noise(seed: int, indices, steps: int, scale: float = 1.0) -> np.ndarray:
    """The gradient noise of a run, (steps, N, 2): ``scale`` times a standard normal per start, step and axis.

    The draw of the start at position ``index`` of the run's list of starts, at step ``t`` (0-based), is a
    function of ``(seed, index, t)`` only: SplitMix64 hashing (Steele, Lea & Flood 2014) of the three into a
    64-bit word, then Box-Muller into two normals (one per axis). ``run`` adds ``noise * z`` to each
    gradient, batch by batch, with the same arithmetic, so the draws below are exactly the ones a run uses.

    >>> z = gradient_noise(7, [0, 1, 2], 100_000)
    >>> bool(abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.01)
    True
    """
    keys = _index_keys(seed, check_indices(indices, len(np.atleast_1d(indices))))
    zx, zy = _draws(keys[None, :], _step_keys(int(steps))[:, None], scale)
    return np.stack([zx, zy], axis=-1)
