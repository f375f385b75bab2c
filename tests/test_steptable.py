"""Worked step tables: the numbers are the update rule's, computed here by hand."""
import csv
import io

import numpy as np
import pytest

from core import optimizers, quantities, steptable, surfaces
from core.scene import RunSpec, Scene


def _csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_adam_rows_equal_hand_computed_moments():
    # ravine f = 0.1 x^2 + 2 y^2, grad = (0.2 x, 4 y); Adam lr=0.1, beta1=0.9, beta2=0.999 from (1, 1).
    table = steptable.build("ravine", "adam:lr=0.1", (1.0, 1.0), 2)
    rows = _csv_rows(steptable.to_csv([table]))
    assert [r["t"] for r in rows] == ["1", "2"]
    r1, r2 = (({k: float(v) for k, v in r.items() if k not in ("optimizer", "spec", "status")}) for r in rows)
    assert [r["status"] for r in rows] == ["ok", "ok"]
    # step 1: g = (0.2, 4); m = 0.1 g; v = 0.001 g^2; m_hat = g; v_hat = g^2; step = -lr per coordinate
    expected1 = {"g_x": 0.2, "g_y": 4.0, "m_x": 0.02, "m_y": 0.4, "v_x": 0.00004, "v_y": 0.016,
                 "bias1": 0.1, "bias2": 0.001, "m_hat_x": 0.2, "m_hat_y": 4.0,
                 "v_hat_x": 0.04, "v_hat_y": 16.0,
                 "step_x": -0.1, "step_y": -0.1, "new_p_x": 0.9, "new_p_y": 0.9}
    for key, value in expected1.items():
        assert r1[key] == pytest.approx(value, rel=1e-7), key
    # step 2 from (0.9, 0.9): g = (0.18, 3.6)
    m2 = (0.9 * 0.02 + 0.1 * 0.18, 0.9 * 0.4 + 0.1 * 3.6)                  # (0.036, 0.72)
    v2 = (0.999 * 0.00004 + 0.001 * 0.0324, 0.999 * 0.016 + 0.001 * 12.96)  # (0.00007236, 0.028944)
    b1, b2 = 1 - 0.9**2, 1 - 0.999**2                                       # 0.19, 0.001999
    expected2 = {"g_x": 0.18, "g_y": 3.6, "m_x": 0.036, "m_y": 0.72, "v_x": 0.00007236, "v_y": 0.028944,
                 "bias1": 0.19, "bias2": 0.001999, "m_hat_x": m2[0] / b1, "m_hat_y": m2[1] / b1,
                 "v_hat_x": v2[0] / b2, "v_hat_y": v2[1] / b2,
                 "step_x": -0.1 * (m2[0] / b1) / (v2[0] / b2) ** 0.5,
                 "step_y": -0.1 * (m2[1] / b1) / (v2[1] / b2) ** 0.5}
    for key, value in expected2.items():
        assert r2[key] == pytest.approx(value, rel=1e-7), key
    assert r2["p_x"] == pytest.approx(0.9) and r2["new_p_x"] == pytest.approx(0.9 + expected2["step_x"])
    # The Markdown shows the same numbers to 6 significant digits, x row then y row.
    cells = table.cells()
    header = table.header()
    assert header[:5] == ["t", "coord", "p_{t-1}", "f(p_{t-1})", "g"]
    mhat = header.index("m̂")
    assert cells[2][mhat] == "0.189474" and cells[3][mhat] == "3.78947"   # 0.036/0.19, 0.72/0.19
    assert cells[2][header.index("1-β1^t")] == "0.19" and cells[3][header.index("1-β1^t")] == ""
    md = steptable.to_markdown([table])
    assert "| 2 | x | 0.9 | " in md and "m̂" in md and "Adam lr=0.1" in md


def test_momentum_velocity_and_gd_columns():
    # momentum lr=0.1, mu=0.5 on bowl (grad 2p) from (1, -2): b1 = g1 = (2, -4), p1 = (0.8, -1.6);
    # g2 = (1.6, -3.2), b2 = 0.5 b1 + g2 = (2.6, -5.2), p2 = p1 - 0.1 b2 = (0.54, -1.08)
    rows = _csv_rows(steptable.to_csv([steptable.build("bowl", "momentum:lr=0.1,momentum=0.5", (1, -2), 2)]))
    assert float(rows[0]["b_x"]) == pytest.approx(2.0) and float(rows[0]["b_y"]) == pytest.approx(-4.0)
    assert float(rows[1]["b_x"]) == pytest.approx(2.6) and float(rows[1]["b_y"]) == pytest.approx(-5.2)
    assert float(rows[1]["new_p_x"]) == pytest.approx(0.54)
    assert float(rows[1]["new_p_y"]) == pytest.approx(-1.08)
    gd = steptable.build("bowl", "gd:lr=0.25", (1, -2), 1)
    assert [c.key for c in gd.columns] == ["point", "value", "grad", "step", "new_point", "new_value"]
    assert gd.cells()[0] == ["1", "x", "1", "5", "2", "-0.5", "0.5", "1.25"]


def test_latex_is_a_tabular_with_math_cells():
    # From (0.001, 0.001) v is about 4e-11: exponents must be typeset, never left as "4e-11"
    tex = steptable.to_latex([steptable.build("ravine", "adam", (0.001, 0.001), 3)])
    assert tex.count(r"\begin{tabular}{" + "r" * 15 + "}") == 1 and r"\end{tabular}" in tex
    assert r"$\hat m_t$" in tex and r"$1-\beta_2^t$" in tex
    body = [line for line in tex.splitlines() if line.endswith(r"\\")]
    assert len(body) == 1 + 3 * 2                          # header + two rows per step
    assert all(line.count("&") == 14 for line in body)
    assert r"$4 \times 10^{-11}$" in tex
    assert not any("e-" in cell for line in body for cell in line.split("&"))


def test_scene_tables_union_csv_and_hidden_runs():
    scene = Scene("bowl", [RunSpec("gd"), RunSpec("adam", visible=False), RunSpec("rmsprop")],
                  [(1.0, 1.0), (-1.0, 0.5)], steps=10)
    tables = steptable.for_scene(scene, steps=3)
    assert [(t.optimizer.name, t.start) for t in tables] == [
        ("gd", (1.0, 1.0)), ("gd", (-1.0, 0.5)), ("rmsprop", (1.0, 1.0)), ("rmsprop", (-1.0, 0.5))]
    rows = _csv_rows(steptable.to_csv(tables))
    assert len(rows) == 12
    assert rows[0]["v_x"] == "" and rows[6]["v_x"] != ""   # gd has no v; rmsprop does


def test_noisy_scene_tables_follow_each_starts_own_path():
    # with gradient noise, the draws depend on the start's position in the scene: the table of the second
    # start shows the second start's plotted path, not the draws of a first start
    scene = Scene("himmelblau", [RunSpec("adam:lr=0.1,noise=2,seed=5")], [(1.0, 1.0), (-1.0, 0.5)], steps=10)
    tables = steptable.for_scene(scene, steps=4)
    opt = tables[0].optimizer
    path = optimizers.run(surfaces.get("himmelblau"), opt, np.array(scene.starts), 4).path
    for k, table in enumerate(tables):
        np.testing.assert_array_equal([r.new_point for r in table.records], path[1:, k])
    alone = steptable.build("himmelblau", opt, (-1.0, 0.5), 4)            # index 0: other draws
    assert not np.allclose([r.new_point for r in alone.records], path[1:, 1])


def test_diverging_run_stops_the_table():
    table = steptable.build("bowl", "gd:lr=1e300", (1.0, 1.0), 5)
    assert len(table.records) < 5
    assert "inf" in steptable.to_markdown([table]) or "nan" in steptable.to_markdown([table])


def test_number_format():
    f = steptable.format_number
    assert [f(0.001), f(-155.0), f(24025.0), f(6.451612902809574e-05), f(1e-8), f(1234567.0)] == [
        "0.001", "-155", "24025", "6.45161e-5", "1e-8", "1.23457e+6"]


def test_every_recorded_quantity_has_a_readable_name():
    """The tables' headers name every quantity any optimizer records (no raw keys like mu_next in a homework)."""
    from core import optimizers

    specs = [*optimizers.names(), "nesterov:convention=lookahead", "gd:noise=0.1"]
    for spec in specs:
        table = steptable.build("bowl", spec, (1, -2), 1)
        for column in table.columns:
            if column.key not in ("point", "value", "grad", "step", "new_point", "new_value"):
                assert column.key in quantities.QUANTITIES, (spec, column.key)
    nadam = steptable.build("bowl", "nadam", (1, -2), 1)
    assert {"μ_t", "μ_t+1", "v̂"} <= set(nadam.header()) and "mu_next" not in nadam.header()
    latex = steptable.to_latex([steptable.build("bowl", "nesterov:convention=lookahead", (1, -2), 1)])
    assert r"$p_{t-1} + \mu v_{t-1}$" in latex


def test_adam_without_bias_correction_prints_the_rule_it_applies():
    # adam lr=0.05 from (1, -2) on the bowl, g1 = (2, -4): m = 0.1 g, v = 0.001 g². Without bias correction
    # the step is -lr·m/(√v + ε) = -0.05 · 0.2/√0.004 = -0.158114 (a student using m̂ = m/(1-β1) would get -0.05)
    table = steptable.build("bowl", "adam:lr=0.05,bias_correction=false", (1.0, -2.0), 2)
    assert table.optimizer.rule.endswith("p ← p − lr·m/(√v + ε)  (no bias correction)")
    assert "m̂" not in table.optimizer.rule and "v̂" not in table.optimizer.rule
    keys = [c.key for c in table.columns]
    assert not {"bias1", "bias2", "m_hat", "v_hat"} & set(keys)
    md, tex, csv_text = (f([table]) for f in (steptable.to_markdown, steptable.to_latex, steptable.to_csv))
    assert "m̂" not in md and "1-β1^t" not in md and r"\hat" not in tex and "beta_1^t" not in tex
    header = csv_text.splitlines()[0].split(",")
    assert not {"bias1", "m_hat_x", "v_hat_x"} & set(header)
    # follow the printed rule with the printed m and v, to the table's digits
    for rec in table.records:
        m, v, lr_eff = rec.quantities["m"], rec.quantities["v"], rec.quantities["lr_eff"]
        np.testing.assert_allclose(-0.05 * m / (np.sqrt(v) + 1e-8), rec.step, rtol=1e-12)
        np.testing.assert_allclose(-lr_eff * m, rec.step, rtol=1e-12)
    assert table.records[0].step.tolist() == pytest.approx([-0.158114, 0.158114], abs=1e-6)
    assert "| lr_eff = lr/(√v + ε) |" in md


def test_adam_lr_eff_is_the_factor_of_the_printed_rule():
    # with bias correction: Δp = -lr·m̂/(√v̂ + ε) and lr_eff = lr/(√v̂ + ε), named so in the header
    table = steptable.build("bowl", "adam:lr=0.05", (1.0, -2.0), 3)
    assert "lr_eff = lr/(√v̂ + ε)" in table.header()
    assert r"\eta_{\mathrm{eff}} = \mathrm{lr}/(\sqrt{\hat v_t} + \epsilon)" in steptable.to_latex([table])
    for rec in table.records:
        q = rec.quantities
        np.testing.assert_allclose(q["lr_eff"], 0.05 / (np.sqrt(q["v_hat"]) + 1e-8), rtol=1e-12)
        np.testing.assert_allclose(-q["lr_eff"] * q["m_hat"], rec.step, rtol=1e-12)
    assert table.records[0].quantities["lr_eff"].tolist() == pytest.approx([0.025, 0.0125])   # 0.05/|g|
    for spec, text in (("rmsprop:convention=optax", "lr/√(v + ε)"), ("rmsprop", "lr/(√v + ε)"),
                       ("adagrad", "lr/(√s + ε)"), ("amsgrad", "lr/(√v̂ + ε)")):
        assert f"lr_eff = {text}" in steptable.build("bowl", spec, (1.0, -2.0), 1).header()


def test_a_table_says_where_the_run_ended_by_the_runs_own_rule():
    # GD at 1.1 times its bound 2/3 on 0.5 (3x² + 0.4y²): x <- -1.2x leaves |x| <= 3000 at step 44, as run says
    s = surfaces.get("0.5*(3*x**2 + 0.4*y**2)")
    opt = optimizers.create("gd", lr=1.1 * 2 / 3)
    table = steptable.build(s, opt, (1.0, 1.0), 50)
    tr = optimizers.run(s, opt, [(1.0, 1.0)], 50)
    assert table.status == tr.status[0] == "diverged" and len(table.records) == tr.last_finite[0] + 1 == 44
    assert "The run diverged at step 44" in steptable.to_markdown([table])
    assert "% The run diverged at step 44" in steptable.to_latex([table])
    rows = _csv_rows(steptable.to_csv([table]))
    assert [r["status"] for r in rows] == ["ok"] * 43 + ["diverged"]
    # a step to where f is undefined: the iterate is in the table, f(p_t) is nan, and the table says so
    table = steptable.build("log(x) + y^2", "gd:lr=1", (0.5, 1.0), 5)
    assert table.status == "undefined" and "f is undefined at p_t of step 1" in steptable.to_markdown([table])
    assert _csv_rows(steptable.to_csv([table]))[0]["new_f"] == "nan"
    assert steptable.build("bowl", "gd:lr=0.1", (1.0, 1.0), 5).ending == ""


def test_one_description_of_each_quantity_serves_tables_and_the_explain_panel():
    # the step table's header and the panel's words come from core.quantities
    table = steptable.build("bowl", "adam:lr=0.1", (1.0, -2.0), 2)
    m_hat = next(c for c in table.columns if c.key == "m_hat")
    assert (m_hat.text, m_hat.latex) == ("m̂", quantities.QUANTITIES["m_hat"].latex) == ("m̂", r"$\hat m_t$")
    assert quantities.meaning("v", "nesterov") == "v: velocity"
    assert quantities.meaning("v", "rmsprop") == "v: running average of g² (second moment)"
    assert quantities.meaning("u", "adadelta") == "u: average of squared steps"
    assert quantities.meaning("not_a_key", "adam") == "not_a_key"
    # the momentum arrow: the velocity is a displacement; a buffer or first moment points against the step
    v = np.array([0.5, -1.0])
    np.testing.assert_array_equal(quantities.momentum_vector("momentum", {"v": v}), v)
    np.testing.assert_array_equal(quantities.momentum_vector("adam", {"m": v, "v": v * v}), -v)
    np.testing.assert_array_equal(quantities.momentum_vector("rmsprop", {"v": v * v, "buf": v}), -v)
    assert quantities.momentum_vector("adagrad", {"sum": v * v}) is None
