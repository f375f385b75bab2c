"""The runs' colours and line styles: one definition for the window, the exported figures and the command
line's sweep pictures (Qt-free, so that ``app.render.swarm_png`` can use it too).

Colours: Okabe & Ito (2008), the colour-blind-safe palette, without its yellow (unreadable on white). Line
styles: run k is drawn with ``RUN_DASHES[k % 6]``, so runs differ without colour as well; the patterns are in
pen widths (Qt's ``QPen.setDashPattern`` unit).
"""
from __future__ import annotations

RUN_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
RUN_DASHES = ("solid", "dash", "dot", "dashdot", "dashdotdot", "longdash")
DASH_PATTERNS = {"dash": (5, 3), "dot": (1, 2.5), "dashdot": (6, 2.5, 1, 2.5),
                 "dashdotdot": (6, 2, 1, 2, 1, 2), "longdash": (10, 3)}


def run_color(index: int) -> str:
    return RUN_COLORS[index % len(RUN_COLORS)]


def run_dash(index: int) -> str:
    """The line style of run ``index`` (a name of RUN_DASHES)."""
    return RUN_DASHES[index % len(RUN_DASHES)]
