"""Linear algebra: matmul (NumPy's batching and 1-d rules) and einsum as primitives; outer,
tensordot, dot and norm composed from them and the reductions."""
import builtins
import functools
import string

import numpy

from .. import backend
from ..core.tensor import Tensor
from .elementwise import mul
from .reduce import max, min, sum, vector_norm
from .registry import defop, per_arg
from .shape import broadcast_to, reshape, transpose


def _swap_last(a):
    if type(a) is numpy.ndarray:       # raw (a VJP not recorded): the view, no primitive call
        return a.T if a.ndim == 2 else a.swapaxes(-1, -2)
    axes = list(range(a.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return transpose(a, tuple(axes))


def _matmul_vjp_x(g, ans, x, y):
    if y.ndim == 1:                                    # (..., k) @ (k,) -> (...)
        return mul(reshape(g, g.shape + (1,)), y)
    if x.ndim == 1:                                    # (k,) @ (..., k, n) -> (..., n)
        return sum(mul(reshape(g, g.shape[:-1] + (1,) + g.shape[-1:]), y), axis=-1)
    if type(g) is numpy.ndarray and type(y) is numpy.ndarray:
        # raw: no primitive dispatch (see relu's); .T where it is the swap: no argument parsing
        return numpy.matmul(g, y.T if y.ndim == 2 else y.swapaxes(-1, -2))
    return matmul(g, _swap_last(y))


def _matmul_vjp_y(g, ans, x, y):
    if x.ndim == 1 and y.ndim == 1:
        return mul(g, x)
    if x.ndim == 1:                                    # (k,) @ (..., k, n) -> (..., n)
        return mul(reshape(x, x.shape + (1,)), reshape(g, g.shape[:-1] + (1,) + g.shape[-1:]))
    if y.ndim == 1:                                    # (..., m, k) @ (k,) -> (..., m)
        return mul(x, reshape(g, g.shape + (1,)))
    if type(g) is numpy.ndarray and type(x) is numpy.ndarray:
        return numpy.matmul(x.T if x.ndim == 2 else x.swapaxes(-1, -2), g)
    return matmul(_swap_last(x), g)


matmul = defop("matmul", numpy.matmul, vjps=(_matmul_vjp_x, _matmul_vjp_y), saves=(0, 1),
               family="linalg")


# ----- einsum -----
_BLAS_WORK = 1 << 15        # below this many multiply-adds numpy.einsum's own loop is faster


@functools.lru_cache(maxsize=512)
def _pair_plan(subscripts, shape_a, shape_b):
    """How to run a two-operand einsum as one batched matmul, so that large contractions use
    BLAS (numpy.einsum's loops do not): the axes to pre-sum, the transposes, the 3-d shapes and
    the output's reshape and transpose. None when numpy.einsum is the better choice (small work,
    no contracted subscript, or a repeated one: a diagonal)."""
    inputs, spec_out = subscripts.split("->")
    spec_a, spec_b = inputs.split(",")
    if len(set(spec_a)) < len(spec_a) or len(set(spec_b)) < len(spec_b):
        return None
    size = dict(zip(spec_a, shape_a))
    size.update(zip(spec_b, shape_b))
    inner = [c for c in spec_a if c in spec_b and c not in spec_out]
    work = 1
    for n in size.values():
        work *= n
    if not inner or work < _BLAS_WORK:
        return None
    batch = [c for c in spec_a if c in spec_b and c in spec_out]
    left = [c for c in spec_a if c not in spec_b and c in spec_out]
    right = [c for c in spec_b if c not in spec_a and c in spec_out]

    def numel(letters):
        n = 1
        for c in letters:
            n *= size[c]
        return n

    def prepare(spec, groups):
        order = [c for group in groups for c in group]
        kept = [c for c in spec if c in order]          # the rest is summed first
        perm = [kept.index(c) for c in order]
        return (tuple(i for i, c in enumerate(spec) if c not in order) or None,
                None if perm == list(range(len(perm))) else perm,
                tuple(numel(group) for group in groups))

    got = batch + left + right
    perm_out = [got.index(c) for c in spec_out]
    return (prepare(spec_a, (batch, left, inner)), prepare(spec_b, (batch, inner, right)),
            tuple(size[c] for c in got), None if perm_out == list(range(len(got))) else perm_out)


def _run_prepared(x, plan):
    summed, perm, shape3 = plan
    if summed:
        x = x.sum(axis=summed)
    if perm:
        x = x.transpose(perm)
    return x.reshape(shape3)


def _einsum(*operands, subscripts):
    if len(operands) == 2:
        plan = _pair_plan(subscripts, operands[0].shape, operands[1].shape)
        if plan is not None:
            plan_a, plan_b, shape, perm = plan
            out = numpy.matmul(_run_prepared(operands[0], plan_a),
                               _run_prepared(operands[1], plan_b)).reshape(shape)
            return out.transpose(perm) if perm else out
    return numpy.einsum(subscripts, *operands, optimize="greedy" if len(operands) > 2 else False)


def _einsum_vjp(i, g, ans, *operands, subscripts):
    """The gradient for operand i is itself an einsum: g and the other operands contracted to
    operand i's subscripts. Subscripts only operand i has are broadcast back (a ones operand);
    a subscript it repeats (a diagonal) is spread back onto the diagonal (an identity operand)."""
    inputs, spec_out = subscripts.split("->")
    specs = inputs.split(",")
    target = specs[i]
    ops = [operands[j] for j in range(len(operands)) if j != i] + [g]
    terms = [specs[j] for j in range(len(specs)) if j != i] + [spec_out]
    size = dict(zip(target, operands[i].shape))
    dtype = g._data.dtype if isinstance(g, Tensor) else g.dtype
    seen = set("".join(terms))
    fresh = iter(c for c in string.ascii_letters if c not in subscripts)
    out = []
    for c in target:
        if c not in seen:                    # only here: g does not depend on it, broadcast
            seen.add(c)
            ops.append(backend.xp.ones(size[c], dtype=dtype))
            terms.append(c)
            out.append(c)
        elif c in out:                       # repeated: gradient on the diagonal only
            d = next(fresh)
            ops.append(backend.xp.eye(size[c], dtype=dtype))
            terms.append(c + d)
            out.append(d)
        else:
            out.append(c)
    if len(ops) == 1 and "".join(out) == terms[0]:
        return g                             # the identity: nothing to compute
    return _contract(*ops, subscripts=",".join(terms) + "->" + "".join(out))


_contract = defop("einsum", _einsum, vjps=per_arg(_einsum_vjp), family="linalg")


@functools.lru_cache(maxsize=512)
def _explicit_subscripts(subscripts, ndims):
    """NumPy's einsum subscripts in explicit form ('ij,jk->ik'), '...' spelled out with unused
    letters (right-aligned, as broadcasting aligns axes)."""
    spec = subscripts.replace(" ", "")
    inputs, arrow, spec_out = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(ndims):
        raise ValueError(f"einsum: {len(terms)} operand subscripts for {len(ndims)} operands")
    ranks = [nd - (len(t) - 3) for t, nd in zip(terms, ndims) if "..." in t]
    free = [c for c in string.ascii_letters if c not in spec]
    ell = "".join(free[:builtins.max(ranks, default=0)])
    terms = [t.replace("...", ell[len(ell) - (nd - (len(t) - 3)):]) if "..." in t else t
             for t, nd in zip(terms, ndims)]
    if arrow:
        spec_out = spec_out.replace("...", ell)
    else:                                    # implicit: the letters seen once, sorted
        letters = "".join(terms)
        spec_out = ell + "".join(sorted(c for c in set(letters) if letters.count(c) == 1
                                        and c not in ell))
    return tuple(terms), ",".join(terms) + "->" + spec_out


def einsum(subscripts, *operands):
    """numpy.einsum on tensors: explicit or implicit subscripts, '...', and size-1 axes that
    broadcast against the same subscript's size elsewhere (as torch allows)."""
    terms, explicit = _explicit_subscripts(subscripts, tuple(op.ndim for op in operands))
    size = {}
    for term, op in zip(terms, operands):
        for c, n in zip(term, op.shape):
            if n != 1:
                size[c] = n
    for k, (term, op) in enumerate(zip(terms, operands)):
        shape = tuple(size.get(c, 1) for c in term)
        if tuple(op.shape) != shape:
            operands = operands[:k] + (broadcast_to(op, shape),) + operands[k + 1:]
    return _contract(*operands, subscripts=explicit)


# ----- products built on matmul -----
def outer(x, y):
    """The outer product of the flattened x and y."""
    return mul(reshape(x, (-1, 1)), reshape(y, (-1,)))


def _axis_list(axes, ndim):
    axes = [axes] if isinstance(axes, int) else list(axes)
    return [a % ndim for a in axes]


def tensordot(a, b, axes=2):
    """numpy.tensordot: contract `axes` (an int N: a's last N with b's first N; or a pair of axis
    sequences) as one matmul between two reshaped operands."""
    if isinstance(axes, int):
        axes_a, axes_b = list(range(a.ndim - axes, a.ndim)), list(range(axes))
    else:
        axes_a, axes_b = _axis_list(axes[0], a.ndim), _axis_list(axes[1], b.ndim)
    free_a = [i for i in range(a.ndim) if i not in axes_a]
    free_b = [i for i in range(b.ndim) if i not in axes_b]
    lhs = _as_matrix(a, free_a, axes_a)
    rhs = _as_matrix(b, axes_b, free_b)
    out_shape = tuple(a.shape[i] for i in free_a) + tuple(b.shape[i] for i in free_b)
    return reshape(matmul(lhs, rhs), out_shape)


def _as_matrix(x, rows, cols):
    """x as a matrix: the axes `rows` flattened into rows, `cols` into columns (transpose and
    reshape only when they change something)."""
    order = rows + cols
    if order != list(range(x.ndim)):
        x = transpose(x, tuple(order))
    m = n = 1
    for i in rows:
        m *= x.shape[order.index(i)]
    for i in cols:
        n *= x.shape[order.index(i)]
    if tuple(x.shape) != (m, n):
        x = reshape(x, (m, n))
    return x


def dot(x, y):
    """numpy.dot: a product with a scalar, matmul up to 2-d, else a's last axis with b's
    second-to-last."""
    if getattr(x, "ndim", 0) == 0 or getattr(y, "ndim", 0) == 0:     # Python numbers too
        return mul(x, y)
    if x.ndim <= 2 and y.ndim <= 2:
        return matmul(x, y)
    return tensordot(x, y, axes=([x.ndim - 1], [builtins.max(y.ndim - 2, 0)]))


# ----- norms -----
def norm(x, ord=None, axis=None, keepdims=False):
    """numpy.linalg.norm for vector norms (any ord) and the matrix norms that need no SVD
    ('fro', 1, -1, inf, -inf); the 2-norm of all elements when ord and axis are None."""
    if axis is None:
        if ord is None:
            return vector_norm(x, 2, axis=None, keepdims=keepdims)
        axis = tuple(range(x.ndim))
    if isinstance(axis, int) or len(axis) == 1:
        return vector_norm(x, 2 if ord is None else ord, axis=axis, keepdims=keepdims)
    if len(axis) != 2:
        raise ValueError("Improper number of dimensions to norm.")
    row, col = (a % x.ndim for a in axis)
    if ord is None or ord == "fro":
        return vector_norm(x, 2, axis=(row, col), keepdims=keepdims)
    if ord in (1, -1, numpy.inf, -numpy.inf):
        # 1: the largest column sum of |x|; inf: the largest row sum (-1, -inf: the smallest)
        sum_axis, pick_axis = (row, col) if ord in (1, -1) else (col, row)
        sums = vector_norm(x, 1, axis=sum_axis, keepdims=True)
        out = (max if ord > 0 else min)(sums, axis=pick_axis, keepdims=True)
        return out if keepdims else reshape(out, tuple(n for i, n in enumerate(out.shape)
                                                       if i not in (row, col)))
    raise NotImplementedError(f"xint: matrix norm ord={ord!r} needs an SVD, which xint lacks")
