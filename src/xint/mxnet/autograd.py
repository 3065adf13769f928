"""mxnet.autograd: record/pause scopes, backward and grad with MXNet's rules.

Recording happens only inside record(); gradients are written (grad_req='write') or added
('add') into the buffers attach_grad() made; after a backward without retain_graph the graph is
gone, and using it again raises MXNet's "not in a computational graph" error.
"""
import contextlib
import sys

import numpy

from ..core import autodiff, explain as _explain
from ..core.refs import COUNTS_EXACT
from ..core.tensor import Tensor
from ._ndarray import NDArray, autograd_state, ndarray
from .base import MXNetError, NOT_IN_GRAPH, NO_INPUTS


class _scope(contextlib.ContextDecorator):
    """Set the recording and/or training state for a block (None: leave it), restored after.
    A class, not a generator context manager: it is entered twice per training step."""

    def __init__(self, recording, training):
        self.recording, self.training = recording, training

    def _recreate_cm(self):
        # as a decorator, a fresh scope per call: a recursive call must not overwrite `prev`
        return _scope(self.recording, self.training)

    def __enter__(self):
        self.prev = autograd_state.recording, autograd_state.training
        if self.recording is not None:
            autograd_state.recording = self.recording
        if self.training is not None:
            autograd_state.training = self.training
        return self

    def __exit__(self, *exc):
        autograd_state.recording, autograd_state.training = self.prev
        return False


def record(train_mode=True):
    """Record operations for differentiation (and, by default, switch to training mode)."""
    return _scope(True, train_mode)


def pause(train_mode=False):
    """Stop recording inside a record() block."""
    return _scope(False, train_mode)


def train_mode():
    return _scope(None, True)


def predict_mode():
    return _scope(None, False)


def is_recording():
    return autograd_state.recording


def is_training():
    return autograd_state.training


def mark_variables(variables, gradients, grad_reqs="write"):
    """Make each variable a gradient target whose gradient goes into the given buffer (shared,
    not copied), as attach_grad does with a buffer of its own. One array each or lists; as in
    MXNet, one grad_req string applies to all and extra gradients are ignored."""
    if isinstance(variables, ndarray):
        assert isinstance(gradients, ndarray)
        variables, gradients = [variables], [gradients]
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    for req in grad_reqs:
        if req not in ("null", "write", "add"):
            raise KeyError(req)               # MXNet looks the name up in a dict
    for var, buf, req in zip(variables, gradients, grad_reqs):
        var._grad_req = req
        var.requires_grad = True
        var.node = None
        var._grad = buf._data                 # the caller's buffer: MXNet's 'null' keeps it too
        var._fresh_grad = False


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _seeds(heads, head_grads, create_graph=False):
    seeds = []
    for i, h in enumerate(heads):
        g = None if head_grads is None else head_grads[i]
        _explain.enabled and g is None and h._data.size != 1 and _explain.note("nonscalar:mxnet", h)
        g = autodiff.ones_seed(h) if g is None else g._data
        seeds.append(ndarray._wrap(g) if create_graph else g)
    return seeds


# MXNet 1.9.1 registers second-order gradients for some backward operators only: those of sin,
# cos, exp, log, tanh, sqrt work; these do not (measured on MXNet: spec §11 and
# tests/conformance). A gradient made through one of them cannot be differentiated again.
_NO_SECOND_ORDER = {"mul": "_backward_npi_broadcast_mul", "pow": "_backward_power_scalar",
                    "sum": "_backward_np_sum", "add": "_backward_npi_broadcast_add"}


def _no_fgradient(name):
    return MXNetError(f"MXNetError: Operator {name} is non-differentiable because it didn't "
                      "register FGradient attribute.")


# Set once a gradient MXNet could not differentiate again exists; until then walks need no check.
_blocked_made = [False]


def _differentiable(node):
    """accept() for MXNet's walks: refuse to go through a gradient that MXNet could not have
    differentiated (see _NO_SECOND_ORDER)."""
    for a in node.inputs:
        if isinstance(a, NDArray) and a._no_fgradient:
            raise _no_fgradient(a._no_fgradient)
    return True


def _check_recorded(heads):
    for h in heads:
        if isinstance(h, NDArray) and h._no_fgradient:
            raise _no_fgradient(h._no_fgradient)
        if h.node is None or h.node.freed:
            _explain.enabled and _explain.note("not-recorded:mxnet", h)
            raise MXNetError(NOT_IN_GRAPH)


def _can_take(g, buf):
    """Whether a leaf may take the fresh gradient array g as its grad buffer instead of a copy
    into the old one: same shape, dtype and layout, and nothing else refers to either array
    (refs to g: the (leaf, g, req) entry, the loop's name, this call's and getrefcount's arguments; to
    the buffer: the leaf, the loop's name, this call's and getrefcount's arguments). Every
    `x.grad` wrapper a user holds refers to the buffer, and must see the new values: then the
    values are copied in, as MXNet's in-place write does."""
    return (COUNTS_EXACT and type(g) is numpy.ndarray and type(buf) is numpy.ndarray
            and g.base is None and g.shape == buf.shape and g.dtype == buf.dtype
            and g.flags.c_contiguous and g.flags.writeable
            and sys.getrefcount(g) <= 4 and sys.getrefcount(buf) <= 4)


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):
    """Write (or add) d(sum of heads)/d(x) into the grad buffer of every reached attached array."""
    heads = _as_list(heads)
    head_grads = None if head_grads is None else _as_list(head_grads)
    _check_recorded(heads)
    with _scope(False, train_mode):
        pairs = autodiff.backprop(heads, _seeds(heads, head_grads), None, retain_graph=retain_graph,
                                  accept=_differentiable if _blocked_made[0] else None)
    pairs = [(leaf, g, getattr(leaf, "_grad_req", "write")) for leaf, g in pairs
             if leaf._grad is not None]
    pairs = [p for p in pairs if p[2] != "null"]                            # skip grad_req='null'
    if not pairs:
        raise MXNetError(NO_INPUTS)
    for leaf, g, req in pairs:
        buf = leaf._grad
        if req == "add":
            _explain.enabled and _explain.note("accumulate:mxnet", old=buf)
            buf += g
        elif _can_take(g, buf):
            leaf._grad = g
        else:
            buf[...] = g
        leaf._fresh_grad = True           # gluon.Trainer refuses stale gradients, as MXNet does


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False,
         train_mode=True):
    """Gradients of heads with respect to variables, as a list of legacy NDArrays."""
    heads, variables = _as_list(heads), _as_list(variables)
    head_grads = None if head_grads is None else _as_list(head_grads)
    _check_recorded(heads)
    for i, v in enumerate(variables):   # only attach_grad'ed leaves, before any backward
        if v.node is not None or getattr(v, "_grad_req", "null") == "null":
            raise MXNetError(
                "MXNetError: Check failed: !AGInfo: :IsNone(*variables[i]) && AGInfo::IsVariable("
                "variables[i]->entry_.node): Cannot differentiate with respect to the "
                f"{i + 1}-th variable because it does not require gradient.")
    if retain_graph is None:
        retain_graph = create_graph
    blocked = []

    def accept(node):                 # also notes the first operator MXNet cannot differentiate
        if _blocked_made[0]:
            _differentiable(node)
        if create_graph and not blocked and node.prim.name in _NO_SECOND_ORDER:
            blocked.append(_NO_SECOND_ORDER[node.prim.name])
        return True
    with _scope(create_graph, train_mode):
        grads = autodiff.backprop(heads, _seeds(heads, head_grads, create_graph), variables,
                                  retain_graph=retain_graph, create_graph=create_graph,
                                  accept=accept)
    out = []
    for i, g in enumerate(grads):
        if g is None:
            raise MXNetError(
                "MXNetError: Check failed: output_grads.find(xs[i].node.get()) != "
                f"output_grads.end(): Cannot differentiate with respect to the {i + 1}-th variable "
                "because it is unreachable from the outputs.")
        g = NDArray._wrap(g._data, g.node) if isinstance(g, Tensor) else NDArray._wrap(g)
        g._no_fgradient = blocked[0] if blocked else None
        _blocked_made[0] = _blocked_made[0] or bool(blocked)
        out.append(g)
    return out
