"""Memory: training holds flat memory; a backward without retain leaves no graph behind once the
output is dropped; a persistent tape and a retained torch graph are freed with their owner."""
import gc
import tracemalloc
import weakref

import numpy
import pytest

from rel_models import batches, make

DIALECTS = ["torch", "mxnet", "tensorflow"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_training_memory_is_flat(dialect):
    step, _ = make(dialect, 0)
    data = batches(0, 8)
    tracemalloc.start()
    try:
        for i in range(1000):
            step(*data[i % 8])
            if i == 200:
                gc.collect()
                at200 = tracemalloc.get_traced_memory()[0]
        gc.collect()
        at1000 = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # 800 steps of a leak of even one small array per step would exceed this
    assert at1000 - at200 < 64 * 1024, (at200, at1000)


def _graph_nodes(t):
    """Weak references to every node reachable from tensor t's node (iteratively)."""
    seen, stack = {}, [t.node]
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen[id(n)] = weakref.ref(n)
        stack.extend(n.parents)
    return list(seen.values())


def test_torch_graph_gone_after_backward():
    from xint.torch import torch
    x = torch.randn(4, 3, requires_grad=True)
    h = torch.tanh(x @ torch.ones(3, 5))
    loss = (h * h).sum()
    nodes = _graph_nodes(loss)
    saved = weakref.ref(h)              # an intermediate the VJPs of tanh and mul read
    assert len(nodes) >= 4
    loss.backward()
    assert all(r().freed and r().out is None for r in nodes if r() is not None)
    del loss, h
    gc.collect()
    assert saved() is None and all(r() is None for r in nodes)
    assert x.grad.shape == (4, 3)


def test_torch_retained_graph_freed_with_output():
    from xint.torch import torch
    x = torch.randn(3, requires_grad=True)
    y = (torch.exp(x) * 2).sum()
    nodes = _graph_nodes(y)
    y.backward(retain_graph=True)
    y.backward()                        # still usable once, retained
    assert numpy.allclose(x.grad.numpy(), 4 * numpy.exp(x.detach().numpy()))
    del y
    gc.collect()
    assert all(r() is None for r in nodes)


def test_mxnet_graph_gone_after_backward():
    from xint.mxnet import np, autograd
    x = np.ones((4, 3))
    x.attach_grad()
    with autograd.record():
        h = np.tanh(x * 2)
        y = (h * h).sum()
    nodes = _graph_nodes(y)
    y.backward()
    del y, h
    gc.collect()
    assert nodes and all(r() is None for r in nodes)


def test_tf_tapes_free_their_graph():
    from xint.tensorflow import tf
    x = tf.Variable(numpy.ones(3, dtype="float32"))
    with tf.GradientTape(persistent=True) as tape:
        h = tf.tanh(x * 2.0)
        y = tf.reduce_sum(h * h)
    nodes = _graph_nodes(y)
    g1, g2 = tape.gradient(y, x), tape.gradient(h, x)
    assert g1.shape == (3,) and g2.shape == (3,)
    del y, h
    tape_ref = weakref.ref(tape)
    del tape
    gc.collect()
    assert tape_ref() is None and all(r() is None for r in nodes)
    with tf.GradientTape() as tape:                 # non-persistent: freed after gradient()
        y = tf.reduce_sum(tf.exp(x))
    nodes = _graph_nodes(y)
    tape.gradient(y, x)
    del y
    gc.collect()
    assert all(r() is None for r in nodes)
