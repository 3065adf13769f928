"""Primitives: an op's forward and its VJPs declared together, in one table (REGISTRY).

A primitive called on raw arrays only returns a raw array at NumPy's cost (the fast path that VJPs
use when the backward pass is not itself recorded). Called with a Tensor, it wraps the result in
the first tensor's result class and asks that class's recording policy whether to build a node.
"""
from sys import getrefcount

import numpy

from ..core.autodiff import _BIG, stand_in
from ..core.node import Node
from ..core.refs import REUSE_MIN_BYTES
from ..core.tensor import Tensor

REGISTRY = {}


class per_arg:
    """The VJPs of a variadic primitive (stack, concat): fn(i, g, ans, *args) for argument i."""

    def __init__(self, fn, packed=False):
        # packed: fn takes the arguments as one sequence, fn(i, g, ans, xs), so that backward
        # through a 100,000-way stack does not re-spread all arguments for each one (quadratic)
        self.fn, self.packed = fn, packed

    def __len__(self):
        return 1 << 30

    def __getitem__(self, i):
        if self.packed:
            return lambda g, ans, *args, **params: self.fn(i, g, ans, args, **params)
        return lambda g, ans, *args, **params: self.fn(i, g, ans, *args, **params)


class Primitive:
    """name, impl(*raw_args, **params) -> raw array, and one VJP per argument.

    A VJP has the form vjp(g, ans, *args, **params) -> gradient for that argument; None marks an
    argument as not differentiable. VJPs are written with primitives, so they run on raw arrays
    (fast) or on Tensors (recorded: higher order).

    `saves` says which values the VJPs read (not only shapes): True (the arguments and `ans`),
    False (none), or a tuple of argument positions and/or "ans". Only saved values are kept in the
    node, are refused once a backward freed them (torch's "backward through the graph a second
    time"), and are checked against in-place changes (torch's "modified by an inplace operation").

    `residual`: optional fn(*raw_args, **params) -> (result, residual) that computes the result
    together with a value its VJPs need and would otherwise recompute (the log-probabilities of a
    fused cross-entropy). The node keeps the residual, and the VJPs get it as `ans`; `impl` stays
    the result alone, for the raw path.
    """
    __slots__ = ("name", "impl", "vjps", "saves", "saved_args", "saves_ans", "family",
                 "differentiable", "residual", "keeps_out", "views", "into")

    def __init__(self, name, impl, vjps=(), saves=True, family="", residual=None, into=None):
        self.name, self.impl, self.family, self.residual = name, impl, family, residual
        self.vjps = vjps if isinstance(vjps, per_arg) else tuple(vjps)
        self.differentiable = isinstance(vjps, per_arg) or any(v is not None for v in self.vjps)
        if saves is True or saves is False:
            self.saved_args, self.saves_ans = None if saves else (), saves
        else:
            self.saved_args = tuple(i for i in saves if i != "ans")
            self.saves_ans = "ans" in saves
        # saves_ans: the node holds the result array itself (so changing it in place matters);
        # keeps_out: the node holds what the VJPs get as `ans` (the result, or the residual)
        self.keeps_out = self.saves_ans or residual is not None
        self.saves = bool(saves) or residual is not None
        # views: the result may be a view of the first argument's memory (then it shares that
        # argument's version cell: an in-place change through either is seen by both)
        self.views = False
        # into(*raw_args, out=array): the result written into an argument's own array, for
        # temporaries (apply_into); only for elementwise primitives whose VJPs read no argument
        if into is not None and (self.saved_args != () or residual is not None):
            raise ValueError(f"{name}: a primitive that writes into an argument must not save it")
        self.into = into

    def __call__(self, *args, **params):
        # One pass finds the first Tensor (its class decides the result type and recording policy);
        # with none, this is the raw fast path that VJPs use: NumPy's cost plus this loop.
        for a in args:
            if isinstance(a, Tensor):
                return apply(self, a._result_cls, args, params)
        return self.impl(*args, **params)

    def __repr__(self):
        return f"<primitive {self.name}>"


def defop(name, impl, vjps=(), saves=True, family="", residual=None, into=None):
    """Declare a primitive and enter it in REGISTRY."""
    if name in REGISTRY:
        raise ValueError(f"primitive {name!r} is declared twice")
    prim = REGISTRY[name] = Primitive(name, impl, vjps, saves, family, residual, into)
    return prim


def _share_version(t, x):
    """Give `t` the version cell of `x` when t's memory is x's (as torch's views share their
    base's version counter): a value saved for backward then cannot be changed through a view
    without the backward noticing."""
    if isinstance(x, Tensor):
        out, xd = t._data, x._data
        base = getattr(out, "base", None)
        if out is xd or (base is not None and (base is xd or base is getattr(xd, "base", None))):
            vc = x._vc
            if vc is None:
                vc = x._vc = [0]
            t._vc = vc


def apply(prim, cls, args, params, out=None):
    """Run `prim` on arguments that include a Tensor: compute (unless `out` holds the result
    already), wrap in `cls`, and record a node if `cls`'s policy says so."""
    kept = prim.residual
    if out is not None:
        pass
    elif kept is not None:
        out, kept = kept(*[a._data if isinstance(a, Tensor) else a for a in args], **params)
    elif len(args) == 2:            # binary ops dominate: unwrap without a loop
        a, b = args
        a = a._data if isinstance(a, Tensor) else a
        b = b._data if isinstance(b, Tensor) else b
        # (no `**{}`: a call that spreads a dict runs code of its own, cold after a GEMM)
        out = prim.impl(a, b, **params) if params else prim.impl(a, b)
    elif params:
        out = prim.impl(*[a._data if isinstance(a, Tensor) else a for a in args], **params)
    else:
        out = prim.impl(*[a._data if isinstance(a, Tensor) else a for a in args])
    # Tensor._wrap, inlined: this is the hottest line. So a result class must be content with the
    # core slots (classes with extra state, like Parameter or NDArray, name a plain _result_cls).
    t = object.__new__(cls)
    t._data = out
    t._grad = t._vc = None
    t.node = None
    t.requires_grad = False
    if prim.views:
        _share_version(t, args[0])
    if not prim.differentiable:
        return t
    policy = cls._policy
    if not policy.recording:          # every policy says whether it may record at all
        return t
    # generic (a class flag, read past the thread-local state): the common rule
    # (core.mode.RecordingPolicy.record), inlined as "an input requires grad" in the pass below;
    # otherwise the policy's own rule (TF's tapes) answers first
    generic = type(policy).generic
    tag = None if generic else policy.record(args)
    if tag is None and not generic:
        return t
    big = False                       # a large recorded input (see the stand-ins below)
    parents = []                      # the same pass collects the parents
    for a in args:
        if isinstance(a, Tensor):
            n = a.node
            parents.append(n)
            if generic and a.requires_grad:
                tag = True
            if n is not None and a._data.nbytes >= _BIG:
                big = True
        else:
            parents.append(None)
    if tag is None:
        return t
    versions = None
    if prim.saves:
        for a in args:
            if isinstance(a, Tensor) and a._vc is not None:
                # (a list, not a generator: no generator frame; parameters that an optimizer
                # updated in place have version cells, so this runs for every op on them)
                versions = tuple([a._vc[0] if isinstance(a, Tensor) and a._vc is not None else 0
                                  for a in args])
                break
    inputs = args
    saved = prim.saved_args
    if big and saved is not None and len(saved) < len(args):
        # arguments the VJPs do not read are held as stand-ins from the start, as torch keeps
        # only what it saves: `relu(x @ w + b)` then frees the product and the sum at once
        for k, a in enumerate(args):
            if k not in saved:
                s = stand_in(a)
                if s is not None:
                    if inputs is args:
                        inputs = list(args)
                    inputs[k] = s
        if inputs is not args:
            inputs = tuple(inputs)
    if prim.keeps_out:
        kept = out if kept is None else kept
    t.node = Node(prim, inputs, tuple(parents), params, kept, versions, tag, big)
    t.requires_grad = True
    return t


def apply_into(prim, cls, args, k):
    """`prim(*args)` with the result written into the array of args[k], a Tensor that nothing but
    the expression being evaluated holds (its caller saw so in the reference counts, core.refs),
    or None where that may not be done.

    This is NumPy's temporary elision, kept to where no one can tell: the argument is big (a
    fresh array of that size costs a pass over cold memory, as much as the op), a float array
    whose memory NumPy allocated for it (or for the one array it views, as a convolution's NHWC
    result does: no user buffer, file or other framework's tensor behind it), no version cell,
    not a leaf the graph would hand a gradient; args[k] is of the dialect's class `cls` (the
    result's) and every other tensor argument of a class whose results are `cls` (a TF variable's
    watched read, a torch Parameter), the others Python numbers, and neither widens its dtype
    (NumPy 1.x's value-based casting included) nor broadcasts it to a larger shape. The
    primitive's VJPs read no argument (Primitive.into), so the graph keeps only the argument's
    shape.
    """
    t = args[k]
    if type(t) is not cls or t._data.nbytes < REUSE_MIN_BYTES \
            or getrefcount(t._data) != 2:                       # (refs: t, getrefcount's)
        return None
    d = t._data
    if (prim.into is None or type(d) is not numpy.ndarray or d.dtype.kind != "f"
            or not d.flags.writeable or t._vc is not None or (t.node is None and t.requires_grad)):
        return None
    if not d.flags.owndata:
        b = d.base        # a view: only of all of an array that owns its memory and only it holds
        if type(b) is not numpy.ndarray or not b.flags.owndata or b.nbytes != d.nbytes \
                or getrefcount(b) != 3:                         # (refs: d, b, getrefcount's)
            return None
    raw = []
    for i, a in enumerate(args):
        if i == k:
            raw.append(d)
            continue
        if type(a) is cls or isinstance(a, Tensor) and a._result_cls is cls:
            o = a._data
            if type(o) is not numpy.ndarray or o.dtype != d.dtype or o.ndim > d.ndim \
                    or o.shape != d.shape[d.ndim - o.ndim:]:
                return None
        elif type(a) is float or type(a) is int:
            try:          # weak on NumPy 2; NumPy 1.x may widen by the value (and so must we)
                if numpy.result_type(d, a) != d.dtype:
                    return None
            except (OverflowError, TypeError, ValueError):
                return None
            o = a
        else:
            return None
        raw.append(o)
    return apply(prim, cls, args, {}, prim.into(*raw, out=d))
