"""PNG pictures of basin maps and learning-rate sweeps for the command line, drawn with Pillow (no Qt).
The basin colours are app/render/basins.py's, which the window's overlay uses too.

Everything is drawn at twice the size and scaled down, which smooths lines and text (Pillow's own lines are
not antialiased). Text uses DejaVu Sans when the system has it (Greek letters in optimizer labels), else
Pillow's bundled font.
"""
from __future__ import annotations

import math
import re

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from app.render.basins import BASIN_COLORS, DIVERGED, NOT_CONVERGED, PALEST, UNDEFINED, basin_rgb, basin_slots
from app.render.basins import rgb as _rgb
from core import grid, optimizers, palette

SS = 2                                    # supersampling factor
LINE_COLORS = list(palette.RUN_COLORS)     # Okabe-Ito, as the window's and the figures' runs


def _font(size: int):
    for name in ("DejaVuSans.ttf", "Arial.ttf"):
        try:
            return ImageFont.truetype(name, size * SS)
        except OSError:
            continue
    return ImageFont.load_default(size * SS)


def _nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    """Round tick values (1, 2, 5 x 10^k apart) inside [lo, hi]."""
    span = hi - lo
    if not span > 0:
        return [lo]
    raw = span / count
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    t = first
    while t <= hi + 1e-9 * span:
        ticks.append(0.0 if abs(t) < 1e-12 * span else t)
        t += step
    return ticks


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def _fmt_value(v: float, scale: float = 1.0) -> str:
    """A function value, with round-off around zero (7.9e-31 at a minimum of 0) shown as 0."""
    return "0" if abs(v) <= 1e-12 * max(abs(scale), 1.0) else f"{v:.4g}"


def _percent(share: float) -> str:
    return "<0.1%" if 0 < share < 0.0005 else f"{100 * share:.1f}%"


class _Axes:
    """A data rectangle mapped to a pixel box (in supersampled pixels); log10 on x and/or y if asked."""

    def __init__(self, box, xlim, ylim, logx=False, logy=False):
        self.box, self.xlim, self.ylim, self.logx, self.logy = box, xlim, ylim, logx, logy

    def _t(self, v, lim, log):
        lo, hi = (math.log10(lim[0]), math.log10(lim[1])) if log else lim
        v = np.log10(v) if log else np.asarray(v, dtype=float)
        return (v - lo) / (hi - lo)

    def px(self, x, y):
        left, top, right, bottom = self.box
        u = self._t(x, self.xlim, self.logx)
        w = self._t(y, self.ylim, self.logy)
        return left + u * (right - left), bottom - w * (bottom - top)


def _frame(draw, ax: _Axes, font, xticks, yticks, xlabel, ylabel, xfmt=_fmt, yfmt=_fmt, coordinates=False):
    left, top, right, bottom = ax.box
    draw.rectangle(ax.box, outline="black", width=SS)
    tick = 5 * SS
    for x in xticks:
        px, _ = ax.px(x, ax.ylim[0])
        draw.line([(px, bottom), (px, bottom + tick)], fill="black", width=SS)
        draw.text((px, bottom + tick + SS), xfmt(x), fill="black", font=font, anchor="ma")
    for y in yticks:
        _, py = ax.px(ax.xlim[0], y)
        draw.line([(left - tick, py), (left, py)], fill="black", width=SS)
        draw.text((left - tick - 2 * SS, py), yfmt(y), fill="black", font=font, anchor="rm")
    draw.text(((left + right) / 2, bottom + 26 * SS), xlabel, fill="black", font=font, anchor="ma")
    if coordinates:      # a coordinate axis (y, or a model's second parameter): its name beside the tick labels
        draw.text((left - 52 * SS, (top + bottom) / 2), ylabel, fill="black", font=font, anchor="mm")
    elif ylabel:
        draw.text((left, top - 6 * SS), ylabel, fill="black", font=font, anchor="ld")


def _finish(img: Image.Image) -> Image.Image:
    return img.resize((img.width // SS, img.height // SS), Image.LANCZOS)


# --- basin maps --------------------------------------------------------------------------------------

def render_basins(bmap, surface, width: int = 640) -> Image.Image:
    """The basin map with faint contour lines, the minima numbered, axes and a colour key."""
    (x0, x1), (y0, y1) = bmap.domain
    pw = width * SS
    ph = int(round(pw * np.clip((y1 - y0) / (x1 - x0), 0.5, 1.5)))
    font, small, big = _font(13), _font(11), _font(15)
    key = _basin_key_rows(bmap)
    key_w = max(220 * SS, max(int(small.getlength(text)) for _, text in key) + 50 * SS)
    left, top, bottom_m = 70 * SS, 62 * SS, 56 * SS
    img = Image.new("RGB", (left + pw + key_w, top + max(ph, (len(key) + 6) * 22 * SS) + bottom_m), "white")
    raster = Image.fromarray(np.flipud(basin_rgb(bmap)), "RGB").resize((pw, ph), Image.NEAREST)
    img.paste(raster, (left, top))
    ax = _Axes((left, top, left + pw, top + ph), (x0, x1), (y0, y1))
    draw = ImageDraw.Draw(img, "RGBA")

    xs, ys, z = grid.sample(surface, bmap.domain, n=200)
    for level in grid.contour_lines(xs, ys, z, grid.levels(z, 12, log=grid.prefers_log(z))):
        for line in level:
            px, py = ax.px(line[:, 0], line[:, 1])
            draw.line(list(zip(px.tolist(), py.tolist())), fill=(0, 0, 0, 70), width=SS)

    labelled = len(bmap.minima) <= len(BASIN_COLORS)
    r = 5 * SS if labelled else 3 * SS
    for k, m in enumerate(bmap.minima):
        cx, cy = ax.px(m.xy[0], m.xy[1])
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill="white", outline="black", width=SS)
        if labelled:
            draw.text((cx + r + 2 * SS, cy - r - 2 * SS), str(k + 1), fill="black", font=font, anchor="ld",
                      stroke_width=2 * SS, stroke_fill="white")
    xname, yname = getattr(surface, "p", "x"), getattr(surface, "q", "y")   # a model names its two parameters
    _frame(draw, ax, small, _nice_ticks(x0, x1), _nice_ticks(y0, y1), xname, yname, coordinates=True)

    name = bmap.surface if bmap.surface != "custom" else bmap.formula
    draw.text((left, 10 * SS), f"Basins of attraction: {name}", fill="black", font=big)
    draw.text((left, 32 * SS), f"{bmap.optimizer.label}, {bmap.steps} steps, {len(bmap.xs)} x {len(bmap.ys)} starts",
              fill="black", font=small)
    _basin_key(draw, key, bmap, (left + pw + 22 * SS, top), font, small)
    return _finish(img)


def _basin_key_rows(bmap) -> list[tuple[str | None, str]]:
    """The colour key as (swatch colour or None, text) rows."""
    share = bmap.fractions()
    slots = basin_slots(bmap)
    scale = max((abs(m.value) for m in bmap.minima), default=1.0)
    rows: list[tuple[str | None, str]] = []
    if not bmap.minima:
        rows.append((None, "no minimum in the domain"))
    elif len(bmap.minima) <= len(BASIN_COLORS):
        for k, m in enumerate(bmap.minima):
            rows.append((BASIN_COLORS[slots[k]], f"{k + 1}: ({_fmt(m.xy[0])}, {_fmt(m.xy[1])})   "
                                                 f"f = {_fmt_value(m.value, scale)}   {_percent(share.get(k, 0.0))}"))
    else:
        reached = sum(v for k, v in share.items() if k >= 0)
        rows.append((None, f"{len(bmap.minima)} minima (white dots): {_percent(reached)}"))
        rows.append((None, "colours repeat; neighbouring basins differ"))
    rows.append((NOT_CONVERGED, f"not within {_fmt(bmap.tol)} of a minimum after {bmap.steps} steps   "
                                f"{_percent(share.get(-1, 0.0))}"))
    rows.append((DIVERGED, f"diverged   {_percent(share.get(-2, 0.0))}"))
    if -3 in share:
        rows.append((UNDEFINED, f"f undefined at the start or where the run went   {_percent(share[-3])}"))
    return rows


def _basin_key(draw, rows, bmap, origin, font, small):
    x, y = origin
    sw, line = 16 * SS, 22 * SS
    draw.text((x, y), "Where each start ends (share of starts)", fill="black", font=font)
    y += line + 4 * SS
    for color, text in rows:
        if color is not None:
            draw.rectangle((x, y, x + sw, y + sw), fill=color, outline="black", width=1)
        draw.text((x + (sw + 8 * SS if color else 0), y + sw / 2), text, fill="black", font=small, anchor="lm")
        y += line

    if not (bmap.index >= 0).any():
        return
    # shading: steps to converge, shown on the first basin's colour
    y += line / 2
    draw.text((x, y), "Steps to converge (paler = slower)", fill="black", font=font)
    y += line
    slots = basin_slots(bmap)
    base = _rgb(BASIN_COLORS[slots[0]] if slots else BASIN_COLORS[0])
    bar_w, bar_h = 200 * SS, 14 * SS
    for i in range(bar_w):
        c = base * (1 - PALEST * i / (bar_w - 1)) + 255 * PALEST * i / (bar_w - 1)
        draw.line([(x + i, y), (x + i, y + bar_h)], fill=tuple(int(v) for v in c))
    draw.rectangle((x, y, x + bar_w, y + bar_h), outline="black", width=1)
    slowest = max(int(bmap.steps_to_converge.max()), 1)
    draw.text((x, y + bar_h + 3 * SS), "0", fill="black", font=small, anchor="la")
    draw.text((x + bar_w, y + bar_h + 3 * SS), str(slowest), fill="black", font=small, anchor="ra")


# --- learning-rate sweeps ----------------------------------------------------------------------------

def _sweep_label(opt) -> str:
    """The optimizer's legend label without its learning rate (the sweep sets that)."""
    return re.sub(r"lr=[^,]*(, )?", "", opt.label).strip().rstrip(",")


def render_sweep(sw, width: int = 760) -> Image.Image:
    """Final loss (top) and steps to converge (bottom) against the learning rate on a log axis."""
    pw, ph = width * SS, 230 * SS
    small, big = _font(11), _font(15)
    band = (6 + 6 * len(sw.optimizers)) * SS      # the strip above the loss plot where diverged runs are marked
    left, top, gap, key_h = 80 * SS, 74 * SS + band, 70 * SS, (24 + 20 * len(sw.optimizers)) * SS
    img = Image.new("RGB", (left + pw + 30 * SS, top + 2 * ph + gap + 56 * SS + key_h), "white")
    draw = ImageDraw.Draw(img, "RGBA")
    name = sw.surface if sw.surface != "custom" else sw.formula
    draw.text((left, 10 * SS), f"Learning-rate sweep: {name}", fill="black", font=big)
    draw.text((left, 32 * SS), f"start ({_fmt(sw.start[0])}, {_fmt(sw.start[1])}), {sw.steps} steps, "
                               f"{len(sw.lrs)} learning rates", fill="black", font=small)
    xlim = (float(sw.lrs[0]), float(sw.lrs[-1]))
    if xlim[0] == xlim[1]:
        xlim = (xlim[0] / 2, xlim[0] * 2)
    xticks = [10.0 ** k for k in range(math.ceil(math.log10(xlim[0]) - 1e-9),
                                       math.floor(math.log10(xlim[1]) + 1e-9) + 1)]
    lr_fmt = lambda v: f"{v:g}"   # noqa: E731

    # top: final loss; when it spans decades, the gap above the best value f* on a log axis, between
    # round-off (floor) and a million times the start's gap (a run that went further has blown up)
    loss = sw.final_loss            # NaN where the run stopped
    finite = loss[np.isfinite(loss)]
    ref = min([m.value for m in sw.minima] + ([float(finite.min())] if finite.size else [0.0]))
    floor = 1e-15 * max(1.0, abs(ref))
    gap_ = np.maximum(loss - ref, floor)
    use_log = finite.size > 0 and np.nanmax(gap_) / floor > 1e3
    if use_log:
        ceiling = max(1e6 * (sw.start_loss - ref), 1e3 * floor)
        hi_k = math.ceil(math.log10(min(np.nanmax(gap_), ceiling)))
        lo_k = math.floor(math.log10(max(np.nanmin(gap_), floor)))
        hi_k = max(hi_k, lo_k + 1)
        ylim = (10.0 ** lo_k, 10.0 ** hi_k)
        values = np.minimum(gap_, ylim[1])
        step = next(s for s in (1, 2, 3, 5, 10, 20, 50, 100, 1000) if s * 6 >= hi_k - lo_k)
        yticks = [10.0 ** k for k in range(lo_k, hi_k + 1) if k % step == 0]
        ylabel = f"final loss - f*   (f* = {_fmt_value(ref)}; {floor:.0e} and below drawn at the bottom"
        ylabel += f", {ylim[1]:.0e} and above at the top)" if np.nanmax(gap_) > ylim[1] else ")"
    else:
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        pad = 0.05 * (hi - lo) or 1.0
        ylim, values = (lo - pad, hi + pad), loss
        yticks = _nice_ticks(*ylim, count=5)
        ylabel = "final loss"
    ax1 = _Axes((left, top, left + pw, top + ph), xlim, ylim, logx=True, logy=use_log)
    _frame(draw, ax1, small, xticks, yticks, "", "", xfmt=lr_fmt, yfmt=(lambda v: f"{v:.0e}") if use_log else _fmt)
    draw.text((left, top - band - 6 * SS), ylabel, fill="black", font=small, anchor="ld")
    draw.text((left - 8 * SS, top - band / 2), "diverged", fill="black", font=small, anchor="rm")

    top2 = top + ph + gap
    ax2 = _Axes((left, top2, left + pw, top2 + ph), xlim, (0, max(sw.steps, 1)), logx=True)
    _frame(draw, ax2, small, xticks, _nice_ticks(0, max(sw.steps, 1), 5), "learning rate (log scale)",
           f"steps to converge (within {_fmt(sw.tol)} of a minimum; missing = not converged)", xfmt=lr_fmt)

    for i in range(len(sw.optimizers)):
        color = LINE_COLORS[i % len(LINE_COLORS)]
        _polyline(draw, ax1, sw.lrs, values[i], color)
        steps = np.where(sw.steps_to_converge[i] >= 0, sw.steps_to_converge[i], np.nan).astype(float)
        _polyline(draw, ax2, sw.lrs, steps, color)
        for j in np.flatnonzero(sw.diverged[i] | sw.undefined[i]):     # a mark in the strip above the plot
            px, _ = ax1.px(sw.lrs[j], ylim[1])
            (_cross if sw.diverged[i, j] else _ring)(draw, px, top - 7 * SS - 6 * SS * i, color)

    y = top2 + ph + 50 * SS
    draw.text((left, y), f"above the loss plot, x: the run diverged (left the box {optimizers.DIVERGENCE_FACTOR:g} "
                         "times the domain); o: a step landed where f is undefined", fill="black", font=small)
    for i, opt in enumerate(sw.optimizers):
        y += 20 * SS
        color = LINE_COLORS[i % len(LINE_COLORS)]
        draw.line([(left, y + 7 * SS), (left + 30 * SS, y + 7 * SS)], fill=color, width=3 * SS)
        draw.text((left + 38 * SS, y + 7 * SS), _sweep_label(opt), fill="black", font=small, anchor="lm")
    return _finish(img)


def _polyline(draw, ax, xs, ys, color):
    """Connected where finite; single points get a dot."""
    px, py = ax.px(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    ok = np.isfinite(px) & np.isfinite(py)
    run: list[tuple[float, float]] = []
    for k in range(len(px) + 1):
        if k < len(px) and ok[k]:
            run.append((float(px[k]), float(py[k])))
            continue
        if len(run) > 1:
            draw.line(run, fill=color, width=2 * SS, joint="curve")
        for cx, cy in run:
            r = 2.5 * SS
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)
        run = []


def _cross(draw, x, y, color):
    r = 3 * SS
    draw.line([(x - r, y - r), (x + r, y + r)], fill=color, width=SS * 2)
    draw.line([(x - r, y + r), (x + r, y - r)], fill=color, width=SS * 2)


def _ring(draw, x, y, color):
    r = 3 * SS
    draw.ellipse((x - r, y - r, x + r, y + r), outline=color, width=SS * 2)
