"""Datasets for models on data: a CSV file with a header row -> :class:`Dataset`, or :class:`DataError`.

A data file is plain UTF-8 text, one example a line, its first line naming the columns::

    x,y
    0.5,1.9
    1.25,3.6

Every cell is a decimal number (``1``, ``-0.5``, ``2.5e-3``); ``nan`` and ``inf`` are refused, as are empty
cells, rows of the wrong length, blank or repeated column names, more than ``MAX_ROWS`` rows or
``MAX_BYTES`` bytes, binary files and anything that is not a regular file (read by core.files.read_limited:
a FIFO or a device never blocks). Every refusal is one line naming the file, and the line and column where
that applies. A column whose name is an ``input`` of a graph feeds that input (:func:`feeds`). Qt-free.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.errors import UserInputError

MAX_ROWS = 100_000
MAX_COLUMNS = 100
MAX_BYTES = 20_000_000        # 100,000 rows of a few columns of full-precision numbers fit easily
MAX_NAME_LENGTH = 64
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


class DataError(UserInputError):
    """A data file that cannot be used: one line saying why."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Named float64 columns of equal length ``n_rows``, in file order.

    ``sha256`` is the hex digest of the file's bytes (a scene records it to notice a changed file);
    ``source`` the path it was read from (or a description).
    """

    columns: dict[str, np.ndarray] = field(repr=False)
    sha256: str
    source: str = "<data>"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.columns)

    @property
    def n_rows(self) -> int:
        return len(next(iter(self.columns.values())))

    def column(self, name: str) -> np.ndarray:
        return self.columns[name]


def load(path: str | os.PathLike) -> Dataset:
    """Read a CSV data file; DataError (one line) for anything wrong with the file or its contents."""
    from core.files import FileTooLarge, NotARegularFile, read_limited

    path = Path(path)
    try:
        raw = read_limited(path, MAX_BYTES)
    except NotARegularFile:
        raise DataError("{path} is not a regular file", path=str(path)) from None
    except FileTooLarge:
        raise DataError("{name} is too large (at most {limit} bytes)", name=path.name, limit=MAX_BYTES) from None
    except OSError as exc:
        raise DataError("cannot read {path}: {reason}", path=str(path), reason=str(exc.strerror or exc)) from None
    return parse_bytes(raw, source=str(path))


def parse_bytes(raw: bytes, source: str = "<data>") -> Dataset:
    """A Dataset from the bytes of a CSV file (``source`` names it in messages)."""
    name = Path(source).name or source
    if b"\0" in raw:
        raise DataError("{name} is not a text (CSV) file", name=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("{name} is not a text (CSV) file", name=name) from None
    return _parse(text, name, hashlib.sha256(raw).hexdigest(), source)


def _parse(text: str, name: str, digest: str, source: str) -> Dataset:
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(rows, None)
        while header is not None and not any(cell.strip() for cell in header):     # leading blank lines
            header = next(rows, None)
        if header is None:
            raise DataError("{name} is empty; the first line names the columns, e.g. x,y", name=name)
        _check_one_line(header, name, rows.line_num)
        columns = _check_header(header, name, rows.line_num)
        data = []
        for cells in rows:
            _check_one_line(cells, name, rows.line_num)
            if not any(cell.strip() for cell in cells):         # blank lines (a final newline, spacing)
                continue
            line = rows.line_num
            if len(cells) != len(columns):
                raise DataError("{name}, line {line}: {count} values where the header names {columns} columns",
                                name=name, line=line, count=len(cells), columns=len(columns))
            if len(data) == MAX_ROWS:
                raise DataError("{name} has too many rows (at most {limit})", name=name, limit=MAX_ROWS)
            data.append([_number(cell, name, line, column) for cell, column in zip(cells, columns)])
    except csv.Error as exc:
        raise DataError("{name}, line {line}: cannot read the CSV: {reason}", name=name, line=rows.line_num,
                        reason=str(exc)) from None
    if not data:
        raise DataError("{name} has a header but no rows of data", name=name)
    array = np.array(data, dtype=float)
    return Dataset({c: np.ascontiguousarray(array[:, i]) for i, c in enumerate(columns)}, digest, source)


def _check_one_line(cells: list[str], name: str, line: int) -> None:
    if any("\n" in cell or "\r" in cell for cell in cells):
        raise DataError("{name}, line {line}: a quoted value runs over several lines (is a quote not closed?)",
                        name=name, line=line)


def _check_header(header: list[str], name: str, line: int) -> list[str]:
    if len(header) > MAX_COLUMNS:
        raise DataError("{name} has too many columns ({count}, at most {limit})", name=name, count=len(header),
                        limit=MAX_COLUMNS)
    columns = [cell.strip() for cell in header]
    for i, column in enumerate(columns, 1):
        if not column:
            raise DataError("{name}, line {line}: column {index} has no name", name=name, line=line, index=i)
        if not column.isidentifier() or len(column) > MAX_NAME_LENGTH or not column.isascii():
            raise DataError("{name}, line {line}: the column name '{column}' is not a name (letters, digits and _, "
                            "not starting with a digit; at most {limit} characters); is the header row missing?",
                            name=name, line=line, column=_shown(column), limit=MAX_NAME_LENGTH)
        if column in columns[:i - 1]:
            raise DataError("{name}, line {line}: the column name '{column}' appears twice", name=name, line=line,
                            column=column)
    return columns


def _number(cell: str, name: str, line: int, column: str) -> float:
    text = cell.strip()
    if not _NUMBER.fullmatch(text):
        if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise DataError("{name}, line {line}, column '{column}': {text} is not a finite number", name=name,
                            line=line, column=column, text=text)
        raise DataError("{name}, line {line}, column '{column}': '{text}' is not a number", name=name, line=line,
                        column=column, text=_shown(text))
    value = float(text)                         # the pattern is a decimal: float() cannot raise, at most inf
    if not math.isfinite(value):
        raise DataError("{name}, line {line}, column '{column}': {text} is not a finite number (too large)",
                        name=name, line=line, column=column, text=_shown(text))
    return value


def _shown(text: str) -> str:
    """A cell for a message: at most 40 characters, control characters escaped (the message stays one line)."""
    text = text[:40]
    return text if text.isprintable() else repr(text)[1:-1]


def feeds(graph, dataset: Dataset) -> dict[str, str | None]:
    """Which column feeds each input of ``graph``: {input name: column name, or None (its value in the file)}.

    A graph input needs a column or a value in the file (the graph grammar gives every input a value, so an
    input without a column keeps it). DataError if the graph has no inputs, or if no column feeds any of them
    (the data would change nothing: surely a wrong file or misspelt names).
    """
    inputs = [n.name for n in graph.inputs]
    if not inputs:
        raise DataError("the graph has no inputs, so data cannot feed it; declare them with 'input NAME = value'")
    fed = {name: (name if name in dataset.columns else None) for name in inputs}
    if not any(fed.values()):
        raise DataError("no column of the data is an input of the graph: the columns are {columns}, the inputs "
                        "{inputs}", columns=", ".join(dataset.names), inputs=", ".join(inputs))
    return fed
