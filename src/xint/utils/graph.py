"""Pictures of the recorded graph behind a tensor (any dialect): `show_graph`.

Arrows point forward (data flow: inputs -> op -> result); gradients flow against them, as the
picture's legend says. Ops are boxes labelled with the op and its output shape; leaves are
ellipses: parameters / variables (green), leaves that require grad (orange), constants (grey),
detached values (red, dashed) with a dashed red "detach" edge from what they were cut from.
Graphviz draws it when `dot` is on PATH; otherwise a small layered layout (rows by depth) is
written as SVG in pure Python (or drawn with matplotlib for raster formats), so it always works.
"""
import os
import shutil
import subprocess
import tempfile
from html import escape
from numbers import Number

from ..core import explain
from ..core.node import Node
from ..core.tensor import Tensor
from ._env import in_jupyter

_STYLE = {  # kind: (shape, fill, stroke, dashed)
    "op": ("box", "#dbe9f6", "#3b6ea5", False),
    "param": ("ellipse", "#d9f2d9", "#2e7d32", False),
    "grad": ("ellipse", "#ffe4c4", "#d2691e", False),
    "const": ("ellipse", "#eeeeee", "#888888", False),
    "detached": ("ellipse", "#fde0e0", "#c62828", True),
}
_LEGEND = ("arrows: forward data flow (gradients flow back against them)",
           "box: op (output shape)  green: parameter  orange: requires grad",
           "grey: constant / tensor without grad  red dashed: detached / stop_gradient cut")


def _shape(shape):
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _leaf(t):
    """(kind, label lines) for a tensor with no recorded node."""
    cls = type(t).__name__
    shape = _shape(t.shape)
    if explain.is_cut(t):
        return "detached", ["detached", shape]
    if cls == "Parameter" or hasattr(t, "trainable"):
        name = getattr(t, "name", None)
        return "param", [str(name) if isinstance(name, str) else "parameter", shape]
    if getattr(t, "requires_grad", False):
        req = getattr(t, "_grad_req", None)
        return "grad", ["leaf " + (f"grad_req='{req}'" if req else "requires_grad"), shape]
    return "const", ["tensor", shape]


class _Graph:
    def __init__(self):
        self.vertices = {}        # key -> (kind, [label lines]); insertion order = discovery
        self.edges = []           # (from key, to key, kind) with kind "data" or "cut"

    def add(self, key, kind, lines):
        if key not in self.vertices:
            self.vertices[key] = (kind, lines)


def build(y):
    """The graph behind tensor y as plain vertices and edges (no drawing)."""
    g = _Graph()
    if y.node is None:
        g.add(id(y), *_leaf(y))
        return g
    shapes = {y.node: y.shape}
    stack, seen = [y.node], {y.node}

    def visit(node, shape):
        shapes.setdefault(node, shape)
        if node not in seen:
            seen.add(node)
            stack.append(node)

    while stack:                       # iterative: deep chains are fine
        node = stack.pop()
        for k, (a, parent) in enumerate(zip(node.inputs, node.parents)):
            if parent is not None:
                g.edges.append((id(parent), id(node), "data"))
                visit(parent, a.shape)
            elif isinstance(a, Tensor):
                origin = getattr(a, "_read_of", None)    # a variable's read stands for it
                a = a if origin is None else origin
                g.add(id(a), *_leaf(a))
                g.edges.append((id(a), id(node), "data"))
                src = explain.cut_from(a)
                if isinstance(src, Node):
                    g.edges.append((id(src), id(a), "cut"))
                    visit(src, a.shape)
                elif isinstance(src, Tensor):
                    g.add(id(src), *_leaf(src))
                    g.edges.append((id(src), id(a), "cut"))
            elif isinstance(a, Number) and not isinstance(a, bool):
                key = (id(node), k)
                g.add(key, "const", [f"{a:.4g}" if isinstance(a, float) else str(a)])
                g.edges.append((key, id(node), "data"))
    g.edges = list(dict.fromkeys(g.edges))      # x * x: one arrow is enough
    for node, shape in shapes.items():
        g.vertices[id(node)] = ("op", [node.label or node.prim.name, _shape(shape)])
    # ops were added after their leaves: order vertices leaves-first for a stable layout
    g.vertices = dict(sorted(g.vertices.items(), key=lambda kv: kv[1][0] == "op"))
    return g


# ----- Graphviz -----

def to_dot(g):
    names = {key: f"n{i}" for i, key in enumerate(g.vertices)}
    out = ["digraph xint {", '  rankdir=TB; node [fontname="Helvetica", fontsize=11];']
    for key, (kind, lines) in g.vertices.items():
        shape, fill, stroke, dashed = _STYLE[kind]
        label = "\\n".join(line.replace('"', '\\"') for line in lines)
        style = "filled,dashed" if dashed else "filled"
        out.append(f'  {names[key]} [label="{label}", shape={shape}, style="{style}", '
                   f'fillcolor="{fill}", color="{stroke}"];')
    for a, b, kind in g.edges:
        extra = ' [style=dashed, color="#c62828", label="detach"]' if kind == "cut" else ""
        out.append(f"  {names[a]} -> {names[b]}{extra};")
    legend = "\\l".join(_LEGEND) + "\\l"
    out.append(f'  legend [shape=note, fontsize=9, label="{legend}"];')
    out.append("}")
    return "\n".join(out) + "\n"


# ----- pure-Python layered layout -----

def layout(g):
    """Positions: {key: (cx, cy, w, h)} and the picture size. Rows by longest path from the
    inputs (inputs on top, the result at the bottom); each row ordered by its inputs' mean x."""
    preds = {k: [] for k in g.vertices}
    succs = {k: [] for k in g.vertices}
    for a, b, _ in g.edges:
        preds[b].append(a)
        succs[a].append(b)
    indeg = {k: len(v) for k, v in preds.items()}
    order = [k for k, d in indeg.items() if d == 0]
    depth = dict.fromkeys(g.vertices, 0)
    i = 0
    while i < len(order):                                  # Kahn: a topological order
        k = order[i]
        i += 1
        for s in succs[k]:
            depth[s] = max(depth[s], depth[k] + 1)
            indeg[s] -= 1
            if indeg[s] == 0:
                order.append(s)
    rows = {}
    for k in order:
        rows.setdefault(depth[k], []).append(k)
    size = {k: (max(len(s) for s in lines) * 7 + 20, 16 * len(lines) + 12)
            for k, (_, lines) in g.vertices.items()}
    gap, row_gap, margin = 24, 50, 20
    pos, x_of = {}, {}
    widths = {d: sum(size[k][0] for k in ks) + gap * (len(ks) - 1) for d, ks in rows.items()}
    total_w = max(widths.values()) + 2 * margin
    y = margin
    for d in sorted(rows):
        ks = rows[d]
        if d:
            ks.sort(key=lambda k: sum(x_of.get(p, 0) for p in preds[k]) / max(1, len(preds[k])))
        h = max(size[k][1] for k in ks)
        x = (total_w - widths[d]) / 2
        for k in ks:
            w, hk = size[k]
            pos[k] = (x + w / 2, y + h / 2, w, hk)
            x_of[k] = x + w / 2
            x += w + gap
        y += h + row_gap
    return pos, total_w, y - row_gap + margin


def to_svg(g):
    pos, width, height = layout(g)
    legend_h = 14 * len(_LEGEND) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
           f'height="{height + legend_h:.0f}" font-family="Helvetica, Arial, sans-serif" '
           'font-size="11">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>'
           '<marker id="cutarrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#c62828"/>'
           '</marker></defs>']
    for a, b, kind in g.edges:
        xa, ya, _, ha = pos[a]
        xb, yb, _, hb = pos[b]
        colour, dash, marker = ("#c62828", ' stroke-dasharray="5,3"', "cutarrow") \
            if kind == "cut" else ("#555", "", "arrow")
        out.append(f'<line x1="{xa:.1f}" y1="{ya + ha / 2:.1f}" x2="{xb:.1f}" y2="{yb - hb / 2:.1f}" '
                   f'stroke="{colour}"{dash} marker-end="url(#{marker})"/>')
    for key, (kind, lines) in g.vertices.items():
        cx, cy, w, h = pos[key]
        shape, fill, stroke, dashed = _STYLE[kind]
        dash = ' stroke-dasharray="4,3"' if dashed else ""
        if shape == "box":
            out.append(f'<rect x="{cx - w / 2:.1f}" y="{cy - h / 2:.1f}" width="{w}" height="{h}" '
                       f'rx="3" fill="{fill}" stroke="{stroke}"{dash}/>')
        else:
            out.append(f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{w / 2:.1f}" ry="{h / 2:.1f}" '
                       f'fill="{fill}" stroke="{stroke}"{dash}/>')
        top = cy - 8 * (len(lines) - 1) + 4
        for i, line in enumerate(lines):
            out.append(f'<text x="{cx:.1f}" y="{top + 16 * i:.1f}" text-anchor="middle">'
                       f'{escape(line)}</text>')
    for i, line in enumerate(_LEGEND):
        out.append(f'<text x="10" y="{height + 14 * (i + 1):.0f}" font-size="9" fill="#555">'
                   f'{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _draw_matplotlib(g, fmt):
    """Raster (or PDF) output without Graphviz: the same layout drawn with matplotlib."""
    import io
    from ._env import pyplot
    plt = pyplot()
    pos, width, height = layout(g)
    fig = plt.figure(figsize=(max(width, 200) / 72, (height + 40) / 72), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, width)
    ax.set_ylim(height + 40, 0)
    ax.axis("off")
    for a, b, kind in g.edges:
        xa, ya, _, ha = pos[a]
        xb, yb, _, hb = pos[b]
        colour = "#c62828" if kind == "cut" else "#555555"
        ax.annotate("", xy=(xb, yb - hb / 2), xytext=(xa, ya + ha / 2),
                    arrowprops=dict(arrowstyle="->", color=colour,
                                    linestyle="--" if kind == "cut" else "-"))
    for key, (kind, lines) in g.vertices.items():
        cx, cy, _, _ = pos[key]
        shape, fill, stroke, dashed = _STYLE[kind]
        ax.text(cx, cy, "\n".join(lines), ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="square" if shape == "box" else "round,pad=0.4", fc=fill,
                          ec=stroke, ls="--" if dashed else "-"))
    ax.text(5, height + 5, "\n".join(_LEGEND), fontsize=6, va="top", color="#555555")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    plt.close(fig)
    return buf.getvalue()


def render(y, format="svg", use_graphviz=None):
    """The picture of y's graph as bytes in `format` ("svg", "png", "pdf", or "dot" for the
    Graphviz source). use_graphviz: None = when `dot` is on PATH."""
    g = build(y)
    dot_src = to_dot(g)
    if format == "dot":
        return dot_src.encode()
    if use_graphviz is None:
        use_graphviz = shutil.which("dot") is not None
    if use_graphviz:
        return subprocess.run(["dot", f"-T{format}"], input=dot_src.encode(), check=True,
                              capture_output=True).stdout
    if format == "svg":
        return to_svg(g).encode()
    return _draw_matplotlib(g, format)


def show_graph(y, path=None, format="svg"):
    """Draw the graph recorded behind tensor y.

    In Jupyter (and no path given) an SVG is shown inline and None returned; otherwise the picture
    is written to `path` (default: <system temp dir>/xint-graph.<format>) and the path returned."""
    data = render(y, format)
    if path is None and in_jupyter() and format == "svg":
        from IPython.display import SVG, display
        display(SVG(data))
        return None
    if path is None:
        path = os.path.join(tempfile.gettempdir(), f"xint-graph.{format}")
    with open(path, "wb") as f:
        f.write(data)
    return os.fspath(path)
