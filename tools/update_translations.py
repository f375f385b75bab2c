"""Update the Persian translation: extract the interface strings, then compile them for the app.

From the repository root:

    python tools/update_translations.py           # app/ -> optiscope_fa.ts (lupdate), then .qm (lrelease)
    python tools/update_translations.py --check   # change nothing; exit 1 if the .ts or .qm is out of date

1. ``resources/i18n/extra_strings.py`` is regenerated: QT_TRANSLATE_NOOP(context, text) marks for the
   strings lupdate cannot see by itself: the display texts of core/ (optimizer titles, parameter and surface
   descriptions; core/ has no Qt, the GUI shows them through ``app.i18n.core_text``), the message templates
   of core's user-input errors (``Message(...)`` and ``UserInputError(...)``-family calls in core/*.py, shown
   through ``app.i18n.error_text``; each template must be a string literal there), the examples' titles and
   descriptions (resources/presets/*.json, shown through ``app.i18n.preset_text``), tr() calls inside
   f-strings, and calls through a helper (``def _tr(text): return QCoreApplication.translate("Ctx", text)``)
   or an alias (``_tr = QCoreApplication.translate``), found by reading app/ with Python's ast module.
2. ``pyside6-lupdate`` reads every ``app/**/*.py`` and that file and merges their strings into
   ``resources/i18n/optiscope_fa.ts``: existing translations are kept, new strings come in marked
   ``unfinished``, strings gone from the code are dropped (``-no-obsolete``). No source locations are
   written, so the file changes only when the strings do. What lupdate misreads (it takes any call named
   ``tr`` for the one-argument form and files a module-level ``tr("text")`` under the empty context) is
   dropped unless step 1 found the same string in that context.
3. Translate the unfinished entries (``pyside6-linguist resources/i18n/optiscope_fa.ts``, or any text
   editor: fill ``<translation>`` and remove ``type="unfinished"``). Keep the placeholders ({0}, {1:.4g});
   write numbers in Latin digits; put coordinates, formulas and numbers that can be negative or like 1e-05
   between U+2066 and U+2069 (a left-to-right isolate, else "(-1.5, 2)" shows as "(2 ,1.5-)" in a Persian
   sentence); start a Persian sentence that begins with Latin text or a placeholder with U+200F.
4. Run this command again: ``pyside6-lrelease -nounfinished`` compiles the .ts into ``optiscope_fa.qm``.
   The output depends only on the .ts, so the .qm in git can be checked by compiling again
   (tests/test_i18n.py does, and fails while any entry is unfinished).
"""
from __future__ import annotations

import argparse
import ast
import html
import json
import re
import shutil
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("app",)
CORE_DIR = ROOT / "core"
ERROR_BASE = "UserInputError"      # core/errors.py: the user-input errors, whose templates the GUI translates
MESSAGE_CLASS = "Message"          # core/errors.py: a translatable phrase (a value inside such a message)
EXTRA_STRINGS = ROOT / "resources" / "i18n" / "extra_strings.py"
LANGUAGES = ("fa",)
# Contexts that only lupdate's misreadings produce: ``tr("text")`` outside a class, ``tr = QCoreApplication.translate``.
MISREAD_CONTEXTS = ("", "QtCore.QCoreApplication", "QCoreApplication")


def ts_path(lang: str) -> Path:
    return ROOT / "resources" / "i18n" / f"optiscope_{lang}.ts"


def qm_path(lang: str) -> Path:
    return ts_path(lang).with_suffix(".qm")


def _tool(name: str) -> str:
    """Qt's lupdate/lrelease as shipped inside the PySide6 wheel (what the pyside6-* wrappers run)."""
    exe = Path(PySide6.__file__).resolve().parent / (name + (".exe" if sys.platform == "win32" else ""))
    if exe.exists():
        return str(exe)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"error: cannot find Qt's {name} (it ships with PySide6-Essentials)")
    return found


def app_files() -> list[Path]:
    return sorted(p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py"))


def sources() -> list[str]:
    """The files lupdate reads, relative to the repository root, sorted."""
    return sorted(p.relative_to(ROOT).as_posix() for p in [*app_files(), EXTRA_STRINGS])


# --- what lupdate cannot see ----------------------------------------------------------------------------

def _is_translate(node: ast.AST) -> bool:
    """``QCoreApplication.translate`` / ``QtCore.QCoreApplication.translate`` (not any ``.translate``)."""
    return (isinstance(node, ast.Attribute) and node.attr == "translate"
            and ast.unparse(node.value).split(".")[-1] in ("QCoreApplication", "QGuiApplication", "QApplication"))


def _text(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def hidden_strings(path: Path) -> set[tuple[str, str]]:
    """(context, text) of the translation calls in ``path`` that lupdate misses or misfiles."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                 for t in n.targets if isinstance(t, ast.Name)}
    helpers: dict[str, str] = {}        # name -> context: def name(text): return QCoreApplication.translate(C, text)
    aliases: set[str] = set()           # name = QCoreApplication.translate
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.args.args:
            param = node.args.args[0].arg
            for ret in [n for n in ast.walk(node) if isinstance(n, ast.Return) and isinstance(n.value, ast.Call)]:
                call = ret.value
                if (_is_translate(call.func) and len(call.args) >= 2 and isinstance(call.args[1], ast.Name)
                        and call.args[1].id == param and _text(call.args[0], constants) is not None):
                    helpers[node.name] = _text(call.args[0], constants)
        elif isinstance(node, ast.Assign) and _is_translate(node.value):
            aliases.update(t.id for t in node.targets if isinstance(t, ast.Name))

    found = set()

    def visit(node: ast.AST, cls: str, in_fstring: bool) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.JoinedStr):
            in_fstring = True
        if isinstance(node, ast.Call) and node.args:
            func, first = node.func, _text(node.args[0], constants)
            name = func.id if isinstance(func, ast.Name) else None
            second = _text(node.args[1], constants) if len(node.args) > 1 else None
            if name in helpers and first is not None:
                found.add((helpers[name], first))
            elif (name in aliases or (name is None and _is_translate(func))) and None not in (first, second):
                found.add((first, second))
            elif (in_fstring and isinstance(func, ast.Attribute) and func.attr == "tr"
                  and isinstance(func.value, ast.Name) and func.value.id == "self" and first is not None):
                found.add((cls, first))
        for child in ast.iter_child_nodes(node):
            visit(child, cls, in_fstring)

    visit(tree, "", False)
    return found


def core_strings() -> set[tuple[str, str]]:
    """The display texts of core/ as they are now, in the context ``app.i18n.core_text`` uses."""
    sys.path.insert(0, str(ROOT))
    from core import optimizers, quantities, schedules, surfaces

    texts = {optimizers.create(name).title for name in optimizers.names()}
    texts |= quantities.meanings()        # the explain panel's words for each quantity of a step
    texts |= {surfaces.BUILTINS[name].description for name in surfaces.names()}
    params = [p for name in optimizers.names() for p in optimizers.parameters(name).values()]
    params += [schedules.SCHEDULE, *(p for name in schedules.names() for p in schedules.parameters(name).values())]
    texts |= {p.doc for p in params if p.doc}
    texts |= {schedules.definition(name).formula for name in schedules.names()}
    for p in params:          # the worded settings of captions: "bias correction on", "pytorch form", "cosine schedule"
        values = (True, False) if p.kind == "bool" else p.choices if p.kind == "choice" else ()
        texts |= {optimizers.setting_phrase(p.name, v) for v in values}
    return {("core", t) for t in texts}


def preset_strings() -> set[tuple[str, str]]:
    """The titles and descriptions of the examples (resources/presets/*.json), in the context
    ``app.i18n.preset_text`` uses."""
    found = set()
    for path in sorted((ROOT / "resources" / "presets").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found |= {("presets", data[key]) for key in ("title", "description") if data.get(key)}
    return found


def _template_positions(trees: dict[Path, ast.Module]) -> dict[str, int]:
    """Class name -> position of the template argument, for Message, UserInputError and its subclasses in core/
    (a subclass says where with ``TEMPLATE_ARG = n`` in its body, else it takes its base's)."""
    classes = {node.name: node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    positions = {MESSAGE_CLASS: 0, ERROR_BASE: 0}
    changed = True
    while changed:                      # subclasses of subclasses, in any order
        changed = False
        for name, node in classes.items():
            bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", None) for b in node.bases]
            inherited = next((positions[b] for b in bases if b in positions), None)
            if name in positions or inherited is None:
                continue
            own = [stmt.value.value for stmt in node.body if isinstance(stmt, ast.Assign)
                   and any(isinstance(t, ast.Name) and t.id == "TEMPLATE_ARG" for t in stmt.targets)
                   and isinstance(stmt.value, ast.Constant)]
            positions[name] = own[0] if own else inherited
            changed = True
    return positions


def _has_text(template: str) -> bool:
    """False for a template that is only placeholders ("{reason}"): nothing to translate."""
    return any(literal.strip() for literal, *_ in string.Formatter().parse(template))


def error_templates() -> set[tuple[str, str]]:
    """("core", template) for the messages of core's user-input errors, read from core/*.py with ast.

    The template is the argument at the class's template position of every call of Message or of a
    UserInputError-family class (``super().__init__`` in such a class counts as a call of its base). A variable
    or call there (a message passed on) is skipped; a text built there (f-string, +, .format) cannot be
    translated and is an error naming the file and line.
    """
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(CORE_DIR.glob("*.py"))}
    positions = _template_positions(trees)
    found, computed = set(), []

    def callee(call: ast.Call, cls: ast.ClassDef | None) -> str | None:
        """The class whose constructor ``call`` runs; ``super().__init__`` in a class body is its base's."""
        func = call.func
        if (cls is not None and isinstance(func, ast.Attribute) and func.attr == "__init__"
                and isinstance(func.value, ast.Call) and getattr(func.value.func, "id", None) == "super"):
            return next((b.id for b in cls.bases if isinstance(b, ast.Name) and b.id in positions), None)
        return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)

    def calls(node: ast.AST, cls: ast.ClassDef | None = None):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.ClassDef) else cls
            if isinstance(child, ast.Call):
                yield child, callee(child, cls)
            yield from calls(child, inner)

    for path, tree in trees.items():
        for node, name in calls(tree):
            if name not in positions or len(node.args) <= positions[name]:
                continue
            arg = node.args[positions[name]]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if _has_text(arg.value):
                    found.add(("core", arg.value))
            elif isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (
                    isinstance(arg, ast.Call) and getattr(arg.func, "attr", None) == "format"):
                computed.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    if computed:
        raise SystemExit("error: a message template must be a string literal (values go in as arguments): "
                         + ", ".join(computed))
    return found


def extra_strings() -> set[tuple[str, str]]:
    return core_strings().union(preset_strings(), error_templates(), *(hidden_strings(p) for p in app_files()))


def extra_strings_text() -> str:
    """The text of ``resources/i18n/extra_strings.py`` for the code as it is now."""
    lines = ['"""Generated by tools/update_translations.py: do not edit. Never imported.',
             "",
             "Strings lupdate cannot see by itself (core/ display texts and error messages, tr() in f-strings, calls",
             'through helpers and aliases), marked for it with their context."""',
             "from PySide6.QtCore import QT_TRANSLATE_NOOP",
             "",
             "STRINGS = ["]
    lines += [f"    QT_TRANSLATE_NOOP({c!r}, {t!r})," for c, t in sorted(extra_strings())]
    return "\n".join(lines + ["]", ""])


# --- lupdate and lrelease -----------------------------------------------------------------------------------

def _drop_misread(ts: Path, keep: set[tuple[str, str]]) -> None:
    """Remove from ``ts`` the messages lupdate filed under a MISREAD_CONTEXTS context, unless in ``keep``."""
    text = ts.read_text(encoding="utf-8")

    def context_block(m: re.Match) -> str:
        name = html.unescape(m.group("name"))
        if name not in MISREAD_CONTEXTS:
            return m.group(0)
        messages = [b for b in re.findall(r"    <message>\n.*?</message>\n", m.group("body"), re.S)
                    if (name, html.unescape(re.search(r"<source>(.*?)</source>", b, re.S).group(1))) in keep]
        return f"<context>\n    <name>{m.group('name')}</name>\n{''.join(messages)}</context>\n" if messages else ""

    text = re.sub(r"<context>\n    <name>(?P<name>[^<]*)</name>\n(?P<body>.*?)</context>\n", context_block, text,
                  flags=re.S)
    ts.write_text(text, encoding="utf-8")


def extract(ts: Path, lang: str, extra_file: Path = EXTRA_STRINGS) -> None:
    """lupdate the sources (with ``extra_file`` for the strings it cannot see) into ``ts``, merged with what it
    holds already; then drop its misreadings."""
    files = [s for s in sources() if ROOT / s != EXTRA_STRINGS] + [str(extra_file)]
    subprocess.run([_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", lang, *files, "-ts", str(ts)],
                   cwd=ROOT, check=True)
    _drop_misread(ts, extra_strings())


def compile_qm(ts: Path, qm: Path) -> None:
    """lrelease ``ts`` into ``qm`` (finished translations only)."""
    subprocess.run([_tool("lrelease"), "-silent", "-nounfinished", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def messages(ts: Path) -> list[tuple[str, str, str | None, bool]]:
    """(context, source, translation or None, finished) for every message of a .ts file, in file order."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = translation.text if translation is not None else None
            finished = (translation is not None and translation.get("type") is None and bool(text and text.strip()))
            out.append((name, message.findtext("source") or "", text, finished))
    return out


def problems(lang: str) -> list[str]:
    """What is out of date for ``lang``, without changing anything (one line each)."""
    ts, qm = ts_path(lang), qm_path(lang)
    if not ts.exists():
        return [f"{ts} is missing"]
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        extra = Path(tmp) / EXTRA_STRINGS.name
        extra.write_text(extra_strings_text(), encoding="utf-8")
        if not EXTRA_STRINGS.exists() or EXTRA_STRINGS.read_text(encoding="utf-8") != extra.read_text("utf-8"):
            found.append(f"{EXTRA_STRINGS.name} is not up to date")
        fresh = Path(tmp) / ts.name
        shutil.copy(ts, fresh)
        extract(fresh, lang, extra)
        known = {(c, s) for c, s, *_ in messages(ts)}
        found += [f"not in {ts.name}: [{c}] {s!r}" for c, s, *_ in messages(fresh) if (c, s) not in known]
        found += [f"unfinished in {ts.name}: [{c}] {s!r}" for c, s, _, done in messages(ts) if not done]
        compiled = Path(tmp) / qm.name
        compile_qm(ts, compiled)
        if not qm.exists() or qm.read_bytes() != compiled.read_bytes():
            found.append(f"{qm.name} is not the compiled {ts.name}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is out of date")
    args = parser.parse_args(argv)
    if args.check:
        found = [line for lang in LANGUAGES for line in problems(lang)]
        print("\n".join(found) if found else "up to date")
        if found:
            print("run: python tools/update_translations.py")
        return 1 if found else 0
    EXTRA_STRINGS.write_text(extra_strings_text(), encoding="utf-8")
    for lang in LANGUAGES:
        ts = ts_path(lang)
        ts.parent.mkdir(parents=True, exist_ok=True)
        extract(ts, lang)
        compile_qm(ts, qm_path(lang))
        all_messages = messages(ts)
        todo = [(c, s) for c, s, _, done in all_messages if not done]
        print(f"{ts.relative_to(ROOT)}: {len(all_messages)} messages, {len(todo)} unfinished")
        for c, s in todo:
            print(f"  unfinished: [{c}] {s!r}")
        print(f"{qm_path(lang).relative_to(ROOT)}: compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
