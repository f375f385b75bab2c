"""Loss surfaces f(x, y) with exact, vectorized gradients and Hessians.

Every surface, built-in or typed, is one formula; its gradient and Hessian are differentiated
symbolically and printed as NumPy code by ``core.codegen`` (from our own sympy tree, never user text).
The built-ins come compiled ahead of time (``core/builtin_code.py``), so using them needs no sympy.
All methods take ``xy`` of shape (..., 2) and return float64 arrays of shape (...), (..., 2), (..., 2, 2).

>>> s = get("rosenbrock")
>>> float(s.value(np.array([1.0, 1.0])))
0.0
"""
from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from core import analysis
from core.errors import FormulaError, UserInputError

Domain = tuple[tuple[float, float], tuple[float, float]]
DEFAULT_DOMAIN: Domain = ((-3.0, 3.0), (-3.0, 3.0))


@dataclass(frozen=True)
class _Builtin:
    formula: str
    domain: Domain
    minima: tuple[tuple[float, float], ...] = ()   # known global minima, for tests and reference
    description: str = ""


_GOLDSTEIN_PRICE = (
    "(1 + (x + y + 1)**2*(19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2))"
    "*(30 + (2*x - 3*y)**2*(18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))"
)
_ACKLEY = "-20*exp(-0.2*sqrt(0.5*(x**2 + y**2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20"
_SQ = ((-5.0, 5.0), (-5.0, 5.0))

BUILTINS: dict[str, _Builtin] = {
    "bowl": _Builtin("x**2 + y**2", ((-3, 3), (-3, 3)), ((0, 0),), "round quadratic bowl"),
    "ravine": _Builtin("0.1*x**2 + 2*y**2", ((-10, 10), (-5, 5)), ((0, 0),),
                       "ill-conditioned quadratic (condition number 20): GD zig-zags"),
    "rosenbrock": _Builtin("(1 - x)**2 + 100*(y - x**2)**2", ((-2, 2), (-1, 3)), ((1, 1),),
                           "curved narrow valley"),
    "beale": _Builtin("(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
                      ((-4.5, 4.5), (-4.5, 4.5)), ((3, 0.5),), "flat plateaus and sharp ridges"),
    "himmelblau": _Builtin("(x**2 + y - 11)**2 + (x + y**2 - 7)**2", _SQ,
                           ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
                           "four equal minima"),
    "booth": _Builtin("(x + 2*y - 7)**2 + (2*x + y - 5)**2", ((-10, 10), (-10, 10)), ((1, 3),),
                      "tilted quadratic"),
    "matyas": _Builtin("0.26*(x**2 + y**2) - 0.48*x*y", ((-10, 10), (-10, 10)), ((0, 0),),
                       "flat, strongly correlated quadratic"),
    "six_hump_camel": _Builtin("(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2", ((-3, 3), (-2, 2)),
                               ((0.0898, -0.7126), (-0.0898, 0.7126)), "six local minima, two global"),
    "three_hump_camel": _Builtin("2*x**2 - 1.05*x**4 + x**6/6 + x*y + y**2", _SQ, ((0, 0),),
                                 "three minima"),
    "goldstein_price": _Builtin(_GOLDSTEIN_PRICE, ((-2, 2), (-2, 2)), ((0, -1),), "values over many decades"),
    "styblinski_tang": _Builtin("0.5*(x**4 - 16*x**2 + 5*x + y**4 - 16*y**2 + 5*y)", _SQ,
                                ((-2.903534, -2.903534),), "four minima of different depths"),
    "rastrigin": _Builtin("20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)", ((-5.12, 5.12), (-5.12, 5.12)),
                          ((0, 0),), "a bowl covered in local minima"),
    "ackley": _Builtin(_ACKLEY, _SQ, ((0, 0),), "many local minima around a sharp global one"),
    "saddle": _Builtin("x**2 - y**2", ((-2, 2), (-2, 2)), (), "the classic saddle point"),
    "monkey_saddle": _Builtin("x**3 - 3*x*y**2", ((-2, 2), (-2, 2)), (), "degenerate saddle (zero Hessian)"),
    "saddle_escape": _Builtin("x**2 + 0.25*y**4 - 0.5*y**2", ((-2, 2), (-2, 2)), ((0, 1), (0, -1)),
                              "a saddle at the origin between two minima"),
}


def names() -> list[str]:
    """The built-in surface names, in catalogue order."""
    return list(BUILTINS)


def _vectorized(fn: Callable) -> Callable:
    """A generated function of (x, y) returning a list of float arrays shaped like x.

    Constant entries (e.g. the Hessian of x**2 - y**2) come back as scalars: fill them out.
    """
    def evaluate(x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
        out = []
        for a in fn(x, y):
            a = np.asarray(a, dtype=float)
            out.append(a if a.shape == x.shape else np.full(x.shape, a))
        return out

    return evaluate


@dataclass(eq=False)
class Surface:
    """A loss surface f(x, y) with exact derivatives. Build with :func:`get`."""

    name: str
    formula: str
    domain: Domain
    functions: dict = field(repr=False)     # the five compiled functions of core.codegen
    minima: tuple[tuple[float, float], ...] = ()
    description: str = ""

    def __post_init__(self):
        fns = self.functions
        self._value = _vectorized(fns["value"])
        self._grad = _vectorized(fns["grad"])
        self._value_grad = _vectorized(fns["value_grad"])
        self._hess = _vectorized(fns["hess"])
        # Plain-float gradient for the single-start fast path (one point is far cheaper without NumPy).
        # It never raises: where Python's math would, it returns NumPy's answer (NaN or inf).
        self.grad_scalar = fns["grad_scalar"]

    @property
    def expr(self):
        """The formula as a sympy expression (imports sympy on first use)."""
        from core.formula import parse

        return parse(self.formula)

    # -- vectorized evaluation --------------------------------------------------------------------
    def value(self, xy) -> np.ndarray:
        x, y = _split(xy)
        with np.errstate(all="ignore"):
            return self._fix_origin(self._value(x, y)[0], x, y, "value")

    def grad(self, xy) -> np.ndarray:
        x, y = _split(xy)
        with np.errstate(all="ignore"):
            return self._fix_origin(np.stack(self._grad(x, y), axis=-1), x, y, "grad")

    def hessian(self, xy) -> np.ndarray:
        x, y = _split(xy)
        with np.errstate(all="ignore"):
            hxx, hxy, hyy = self._hess(x, y)
            h = np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)
        return self._fix_origin(h, x, y, "hessian")

    def value_and_grad_rows(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(f, [gx, gy]) for same-shaped x, y, the gradient as a (2, ...) array: the batched driver's hot path.

        One compiled function shares the common subexpressions of f and its gradient; rows keep each
        component contiguous. The caller holds ``np.errstate``.
        """
        f, gx, gy = self._value_grad(x, y)
        return f, np.stack([gx, gy])

    def _fix_origin(self, a: np.ndarray, x, y, what: str) -> np.ndarray:
        return a

    def __str__(self) -> str:
        return f"{self.name}: {self.formula}"


class _Ackley(Surface):
    """Ackley's cone term sqrt(x**2 + y**2) has no derivative at the origin (0/0).

    There the gradient is defined as 0 (the minimal subgradient, by symmetry) and the Hessian as that of the
    smooth cosine part, so the global minimum is a finite, positive-definite critical point.
    """

    # The smooth part -exp(0.5 (cos 2 pi x + cos 2 pi y)) has f_xx = f_yy = 2 pi^2 e and f_xy = 0 at the origin.
    _HESSIAN_AT_ORIGIN = np.diag([2 * np.pi**2 * np.e] * 2)

    def __post_init__(self):
        super().__post_init__()
        compiled = self.grad_scalar     # NaN at the origin (0/0), like the NumPy gradient before _fix_origin

        def grad_scalar(x: float, y: float) -> Sequence[float]:
            return [0.0, 0.0] if x == 0 and y == 0 else compiled(x, y)

        self.grad_scalar = grad_scalar

    def value_and_grad_rows(self, x, y):
        xy = np.stack([x, y], axis=-1)
        return self.value(xy), np.moveaxis(self.grad(xy), -1, 0)

    def _fix_origin(self, a, x, y, what):
        at_origin = (x == 0) & (y == 0)
        if not np.any(at_origin):
            return a
        a = np.array(a, dtype=float)
        if what == "grad":
            a[at_origin] = 0.0
        elif what == "hessian":
            a[at_origin] = self._HESSIAN_AT_ORIGIN
        else:
            a[at_origin] = 0.0  # -20 - e + e + 20
        return a


def _split(xy) -> tuple[np.ndarray, np.ndarray]:
    xy = np.asarray(xy, dtype=float)
    if xy.shape[-1:] != (2,):
        raise ValueError(f"points must have shape (..., 2), got {xy.shape}")
    return xy[..., 0], xy[..., 1]


_BUILTIN_CACHE: dict[str, Surface] = {}      # the built-ins on their own domains: a fixed, small set
_CACHE: OrderedDict[tuple[str, Domain | None], Surface] = OrderedDict()   # the rest, least recently used first
CACHE_SIZE = 32       # typed formulas (each compiled in 10-1000 ms) and built-ins on other domains


def get(name_or_formula: str, domain: Domain | None = None) -> Surface:
    """A built-in surface by name, or a surface from a formula in x and y, on ``domain`` if given.

    Without a domain a built-in has its own; a formula gets one fitted to the critical points found on a wide
    box (``analysis.fitted_domain``), else DEFAULT_DOMAIN.

    Raises FormulaError (a ValueError) with a one-line message for text that is neither.
    """
    if domain is None and isinstance(name_or_formula, str) and name_or_formula in BUILTINS:
        if name_or_formula not in _BUILTIN_CACHE:
            _BUILTIN_CACHE[name_or_formula] = _make(name_or_formula, None)
        return _BUILTIN_CACHE[name_or_formula]
    key = (name_or_formula, domain)
    if key in _CACHE:
        _CACHE.move_to_end(key)
    else:
        _CACHE[key] = _make(name_or_formula, domain)
        if len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return _CACHE[key]


def _make(text: str, domain: Domain | None) -> Surface:
    if not isinstance(text, str):
        raise FormulaError("a surface is a built-in name or a formula in x and y")
    name = text.strip()
    if name in BUILTINS:
        b = BUILTINS[name]
        cls = _Ackley if name == "ackley" else Surface
        return cls(name, b.formula, _check_domain(domain or b.domain), _builtin_functions(name), b.minima,
                   b.description)
    from core.codegen import compile_expr
    from core.formula import parse

    try:
        expr = parse(text)
    except FormulaError:
        if name.isidentifier() and name not in ("x", "y", "pi", "e"):
            raise FormulaError("unknown surface '{name}': not a built-in ({builtins}) nor a formula in x and y",
                               name=name, builtins=", ".join(BUILTINS)) from None
        raise
    try:
        functions = compile_expr(expr)
    except NotImplementedError as exc:   # sympy has no code for a part of a derivative (im(x**x) of abs(x**x))
        part = str(exc).rsplit(": ", 1)[-1].splitlines()[0]
        raise FormulaError("the formula cannot be evaluated: {reason}",
                           reason=f"its derivatives need '{part}', which has no numeric code") from None
    surface = Surface("custom", _canonical(text), _check_domain(domain or DEFAULT_DOMAIN), functions)
    _check_evaluates(surface)
    if domain is None:      # a typed formula has no domain of its own: one that holds its critical points
        surface.domain = analysis.fitted_domain(surface)
    return surface


def _builtin_functions(name: str) -> dict:
    from core import builtin_code

    return {fn: getattr(builtin_code, f"{name}__{fn}")
            for fn in ("value", "grad", "hess", "value_grad", "grad_scalar")}


def _canonical(text: str) -> str:
    return " ".join(text.replace("^", "**").split())


def _check_domain(domain) -> Domain:
    try:
        (x0, x1), (y0, y1) = ((float(a), float(b)) for a, b in domain)
    except (TypeError, ValueError):
        raise UserInputError("a domain is ((xmin, xmax), (ymin, ymax))") from None
    if not all(map(math.isfinite, (x0, x1, y0, y1))) or not (x0 < x1 and y0 < y1):
        raise UserInputError("a domain needs finite xmin < xmax and ymin < ymax")
    return (x0, x1), (y0, y1)


def _check_evaluates(surface: Surface) -> None:
    """Refuse a formula whose compiled code cannot run (e.g. a constant too large for float64)."""
    (x0, x1), (y0, y1) = surface.domain
    probe = np.stack(np.meshgrid(np.linspace(x0, x1, 5), np.linspace(y0, y1, 5)), -1)
    try:
        surface.value(probe), surface.grad(probe), surface.hessian(probe)
        surface.grad_scalar(float(probe[1, 1, 0]), float(probe[1, 1, 1]))
    except Exception as exc:  # anything the compiled expression raises means the formula is unusable
        raise FormulaError("the formula cannot be evaluated: {reason}", reason=str(exc)) from None
