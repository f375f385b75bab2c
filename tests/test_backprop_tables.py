"""core/backprop_tables.py: the numbers written out as a student writes them."""
from pathlib import Path

from core import backprop, graph
from core.backprop import descend
from core.backprop_tables import chain_rule, render, value_text

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "graphs"


def test_value_text_puts_the_numbers_into_the_expression():
    ev = backprop.evaluate(graph.load(EXAMPLES / "leaky_relu_2_2_1.graph"))
    assert value_text(ev, "z_h2") == "z_h2 = w2*x1 + w4*x2 + b2 = 0.2*0 + (-0.6)*1 + (-1.4) = -2"
    assert value_text(ev, "z_y") == "z_y = w5*h1 + w6*h2 = 0.5*0.4 + (-1)*(-0.4) = 0.6"
    assert value_text(ev, "h2") == "h2 = leaky_relu(z_h2, 0.2) = leaky_relu(-2, 0.2) = -0.4"
    assert value_text(ev, "w4") == "w4 = -0.6 (param)"


def test_chain_rule_of_the_loss_a_fan_out_and_a_node_the_loss_does_not_read():
    ev = backprop.evaluate(graph.parse("param a = 2\nd = a^3\nb = 3*a\nloss L = a*b"))
    assert chain_rule(ev, "L") == "dL/dL = 1"
    assert chain_rule(ev, "b") == "dL/db = dL/dL · ∂L/∂b = 1 × 2 = 2"
    # a is read by b and by L (d does not reach the loss): the products in the order the nodes are defined
    assert chain_rule(ev, "a") == "dL/da = dL/db · ∂b/∂a + dL/dL · ∂L/∂a = 2 × 3 + 1 × 6 = 12"
    assert chain_rule(ev, "d") == "dL/dd = 0 (L does not depend on d)"


def test_worksheet_says_where_a_descent_stopped_and_prints_inf_and_nan():
    g = graph.parse("param w = 2\nloss L = exp(w^2)")
    text = render(g, backprop.evaluate(g), descend(g, 10.0, 3), "table")
    assert "Stopped at step 1 of 3: the loss or a gradient is not finite there; 'updated' is the last finite " \
           "point." in text
    g = graph.parse("param z = 0\nloss L = log(z)")
    text = render(g, backprop.evaluate(g), descend(g, 0.1, 1), "md")
    assert "| L | loss | log(z) | -inf |" in text and "| dL/dz | dL/dL · ∂L/∂z = 1 × inf | inf |" in text
