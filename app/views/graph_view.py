"""A computational graph drawn as a circuit (CS231n style): boxes left to right from the inputs to the loss.

Each box shows the node's name (for a typed formula, the sub-expression it stands for), its forward value
above it (green) and dL/dnode below it (red); edges run from the right side of a box to the left side of the
box that reads it, optionally labelled with the local derivative ∂dst/∂src (``set_edge_labels``). The layout
is app/views/graph_layout.py's.

``set_graph`` builds the scene once; ``set_evaluation`` only changes the texts of the value, gradient and edge
items (a gradient-descent step repaints without rebuilding anything). Wheel zooms (about the mouse), dragging
pans; ``fit`` shows the whole graph but never below ``MIN_FIT_SCALE``, so that the numbers stay readable and
a large graph is panned instead.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from .. import i18n
from . import graph_layout

MIN_FIT_SCALE = 0.7
MAX_SCALE = 4.0
MAX_LABEL = 28            # characters of a box's label (a long sub-expression is elided; full in the tooltip)
COLUMN_GAP = 78           # between columns: room for an edge label
ROW_GAP = 10
LABEL_IN_GAP = 0.4      # a copy's local derivative is written this far before the gate's column
VALUE_COLOR = "#1b7f3b"
GRAD_COLOR = "#c0392b"
EDGE_COLOR = "#8a8f98"
LOCAL_COLOR = "#1f5fa8"
CACHE = QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
KIND_FILL = {"input": "#e8eef7", "param": "#fff1d6", "node": "#ffffff", "loss": "#fde2e1"}
KIND_BORDER = {"input": "#6d86a8", "param": "#c98a1b", "node": "#55595f", "loss": "#c0392b"}


def short(v: float) -> str:
    """A number as the drawing shows it: 4 significant digits (the tables and tooltips have 6)."""
    return f"{v:.4g}"


def _label(node) -> str:
    text = node.label or node.name
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"


class _Box:
    """The items of one node: the box with its label, the value above and the gradient below."""

    def __init__(self, scene, node, font, small):
        self.node = node
        self.label = QtWidgets.QGraphicsSimpleTextItem(_label(node))
        self.label.setFont(font)
        w = self.label.boundingRect().width() + 16
        h = self.label.boundingRect().height() + 8
        self.rect = QtWidgets.QGraphicsRectItem(0, 0, max(w, 44), h)
        self.rect.setBrush(QtGui.QColor(KIND_FILL[node.kind]))
        pen = QtGui.QPen(QtGui.QColor(KIND_BORDER[node.kind]), 2 if node.kind == "loss" else 1.2)
        pen.setCosmetic(True)
        self.rect.setPen(pen)
        self.rect.setZValue(2)
        self.rect.setCacheMode(CACHE)         # the box and its label never change
        self.label.setParentItem(self.rect)
        self.value = QtWidgets.QGraphicsSimpleTextItem()
        self.grad = QtWidgets.QGraphicsSimpleTextItem()
        for item, color in ((self.value, VALUE_COLOR), (self.grad, GRAD_COLOR)):
            item.setFont(small)
            item.setBrush(QtGui.QColor(color))
            item.setZValue(3)
            scene.addItem(item)
        scene.addItem(self.rect)
        self.text_height = self.value.boundingRect().height() if self.value.text() else \
            QtGui.QFontMetricsF(small).height()

    @property
    def width(self) -> float:
        return self.rect.rect().width()

    @property
    def height(self) -> float:
        return self.rect.rect().height()

    def place(self, x: float, y: float) -> None:
        """Put the box's centre at (x, y)."""
        self.rect.setPos(x - self.width / 2, y - self.height / 2)
        lb = self.label.boundingRect()
        self.label.setPos((self.width - lb.width()) / 2, (self.height - lb.height()) / 2)
        self._center_numbers()

    def _center_numbers(self) -> None:
        c = self.rect.pos().x() + self.width / 2
        top, bottom = self.rect.pos().y(), self.rect.pos().y() + self.height
        v, g = self.value.boundingRect(), self.grad.boundingRect()
        self.value.setPos(c - v.width() / 2, top - v.height() - 1)
        self.grad.setPos(c - g.width() / 2, bottom + 1)

    def show(self, value: float, grad: float) -> None:
        self.value.setText(i18n.ltr(short(value)))
        self.grad.setText(i18n.ltr(short(grad)))
        self._center_numbers()

    def left(self) -> QtCore.QPointF:
        r = self.rect.sceneBoundingRect()
        return QtCore.QPointF(r.left(), r.center().y())

    def right(self) -> QtCore.QPointF:
        r = self.rect.sceneBoundingRect()
        return QtCore.QPointF(r.right(), r.center().y())


class GraphView(QtWidgets.QGraphicsView):
    """The drawing of one graph; ``boxes[name]`` are its items (value/grad texts: ``boxes[name].value.text()``).

    Signals: sigNodeClicked(str) the name of a box clicked.
    """

    sigNodeClicked = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QtWidgets.QGraphicsScene(self))
        self.setRenderHints(QtGui.QPainter.RenderHint.Antialiasing | QtGui.QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QtWidgets.QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QtWidgets.QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QtWidgets.QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setBackgroundBrush(QtGui.QColor("#fbfbfb"))
        i18n.keep_ltr(self)            # a circuit reads left to right in every language
        self.boxes: dict[str, _Box] = {}
        self.edges: dict[tuple[str, str], tuple[QtWidgets.QGraphicsPathItem, QtWidgets.QGraphicsSimpleTextItem]] = {}
        self.columns: list[list[str]] = []
        self._mids: dict[tuple[str, str], QtCore.QPointF] = {}
        self.edge_labels = False
        self._zoomed = False            # the user zoomed: stop fitting on resize

    # --- building --------------------------------------------------------------------------------

    def set_graph(self, graph) -> None:
        """Draw ``graph`` (its numbers come with ``set_evaluation``)."""
        scene = self.scene()
        scene.clear()
        self.boxes, self.edges, self._mids = {}, {}, {}
        font = QtGui.QFont(self.font())
        font.setPointSizeF(font.pointSizeF() + 0.5)
        font.setBold(True)
        small = QtGui.QFont(self.font())
        for n in graph.nodes:
            box = self.boxes[n.name] = _Box(scene, n, font, small)
            box.rect.setToolTip(n.expr if n.kind in ("input", "param") else f"{n.name} = {n.expr}")
            box.rect.setData(0, n.name)
        self.columns = graph_layout.arrange(graph)
        text_h = max(b.text_height for b in self.boxes.values())
        pitch = max(b.height for b in self.boxes.values()) + 2 * text_h + ROW_GAP
        x = 0.0
        extent = {}                       # name -> (left, right) of its column
        for col in self.columns:
            width = max(self.boxes[name].width for name in col)
            for i, name in enumerate(col):
                self.boxes[name].place(x + width / 2, (i - (len(col) - 1) / 2) * pitch)
                extent[name] = (x, x + width)
            x += width + COLUMN_GAP
        label_x = _label_positions(graph, extent, {name: b.rect.pos().y() for name, b in self.boxes.items()})
        edge_pen = QtGui.QPen(QtGui.QColor(EDGE_COLOR), 1.2)
        edge_pen.setCosmetic(True)
        small_local = QtGui.QFont(small)
        small_local.setPointSizeF(max(small.pointSizeF() - 1, 6))
        for n in graph.nodes:
            for src in n.inputs:
                a, b = self.boxes[src].right(), self.boxes[n.name].left()
                path = QtGui.QPainterPath(a)
                dx = max((b.x() - a.x()) / 2, 20)
                path.cubicTo(QtCore.QPointF(a.x() + dx, a.y()), QtCore.QPointF(b.x() - dx, b.y()), b)
                at = label_x[(src, n.name)]
                samples = [path.pointAtPercent(k / 64) for k in range(65)]
                self._mids[(src, n.name)] = min(samples, key=lambda p, at=at: abs(p.x() - at))
                path.moveTo(b.x() - 6, b.y() - 3.5)            # an open arrowhead
                path.lineTo(b)
                path.lineTo(b.x() - 6, b.y() + 3.5)
                item = scene.addPath(path, edge_pen)
                item.setZValue(1)
                item.setCacheMode(CACHE)          # edges never change: drawn once, then blitted
                label = QtWidgets.QGraphicsSimpleTextItem()
                label.setFont(small_local)
                label.setBrush(QtGui.QColor(LOCAL_COLOR))
                label.setZValue(4)
                label.setVisible(self.edge_labels)
                scene.addItem(label)
                self.edges[(src, n.name)] = (item, label)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self._zoomed = False
        self.fit()

    # --- numbers ---------------------------------------------------------------------------------

    def set_evaluation(self, ev) -> None:
        """Show the values, gradients and local derivatives of ``ev`` (a core.backprop.Evaluation)."""
        for name, box in self.boxes.items():
            box.show(ev.values[name], ev.grads[name])
        locals_ = {(e.src, e.dst): e.local for e in ev.edges}
        for key, (_path, label) in self.edges.items():
            local = locals_.get(key)
            label.setText("" if local is None else i18n.ltr(short(local)))
            mid, r = self._mids[key], label.boundingRect()
            label.setPos(mid.x() - r.width() / 2, mid.y() - r.height() - 1)

    def set_edge_labels(self, on: bool) -> None:
        """Show or hide the local derivative on every edge."""
        self.edge_labels = bool(on)
        for _path, label in self.edges.values():
            label.setVisible(self.edge_labels)

    # --- view ------------------------------------------------------------------------------------

    def fit(self) -> None:
        """The whole graph if it fits at MIN_FIT_SCALE or more, else its left end (the inputs) at that scale."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        vw, vh = max(self.viewport().width(), 50), max(self.viewport().height(), 50)
        scale = min(vw / rect.width(), vh / rect.height(), 1.5)
        scale = max(scale, MIN_FIT_SCALE)
        self.setTransform(QtGui.QTransform.fromScale(scale, scale))
        if rect.width() * scale <= vw and rect.height() * scale <= vh:
            self.centerOn(rect.center())
        else:
            self.centerOn(QtCore.QPointF(rect.left() + vw / scale / 2, rect.center().y()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._zoomed:        # until the user zooms, keep fitting to the size the dock gets
            self.fit()

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if not steps:
            return
        factor = 1.15 ** steps
        current = self.transform().m11()
        factor = min(max(factor, 0.1 / current), MAX_SCALE / current)
        self.scale(factor, factor)
        self._zoomed = True

    def mouseDoubleClickEvent(self, event) -> None:
        self._zoomed = False
        self.fit()

    def mousePressEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and item.data(0) is None:
            item = item.parentItem()
        if item is not None and event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.sigNodeClicked.emit(item.data(0))
        super().mousePressEvent(event)


def _label_positions(graph, extent, y) -> dict[tuple[str, str], float]:
    """Where (x) each edge's local derivative is written: in a gap between columns, where there are no boxes or
    numbers. After the source's column, where the edges into one gate are still spread like their sources; the
    edges of one source there spread across the gap (top to bottom, left to right), so that a fan-out does not
    stack its labels. A copy (a source read by more nodes than the gate reads) is labelled before the gate's
    column instead, where its edges have parted."""
    out: dict[tuple[str, str], float] = {}
    after: dict[str, list[str]] = {}
    fan_out: dict[str, int] = {}
    for n in graph.nodes:
        for src in n.inputs:
            fan_out[src] = fan_out.get(src, 0) + 1
    for n in graph.nodes:
        for src in n.inputs:
            if fan_out[src] <= len(n.inputs):
                after.setdefault(src, []).append(n.name)
            else:
                out[(src, n.name)] = extent[n.name][0] - LABEL_IN_GAP * COLUMN_GAP
    for src, dsts in after.items():
        dsts.sort(key=lambda d: y[d])
        for i, d in enumerate(dsts):
            share = 0.5 if len(dsts) == 1 else 0.2 + 0.6 * i / (len(dsts) - 1)
            out[(src, d)] = extent[src][1] + share * COLUMN_GAP
    return out

