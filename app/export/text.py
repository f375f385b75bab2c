"""Caption and label text of a figure: the title "name: formula", formulas and numbers for print, the caption.

Figure text goes through Qt's translation (context "export"), so a translation can replace it; numbers and
formulas sit in left-to-right isolates (``app.i18n.formula``) inside a Persian sentence.
"""
from __future__ import annotations

import math
import re

from PySide6 import QtCore

from core import rundata

from .. import i18n, style
from .figure_data import FigureData


def tr(text: str) -> str:
    """Figure text goes through Qt's translation (context "export") so a translation can replace it."""
    return QtCore.QCoreApplication.translate("export", text)


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def pretty_formula(text: str) -> str:
    """A formula for print: x**2 -> x², 3*x -> 3·x, unary and binary minus as '−'."""
    text = re.sub(r"\*\*(\d+)(?![\d.])", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    text = text.replace("**", "^").replace("*", "·")
    return re.sub(r"(?<![eE\d.])-|(?<=\s)-", "−", text)


def fmt(v: float, digits: int = 4) -> str:
    """A number for figure text: 4 significant digits, a real minus sign."""
    if not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("∞" if v > 0 else "−∞")
    text = f"{v:.{digits}g}".replace("e-0", "e-").replace("e+0", "e")
    return text.replace("-", "−")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def figure_title(surface) -> str:
    formula = f"f(x, y) = {pretty_formula(surface.formula)}"
    if surface.name == "custom":
        return formula
    return f"{surface.name.replace('_', ' ').capitalize()}: {formula}"


def _rule_html(rule: str) -> str:
    """An update rule for the caption: each statement ("b ← μ·b + g", "m̂ = m/(1−β1ᵗ)") kept whole and left to
    right; a line may break only between statements (after "; " or ", "). Hatted letters (m̂, v̂) in
    style.HAT_FONT, the one font whose hat Qt puts over its letter (spelled "m_hat" before)."""
    pieces = re.split(r"(;\s*|,\s+(?=\S+ = ))", rule)
    return "".join(_esc(sep.strip() + " ") if k % 2 else style.hat_html(i18n.formula(sep.strip()))
                   for k, sep in enumerate(pieces))


def caption_html(data: FigureData, iteration: int, panels: str = "surface") -> str:
    """The caption: formula, domain, starts, steps, every run with every hyperparameter, final points."""
    s = data.scene
    (x0, x1), (y0, y1) = data.domain
    starts = "; ".join(i18n.formula(f"({fmt(x)}, {fmt(y)})") for x, y in s.starts)
    shown = tr("after {k} of {n} steps").format(k=iteration, n=s.steps) if iteration < s.steps \
        else tr("{n} steps").format(n=s.steps)
    formula = i18n.ltr(f"f(x, y) = {_esc(pretty_formula(data.surface.formula))}")      # may be long: breaks
    box = i18n.formula(f"[{fmt(x0)}, {fmt(x1)}] × [{fmt(y0)}, {fmt(y1)}]")
    parts = [f"<b>{_esc(tr('Figure.'))}</b> {formula} {_esc(tr('on'))} {box}. "
             f"{_esc(tr('Start') if len(s.starts) == 1 else tr('Starts'))}: {starts}; {_esc(shown)}."]
    visible = [r for r in data.runs if r.visible]
    by_run: dict[int, list[rundata.RunData]] = {}
    for r in visible:
        by_run.setdefault(r.run, []).append(r)
    for n, group in enumerate(by_run.values(), start=1):
        opt = group[0].optimizer
        # Each number and formula in its own left-to-right isolate, the words between them outside: in one
        # isolate with Persian words ("bias correction on") the numbers after them ran right to left.
        ends = []
        for r in group:
            it = min(iteration, r.last_finite)
            x, y = r.path[it]
            end = i18n.formula(f"({fmt(x)}, {fmt(y)})") + ", "
            if r.status == "undefined" and it == r.last_finite:
                end += _esc(tr("f undefined here (step {k})").format(k=it))
            else:
                end += i18n.formula(f"f = {fmt(float(r.loss[it]))}")
            if r.status == "diverged" and iteration > r.last_finite:
                end += " " + _esc(tr("(diverged after step {k})").format(k=r.last_finite))
            ends.append(end)
        params = ", ".join(i18n.ltr(_esc(i18n.core_text(p))) for p in opt.describe_parts(every=True))
        arrow = "←" if i18n.is_rtl() else "→"         # from the settings to the end, in reading order
        parts.append(f"({n}) <b>{_esc(i18n.core_text(opt.title))}</b> {params} {arrow} {'; '.join(ends)}.")
    rules = dict.fromkeys((group[0].optimizer.title, group[0].optimizer.rule) for group in by_run.values())
    if rules:
        parts.append(f"{_esc(tr('Update rules'))}: "
                     + "; ".join(f"<i>{_esc(i18n.core_text(title))}</i>: " + _rule_html(rule)
                                 for title, rule in rules) + ".")
    if panels == "all":
        parts.append(_esc(tr("Right: the loss and the Hessian's eigenvalues along each run (λ_min thick, "
                             "λ_max thin; a negative λ_min means saddle-like curvature).")))
    return " ".join(parts)
