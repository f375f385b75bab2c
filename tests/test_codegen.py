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
