"""The built-ins' generated code is current, and using them needs no sympy; the generated float gradient gives
NumPy's answer everywhere (no exception, no complex number); the symbolic work is bounded."""
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import codegen, optimizers, surfaces
from core.formula import parse

ROOT = Path(__file__).resolve().parents[1]


def test_builtin_code_is_generated_from_the_current_formulas():
    assert codegen.BUILTIN_CODE.read_text(encoding="utf-8") == codegen.builtin_module_source(), \
        "core/builtin_code.py is stale: run python -m core.codegen"


def test_generated_builtins_agree_with_a_run_time_compile():
    rng = np.random.default_rng(5)
    for name in surfaces.names():
        s = surfaces.get(name)
        fresh = codegen.compile_expr(parse(s.formula))
        (x0, x1), (y0, y1) = s.domain
        x, y = rng.uniform(x0, x1, 30), rng.uniform(y0, y1, 30)
        for fn in codegen.FUNCTIONS[:-1]:
            for a, b in zip(s.functions[fn](x, y), fresh[fn](x, y)):
                np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_builtins_and_runs_need_no_sympy():
    code = ("import sys\n"
            "from core import surfaces, optimizers\n"
            "s = surfaces.get('rosenbrock')\n"
            "optimizers.run(s, optimizers.create('adam'), [[0.0, 0.0], [1.0, 2.0]], 10)\n"
            "optimizers.run(s, optimizers.create('adam'), [[0.0, 0.0]], 10)\n"
            "print('sympy' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_precomputed_critical_points_equal_a_fresh_search():
    from core import analysis

    for name in surfaces.names():
        s = surfaces.get(name)
        cached = analysis.critical_points(s)
        fresh = analysis.critical_points(s, _cache=False)
        assert [c.kind for c in cached] == [c.kind for c in fresh], name
        for a, b in zip(cached, fresh):
            np.testing.assert_allclose(a.xy, b.xy, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(a.eigenvalues, b.eigenvalues, rtol=1e-9, atol=1e-9)
            assert a.value == b.value or abs(a.value - b.value) <= 1e-9 * (1 + abs(b.value))


def test_other_domains_and_formulas_are_searched_not_looked_up():
    from core import analysis

    s = surfaces.get("himmelblau")
    quadrant = analysis.critical_points(s, domain=((0, 5), (0, 5)))    # (3, 2) and the saddles near the axes
    assert [c.kind for c in quadrant] == ["minimum", "saddle", "saddle"]
    assert len(analysis.critical_points(surfaces.get("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", s.domain))) == 9


# --- the math gradient: NumPy's answer everywhere, never an exception nor a complex number ----------

UNDEFINED_SOMEWHERE = ["x**0.5 + y**2", "x**(1/3) + y**2", "sqrt(x) + y**2", "log(x) + y**2", "exp(x**2) + y**2",
                       "x**1.5 + y**2", "1/x + y**2", "x**y + y**2", "cosh(x) + y**2"]


@pytest.mark.parametrize("formula", UNDEFINED_SOMEWHERE)
def test_scalar_gradient_equals_numpy_where_math_raises(formula):
    s = surfaces.get(formula)
    for x, y in [(-1.0, 1.0), (0.0, 1.0), (-8.0, 0.5), (40.0, 1.0), (1000.0, 2.0), (math.inf, 1.0), (2.0, 1.0)]:
        fast = s.grad_scalar(x, y)
        assert all(type(v) is float for v in fast), (formula, x, y, fast)     # not complex, not numpy
        with np.errstate(all="ignore"):
            slow = s.grad(np.array([x, y]))
        np.testing.assert_allclose(fast, slow, rtol=1e-14, err_msg=f"{formula} at {(x, y)}")
        assert np.isnan(fast).tolist() == np.isnan(slow).tolist()


def test_fractional_power_is_nan_for_a_negative_base_not_complex():
    s = surfaces.get("x**1.5 + y**2")
    gx, gy = s.grad_scalar(-1.0, 2.0)
    assert math.isnan(gx) and gy == 4.0
    assert s.grad_scalar(4.0, 2.0) == [3.0, 4.0]      # 1.5 * 4**0.5


def test_fractional_powers_are_printed_as_math_pow():
    code = codegen.source(parse("x**1.5 + x**(1/3)*y + sqrt(y)"))
    scalar = code[code.index("def grad_scalar"):]
    assert "math.pow(x, 0.5)" in scalar and "math.pow(x, 1/3)" in scalar and "math.sqrt(y)" in scalar
    assert "**0.5" not in scalar and "**(1/3)" not in scalar


@pytest.mark.parametrize("formula, start", [
    ("x**0.5 + y**2", (-1.0, 1.0)), ("x**(1/3) + y**2", (-1.0, 1.0)), ("sqrt(x) + y**2", (-2.0, 0.5)),
    ("log(x) + y**2", (-1.0, 1.0)), ("log(x) + y**2", (0.0, 1.0)), ("exp(x**2) + y**2", (30.0, 1.0)),
])
def test_run_from_an_undefined_start_is_undefined_on_both_drivers(formula, start):
    s = surfaces.get(formula)
    single = optimizers.run(s, optimizers.create("gd:lr=0.01"), [start], 10)
    batch = optimizers.run(s, optimizers.create("gd:lr=0.01"), [start, (1.0, 0.5)], 10)
    assert single.status == ["undefined"] and batch.status == ["undefined", "ok"]
    np.testing.assert_array_equal(single.path[0, 0], start)
    assert np.isnan(single.path[1:]).all()
    np.testing.assert_array_equal(single.path[:, 0], batch.path[:, 0])
    np.testing.assert_array_equal(single.loss[:, 0], batch.loss[:, 0])


@pytest.mark.parametrize("formula, start, spec, status", [
    ("x**0.5 + y**2", (0.3, 1.0), "gd:lr=0.1", "undefined"),        # walks to x < 0, where f is undefined
    ("x**(1/3) + y**2", (0.5, 1.0), "gd:lr=0.1", "undefined"),
    ("sqrt(x) + y**2", (1.0, 0.5), "adam:lr=0.3", "undefined"),
    ("log(x) + y**2", (2.0, 1.0), "gd:lr=0.5", "undefined"),
    ("exp(x**2) + y**2", (1.2, 1.0), "gd:lr=0.5", "diverged"),      # overshoots to x = -3.9, then far out
])
def test_single_start_equals_the_batch_step_for_step_until_it_stops(formula, start, spec, status):
    s = surfaces.get(formula)
    single = optimizers.run(s, optimizers.create(spec), [start], 30)
    batch = optimizers.run(s, optimizers.create(spec), [start, (1.0, 0.5)], 30)
    assert single.status == [status] and batch.status[0] == status
    assert 1 <= single.last_finite[0] == batch.last_finite[0] < 30
    # math.pow and NumPy's power differ by an ulp now and then (the kept iterate where f is undefined shows it)
    np.testing.assert_allclose(single.path[:, 0], batch.path[:, 0], rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(single.loss[:, 0], batch.loss[:, 0], rtol=1e-14, atol=1e-16)


def test_ackley_scalar_gradient_is_zero_at_the_origin():
    s = surfaces.get("ackley")
    assert list(s.grad_scalar(0.0, 0.0)) == [0.0, 0.0]
    tr = optimizers.run(s, optimizers.create("gd:lr=0.01"), [(0.0, 0.0)], 5)
    assert tr.status == ["ok"] and (tr.path == 0).all()
