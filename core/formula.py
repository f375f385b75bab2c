"""The safe formula parser: text in x and y -> a sympy expression, or FormulaError.

User text never reaches ``eval``, ``sympify`` or ``parse_expr`` (they execute code). Python's own
``ast.parse`` only parses; we walk the tree against a whitelist and build the sympy objects ourselves.

Accepted: numbers, ``x``, ``y``, ``pi``, ``e``, ``+ - * / **`` (``^`` is read as power), parentheses and the
functions ``sin cos tan exp log sqrt abs tanh sinh cosh`` with one argument each.
"""
from __future__ import annotations

import ast
import math
import re

import sympy as sp

from core.errors import FormulaError, Message

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
        raise FormulaError("the formula is too long ({count} characters, at most {limit})", count=len(text),
                           limit=MAX_LENGTH)
    if not text.strip():
        raise FormulaError("the formula is empty; type an expression in x and y, e.g. x**2 + 3*y**2")
    _check_characters(text)
    source = text.strip().replace("^", "**")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        reason = _syntax_reason(exc.msg)
        if exc.offset:
            raise FormulaError("cannot read the formula at column {column}: {reason}", column=exc.offset,
                               reason=reason) from None
        raise FormulaError("cannot read the formula: {reason}", reason=reason) from None
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


def _check_characters(text: str) -> None:
    """Refuse characters Python's parser would accept but that are no part of a formula.

    A comment (``#``) or a backslash continuation would hide text, or change its meaning once the canonical
    one-line form joins the whitespace runs (``surfaces._canonical``); ``;`` and control characters are no
    maths; a lone surrogate cannot be written out as UTF-8. Line breaks and tabs are whitespace.
    """
    for i, char in enumerate(text.strip()):
        code = ord(char)
        if char in "#\\;" or (code < 32 and char not in " \t\n\r") or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000:
            shown = repr(char)[1:-1] if char != "\\" else "\\"
            raise FormulaError("the character '{char}' (U+{code}) is not allowed in a formula at column {column}",
                               char=shown, code=f"{code:04X}", column=i + 1 + (len(text) - len(text.lstrip())))


def _syntax_reason(msg: str) -> Message | str:
    """Python's words for a typo, as a translatable phrase where it is one of the usual ones (else as is)."""
    if msg == "invalid syntax":
        return Message("invalid syntax")
    if msg == "invalid decimal literal":               # e.g. 2x
        return Message("invalid decimal literal")
    if m := re.fullmatch(r"'(.)' was never closed", msg):
        return Message("'{bracket}' was never closed", bracket=m[1])
    if m := re.fullmatch(r"unmatched '(.)'", msg):
        return Message("unmatched '{bracket}'", bracket=m[1])
    if m := re.fullmatch(r"invalid character '(.)' \((U\+[0-9A-F]+)\)", msg):   # e.g. a copied − or ²
        return Message("invalid character '{char}' ({code})", char=m[1], code=m[2])
    return msg


def _column(node: ast.expr) -> int:
    """The 1-based column of ``node`` in the formula (every expression node has one)."""
    return node.col_offset + 1


def _build(node: ast.AST) -> sp.Expr:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormulaError("only numbers are allowed as constants, not {value} at column {column}",
                               value=repr(value), column=_column(node))
        # compare before any float(): a 400-digit integer would raise OverflowError there
        if abs(value) > MAX_LITERAL or not math.isfinite(value):
            raise FormulaError("the number {value} is too large at column {column}", value=_shown(value),
                               column=_column(node))
        return sp.Integer(value) if isinstance(value, int) else sp.Float(value)
    if isinstance(node, ast.Name):
        if node.id in NAMES:
            return NAMES[node.id]
        if node.id in FUNCTIONS:
            raise FormulaError("{name} is a function: write {name}(...) at column {column}", name=node.id,
                               column=_column(node))
        raise FormulaError("unknown name '{name}' at column {column}; use x, y, pi, e and the functions {functions}",
                           name=node.id, column=_column(node), functions=", ".join(FUNCTIONS))
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
            raise FormulaError("'{part}' is not allowed in a formula at column {column}; call only {functions} by "
                               "name", part=_describe(node), column=_column(node), functions=", ".join(FUNCTIONS))
        if node.func.id not in FUNCTIONS:
            raise FormulaError("unknown function '{name}' at column {column}; allowed: {functions}", name=node.func.id,
                               column=_column(node), functions=", ".join(FUNCTIONS))
        if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            raise FormulaError("{name}() takes exactly one argument at column {column}", name=node.func.id,
                               column=_column(node))
        return _real(FUNCTIONS[node.func.id](_build(node.args[0])), node)
    raise FormulaError("'{part}' is not allowed in a formula at column {column}; use numbers, x, y, + - * / ** ^, "
                       "parentheses and the listed functions", part=_describe(node), column=_column(node))


def _power(base: sp.Expr, exponent: sp.Expr, node: ast.AST) -> sp.Expr:
    if exponent.is_Number and abs(float(exponent)) > MAX_EXPONENT:
        raise FormulaError("the exponent {exponent} is too large (at most {limit}) at column {column}",
                           exponent=str(exponent), limit=MAX_EXPONENT, column=_column(node))
    if base.is_Number and exponent.is_Number and float(base) != 0:
        # A pure number: refuse what would overflow a float instead of computing a huge exact integer.
        if abs(float(exponent)) * math.log10(abs(float(base))) > 300:
            raise FormulaError("the number {power} is too large at column {column}", power=f"{base}**{exponent}",
                               column=_column(node))
    if not exponent.is_Number and exponent.free_symbols == set() and base.free_symbols == set():
        # e.g. 2**(2**50): evaluate the size before sympy tries to compute it exactly
        try:
            size = abs(float(exponent)) * math.log10(max(abs(float(base)), 1e-300))
        except (TypeError, ValueError, OverflowError):
            size = math.inf
        if size > 300:
            raise FormulaError("the number is too large at column {column}", column=_column(node))
    return _real(base**exponent, node)


def _real(value: sp.Expr, node: ast.AST) -> sp.Expr:
    """``value`` if it can be real; a constant that is not (sqrt(-1), log(-2), (-8)**(1/3)) is refused here
    rather than turning into complex numbers in the compiled code."""
    if not value.free_symbols and value.is_extended_real is False:
        raise FormulaError("'{part}' is not real (a complex number) at column {column}", part=_describe(node),
                           column=_column(node))
    return value


def _shown(value: int | float) -> str:
    """A number for a message: as written, or its first digits and length if it is long."""
    text = repr(value)
    return text if len(text) <= 30 else f"{text[:12]}… ({len(text)} digits)"


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:40]
    except Exception:  # pragma: no cover - unparse handles every parsed node
        return type(node).__name__
