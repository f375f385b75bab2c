"""Core's error messages in the interface language: Persian in the GUI (the real surface picker and optimizer
panel), exactly today's English text from str() (what the command line prints), and the translation tool that
collects the templates core raises."""
from __future__ import annotations

import re
import textwrap

import pytest
from PySide6 import QtCore
from test_i18n import LRI, PDI, PERSIAN_LETTER, fa, tool

from app import i18n
from core import formula, optimizers, scene, surfaces, swarm
from core.errors import FormulaError, Message, UserInputError

FUNCTIONS = "sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh"
PERSIAN_DIGIT = re.compile("[\u06f0-\u06f9\u0660-\u0669]")


def isolated(text: str) -> str:
    """A value as error_text shows it inside a Persian sentence: a left-to-right isolate."""
    return f"{LRI}{text}{PDI}"


def raised(fn, *args, **kwargs) -> Exception:
    with pytest.raises(ValueError) as info:
        fn(*args, **kwargs)
    return info.value




def _session():
    from app.launch import DEFAULT_RUNS
    from app.model import Session

    return Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], 50)


# --- the GUI shows them in Persian ---------------------------------------------------------------------

def test_bad_formula_in_the_surface_picker_shows_persian_with_the_column_and_keeps_the_surface(qtbot, persian):
    from app.views.surface_picker import SurfacePicker

    session = _session()
    picker = SurfacePicker(session)
    qtbot.addWidget(picker)
    picker.show()
    picker.formula.setText("x**2 + z")
    qtbot.keyClick(picker.formula, QtCore.Qt.Key.Key_Return)
    template = "unknown name '{name}' at column {column}; use x, y, pi, e and the functions {functions}"
    expected = fa("core", template).format(name=isolated("z"), column=isolated("8"), functions=isolated(FUNCTIONS))
    assert picker.message.isVisible()
    assert picker.message.text() == expected
    assert expected.startswith("نام ناشناخته «") and "ستون " + isolated("8") in expected
    assert not PERSIAN_DIGIT.search(picker.message.text())
    assert session.surface_text == "rosenbrock" and session.surface.name == "rosenbrock"

    # Python's words for a typo are translated too (a phrase inside the message)
    picker.formula.setText("x***2")
    qtbot.keyClick(picker.formula, QtCore.Qt.Key.Key_Return)
    assert picker.message.text() == fa("core", "cannot read the formula at column {column}: {reason}").format(
        column=isolated("4"), reason=fa("core", "invalid syntax"))
    assert session.surface_text == "rosenbrock"


def test_bad_hyperparameter_in_the_optimizer_panel_shows_persian(qtbot, persian):
    from app.views.optimizer_panel import OptimizerPanel

    session = _session()
    panel = OptimizerPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    panel.runs_list.setCurrentRow(4)                      # Adam
    before = session.runs[4].optimizer.spec
    panel.editors["beta1"].setValue(1.0)                  # the spin box allows 1, the core refuses it
    assert panel.message.isVisible()
    assert panel.message.text() == fa("core", "Invalid {name} value: {value} (must be in {range})").format(
        name=isolated("beta1"), value=isolated("1"), range=isolated("[0, 1)"))
    assert panel.message.text().startswith("مقدار نامعتبر برای ")
    assert session.runs[4].optimizer.spec == before


def test_a_refused_swarm_setting_is_reported_in_persian(qtbot, persian):
    from app.views.background import _Job

    surface = surfaces.get("rosenbrock")
    job = _Job(lambda progress, cancel: swarm.sweep(surface, [], (0.0, 0.0)))
    with qtbot.waitSignal(job.sigFailed) as failed:
        job.run()
    assert failed.args == [fa("core", "a sweep needs at least one optimizer")]


def test_a_scene_error_translates_the_field_and_the_nested_message(persian):
    bad_surface = raised(scene.from_dict, {"version": 1, "surface": "x + z", "runs": [{"optimizer": "adam"}],
                                           "starts": [[0, 0]], "steps": 10})
    assert isinstance(bad_surface, scene.SceneError) and bad_surface.field == "surface"
    inner = fa("core", "unknown name '{name}' at column {column}; use x, y, pi, e and the functions {functions}")
    assert i18n.error_text(bad_surface) == fa("core", "scene field '{field}': {detail}").format(
        field=isolated("surface"),
        detail=inner.format(name=isolated("z"), column=isolated("5"), functions=isolated(FUNCTIONS)))
    bad_steps = raised(scene.from_dict, {"version": 1, "surface": "bowl", "runs": [], "starts": [[0, 0]],
                                         "steps": "5"})
    assert i18n.error_text(bad_steps) == fa("core", "scene field '{field}': {detail}").format(
        field=isolated("steps"), detail=fa("core", "expected a whole number, got {kind}").format(
            kind=fa("core", "text ({value})").format(value=isolated('"5"'))))


BAD_INPUTS = [
    (formula.parse, "  "), (formula.parse, "x" * 600), (formula.parse, "(x+y"), (formula.parse, "x+y)"),
    (formula.parse, "2x"), (formula.parse, "x²"), (formula.parse, "'a'"), (formula.parse, "1e400"),
    (formula.parse, "sin"), (formula.parse, "foo(x)"), (formula.parse, "x.y(1)"), (formula.parse, "sin(x, y)"),
    (formula.parse, "x if y else 1"), (formula.parse, "x**1000"), (formula.parse, "10000**99"),
    (formula.parse, "2**(2**50 + pi)"), (formula.parse, "1/0"), (surfaces.get, "unknownthing"),
    (optimizers.create, ""), (optimizers.create, "nope"), (optimizers.create, "adam:lr"),
    (optimizers.create, "adam:foo=1"), (optimizers.create, "adam:lr=abc"), (optimizers.create, "adam:lr=-1"),
    (optimizers.create, "adam:lr=inf"), (optimizers.create, "adam:seed=1.5"),
    (optimizers.create, "adam:bias_correction=maybe"), (optimizers.create, "momentum:convention=foo"),
    (scene.loads, "{"), (scene.loads, "[1]"), (scene.loads, '{"version": 2}'),
    (scene.loads, '{"version": 1, "surface": "bowl", "runs": [], "starts": [[0, "a"]], "steps": 1}'),
    (scene.loads, '{"version": 1, "surface": "bowl", "runs": [{"optimizer": "adam", "color": "red"}], '
                  '"starts": [[0, 0]], "steps": 1}'),
    (scene.loads, '{"version": 1, "surface": "bowl", "runs": [], "starts": [[0, 0]], "steps": 1, '
                  '"view": [[1, 0], [0, 1]]}'),
]


@pytest.mark.parametrize("fn, arg", BAD_INPUTS, ids=[repr(a)[:40] for _, a in BAD_INPUTS])
def test_every_core_message_has_a_persian_translation(persian, fn, arg):
    exc = raised(fn, arg)
    assert isinstance(exc, UserInputError)
    text = i18n.error_text(exc)
    assert PERSIAN_LETTER.search(text) and text != str(exc), text
    assert not PERSIAN_DIGIT.search(text)
    assert not re.search(r"\{\w*\}", text) and "\n" not in text          # every placeholder filled


def test_in_english_error_text_is_exactly_the_message(qapp):
    i18n.install(qapp, "en")
    for fn, arg in BAD_INPUTS:
        exc = raised(fn, arg)
        assert i18n.error_text(exc) == str(exc)


def test_error_text_of_any_other_exception_is_its_str(persian):
    assert i18n.error_text(ValueError("points must have shape (..., 2)")) == "points must have shape (..., 2)"
    assert i18n.error_text(OSError(2, "No such file or directory")) == "[Errno 2] No such file or directory"
    assert i18n.error_text(RuntimeError("Requires >= OpenGL 2.1")) == "Requires >= OpenGL 2.1"


def test_a_translation_that_lost_a_placeholder_falls_back_to_english(persian, monkeypatch):
    exc = raised(optimizers.create, "nope")
    monkeypatch.setattr(QtCore.QCoreApplication, "translate", lambda context, text: "ناشناخته {missing}")
    assert i18n.error_text(exc) == str(exc)


# --- the command line's English is unchanged -----------------------------------------------------------

ENGLISH = [   # (function, argument, the exact message before the messages became templates)
    (formula.parse, "x + z", "unknown name 'z' at column 5; use x, y, pi, e and the functions " + FUNCTIONS),
    (formula.parse, "x***2", "cannot read the formula at column 4: invalid syntax"),
    (formula.parse, "x + ", "cannot read the formula: invalid syntax"),
    (formula.parse, "(x+y", "cannot read the formula at column 1: '(' was never closed"),
    (formula.parse, "x²", "cannot read the formula at column 2: invalid character '²' (U+00B2)"),
    (formula.parse, "x" * 501, "the formula is too long (501 characters, at most 500)"),
    (formula.parse, "sin(x, y)", "sin() takes exactly one argument at column 1"),
    (formula.parse, "10.0**400.0", "the exponent 400.000000000000 is too large (at most 100) at column 1"),
    (formula.parse, "x + y @ 2", "'y @ 2' is not allowed in a formula at column 5; use numbers, x, y, "
                                 "+ - * / ** ^, parentheses and the listed functions"),
    (formula.parse, "1e400", "the number inf is too large at column 1"),
    (surfaces.get, "zz", "unknown surface 'zz': not a built-in (bowl, ravine, rosenbrock, beale, himmelblau, booth, "
                         "matyas, six_hump_camel, three_hump_camel, goldstein_price, styblinski_tang, rastrigin, "
                         "ackley, saddle, monkey_saddle, saddle_escape) nor a formula in x and y"),
    (optimizers.create, "adam:lr=-1", "Invalid lr value: -1 (must be in (0, inf))"),
    (optimizers.create, "adam:lr=abc", "Invalid lr: expected a number, got 'abc'"),
    (optimizers.create, "adam:seed=1.5", "Invalid seed: expected a whole number, got '1.5'"),
    (optimizers.create, "momentum:convention=foo", "Invalid convention: expected one of pytorch, lookahead, "
                                                   "got 'foo'"),
    (optimizers.create, "adam:foo=1", "unknown parameter 'foo' for adam; it takes lr, beta1, beta2, eps, "
                                      "bias_correction, weight_decay, maximize, noise, seed, schedule"),
    (optimizers.create, "adam:lr", "bad optimizer parameter 'lr': expected param=value"),
    (scene.loads, "[1,", "not valid JSON: Expecting value at line 1 column 4"),
    (scene.loads, '{"version": "1"}', "scene field 'version': unknown version \"1\"; this Optiscope reads "
                                      "version(s) 1"),
    (scene.loads, '{"version": 1, "surface": "bowl", "runs": [], "starts": [[0, 0]], "steps": 10000000}',
     "scene field 'steps': must be between 0 and 100,000, got 10,000,000"),
    (scene.loads, '{"version": 1, "surface": "bowl", "runs": [{"optimizer": null}], "starts": [[0, 0]], '
                  '"steps": 1}', "scene field 'runs[0].optimizer': expected an optimizer spec such as "
                                 "'adam:lr=0.01', got null"),
    (scene.loads, '{"version": 1, "surface": "bowl", "runs": [{"optimizer": "adam:lr=-1"}], "starts": [[0, 0]], '
                  '"steps": 1}', "scene field 'runs[0].optimizer': Invalid lr value: -1 (must be in (0, inf))"),
    (scene.loads, '{"version": 1, "surface": "bowl", "runs": [], "starts": [[0, 0]], "steps": 1, '
                  '"view": [[1, 0], [0, 1]]}', "scene field 'view[0]': the minimum must be below the maximum, "
                                               "got [1, 0]"),
]


@pytest.mark.parametrize("fn, arg, english", ENGLISH, ids=[e[:40] for *_, e in ENGLISH])
def test_str_of_a_core_error_is_the_english_message_as_before(fn, arg, english):
    exc = raised(fn, arg)
    assert isinstance(exc, UserInputError) and isinstance(exc, ValueError)
    assert str(exc) == english


def test_str_of_swarm_and_domain_errors_is_unchanged():
    bowl = surfaces.get("rosenbrock")
    assert str(raised(swarm.basins, bowl, "adam", grid=400, steps=1_000_000)) == (
        "a 400 x 400 grid with 1000000 steps is too much work (grid^2 x steps at most 1e+09); use a coarser grid "
        "or fewer steps")
    assert str(raised(swarm.sweep, bowl, ["adam"], (0, 0), lr_range=(1, 0.1))) == \
        "lr_range needs 0 < lowest <= highest, got (1, 0.1)"
    assert str(raised(swarm.sweep, surfaces.get("log(x)"), ["adam"], (-1, 0), steps=1, count=1)) == \
        "the surface is not defined at the start point (-1, 0)"
    assert str(raised(swarm.basins, bowl, "adam", grid=1)) == "grid must be a whole number from 2 to 1000, got 1"
    assert str(raised(surfaces.get, "x**2", ((1, 0), (0, 1)))) == "a domain needs finite xmin < xmax and ymin < ymax"


def test_scene_error_keeps_its_field_and_the_plain_message_of_a_foreign_error():
    exc = scene.SceneError("runs[0].optimizer", scene._reason(ValueError("odd {braces}")))
    assert str(exc) == "scene field 'runs[0].optimizer': odd {braces}" and exc.field == "runs[0].optimizer"
    whole = scene.SceneError(None, "{name} is too large to be a scene file", name="a.json")
    assert str(whole) == "a.json is too large to be a scene file" and whole.field is None
    formula_error = raised(formula.parse, "z")
    wrapped = scene.SceneError("surface", formula_error.message)
    assert wrapped.detail is formula_error.message
    assert str(wrapped) == f"scene field 'surface': {formula_error}"
    assert isinstance(FormulaError("x"), UserInputError) and str(Message("{a}-{b}", a=1, b="c")) == "1-c"


# --- the tool collects the templates -------------------------------------------------------------------

def test_every_template_core_raises_is_collected_for_translation():
    templates = {t for _, t in tool.error_templates()}
    for fn, arg, _ in ENGLISH:
        exc = raised(fn, arg)
        assert exc.message.template in templates
    assert "scene field '{field}': {detail}" in templates          # super().__init__ inside SceneError
    assert "text ({value})" in templates                           # a phrase (Message) used as a value
    assert "{reason}" not in templates                             # nothing to translate


def test_the_tool_reads_template_positions_and_refuses_built_templates(tmp_path, monkeypatch):
    (tmp_path / "errors.py").write_text(textwrap.dedent('''
        class UserInputError(ValueError):
            def __init__(self, template, *args, **kwargs):
                super().__init__(template.format(*args, **kwargs))

        class FieldError(UserInputError):
            TEMPLATE_ARG = 1

            def __init__(self, field, template, **kwargs):
                super().__init__("field {field}: " + template, field=field, **kwargs)

        class DeeperError(FieldError):
            pass
    '''))
    (tmp_path / "use.py").write_text(textwrap.dedent('''
        def check(value, exc):
            UserInputError("plain {value}", value=value)
            FieldError("steps", "too many ({count})", count=3)
            DeeperError("x", "deeper {value}", value=value)
            Message("a phrase")
            UserInputError(exc.message)
            FieldError("surface", reason(exc))
    '''))
    monkeypatch.setattr(tool, "CORE_DIR", tmp_path)
    monkeypatch.setattr(tool, "ROOT", tmp_path.parent)
    with pytest.raises(SystemExit, match="errors.py:10"):              # "field {field}: " + template
        tool.error_templates()
    (tmp_path / "errors.py").write_text((tmp_path / "errors.py").read_text().replace(
        '"field {field}: " + template', 'template'))
    assert tool.error_templates() == {("core", t) for t in ("plain {value}", "too many ({count})", "deeper {value}",
                                                            "a phrase")}
    (tmp_path / "use.py").write_text('UserInputError(f"built {x}")\n')
    with pytest.raises(SystemExit, match="use.py:1"):
        tool.error_templates()

