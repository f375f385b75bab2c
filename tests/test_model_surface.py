"""A graph's mean loss over data as a surface of two parameters: values, exact derivatives, kinks, errors."""
import os

import numpy as np
import pytest

from core import analysis, backprop, datasets, model_surface, optimizers
from core.datasets import DataError, Dataset
from core.graph import parse
from core.model_surface import ModelSurface, ModelSurfaceError
from resources import __file__ as _resources

RES = os.path.dirname(_resources)
GRAPHS, DATA = os.path.join(RES, "graphs"), os.path.join(RES, "datasets")
LINEAR = "input x = 1\ninput y = 2\nparam w = 0\nparam b = 0\nyhat = w*x + b\nloss L = (yhat - y)^2"
# the same loss, written so that it is not a polynomial in (w, b): the general (jet) path; |r|^2 = r^2
LINEAR_ABS = LINEAR.replace("(yhat - y)^2", "abs(yhat - y)^2")


def _linear(text=LINEAR):
    return ModelSurface(parse(text), "w", "b", datasets.load(os.path.join(DATA, "linear_regression.csv")))


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_the_linear_regression_minimum_is_the_least_squares_solution():
    s = _linear()
    d = s.data
    X = np.column_stack([d.column("x"), np.ones(d.n_rows)])
    solution = np.linalg.lstsq(X, d.column("y"), rcond=None)[0]
    points = analysis.critical_points(s)
    assert [c.kind for c in points] == ["minimum"]
    assert np.abs(points[0].xy - solution).max() < 1e-10
    assert abs(solution[0] - 1.5) < 0.2 and abs(solution[1] - 0.5) < 0.4       # the formula that made the data


@pytest.mark.parametrize("text", [LINEAR, LINEAR_ABS])
def test_linear_regression_gradient_and_hessian_are_the_hand_derived_ones(text):
    s = _linear(text)
    assert (s._poly is not None) == (text == LINEAR)
    x, y = s.data.column("x"), s.data.column("y")
    n = len(x)
    for w, b in [(0.0, 0.0), (1.3, -0.7), (-2.0, 2.5)]:
        r = w * x + b - y
        assert s.value([w, b]) == pytest.approx(np.mean(r ** 2), rel=1e-13)
        np.testing.assert_allclose(s.grad([w, b]), [2 * np.mean(r * x), 2 * np.mean(r)], rtol=1e-12, atol=1e-12)
        hand = 2 / n * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])
        np.testing.assert_allclose(s.hessian([w, b]), hand, rtol=1e-13)


def test_logistic_regression_with_cross_entropy_has_the_hand_derived_derivatives():
    s = model_surface.load(os.path.join(GRAPHS, "logistic_bce.graph"), "w,b", os.path.join(DATA, "logistic.csv"))
    assert s._poly is None
    x, y = s.data.column("x"), s.data.column("y")
    for w, b in [(1.0, 0.0), (-0.5, 2.0), (3.0, -1.0)]:
        p = _sigmoid(w * x + b)
        bce = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        assert float(s.value([w, b])) == pytest.approx(bce, rel=1e-12)
        np.testing.assert_allclose(s.grad([w, b]), [np.mean((p - y) * x), np.mean(p - y)], rtol=1e-12)
        c = p * (1 - p)
        hand = np.array([[np.mean(c * x * x), np.mean(c * x)], [np.mean(c * x), np.mean(c)]])
        np.testing.assert_allclose(s.hessian([w, b]), hand, rtol=1e-12)


def test_the_slides_numbers_squared_error_after_a_sigmoid_learns_slowly():
    # at o = 5.6 with y = 0 (the example in the graph files, w = 1, x = 5.6, b = 0): dL/do = dL/db
    bce = model_surface.load(os.path.join(GRAPHS, "logistic_bce.graph"), "w,b")
    mse = model_surface.load(os.path.join(GRAPHS, "logistic_mse.graph"), "w,b")
    s = _sigmoid(5.6)
    assert bce.grad([1, 0])[1] == pytest.approx(s, rel=1e-14) and round(s, 4) == 0.9963
    assert mse.grad([1, 0])[1] == pytest.approx(2 * s * s * (1 - s), rel=1e-14)
    assert round(float(mse.grad([1, 0])[1]), 4) == 0.0073


def test_the_2_2_2_slice_agrees_with_backprop_and_its_hessian_with_the_hand_derivation():
    g = parse(open(os.path.join(GRAPHS, "sigmoid_2_2_2.graph")).read())
    s = ModelSurface(g, "w5", "w6")
    assert s.domain == ((0.4 - 3, 0.4 + 3), (0.45 - 3, 0.45 + 3))
    e = backprop.evaluate(g)
    assert float(s.value([0.4, 0.45])) == pytest.approx(e.loss, rel=1e-15)
    np.testing.assert_allclose(s.grad([0.4, 0.45]), [e.grads["w5"], e.grads["w6"]], rtol=1e-14)
    assert e.grads["w5"] == pytest.approx(0.082167041, abs=1e-9)            # the published worked example
    h1, h2 = e.values["out_h1"], e.values["out_h2"]
    for w5, w6 in [(0.4, 0.45), (-1.0, 2.0)]:
        o = _sigmoid(w5 * h1 + w6 * h2 + 0.6)
        d2 = o * (1 - o) * (o * (1 - o) + (o - 0.01) * (1 - 2 * o))          # d^2E/dz^2 for E = (t1 - o)^2/2 + ...
        np.testing.assert_allclose(s.hessian([w5, w6]), d2 * np.array([[h1 * h1, h1 * h2], [h1 * h2, h2 * h2]]),
                                   rtol=1e-12)


@pytest.mark.parametrize("loss, at, grad", [
    ("relu(w*x + b)", (1.0, -1.0), (0.0, 0.0)),               # relu'(0) = 0 (x = 1: w*x + b = 0)
    ("leaky_relu(w*x + b, 0.2)", (1.0, -1.0), (0.2, 0.2)),    # leaky_relu'(0) = slope
    ("abs(w*x + b)", (1.0, -1.0), (0.0, 0.0)),                # abs'(0) = 0
    ("max(w, b)", (0.5, 0.5), (0.5, 0.5)),                    # a tie: half to each
    ("min(w, 2*b)", (1.0, 0.5), (0.5, 1.0)),
    ("max(w, b)", (0.7, 0.5), (1.0, 0.0)),
    ("w^b", (0.0, 2.0), (0.0, 0.0)),                          # torch.pow at a base of 0
])
def test_kinks_follow_pytorch_autograd_and_agree_with_backprop(loss, at, grad):
    g = parse(f"input x = 1\nparam w = 0\nparam b = 0\nloss L = {loss}")
    s = ModelSurface(g, "w", "b")
    assert s.grad(at).tolist() == list(grad)
    e = backprop.evaluate(g, {"w": at[0], "b": at[1]})
    assert [e.grads["w"], e.grads["b"]] == list(grad)


def test_a_power_of_both_axes_has_the_hand_derived_hessian():
    s = ModelSurface(parse("param w = 0\nparam b = 0\nloss L = w^b"), "w", "b")
    a, e = 1.5, 2.0
    la = np.log(a)
    np.testing.assert_allclose(s.grad([a, e]), [e * a ** (e - 1), a ** e * la], rtol=1e-14)
    mixed = a ** (e - 1) * (1 + e * la)
    np.testing.assert_allclose(s.hessian([a, e]), [[e * (e - 1) * a ** (e - 2), mixed], [mixed, a ** e * la * la]],
                               rtol=1e-14)


def test_shapes_blocks_and_the_driver_protocol(monkeypatch):
    s = _linear(LINEAR_ABS)
    pts = np.random.default_rng(0).uniform(-2, 2, (3, 4, 2))
    assert s.value(pts).shape == (3, 4) and s.grad(pts).shape == (3, 4, 2) and s.hessian(pts).shape == (3, 4, 2, 2)
    whole = s.value(pts)
    monkeypatch.setattr(model_surface, "BLOCK", 7)             # one point per block: the same numbers
    np.testing.assert_array_equal(s.value(pts), whole)
    poly = _linear()
    np.testing.assert_allclose(poly.value(pts), whole, rtol=1e-12)
    gx, gy = poly.grad_scalar(0.3, -0.2)
    np.testing.assert_allclose([gx, gy], s.grad([0.3, -0.2]), rtol=1e-12)
    f, rows = s.value_and_grad_rows(pts[..., 0], pts[..., 1])
    np.testing.assert_allclose(rows, np.moveaxis(s.grad(pts), -1, 0), rtol=1e-15)
    opt = optimizers.create("momentum:lr=0.05,momentum=0.9")
    one = optimizers.run(s, opt, [[-1.0, 2.0]], 50)            # the float driver
    many = optimizers.run(s, opt, [[-1.0, 2.0], [0.5, 0.5]], 50)   # the NumPy driver
    np.testing.assert_allclose(many.path[:, 0], one.path[:, 0], rtol=1e-12)


def test_a_minibatch_value_and_gradient_are_the_surface_of_those_rows_alone():
    for text in (LINEAR, LINEAR_ABS):
        s = _linear(text)
        rows = np.array([3, 17, 4, 40])
        sub = Dataset({k: v[rows] for k, v in s.data.columns.items()}, "0")
        alone = ModelSurface(s.graph, "w", "b", sub)
        f, g = s.batch_value_grad([[0.5, -1.0], [2.0, 0.0]], rows)
        np.testing.assert_allclose(f, alone.value([[0.5, -1.0], [2.0, 0.0]]), rtol=1e-13)
        np.testing.assert_allclose(g, alone.grad([[0.5, -1.0], [2.0, 0.0]]), rtol=1e-12, atol=1e-13)
        with pytest.raises(ValueError, match="row indices below 50"):
            s.batch_value_grad([0, 0], [50])


def test_step_gradients_are_each_steps_batch_mean_on_every_call():
    """The polynomial path's gradient code is compiled once per surface: later calls, with other batches,
    still give the hand-derived mean gradient of each step's own rows."""
    s = _linear()
    assert s.polynomial
    x, y = s.data.column("x"), s.data.column("y")
    for batches in ([np.array([3, 17, 4]), np.array([0, 1])], [np.array([40, 2, 9, 11])]):
        grad = s.step_gradients(batches)
        for t, rows in enumerate(batches):
            r = 0.5 * x[rows] - 1.0 - y[rows]                  # w = 0.5, b = -1
            np.testing.assert_allclose(grad(t, 0.5, -1.0), (np.mean(2 * r * x[rows]), np.mean(2 * r)), rtol=1e-12)


def test_predictions_for_the_rows_and_along_a_feature():
    s = _linear()
    x = s.data.column("x")
    np.testing.assert_allclose(s.predict([2.0, -1.0]), 2 * x - 1, rtol=1e-15)
    assert s.output_node() == "yhat"
    np.testing.assert_allclose(s.predict([2.0, -1.0], feature="x", grid=[0, 1, 2]), [-1, 1, 3])
    bce = model_surface.load(os.path.join(GRAPHS, "logistic_bce.graph"), "w,b", os.path.join(DATA, "logistic.csv"))
    assert bce.output_node() == "p"
    np.testing.assert_allclose(bce.predict([1.0, 0.0], feature="x", grid=[0.0]), [0.5])
    with pytest.raises(ModelSurfaceError, match="'w' is not an input of the graph"):
        s.predict([0, 0], feature="w", grid=[0])


def test_a_default_domain_is_centred_on_the_file_values():
    assert model_surface.default_domain(0.0, 10.0) == ((-3.0, 3.0), (-10.0, 30.0))
    s = ModelSurface(parse(LINEAR), "w", "b", domain=((0, 1), (2, 3)))
    assert s.domain == ((0.0, 1.0), (2.0, 3.0))


@pytest.mark.parametrize("axes, words", [
    (("w", "c"), "unknown axis 'c': the graph's parameters are w, b"),
    (("x", "b"), "the axis 'x' is an input, not a parameter; the graph's parameters are w, b"),
    (("yhat", "b"), "the axis 'yhat' is an node, not a parameter"),
    (("w", "w"), "the two axes must be different parameters (both are 'w')"),
])
def test_bad_axes_are_one_line(axes, words):
    with pytest.raises(ModelSurfaceError) as err:
        ModelSurface(parse(LINEAR), *axes)
    assert str(err.value).startswith(words)


def test_bad_axes_text_and_data_that_feeds_nothing_are_one_line():
    path = os.path.join(GRAPHS, "linear_regression.graph")
    with pytest.raises(ModelSurfaceError, match=r"--axes takes two parameter names, P,Q \(e.g. w,b\); got 'w'"):
        model_surface.load(path, "w")
    with pytest.raises(DataError, match="the graph has no inputs"):
        ModelSurface(parse("param w = 1\nparam b = 2\nloss L = w^2 + b^2"), "w", "b",
                     datasets.load(os.path.join(DATA, "xor.csv")))
    with pytest.raises(DataError, match="no column of the data is an input"):
        ModelSurface(parse(LINEAR), "w", "b", Dataset({"u": np.zeros(3)}, "0"))


def test_the_shipped_examples_build_and_xor_has_no_fit():
    xor = model_surface.load(os.path.join(GRAPHS, "xor_neuron.graph"), "w1,w2", os.path.join(DATA, "xor.csv"))
    points = analysis.critical_points(xor)
    assert [(c.kind, round(float(c.value), 12)) for c in points] == [("minimum", 0.25)]
    assert np.abs(points[0].xy).max() < 1e-9


def test_surfaces_of_other_data_or_other_fixed_values_are_told_apart_by_their_formula():
    # analysis caches critical points by (name, formula, box): two different surfaces must differ there
    d = datasets.load(os.path.join(DATA, "linear_regression.csv"))
    half = Dataset({k: v[:25] for k, v in d.columns.items()}, "other")
    a, b = ModelSurface(parse(LINEAR), "w", "b", d), ModelSurface(parse(LINEAR), "w", "b", half)
    c = ModelSurface(parse(LINEAR.replace("input x = 1", "input x = 2")), "w", "b")
    e = ModelSurface(parse(LINEAR), "w", "b")
    assert len({a.formula, b.formula, c.formula, e.formula}) == 4 and a.name == b.name == "L(w, b)"
    assert a.formula.startswith("L = (yhat - y)^2, mean over the 50 rows of linear_regression.csv (sha256 ")
    pa, pb = analysis.critical_points(a), analysis.critical_points(b)
    assert np.abs(pa[0].xy - pb[0].xy).max() > 1e-3


def test_fixed_exponents_differentiate_as_torch_pow():
    """(w x + b - y)^3 + (w^2 + 1)^0.5 + b^0 + (w - b)^2 at x = 2, y = 1, w = 0.5, b = -1.5: by hand."""
    s = ModelSurface(parse("input x = 2\ninput y = 1\nparam w = 0.5\nparam b = -1.5\n"
                           "loss L = (w*x + b - y)^3 + (w^2 + 1)^0.5 + b^0 + (w - b)^2"), "w", "b")
    w, b, r = 0.5, -1.5, 0.5 * 2 - 1.5 - 1
    gw = 3 * r * r * 2 + w / np.sqrt(w * w + 1) + 2 * (w - b)
    gb = 3 * r * r + 0.0 - 2 * (w - b)                       # torch: d/db b^0 = 0
    np.testing.assert_allclose(s.grad(np.array([w, b])), [gw, gb], rtol=1e-15)
    assert float(s.value(np.array([w, b]))) == pytest.approx(r ** 3 + np.sqrt(1.25) + 1 + 4, rel=1e-15)


def test_loss_bounds_hold_on_the_box_and_refuse_what_may_be_undefined():
    from core.model_program import loss_bounds

    data = datasets.load(os.path.join(DATA, "logistic.csv"))
    rng = np.random.default_rng(1)
    for text in ("o = w*x + b\nloss L = softplus(o) - y*o", "loss L = (sigmoid(w*x + b) - y)^2",
                 "loss L = abs(w - b)^3 / (1 + b^2) - tanh(x*w)"):
        s = ModelSurface(parse("input x = 1\ninput y = 1\nparam w = 0\nparam b = 0\n" + text), "w", "b", data)
        lo, hi = loss_bounds(s._program, (-7.0, 5.0), (-2.0, 30.0))
        pts = rng.uniform([-7, -2], [5, 30], (500, 2))
        per_row = s._program.run(pts[:, :1], pts[:, 1:], grad=False)[0]
        assert lo <= per_row.min() and per_row.max() <= hi
    s = ModelSurface(parse("param w = 0\nparam b = 0\nloss L = (w - 1)^2 + 0*b"), "w", "b")
    lo, hi = loss_bounds(s._program, (-2.0, 3.0), (-1.0, 1.0))
    assert lo == pytest.approx(0.0, abs=1e-7) and hi == pytest.approx(9.0, rel=1e-7) and lo <= 0 and hi >= 9
    for text in ("loss L = -y*log(sigmoid(w*x + b))", "loss L = (w*x)^(-1)", "loss L = x / w", "loss L = sqrt(w)",
                 "loss L = exp(w*b)"):
        s = ModelSurface(parse("input x = 1\ninput y = 1\nparam w = 0\nparam b = 0\n" + text), "w", "b", data)
        assert loss_bounds(s._program, (-1000.0, 1000.0), (-1000.0, 1000.0)) is None, text
        assert not s.finite_on_box((-1000.0, 1000.0), (-1000.0, 1000.0))
    # on a box where log's argument stays positive, the same loss is proved finite
    s = ModelSurface(parse("input x = 1\nparam w = 0\nparam b = 0\nloss L = log(w^2 + b)"), "w", "b", data)
    assert s.finite_on_box((-3.0, 3.0), (0.5, 2.0)) and not s.finite_on_box((-3.0, 3.0), (-0.5, 2.0))
