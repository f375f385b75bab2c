"""A scene's model on data: a graph's text, its two axis parameters and the data (``core.scene``'s ``model``).

:class:`ModelSpec` is what a scene stores of a core.model_surface.ModelSurface: the graph's text (a scene is
self-contained; ``graph_path`` only says where it came from), the axes, the data file's path and sha256, and a
small dataset (at most ``MAX_INLINE_ROWS`` rows and ``MAX_INLINE_BYTES`` of JSON) inline, which is then used
instead of the file. :func:`model_spec` makes one from files. Qt-free; NumPy is imported only when data is
read (``optiscope backprop`` imports core.scene and must stay without NumPy).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

MAX_INLINE_ROWS = 1000          # a dataset this small is stored in the scene itself
MAX_INLINE_BYTES = 64_000       # ... when its rows take at most this much JSON


@dataclass
class ModelSpec:
    """A model surface: a graph's text, its two axis parameters and the data (see the module docstring)."""

    graph: str                                     # the graph file's text
    axes: tuple[str, str]                          # (P, Q): the parameters on x and y
    graph_path: str = ""                           # where the text came from (shown; never read back)
    data_path: str | None = None                   # the CSV file of the rows; None: no data
    data_sha256: str | None = None                 # the file's sha256 when it was read
    data_columns: tuple[str, ...] | None = None    # inline data: the column names ...
    data_rows: list[list[float]] | None = None     # ... and the rows (None: read data_path)

    def dataset(self):
        """The data as a core.datasets.Dataset (inline rows, else the file, whose hash must be unchanged), or
        None. DataError (one line naming the file) when the file cannot be read or has changed."""
        import numpy as np

        from core import datasets

        if self.data_rows is not None:
            array = np.array(self.data_rows, dtype=float).reshape(len(self.data_rows), len(self.data_columns))
            # the file's hash when the rows came from one; else one of the rows themselves (names the data)
            digest = self.data_sha256 or hashlib.sha256(json.dumps([list(self.data_columns), self.data_rows])
                                                        .encode()).hexdigest()
            return datasets.Dataset({name: array[:, i].copy() for i, name in enumerate(self.data_columns)},
                                    digest, self.data_path or "<scene>")
        if self.data_path is None:
            return None
        data = datasets.load(self.data_path)
        if self.data_sha256 and data.sha256 != self.data_sha256:
            raise datasets.DataError("{path} has changed since the scene was saved (its sha256 differs); open it "
                                     "again to use its new contents", path=self.data_path)
        return data

    def make_surface(self, domain=None):
        """The core.model_surface.ModelSurface of this model on ``domain`` (None: its default)."""
        from core import graph as graphs
        from core.model_surface import ModelSurface

        g = graphs.parse(self.graph, source=self.graph_path or "<graph>")
        return ModelSurface(g, self.axes[0], self.axes[1], self.dataset(), domain)

    @property
    def label(self) -> str:
        """A short name: the graph file's name and the axes, ``linear_regression.graph (w, b)``."""
        return f"{Path(self.graph_path).name or 'graph'} ({self.axes[0]}, {self.axes[1]})"


def model_spec(graph_path, axes, data_path=None) -> ModelSpec:
    """The ModelSpec of a graph file, axes ("P,Q" or a pair) and an optional CSV file: the graph's text and the
    data's sha256, the data inline when small. The surface is built once to check every part: GraphError,
    DataError or ModelSurfaceError (one line) otherwise."""
    import numpy as np

    from core import datasets, model_surface
    from core import graph as graphs

    text = graphs.read_text(graph_path)
    g = graphs.parse(text, source=str(graph_path))
    data = datasets.load(data_path) if data_path is not None else None
    if isinstance(axes, str):
        parts = [a.strip() for a in axes.split(",")]
        if len(parts) != 2 or not all(parts):
            raise model_surface.ModelSurfaceError("--axes takes two parameter names, P,Q (e.g. w,b); got '{axes}'",
                                                  axes=axes)
    else:
        parts = list(axes)
    model_surface.ModelSurface(g, parts[0], parts[1], data)
    spec = ModelSpec(text, (parts[0], parts[1]), str(graph_path))
    if data is not None:
        spec.data_path, spec.data_sha256 = os.path.abspath(data_path), data.sha256
        rows = np.column_stack([data.column(n) for n in data.names]).tolist()
        if len(rows) <= MAX_INLINE_ROWS and len(json.dumps(rows)) <= MAX_INLINE_BYTES:
            spec.data_columns, spec.data_rows = tuple(data.names), rows
    return spec
