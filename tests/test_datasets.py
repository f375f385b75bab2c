"""Data files: a CSV with a header row becomes named float columns; anything else is one line, naming where."""
import hashlib
import os
import threading

import numpy as np
import pytest

from core import datasets
from core.datasets import DataError, Dataset
from core.graph import parse
from resources import __file__ as _resources

DATA = os.path.join(os.path.dirname(_resources), "datasets")


def _write(tmp_path, text, name="d.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_a_csv_becomes_named_columns_with_its_hash(tmp_path):
    raw = "x, y\n1,2.5\n-0.5,3e-2\n\n.25,+4\n"
    d = datasets.load(_write(tmp_path, raw))
    assert d.names == ("x", "y") and d.n_rows == 3
    assert d.column("x").tolist() == [1.0, -0.5, 0.25] and d.column("y").tolist() == [2.5, 0.03, 4.0]
    assert d.sha256 == hashlib.sha256(raw.encode()).hexdigest() and d.source.endswith("d.csv")


def test_the_shipped_data_files_load_and_are_what_the_tool_makes():
    from tools.make_datasets import FILES, text

    for name, (header, make) in FILES.items():
        path = os.path.join(DATA, name)
        with open(path, encoding="utf-8") as f:
            assert f.read() == text(header, make()), name
        assert datasets.load(path).names == header


@pytest.mark.parametrize("text, words", [
    ("x,y\n1,2\n3,abc\n", "d.csv, line 3, column 'y': 'abc' is not a number"),
    ("x,y\n1,\n", "d.csv, line 2, column 'y': '' is not a number"),
    ("x,y\n1,1_000\n", "'1_000' is not a number"),
    ("x,y\n1,nan\n", "d.csv, line 2, column 'y': nan is not a finite number"),
    ("x,y\n1,-inf\n", "-inf is not a finite number"),
    ("x,y\n1,1e999\n", "1e999 is not a finite number (too large)"),
    ("x,y\n1,2\n3\n", "d.csv, line 3: 1 values where the header names 2 columns"),
    ("x,y\n1,2,3\n", "line 2: 3 values where the header names 2 columns"),
    ("", "d.csv is empty"),
    ("\n\n", "d.csv is empty"),
    ("x,y\n", "d.csv has a header but no rows of data"),
    ("x,x\n1,2\n", "the column name 'x' appears twice"),
    ("x,\n1,2\n", "column 2 has no name"),
    ("1,2\n3,4\n", "the column name '1' is not a name"),
    ('x,"y\n1,2\n', "d.csv, line 2: cannot read the CSV: unexpected end of data"),
    ('x,y\n1,"2\n3"\n', "d.csv, line 3: a quoted value runs over several lines"),
    ('x,y\n1,"2"3\n', "d.csv, line 2: cannot read the CSV"),
    ("x,y\n1,a\x01\n", "'a\\x01' is not a number"),
])
def test_bad_contents_are_one_line_naming_the_place(tmp_path, text, words):
    with pytest.raises(DataError) as err:
        datasets.load(_write(tmp_path, text))
    message = str(err.value)
    assert words in message and "\n" not in message


def test_too_many_rows_and_too_many_bytes_are_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, "x\n" + "1\n" * (datasets.MAX_ROWS + 1))
    with pytest.raises(DataError, match=r"too many rows \(at most 100000\)"):
        datasets.load(path)
    datasets.load(_write(tmp_path, "x\n" + "1\n" * datasets.MAX_ROWS, "ok.csv"))     # the limit itself is fine
    monkeypatch.setattr(datasets, "MAX_BYTES", 100)
    with pytest.raises(DataError, match=r"^d.csv is too large \(at most 100 bytes\)$"):
        datasets.load(path)


@pytest.mark.parametrize("raw", [b"x,y\n1,2\0\n", b"\x89PNG\r\n\x1a\n\xff\xfe", b"x\n\xff\n"])
def test_binary_files_are_refused(tmp_path, raw):
    with pytest.raises(DataError, match=r"^d.csv is not a text \(CSV\) file$"):
        datasets.load(_write(tmp_path, raw))


def test_a_folder_a_fifo_and_a_device_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path in (tmp_path, fifo, "/dev/zero"):
        result = []
        worker = threading.Thread(target=lambda p=path, r=result: r.append(_refusal(p)), daemon=True)
        worker.start()
        worker.join(5)
        assert not worker.is_alive(), path
        assert result == [f"{path} is not a regular file"]


def _refusal(path):
    try:
        datasets.load(path)
    except DataError as exc:
        return str(exc)


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(DataError, match=r"^cannot read .*nothing.csv: No such file or directory$"):
        datasets.load(tmp_path / "nothing.csv")


def test_feeds_maps_columns_to_inputs_and_refuses_data_that_feeds_nothing():
    g = parse("input x = 1\ninput y = 2\ninput scale = 3\nparam w = 0\nloss L = scale*(w*x - y)^2")
    d = Dataset({"x": np.zeros(2), "y": np.ones(2), "extra": np.ones(2)}, "0")
    assert datasets.feeds(g, d) == {"x": "x", "y": "y", "scale": None}
    with pytest.raises(DataError, match="no column of the data is an input of the graph: the columns are a, the "
                                        "inputs x, y, scale"):
        datasets.feeds(g, Dataset({"a": np.zeros(2)}, "0"))
    with pytest.raises(DataError, match="the graph has no inputs"):
        datasets.feeds(parse("param w = 1\nloss L = w^2"), d)
