"""Basin maps and learning-rate sweeps: outcomes checked against hand-worked GD on quadratics and known minima."""
import csv
import io
import json
import math

import numpy as np
import pytest
from PIL import Image

import cli
from core import optimizers, surfaces, swarm

HIMMELBLAU_MINIMA = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]


# --- settling ------------------------------------------------------------------------------------------

def test_settle_counts_steps_until_the_run_stays_within_tol():
    targets = np.array([[0.0, 0.0], [5.0, 0.0]])
    runs = [
        [1.0, 0.05, 0.2, 0.05, 0.01],          # in, out again at step 2, in for good from step 3
        [0.05, 0.02, 0.01, 0.0, 0.0],          # within tol from the start: 0 steps
        [1.0, 0.9, 0.8, 0.7, 0.6],             # never close: not converged
        [1.0, 2.0, np.nan, np.nan, np.nan],    # diverged
        [3.0, 4.0, 4.5, 4.99, 5.0],            # ends at the second target after 3 steps
    ]
    path = np.zeros((5, len(runs), 2))
    path[..., 0] = np.array(runs).T
    index, steps = swarm.settle(path, targets, tol=0.1)
    assert index.tolist() == [0, 0, -1, -1, 1]
    assert steps.tolist() == [3, 0, -1, -1, 3]


# --- basin maps ----------------------------------------------------------------------------------------

def test_bowl_every_start_converges_to_the_origin_in_the_hand_counted_steps():
    # GD on x^2 + y^2: p_k = (1 - 2 lr)^k p_0 = 0.8^k p_0 for lr = 0.1, so a start settles within tol
    # after ceil(log(tol / |p_0|) / log(0.8)) steps.
    bm = swarm.basins(surfaces.get("bowl"), "gd:lr=0.1", grid=8, steps=200)
    assert bm.xs.tolist() == pytest.approx([-2.625, -1.875, -1.125, -0.375, 0.375, 1.125, 1.875, 2.625])
    assert [p.xy.tolist() for p in bm.minima] == [[0.0, 0.0]]
    assert bm.tol == pytest.approx(1e-3 * math.hypot(6, 6))
    assert (bm.index == 0).all() and not bm.diverged.any()
    r = np.hypot(*np.meshgrid(bm.xs, bm.ys))
    expected = np.ceil(np.log(bm.tol / r) / np.log(0.8)).astype(int)
    np.testing.assert_array_equal(bm.steps_to_converge, expected)
    assert bm.fractions() == {0: 1.0}
    np.testing.assert_allclose(bm.final, 0.0, atol=1e-12)


def test_himmelblau_gd_start_next_to_each_minimum_ends_in_its_basin():
    s = surfaces.get("himmelblau")
    bm = swarm.basins(s, "gd:lr=0.01", grid=50, steps=500)
    assert len(bm.minima) == 4
    for xy in HIMMELBLAU_MINIMA:
        k = int(np.argmin([np.hypot(*(m.xy - xy)) for m in bm.minima]))
        assert bm.minima[k].xy == pytest.approx(xy, abs=1e-5)
        i, j = np.abs(bm.xs - xy[0]).argmin(), np.abs(bm.ys - xy[1]).argmin()   # the cell holding the minimum
        assert bm.index[j, i] == k
        assert 0 <= bm.steps_to_converge[j, i] < 30
        assert bm.fractions()[k] > 0.15      # four basins of roughly equal size
    assert sum(bm.fractions().values()) == pytest.approx(1.0)
    # every start's end point is within tol of its minimum
    ends = bm.final[bm.index >= 0]
    mins = np.array([m.xy for m in bm.minima])[bm.index[bm.index >= 0]]
    assert np.hypot(*(ends - mins).T).max() <= bm.tol


def test_momentum_crosses_ridges_that_gd_does_not():
    s = surfaces.get("himmelblau")
    gd = swarm.basins(s, "gd:lr=0.01", grid=40, steps=500)
    mom = swarm.basins(s, "momentum:lr=0.01,momentum=0.9", grid=40, steps=500)
    both = (gd.index >= 0) & (mom.index >= 0)
    assert [m.xy.tolist() for m in gd.minima] == [m.xy.tolist() for m in mom.minima]
    assert np.mean(gd.index[both] != mom.index[both]) > 0.05


def test_chunks_give_the_same_map_and_report_progress(monkeypatch):
    s = surfaces.get("himmelblau")
    whole = swarm.basins(s, "adam:lr=0.05", grid=12, steps=100)
    monkeypatch.setattr(swarm, "CHUNK", 37)
    seen = []
    chunked = swarm.basins(s, "adam:lr=0.05", grid=12, steps=100, progress=seen.append)
    np.testing.assert_array_equal(whole.index, chunked.index)
    np.testing.assert_array_equal(whole.steps_to_converge, chunked.steps_to_converge)
    np.testing.assert_array_equal(whole.final, chunked.final)
    assert len(seen) == math.ceil(144 / 37) and seen == sorted(seen) and seen[-1] == 1.0


def test_cancel_stops_a_basin_map(monkeypatch):
    monkeypatch.setattr(swarm, "CHUNK", 10)
    asked, seen = [], []

    def cancel():
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(swarm.Cancelled):
        swarm.basins(surfaces.get("bowl"), "gd", grid=10, steps=10, progress=seen.append, cancel=cancel)
    assert seen == [0.1, 0.2]


def test_diverged_and_undefined_starts_are_marked():
    bm = swarm.basins(surfaces.get("bowl"), "gd:lr=1.5", grid=4, steps=1000)   # factor -2 per step
    assert bm.diverged.all() and (bm.index == -1).all() and (bm.steps_to_converge == -1).all()
    assert bm.fractions() == {-2: 1.0}
    bm = swarm.basins(surfaces.get("x - log(x) + y**2", ((-3, 3), (-3, 3))), "gd:lr=0.1", grid=4, steps=300)
    assert bm.undefined[:, :2].all() and not bm.undefined[:, 2:].any()    # x < 0 in the left half
    assert (bm.index[:, 2:] == 0).all() and bm.minima[0].xy == pytest.approx([1.0, 0.0])
    assert bm.fractions() == {-3: 0.5, 0: 0.5}


def test_degenerate_minimum_is_an_attractor_but_not_a_degenerate_saddle():
    [bottom] = swarm.attractors(surfaces.get("x**4 + y**4"))
    assert bottom.kind == "degenerate" and bottom.xy == pytest.approx([0.0, 0.0])
    assert swarm.attractors(surfaces.get("monkey_saddle")) == []
    assert swarm.attractors(surfaces.get("x**4 - y**2")) == []
    assert [p.xy.tolist() for p in swarm.attractors(surfaces.get("saddle_escape"))] == [[0.0, -1.0], [0.0, 1.0]]


def test_bad_arguments():
    s = surfaces.get("bowl")
    with pytest.raises(ValueError, match="grid"):
        swarm.basins(s, "gd", grid=1)
    with pytest.raises(ValueError, match="too much work"):
        swarm.basins(s, "gd", grid=1000, steps=5000)
    with pytest.raises(ValueError, match="lr"):
        swarm.basins(s, "gd:lr=0")
    with pytest.raises(ValueError, match="lr_range"):
        swarm.sweep(s, ["gd"], (1, 1), lr_range=(0.1, 0.01))
    with pytest.raises(ValueError, match="not defined at the start"):
        swarm.sweep(surfaces.get("log(x) + y**2"), ["gd"], (-1, 1))


def test_basin_map_json_is_strict_json():
    # grid 3: the middle start is the minimum itself and stays there; the others blow up
    bm = swarm.basins(surfaces.get("bowl"), "gd:lr=1.5", grid=3, steps=1000)
    data = json.loads(json.dumps(bm.to_dict(), allow_nan=False))
    assert data["basin"] == [[-1, -1, -1], [-1, 0, -1], [-1, -1, -1]]
    assert data["steps_to_converge"] == [[None, None, None], [None, 0, None], [None, None, None]]
    assert data["diverged"] == [[True, True, True], [True, False, True], [True, True, True]]
    assert data["optimizer"] == "gd:lr=1.5" and data["minima"] == [{"xy": [0.0, 0.0], "value": 0.0, "kind": "minimum"}]


# --- sweeps ----------------------------------------------------------------------------------------------

def test_sweep_on_the_bowl_by_hand():
    # GD on x^2 + y^2 multiplies p by (1 - 2 lr): lr = 0.25 halves it, 0.5 lands on 0 in one step,
    # 1 flips its sign forever (2/lambda_max = 1 is the stability bound), 2 and 4 blow up (x3, x7 per step).
    sw = swarm.sweep(surfaces.get("bowl"), ["gd"], (1.0, 1.0), lr_range=(0.25, 4.0), count=5, steps=1000)
    assert sw.lrs.tolist() == pytest.approx([0.25, 0.5, 1.0, 2.0, 4.0])
    # 0.5^k * sqrt(2) <= tol = 0.0084853 from k = 8 on
    assert sw.steps_to_converge[0].tolist() == [8, 1, -1, -1, -1]
    assert sw.index[0].tolist() == [0, 0, -1, -1, -1]
    assert sw.diverged[0].tolist() == [False, False, False, True, True]
    assert sw.final_loss[0, :2] == pytest.approx([0.0, 0.0], abs=1e-300)
    assert sw.final_loss[0, 2] == pytest.approx(2.0)            # back at (1, 1) after an even number of flips
    assert np.isnan(sw.final_loss[0, 3:]).all()


def test_sweep_gd_converges_below_the_stability_bound_and_not_above():
    sw = swarm.sweep(surfaces.get("bowl"), ["gd", "momentum:momentum=0.5"], (-2.0, 1.5), lr_range=(0.1, 10.0),
                     count=20, steps=1000)
    below, above = sw.lrs < 1 - 1e-9, sw.lrs > 1 + 1e-9
    assert below.sum() == 10 and above.sum() == 10
    assert (sw.index[0, below] == 0).all() and (sw.steps_to_converge[0, below] >= 1).all()
    assert (sw.index[0, above] == -1).all()
    start_loss = 4.0 + 2.25
    assert all(d or loss > start_loss for d, loss in zip(sw.diverged[0, above], sw.final_loss[0, above]))
    # the optimizer of a point keeps its other parameters (to load that run in the GUI)
    opt = sw.optimizer_at(1, 3)
    assert opt.name == "momentum" and opt.params["lr"] == pytest.approx(sw.lrs[3])
    assert {**opt.params, "lr": 0} == {**sw.optimizers[1].params, "lr": 0} and opt.params["momentum"] == 0.5
    tr = optimizers.run(surfaces.get("bowl"), opt, (-2.0, 1.5), 1000)
    assert tr.loss[-1, 0] == sw.final_loss[1, 3]


def test_sweep_progress_cancel_and_outputs():
    seen = []
    sw = swarm.sweep(surfaces.get("himmelblau"), ["gd", "adam"], (-1.0, 1.5), lr_range=(1e-3, 1e-1), count=4,
                     steps=200, progress=seen.append)
    assert seen == pytest.approx([k / 8 for k in range(1, 9)])
    with pytest.raises(swarm.Cancelled):
        swarm.sweep(surfaces.get("bowl"), ["gd"], (1, 1), cancel=lambda: True)
    data = json.loads(json.dumps(sw.to_dict(), allow_nan=False))
    assert [r["optimizer"] for r in data["runs"]] == ["gd", "adam"]
    assert "lr" not in data["runs"][1]["params"] and data["runs"][1]["params"]["beta1"] == 0.9
    assert data["lrs"] == sw.lrs.tolist() == pytest.approx([1e-3, 10 ** (-7 / 3), 10 ** (-5 / 3), 1e-1])
    rows = sw.csv_rows()
    assert rows[0][:3] == ["optimizer", "spec", "lr"] and len(rows) == 1 + 2 * 4
    assert rows[5][0] == "adam" and float(rows[5][2]) == sw.lrs[0]


# --- command line -----------------------------------------------------------------------------------------

def run_cli(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_basins_json_and_png(capsys, tmp_path):
    out = tmp_path / "b.json"
    code, stdout, err = run_cli(capsys, "basins", "--surface", "himmelblau", "--optimizer", "gd:lr=0.01",
                                "--grid", "20", "--steps", "300", "--out", str(out))
    assert (code, stdout, err) == (0, "", "")
    data = json.loads(out.read_text())
    bm = swarm.basins(surfaces.get("himmelblau"), "gd:lr=0.01", grid=20, steps=300)
    assert data["basin"] == bm.index.tolist() and len(data["x"]) == 20 and len(data["minima"]) == 4
    assert data["steps"] == 300 and data["surface"]["name"] == "himmelblau"

    png = tmp_path / "b.png"
    code, _, err = run_cli(capsys, "basins", "--surface", "himmelblau", "--optimizer", "momentum",
                           "--grid", "30", "--out", str(png))
    assert code == 0 and err == ""
    with Image.open(png) as im:
        assert im.format == "PNG" and im.width >= 640 and im.height >= 640
        # the cell holding the minimum (3, 2) is drawn in a basin colour, not grey, black or white
        assert len(set(im.convert("RGB").getpixel((im.width // 2, im.height // 2)))) > 1


def test_cli_sweep_csv_and_png(capsys, tmp_path):
    out = tmp_path / "s.csv"
    code, _, err = run_cli(capsys, "sweep", "--surface", "bowl", "--optimizer", "gd", "--optimizer", "adam",
                           "--start", "-2,1.5", "--lr-range", "0.01,2", "--count", "7", "--steps", "1000",
                           "--out", str(out))
    assert code == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert len(rows) == 1 + 2 * 7 and rows[1][0] == "gd" and rows[8][0] == "adam"
    sw = swarm.sweep(surfaces.get("bowl"), ["gd", "adam"], (-2, 1.5), lr_range=(0.01, 2), count=7, steps=1000)
    assert [float(r[2]) for r in rows[1:8]] == sw.lrs.tolist()
    assert rows[7][3] == "" and rows[7][7] == "diverged"           # gd with lr = 2: x(-3) per step, overflows
    assert rows[1][4] == str(sw.steps_to_converge[0, 0]) and float(rows[1][3]) == sw.final_loss[0, 0]
    png = tmp_path / "s.png"
    code, _, err = run_cli(capsys, "sweep", "--surface", "bowl", "--optimizer", "gd", "--start", "-2,1.5",
                           "--lr-range", "0.01,2", "--count", "7", "--out", str(png))
    assert code == 0 and err == ""
    with Image.open(png) as im:
        assert im.format == "PNG" and im.width > 600


@pytest.mark.parametrize("argv, message", [
    (["basins", "--surface", "bowl", "--optimizer", "gd", "--out", "OUT.txt"], "must end in .png or .json"),
    (["basins", "--surface", "nope", "--optimizer", "gd", "--out", "OUT.png"], "unknown surface"),
    (["basins", "--surface", "bowl", "--optimizer", "gd:lr=-1", "--out", "OUT.png"], "lr"),
    (["basins", "--surface", "bowl", "--optimizer", "gd", "--grid", "1000", "--steps", "2000", "--out", "OUT.json"],
     "too much work"),
    (["sweep", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--lr-range", "1,0.1", "--out",
      "OUT.csv"], "lr-range"),
    (["sweep", "--surface", "log(x)", "--optimizer", "gd", "--start", "-1,1", "--lr-range", "0.1,1", "--out",
      "OUT.png"], "not defined at the start"),
])
def test_cli_bad_input_is_one_line_and_writes_nothing(capsys, tmp_path, argv, message):
    argv = [a.replace("OUT", str(tmp_path / "out")) for a in argv]
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err
    assert list(tmp_path.iterdir()) == []


def test_a_noisy_basin_map_gives_each_cell_its_own_noise_whatever_the_chunks(monkeypatch):
    """Gradient noise depends on the start's index: cell k's run is optimizers.run from that cell alone with
    indices=[k], in one batch or in chunks."""
    s = surfaces.get("himmelblau")
    spec = "gd:lr=0.01,noise=3,seed=7"
    monkeypatch.setattr(swarm, "CHUNK", 5)
    chunked = swarm.basins(s, spec, grid=4, steps=40)
    starts = np.stack(np.meshgrid(chunked.xs, chunked.ys), axis=-1).reshape(-1, 2)
    for k in (0, 6, 13):                                    # in the first, second and third chunk
        alone = optimizers.run(s, optimizers.create(spec), starts[k], 40, indices=[k])
        np.testing.assert_array_equal(chunked.final.reshape(-1, 2)[k], alone.path[-1, 0])
    noiseless = swarm.basins(s, "gd:lr=0.01", grid=4, steps=40)
    assert not np.array_equal(chunked.final, noiseless.final)


def test_sweep_flags_a_slow_divergence_that_has_not_overflowed():
    # GD on 0.5 (3x^2 + 0.4y^2) with lr = 0.68 > 2/3 multiplies x by 1 - 3 lr = -1.04 per step: after 1000 steps
    # f would be 1.5 * 1.04^2000 ~ 1e34, finite (it used to be reported as that final loss, status ok). It leaves
    # the divergence box |x| <= 3000 at step ceil(ln 3000 / ln 1.04) = 205.
    s = surfaces.get("0.5*(3*x**2 + 0.4*y**2)")
    sw = swarm.sweep(s, ["gd"], (1.0, 0.0), lr_range=(0.6, 0.68), count=2, steps=1000)
    assert 1.5 * 1.04**2000 < 1e35
    assert [sw.status(0, j) for j in range(2)] == ["ok", "diverged"]
    assert sw.final_loss[0, 0] < 1e-100 and np.isnan(sw.final_loss[0, 1])
    doc = sw.to_dict()["runs"][0]
    assert doc["status"] == ["ok", "diverged"] and doc["final_loss"][1] is None
    assert sw.csv_rows()[2][-1] == "diverged" and sw.csv_rows()[2][3] == ""


def test_a_step_where_f_is_undefined_is_its_own_outcome_in_sweeps_and_basins():
    s = surfaces.get("log(x) + y^2")
    sw = swarm.sweep(s, ["gd"], (0.5, 1.0), lr_range=(1.0, 1.0), count=1, steps=10)   # x -> -1.5 at step 1
    assert sw.status(0, 0) == "undefined" and not sw.diverged[0, 0] and np.isnan(sw.final_loss[0, 0])
    assert sw.to_dict()["runs"][0]["status"] == ["undefined"]
    bm = swarm.basins(s, "gd:lr=1", grid=2, steps=5)      # starts at x = -1.5 and 1.5 (domain [-3, 3])
    assert bm.undefined.all() and not bm.diverged.any() and bm.fractions() == {-3: 1.0}
