"""Reverse mode: walk the graph from the roots, apply each node's VJPs, hand the gradients back.

The walk is iterative (no recursion: a 100,000-op chain is fine), prunes every branch that leads to
no wanted tensor, sums fan-out gradients, un-broadcasts in one place (`sum_to_shape`), and marks
nodes freed afterwards unless the graph is retained. Where gradients go (accumulate, overwrite,
return) is the caller's business: `backprop` only returns them.
"""
import operator

import numpy

from .. import backend
from . import explain
from .tensor import Tensor


class FreedGraphError(RuntimeError):
    """A node whose saved values were released by an earlier backward was needed again."""

    def __init__(self, node):
        super().__init__(f"the saved values of '{node.prim.name}' were freed by an earlier backward")
        self.node = node


class SavedTensorModifiedError(RuntimeError):
    """A value saved for backward was changed in place after it was recorded.

    node: the node whose VJP needed it; array: the value now; version / saved_version: how often
    it had been changed then and now; producer: the node that made it (None for a leaf input).
    """

    def __init__(self, node, array, version, saved_version, producer):
        super().__init__(f"a value saved by '{node.prim.name}' was modified in place "
                         f"(version {version}, saved at {saved_version})")
        self.node, self.array, self.producer = node, array, producer
        self.version, self.saved_version = version, saved_version


def sum_to_shape(g, shape):
    """Undo broadcasting: sum `g` down to `shape` (the one place every binary VJP relies on)."""
    gshape = g._data.shape if isinstance(g, Tensor) else g.shape
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    if shape and gshape[lead:] == shape:    # only leading axes (a bias): the sum has the shape
        axes = tuple(range(lead))     # already (and is an array of its own: a leaf may keep it)
        if type(g) is numpy.ndarray:
            return numpy.add.reduce(g, axis=axes)     # ndarray.sum without its Python layer
        if not isinstance(g, Tensor):
            return g.sum(axis=axes)
    else:
        axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                          if n == 1 and gshape[lead + i] != 1)
    if isinstance(g, Tensor):
        from ..ops import reduce, shape as shape_ops   # ops sit above core; import at use
        return shape_ops.reshape(reduce.sum(g, axis=axes, keepdims=True), shape)
    return g.sum(axis=axes, keepdims=True).reshape(shape)


def _plan(roots, accept, wanted_leaf, source_nodes):
    """The nodes to run, inputs before their users, each with its live edges [(i, input, node)].

    One walk from the roots (through accepted nodes only) along the parents each node captured
    when it was recorded (an in-place op rebinding a tensor's node later does not rewire its
    earlier users) finds the nodes; creation order sorts them (a node is always recorded after
    the nodes it reads), so each is finished after all its inputs and knows at once whether a
    wanted tensor lies upstream. Nodes that lead to none are left out, and so are edges into
    arguments without a VJP.
    """
    needed = {}                       # node -> does a wanted tensor lie upstream? (visited set)
    stack = []
    for root in roots:
        if root not in needed:
            needed[root] = False
            stack.append(root)
    push, pop = stack.append, stack.pop
    while stack:
        for n in pop().parents:
            if n is not None and n not in needed and (accept is None or accept(n)):
                needed[n] = False
                push(n)
    plan = []
    for node in sorted(needed, key=_created_at):
        vjps = node.prim.vjps
        nv = len(vjps)
        parents = node.parents
        edges = []
        for k, a in enumerate(node.inputs):
            if k >= nv or vjps[k] is None:
                continue
            n = parents[k]
            if n is not None:
                live = needed.get(n)  # None: a node the walk did not accept
                if live:
                    edges.append((k, a, n))
                    continue
                if live is not None:
                    continue
            if isinstance(a, Tensor) and wanted_leaf(a):
                edges.append((k, a, None))
        if edges or node in source_nodes:
            needed[node] = True
            plan.append((node, edges))
    return plan


_created_at = operator.attrgetter("seq")


def backprop(roots, seeds, sources=None, *, retain_graph=False, create_graph=False, accept=None,
             drop=None):
    """Reverse-mode pass from `roots` (Tensors) with head gradients `seeds`.

    seeds: one per root; raw arrays, or Tensors when `create_graph` (the VJPs then run on Tensors,
    so the backward pass is itself recorded and can be differentiated again).
    sources: the tensors whose gradients are wanted (leaves or intermediates); None means every
    reached leaf with `requires_grad`. accept(node) limits the walk to nodes a tape recorded.
    drop: a node tag; without retain_graph, nodes tagged so lose their inputs and edges once run
    (a spent tape's own nodes: nothing walks them again), instead of keeping stand-ins.

    Returns a list of gradients aligned with `sources` (None where unreachable), or, when sources
    is None, a list of (leaf, gradient) pairs.
    """
    root_nodes = [r.node for r in roots if r.node is not None and (accept is None or accept(r.node))]
    leaf_ids = {}                     # id(leaf) -> leaf, for wanted leaves given as sources
    source_nodes = set()
    if sources is not None:
        for s in sources:
            if s.node is not None and (accept is None or accept(s.node)):
                source_nodes.add(s.node)
            else:
                leaf_ids[id(s)] = s

        def wanted_leaf(a):
            return id(a) in leaf_ids
    else:
        def wanted_leaf(a):
            return a.requires_grad and a.node is None
    plan = _plan(root_nodes, accept, wanted_leaf, source_nodes)

    grads, leaf_grads, results = {}, {}, {}
    for r, s in zip(roots, seeds):
        n = r.node
        if n is not None and (accept is None or accept(n)):
            grads[n] = grads[n] + s if n in grads else s
        elif wanted_leaf(r):
            leaf_grads[id(r)] = (r, leaf_grads[id(r)][1] + s) if id(r) in leaf_grads else (r, s)

    while plan:
        node, edges = plan.pop()      # the edges hold the inputs: let released ones go now
        g = grads.pop(node, None)
        if g is None:
            continue
        if node.hooks:
            for hook in node.hooks:
                replaced = hook(g)
                if replaced is not None:
                    g = replaced
        if node in source_nodes:
            results[node] = g
        if edges:
            _run_node(node, edges, g, grads, leaf_grads, create_graph)
        if not retain_graph:
            node.freed = True
            node.out = None
            if drop is not None and node.tag == drop and not explain.enabled:
                node.inputs = node.parents = ()     # (explain walks the graph afterwards)
            elif node.big:
                _release_inputs(node)

    if sources is None:
        return list(leaf_grads.values())
    out = []
    for s in sources:
        if s.node is not None and s.node in source_nodes:
            out.append(results.get(s.node))
        else:
            hit = leaf_grads.get(id(s))
            out.append(None if hit is None else hit[1])
            explain.enabled and hit is None and explain.note("detached", s, roots=roots)
    return out


_BIG = 1 << 16       # bytes: below this a stand-in costs more time than the memory it frees


def stand_in(a):
    """A placeholder for the recorded input `a` once its values are no longer needed, or None.

    It keeps class, shape, dtype and node (the graph's structure, sum_to_shape and pictures need
    those; no VJP reads the values of an argument its primitive does not save) and lets the
    array go. Only large non-leaf plain results get one: leaves are the user's, and a class with
    state of its own (MXNet's NDArray, parameters) keeps it."""
    if isinstance(a, Tensor) and a.node is not None and a._data.nbytes >= _BIG \
            and type(a) is a._result_cls and 0 not in a._data.strides:  # placeholders: all 0
        return type(a)._wrap(backend.placeholder(a._data), a.node)
    return None


def _release_inputs(node):
    """Drop a freed node's hold on large intermediate inputs (what torch's freed saved tensors
    are), so a graph that outlives its backward (`loss` kept to the next step) keeps no
    activations alive."""
    inputs = node.inputs
    for k, a in enumerate(inputs):
        s = stand_in(a) if isinstance(a, Tensor) and a._data.nbytes >= _BIG else None
        if s is not None:
            if type(inputs) is not list:
                inputs = list(inputs)
            inputs[k] = s
    if inputs is not node.inputs:
        node.inputs = tuple(inputs)


def _run_node(node, edges, g, grads, leaf_grads, create_graph):
    """Apply one node's VJPs to its output gradient g and add the results to its inputs'."""
    prim = node.prim
    inputs = node.inputs
    if prim.saves:
        if node.freed:
            explain.enabled and explain.note("freed")
            raise FreedGraphError(node)
        if node.ans_version:
            raise SavedTensorModifiedError(node, node.out, node.ans_version, 0, node)
        versions = node.versions       # saved inputs must be as they were when recorded
        for k in range(len(inputs)) if prim.saved_args is None else prim.saved_args:
            a = inputs[k]
            if isinstance(a, Tensor) and a._vc is not None:
                v = 0 if versions is None else versions[k]
                if a._vc[0] != v:
                    raise SavedTensorModifiedError(node, a._data, a._vc[0], v, node.parents[k])
    if create_graph:
        ans = type(g)._wrap(node.out, node) if node.out is not None else None
        args = inputs
    else:
        ans = node.out
        if len(inputs) == 2:          # binary ops dominate: unwrap without a comprehension
            a0, a1 = inputs
            args = [a0._data if isinstance(a0, Tensor) else a0,
                    a1._data if isinstance(a1, Tensor) else a1]
        else:
            args = [a._data if isinstance(a, Tensor) else a for a in inputs]
    vjps, params = prim.vjps, node.params
    # variadic VJPs take the argument list whole (vjps is a tuple or a per_arg; no getattr
    # default here: a failed attribute lookup costs more than the rest of this line)
    packed = type(vjps) is not tuple and vjps.packed
    binary = len(args) == 2
    for k, a, n in edges:
        if packed:
            gi = vjps.fn(k, g, ans, args, **params)
        elif params:
            gi = vjps[k](g, ans, *args, **params)
        elif binary:                  # positional: the plain call path, not *args unpacking
            gi = vjps[k](g, ans, args[0], args[1])
        else:
            gi = vjps[k](g, ans, *args)
        data = a._data
        graw = gi._data if create_graph and isinstance(gi, Tensor) else gi
        if graw.shape != data.shape:
            gi = sum_to_shape(gi, data.shape)
            graw = gi._data if create_graph and isinstance(gi, Tensor) else gi
        if graw.dtype is not data.dtype and graw.dtype != data.dtype and data.dtype.kind in "fc":
            gi = _cast(gi, data.dtype)   # Python constants in VJPs may widen 0-d results
        if n is not None:
            grads[n] = grads[n] + gi if n in grads else gi
        elif id(a) in leaf_grads:
            leaf_grads[id(a)] = (a, leaf_grads[id(a)][1] + gi)
        else:
            leaf_grads[id(a)] = (a, gi)


def _cast(g, dtype):
    if isinstance(g, Tensor):
        from ..ops import elementwise
        return elementwise.cast(g, dtype)
    return backend.xp.asarray(g, dtype=dtype)


def ones_seed(t):
    """The implicit head gradient: ones shaped like `t` (empty + fill: xp.ones is Python)."""
    out = backend.xp.empty(t._data.shape, dtype=t._data.dtype)
    out.fill(1)
    return out
