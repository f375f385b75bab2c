"""The headless subcommands: surfaces, optimizers, run, critical, basins, sweep, grid and backprop.

Each takes the parsed options and returns the exit status; bad input raises UsageError (cli.console).
"""
from __future__ import annotations

import csv
import io
import re

from cli.console import UsageError, emit, progress_printer, show_progress, to_json


def _surface(text: str, domain=None):
    from core import surfaces

    try:
        return surfaces.get(text, domain)
    except ValueError as exc:  # FormulaError is a ValueError
        raise UsageError(str(exc)) from None


def _optimizer(spec: str):
    from core import optimizers

    try:
        return optimizers.create(spec)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _check_budget(runs: int, starts: int, steps: int, text: bool):
    """core.budget's estimate of the request, or UsageError naming the limit it exceeds."""
    from core import budget

    try:
        return budget.check(runs, starts, steps, text=text)
    except budget.BudgetError as exc:
        raise UsageError(str(exc)) from None


def cmd_surfaces(args) -> int:
    from core import surfaces

    rows = [surfaces.get(name) for name in surfaces.names()]
    if args.format == "json":
        emit(to_json([{"name": s.name, "formula": s.formula, "domain": [list(r) for r in s.domain]}
                     for s in rows]), None)
        return 0
    domains = [f"[{x0:g},{x1:g}]x[{y0:g},{y1:g}]" for (x0, x1), (y0, y1) in (s.domain for s in rows)]
    width, dwidth = max(len(s.name) for s in rows), max(len(d) for d in domains)
    lines = [f"{'name':<{width}}  {'domain':<{dwidth}}  formula"]
    for s, domain in zip(rows, domains):
        lines.append(f"{s.name:<{width}}  {domain:<{dwidth}}  {s.formula}")
    lines.append("")
    lines.append("Any other text is taken as a formula in x and y, e.g. --surface 'x**2 - 3*y**2'.")
    emit("\n".join(lines) + "\n", None)
    return 0


def cmd_optimizers(args) -> int:
    from core import optimizers, schedules

    if args.format == "json":
        emit(to_json([{"name": name, "title": optimizers.create(name).title,
                      "rule": optimizers.create(name).rule,
                      "parameters": {p.name: {"default": p.default, "minimum": p.minimum, "maximum": p.maximum,
                                              "kind": p.kind, "choices": list(p.choices), "doc": p.doc}
                                     for p in optimizers.parameters(name).values()}}
                     for name in optimizers.names()]), None)
        return 0
    lines = []
    for name in optimizers.names():
        params = ", ".join(f"{p.name}={optimizers.format_value(p.default)}"
                           + (f" ({'|'.join(p.choices)})" if p.choices else "")
                           for p in optimizers.parameters(name).values() if p not in optimizers.COMMON_PARAMS)
        lines.append(f"{name:<10} {params}")
        lines.append(f"{'':<10} {optimizers.create(name).rule}")
    lines.append("")
    lines.append("Spec syntax: NAME or NAME:param=value,param=value, e.g. adam:lr=0.01,bias_correction=false")
    lines.append("Every optimizer also takes noise=SIGMA,seed=N: Gaussian noise added to each gradient.")
    lines.append("Every optimizer also takes schedule=NAME and that schedule's parameters (torch.optim.lr_scheduler's")
    lines.append("names; no default: required), stepped after every step, e.g. adam:lr=0.1,schedule=cosine,T_max=100:")
    for name in schedules.names():
        d = schedules.definition(name)
        params = ", ".join(p.name if p.default is None else f"{p.name}={optimizers.format_value(p.default)}"
                           for p in d.params)
        lines.append(f"  {name:<12} {params}  ({d.torch_name})")
    emit("\n".join(lines) + "\n", None)
    return 0


def cmd_run(args) -> int:
    import numpy as np

    from core import optimizers, rundata
    from core.scene import RunSpec, Scene

    surface = _surface(args.surface, args.domain)
    opts = [_optimizer(spec) for spec in args.optimizer]
    starts = np.array(args.start, dtype=float)
    cost = _check_budget(len(opts), len(starts), args.steps, text=True)
    results = []
    for k, opt in enumerate(opts):
        show_progress(k, len(opts), cost.seconds, "optimizers")
        try:
            results.append((opt, optimizers.run(surface, opt, starts, args.steps)))
        except ValueError as exc:      # a run longer than a onecycle schedule's total_steps
            raise UsageError(str(exc)) from None
    show_progress(len(opts), len(opts), cost.seconds, "optimizers")
    # the one run-data format (core.rundata: the same as export's runs.csv / runs.json; the JSON opens as a scene)
    scene = Scene(args.surface, [RunSpec(opt.spec) for opt, _ in results], [tuple(p) for p in args.start],
                  args.steps, domain=args.domain)
    runs = rundata.gather(scene, [tr for _, tr in results], [opt for opt, _ in results])
    text = rundata.to_json(scene, runs, surface) if args.format == "json" else rundata.to_csv(runs)
    emit(text, args.out)
    return 0


def _surface_json(surface) -> dict:
    return {"name": surface.name, "formula": surface.formula, "domain": [list(r) for r in surface.domain]}


def cmd_critical(args) -> int:
    """The critical points of the surface on its domain (the box searched, always named), and its flat regions."""
    from core import analysis

    surface = _surface(args.surface, args.domain)
    search = analysis.find_critical(surface)
    points, box = search.points, analysis.box_text(search.domain)
    if args.format == "json":
        text = to_json({"surface": _surface_json(surface), "domain": [list(r) for r in search.domain],
                      "points": [{"xy": p.xy.tolist(), "value": float(p.value), "kind": p.kind,
                                  "eigenvalues": p.eigenvalues.tolist(), "eigenvectors": p.eigenvectors.tolist()}
                                 for p in points],
                      "flat_regions": [{"value": r.value, "fraction": r.fraction, "box": [list(a) for a in r.box]}
                                       for r in search.flat]})
    else:
        lines = [f"{surface.name}: {surface.formula}",
                 f"{'x':>10} {'y':>10} {'f(x,y)':>12}  {'kind':<10} {'lambda_1':>11} {'lambda_2':>11}"]
        for p in points:
            lines.append(f"{p.xy[0]:>10.5f} {p.xy[1]:>10.5f} {p.value:>12.6g}  {p.kind:<10} "
                         f"{p.eigenvalues[0]:>11.5g} {p.eigenvalues[1]:>11.5g}")
        lines.append(f"{len(points)} critical point(s) in {box}")
        for r in search.flat:
            lines.append(f"flat region: f = {r.value:.6g} on {r.fraction:.0%} of the box, in "
                         f"{analysis.box_text(r.box, digits=4)} (constant to rounding: its zero gradients are not "
                         f"listed as points)")
        text = "\n".join(lines) + "\n"
    emit(text, args.out)
    return 0


def _out_format(out: str, allowed: tuple[str, ...]) -> str:
    """The output format from the file's extension, checked before any long computation."""
    import os

    ext = os.path.splitext(out)[1].lower().lstrip(".")
    if ext not in allowed:
        raise UsageError(f"--out must end in {' or '.join('.' + a for a in allowed)}, got {out!r}")
    folder = os.path.dirname(out) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write {out}: no such folder {folder!r}")
    return ext


def _emit_png(image, out: str) -> None:
    from core.files import atomic_path

    try:
        with atomic_path(out) as tmp:
            image.save(tmp, format="PNG")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None


def cmd_basins(args) -> int:
    from app.render import swarm_png
    from core import swarm

    fmt = _out_format(args.out, ("png", "json"))
    surface = _surface(args.surface, args.domain)
    opt = _optimizer(args.optimizer)
    try:
        bmap = swarm.basins(surface, opt, grid=args.grid, steps=args.steps, progress=progress_printer("basin map"))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if fmt == "png":
        _emit_png(swarm_png.render_basins(bmap, surface), args.out)
    else:
        emit(to_json(bmap.to_dict()), args.out)
    return 0


def cmd_sweep(args) -> int:
    from app.render import swarm_png
    from core import swarm

    fmt = _out_format(args.out, ("png", "json", "csv"))
    surface = _surface(args.surface, args.domain)
    opts = [_optimizer(spec) for spec in args.optimizer]
    try:
        result = swarm.sweep(surface, opts, args.start, lr_range=args.lr_range, count=args.count, steps=args.steps,
                             progress=progress_printer("sweep"))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if fmt == "png":
        _emit_png(swarm_png.render_sweep(result), args.out)
    elif fmt == "json":
        emit(to_json(result.to_dict()), args.out)
    else:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(result.csv_rows())
        emit(buf.getvalue(), args.out)
    return 0


def cmd_grid(args) -> int:
    from core import hypergrid

    fmt = _out_format(args.out, ("png", "svg", "pdf", "json", "csv"))
    surface = _surface(args.surface, args.domain)
    opt = _optimizer(args.optimizer)
    try:
        result = hypergrid.compute(surface, opt, [hypergrid.parse_vary(v) for v in args.vary], args.start, args.steps)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if fmt in ("json", "csv"):
        emit(result.to_json() if fmt == "json" else result.to_csv(), args.out)
        return 0
    from app import export, i18n  # Qt: only for pictures
    from app.grid_figure import save_grid

    export.ensure_app()
    i18n.install_for_export(args.lang)
    try:
        save_grid(result, args.out)
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    return 0



def cmd_backprop(args) -> int:
    from core import backprop, backprop_tables, graph

    if (args.graph is None) == (args.surface is None):
        raise UsageError("give a GRAPH_FILE or --surface FORMULA --at X,Y (one of the two)")
    if (args.surface is None) != (args.at is None):
        raise UsageError("--surface and --at go together: --surface FORMULA --at X,Y")
    formula = args.surface
    if formula is not None and re.fullmatch(r"[A-Za-z_]\w*", formula) and formula not in ("x", "y", "pi", "e"):
        formula = _surface(formula).formula          # a built-in surface by name: the graph of its formula
    try:
        g = graph.load(args.graph) if formula is None else graph.from_formula(formula, args.at)
        ev = backprop.evaluate(g)
        descent = backprop.descend(g, args.lr, args.steps)
        if args.check is None:
            text = backprop_tables.render(g, ev, descent, args.format)
        else:
            answers = backprop.parse_answers(graph.read_text(args.check, backprop.MAX_ANSWER_BYTES), g)
            text = backprop_tables.render_marks(ev, backprop.check(ev, answers, descent), descent, args.format)
    except ValueError as exc:     # GraphError and the answers' errors are ValueErrors
        raise UsageError(str(exc)) from None
    emit(text, args.out)
    return 0
