"""Worked step tables ("show your work"): every quantity of the first K updates of a run.

Built from ``optimizers.trace``. Every optimizer here updates each coordinate on its own, so a step is
shown as two rows, one per coordinate (x, then y), with the columns of the update in order:

    t | coord | p_{t-1} | f(p_{t-1}) | g | <optimizer state, e.g. m, v, m̂, v̂, 1-β1^t> | Δp | p_t | f(p_t)

Scalars (f, the bias-correction factors) are printed on the x row only. Markdown and LaTeX show 6
significant digits (enough to check a hand computation to 4); CSV keeps every digit (repr), one row per step
with the components in their own columns and the run's status (``optimizers.STATUSES``: "diverged" or
"undefined" on the step that ended the run; Markdown and LaTeX say it in a sentence under the table). Qt-free.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import numpy as np

from core import optimizers, quantities, surfaces
from core.scene import Scene

DIGITS = 6

def lr_eff_rule(optimizer) -> tuple[str, str] | None:
    """What ``lr_eff`` is for this optimizer, as (plain text, LaTeX): the factor of its printed rule, so that
    Δp = −lr_eff·g (AdaGrad, RMSprop without momentum) or Δp = −lr_eff·m̂ (the Adam family; −lr_eff·m without
    bias correction), weight decay aside. None for the optimizers that record no lr_eff."""
    name, params = optimizer.name, optimizer.params
    if name == "adagrad":
        if params.get("lr_decay"):
            return "clr/(√s + ε)", r"\mathrm{clr}_t/(\sqrt{s_t} + \epsilon)"
        return "lr/(√s + ε)", r"\mathrm{lr}/(\sqrt{s_t} + \epsilon)"
    if name == "rmsprop":            # centered: the root of the variance v − ḡ²; with momentum none is recorded
        v, v_tex = ("v − ḡ²", r"v_t - \bar g_t^2") if params.get("centered") else ("v", "v_t")
        if params.get("convention") == "optax":
            return f"lr/√({v} + ε)", r"\mathrm{lr}/\sqrt{" + v_tex + r" + \epsilon}"
        root = f"√({v})" if params.get("centered") else "√v"
        return f"lr/({root} + ε)", r"\mathrm{lr}/(\sqrt{" + v_tex + r"} + \epsilon)"
    if name in ("adam", "adamw", "amsgrad"):
        if params.get("bias_correction") is False:
            return "lr/(√v + ε)", r"\mathrm{lr}/(\sqrt{v_t} + \epsilon)"
        return "lr/(√v̂ + ε)", r"\mathrm{lr}/(\sqrt{\hat v_t} + \epsilon)"
    return None


@dataclass(frozen=True)
class Column:
    key: str          # "point", "value", "grad", a quantity key, "step", "new_point", "new_value"
    text: str         # Markdown / GUI header
    latex: str        # LaTeX header
    csv: str          # CSV base name (vectors get _x/_y)
    vector: bool


@dataclass(eq=False)
class StepTable:
    """The worked steps of one optimizer from one start."""

    surface: surfaces.Surface
    optimizer: optimizers.Optimizer
    start: tuple[float, float]
    records: list[optimizers.StepRecord]
    columns: list[Column]
    status: str = "ok"      # how the run stands after these steps (optimizers.STATUSES): a run that stopped
                            # within them ends on its last record (``optimizers.trace`` stops where run does)

    @property
    def ending(self) -> str:
        """One sentence on how the run ended within the table ('' while it goes on)."""
        if self.status == "ok" or not self.records:
            return ""
        t = self.records[-1].t
        if self.status == "diverged":
            return (f"The run diverged at step {t}: p_t left the divergence box ({optimizers.DIVERGENCE_FACTOR:g} "
                    "times the domain); it stops here.")
        return f"f is undefined at p_t of step {t}: the run stops here."

    @property
    def title(self) -> str:
        x, y = self.start
        return f"{self.optimizer.label} on {self.surface.name} from ({x:g}, {y:g})"

    def cells(self) -> list[list[str]]:
        """The body as text cells, two rows per step (x, then y), as Markdown and the GUI show them."""
        return [[_text(c) for c in row] for row in self._rows()]

    def header(self) -> list[str]:
        return ["t", "coord"] + [c.text for c in self.columns]

    def _rows(self) -> list[list]:
        rows = []
        for rec in self.records:
            for axis, name in enumerate("xy"):
                row: list = [rec.t if axis == 0 else None, name]
                for col in self.columns:
                    value = _value(rec, col.key)
                    if col.vector:
                        row.append(float(value[axis]))
                    else:
                        row.append(float(value) if axis == 0 else None)
                rows.append(row)
        return rows


def build(surface, optimizer, start, steps: int = 5, index: int = 0) -> StepTable:
    """The step table of ``optimizer`` (Optimizer or spec) on ``surface`` (Surface, name or formula).

    ``index`` is the start's position in the run's list of starts: with gradient noise, it picks the draws
    (as in ``optimizers.run``), so the table of start k of a scene follows that start's plotted path.
    """
    surface = surfaces.get(surface) if isinstance(surface, str) else surface
    optimizer = optimizers.create(optimizer) if isinstance(optimizer, str) else optimizer
    start = (float(start[0]), float(start[1]))
    records = optimizers.trace(surface, optimizer, start, steps, index)
    columns = [Column("point", "p_{t-1}", r"$p_{t-1}$", "p", True),
               Column("value", "f(p_{t-1})", r"$f(p_{t-1})$", "f", False),
               Column("grad", "g", r"$g_t$", "g", True)]
    if records:
        for key, value in records[0].quantities.items():
            q = quantities.QUANTITIES.get(key)         # the one description of each quantity
            text, latex, name = (q.text, q.latex, q.csv) if q else (key, _latex_escape(key), key)
            if key == "lr_eff" and lr_eff_rule(optimizer):        # say which definition in the header
                text, latex = (f"lr_eff = {lr_eff_rule(optimizer)[0]}",
                               r"$\eta_{\mathrm{eff}} = " + lr_eff_rule(optimizer)[1] + "$")
            columns.append(Column(key, text, latex, name, np.ndim(value) > 0))
    columns += [Column("step", "Δp", r"$\Delta p$", "step", True),
                Column("new_point", "p_t", r"$p_t$", "new_p", True),
                Column("new_value", "f(p_t)", r"$f(p_t)$", "new_f", False)]
    return StepTable(surface, optimizer, start, records, columns, _status(surface, start, records))


def _status(surface, start, records) -> str:
    """The run's status after ``records`` by ``optimizers.run``'s rule, read off the last step (where
    ``trace`` stops): it left the divergence box, or landed where f is undefined."""
    if not records:
        return "ok"
    if not math.isfinite(records[0].value):
        return "undefined"
    centre, (half,) = optimizers.divergence_box(surface, start)
    last = records[-1]
    with np.errstate(invalid="ignore"):
        if not np.abs(last.new_point - centre).max() <= half:
            return "diverged"
    return "ok" if math.isfinite(last.new_value) else "undefined"


def for_scene(scene: Scene, steps: int = 5, visible_only: bool = True) -> list[StepTable]:
    """One table per run and start of ``scene`` (runs hidden in the scene are left out by default)."""
    surface = scene.make_surface()
    return [build(surface, optimizers.create(run.optimizer), start, steps, k)
            for run in scene.runs if run.visible or not visible_only for k, start in enumerate(scene.starts)]


# --- output formats ---------------------------------------------------------------------------------

def to_markdown(tables: list[StepTable]) -> str:
    out = []
    for table in tables:
        out.append(f"### {table.title}\n")
        out.append(f"f(x, y) = `{table.surface.formula}`  \nUpdate rule: `{table.optimizer.rule}`  \n"
                   f"Parameters: `{table.optimizer.spec}`\n")
        header = table.header()
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join(["---:"] * len(header)) + "|")
        for row in table.cells():
            out.append("| " + " | ".join(row) + " |")
        if table.ending:
            out.append("\n" + table.ending)
        out.append("")
    return "\n".join(out)


def to_latex(tables: list[StepTable]) -> str:
    """A ``tabular`` per table (no float around it, so it drops into any document), context in comments."""
    out = []
    for table in tables:
        n = 2 + len(table.columns)
        out.append(f"% {table.title}")
        out.append(f"% f(x, y) = {table.surface.formula}")
        out.append(f"% update rule: {table.optimizer.rule}")
        out.append(f"% parameters: {table.optimizer.spec}")
        out.append(r"\begin{tabular}{" + "r" * n + "}")
        out.append(r"\hline")
        out.append(" & ".join(["$t$", ""] + [c.latex for c in table.columns]) + r" \\")
        out.append(r"\hline")
        for k, row in enumerate(table._rows()):
            out.append(" & ".join(_latex_cell(c) for c in row) + r" \\")
            if k % 2 == 1:
                out.append(r"\hline")
        out.append(r"\end{tabular}")
        if table.ending:
            out.append(f"% {table.ending}")
        out.append("")
    return "\n".join(out)


def to_csv(tables: list[StepTable]) -> str:
    """One row per run, start and step; vector quantities as _x/_y columns; every digit kept.

    Different optimizers record different quantities: the header is the union, blank where a run has none.
    """
    names: list[str] = []
    for table in tables:
        for col in table.columns:
            for name in ([f"{col.csv}_x", f"{col.csv}_y"] if col.vector else [col.csv]):
                if name not in names:
                    names.append(name)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["table", "optimizer", "spec", "start_x", "start_y", "t"] + names + ["status"])
    for k, table in enumerate(tables):
        for rec in table.records:
            values: dict[str, str] = {}
            for col in table.columns:
                v = _value(rec, col.key)
                if col.vector:
                    values[f"{col.csv}_x"], values[f"{col.csv}_y"] = repr(float(v[0])), repr(float(v[1]))
                else:
                    values[col.csv] = repr(float(v))
            status = table.status if rec is table.records[-1] else "ok"     # the step that ended the run
            writer.writerow([k, table.optimizer.name, table.optimizer.spec, repr(table.start[0]),
                             repr(table.start[1]), rec.t] + [values.get(n, "") for n in names] + [status])
    return buf.getvalue()


# --- helpers ----------------------------------------------------------------------------------------

def _value(rec: optimizers.StepRecord, key: str):
    if key in ("point", "value", "grad", "step", "new_point", "new_value"):
        return getattr(rec, key)
    return rec.quantities[key]


def format_number(v: float) -> str:
    """6 significant digits: 0.001, -155, 24025, 6.45161e-5 (exponent without padding)."""
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return f"{v:.{DIGITS}g}".replace("e-0", "e-").replace("e+0", "e+")


def _text(c) -> str:
    if c is None:
        return ""
    if isinstance(c, (int, str)):
        return str(c)
    return format_number(c)


def _latex_cell(c) -> str:
    if c is None:
        return ""
    if isinstance(c, int):
        return str(c)
    if isinstance(c, str):
        return f"${c}$"
    text = format_number(c)
    if "e" in text and text not in ("inf", "-inf", "nan"):
        mantissa, exponent = text.split("e")
        return f"${mantissa} \\times 10^{{{int(exponent)}}}$"
    return f"${text}$"


def _latex_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "&%$#_{}" else ch for ch in text)
