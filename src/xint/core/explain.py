"""Explain mode: one plain-language line on stderr when a classic autograd mistake happens.

Off by default (`XINT_EXPLAIN=1` or `xint.utils.explain(True)` turns it on). Call sites test the
module-level bool `enabled` before calling `note`, so the cost when off is one attribute read.
Lines go to stderr with print, not `warnings`: a warnings filter set to "error" (pytest -W error,
CI settings) would turn an explanation into an exception and change what the program does;
explain mode must never change results. Each distinct line is printed once (`reset` forgets).

This module also keeps the one fact the engine otherwise drops: that a tensor was cut from a
graph by detach()/stop_gradient (`cut`), for explanations and graph pictures.
"""
import os
import sys
import weakref

enabled = os.environ.get("XINT_EXPLAIN", "").strip().lower() not in ("", "0", "false", "no", "off")
_said = set()


def set_enabled(on=True):
    """Turn explain mode on or off; returns the previous setting."""
    global enabled
    prev, enabled = enabled, bool(on)
    return prev


def reset():
    """Forget which explanations were already printed."""
    _said.clear()


def _shape(t):
    return tuple(getattr(t, "shape", ()))


_TEXT = {
    "accumulate:torch": "x.grad already held a non-zero gradient, so this backward() ADDED to it "
                        "(PyTorch accumulates gradients; call x.grad.zero_() or "
                        "optimizer.zero_grad() before each backward).",
    "accumulate:mxnet": "grad_req='add': this backward() added to a non-zero gradient instead of "
                        "overwriting it (reset with x.grad[:] = 0, or attach_grad() with the "
                        "default grad_req='write').",
    "nonscalar:torch": "backward() was called on a tensor of shape {shape}, not a scalar: PyTorch "
                       "needs a head gradient; y.sum().backward() (the same as "
                       "y.backward(torch.ones_like(y))) gives the gradient of the sum.",
    "nonscalar:mxnet": "backward() on an array of shape {shape}, not a scalar: MXNet used a head "
                       "gradient of ones, so x.grad is the gradient of y.sum().",
    "nonscalar:tensorflow": "tape.gradient() of a target of shape {shape}, not a scalar: "
                            "TensorFlow summed the target, so the result is the gradient of "
                            "tf.reduce_sum(y).",
    "freed": "the saved values of this graph were freed by an earlier backward pass; pass "
             "retain_graph=True to the first backward to run it twice, or recompute the forward "
             "pass.",
    "not-recorded:mxnet": "backward() needs an array computed inside autograd.record(); this one "
                          "was computed outside it, or its graph was freed by an earlier backward "
                          "(retain_graph=True keeps it).",
    "tape-reused": "a non-persistent GradientTape gives gradients once; use "
                   "tf.GradientTape(persistent=True) to call gradient() several times (and del "
                   "the tape afterwards).",
    "behind-cut": "no gradient reached a tensor of shape {shape}: every path from the result to it "
                  "goes through detach()/stop_gradient(), which cut the graph there.",
    "detached": "no gradient for a tensor of shape {shape} made by detach()/stop_gradient(): it "
                "was cut from the graph, so nothing flows back to it; differentiate with respect "
                "to the original tensor instead.",
}


def note(event, tensor=None, old=None, roots=None):
    """Print the explanation for `event` ("accumulate:torch", "freed", ...) once.

    tensor: the tensor concerned (its shape goes into the line); old: for "accumulate:*", the
    gradient buffer before the addition (nothing is said when it was all zeros); roots: for
    "detached", the tensors differentiated (to tell whether a cut hid `tensor` from them)."""
    if not enabled:
        return
    if old is not None:
        data = getattr(old, "_data", old)
        if not data.any():
            return
    if event == "detached" and not is_cut(tensor):
        if not (roots and _behind_cut(roots, tensor)):
            return
        event = "behind-cut"
    if event.startswith("nonscalar") and tensor._data.size == 1:
        return
    line = "xint explain: " + _TEXT[event].format(shape=_shape(tensor))
    if line not in _said:
        _said.add(line)
        print(line, file=sys.stderr)


# ----- detach / stop_gradient cuts -----

class _Cut(weakref.ref):
    """A weak link from a detached tensor to the node it was cut from. Pickles as a plain True
    (the node is not worth keeping; that the tensor was cut is)."""
    __slots__ = ()

    def __reduce__(self):
        return (bool, (True,))


class _StrongCut:
    """The same link, held strongly: used while explain mode is on, so that cuts made from
    temporaries (`stop_gradient(x * x)`) can still be explained."""
    __slots__ = ("target",)

    def __init__(self, target):
        self.target = target

    def __call__(self):
        return self.target

    def __reduce__(self):
        return (bool, (True,))


def cut(new, source):
    """Mark `new` (a fresh tensor sharing source's values) as detached from source's graph;
    returns new. Normally a weak reference (a detached value never keeps a graph alive, so the
    origin of a cut made from a temporary is soon gone); strong while explain mode is on."""
    target = source.node
    if target is None and source.requires_grad:
        target = source                   # cut from a leaf that required grad
    if target is not None:
        new._cut = _StrongCut(target) if enabled else _Cut(target)
    return new


def _reach(starts):
    """(nodes, leaf ids) reachable upstream from `starts` (nodes) along recorded edges, and the
    nodes/leaves that detached inputs met on the way were cut from."""
    from .tensor import Tensor
    seen, leaves, cuts = set(starts), set(), []
    stack = list(starts)
    while stack:
        node = stack.pop()
        for a, p in zip(node.inputs, node.parents):
            if p is not None:
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
            elif isinstance(a, Tensor):
                leaves.add(id(a))
                src = cut_from(a)
                if src is not None:
                    cuts.append(src)
    return seen, leaves, cuts


def _behind_cut(roots, t):
    """Is t upstream of a detach/stop_gradient cut below roots, though not reachable without it?"""
    from .tensor import Tensor
    nodes, leaves, cuts = _reach([r.node for r in roots if r.node is not None])
    if (t.node in nodes) if t.node is not None else (id(t) in leaves):
        return False
    starts = [c for c in cuts if not isinstance(c, Tensor)]
    if any(c is t for c in cuts):
        return True
    nodes, leaves, _ = _reach(starts)
    return (t.node in nodes) if t.node is not None else (id(t) in leaves)


def is_cut(t):
    return bool(getattr(t, "_cut", None))


def cut_from(t):
    """The node (or leaf tensor) `t` was detached from, when it is still alive; else None."""
    c = getattr(t, "_cut", None)
    return c() if callable(c) else None
