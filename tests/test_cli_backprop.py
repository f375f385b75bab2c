"""`optiscope backprop`: the JSON contract, the worksheets, --check, --surface, one-line errors with status 2."""
import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from core import backprop, graph
from core.backprop import descend

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "graphs"
NEURON = str(EXAMPLES / "sigmoid_neuron.graph")
NET = str(EXAMPLES / "sigmoid_2_2_2.graph")


def run_cli(capsys, *argv):
    code = cli.main(["backprop", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_exactly_the_contract_shape_and_every_digit(capsys):
    code, out, err = run_cli(capsys, NET, "--lr", "0.5", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["graph", "lr", "steps", "loss", "nodes", "params", "history"]
    assert data["graph"] == NET and data["lr"] == 0.5 and data["steps"] == 1
    g = graph.load(NET)
    ev = backprop.evaluate(g)
    assert data["loss"] == {"name": "E", "value": ev.loss}
    assert [list(n) for n in data["nodes"]] == [["name", "kind", "expr", "value", "grad"]] * len(g.nodes)
    assert data["nodes"][14] == {"name": "net_h1", "kind": "node", "expr": "w1*i1 + w2*i2 + b1",
                                 "value": ev.values["net_h1"], "grad": ev.grads["net_h1"]}
    assert [list(p) for p in data["params"]] == [["name", "value", "grad", "updated"]] * 8
    w5 = next(p for p in data["params"] if p["name"] == "w5")
    assert w5["updated"] == descend(g, 0.5, 1).updated["w5"] and abs(w5["updated"] - 0.35891648) < 1e-8
    assert data["history"] == [{"step": 0, "loss": ev.loss}, {"step": 1, "loss": descend(g, 0.5, 1).losses[1]}]


def test_steps_give_the_loss_after_each_and_updated_after_the_last(capsys):
    code, out, _ = run_cli(capsys, NEURON, "--steps", "4", "--lr=0.2", "--format=json")
    data = json.loads(out)
    d = descend(graph.load(NEURON), 0.2, 4)
    assert [h["loss"] for h in data["history"]] == d.losses and len(d.losses) == 5
    assert {p["name"]: p["updated"] for p in data["params"]} == d.points[4]
    assert {p["name"]: p["value"] for p in data["params"]} == d.points[0]


def test_table_worksheet_writes_out_every_chain_rule_product(capsys):
    code, out, _ = run_cli(capsys, NEURON)
    assert code == 0
    assert "Forward pass" in out and "Backward pass, from the loss L back" in out
    assert "s0    node   w0*x0        -2" in out
    assert "dL/dw0    dL/ds0 · ∂s0/∂w0 = 0.196612 × (-1)  -0.196612" in out
    assert "w0         2      -0.196612  2.01966" in out


def test_fan_out_sums_its_products_in_the_worksheet(capsys):
    code, out, _ = run_cli(capsys, NET, "--lr", "0.5", "--format", "md")
    line = next(r for r in out.splitlines() if r.startswith("| dE/dout_h1 |"))
    assert line == ("| dE/dout_h1 | dE/dnet_o1 · ∂net_o1/∂out_h1 + dE/dnet_o2 · ∂net_o2/∂out_h1 = "
                    "0.138499 × 0.4 + (-0.0380982) × 0.5 | 0.0363503 |")
    assert "| w5 | 0.4 | 0.082167 | 0.358916 |" in out
    assert out.startswith("# Backpropagation: ") and "## Forward pass" in out


def test_latex_worksheet_is_tabulars_with_escaped_names(capsys):
    code, out, _ = run_cli(capsys, NET, "--format", "tex")
    assert out.count(r"\begin{tabular}") == 4 == out.count(r"\end{tabular}")
    assert r"net\_h1 & node & w1*i1 + w2*i2 + b1 & 0.3775 \\" in out
    assert r"dE/dw1 & dE/dnet\_h1 $\cdot$ $\partial$net\_h1/$\partial$w1 = 0.00877135 $\times$ 0.05" in out
    assert "_" not in out.replace(r"\_", "")


def test_csv_has_one_row_per_node_with_every_digit(capsys):
    code, out, _ = run_cli(capsys, NET, "--format", "csv", "--lr", "0.5")
    rows = list(csv.DictReader(io.StringIO(out)))
    g = graph.load(NET)
    ev = backprop.evaluate(g)
    assert [r["name"] for r in rows] == [n.name for n in g.nodes]
    for r in rows:
        assert float(r["value"]) == ev.values[r["name"]] and float(r["grad"]) == ev.grads[r["name"]]
    assert float(next(r for r in rows if r["name"] == "w1")["updated"]) == descend(g, 0.5, 1).updated["w1"]
    assert next(r for r in rows if r["name"] == "i1")["updated"] == ""


def test_surface_at_a_point(capsys):
    code, out, err = run_cli(capsys, "--surface", "x^2 - 3*y^2", "--at", "1,-2", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["graph"] == "f(x, y) = x^2 - 3*y^2"
    assert {p["name"]: (p["value"], p["grad"], p["updated"]) for p in data["params"]} == {
        "x": (1.0, 2.0, 1 - 0.1 * 2), "y": (-2.0, 12.0, -2 - 0.1 * 12)}
    assert data["loss"] == {"name": "f", "value": -11.0}


def test_check_marks_right_and_wrong_and_exits_zero(capsys, tmp_path):
    answers = tmp_path / "answers.csv"
    # w5's gradient right to 4 digits; w1's with the inputs swapped (i2 for i1): wrong, with the product shown
    answers.write_text("name,value,grad,updated\nE,0.2984,,\nw5,,0.08217,0.3589\nw1,,0.000877,\n", encoding="utf-8")
    code, out, err = run_cli(capsys, NET, "--lr", "0.5", "--check", str(answers))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["name", "quantity", "yours", "exact", "mark", "how"]
    assert lines[1].split()[:5] == ["E", "value", "0.2984", "0.298371", "right"]
    assert lines[2].split()[:5] == ["w5", "grad", "0.08217", "0.082167", "right"]
    assert lines[3].split()[:5] == ["w5", "updated", "0.3589", "0.358916", "right"]
    assert lines[4].split()[:5] == ["w1", "grad", "0.000877", "0.000438568", "wrong"]
    assert "dE/dw1 = dE/dnet_h1 · ∂net_h1/∂w1 = 0.00877135 × 0.05 = 0.000438568" in lines[4]
    assert "3 right, 1 wrong" in out
    code, out, _ = run_cli(capsys, NET, "--lr", "0.5", "--check", str(answers), "--format", "json")
    data = json.loads(out)
    assert (data["right"], data["wrong"]) == (3, 1) and data["marks"][3]["right"] is False
    assert data["marks"][3]["exact"] == backprop.evaluate(graph.load(NET)).grads["w1"]


def test_a_right_number_that_is_not_the_rounding_says_what_the_rounding_is(capsys, tmp_path):
    # w5 after one step is 0.503243: 0.51 is within one unit of its last digit (right), yet rounds to 0.50
    answers = tmp_path / "answers.csv"
    answers.write_text("name,updated\nw5,0.51\nw6,-1.003\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, str(EXAMPLES / "leaky_relu_2_2_1.graph"), "--check", str(answers))
    lines = out.splitlines()
    assert code == 0 and lines[1].endswith("right  within one unit of the last digit; 0.503243 rounds to 0.50")
    assert lines[2].split() == ["w6", "updated", "-1.003", "-1.00324", "right"]


def test_out_writes_the_file(capsys, tmp_path):
    out = tmp_path / "sheet.md"
    code, stdout, _ = run_cli(capsys, NEURON, "--format", "md", "--out", str(out))
    assert code == 0 and stdout == "" and out.read_text(encoding="utf-8").startswith("# Backpropagation")


@pytest.mark.parametrize("argv, words", [
    ([], "give a GRAPH_FILE or --surface"),
    ([NEURON, "--surface", "x^2", "--at", "1,2"], "one of the two"),
    (["--surface", "x^2"], "--surface and --at go together"),
    (["missing.graph"], "cannot read missing.graph"),
    ([NEURON, "--lr", "-1"], "must be a finite number >= 0"),
    ([NEURON, "--lr", "nan"], "must be a finite number >= 0"),
    ([NEURON, "--steps", "10001"], "between 0 and 10000"),
    ([NEURON, "--format", "png"], "invalid choice"),
    (["--surface", "x + __import__('os')", "--at", "0,0"], "line 1, column 5: unknown function '__import__'"),
    ([NEURON, "--check", "missing.csv"], "cannot read missing.csv"),
])
def test_bad_input_is_one_line_and_status_2(capsys, argv, words):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and words in err, err


def test_a_bad_graph_file_names_its_line_and_column_and_writes_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.graph"
    bad.write_text("param w = 1\nloss L = w + v\n", encoding="utf-8")
    target = tmp_path / "out.json"
    code, out, err = run_cli(capsys, str(bad), "--out", str(target))
    assert code == 2 and err == "error: line 2, column 14: unknown name 'v'; define it on an earlier line\n"
    assert not target.exists() and list(tmp_path.iterdir()) == [bad]


def test_bad_answers_exit_2(capsys, tmp_path):
    answers = tmp_path / "a.csv"
    answers.write_text("name,value,grad\nnope,1,2\n", encoding="utf-8")
    code, _, err = run_cli(capsys, NEURON, "--check", str(answers))
    assert code == 2 and err == "error: answers line 2: 'nope' is not a node of the graph\n"


def test_a_descent_that_leaves_the_finite_numbers_says_so(capsys, tmp_path):
    g = tmp_path / "blow.graph"
    g.write_text("param w = 2\nloss L = exp(w^2)\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, str(g), "--lr", "10", "--steps", "3")
    assert code == 0 and "Stopped at step 1 of 3" in out
    code, out, _ = run_cli(capsys, str(g), "--lr", "10", "--steps", "3", "--format", "json")
    data = json.loads(out)
    assert data["steps"] == 3 and len(data["history"]) == 1 and data["params"][0]["updated"] == 2.0


def test_non_finite_numbers_are_null_in_json(capsys, tmp_path):
    g = tmp_path / "log.graph"
    g.write_text("param z = 0\nloss L = log(z)\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, str(g), "--format", "json")
    data = json.loads(out)
    assert data["loss"]["value"] is None and data["nodes"][0]["grad"] is None
    code, out, _ = run_cli(capsys, str(g), "--format", "csv")
    assert "L,loss,log(z),-inf,1.0," in out and math.isinf(float(out.splitlines()[1].split(",")[4]))


def test_the_process_does_not_import_numpy_or_qt():
    code = ("import sys, cli\n"
            f"cli.main(['backprop', {NET!r}, '--format', 'json'])\n"
            "bad = [m for m in ('numpy', 'sympy', 'PySide6', 'pyqtgraph') if m in sys.modules]\n"
            "sys.stderr.write(repr(bad))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == "[]", proc.stderr


def test_surface_may_name_a_built_in_surface(capsys):
    code, out, err = run_cli(capsys, "--surface", "rosenbrock", "--at", "-1,2", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["graph"] == "f(x, y) = (1 - x)^2 + 100*(y - x^2)^2"
    # df/dx = -2(1 - x) - 400x(y - x^2) = -4 + 400, df/dy = 200(y - x^2) = 200
    assert [(p["name"], p["grad"]) for p in data["params"]] == [("x", 396.0), ("y", 200.0)]
    code, out, err = run_cli(capsys, "--surface", "nosuch", "--at", "0,0")
    assert code == 2 and err.startswith("error: unknown surface 'nosuch'")


def test_an_error_is_the_only_line_on_stderr(tmp_path):
    # "1if w" parses with a SyntaxWarning that Python prints to stderr unless the parser silences it
    bad = tmp_path / "warn.graph"
    bad.write_text("param w = 1\nloss L = 1if w else 2\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "main.py", "backprop", str(bad)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("error: line 2, column 10: ") and proc.stderr.count("\n") == 1, proc.stderr
