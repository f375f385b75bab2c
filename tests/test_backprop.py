"""core/backprop.py: forward values, exact gradients (PyTorch's rules at kinks), gradient descent and answer
checking, asserted against hand-derived values for the shipped examples and published worked examples."""
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import backprop, graph
from core.backprop import Answer, check, descend, mark_number, parse_answers
from core.errors import UserInputError

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "graphs"
REL = 1e-13


def sig(z):
    return 1 / (1 + math.exp(-z))


def assert_numbers(actual: dict, expected: dict, rel=REL):
    assert set(actual) == set(expected)
    for name, value in expected.items():
        assert actual[name] == pytest.approx(value, rel=rel, abs=1e-15), name


def test_sigmoid_neuron_of_the_slides():
    g = graph.load(EXAMPLES / "sigmoid_neuron.graph")
    ev = backprop.evaluate(g)
    f = sig(1.0)                   # w0*x0 + w1*x1 + w2 = -2 + 6 - 3 = 1
    s = f * (1 - f)                # sigma' = (1 - sigma)*sigma, the only non-trivial local derivative
    assert_numbers(ev.values, {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3, "s0": -2, "s1": 6, "s2": 4, "s3": 1,
                               "L": f})
    # add gates pass s on, multiply gates swap their inputs
    assert_numbers(ev.grads, {"L": 1, "s3": s, "s2": s, "w2": s, "s0": s, "s1": s, "w0": -s, "x0": 2 * s,
                              "w1": -2 * s, "x1": -3 * s})
    # the slides' rounded numbers, by the checker's own rule
    for name, text in [("w0", "-0.20"), ("x0", "0.39"), ("w1", "-0.39"), ("x1", "-0.59"), ("w2", "0.20")]:
        assert mark_number(text, ev.grads[name])[0], name
    assert mark_number("0.73", ev.loss)[0]
    d = descend(g, lr=0.1, steps=1)
    assert_numbers(d.updated, {"w0": 2 + 0.1 * s, "w1": -3 + 0.2 * s, "w2": -3 - 0.1 * s})


def test_sigmoid_2_2_2_network_every_value_gradient_and_update():
    g = graph.load(EXAMPLES / "sigmoid_2_2_2.graph")
    assert [p.name for p in g.params] == [f"w{i}" for i in range(1, 9)]        # biases held fixed: inputs
    ev = backprop.evaluate(g)
    i1, i2, t1, t2, b1, b2 = 0.05, 0.10, 0.01, 0.99, 0.35, 0.60
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55
    net_h1, net_h2 = w1 * i1 + w2 * i2 + b1, w3 * i1 + w4 * i2 + b1
    out_h1, out_h2 = sig(net_h1), sig(net_h2)
    net_o1, net_o2 = w5 * out_h1 + w6 * out_h2 + b2, w7 * out_h1 + w8 * out_h2 + b2
    out_o1, out_o2 = sig(net_o1), sig(net_o2)
    E = 0.5 * (t1 - out_o1) ** 2 + 0.5 * (t2 - out_o2) ** 2
    assert_numbers(ev.values, {"i1": i1, "i2": i2, "t1": t1, "t2": t2, "b1": b1, "b2": b2, "w1": w1, "w2": w2,
                               "w3": w3, "w4": w4, "w5": w5, "w6": w6, "w7": w7, "w8": w8, "net_h1": net_h1,
                               "out_h1": out_h1, "net_h2": net_h2, "out_h2": out_h2, "net_o1": net_o1,
                               "out_o1": out_o1, "net_o2": net_o2, "out_o2": out_o2, "E": E})
    # by hand: delta = dE/dnet, output deltas first, then the hidden ones through both outputs
    d_out_o1, d_out_o2 = -(t1 - out_o1), -(t2 - out_o2)
    d_o1, d_o2 = d_out_o1 * out_o1 * (1 - out_o1), d_out_o2 * out_o2 * (1 - out_o2)
    d_out_h1, d_out_h2 = d_o1 * w5 + d_o2 * w7, d_o1 * w6 + d_o2 * w8
    d_h1, d_h2 = d_out_h1 * out_h1 * (1 - out_h1), d_out_h2 * out_h2 * (1 - out_h2)
    grads = {"E": 1, "out_o1": d_out_o1, "out_o2": d_out_o2, "net_o1": d_o1, "net_o2": d_o2,
             "out_h1": d_out_h1, "out_h2": d_out_h2, "net_h1": d_h1, "net_h2": d_h2,
             "w5": d_o1 * out_h1, "w6": d_o1 * out_h2, "w7": d_o2 * out_h1, "w8": d_o2 * out_h2,
             "w1": d_h1 * i1, "w2": d_h1 * i2, "w3": d_h2 * i1, "w4": d_h2 * i2,
             "b1": d_h1 + d_h2, "b2": d_o1 + d_o2, "i1": d_h1 * w1 + d_h2 * w3, "i2": d_h1 * w2 + d_h2 * w4,
             "t1": t1 - out_o1, "t2": t2 - out_o2}
    assert_numbers(ev.grads, grads, rel=1e-12)
    # the published worked example (9 decimals)
    published = {"net_h1": 0.3775, "out_h1": 0.593269992, "out_h2": 0.596884378, "net_o1": 1.105905967,
                 "out_o1": 0.75136507, "out_o2": 0.772928465, "E": 0.298371109}
    for name, value in published.items():
        assert ev.values[name] == pytest.approx(value, abs=1e-8), name
    assert ev.grads["w5"] == pytest.approx(0.082167041, abs=1e-9)
    assert ev.grads["out_h1"] == pytest.approx(0.036350306, abs=1e-9)
    assert ev.grads["w1"] == pytest.approx(0.000438568, abs=1e-9)
    d = descend(g, lr=0.5, steps=1)
    assert_numbers(d.updated, {n: v - 0.5 * grads[n] for n, v in
                               {"w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5, "w6": w6, "w7": w7,
                                "w8": w8}.items()}, rel=1e-14)
    updated = {"w5": 0.35891648, "w6": 0.408666186, "w7": 0.511301270, "w8": 0.561370121, "w1": 0.149780716,
               "w2": 0.19956143, "w3": 0.24975114, "w4": 0.29950229}
    for name, value in updated.items():
        assert d.updated[name] == pytest.approx(value, abs=1e-8), name


def test_leaky_relu_2_2_1_network_every_value_gradient_and_update():
    g = graph.load(EXAMPLES / "leaky_relu_2_2_1.graph")
    assert [p.name for p in g.params] == ["w1", "w3", "b1", "w2", "w4", "b2", "w5", "w6"]
    ev = backprop.evaluate(g)
    y_hat = sig(0.6)
    assert_numbers(ev.values, {"x1": 0, "x2": 1, "y": 1, "w1": 0.3, "w3": 0.2, "b1": 0.2, "w2": 0.2, "w4": -0.6,
                               "b2": -1.4, "w5": 0.5, "w6": -1, "z_h1": 0.4, "z_h2": -2, "h1": 0.4, "h2": -0.4,
                               "z_y": 0.6, "y_hat": y_hat, "L": 0.5 * (y_hat - 1) ** 2})
    dz = (y_hat - 1) * y_hat * (1 - y_hat)          # dL/dy_hat * dy_hat/dz_y
    dh1, dh2 = dz * 0.5, dz * -1                    # through w5, w6
    dzh1, dzh2 = dh1 * 1, dh2 * 0.2                 # leaky ReLU: 1 above 0, the slope 0.2 below
    grads = {"L": 1, "y_hat": y_hat - 1, "z_y": dz, "w5": dz * 0.4, "w6": dz * -0.4, "h1": dh1, "h2": dh2,
             "z_h1": dzh1, "z_h2": dzh2, "w1": dzh1 * 0, "w3": dzh1 * 1, "b1": dzh1, "w2": dzh2 * 0,
             "w4": dzh2 * 1, "b2": dzh2, "x1": dzh1 * 0.3 + dzh2 * 0.2, "x2": dzh1 * 0.2 + dzh2 * -0.6,
             "y": -(y_hat - 1)}
    assert_numbers(ev.grads, grads, rel=1e-12)
    d = descend(g, lr=0.1, steps=1)
    start = g.defaults()
    assert_numbers(d.updated, {p.name: start[p.name] - 0.1 * grads[p.name] for p in g.params}, rel=1e-14)
    assert d.updated["w5"] == pytest.approx(0.5 + 0.1 * 0.354344 * 0.228784 * 0.4, abs=1e-6)   # 0.5032
    assert mark_number("0.5032", d.updated["w5"])[0]
    # a slip on which input multiplies which weight: using x2 = 1 for w1 (its input is x1 = 0)
    assert not mark_number("0.3041", d.updated["w1"])[0]


def test_batch_normalization_of_two_values():
    g = graph.load(EXAMPLES / "batchnorm_two_values.graph")
    ev = backprop.evaluate(g)
    x, t, eps, gamma, beta = (1.0, 3.0), (-1.0, 1.0), 1e-5, 2.0, 0.5
    mu = (x[0] + x[1]) / 2
    d = (x[0] - mu, x[1] - mu)
    var = (d[0] ** 2 + d[1] ** 2) / 2
    std = math.sqrt(var + eps)
    xhat = (d[0] / std, d[1] / std)
    y = (gamma * xhat[0] + beta, gamma * xhat[1] + beta)
    L = 0.5 * (y[0] - t[0]) ** 2 + 0.5 * (y[1] - t[1]) ** 2
    assert_numbers(ev.values, {"x1": 1, "x2": 3, "eps": eps, "t1": -1, "t2": 1, "gamma": 2, "beta": 0.5, "mu": mu,
                               "d1": d[0], "d2": d[1], "var": var, "std": std, "xhat1": xhat[0], "xhat2": xhat[1],
                               "y1": y[0], "y2": y[1], "L": L})
    dy = (y[0] - t[0], y[1] - t[1])
    dxhat = (gamma * dy[0], gamma * dy[1])
    dstd = -(dxhat[0] * d[0] + dxhat[1] * d[1]) / std**2
    dvar = dstd / (2 * std)
    dd = (dxhat[0] / std + dvar * d[0], dxhat[1] / std + dvar * d[1])
    dmu = -(dd[0] + dd[1])
    grads = {"L": 1, "y1": dy[0], "y2": dy[1], "beta": dy[0] + dy[1], "gamma": dy[0] * xhat[0] + dy[1] * xhat[1],
             "xhat1": dxhat[0], "xhat2": dxhat[1], "std": dstd, "var": dvar, "eps": dvar, "d1": dd[0], "d2": dd[1],
             "mu": dmu, "x1": dd[0] + dmu / 2, "x2": dd[1] + dmu / 2, "t1": -dy[0], "t2": -dy[1]}
    # dL/dx_i is a difference of nearly equal numbers (about 1e-5 of 1): a looser relative tolerance there
    assert_numbers({k: v for k, v in ev.grads.items() if k not in ("x1", "x2")},
                   {k: v for k, v in grads.items() if k not in ("x1", "x2")}, rel=1e-12)
    for name in ("x1", "x2"):
        assert ev.grads[name] == pytest.approx(grads[name], rel=1e-9), name
    # the textbook form of dL/dx_i (N = 2): (N*dxhat_i - sum dxhat - xhat_i*sum(dxhat*xhat)) / (N*std)
    s1, s2 = dxhat[0] + dxhat[1], dxhat[0] * xhat[0] + dxhat[1] * xhat[1]
    for i in (0, 1):
        assert ev.grads[f"x{i + 1}"] == pytest.approx((2 * dxhat[i] - s1 - xhat[i] * s2) / (2 * std), rel=1e-6)
    assert abs(ev.grads["x1"]) < 1e-4           # two values normalize to about (-1, 1) whatever x is
    dsc = descend(g, lr=0.1, steps=1)
    assert_numbers(dsc.updated, {"gamma": gamma - 0.1 * grads["gamma"], "beta": beta - 0.1 * grads["beta"]},
                   rel=1e-12)


@pytest.mark.parametrize("text, grads", [
    ("param z = 0\nloss L = relu(z)", {"z": 0.0}),                 # relu'(0) = 0
    ("param z = 0\nloss L = leaky_relu(z)", {"z": 0.01}),          # leaky_relu'(0) = slope
    ("param z = 0\nloss L = leaky_relu(z, 0.2)", {"z": 0.2}),
    ("param z = 0\nloss L = abs(z)", {"z": 0.0}),                  # abs'(0) = 0
    ("param z = 0\nloss L = sqrt(z)", {"z": math.inf}),            # sqrt'(0) = inf
    ("param a = 1\nparam b = 1\nloss L = max(a, b)", {"a": 0.5, "b": 0.5}),     # ties: half each
    ("param a = 1\nparam b = 1\nloss L = min(a, b)", {"a": 0.5, "b": 0.5}),
    ("param a = 2\nparam b = 1\nloss L = max(a, b) + 3*min(a, b)", {"a": 1.0, "b": 3.0}),
    ("param a = 1\nloss L = max(a, a)", {"a": 1.0}),
    ("param z = 0\nloss L = z^0", {"z": 0.0}),                     # torch.pow: 0 for the base when b = 0
    ("param z = 0\nloss L = 0^z", {"z": 0.0}),                     # and for the exponent when a = 0, b >= 0
    ("param z = 2\nloss L = 3^z", {"z": 9 * math.log(3)}),
    ("param z = -1\nloss L = relu(z)*5 + leaky_relu(z, 0.2)", {"z": 0.2}),
])
def test_kinks_follow_pytorch_autograd(text, grads):
    ev = backprop.evaluate(graph.parse(text))
    for name, value in grads.items():
        assert ev.grads[name] == value, name


@pytest.mark.parametrize("text, value, grad", [
    ("param z = 0\nloss L = log(z)", -math.inf, math.inf),
    ("param z = -1\nloss L = log(z)", math.nan, -1.0),
    ("param z = -1\nloss L = sqrt(z)", math.nan, math.nan),
    ("param z = 1\nloss L = z/0", math.inf, math.inf),
    ("param z = 0\nloss L = z/0", math.nan, math.inf),
    ("param z = 800\nloss L = exp(z)", math.inf, math.inf),
    ("param z = -8\nloss L = z^0.5", math.nan, math.nan),
    ("param z = 0\nloss L = z^-1", math.inf, -math.inf),
    ("param z = -800\nloss L = sigmoid(z)", 0.0, 0.0),
    ("param z = 800\nloss L = softplus(z)", 800.0, 1.0),
    ("param z = -1000\nloss L = relu(z)", 0.0, 0.0),
])
def test_values_are_ieee_as_in_torch_never_an_exception(text, value, grad):
    ev = backprop.evaluate(graph.parse(text))
    for actual, expected in ((ev.loss, value), (ev.grads["z"], grad)):
        assert actual == expected or (math.isnan(actual) and math.isnan(expected))


def test_edges_are_the_chain_rule_factors_in_the_order_a_student_writes_them():
    g = graph.parse("param a = 3\ninput b = 2\nc = a*b + a^2\nd = sigmoid(c)\nloss L = d*c")
    ev = backprop.evaluate(g)
    c, d = 3 * 2 + 9, sig(15.0)
    # gate by gate from the loss back; a repeated use of a name is one edge with the partials summed
    assert [(e.src, e.dst) for e in ev.edges] == [("d", "L"), ("c", "L"), ("c", "d"), ("a", "c"), ("b", "c")]
    local = {(e.src, e.dst): e.local for e in ev.edges}
    assert local[("a", "c")] == 2 + 2 * 3 and local[("b", "c")] == 3
    assert local[("d", "L")] == c and local[("c", "L")] == d
    assert local[("c", "d")] == pytest.approx(d * (1 - d), rel=1e-15)
    for e in ev.edges:
        assert e.product == ev.grads[e.dst] * e.local
    for name in ("a", "b", "c", "d"):            # a copy (fan-out) sums the products
        assert ev.grads[name] == pytest.approx(sum(e.product for e in ev.edges_from(name)), rel=1e-15)
    assert [e.dst for e in ev.edges_from("c")] == ["d", "L"]      # in file order of the consumers


def test_a_node_the_loss_does_not_read_has_gradient_zero_and_no_edges():
    # d = sqrt(z) at z = 0 would send 0*inf = nan into dL/dz if it were swept: torch leaves it out too
    ev = backprop.evaluate(graph.parse("param z = 0\nd = sqrt(z)\nloss L = 3*z"))
    assert ev.grads == {"z": 3.0, "d": 0.0, "L": 1.0}
    assert [(e.src, e.dst) for e in ev.edges] == [("z", "L")]


def test_evaluate_with_other_values():
    g = graph.load(EXAMPLES / "sigmoid_neuron.graph")
    ev = backprop.evaluate(g, {"w2": -4.0})
    assert ev.loss == sig(0.0) == 0.5 and ev.grads["w2"] == 0.25
    with pytest.raises(KeyError):
        backprop.evaluate(g, {"s0": 1.0})


def test_descent_steps_and_losses():
    d = descend(graph.parse("param w = 3\nparam v = -1\nloss L = w^2 + 2*v^2"), lr=0.1, steps=3)
    # w <- w - 0.1*2w = 0.8w, v <- v - 0.1*4v = 0.6v
    assert len(d.points) == 4
    for k, p in enumerate(d.points):
        assert p == pytest.approx({"w": 3 * 0.8**k, "v": -(0.6**k)}, rel=1e-14)
    assert d.losses == pytest.approx([p["w"] ** 2 + 2 * p["v"] ** 2 for p in d.points], rel=1e-15)
    assert d.stopped is None and d.steps == 3 and d.updated == d.points[-1]
    assert descend(graph.parse("param w = 3\nloss L = w^2"), 0.1, 0).points == [{"w": 3.0}]


def test_descent_stops_at_the_first_point_that_is_not_finite():
    d = descend(graph.parse("param w = 2\nloss L = exp(w^2)"), lr=10.0, steps=5)
    assert d.stopped == 1 and len(d.points) == 1 and math.isfinite(d.losses[-1])
    with pytest.raises(ValueError, match="learning rate"):
        descend(graph.parse("param w = 2\nloss L = w"), lr=-1)
    with pytest.raises(ValueError, match="steps"):
        descend(graph.parse("param w = 2\nloss L = w"), steps=backprop.MAX_DESCENT_STEPS + 1)


@pytest.mark.parametrize("text, exact, right, unit", [
    ("0.51", 0.5087, True, "0.01"),          # the example: written to two places
    ("0.50", 0.5087, True, "0.01"),          # truncated instead of rounded: within one unit too
    ("0.52", 0.5087, False, "0.01"),
    ("0.5087", 0.50872, True, "0.0001"),
    ("0.5088", 0.50872, True, "0.0001"),
    ("0.5089", 0.50872, False, "0.0001"),
    ("-0.39", -0.3932, True, "0.01"),
    ("0.39", -0.3932, False, "0.01"),
    ("3", 3.9, True, "1"),
    ("1.2e-3", 0.00125, True, "0.0001"),
    ("1.20e-3", 0.00125, False, "0.00001"),
    ("+0.2", 0.19661, True, "0.1"),
    ("7", math.nan, False, "1"),
])
def test_mark_number_is_right_within_one_unit_of_the_last_digit(text, exact, right, unit):
    assert mark_number(text, exact) == (right, unit)


@pytest.mark.parametrize("text, exact, rounded", [
    ("0.51", 0.503243, "0.50"), ("0.5", 0.503243, "0.5"), ("1.2e-3", 0.00125, "0.0013"), ("3", -2.6, "-3"),
    ("1", math.inf, ""),
])
def test_rounded_like_rounds_the_exact_value_to_the_digits_written(text, exact, rounded):
    assert backprop.rounded_like(text, exact) == rounded


@pytest.mark.parametrize("text", ["", "abc", "0x10", "1,5", "nan", "inf", "−0.5", "1e5000", "1_000", "0.5.1"])
def test_mark_number_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        mark_number(text, 1.0)


def test_check_marks_values_gradients_and_updates():
    g = graph.load(EXAMPLES / "sigmoid_neuron.graph")
    ev, d = backprop.evaluate(g), descend(g, 0.1, 1)
    answers = parse_answers("name,value,grad,updated\nL,0.73,1,\nw0,2,-0.2,2.02\nx1,-2,0.59,\ns3,,0.2\n", g)
    assert answers == [Answer("L", "value", "0.73"), Answer("L", "grad", "1"), Answer("w0", "value", "2"),
                       Answer("w0", "grad", "-0.2"), Answer("w0", "updated", "2.02"),
                       Answer("x1", "value", "-2"), Answer("x1", "grad", "0.59"), Answer("s3", "grad", "0.2")]
    marks = check(ev, answers, d)
    assert [m.right for m in marks] == [True, True, True, True, True, True, False, True]
    assert marks[6].exact == ev.grads["x1"] and marks[6].given == "0.59"


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("node,value\nL,1\n", "header must be name,value,grad"),
    ("name,value,loss\nL,1,2\n", "header must be"),
    ("name,value,value\nL,1,2\n", "header must be"),
    ("name,value,grad\nq,1,2\n", "answers line 2: 'q' is not a node"),
    ("name,value,grad\nL,1,2\nL,1,2\n", "answers line 3: 'L' is already answered on line 2"),
    ("name,value,grad\nL,one,2\n", "answers line 2: the value of L is not a number: one"),
    ("name,value,grad\nL,1,2,3\n", "answers line 2: 4 cells"),
    ("name,value,grad,updated\nx0,1,2,3\n", "only a parameter has an updated value"),
    ('name,value\n"a\nb",1\n', "answers line 2: 'a\\nb' is not a node"),
    ('name,value\nL,"1\n"\nw9,3\n', "answers line 4: 'w9' is not a node"),     # lines, not rows, counted
    ("name,value\nL,1\n\n\nw9,3\n", "answers line 5: 'w9'"),
])
def test_bad_answers_are_one_line_naming_the_line(text, words):
    g = graph.load(EXAMPLES / "sigmoid_neuron.graph")
    with pytest.raises(ValueError) as info:
        parse_answers(text, g)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_the_graph_of_every_built_in_surface_has_the_surfaces_exact_gradient():
    import numpy as np

    from core import surfaces

    for name in surfaces.names():
        surface = surfaces.get(name)
        for x, y in [(0.3, -0.7), (-1.1, 0.4), (1.5, 1.25)]:
            ev = backprop.evaluate(graph.from_formula(surface.formula, at=(x, y)))
            value = float(surface.value(np.array([x, y])))
            grad = surface.grad(np.array([x, y]))
            assert ev.loss == pytest.approx(value, rel=1e-12, abs=1e-12), name
            assert [ev.grads["x"], ev.grads["y"]] == pytest.approx(grad.tolist(), rel=1e-11, abs=1e-11), name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="name,valuegrdpt\n\r\"x0w1L -.5e3é\x00;", max_size=80))
def test_any_answers_text_gives_answers_or_one_line(text):
    g = graph.load(EXAMPLES / "sigmoid_neuron.graph")
    ev, d = backprop.evaluate(g), descend(g, 0.1, 1)
    try:
        answers = parse_answers(text, g)
    except UserInputError as exc:
        assert "\n" not in str(exc)
        return
    for m in check(ev, answers, d):
        assert isinstance(m.right, bool) and m.unit


def test_descent_on_a_formula_graph_is_the_apps_gradient_descent():
    import numpy as np

    from core import optimizers, surfaces

    surface = surfaces.get("rosenbrock")
    d = descend(graph.from_formula(surface.formula, at=(-1.2, 1.0)), lr=0.001, steps=50)
    run = optimizers.run(surface, optimizers.create("gd:lr=0.001"), [(-1.2, 1.0)], 50)
    path = np.array([[p["x"], p["y"]] for p in d.points])
    np.testing.assert_allclose(path, run.path[:, 0], rtol=1e-12)
    np.testing.assert_allclose(d.losses, run.loss[:, 0], rtol=1e-12)
