"""core.grid: sampling, colour-scale choice, contour levels and lines."""
import numpy as np
import pytest

from core import grid, surfaces


def test_sample_is_the_surface_on_the_grid_in_contourpy_order():
    s = surfaces.get("ravine")
    xs, ys, Z = grid.sample(s, n=5)
    assert xs.tolist() == [-10, -5, 0, 5, 10] and ys.tolist() == [-5, -2.5, 0, 2.5, 5]
    assert Z[1, 4] == pytest.approx(0.1 * 10**2 + 2 * 2.5**2)       # Z[row j = y, column i = x]


def test_log_scale_is_preferred_only_where_values_span_many_decades():
    for name, log in [("rosenbrock", True), ("beale", True), ("bowl", False), ("ravine", False)]:
        assert grid.prefers_log(grid.sample(surfaces.get(name))[2]) is log, name


def test_levels_are_inside_the_range_and_log_levels_are_even_in_log_space():
    Z = np.array([[0.0, 999.0]])
    assert grid.levels(Z, count=3).tolist() == [249.75, 499.5, 749.25]
    log = grid.levels(Z, count=2, log=True)            # log10(1 + level) evenly spaced in (0, 3)
    np.testing.assert_allclose(np.log10(1 + log), [1.0, 2.0])


def test_contour_path_lies_on_the_level_sets_of_the_bowl():
    xs, ys, Z = grid.sample(surfaces.get("bowl"), n=201)
    levels = np.array([1.0, 4.0])
    path = grid.contour_path(xs, ys, Z, levels)
    breaks = np.flatnonzero(np.isnan(path[:, 0]))
    assert len(breaks) == 2 and breaks[-1] == len(path) - 1          # one closed circle per level, NaN after each
    first, second = path[: breaks[0]], path[breaks[0] + 1: breaks[1]]
    # linear interpolation between grid nodes: within a small fraction of the spacing (0.03) of the circle
    np.testing.assert_allclose(np.hypot(*first.T), 1.0, atol=2e-3)
    np.testing.assert_allclose(np.hypot(*second.T), 2.0, atol=2e-3)
    np.testing.assert_array_equal(first[0], first[-1])               # closed


@pytest.mark.parametrize("formula", ["himmelblau", "rastrigin", "sqrt(x) + y"])   # the last is NaN for x < 0
def test_contour_path_joins_the_same_lines_as_contour_lines(formula):
    xs, ys, Z = grid.sample(surfaces.get(formula), n=120)
    levels = grid.levels(Z, count=9, log=grid.prefers_log(Z))
    pieces = [np.vstack([line, [np.nan, np.nan]]) for level in grid.contour_lines(xs, ys, Z, levels)
              for line in level if len(line) > 1]
    np.testing.assert_array_equal(grid.contour_path(xs, ys, Z, levels), np.vstack(pieces))


def test_contour_path_of_no_levels_is_empty():
    xs, ys, Z = grid.sample(surfaces.get("bowl"), n=10)
    assert grid.contour_path(xs, ys, Z, np.array([])).shape == (0, 2)
    assert grid.contour_path(xs, ys, Z, np.array([1e9])).shape == (0, 2)    # above the range: no line
