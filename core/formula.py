"""The safe formula parser: text in x and y -> a sympy expression, or FormulaError.

User text never reaches ``eval``, ``sympify`` or ``parse_expr`` (they execute code). Python's own
``ast.parse`` only parses; we walk the tree against a whitelist and build the sympy objects ourselves.

Accepted: numbers, ``x``, ``y``, ``pi``, ``e``, ``+ - * / **`` (``^`` is read as power), parentheses and the
functions ``sin cos tan exp log sqrt abs tanh sinh cosh`` with one argument each.
"""
from __future__ import annotations

import ast
import math

import sympy as sp

from core.errors import FormulaError

X, Y = sp.symbols("x y", real=True)
MAX_LENGTH = 500
MAX_EXPONENT = 100          # |n| in x**n; 9**9**9 would hang sympy's exact integer arithmetic
MAX_LITERAL = 1e300         # beyond this a number would overflow float64 on evaluation

NAMES = {"x": X, "y": Y, "pi": sp.pi, "e": sp.E}
FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt,
    "abs": sp.Abs, "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh,
}
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


def parse(text: str) -> sp.Expr:
    """Parse a formula in ``x`` and ``y`` into a sympy expression.

    >>> parse("x^2 - 3*y**2")
    x**2 - 3*y**2

    Raises FormulaError for anything outside the whitelist, naming the offending part and its column.
    """
    if not isinstance(text, str):
        raise FormulaError("the formula must be text")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is too long ({len(text)} characters, at most {MAX_LENGTH})")
    if not text.strip():
        raise FormulaError("the formula is empty; type an expression in x and y, e.g. x**2 + 3*y**2")
    source = text.strip().replace("^", "**")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise FormulaError(f"cannot read the formula{where}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("cannot read the formula: it is nested too deeply or holds invalid characters") from None
    try:
        expr = _build(tree.body)
    except RecursionError:
        raise FormulaError("the formula is nested too deeply") from None
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise FormulaError("the formula is undefined everywhere (a division by zero or an infinite constant)")
    if not expr.free_symbols <= {X, Y}:  # pragma: no cover - guaranteed by the whitelist
        raise FormulaError("the formula may only use x and y")
    return expr


def _where(node: ast.AST) -> str:
    return f" at column {node.col_offset + 1}" if hasattr(node, "col_offset") else ""


def _build(node: ast.AST) -> sp.Expr:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormulaError(f"only numbers are allowed as constants, not {value!r}{_where(node)}")
        if not math.isfinite(value) or abs(value) > MAX_LITERAL:
            raise FormulaError(f"the number {node.value!r} is too large{_where(node)}")
        return sp.Integer(value) if isinstance(value, int) else sp.Float(value)
    if isinstance(node, ast.Name):
        if node.id in NAMES:
            return NAMES[node.id]
        if node.id in FUNCTIONS:
            raise FormulaError(f"{node.id} is a function: write {node.id}(...){_where(node)}")
        raise FormulaError(f"unknown name '{node.id}'{_where(node)}; use x, y, pi, e and "
                           f"the functions {', '.join(FUNCTIONS)}")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        operand = _build(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _build(node.left), _build(node.right)
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        return _power(left, right, node)
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise FormulaError(f"'{_describe(node)}' is not allowed in a formula{_where(node)}; "
                               f"call only {', '.join(FUNCTIONS)} by name")
        if node.func.id not in FUNCTIONS:
            raise FormulaError(f"unknown function '{node.func.id}'{_where(node)}; allowed: {', '.join(FUNCTIONS)}")
        if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            raise FormulaError(f"{node.func.id}() takes exactly one argument{_where(node)}")
        return FUNCTIONS[node.func.id](_build(node.args[0]))
    raise FormulaError(f"'{_describe(node)}' is not allowed in a formula{_where(node)}; "
                       "use numbers, x, y, + - * / ** ^, parentheses and the listed functions")


def _power(base: sp.Expr, exponent: sp.Expr, node: ast.AST) -> sp.Expr:
    if exponent.is_Number and abs(float(exponent)) > MAX_EXPONENT:
        raise FormulaError(f"the exponent {exponent} is too large (at most {MAX_EXPONENT}){_where(node)}")
    if base.is_Number and exponent.is_Number and float(base) != 0:
        # A pure number: refuse what would overflow a float instead of computing a huge exact integer.
        if abs(float(exponent)) * math.log10(abs(float(base))) > 300:
            raise FormulaError(f"the number {base}**{exponent} is too large{_where(node)}")
    if not exponent.is_Number and exponent.free_symbols == set() and base.free_symbols == set():
        # e.g. 2**(2**50): evaluate the size before sympy tries to compute it exactly
        try:
            size = abs(float(exponent)) * math.log10(max(abs(float(base)), 1e-300))
        except (TypeError, ValueError, OverflowError):
            size = math.inf
        if size > 300:
            raise FormulaError(f"the number is too large{_where(node)}")
    return base**exponent


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:40]
    except Exception:  # pragma: no cover - unparse handles every parsed node
        return type(node).__name__
