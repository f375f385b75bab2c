"""GIF animations of a figure's playback: frames streamed to the file (memory stays flat), each reduced to a
palette fixed from the finished figure (the runs' exact colours first) and cropped to what changed.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6 import QtGui

from core.files import atomic_path

from .figure import Figure
from .figure_data import DEFAULT_GIF_WIDTH, INK

MAX_GIF_FRAMES = 250                 # default stride keeps a GIF at about this many frames


def default_stride(steps: int) -> int:
    return max(1, math.ceil(steps / MAX_GIF_FRAMES))


def frame_iterations(steps: int, stride: int) -> list[int]:
    """The steps shown by a GIF: stride, 2*stride, ..., and always the last (ceil(steps/stride) frames)."""
    its = list(range(stride, steps + 1, stride))
    if not its or its[-1] != steps:
        its.append(steps)
    return its


def save_gif(figure: Figure, path, width_px: int = DEFAULT_GIF_WIDTH, fps: int = 20, stride: int | None = None,
             progress: Callable[[int, int], bool] | None = None) -> int:
    """Write the playback as an animated GIF, frame by frame, and return the number of frames.

    Memory stays flat: each frame is rendered, reduced to palette indices and only the rectangle that
    changed since the previous frame is encoded and written out (the GIF keeps earlier pixels). The palette
    is taken once from the finished figure, which holds every colour the animation will show.
    ``progress(done, total)`` may return False to cancel (the target is then left untouched).
    """
    from PIL import GifImagePlugin, Image

    steps = figure.data.scene.steps
    stride = stride or default_stride(steps)
    its = frame_iterations(steps, stride)
    duration = max(20, int(round(1000 / fps)))
    figure.set_iteration(steps)
    full = _rgb_array(figure.render_image(width_px))
    h, w, _ = full.shape
    palette = _gif_palette(full, figure.run_colors())
    lut = _palette_lut(palette)
    palette_bytes = palette.astype(np.uint8).ravel().tobytes()
    previous = None
    with figure.dynamic_only(width_px) as background, atomic_path(path) as tmp, open(tmp, "wb") as out:
        for n, k in enumerate(its):
            figure.set_iteration(k)
            index = _palette_indices(figure.render_image(width_px, background), lut)
            if previous is None:
                box = (0, 0, w, h)
            else:   # only the rectangle that changed; the GIF keeps the rest (disposal 1)
                changed = index != previous
                rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
                box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1) if rows.size \
                    else (0, 0, 1, 1)
            frame = Image.frombuffer("L", (box[2] - box[0], box[3] - box[1]),
                                     np.ascontiguousarray(index[box[1]:box[3], box[0]:box[2]]).tobytes(),
                                     "raw", "L", 0, 1).convert("P")
            frame.putpalette(palette_bytes)
            if previous is None:
                header, _ = GifImagePlugin.getheader(frame, info={"loop": 0, "duration": duration})
                out.write(b"".join(header))
            last = n == len(its) - 1     # hold the finished picture for two seconds
            for piece in GifImagePlugin.getdata(frame, offset=box[:2], disposal=1,
                                                duration=max(duration, 2000) if last else duration):
                out.write(piece)
            previous = index
            if progress is not None and progress(n + 1, len(its)) is False:
                raise ExportCancelled()
        out.write(b";")
    return len(its)


def _gif_palette(rgb: np.ndarray, run_colors: list[str]) -> np.ndarray:
    """256 colours: the runs' exact colours with their antialiasing blends toward white, black and the
    ink, then the most frequent others (median cut). Median cut alone gives thin coloured lines away to
    the large pale heatmap."""
    from PIL import Image

    fixed = [(0, 0, 0), (255, 255, 255), tuple(int(INK[i:i + 2], 16) for i in (1, 3, 5))]
    for color in run_colors:
        c = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
        for t in (0.0, 0.35, 0.65):
            fixed.append(tuple(int(v) for v in np.round(c + (255 - c) * t)))
    fixed = list(dict.fromkeys(fixed))
    rest = Image.fromarray(rgb).quantize(colors=256 - len(fixed), method=Image.Quantize.MEDIANCUT,
                                         dither=Image.Dither.NONE)
    others = np.array(rest.getpalette()[: 3 * (256 - len(fixed))], dtype=np.int32).reshape(-1, 3)
    return np.vstack([np.array(fixed, dtype=np.int32), others])


class ExportCancelled(Exception):
    """The user cancelled a long export; nothing was written."""


def _rgb_array(image) -> np.ndarray:
    rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    w, h, bpl = rgb.width(), rgb.height(), rgb.bytesPerLine()
    view = np.frombuffer(rgb.constBits(), np.uint8, count=h * bpl).reshape(h, bpl)[:, : w * 3]
    return view.reshape(h, w, 3).copy()      # a copy: the QImage's memory goes with it


def _palette_lut(palette: np.ndarray) -> np.ndarray:
    """Nearest palette index for every RGB555 colour (32,768 entries): frames map through it in one take.

    |c - p|² = |c|² - 2 c·p + |p|²; the |c|² term is the same for every p, so one matrix product decides.
    """
    key = np.arange(32768)
    rgb = np.stack([(key >> 10) & 31, (key >> 5) & 31, key & 31], axis=1).astype(np.float32) * (255 / 31)
    p = palette.astype(np.float32)
    return (rgb @ (-2.0 * p.T) + (p * p).sum(axis=1)).argmin(axis=1).astype(np.uint8)


def _palette_indices(image, lut: np.ndarray) -> np.ndarray:
    """Palette index of every pixel of an RGB32 QImage, straight from its 0xffRRGGBB words."""
    w, h, bpl = image.width(), image.height(), image.bytesPerLine()
    px = np.frombuffer(image.constBits(), np.uint32, count=h * bpl // 4).reshape(h, bpl // 4)[:, :w]
    return lut[((px >> 9) & 0x7C00) | ((px >> 6) & 0x3E0) | ((px >> 3) & 0x1F)]   # RGB555 key, a new array
