"""One compiler from a sympy expression f(x, y) to the Python functions a Surface evaluates.

It differentiates f symbolically and prints f, its gradient and its Hessian as Python source, with
common subexpressions shared (sympy's cse): NumPy versions for arrays and a ``math`` version of the
gradient for one point. Typed formulas are compiled at run time (the source comes from our own sympy
tree, never from the user's text, like ``sympy.lambdify``); the built-in surfaces are compiled ahead of
time into ``core/builtin_code.py`` (by ``tools/generate_builtins.py``, which tests check is current) so
that starting the app or the command line need not import sympy.

The ``math`` gradient gives the NumPy gradient's answer everywhere, without raising: where Python's float
arithmetic would raise (0/0, log(0), sqrt(-1), exp(1000), cos(inf)) it hands the point to the NumPy code
(NaN or inf, as for an array), and a power with a non-integer exponent is printed as ``math.pow``, which
raises there instead of returning a complex number as ``(-1.0)**0.5`` does.

The symbolic work is bounded: a product of n factors has a Hessian of about n**3 terms (51 factors took
26 s to compile), so :func:`derivatives` estimates the size of each derivative before building it, counts
it after, and refuses the formula with a FormulaError once they would pass ``MAX_DERIVATIVE_NODES``.
"""
from __future__ import annotations

import math

import numpy
import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import PythonCodePrinter

from core.errors import FormulaError
from core.formula import X, Y

FUNCTIONS = ("value", "grad", "hess", "value_grad", "grad_scalar")

# Most sympy tree nodes in the gradient and the Hessian together. Compiling costs about 30 us a node on
# the project's 2-vCPU VM. The derivatives of Goldstein-Price (the largest built-in) have about 1,200 nodes,
# those of a product of 6 linear factors 1,200, of 14 factors 18,000 (0.65 s: the longest product accepted).
MAX_DERIVATIVE_NODES = 30_000

# The generated ``math`` gradient hands a point where Python raises to the NumPy gradient (printed into
# core/builtin_code.py and run in compile_expr's namespace; numpy must be imported there).
SCALAR_HELPERS = '''def _numpy_at(fn, x, y):
    """The generated NumPy function ``fn`` at one point, as floats: NaN or inf where ``math`` raises."""
    with numpy.errstate(all="ignore"):
        return [float(v) for v in fn(numpy.float64(x), numpy.float64(y))]
'''


def derivatives(expr: sp.Expr) -> tuple[list[sp.Expr], list[sp.Expr]]:
    """[f_x, f_y] and [f_xx, f_xy, f_yy] (f_xy = f_yx: one entry, so the Hessian is exactly symmetric).

    Raises FormulaError as soon as they grow past ``MAX_DERIVATIVE_NODES`` (compiling them would be slow).
    """
    if expr.has(sp.I):          # e.g. log(-2)*x: sympy writes log(-2) as log(2) + I*pi
        raise FormulaError("the formula cannot be evaluated: {reason}",
                           reason="it is not real (the logarithm or a root of a negative number)")
    budget = _NodeBudget(MAX_DERIVATIVE_NODES)
    g = _derivatives([(expr, X), (expr, Y)], budget)
    h = _derivatives([(g[0], X), (g[0], Y), (g[1], Y)], budget)
    return g, h


class _NodeBudget:
    """The sympy tree nodes the derivatives may still take; FormulaError once more would be needed."""

    def __init__(self, limit: int):
        self.left = limit

    def need(self, nodes: int) -> None:
        if nodes > self.left:
            raise FormulaError("the formula is too complex: its derivatives would take too long to compile; "
                               "use fewer factors or a simpler expression")

    def spend(self, expr: sp.Expr) -> None:
        for _ in sp.preorder_traversal(expr):
            self.left -= 1
        self.need(0)


def _derivatives(wanted: list[tuple[sp.Expr, sp.Symbol]], budget: _NodeBudget) -> list[sp.Expr]:
    """d expr / d var for each (expr, var), refused beforehand if their estimated sizes together do not fit
    the budget: sympy's diff cannot be stopped halfway, and its time grows faster than the size of what it
    builds (the gradient of a 99-fold sin(sin(...)) takes 1.4 s, sorting deep factors)."""
    budget.need(sum(_derivative_size(expr, var) for expr, var in wanted))
    out = []
    for expr, var in wanted:
        d = _without_deltas(sp.diff(expr, var))
        if d.has(sp.I):         # e.g. cos(2)**x: its derivative holds log(cos(2)) = log(-cos(2)) + I*pi
            raise FormulaError("the formula cannot be evaluated: {reason}",
                               reason="its derivatives are not real (a negative number to a power in x or y)")
        budget.spend(d)
        out.append(d)
    return out


def _derivative_size(expr: sp.Expr, var: sp.Symbol) -> int:
    """About how many tree nodes ``diff(expr, var)`` has, from one pass over ``expr`` (no differentiating).

    It follows the rules sympy applies: a sum's derivative is the sum of the derivatives; the product rule
    copies the whole product once for each factor that depends on ``var`` (the n**2 growth of a product of n
    factors); the chain rule copies a function's argument into its derivative. It ignores the terms sympy
    merges, so it overestimates a little.
    """
    sizes: dict[sp.Basic, int] = {}
    estimates: dict[sp.Basic, int] = {}

    def size(e):
        if e not in sizes:
            sizes[e] = 1 + sum(size(a) for a in e.args)
        return sizes[e]

    def estimate(e):
        if e in estimates:
            return estimates[e]
        if e == var:
            n = 1
        elif var not in e.free_symbols:
            n = 0
        elif e.is_Add:
            n = 1 + sum(estimate(a) for a in e.args)
        elif e.is_Mul:
            n = 1 + sum(size(e) - size(a) + estimate(a) for a in e.args if var in a.free_symbols)
        elif e.is_Pow:      # b**e * (e' log(b) + b' e / b)
            n = 2 * size(e) + 2 * size(e.base) + estimate(e.base) + estimate(e.exp) + 6
        else:               # f(a): f'(a) * a', where f'(a) holds a up to a few times (tan' = 1 + tan(a)**2)
            n = 1 + sum(3 * size(a) + 4 + estimate(a) for a in e.args)
        estimates[e] = n
        return n

    return estimate(expr)


def _without_deltas(expr: sp.Expr) -> sp.Expr:
    """d/dx sign(x) is 2*DiracDelta(x): zero almost everywhere, and not printable to NumPy. sympy leaves the
    derivative of sign(x/y) unevaluated, as Derivative(sign(x/y), x): zero almost everywhere too."""
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative) and isinstance(e.expr, sp.sign), lambda e: sp.S.Zero)
    return expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)


class _MathPrinter(PythonCodePrinter):
    """Python ``math`` code that never returns a complex number: ``b**e`` with an exponent that may be
    fractional is printed as ``math.pow(b, e)``, which raises ValueError for a negative base (``(-1.0)**0.5``
    is the complex 1j). Integer powers and square roots (``math.sqrt``) are printed as sympy prints them."""

    def _print_Pow(self, expr, rational=False):
        if expr.exp.is_Integer or expr.exp in (sp.S.Half, -sp.S.Half):
            return super()._print_Pow(expr, rational=rational)
        return f"math.pow({self._print(expr.base)}, {self._print(expr.exp)})"


def _cse(exprs: list[sp.Expr]) -> tuple[list, list]:
    return sp.cse(exprs, symbols=sp.numbered_symbols("_t"))


def _body(reduced_exprs: tuple[list, list], printer, indent: str) -> list[str]:
    replacements, reduced = reduced_exprs
    lines = [f"{indent}{sym} = {printer.doprint(e)}" for sym, e in replacements]
    lines.append(f"{indent}return [{', '.join(printer.doprint(e) for e in reduced)}]")
    return lines


def _function(name: str, reduced_exprs: tuple[list, list], printer) -> str:
    return "\n".join([f"def {name}(x, y):", *_body(reduced_exprs, printer, "    ")])


def _scalar_function(name: str, reduced_exprs: tuple[list, list], fallback: str) -> str:
    """The ``math`` version; where Python raises (ZeroDivisionError, OverflowError, ValueError for a math
    domain error) the point goes to the NumPy function ``fallback``, which gives NaN or inf there."""
    printer = _MathPrinter({"fully_qualified_modules": True})
    return "\n".join([f"def {name}(x, y):", "    try:", *_body(reduced_exprs, printer, "        "),
                      "    except (ArithmeticError, ValueError):",
                      f"        return _numpy_at({fallback}, x, y)"])


def source(expr: sp.Expr, prefix: str = "", derivs: tuple[list, list] | None = None) -> str:
    """Python source of the five functions ``{prefix}value`` ... ``{prefix}grad_scalar`` of (x, y).

    ``derivs`` is ``derivatives(expr)`` if the caller has it already. The functions need ``numpy``, ``math``
    and ``SCALAR_HELPERS`` in their namespace.
    """
    g, h = derivs or derivatives(expr)
    numpy_printer = NumPyPrinter({"fully_qualified_modules": True})
    grad = _cse(g)                          # printed twice: as NumPy and as math code
    parts = [
        _function(f"{prefix}value", _cse([expr]), numpy_printer),
        _function(f"{prefix}grad", grad, numpy_printer),
        _function(f"{prefix}hess", _cse(h), numpy_printer),
        _function(f"{prefix}value_grad", _cse([expr, *g]), numpy_printer),
        _scalar_function(f"{prefix}grad_scalar", grad, fallback=f"{prefix}grad"),
    ]
    return "\n\n\n".join(parts) + "\n"


def compile_expr(expr: sp.Expr) -> dict:
    """The five functions for ``expr``, compiled now (FormulaError if its derivatives are too large)."""
    namespace = {"numpy": numpy, "math": math}
    code = SCALAR_HELPERS + "\n\n" + source(expr)
    exec(compile(code, "<optiscope formula>", "exec"), namespace)  # source printed from our own tree
    return {name: namespace[name] for name in FUNCTIONS}
