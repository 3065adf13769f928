"""utils.show_graph: pictures of the recorded graph, headless, for every dialect."""
import re
import shutil

import pytest

from xint import utils
from xint.utils import graph
import xint.mxnet as mx
import xint.tensorflow as tf
import xint.torch as torch


_alive = []


def _torch_graph():
    x = torch.arange(4.0, requires_grad=True)
    w = torch.nn.Parameter(torch.ones(4))
    y = x * x
    u = y.detach()                 # the cut is drawn while y (what u was cut from) is alive
    _alive.append(y)
    return (torch.exp(u * x) + w * 2).sum()


def _tf_graph():
    v = tf.Variable(tf.ones(4), name="w")
    x = tf.range(4.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        u = tf.stop_gradient(y)
        _alive.append(y)
        z = tf.reduce_sum(tf.exp(u * x) + v * 2)
    return z


def _mx_graph():
    x = mx.np.arange(4.0)
    x.attach_grad()
    with mx.autograd.record():
        y = x * x
        u = y.detach()
        _alive.append(y)
        z = (mx.np.exp(u * x) + 2).sum()
    return z


GRAPHS = {"torch": _torch_graph, "tensorflow": _tf_graph, "mxnet": _mx_graph}


def _texts(svg):
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize("dialect", sorted(GRAPHS))
def test_svg_file_headless(dialect, tmp_path):
    z = GRAPHS[dialect]()
    path = tmp_path / "g.svg"
    assert graph.render(z, use_graphviz=False)     # pure Python path, whatever is installed
    out = utils.show_graph(z, path=str(path))
    assert out == str(path)
    svg = path.read_text()
    assert svg.lstrip().startswith(("<svg", "<?xml")) and svg.rstrip().endswith("</svg>")
    assert path.stat().st_size > 500
    if shutil.which("dot") is None:
        texts = _texts(svg)
        for label in ("sum", "exp", "mul", "add", "detached", "()", "(4,)"):
            assert label in texts, label
        assert 'stroke-dasharray="5,3"' in svg                 # the cut edge


def test_leaf_kinds_and_labels():
    g = graph.build(_torch_graph())
    kinds = sorted(kind for kind, _ in g.vertices.values())
    assert kinds == ["const", "detached", "grad", "op", "op", "op", "op", "op", "op", "param"]
    ops = sorted(lines[0] for kind, lines in g.vertices.values() if kind == "op")
    assert ops == ["add", "exp", "mul", "mul", "mul", "sum"]        # x*x survives behind the cut
    assert sum(kind == "cut" for *_, kind in g.edges) == 1
    tf_names = [lines[0] for kind, lines in graph.build(_tf_graph()).vertices.values()
                if kind == "param"]
    assert tf_names == ["w:0"]
    mx_leaves = [lines[0] for kind, lines in graph.build(_mx_graph()).vertices.values()
                 if kind == "grad"]
    assert mx_leaves == ["leaf grad_req='write'"]


def test_dot_source_and_png(tmp_path):
    z = _torch_graph()
    dot = graph.render(z, "dot").decode()
    assert dot.startswith("digraph xint {") and 'label="exp\\n(4,)"' in dot
    assert "style=dashed" in dot and dot.count("->") == len(graph.build(z).edges)
    pytest.importorskip("matplotlib")
    path = utils.show_graph(z, path=str(tmp_path / "g.png"), format="png")
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_leaf_only_and_default_path(tmp_path, monkeypatch):
    monkeypatch.setattr(graph.tempfile, "gettempdir", lambda: str(tmp_path))
    path = utils.show_graph(torch.ones(2, 3))
    assert path == str(tmp_path / "xint-graph.svg")
    assert "(2, 3)" in _texts(open(path).read())


def test_deep_chain_is_iterative():
    x = torch.ones(2, requires_grad=True)
    y = x
    for _ in range(3000):
        y = y + 1
    svg = graph.render(y.sum(), use_graphviz=False).decode()
    assert svg.count("<rect") == 3001


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_graphviz_svg():
    svg = graph.render(_torch_graph(), use_graphviz=True).decode()
    assert "<svg" in svg and ">exp</text>" in svg
