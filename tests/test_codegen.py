"""The built-ins' generated code is current, and using them needs no sympy."""
import subprocess
import sys
from pathlib import Path

import numpy as np

from core import codegen, surfaces
from core.formula import parse

ROOT = Path(__file__).resolve().parents[1]


def test_builtin_code_is_generated_from_the_current_formulas():
    assert codegen.BUILTIN_CODE.read_text(encoding="utf-8") == codegen.builtin_module_source(), \
        "core/builtin_code.py is stale: run python -m core.codegen"


def test_generated_builtins_agree_with_a_run_time_compile():
    rng = np.random.default_rng(5)
    for name in surfaces.names():
        s = surfaces.get(name)
        fresh = codegen.compile_expr(parse(s.formula))
        (x0, x1), (y0, y1) = s.domain
        x, y = rng.uniform(x0, x1, 30), rng.uniform(y0, y1, 30)
        for fn in codegen.FUNCTIONS[:-1]:
            for a, b in zip(s.functions[fn](x, y), fresh[fn](x, y)):
                np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_builtins_and_runs_need_no_sympy():
    code = ("import sys\n"
            "from core import surfaces, optimizers\n"
            "s = surfaces.get('rosenbrock')\n"
            "optimizers.run(s, optimizers.create('adam'), [[0.0, 0.0], [1.0, 2.0]], 10)\n"
            "optimizers.run(s, optimizers.create('adam'), [[0.0, 0.0]], 10)\n"
            "print('sympy' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_precomputed_critical_points_equal_a_fresh_search():
    from core import analysis

    for name in surfaces.names():
        s = surfaces.get(name)
        cached = analysis.critical_points(s)
        fresh = analysis.critical_points(s, _cache=False)
        assert [c.kind for c in cached] == [c.kind for c in fresh], name
        for a, b in zip(cached, fresh):
            np.testing.assert_allclose(a.xy, b.xy, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(a.eigenvalues, b.eigenvalues, rtol=1e-9, atol=1e-9)
            assert a.value == b.value or abs(a.value - b.value) <= 1e-9 * (1 + abs(b.value))


def test_other_domains_and_formulas_are_searched_not_looked_up():
    from core import analysis

    s = surfaces.get("himmelblau")
    quadrant = analysis.critical_points(s, domain=((0, 5), (0, 5)))    # (3, 2) and the saddles near the axes
    assert [c.kind for c in quadrant] == ["minimum", "saddle", "saddle"]
    assert len(analysis.critical_points(surfaces.get("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", s.domain))) == 9
