"""Reverse mode: walk the graph from the roots, apply each node's VJPs, hand the gradients back.

The walk is iterative (no recursion: a 100,000-op chain is fine), prunes every branch that leads to
no wanted tensor, sums fan-out gradients, un-broadcasts in one place (`sum_to_shape`), and marks
nodes freed afterwards unless the graph is retained. Where gradients go (accumulate, overwrite,
return) is the caller's business: `backprop` only returns them.
"""
from .. import backend
from .tensor import Tensor


class FreedGraphError(RuntimeError):
    """A node whose saved values were released by an earlier backward was needed again."""

    def __init__(self, node):
        super().__init__(f"the saved values of '{node.prim.name}' were freed by an earlier backward")
        self.node = node


class SavedTensorModifiedError(RuntimeError):
    """A tensor saved for backward was changed in place after it was recorded."""

    def __init__(self, node, tensor, saved_version):
        super().__init__(f"an input of '{node.prim.name}' was modified in place "
                         f"(version {tensor._version}, saved at {saved_version})")
        self.node, self.tensor, self.saved_version = node, tensor, saved_version


def sum_to_shape(g, shape):
    """Undo broadcasting: sum `g` down to `shape` (the one place every binary VJP relies on)."""
    gshape = g._data.shape if isinstance(g, Tensor) else g.shape
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                      if n == 1 and gshape[lead + i] != 1)
    if isinstance(g, Tensor):
        from ..ops import reduce, shape as shape_ops   # ops sit above core; import at use
        return shape_ops.reshape(reduce.sum(g, axis=axes, keepdims=True), shape)
    return g.sum(axis=axes, keepdims=True).reshape(shape)


def _toposort(roots, accept):
    """Nodes reachable from `roots` (through accepted nodes only), inputs before their users."""
    order, seen = [], set()
    for root in roots:
        if id(root) in seen:
            continue
        seen.add(id(root))
        stack = [(root, 0)]
        while stack:
            node, i = stack[-1]
            inputs = node.inputs
            while i < len(inputs):
                a = inputs[i]
                i += 1
                if isinstance(a, Tensor):
                    n = a.node
                    if n is not None and id(n) not in seen and (accept is None or accept(n)):
                        seen.add(id(n))
                        stack[-1] = (node, i)
                        stack.append((n, 0))
                        break
            else:
                stack.pop()
                order.append(node)
    return order, seen


def backprop(roots, seeds, sources=None, *, retain_graph=False, create_graph=False, accept=None):
    """Reverse-mode pass from `roots` (Tensors) with head gradients `seeds`.

    seeds: one per root; raw arrays, or Tensors when `create_graph` (the VJPs then run on Tensors,
    so the backward pass is itself recorded and can be differentiated again).
    sources: the tensors whose gradients are wanted (leaves or intermediates); None means every
    reached leaf with `requires_grad`. accept(node) limits the walk to nodes a tape recorded.

    Returns a list of gradients aligned with `sources` (None where unreachable), or, when sources
    is None, a list of (leaf, gradient) pairs.
    """
    root_nodes = [r.node for r in roots if r.node is not None and (accept is None or accept(r.node))]
    order, graph = _toposort(root_nodes, accept)

    leaf_ids = {}                     # id(leaf tensor) -> leaf tensor, for wanted leaves
    source_nodes = {}                 # id(node) -> position in sources
    if sources is not None:
        for k, s in enumerate(sources):
            if s.node is not None and id(s.node) in graph:
                source_nodes.setdefault(id(s.node), k)
            else:
                leaf_ids[id(s)] = s

    def wanted_leaf(a):
        if sources is None:
            return a.requires_grad and a.node is None
        return id(a) in leaf_ids

    # A node is needed when a wanted tensor lies upstream of it (or is its output).
    needed = set()
    for node in order:
        if id(node) in source_nodes:
            needed.add(id(node))
            continue
        for a in node.inputs:
            if isinstance(a, Tensor):
                n = a.node
                if (id(n) in needed) if (n is not None and id(n) in graph) else wanted_leaf(a):
                    needed.add(id(node))
                    break

    grads, leaf_grads, results = {}, {}, {}
    for r, s in zip(roots, seeds):
        if r.node is not None and id(r.node) in graph:
            key = id(r.node)
            grads[key] = grads[key] + s if key in grads else s
        elif wanted_leaf(r):
            leaf_grads[id(r)] = (r, leaf_grads[id(r)][1] + s) if id(r) in leaf_grads else (r, s)

    for node in reversed(order):
        g = grads.pop(id(node), None)
        if g is None or id(node) not in needed:
            continue
        if id(node) in source_nodes:
            results[id(node)] = g
        prim = node.prim
        if node.freed and prim.saves:
            raise FreedGraphError(node)
        inputs = node.inputs
        if prim.saves:                # saved inputs must be as they were when recorded
            versions = node.versions
            for k, a in enumerate(inputs):
                if isinstance(a, Tensor) and a._vc is not None:
                    v = 0 if versions is None else versions[k]
                    if a._vc[0] != v:
                        raise SavedTensorModifiedError(node, a, v)
        if create_graph:
            ans = type(g)._wrap(node.out, node) if node.out is not None else None
            args = inputs
        else:
            ans = node.out
            args = [a._data if isinstance(a, Tensor) else a for a in inputs]
        vjps = prim.vjps
        for i, a in enumerate(inputs):
            if not isinstance(a, Tensor):
                continue
            n = a.node
            if n is not None and id(n) in graph:
                if id(n) not in needed:
                    continue
            elif not wanted_leaf(a):
                continue
            vjp = vjps[i] if i < len(vjps) else None
            if vjp is None:
                continue
            gi = sum_to_shape(vjp(g, ans, *args, **node.params), a._data.shape)
            if (gi._data if isinstance(gi, Tensor) else gi).dtype != a._data.dtype \
                    and a._data.dtype.kind in "fc":
                gi = _cast(gi, a._data.dtype)   # Python constants in VJPs may widen 0-d results
            if n is not None and id(n) in graph:
                key = id(n)
                grads[key] = grads[key] + gi if key in grads else gi
            elif id(a) in leaf_grads:
                leaf_grads[id(a)] = (a, leaf_grads[id(a)][1] + gi)
            else:
                leaf_grads[id(a)] = (a, gi)
        if not retain_graph:
            node.freed = True
            node.out = None

    if sources is None:
        return list(leaf_grads.values())
    out = []
    for s in sources:
        if s.node is not None and id(s.node) in source_nodes:
            out.append(results.get(id(s.node)))
        else:
            hit = leaf_grads.get(id(s))
            out.append(None if hit is None else hit[1])
    return out


def _cast(g, dtype):
    if isinstance(g, Tensor):
        from ..ops import elementwise
        return elementwise.cast(g, dtype)
    return backend.xp.asarray(g, dtype=dtype)


def ones_seed(t):
    """The implicit head gradient: ones shaped like `t`."""
    return backend.xp.ones(t._data.shape, dtype=t._data.dtype)
