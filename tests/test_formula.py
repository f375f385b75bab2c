"""The safe formula parser: what it accepts, what it refuses and that junk only ever gives FormulaError; a typed
formula that parses compiles, evaluates and runs without any other exception, from the CLI too."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from core import optimizers, surfaces
from core.formula import MAX_LENGTH, FormulaError, X, Y, parse

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text, expected", [
    ("x^2 - y^2", X**2 - Y**2),                  # ^ is power and binds tighter than -
    ("x**2 + 3*y**2", X**2 + 3 * Y**2),
    ("-x^2", -X**2),
    ("sin(x)*cos(y)", sp.sin(X) * sp.cos(Y)),
    ("exp(-(x^2+y^2))", sp.exp(-(X**2 + Y**2))),
    ("abs(x) + sqrt(y^2 + 1)", sp.Abs(X) + sp.sqrt(Y**2 + 1)),
    ("log(1 + x^2) + tanh(y) + sinh(x) + cosh(y) + tan(x)",
     sp.log(1 + X**2) + sp.tanh(Y) + sp.sinh(X) + sp.cosh(Y) + sp.tan(X)),
    ("pi*x + e*y", sp.pi * X + sp.E * Y),
    ("2**10 * x", 1024 * X),
    ("x/2", X / 2),
])
def test_accepts_the_documented_language(text, expected):
    assert sp.simplify(parse(text) - expected) == 0


@pytest.mark.parametrize("text, words", [
    ("__import__('os').system('ls')", "not allowed"),
    ("__import__('os')", "unknown function '__import__'"),
    ("x.real", "not allowed"),
    ("(lambda: 1)()", "not allowed"),
    ("x[0]", "not allowed"),
    ("'abc'", "only numbers"),
    ("z + 1", "unknown name 'z'"),
    ("eval('1')", "unknown function 'eval'"),
    ("sin(x, y)", "exactly one argument"),
    ("sin", "is a function"),
    ("x if y else 1", "not allowed"),
    ("x < y", "not allowed"),
    ("[x for x in y]", "not allowed"),
    ("9**9**9", "too large"),
    ("2**(2**50)", "too large"),
    ("10**400 * x", "too large"),
    ("1e999 * x", "too large"),
    ("x**", "cannot read"),
    ("(x + 1", "cannot read"),
    ("1/0", "undefined"),
    ("", "empty"),
    ("x % 2", "not allowed"),
    ("x // 2", "not allowed"),
    ("True * x", "only numbers"),
    ("3j * x", "only numbers"),
    ("sin(x=1)", "exactly one argument"),
])
def test_refuses_with_a_message_that_says_what(text, words):
    with pytest.raises(FormulaError, match=None) as info:
        parse(text)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_refuses_long_and_deep_text():
    with pytest.raises(FormulaError, match="too long"):
        parse("x+" * (MAX_LENGTH // 2) + "x")
    with pytest.raises(FormulaError):
        parse("(" * 240 + "x" + ")" * 240)


def test_reports_the_column_of_the_problem():
    with pytest.raises(FormulaError, match="column 7"):
        parse("x + y*foo")


_TOKENS = ["x", "y", "1", "2.5", "pi", "e", "+", "-", "*", "/", "**", "^", "(", ")", "sin(", "log(", "sqrt(",
           ",", ".", "[", "]", "lambda", ":", "__class__", "'", "9**9**9", "1e308", "0", "abs(", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join))
def test_token_junk_never_raises_anything_but_formula_error(text):
    try:
        parse(text)
    except FormulaError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises_anything_but_formula_error(text):
    try:
        parse(text)
    except FormulaError:
        pass


# --- from text to a run: compiling, evaluating and running a typed formula ------------------------------

def _formulas():
    """Formulas as a student might type them: numbers (fractional powers, zero), x, y, pi, e, the operators and
    every allowed function, nested; wrong in ways the parser must refuse now and then (a stray ``,`` or ``.``)."""
    leaves = st.sampled_from(["x", "y", "1", "2", "0", "0.5", "1/3", "1.5", "pi", "e", "-x", "100"])
    functions = st.sampled_from(["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh"])
    operators = st.sampled_from(["+", "-", "*", "/", "**", "^"])

    def extend(inner):
        return st.one_of(
            st.tuples(inner, operators, inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
            st.tuples(functions, inner).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(inner, st.sampled_from([",", ".", ""]), inner).map(lambda t: t[0] + t[1] + t[2]),
        )

    return st.recursive(leaves, extend, max_leaves=8)


_STARTS = st.tuples(*[st.sampled_from([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5])] * 6)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(_formulas(), _STARTS, st.sampled_from(["gd:lr=0.1", "adam:lr=0.2", "nesterov:lr=0.05", "rmsprop:lr=0.01"]))
def test_typed_formula_compiles_and_runs_alike_on_one_start_and_a_batch(text, coords, spec):
    try:
        s = surfaces.get(text)
    except FormulaError:
        return
    starts = np.array(coords).reshape(3, 2)
    single = optimizers.run(s, optimizers.create(spec), starts[:1], 8)
    batch = optimizers.run(s, optimizers.create(spec), starts, 8)
    # Near the domain (far out, tan(1e88), libm and NumPy reduce a trigonometric argument differently) the float
    # gradient of the single-start driver is NumPy's, NaN and inf included, to an ulp or so of its terms (libm's
    # exp, cosh, log and pow and NumPy's vectorized ones differ by an ulp now and then) ...
    path = single.path[:, 0]
    near = np.flatnonzero((np.abs(path) <= 1e3).all(-1))
    with np.errstate(all="ignore"):
        for x, y in path[near]:
            np.testing.assert_allclose(s.grad_scalar(x, y), s.grad(np.array([x, y])), rtol=1e-9, atol=1e-9,
                                       err_msg=f"{text} at {(x, y)}")
    # ... so the two drivers agree, NaN where NaN, over the first steps (later an ulp can grow chaotically:
    # 100/tanh(sin(x)) from -2 with gd multiplies a difference by ~100 a step)
    far = np.flatnonzero((np.abs(path) > 1e3).any(-1))
    k = min(4, far[0] if far.size else 4)
    np.testing.assert_allclose(path[:k], batch.path[:k, 0], rtol=1e-8, atol=1e-12, err_msg=text)
    np.testing.assert_allclose(single.loss[:k, 0], batch.loss[:k, 0], rtol=1e-8, atol=1e-12, err_msg=text)
    for tr in (single, batch):
        last = int(tr.last_finite[0])
        assert np.isfinite(tr.path[:last + 1, 0]).all() and np.isnan(tr.path[last + 1:, 0]).all()
        assert np.isfinite(tr.loss[:last, 0]).all()
        assert tr.status[0] == ("undefined" if not np.isfinite(tr.loss[last, 0]) else
                                "ok" if last == 8 else "diverged")


@pytest.mark.slow
def test_cli_run_on_a_fractional_power_from_where_it_is_undefined_reports_an_undefined_run():
    proc = subprocess.run([sys.executable, "main.py", "run", "--surface", "x**0.5 + y**2", "--optimizer", "gd",
                           "--start", "-1,1"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    run = json.loads(proc.stdout)["runs"][0]
    assert run["status"] == "undefined"
    assert run["path"] == [[-1.0, 1.0]] and run["loss"] == [None]     # the start is kept; f(-1, 1) is undefined
