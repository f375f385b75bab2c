"""A scene: everything needed to regenerate a picture exactly (surface, runs, starts, steps, view).

Qt-free. The GUI's session converts to and from a Scene; exports and presets are Scenes on disk, as JSON:

    {"version": 1, "title": "GD zig-zag vs momentum", "description": "...",
     "surface": "ravine",
     "runs": [{"optimizer": "gd:lr=0.4", "color": "#0072b2", "visible": true}, ...],
     "starts": [[-9.0, 2.0]], "steps": 100, "view": [[-10, 10], [-5, 5]], "equal_axes": true}

``title``, ``description``, ``view``, ``equal_axes`` (default true: one unit of x as long as one of y, in the
window and in figures) and a run's ``color``/``visible`` are optional; the rest is required.
``domain`` (optional, same form as ``view``) is the surface's domain when the student set one: the box searched
for critical points and sampled for basins; without it the surface has its own (a built-in's, or the one fitted
to a typed formula's critical points).

A model on data (a graph's loss over a CSV file's rows as a function of two of its parameters,
core.model_surface) is a ``model`` field; ``surface`` is then only its label::

    "model": {"graph": "param w = 0.5\n...", "graph_path": "linear_regression.graph", "axes": ["w", "b"],
              "data": {"path": "/data/points.csv", "sha256": "9f2c...", "columns": ["x", "y"],
                       "rows": [[0.5, 1.9], ...]}}

The graph's text is stored (a scene is self-contained; ``graph_path`` only says where it came from). ``data``
(or null: the graph's single example) names the file and its sha256; a small dataset (at most
``MAX_INLINE_ROWS`` rows and ``MAX_INLINE_BYTES`` of JSON) is also inline as ``columns`` and ``rows``, which
are then used; otherwise the file is read and must still have that sha256. Each run's batch size is in its
optimizer spec (``batch=``).
Loading validates every field and raises :class:`SceneError` naming the first bad one, so a caller that loads
before it applies keeps its current scene on bad input. Every optimizer runs from every start.

A run-data file (``core.rundata``'s JSON: ``{"format": "optiscope-rundata", "version": 1, "scene": {...},
...}``, written by ``optiscope run --format json`` and ``export --out runs.json``) opens as a scene too: the
loader checks its format and version, takes its ``scene`` and ignores the data around it, which that scene
regenerates. Such a file may be larger: up to ``MAX_DATA_FILE_BYTES``.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.defaults import DEFAULT_STEPS
from core.errors import Message, UserInputError, shortest
from core.scene_model import MAX_INLINE_BYTES, MAX_INLINE_ROWS, ModelSpec, model_spec  # noqa: F401  (this API)

SCENE_VERSION = 1
SUPPORTED_VERSIONS = (1,)    # a newer Optiscope keeps reading every older version listed here
MIN_STEPS = 0                # the step range of every run, scene, command and panel: the one definition
MAX_STEPS = 100_000
MAX_RUNS = 32
MAX_STARTS = 64
MAX_TEXT = 2000              # title / description length
MAX_FILE_BYTES = 1_000_000   # a scene is a few hundred bytes; refuse to parse anything absurd
MAX_DATA_FILE_BYTES = 100_000_000   # a run-data file holding a scene (every value of every step of every run)
RUNDATA_FORMAT = "optiscope-rundata"   # the "format" of core.rundata's JSON (core.rundata.FORMAT)
RUNDATA_VERSIONS = (1,)
# An axis range (a view, a search box) that can be drawn: beyond 1e100 pyqtgraph's padding and squared distances
# overflow; below 1e-9 of its coordinates too few digits are left to tell grid points or ticks apart; below 1e-100
# pixels per unit (and its square) are no longer finite.
MAX_COORDINATE = 1e100
MIN_RELATIVE_WIDTH = 1e-9
MIN_WIDTH = 1e-100

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_TOP_FIELDS = ("version", "title", "description", "surface", "runs", "starts", "steps", "view", "equal_axes",
               "domain", "model")
_MODEL_FIELDS = ("graph", "graph_path", "axes", "data")
_DATA_FIELDS = ("path", "sha256", "columns", "rows")
_RUN_FIELDS = ("optimizer", "color", "visible")


class SceneError(UserInputError):
    """A scene that cannot be used. ``field`` names the offending field (e.g. ``runs[1].optimizer``), or is
    None when the file as a whole is unreadable; the message is one line and starts with the field.

    ``SceneError(field, template, **values)``, or ``SceneError(field, message)`` with a ready
    :class:`~core.errors.Message` (e.g. a FormulaError's); ``detail`` is the message without the field.
    """

    TEMPLATE_ARG = 1

    def __init__(self, field: str | None, template: str | Message, /, *args, **kwargs):
        self.field = field
        self.detail = template if isinstance(template, Message) else Message(template, *args, **kwargs)
        if field:
            super().__init__("scene field '{field}': {detail}", field=field, detail=self.detail)
        else:
            super().__init__(self.detail)


@dataclass
class RunSpec:
    """One run: an optimizer spec string as accepted by ``optimizers.create`` and how it is drawn."""

    optimizer: str                 # e.g. "adam:lr=0.01,beta1=0.9"
    color: str | None = None       # "#rrggbb"; None lets the app pick from its palette
    visible: bool = True


@dataclass
class Scene:
    surface: str                                   # built-in name or a formula in x, y (a model's label)
    runs: list[RunSpec] = field(default_factory=list)
    starts: list[tuple[float, float]] = field(default_factory=list)
    steps: int = DEFAULT_STEPS
    view: tuple[tuple[float, float], tuple[float, float]] | None = None   # ((xmin, xmax), (ymin, ymax))
    version: int = SCENE_VERSION
    title: str = ""                                # shown in File > Examples for presets
    description: str = ""                          # what to look for (presets)
    equal_axes: bool = True                        # x and y drawn at one scale (the true shape)
    domain: tuple[tuple[float, float], tuple[float, float]] | None = None   # set by the student; None: own
    model: ModelSpec | None = None                 # a model on data: its surface replaces ``surface``

    def make_surface(self):
        """The scene's surface on its domain: the model's (``ModelSpec.make_surface``) or ``surfaces.get``'s.
        A UserInputError (FormulaError, GraphError, DataError, ModelSurfaceError: all ValueErrors) if it
        cannot be built."""
        if self.model is not None:
            return self.model.make_surface(self.domain)
        from core import surfaces

        return surfaces.get(self.surface, self.domain)


# --- to and from plain data ---------------------------------------------------------------------

def to_dict(scene: Scene) -> dict:
    """The JSON-ready dictionary of ``scene`` (always written at the current version)."""
    data: dict = {"version": SCENE_VERSION}
    if scene.title:
        data["title"] = scene.title
    if scene.description:
        data["description"] = scene.description
    data["surface"] = scene.surface
    data["runs"] = [{"optimizer": r.optimizer, "color": r.color, "visible": bool(r.visible)}
                    for r in scene.runs]
    data["starts"] = [[float(x), float(y)] for x, y in scene.starts]
    data["steps"] = int(scene.steps)
    data["view"] = None if scene.view is None else [[float(a), float(b)] for a, b in scene.view]
    data["equal_axes"] = bool(scene.equal_axes)
    if scene.domain is not None:
        data["domain"] = [[float(a), float(b)] for a, b in scene.domain]
    if scene.model is not None:
        data["model"] = _model_dict(scene.model)
    return data


def _model_dict(model: ModelSpec) -> dict:
    data = None
    if model.data_path is not None or model.data_rows is not None:
        data = {"path": model.data_path, "sha256": model.data_sha256}
        if model.data_rows is not None:
            data["columns"] = list(model.data_columns)
            data["rows"] = [[float(v) for v in row] for row in model.data_rows]
    return {"graph": model.graph, "graph_path": model.graph_path, "axes": list(model.axes), "data": data}


def dumps(scene: Scene) -> str:
    """The scene as JSON text. Validates first, so a scene that would not load back is never written."""
    validate(scene)
    return json.dumps(to_dict(scene), indent=2, allow_nan=False, ensure_ascii=False) + "\n"


def from_dict(data, check_specs: bool = True) -> Scene:
    """Validate plain data (parsed JSON) and build a Scene, or raise SceneError naming the bad field.

    ``check_specs`` also builds the surface and every optimizer (catching unsafe formulas and bad
    hyperparameters); it needs ``core.surfaces`` and ``core.optimizers``.
    """
    if not isinstance(data, dict):
        raise SceneError(None, "a scene must be a JSON object, not {kind}", kind=_kind(data))
    if "format" in data:
        return _from_rundata(data, check_specs)
    unknown = [k for k in data if k not in _TOP_FIELDS]
    if unknown:
        raise SceneError(_name(unknown[0]), "unknown field; a scene has {fields}", fields=", ".join(_TOP_FIELDS))

    version = _required(data, "version")
    if not _is_int(version) or version not in SUPPORTED_VERSIONS:
        raise SceneError("version", "unknown version {version}; this Optiscope reads version(s) {supported}",
                         version=json.dumps(version), supported=", ".join(map(str, SUPPORTED_VERSIONS)))
    title = _text(data.get("title", ""), "title")
    description = _text(data.get("description", ""), "description")

    model = _model(data["model"]) if data.get("model") is not None else None
    surface = data.get("surface", model.label) if model is not None else _required(data, "surface")
    if not isinstance(surface, str) or not surface.strip():
        raise SceneError("surface", "expected a surface name or formula (text), got {kind}", kind=_kind(surface))
    _check_encodable(surface, "surface")

    runs_data = _required(data, "runs")
    if not isinstance(runs_data, list):
        raise SceneError("runs", "expected a list of runs, got {kind}", kind=_kind(runs_data))
    if len(runs_data) > MAX_RUNS:
        raise SceneError("runs", "too many runs ({count}, at most {limit})", count=len(runs_data), limit=MAX_RUNS)
    runs = [_run(item, f"runs[{i}]") for i, item in enumerate(runs_data)]

    starts_data = _required(data, "starts")
    if not isinstance(starts_data, list) or not starts_data:
        raise SceneError("starts", "expected a non-empty list of [x, y] points, got {kind}", kind=_kind(starts_data))
    if len(starts_data) > MAX_STARTS:
        raise SceneError("starts", "too many start points ({count}, at most {limit})", count=len(starts_data),
                         limit=MAX_STARTS)
    starts = [_pair(p, f"starts[{i}]") for i, p in enumerate(starts_data)]

    steps = _required(data, "steps")
    if not _is_int(steps):
        raise SceneError("steps", "expected a whole number, got {kind}", kind=_kind(steps))
    if not MIN_STEPS <= steps <= MAX_STEPS:
        raise SceneError("steps", "must be between {low} and {limit}, got {value}", low=MIN_STEPS,
                         limit=f"{MAX_STEPS:,}", value=_short_int(steps))

    view = _box(data.get("view"), "view")
    domain = _box(data.get("domain"), "domain")

    equal_axes = data.get("equal_axes", True)
    if not isinstance(equal_axes, bool):
        raise SceneError("equal_axes", "expected true or false, got {kind}", kind=_kind(equal_axes))

    scene = Scene(surface=surface, runs=runs, starts=starts, steps=int(steps), view=view,
                  version=SCENE_VERSION, title=title, description=description, equal_axes=equal_axes,
                  domain=domain, model=model)
    if check_specs:
        check(scene)
    return scene


def _from_rundata(data: dict, check_specs: bool) -> Scene:
    """The scene of a run-data document (see the module docstring); errors name the field within it."""
    if data["format"] != RUNDATA_FORMAT:
        raise SceneError("format", "unknown format {format}; a scene file has no format field, a run-data file "
                         "has {expected}", format=_kind(data["format"]), expected=json.dumps(RUNDATA_FORMAT))
    version = _required(data, "version")
    if not _is_int(version) or version not in RUNDATA_VERSIONS:
        raise SceneError("version", "unknown version {version}; this Optiscope reads version(s) {supported}",
                         version=json.dumps(version), supported=", ".join(map(str, RUNDATA_VERSIONS)))
    inner = _required(data, "scene")
    if not isinstance(inner, dict) or "format" in inner:
        raise SceneError("scene", "expected a scene (a JSON object), got {kind}", kind=_kind(inner))
    try:
        return from_dict(inner, check_specs)
    except SceneError as exc:
        if exc.field is None:
            raise
        raise SceneError(f"scene.{exc.field}", exc.detail) from None


def loads(text: str, check_specs: bool = True) -> Scene:
    """Parse JSON text into a validated Scene (SceneError on anything wrong)."""
    return from_dict(_parse(text), check_specs=check_specs)


def _parse(text: str):
    """JSON text as plain data; SceneError if it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SceneError(None, "not valid JSON: {reason} at line {line} column {column}", reason=exc.msg,
                         line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise SceneError(None, "not valid JSON: nested too deeply") from None
    except ValueError:          # an integer of more than 4300 digits (Python's int() limit)
        raise SceneError(None, "not valid JSON: a number has too many digits") from None


def load(path: str | os.PathLike, check_specs: bool = True) -> Scene:
    """Read and validate a scene file. Every problem (missing file, bad JSON, bad field) is a SceneError."""
    from core.files import FileTooLarge, NotARegularFile, read_limited

    path = Path(path)
    try:
        raw = read_limited(path, MAX_DATA_FILE_BYTES)
    except NotARegularFile:
        raise SceneError(None, "{name} is not a regular file", name=path.name) from None
    except FileTooLarge:
        raise SceneError(None, "{name} is too large to be a scene file", name=path.name) from None
    except OSError as exc:
        raise SceneError(None, "cannot read {path}: {reason}", path=str(path),
                         reason=str(exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SceneError(None, "{name} is not a text (UTF-8) file", name=path.name) from None
    if len(raw) <= MAX_FILE_BYTES:
        return loads(text, check_specs=check_specs)
    try:                        # larger: only a run-data file holding a scene
        data = _parse(text)
    except SceneError:
        data = None
    if not (isinstance(data, dict) and data.get("format") == RUNDATA_FORMAT):
        raise SceneError(None, "{name} is too large to be a scene file", name=path.name)
    return from_dict(data, check_specs=check_specs)


def save(scene: Scene, path: str | os.PathLike) -> None:
    """Validate and write ``scene`` atomically (never a half file). SceneError or OSError on failure."""
    from core.files import write_text_atomic

    write_text_atomic(path, dumps(scene))


def validate(scene: Scene, check_specs: bool = True) -> None:
    """Raise SceneError if ``scene`` (built in code, e.g. by the GUI) would not load back."""
    from_dict(to_dict(scene) | {"title": scene.title, "description": scene.description}, check_specs)


def check(scene: Scene) -> None:
    """Build the surface and every optimizer of a structurally valid scene; SceneError naming the field."""
    from core import optimizers

    try:
        surface = scene.make_surface()
    except ValueError as exc:   # FormulaError, GraphError, DataError, ModelSurfaceError: ValueErrors
        raise SceneError("model" if scene.model is not None else "surface", _reason(exc)) from None
    for i, run in enumerate(scene.runs):
        try:
            optimizers.check_batch(surface, optimizers.create(run.optimizer))
        except ValueError as exc:
            raise SceneError(f"runs[{i}].optimizer", _reason(exc)) from None


def _reason(exc: ValueError) -> Message:
    """The message of ``exc``, translatable where it is a UserInputError's."""
    return exc.message if isinstance(exc, UserInputError) else Message("{reason}", reason=str(exc))


def range_problem(lo: float, hi: float) -> Message | None:
    """Why ``[lo, hi]`` cannot be an axis range of a view or search box (a one-line Message), or None.

    >>> str(range_problem(1, 1 + 1e-12))
    'the range [1, 1.000000000001] is too narrow: its width must be at least 1e-09'
    """
    pair = f"[{shortest(lo)}, {shortest(hi)}]"
    if not lo < hi:
        return Message("the minimum must be below the maximum, got {pair}", pair=pair)
    size = max(abs(lo), abs(hi))
    if size > MAX_COORDINATE:
        return Message("the coordinates must be within ±{limit}, got {pair}", limit=f"{MAX_COORDINATE:g}", pair=pair)
    minimum = max(MIN_WIDTH, MIN_RELATIVE_WIDTH * size)
    if hi - lo < minimum:
        return Message("the range {pair} is too narrow: its width must be at least {minimum}", pair=pair,
                       minimum=f"{minimum:.3g}")
    return None


# --- field helpers ------------------------------------------------------------------------------

def _required(data: dict, name: str):
    if name not in data:
        raise SceneError(name, "missing")
    return data[name]


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value) -> Message | str:
    """How a JSON value reads in a message: its type, and the value itself when short (``a number (5)``)."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true/false"      # JSON's own words: not translated
    if isinstance(value, (int, float, str)) and len(repr(value)) <= 30:
        shown = json.dumps(value) if not isinstance(value, float) or math.isfinite(value) else str(value)
        if isinstance(value, str):
            return Message("text ({value})", value=shown)
        return Message("a number ({value})", value=shown)
    if isinstance(value, (int, float)):
        return Message("a number")
    if isinstance(value, str):
        return Message("text")
    if isinstance(value, list):
        return Message("a list")
    if isinstance(value, dict):
        return Message("an object")
    return type(value).__name__


def _name(key: str) -> str:
    """A field name from the file for a one-line message: as is if short and printable, else JSON-escaped."""
    shown = key if key.isprintable() and key.isascii() else json.dumps(key)
    return shown if len(shown) <= 40 else shown[:40] + "…"


def _short_int(value: int) -> str:
    """A whole number for a message: with thousands separators, or its first digits and length if long."""
    text = f"{value:,}"
    return text if len(text) <= 30 else f"{str(value)[:12]}… ({len(str(abs(value)))} digits)"


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SceneError(where, "expected a number, got {kind}", kind=_kind(value))
    try:
        value = float(value)
    except OverflowError:       # an integer beyond float64 (about 1.8e308)
        raise SceneError(where, "the number is too large ({value})", value=_short_int(value)) from None
    if not math.isfinite(value):
        raise SceneError(where, "must be a finite number, got {value}", value=str(value))
    return value


def _pair(value, where: str) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise SceneError(where, "expected a pair [a, b] of numbers, got {kind}", kind=_kind(value))
    return _number(value[0], f"{where}[0]"), _number(value[1], f"{where}[1]")


def _box(value, where: str):
    """``[[xmin, xmax], [ymin, ymax]]`` (a view or a domain) as a pair of ranges, or None for null/absent."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise SceneError(where, "expected [[xmin, xmax], [ymin, ymax]] or null")
    box = (_pair(value[0], f"{where}[0]"), _pair(value[1], f"{where}[1]"))
    for i, (lo, hi) in enumerate(box):
        problem = range_problem(lo, hi)
        if problem is not None:
            raise SceneError(f"{where}[{i}]", problem)
    return box


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise SceneError(where, "expected text, got {kind}", kind=_kind(value))
    _check_encodable(value, where)
    if len(value) > MAX_TEXT:
        raise SceneError(where, "too long ({count} characters, at most {limit})", count=len(value), limit=MAX_TEXT)
    return value


def _check_encodable(value: str, where: str) -> None:
    """Refuse text that cannot be written as UTF-8 (a lone surrogate such as the JSON escape \\ud800)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SceneError(where, "holds a character that is not valid text (U+{code}) at position {position}",
                         code=f"{ord(value[exc.start]):04X}", position=exc.start + 1) from None


def _run(item, where: str) -> RunSpec:
    if not isinstance(item, dict):
        raise SceneError(where, "expected an object with an 'optimizer' field, got {kind}", kind=_kind(item))
    unknown = [k for k in item if k not in _RUN_FIELDS]
    if unknown:
        raise SceneError(f"{where}.{_name(unknown[0])}", "unknown field; a run has {fields}",
                         fields=", ".join(_RUN_FIELDS))
    spec = _required_in(item, "optimizer", where)
    if not isinstance(spec, str) or not spec.strip():
        raise SceneError(f"{where}.optimizer", "expected an optimizer spec such as 'adam:lr=0.01', got {kind}",
                         kind=_kind(spec))
    _check_encodable(spec, f"{where}.optimizer")
    color = item.get("color")
    if color is not None and not (isinstance(color, str) and _COLOR.fullmatch(color)):
        raise SceneError(f"{where}.color", "expected a colour '#rrggbb' or null, got {kind}", kind=_kind(color))
    visible = item.get("visible", True)
    if not isinstance(visible, bool):
        raise SceneError(f"{where}.visible", "expected true or false, got {kind}", kind=_kind(visible))
    return RunSpec(optimizer=spec, color=color.lower() if color else None, visible=visible)


def _model(item) -> ModelSpec:
    """The ``model`` field (see the module docstring), checked in form; the graph itself is parsed by check."""
    from core import datasets
    from core import graph as graphs

    if not isinstance(item, dict):
        raise SceneError("model", "expected an object with 'graph' and 'axes', got {kind}", kind=_kind(item))
    unknown = [k for k in item if k not in _MODEL_FIELDS]
    if unknown:
        raise SceneError(f"model.{_name(unknown[0])}", "unknown field; a model has {fields}",
                         fields=", ".join(_MODEL_FIELDS))
    text = _required_in(item, "graph", "model")
    if not isinstance(text, str) or not text.strip():
        raise SceneError("model.graph", "expected the graph's text, got {kind}", kind=_kind(text))
    _check_encodable(text, "model.graph")
    if len(text.encode()) > graphs.MAX_FILE_BYTES:
        raise SceneError("model.graph", "too long (at most {limit} bytes)", limit=graphs.MAX_FILE_BYTES)
    graph_path = item.get("graph_path", "")
    if not isinstance(graph_path, str) or len(graph_path) > MAX_TEXT:
        raise SceneError("model.graph_path", "expected a file path (text), got {kind}", kind=_kind(graph_path))
    _check_encodable(graph_path, "model.graph_path")
    axes = _required_in(item, "axes", "model")
    if not (isinstance(axes, list) and len(axes) == 2 and all(isinstance(a, str) and a for a in axes)):
        raise SceneError("model.axes", "expected two parameter names [P, Q], got {kind}", kind=_kind(axes))
    spec = ModelSpec(text, (axes[0], axes[1]), graph_path)
    data = item.get("data")
    if data is None:
        return spec
    if not isinstance(data, dict):
        raise SceneError("model.data", "expected an object with 'path' and 'sha256', or null, got {kind}",
                         kind=_kind(data))
    unknown = [k for k in data if k not in _DATA_FIELDS]
    if unknown:
        raise SceneError(f"model.data.{_name(unknown[0])}", "unknown field; data has {fields}",
                         fields=", ".join(_DATA_FIELDS))
    for key in ("path", "sha256"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and value and len(value) <= MAX_TEXT):
            raise SceneError(f"model.data.{key}", "expected text or null, got {kind}", kind=_kind(value))
        if value is not None:
            _check_encodable(value, f"model.data.{key}")
    spec.data_path, spec.data_sha256 = data.get("path"), data.get("sha256")
    if spec.data_sha256 is not None and not re.fullmatch(r"[0-9a-f]{64}", spec.data_sha256):
        raise SceneError("model.data.sha256", "expected 64 hexadecimal digits")
    if "rows" not in data and "columns" not in data:
        if spec.data_path is None:
            raise SceneError("model.data", "needs a 'path' or inline 'columns' and 'rows'")
        return spec
    columns, rows = _required_in(data, "columns", "model.data"), _required_in(data, "rows", "model.data")
    if not (isinstance(columns, list) and 0 < len(columns) <= datasets.MAX_COLUMNS
            and all(isinstance(c, str) and c.strip() for c in columns) and len(set(columns)) == len(columns)):
        raise SceneError("model.data.columns", "expected a list of distinct column names, got {kind}",
                         kind=_kind(columns))
    if not isinstance(rows, list) or not rows:
        raise SceneError("model.data.rows", "expected a non-empty list of rows, got {kind}", kind=_kind(rows))
    if len(rows) > datasets.MAX_ROWS:
        raise SceneError("model.data.rows", "too many rows ({count}, at most {limit})", count=len(rows),
                         limit=datasets.MAX_ROWS)
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(columns):
            raise SceneError(f"model.data.rows[{i}]", "expected a list of {count} numbers, got {kind}",
                             count=len(columns), kind=_kind(row))
    spec.data_columns = tuple(columns)
    spec.data_rows = [[_number(v, f"model.data.rows[{i}][{j}]") for j, v in enumerate(row)]
                      for i, row in enumerate(rows)]
    return spec


def _required_in(item: dict, name: str, where: str):
    if name not in item:
        raise SceneError(f"{where}.{name}", "missing")
    return item[name]
