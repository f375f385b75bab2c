"""Backprop worksheets: a graph's forward pass, backward pass and gradient-descent update as text.

Four shapes of the same content (``optiscope backprop``; the window copies and exports the same):

- a worksheet as a plain-text table, Markdown or LaTeX (``tabular``) that could be pasted into a homework answer:
  the forward pass (every node, its expression and value), the backward pass (for every node dL/dnode written
  out as the chain rule with its numbers, ``dE/dw5 = dE/dz · ∂z/∂w5 = -0.081068 × 0.4 = -0.0324272``), and the
  parameters with their gradient and value after the descent, then the loss after each step. Numbers have
  6 significant digits, enough to check a hand computation;
- JSON and CSV with every digit (``repr``), non-finite values as null (JSON) or ``nan``/``inf`` (CSV);
- the marks of a student's answers (``--check``): each number right or wrong, and for a wrong one the exact
  value with the expression or chain-rule product that gives it.

A total derivative is written d (dE/dw1), a local one through one node's expression ∂ (∂net_h1/∂w1). Qt-free.
"""
from __future__ import annotations

import csv
import io
import json
import math
from decimal import Decimal

from core.backprop import Descent, Evaluation, Mark
from core.graph import Expr, Graph, to_text

DIGITS = 6
FORMATS = ("table", "json", "md", "tex", "csv")


def num(v: float) -> str:
    """A number with DIGITS significant digits, as the worksheets print it (``nan``, ``inf`` as such)."""
    return f"{v:.{DIGITS}g}"


def _factor(v: float) -> str:
    """A number inside a product: negative ones in parentheses."""
    text = num(v)
    return f"({text})" if text.startswith("-") else text


def _exact(v: float) -> float | None:
    return v if math.isfinite(v) else None


# --- the pieces shared by every format ----------------------------------------------------------

def value_text(ev: Evaluation, name: str) -> str:
    """How a node's value is computed, with the numbers: ``net_h1 = w1*i1 + b1 = 0.15*0.05 + 0.35 = 0.3575``."""
    node = ev.graph.node(name)
    if node.tree is None:
        return f"{name} = {num(ev.values[name])} ({node.kind})"
    numbers = to_text(_substitute(node.tree, ev.values))
    return f"{name} = {node.expr} = {numbers} = {num(ev.values[name])}"


def _substitute(e: Expr, values: dict[str, float]) -> Expr:
    if e.op == "name":
        return Expr("num", value=values[e.name], name=num(values[e.name]))
    return e._replace(args=tuple(_substitute(a, values) for a in e.args))


def chain_rule(ev: Evaluation, name: str) -> str:
    """dL/dname as the chain rule with its numbers, summed over the edges out of ``name``:

    ``dE/dout_h1 = dE/dnet_o1 · ∂net_o1/∂out_h1 + dE/dnet_o2 · ∂net_o2/∂out_h1 = 0.138499 × 0.4 + ... = 0.0363506``
    """
    total, rule, value = _chain(ev, name)
    return f"{total} = {rule} = {value}" if rule.startswith("d") else f"{total} = {value} {rule}".rstrip()


def _chain(ev: Evaluation, name: str) -> tuple[str, str, str]:
    """(gradient, chain rule written out with its numbers, value): the cells of the backward table."""
    loss = ev.graph.loss.name
    total = f"d{loss}/d{name}"
    if name == loss:
        return total, "", "1"
    edges = ev.edges_from(name)
    if not edges:
        return total, f"({loss} does not depend on {name})", "0"
    symbols = " + ".join(f"d{loss}/d{e.dst} · ∂{e.dst}/∂{name}" for e in edges)
    numbers = " + ".join(f"{_factor(ev.grads[e.dst])} × {_factor(e.local)}" for e in edges)
    return total, f"{symbols} = {numbers}", num(ev.grads[name])


def sections(graph: Graph, ev: Evaluation, descent: Descent) -> list[tuple[str, list[str], list[list[str]]]]:
    """The worksheet as (title, header, rows) sections, cells as text."""
    forward = [[n.name, n.kind, n.expr if n.label in ("", n.name, n.expr) else f"{n.expr} = {n.label}",
                num(ev.values[n.name])] for n in graph.nodes]
    backward = [list(_chain(ev, n.name)) for n in reversed(graph.nodes)]
    updated = descent.updated
    params = [[p.name, num(ev.values[p.name]), num(ev.grads[p.name]), num(updated[p.name])] for p in graph.params]
    taken = len(descent.points) - 1
    title = f"Gradient descent: p ← p - lr·d{graph.loss.name}/dp, lr {descent.lr:g}, {taken} step(s)"
    return [("Forward pass", ["node", "kind", "expression", "value"], forward),
            (f"Backward pass, from the loss {graph.loss.name} back", ["gradient", "chain rule", "value"], backward),
            (title, ["parameter", "value", "gradient", "updated"], params),
            ("Loss after each step", ["step", graph.loss.name], [[str(k), num(v)] for k, v in
                                                               enumerate(descent.losses)])]


def _stopped_note(descent: Descent) -> str | None:
    if descent.stopped is None:
        return None
    return (f"Stopped at step {descent.stopped} of {descent.steps}: the loss or a gradient is not finite there; "
            f"'updated' is the last finite point.")


# --- worksheets ---------------------------------------------------------------------------------

def worksheet(graph: Graph, ev: Evaluation, descent: Descent, fmt: str) -> str:
    """The worksheet in ``fmt``: "table" (plain text), "md" (Markdown) or "tex" (LaTeX tabulars)."""
    if fmt not in _STYLES:
        raise ValueError(f"unknown worksheet format {fmt!r}")
    title, heading, table, text = _STYLES[fmt]
    parts = [title(f"Backpropagation: {graph.source}")]
    for name, header, rows in sections(graph, ev, descent):
        parts += [heading(name), table(header, rows)]
    note = _stopped_note(descent)
    if note:
        parts.append(text(note) + "\n")
    return "\n".join(parts)


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    def line(cells):
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
    return "\n".join([line(header), "|" + "---|" * len(header)] + [line(r) for r in rows]) + "\n"


def _plain(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header, *rows]]
    return "\n".join(lines) + "\n"


_TEX_ESCAPES = {"\\": r"\textbackslash{}", "_": r"\_", "^": r"\^{}", "#": r"\#", "%": r"\%", "&": r"\&",
                "$": r"\$", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}"}
_TEX_SYMBOLS = {"∂": r"$\partial$", "·": r"$\cdot$", "×": r"$\times$", "←": r"$\leftarrow$"}


def _tex(text: str) -> str:
    out = "".join(_TEX_ESCAPES.get(ch, ch) for ch in text)
    for symbol, latex in _TEX_SYMBOLS.items():
        out = out.replace(symbol, latex)
    return out


def _latex(header: list[str], rows: list[list[str]]) -> str:
    lines = [f"\\begin{{tabular}}{{{'l' * len(header)}}}", "\\hline",
             " & ".join(_tex(h) for h in header) + r" \\", "\\hline"]
    lines += [" & ".join(_tex(c) for c in r) + r" \\" for r in rows]
    lines += ["\\hline", "\\end{tabular}"]
    return "\n".join(lines) + "\n"


# format -> (document title, section heading, table, plain text) renderers
_STYLES = {
    "table": (lambda t: t + "\n", lambda s: s, _plain, str),
    "md": (lambda t: f"# {t}\n", lambda s: f"## {s}\n", _markdown, str),
    "tex": (lambda t: f"% {_tex(t)}\n", lambda s: f"\\paragraph{{{_tex(s)}}}\n", _latex, _tex),
}


# --- exact data ---------------------------------------------------------------------------------

def to_dict(graph: Graph, ev: Evaluation, descent: Descent) -> dict:
    """The JSON document of ``optiscope backprop``: values and gradients at the start, ``updated`` after the
    descent, the loss after each step taken; every digit, non-finite numbers as null."""
    updated = descent.updated
    return {
        "graph": graph.source,
        "lr": descent.lr,
        "steps": descent.steps,
        "loss": {"name": graph.loss.name, "value": _exact(ev.loss)},
        "nodes": [{"name": n.name, "kind": n.kind, "expr": n.expr, "value": _exact(ev.values[n.name]),
                   "grad": _exact(ev.grads[n.name])} for n in graph.nodes],
        "params": [{"name": p.name, "value": _exact(ev.values[p.name]), "grad": _exact(ev.grads[p.name]),
                    "updated": _exact(updated[p.name])} for p in graph.params],
        "history": [{"step": k, "loss": _exact(v)} for k, v in enumerate(descent.losses)],
    }


def to_json(graph: Graph, ev: Evaluation, descent: Descent) -> str:
    return json.dumps(to_dict(graph, ev, descent), allow_nan=False, ensure_ascii=False) + "\n"


def to_csv(graph: Graph, ev: Evaluation, descent: Descent) -> str:
    """One row per node: name,kind,expr,value,grad,updated (updated for the parameters only), every digit."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["name", "kind", "expr", "value", "grad", "updated"])
    for n in graph.nodes:
        updated = repr(descent.updated[n.name]) if n.kind == "param" else ""
        writer.writerow([n.name, n.kind, n.expr, repr(ev.values[n.name]), repr(ev.grads[n.name]), updated])
    return buf.getvalue()


def render(graph: Graph, ev: Evaluation, descent: Descent, fmt: str) -> str:
    """The output of ``optiscope backprop --format fmt``."""
    if fmt == "json":
        return to_json(graph, ev, descent)
    if fmt == "csv":
        return to_csv(graph, ev, descent)
    return worksheet(graph, ev, descent, fmt)


# --- marks --------------------------------------------------------------------------------------

def how(ev: Evaluation, mark: Mark, descent: Descent | None = None) -> str:
    """What gives the exact number of ``mark``: the expression with its numbers, the chain rule, or the update."""
    if mark.quantity == "value":
        return value_text(ev, mark.name)
    if mark.quantity == "grad":
        return chain_rule(ev, mark.name)
    lr = descent.lr if descent is not None else float("nan")
    steps = len(descent.points) - 1 if descent is not None else 0
    if steps == 1:
        return (f"{mark.name} ← {mark.name} - lr·d{ev.graph.loss.name}/d{mark.name} = {num(ev.values[mark.name])} - "
                f"{lr:g} × {_factor(ev.grads[mark.name])} = {num(mark.exact)}")
    return f"{mark.name} after {steps} steps of gradient descent with lr {lr:g} = {num(mark.exact)}"


def note(ev: Evaluation, mark: Mark, descent: Descent | None = None) -> str:
    """The last column of a mark: for a wrong number what gives the exact one; for a right number that is not
    the exact value rounded to the digits written, that rounding."""
    if not mark.right:
        return how(ev, mark, descent)
    if mark.rounded and Decimal(mark.rounded) != Decimal(mark.given):
        return f"within one unit of the last digit; {num(mark.exact)} rounds to {mark.rounded}"
    return ""


def marks_rows(ev: Evaluation, marks: list[Mark], descent: Descent | None = None) -> list[list[str]]:
    """name, quantity, yours, exact, mark, how (see :func:`note`)."""
    return [[m.name, m.quantity, m.given, num(m.exact), "right" if m.right else "wrong", note(ev, m, descent)]
            for m in marks]


def render_marks(ev: Evaluation, marks: list[Mark], descent: Descent | None, fmt: str) -> str:
    """The output of ``optiscope backprop --check ANSWERS.csv --format fmt``."""
    right = sum(m.right for m in marks)
    summary = f"{right} right, {len(marks) - right} wrong (right: within one unit of the last digit written)"
    if fmt == "json":
        doc = {"graph": ev.graph.source, "right": right, "wrong": len(marks) - right,
               "marks": [{"name": m.name, "quantity": m.quantity, "given": m.given, "exact": _exact(m.exact),
                          "unit": m.unit, "rounded": m.rounded, "right": m.right, "how": how(ev, m, descent)}
                         for m in marks]}
        return json.dumps(doc, allow_nan=False, ensure_ascii=False) + "\n"
    header = ["name", "quantity", "yours", "exact", "mark", "how"]
    rows = marks_rows(ev, marks, descent)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[m.name, m.quantity, m.given, repr(m.exact), "right" if m.right else "wrong",
                           note(ev, m, descent)] for m in marks])
        return buf.getvalue()
    if fmt == "md":
        return _markdown(header, rows) + "\n" + summary + "\n"
    if fmt == "tex":
        return _latex(header, rows) + "\n" + _tex(summary) + "\n"
    return _plain(header, rows) + "\n" + summary + "\n"
