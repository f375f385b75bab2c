"""core.paths: polyline simplification for vector output and the symmetric log scale (pure NumPy, no Qt)."""
import numpy as np

from core import paths


def test_decimate_keeps_ends_separators_and_far_points_only():
    nan = np.nan
    xy = np.array([[0, 0], [1, 0.05], [2, 0], [nan, nan],      # 0.05 off the chord: under 0.1, dropped
                   [0, 0], [1, 1], [2, 0], [nan, nan],          # 1 off the chord: kept
                   [0, 0], [0.5, 0], [0, 0]])                   # closed loop (zero chord): 0.5 away, kept
    expected = [[0, 0], [2, 0], [nan, nan], [0, 0], [1, 1], [2, 0], [nan, nan], [0, 0], [0.5, 0], [0, 0]]
    np.testing.assert_array_equal(paths.decimate(xy, (0.1, 0.1)), expected)
    np.testing.assert_array_equal(paths.decimate(xy, (0.01, 0.01)), xy)                 # finer: all kept
    np.testing.assert_array_equal(paths.decimate(xy, (0.1, 2.0))[:3], [[0, 0], [2, 0], [nan, nan]])


def test_decimate_survives_zero_non_finite_and_vanishing_tolerances():
    nan = np.nan
    xy = np.array([[0, 0], [1, 0.05], [2, 0], [nan, nan], [0, 0], [1, 1], [2, 0]])
    for bad in [(0.0, 0.1), (nan, 0.1), (np.inf, 0.1), (-0.1, 0.1)]:            # no usable tolerance: all kept
        np.testing.assert_array_equal(paths.decimate(xy, bad), xy)
    with np.errstate(all="raise"):                                              # no warning escapes either
        np.testing.assert_array_equal(paths.decimate(xy, (1e-300, 1e-300)), xy)    # every point is far
        big = xy * 1e300                                                        # xy / tolerance overflows
        np.testing.assert_array_equal(paths.decimate(big, (1e-300, 1e-300)), big)
        arch = np.array([[-1.0, 0], [0, 1], [1, 0]])                             # chord overflows: inf / inf
        np.testing.assert_array_equal(paths.decimate(arch, (1e-308, 1e-308)), arch)
        np.testing.assert_array_equal(paths.decimate(xy, (0.1, 0.1)), np.delete(xy, 1, axis=0))


def test_symlog_is_odd_and_logarithmic():
    a = np.array([-999.0, -9.0, 0.0, 9.0, 99.0, np.nan])
    np.testing.assert_allclose(paths.symlog(a)[:5], [-3.0, -1.0, 0.0, 1.0, 2.0])   # sign(a)·log10(1 + |a|)
    assert np.isnan(paths.symlog(a)[5])
