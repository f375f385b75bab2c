"""Computational graphs typed by a student: text -> :class:`Graph`, or :class:`GraphError` naming line and column.

A graph file has one statement a line; ``#`` starts a comment::

    input i1 = 0.05          # a value fed in (targets are inputs too)
    param w1 = 0.15          # a trainable parameter: differentiated and updated
    net_h1 = w1*i1 + w2*i2 + b1        # an intermediate node, named by the student
    out_h1 = sigmoid(net_h1)
    loss E = 0.5*(t1 - out_o1)^2       # exactly one loss, the last statement

Expressions: numbers, names defined on earlier lines, ``+ - * / ** ^`` (``^`` is power), parentheses and the
functions in :data:`FUNCTIONS`. An input's or a parameter's value is a number. Like core/formula.py, the text is
parsed by Python's ``ast`` and walked against a whitelist: nothing is ever evaluated as code. A name must be
defined before it is used, so a graph cannot have a cycle. Every error is one line naming the line and column.

The numbers (forward values, exact gradients by reverse mode, gradient descent, answer checking) are in
core/backprop.py (``backprop.evaluate(graph)``), which imports this module, never the reverse.
Qt-free, and sympy-free (the command line is fast).
"""
from __future__ import annotations

import ast
import keyword
import math
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from core.errors import Message, UserInputError

MAX_FILE_BYTES = 100_000     # a homework network is a few hundred bytes
MAX_LINES = 2000             # lines of the file, comments included
MAX_NAMES = 500              # statements (inputs, parameters, nodes, the loss)
MAX_LINE_LENGTH = 1000
MAX_NAME_LENGTH = 64
MAX_DEPTH = 200              # nesting of one expression (a sum of n terms is n deep): keeps recursion bounded
MAX_EXPONENT = 1000          # |n| in a**n for a number n
MAX_LITERAL = 1e300          # beyond this a number overflows float64 arithmetic at once
LEAKY_RELU_SLOPE = 0.01      # leaky_relu(z) = leaky_relu(z, 0.01), as torch.nn.functional.leaky_relu

KINDS = ("input", "param", "node", "loss")
# name -> number of arguments (leaky_relu's second one, its slope, is a number and optional)
FUNCTIONS = {"exp": 1, "log": 1, "sqrt": 1, "abs": 1, "tanh": 1, "sin": 1, "cos": 1, "sigmoid": 1, "relu": 1,
             "leaky_relu": 2, "softplus": 1, "max": 2, "min": 2}
# A typed formula (core/formula.py) may also use these, and the constants pi and e.
FORMULA_FUNCTIONS = {**FUNCTIONS, "tan": 1, "sinh": 1, "cosh": 1}
_RESERVED = {"input", "param", "loss", "pi", "e"}

_STATEMENT = re.compile(r"(?:(input|param|loss)\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "^"}
# Printing precedence: + - < * / < unary minus < ^ < atoms and calls.
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}


class GraphError(UserInputError):
    """A graph that cannot be used: one line, ``line L, column C: what is wrong``.

    ``GraphError(line, column, template, **values)``; ``line`` and ``column`` are None for the file as a whole
    (unreadable, too large). ``detail`` is the message without the place.
    """

    TEMPLATE_ARG = 2

    def __init__(self, line: int | None, column: int | None, template: str | Message, /, *args, **kwargs):
        self.line, self.column = line, column
        self.detail = template if isinstance(template, Message) else Message(template, *args, **kwargs)
        if line is None:
            super().__init__(self.detail)
        else:
            super().__init__("line {line}, column {column}: {detail}", line=line, column=column,
                             detail=self.detail)


class Expr(NamedTuple):
    """A parsed expression: ``op`` is "num" (``value``), "name" (``name``), "neg", one of ``+ - * / ^``, or a
    function name; ``args`` are sub-expressions. leaky_relu keeps its slope in ``value``."""

    op: str
    args: tuple = ()
    value: float = 0.0
    name: str = ""


@dataclass(frozen=True)
class Node:
    """One statement of a graph.

    ``expr`` is the expression as typed, written canonically (``0.5*(t1 - o1)^2``); for an input or a parameter
    it is its number. ``inputs`` are the names it reads, in order of first use. ``value`` is the given value of an
    input or a parameter (None for a node or the loss). ``label`` is what a drawing shows in the box: the name, or
    for a graph built from a typed formula the sub-expression in x and y it stands for.
    """

    name: str
    kind: str                       # "input" | "param" | "node" | "loss"
    expr: str
    inputs: tuple[str, ...]
    line: int
    value: float | None = None
    label: str = ""
    tree: Expr | None = field(default=None, repr=False, compare=False)   # None for an input or a parameter


@dataclass(frozen=True)
class Graph:
    """A computational graph: its nodes in file order (every name is defined before it is used)."""

    nodes: tuple[Node, ...]
    source: str = "<graph>"         # the file it was read from, or a description

    @property
    def loss(self) -> Node:
        return next(n for n in self.nodes if n.kind == "loss")

    @property
    def params(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.kind == "param")

    @property
    def inputs(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.kind == "input")

    def node(self, name: str) -> Node:
        """The node called ``name`` (KeyError if there is none)."""
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    def defaults(self) -> dict[str, float]:
        """The given values of the inputs and parameters, by name."""
        return {n.name: n.value for n in self.nodes if n.kind in ("input", "param")}


# --- reading ------------------------------------------------------------------------------------

def load(path: str | os.PathLike) -> Graph:
    """Read and parse a graph file; GraphError for anything wrong with the file or its text."""
    return parse(read_text(path), source=str(path))


def read_text(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a small regular UTF-8 file (a graph, a student's answers), or GraphError saying why not."""
    from core.files import FileTooLarge, NotARegularFile, read_limited

    path = Path(path)
    try:
        raw = read_limited(path, limit)     # the one reader: never blocks on a FIFO, never reads past the limit
    except NotARegularFile:
        raise GraphError(None, None, "{path} is not a regular file", path=str(path)) from None
    except FileTooLarge:
        raise GraphError(None, None, "{name} is too large (at most {limit} bytes)", name=path.name,
                         limit=limit) from None
    except OSError as exc:
        raise GraphError(None, None, "cannot read {path}: {reason}", path=str(path),
                         reason=str(exc.strerror or exc)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GraphError(None, None, "{name} is not a text (UTF-8) file", name=path.name) from None


def parse(text: str, source: str = "<graph>") -> Graph:
    """Parse graph text into a Graph, or raise GraphError naming the line and column of the first problem.

    >>> g = parse("param w = 2\\ninput x = 3\\nloss L = (w*x - 1)^2")
    >>> [n.expr for n in g.nodes], g.loss.inputs
    (['2', '3', '(w*x - 1)^2'], ('w', 'x'))
    """
    if not isinstance(text, str):
        raise GraphError(None, None, "a graph must be text")
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise GraphError(MAX_LINES + 1, 1, "the graph has too many lines ({count}, at most {limit})",
                         count=len(lines), limit=MAX_LINES)
    statements = []          # (line number, kind, name, column of the name, expression text, its column)
    for number, raw in enumerate(lines, 1):
        if len(raw) > MAX_LINE_LENGTH:
            raise GraphError(number, MAX_LINE_LENGTH + 1, "the line is too long ({count} characters, at most "
                             "{limit})", count=len(raw), limit=MAX_LINE_LENGTH)
        line = raw.split("#", 1)[0]
        bad = next((i for i, ch in enumerate(line) if not (ch.isascii() and (ch.isprintable() or ch == "\t"))),
                   None)
        if bad is not None:
            raise GraphError(number, bad + 1, "invalid character '{char}' ({code}); write plain ASCII, e.g. - "
                             "for a minus sign", char=line[bad], code=f"U+{ord(line[bad]):04X}")
        if not line.strip():
            continue
        start = len(line) - len(line.lstrip())
        m = _STATEMENT.match(line, start)
        if m is None:
            raise GraphError(number, start + 1, "expected 'NAME = expression', 'input NAME = number', "
                             "'param NAME = number' or 'loss NAME = expression'")
        statements.append((number, m[1] or "node", m[2], m.start(2) + 1, line[m.end():], m.end() + 1))
        if len(statements) > MAX_NAMES:
            raise GraphError(number, 1, "the graph has too many statements (at most {limit})", limit=MAX_NAMES)
    first_line = {}
    for number, _, name, _, _, _ in statements:
        first_line.setdefault(name, number)

    nodes: list[Node] = []
    defined: dict[str, int] = {}
    loss_line = None
    for number, kind, name, name_col, body, body_col in statements:
        if loss_line is not None:
            raise GraphError(number, 1, "the loss must be the last statement (the loss is on line {loss_line})",
                             loss_line=loss_line)
        _check_name(name, number, name_col, defined)
        reader = _Reader(number, body_col, names=defined, later=first_line, functions=FUNCTIONS, own=name)
        tree = reader.read(body)
        if kind in ("input", "param"):
            value = _number_of(tree)
            if value is None:
                raise GraphError(number, body_col + len(body) - len(body.lstrip()),
                                 "the value of {kind} '{name}' must be a number", kind=kind, name=name)
            nodes.append(Node(name, kind, to_text(tree), (), number, value, name))
        else:
            if kind == "loss":
                loss_line = number
            nodes.append(Node(name, kind, to_text(tree), names_in(tree), number, None, name, tree))
        defined[name] = number
    if loss_line is None:
        raise GraphError(max(len(lines), 1), 1, "the graph has no loss; mark its output with 'loss NAME = "
                         "expression'")
    return Graph(tuple(nodes), source)


def _check_name(name: str, line: int, column: int, defined: dict[str, int]) -> None:
    if len(name) > MAX_NAME_LENGTH:
        raise GraphError(line, column, "the name is too long (at most {limit} characters)", limit=MAX_NAME_LENGTH)
    if name in FORMULA_FUNCTIONS or name in _RESERVED or keyword.iskeyword(name):
        raise GraphError(line, column, "'{name}' is a reserved word; choose another name", name=name)
    if name in defined:
        raise GraphError(line, column, "'{name}' is already defined on line {first}; a name is defined once",
                         name=name, first=defined[name])


def from_formula(text: str, at: tuple[float, float] = (0.0, 0.0)) -> Graph:
    """The computational graph of a typed formula in x and y (as core/formula.py reads it).

    The parameters are x and y (with the values ``at``); every operation and function call as typed is a node
    (nothing is simplified, a repeated sub-expression is two nodes), named s1, s2, ... in evaluation order, the
    whole formula is the loss f. Each node's ``label`` is its sub-expression in x and y.

    >>> [(n.name, n.expr, n.label) for n in from_formula("x^2 + 3*y").nodes][2:]
    [('s1', 'x^2', 'x^2'), ('s2', '3*y', '3*y'), ('f', 's1 + s2', 'x^2 + 3*y')]
    """
    if not isinstance(text, str) or len(text) > MAX_LINE_LENGTH:
        raise GraphError(1, MAX_LINE_LENGTH + 1, "the formula is too long (at most {limit} characters)",
                         limit=MAX_LINE_LENGTH)
    bad = next((i for i, ch in enumerate(text) if not (ch.isascii() and ch.isprintable())), None)
    if bad is not None:
        raise GraphError(1, bad + 1, "invalid character '{char}' ({code})", char=text[bad],
                         code=f"U+{ord(text[bad]):04X}")
    tree = _Reader(1, 1, names={"x": 0, "y": 0}, later={}, functions=FORMULA_FUNCTIONS, constants=True).read(text)
    x, y = (float(v) for v in at)
    nodes = [Node(name, "param", repr(v).removesuffix(".0"), (), 1, v, name) for name, v in (("x", x), ("y", y))]

    def split(e: Expr) -> Expr:
        """Replace every operation below the top of ``e`` by a reference to a new node, children first."""
        if e.op in ("num", "name"):
            return e
        args = tuple(a if a.op == "name" or not names_in(a) else _ref(node_for(a)) for a in e.args)
        return e._replace(args=args)      # a constant sub-expression (-3, 2*pi) stays inside its node

    def node_for(e: Expr) -> str:
        local = split(e)
        name = f"s{len(nodes) - 1}"
        nodes.append(Node(name, "node", to_text(local), names_in(local), 1, None, to_text(e), local))
        return name

    top = split(tree)
    nodes.append(Node("f", "loss", to_text(top), names_in(top), 1, None, to_text(tree), top))
    return Graph(tuple(nodes), f"f(x, y) = {to_text(tree)}")


def _ref(name: str) -> Expr:
    return Expr("name", name=name)


# --- the whitelisted walk -----------------------------------------------------------------------

class _Reader:
    """Turns the text of one expression into an Expr, or raises GraphError with the line and column.

    ``names``: the names that may be read; ``later``: names defined on a later line (for a clearer message);
    ``constants``: whether ``pi`` and ``e`` are numbers (in a typed formula).
    """

    def __init__(self, line: int, column: int, names, later, functions, constants=False, own=""):
        self.line, self.column, self.names, self.later = line, column, names, later
        self.functions, self.constants, self.own = functions, constants, own
        self.cols: list[int] = []

    def _column_at(self, offset: int) -> int:
        """The column in the line of character ``offset`` of the parsed text."""
        return self.column + self.cols[min(offset, len(self.cols) - 1)]

    def _column(self, node: ast.AST) -> int:
        return self._column_at(self.lead + getattr(node, "col_offset", 0))

    def read(self, body: str) -> Expr:
        # '^' means power; '**' is written in its place before parsing (ast's ^ binds looser than -), and
        # self.cols maps each character of the parsed text back to its column in the typed text.
        source, cols = [], []
        for i, ch in enumerate(body):
            source.append("**" if ch == "^" else ch)
            cols.extend([i, i] if ch == "^" else [i])
        self.cols = cols + [len(body)]
        text = "".join(source)
        lead = len(text) - len(text.lstrip())
        if not text.strip():
            raise GraphError(self.line, self._column_at(len(text)), "missing expression after '='")
        try:
            with warnings.catch_warnings():      # "1if w else 2" parses with a SyntaxWarning printed to stderr
                warnings.simplefilter("ignore", SyntaxWarning)
                tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as exc:
            # offset 0: Python could not say where, which in one expression means at its end ("w +")
            offset = lead + exc.offset - 1 if exc.offset else len(text.rstrip())
            raise GraphError(self.line, self._column_at(offset), "cannot read the expression: {reason}",
                             reason=_reason(exc.msg)) from None
        except (ValueError, RecursionError, MemoryError):
            raise GraphError(self.line, self._column_at(lead), "cannot read the expression: it is nested too "
                             "deeply or too large") from None
        self.lead = lead
        return self._walk(tree.body, 0)

    def _walk(self, node: ast.AST, depth: int) -> Expr:
        if depth > MAX_DEPTH:
            raise GraphError(self.line, self._column(node),
                             "the expression is nested too deeply (at most {limit} levels)", limit=MAX_DEPTH)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise GraphError(self.line, self._column(node),
                                 "only numbers are allowed as constants, not {value}", value=repr(value)[:40])
            if abs(value) > MAX_LITERAL or not math.isfinite(value):     # (an int too large for a float first)
                raise GraphError(self.line, self._column(node),
                                 "the number is too large (at most {limit})", limit=f"{MAX_LITERAL:g}")
            return Expr("num", value=float(value), name=str(value) if isinstance(value, int) else repr(value))
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self._walk(node.operand, depth + 1)
            return Expr("neg", (operand,)) if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = self._walk(node.left, depth + 1), self._walk(node.right, depth + 1)
            op = _BINARY[type(node.op)]
            if op == "^":
                exponent = _number_of(right)
                if exponent is not None and abs(exponent) > MAX_EXPONENT:
                    raise GraphError(self.line, self._column(node.right),
                                     "the exponent is too large (at most {limit})", limit=MAX_EXPONENT)
                if not math.isfinite(_constant(Expr(op, (left, right)))):     # 9^9^9: a number beyond float64
                    raise GraphError(self.line, self._column(node),
                                     "the number is too large (at most {limit})", limit=f"{MAX_LITERAL:g}")
            return Expr(op, (left, right))
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        raise GraphError(self.line, self._column(node),
                         "'{part}' is not allowed; use numbers, names, + - * / ^, parentheses and the functions "
                         "{functions}", part=_describe(node), functions=", ".join(self.functions))

    def _name(self, node: ast.Name) -> Expr:
        name = node.id
        if self.constants and name in ("pi", "e"):
            return Expr("num", value=math.pi if name == "pi" else math.e, name=name)
        if name in self.names:
            return _ref(name)
        if name in self.functions:
            raise GraphError(self.line, self._column(node), "{name} is a function: write {name}(...)", name=name)
        if name == self.own:
            raise GraphError(self.line, self._column(node),
                             "'{name}' is used in its own definition; a graph cannot have cycles", name=name)
        if name in self.later:
            raise GraphError(self.line, self._column(node),
                             "'{name}' is defined on line {line}, after it is used here; define every name before "
                             "using it (a graph cannot have cycles)", name=name, line=self.later[name])
        if self.constants:
            raise GraphError(self.line, self._column(node),
                             "unknown name '{name}'; a formula uses x, y, pi and e", name=name)
        raise GraphError(self.line, self._column(node),
                         "unknown name '{name}'; define it on an earlier line", name=name)

    def _call(self, node: ast.Call, depth: int) -> Expr:
        func = node.func
        if not isinstance(func, ast.Name):
            raise GraphError(self.line, self._column(node),
                             "'{part}' is not allowed; call only {functions} by name", part=_describe(node),
                             functions=", ".join(self.functions))
        name = func.id
        if name not in self.functions:
            raise GraphError(self.line, self._column(node),
                             "unknown function '{name}'; allowed: {functions}", name=name,
                             functions=", ".join(self.functions))
        args = node.args
        if node.keywords or any(isinstance(a, ast.Starred) for a in args) or not (
                len(args) == self.functions[name] or (name == "leaky_relu" and len(args) == 1)):
            if name == "leaky_relu":
                raise GraphError(self.line, self._column(node),
                                 "leaky_relu takes leaky_relu(z) or leaky_relu(z, slope)")
            raise GraphError(self.line, self._column(node),
                             "{name}() takes {count} argument(s)", name=name, count=self.functions[name])
        if name == "leaky_relu":
            slope = LEAKY_RELU_SLOPE
            if len(args) == 2:
                slope = _number_of(self._walk(args[1], depth + 1))
                if slope is None:
                    raise GraphError(self.line, self._column(args[1]), "the slope of leaky_relu must be a number")
            return Expr(name, (self._walk(args[0], depth + 1),), value=slope)
        return Expr(name, tuple(self._walk(a, depth + 1) for a in args))


def _reason(msg: str) -> Message | str:
    """Python's words for a typo, as a translatable phrase where it is one of the usual ones (else as is)."""
    if msg == "invalid syntax":
        return Message("invalid syntax")
    if msg == "invalid decimal literal":
        return Message("invalid decimal literal")
    if m := re.fullmatch(r"'(.)' was never closed", msg):
        return Message("'{bracket}' was never closed", bracket=m[1])
    if m := re.fullmatch(r"unmatched '(.)'", msg):
        return Message("unmatched '{bracket}'", bracket=m[1])
    return msg


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:40]
    except Exception:  # pragma: no cover - unparse handles every parsed node
        return type(node).__name__


# --- expressions --------------------------------------------------------------------------------

def _number_of(e: Expr) -> float | None:
    """The value of a signed number (``3``, ``-0.5``), else None."""
    if e.op == "num":
        return e.value
    if e.op == "neg" and e.args[0].op == "num":
        return -e.args[0].value
    return None


def _constant(e: Expr) -> float:
    """The value of an expression of numbers with + - * / ^ (inf when it overflows), else 0 (not a constant)."""
    if e.op == "num":
        return e.value
    if e.op not in _PRECEDENCE:
        return 0.0
    args = [_constant(a) for a in e.args]
    try:
        if e.op == "neg":
            return -args[0]
        a, b = args
        if e.op == "^":
            return math.pow(a, b)
        return a + b if e.op == "+" else a - b if e.op == "-" else a * b if e.op == "*" else a / b
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError):      # 0/0, (-8)^(1/3): not too large, only undefined
        return 0.0


def names_in(e: Expr) -> tuple[str, ...]:
    """The names ``e`` reads, in order of first use."""
    out: dict[str, None] = {}

    def visit(x: Expr) -> None:
        if x.op == "name":
            out[x.name] = None
        for a in x.args:
            visit(a)

    visit(e)
    return tuple(out)


def to_text(e: Expr) -> str:
    """Canonical text of an expression: ``+ -`` spaced, ``* / ^`` not, only the parentheses the tree needs."""
    if e.op == "num":
        return e.name or repr(e.value)
    if e.op == "name":
        return e.name
    if e.op == "neg":
        (a,) = e.args
        return "-" + _wrap(a, _precedence(a) <= _PRECEDENCE["neg"])
    if e.op in _PRECEDENCE:
        a, b = e.args
        p = _PRECEDENCE[e.op]
        if e.op == "^":          # right-associative
            left, right = _wrap(a, _precedence(a) <= p), _wrap(b, _precedence(b) < p)
            return f"{left}^{right}"
        # a negative right operand in parentheses, as written by hand: 3*(-x), a - (-2), not 3*-x;
        # a negative number as a factor in parentheses too, (-0.6)*1 (numbers put in by backprop_tables.value_text)
        negative_number = a.op == "num" and _precedence(a) == _PRECEDENCE["neg"]
        left = _wrap(a, _precedence(a) < p or (p > 1 and negative_number))
        right = _wrap(b, _precedence(b) <= p or _precedence(b) == _PRECEDENCE["neg"])
        return f"{left} {e.op} {right}" if p == 1 else f"{left}{e.op}{right}"
    args = [to_text(a) for a in e.args]
    if e.op == "leaky_relu" and e.value != LEAKY_RELU_SLOPE:
        args.append(repr(e.value))
    return f"{e.op}({', '.join(args)})"


def _precedence(e: Expr) -> int:
    """Printing precedence; 3 (unary minus) for a negative number too."""
    if e.op == "num" and (e.value < 0 or e.name.startswith("-")):
        return _PRECEDENCE["neg"]
    return _PRECEDENCE.get(e.op, 5)


def _wrap(e: Expr, parens: bool) -> str:
    text = to_text(e)
    return f"({text})" if parens else text
