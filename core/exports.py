"""Export formats by file name, and the exports that need no drawing: run data (CSV, JSON) and step tables
(Markdown, LaTeX, CSV). No Qt: ``optiscope export --out runs.csv`` runs on the core alone; figures and
animations (PNG, SVG, PDF, GIF) are ``app.export``'s.
"""
from __future__ import annotations

from pathlib import Path

from core import rundata, steptable
from core import scene as scene_io
from core.files import write_text_atomic
from core.scene import Scene

FORMATS = {".png": "figure", ".svg": "figure", ".pdf": "figure", ".gif": "animation",
           ".csv": "data", ".json": "data", ".md": "table", ".tex": "table"}
STEP_TABLE_CSV = ".steps.csv"        # "table.steps.csv": the step table as CSV (plain .csv is the run data)
DRAWN_KINDS = ("figure", "animation")


def extensions(kind: str) -> tuple[str, ...]:
    """The file extensions of one kind of output, e.g. ``extensions("figure")`` = (".png", ".svg", ".pdf")."""
    return tuple(ext for ext, k in FORMATS.items() if k == kind)


def output_kind(path) -> str:
    """'figure' | 'animation' | 'data' | 'table' | 'table-csv' from the file name, or ValueError."""
    name = Path(path).name.lower()
    if name.endswith(STEP_TABLE_CSV):
        return "table-csv"
    ext = Path(name).suffix
    if ext not in FORMATS:
        raise ValueError(f"unknown output format '{ext or name}': use one of {' '.join(FORMATS)} "
                         f"(or {STEP_TABLE_CSV} for a step table as CSV)")
    return FORMATS[ext]


def write_data(scene: Scene, path, table_steps: int = 5) -> str:
    """Write ``scene``'s run data (.csv, .json) or step tables (.md, .tex, .steps.csv) to ``path`` atomically;
    returns a one-line description. ValueError for a bad scene or for a drawn format (a figure or an
    animation), OSError when the file cannot be written."""
    kind = output_kind(path)
    if kind in DRAWN_KINDS:
        raise ValueError(f"{Path(path).name} is a {kind}: app.export draws it")
    scene_io.validate(scene)
    path = Path(path)
    ext = path.suffix.lower()
    if kind == "data":
        runs = rundata.compute(scene)
        write_text_atomic(path, rundata.to_csv(runs) if ext == ".csv" else rundata.to_json(scene, runs))
        return f"{path.name}: {len(runs)} runs"
    tables = steptable.for_scene(scene, table_steps)
    text = {"table-csv": steptable.to_csv, "table": steptable.to_latex if ext == ".tex"
            else steptable.to_markdown}[kind](tables)
    write_text_atomic(path, text)
    return f"{path.name}: {len(tables)} step tables"
