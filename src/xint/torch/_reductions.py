"""torch reductions and linear algebra beyond sum/mean/matmul (torch.max, torch.argmax,
torch.norm, torch.cumsum, torch.einsum …) and the matching Tensor methods.

Each function maps torch's signature (dim/keepdim, correction/unbiased, p/ord) onto an engine
primitive or composite, reproduces torch's dtype rules and error texts, and names the result's
grad_fn as torch does.
"""
import builtins
import types
import warnings

import numpy

from ..core.tensor import Tensor as _EngineTensor
from ..ops import elementwise as ew
from ..ops import linalg as la
from ..ops import nn as nn_ops
from ..ops import reduce
from ..ops import shape as shape_ops
from . import _dtypes
from ._tensor import Tensor, _float, _labelled, _operands, _wrap_dim, accepts_numpy_names

__all__ = ["prod", "max", "min", "amax", "amin", "argmax", "argmin", "var", "std", "norm",
           "linalg", "logsumexp", "cumsum", "all", "any", "outer", "tensordot", "einsum"]

_ABSENT = object()          # "not passed", where torch tells it apart from None
_INT64 = numpy.dtype(numpy.int64)
_INF = float("inf")


# ----- arguments -----
def _is_int(v):
    return isinstance(v, (builtins.int, numpy.integer)) and not isinstance(v, builtins.bool)


def _axes(x, dim):
    """A dim or a list of dims -> the engine's axis tuple (None: every axis)."""
    if dim is None:
        return None
    axes = []
    for d in ((dim,) if _is_int(dim) else dim):
        a = _wrap_dim(x, d)
        if a in axes:
            raise RuntimeError(f"dim {a} appears multiple times in the list of dims")
        if a is not None:
            axes.append(a)
    return tuple(axes)


def _all_if_empty(dim):
    """var, std, norms and amax read dim=() as every dim."""
    return None if isinstance(dim, (tuple, list)) and not dim else dim


def _type_name(v):
    return "Tensor" if isinstance(v, _EngineTensor) else type(v).__name__


def _bad_call(name, args, kwargs, overloads):
    """torch's TypeError for arguments that match none of an op's signatures."""
    got = ", ".join([_type_name(a) for a in args] +
                    [f"{k}={_type_name(v)}" for k, v in kwargs.items()])
    return TypeError(f"{name}() received an invalid combination of arguments - got ({got}), but "
                     "expected one of:\n" + "".join(f" * {o}\n" for o in overloads))


def _check_float(x, op):
    if x._data.dtype.kind not in "fc":
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. Got "
                           f"{_dtypes.FROM_NUMPY[x._data.dtype]._legacy}")


def _accumulating(x, dtype):
    """prod and cumsum: an explicit dtype first; integers and bools accumulate as int64.
    Returns the (cast) input and the result dtype."""
    dt = _dtypes.to_numpy_dtype(dtype) if dtype is not None else \
        _INT64 if x._data.dtype.kind in "bui" else x._data.dtype
    return (x if x._data.dtype == dt else ew.cast(x, dt)), dt


# ----- products and sums -----
_PROD_SIGNATURES = {
    True: ["(*, torch.dtype dtype = None)",
           "(int dim, bool keepdim = False, *, torch.dtype dtype = None)"],
    False: ["(Tensor input, *, torch.dtype dtype = None)",
            "(Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, "
            "Tensor out = None)"],
}


def _prod(input, dim, keepdim, dtype, method):
    x, dt = _accumulating(input, dtype)
    if dim is _ABSENT:
        return _labelled(reduce.prod(x, dtype=dt), "ProdBackward0")
    if not _is_int(dim):
        args = (dim,) if method else (input, dim)
        raise _bad_call("prod", args, {}, _PROD_SIGNATURES[method])
    axis = _wrap_dim(input, dim)
    out = reduce.prod(x, axis=() if axis is None else axis, keepdims=keepdim, dtype=dt)
    return _labelled(out, "ProdBackward1")


def prod(input, dim=_ABSENT, keepdim=False, *, dtype=None):
    return _prod(input, dim, keepdim, dtype, method=False)


def _cumsum(input, dim, dtype, position):
    if dim is _ABSENT:
        raise TypeError('cumsum() missing 1 required positional arguments: "dim"')
    if not _is_int(dim):
        raise TypeError(f"cumsum(): argument 'dim' (position {position}) must be int, not "
                        f"{_type_name(dim)}")
    axis = _wrap_dim(input, dim)
    x, dt = _accumulating(input, dtype)
    if axis is None:                         # 0-d: NumPy's cumsum would flatten to shape (1,)
        out = shape_ops.reshape(reduce.cumsum(shape_ops.reshape(x, (1,)), axis=0, dtype=dt), ())
    else:
        out = reduce.cumsum(x, axis=axis, dtype=dt)
    return _labelled(out, "CumsumBackward0")


def cumsum(input, dim=_ABSENT, *, dtype=None):
    return _cumsum(input, dim, dtype, 2)


def logsumexp(input, dim=_ABSENT, keepdim=False):
    if dim is _ABSENT:
        raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
    out = nn_ops.logsumexp(_float(input), axis=_axes(input, _all_if_empty(dim)), keepdims=keepdim)
    return _labelled(out, "LogsumexpBackward0")


# ----- extrema -----
class _ReturnType(tuple):
    """torch.return_types.max / min: a (values, indices) tuple with named fields."""
    __slots__ = ()
    _name = ""
    n_fields = n_sequence_fields = 2

    def __new__(cls, values, indices):
        return tuple.__new__(cls, (values, indices))

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]

    def __repr__(self):
        return f"torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})"

    __str__ = __repr__


_RETURN_TYPES = {name: type(name, (_ReturnType,), {"__slots__": (), "_name": name})
                 for name in ("max", "min")}

_EXTREMUM_SIGNATURES = {
    True: ["()", "(Tensor other)", "(int dim, bool keepdim = False)"],
    False: ["(Tensor input, *, Tensor out = None)",
            "(Tensor input, Tensor other, *, Tensor out = None)",
            "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)"],
}


def _extremum(name, input, dim, keepdim, method):
    """torch.max / torch.min: a full reduction (ties share the gradient), values and indices
    along one dim (the gradient goes to the returned index), or two tensors' elementwise
    extremum."""
    whole = dim is _ABSENT or isinstance(dim, _EngineTensor)
    if not (_is_int(dim) or whole and keepdim is _ABSENT):
        args = (() if method else (input,)) + (() if dim is _ABSENT else (dim,))
        raise _bad_call(name, args, {} if keepdim is _ABSENT else {"keepdim": keepdim},
                        _EXTREMUM_SIGNATURES[method])
    if dim is _ABSENT:
        return _full_extremum(name, input, None, False, "Backward1")
    if whole:                                # torch.max(input, other)
        from . import _elementwise
        return getattr(_elementwise, "maximum" if name == "max" else "minimum")(input, dim)
    keepdim = False if keepdim is _ABSENT else keepdim
    axis = _wrap_dim(input, dim)
    x = input
    if axis is None:                         # 0-d: one value, at index 0
        x, axis, keepdim = shape_ops.reshape(input, (1,)), 0, False
    elif input._data.shape[axis] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {axis} to have non-zero size.")
    with_index = reduce.max_with_index if name == "max" else reduce.min_with_index
    values, indices = with_index(x, axis, keepdims=keepdim)
    return _RETURN_TYPES[name](_labelled(values, name.capitalize() + "Backward0"),
                               Tensor._wrap(indices))


def _full_extremum(name, input, dim, keepdim, suffix):
    if input._data.size == 0 and dim is None:
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() "
                           "== 0. Specify the reduction dim with the 'dim' argument.")
    prim = reduce.max if name in ("max", "amax") else reduce.min
    out = prim(input, axis=_axes(input, dim), keepdims=keepdim)
    return _labelled(out, name.capitalize() + suffix)


def max(input, dim=_ABSENT, keepdim=_ABSENT, *, out=None):
    return _extremum("max", input, dim, keepdim, method=False)


def min(input, dim=_ABSENT, keepdim=_ABSENT, *, out=None):
    return _extremum("min", input, dim, keepdim, method=False)


def amax(input, dim=(), keepdim=False):
    """The maxima over one or several dims (all by default); ties share the gradient."""
    return _full_extremum("amax", input, _all_if_empty(dim), keepdim, "Backward0")


def amin(input, dim=(), keepdim=False):
    return _full_extremum("amin", input, _all_if_empty(dim), keepdim, "Backward0")


def _arg_extremum(name, input, dim, keepdim, position):
    prim = reduce.argmax if name == "argmax" else reduce.argmin
    if dim is None:
        if input._data.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                             "input.numel() == 0.")
        return prim(input, keepdims=keepdim)
    if not _is_int(dim):
        raise TypeError(f"{name}(): argument 'dim' (position {position}) must be int, not "
                        f"{_type_name(dim)}")
    axis = _wrap_dim(input, dim)
    if axis is None:
        return prim(input)
    if input._data.shape[axis] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {axis} to have non-zero size.")
    return prim(input, axis=axis, keepdims=keepdim)


def argmax(input, dim=None, keepdim=False):
    return _arg_extremum("argmax", input, dim, keepdim, 2)


def argmin(input, dim=None, keepdim=False):
    return _arg_extremum("argmin", input, dim, keepdim, 2)


# ----- logic -----
def _logic(prim, input, dim, keepdim):
    axis = () if isinstance(dim, (tuple, list)) and not dim else _axes(input, dim)
    out = prim(input, axis=axis, keepdims=keepdim)
    # uint8 in, uint8 out (torch's legacy rule); every other dtype gives bool
    return ew.cast(out, input._data.dtype) if input._data.dtype == numpy.uint8 else out


def all(input, dim=None, keepdim=False):
    return _logic(reduce.all, input, dim, keepdim)


def any(input, dim=None, keepdim=False):
    return _logic(reduce.any, input, dim, keepdim)


# ----- moments -----
def _moment(name, input, dim, unbiased, keepdim, correction, method):
    """torch.var / torch.std: correction (default 1) or unbiased=True/False, over dims."""
    if isinstance(dim, builtins.bool):       # var(input, unbiased)
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        sig = "(bool unbiased = True)" if method else "(Tensor input, bool unbiased = True)"
        args = () if method else (input,)
        raise _bad_call(name, args + ((dim,) if dim is not None else ()),
                        {"unbiased": unbiased, "correction": correction}, [sig])
    axis = _axes(input, _all_if_empty(dim))
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    ddof = correction if correction is not None else 0 if unbiased is False else 1
    fn = reduce.var if name == "var" else reduce.std
    n = 1
    for a in (range(input._data.ndim) if axis is None else axis):
        n *= input._data.shape[a]
    if n - ddof > 0:
        out = fn(input, axis=axis, ddof=ddof, keepdims=keepdim)
    else:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the reduction factor (input numel divided by output numel).",
                      UserWarning, stacklevel=3)
        with numpy.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)     # NumPy's "mean of empty slice"
            out = fn(input, axis=axis, ddof=ddof, keepdims=keepdim)
    return _labelled(out, name.capitalize() + "Backward0")


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _moment("var", input, dim, unbiased, keepdim, correction, method=False)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _moment("std", input, dim, unbiased, keepdim, correction, method=False)


# ----- norms -----
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    _check_float(x, "linalg.vector_norm")
    if dtype is not None:
        x = _accumulating(x, dtype)[0]
    axis = _axes(x, _all_if_empty(dim))
    if x._data.size == 0 and ord in (_INF, -_INF):
        raise RuntimeError(f"linalg.vector_norm cannot compute the {ord} norm on an empty tensor "
                           "because the operation does not have an identity")
    return _labelled(reduce.vector_norm(x, ord, axis=axis, keepdims=keepdim),
                     "LinalgVectorNormBackward0")


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    _check_float(A, "linalg.matrix_norm")
    if A._data.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    dims = [dim] if _is_int(dim) else list(dim)
    if len(dims) != 2:
        raise RuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got " +
                           " ".join(str(d) for d in dims))
    if dtype is not None:
        A = _accumulating(A, dtype)[0]
    axis = _axes(A, dims)
    if ord == "fro":
        return vector_norm(A, 2, axis, keepdim)
    if ord in (1, -1, _INF, -_INF):
        out = la.norm(A, ord, axis=axis, keepdims=keepdim)
        return _labelled(out, "AmaxBackward0" if ord > 0 else "AminBackward0")
    if ord in ("nuc", 2, -2):
        raise NotImplementedError(f"xint: the matrix norm ord={ord!r} needs singular values, "
                                  "which xint does not compute")
    raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")


def _linalg_norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """torch.linalg.norm: a string ord or a numeric ord over two dims (or of a matrix) is a matrix
    norm; anything else a vector norm (ord None: the 2-norm of all elements)."""
    if dim is not None:
        dims = [dim] if _is_int(dim) else list(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. "
                               f"Got {dims}")
    elif ord is not None and A._data.ndim not in (1, 2):
        raise RuntimeError("linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A._data.ndim}D.")
    if isinstance(ord, str) or ord is not None and (len(dims) == 2 if dim is not None
                                                    else A._data.ndim == 2):
        return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


linalg = types.ModuleType("xint.torch.linalg", "torch.linalg: the norms.")
linalg.norm, linalg.vector_norm, linalg.matrix_norm = _linalg_norm, vector_norm, matrix_norm


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """torch.norm (deprecated in torch, common in books): 'fro' and numbers are vector norms over
    dim (all by default); 'nuc' or 'fro' over more than two dims go to matrix_norm."""
    if isinstance(p, str):
        if p == "fro" and (dim is None or _is_int(dim) or len(dim) <= 2):
            return vector_norm(input, 2, dim, keepdim, dtype=dtype)
        return matrix_norm(input, p, list(range(input._data.ndim)) if dim is None else dim,
                           keepdim, dtype=dtype)
    return vector_norm(input, 2 if p is None else p, dim, keepdim, dtype=dtype)


# ----- products of tensors -----
def outer(input, vec2):
    for name, v in (("self", input), ("vec2", vec2)):
        if v._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {v._data.ndim}-D")
    a, b = _operands(input, vec2)
    return _labelled(la.outer(a, b), "MulBackward0")


def tensordot(a, b, dims=2, out=None):
    if isinstance(dims, (tuple, list)):
        dims_a, dims_b = dims
        for name, d in (("dims_self", dims_a), ("dims_other", dims_b)):
            if _is_int(d):
                raise TypeError(f"tensordot(): argument '{name}' (position 3) must be tuple of "
                                "ints, not int")
        dims_a, dims_b = list(dims_a), list(dims_b)
    elif _is_int(dims):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > builtins.min(a._data.ndim, b._data.ndim):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
    else:
        raise RuntimeError("tensordot expects dims to be int or tuple[list[int], list[int]] or "
                           f"list[list[int]] containing two lists, but got dims={dims}")
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("both inputs should have same dtype")
    dims_a = [_wrap_dim(a, d) for d in dims_a]
    dims_b = [_wrap_dim(b, d) for d in dims_b]
    for da, db in zip(dims_a, dims_b):
        sa, sb = a._data.shape[da], b._data.shape[db]
        if sa != sb:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {sa} in "
                               f"dim {da} and second has size {sb} in dim {db}")
    return _labelled(la.tensordot(a, b, axes=(dims_a, dims_b)), "ViewBackward0")


def einsum(equation, *operands):
    """torch.einsum: operands as arguments or one list; torch's checks and error texts."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    inputs, arrow, output = equation.replace(" ", "").partition("->")
    terms = inputs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    for i, c in enumerate(equation):
        if not (c.isascii() and c.isalpha() or c in ",.-> "):
            raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the equation "
                               "string, subscripts must be in [a-zA-Z]")
    sizes = {}
    for k, (term, op) in enumerate(zip(terms, operands)):
        shape = op._data.shape
        if "..." not in term and len(term) != len(shape):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(term)}) "
                               f"does not match the number of dimensions ({len(shape)}) for "
                               f"operand {k} and no ellipsis was given")
        if op._data.dtype != operands[0]._data.dtype:
            raise RuntimeError(f"expected scalar type {_legacy(operands[0])} but found "
                               f"{_legacy(op)}")
        if "..." not in term:
            for c, n in zip(term, shape):
                seen = sizes.setdefault(c, n)
                if seen != n and n != 1 and seen != 1:
                    raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {k} "
                                       f"which does not broadcast with previously seen size "
                                       f"{seen}")
                sizes[c] = builtins.max(seen, n)
    if arrow:
        for c in output.replace("...", ""):
            if output.count(c) > 1:
                raise RuntimeError(f"einsum(): output subscript {c} appears more than once in "
                                   "the output")
            if c not in inputs:
                raise RuntimeError(f"einsum(): output subscript {c} does not appear in the "
                                   "equation for any input operand")
    out = la.einsum(equation, *operands)
    # torch's last step: a permute or a sum for one operand, a mul or a view of a bmm for more
    letters = {c for c in inputs if c.isalpha()}
    kept = {c for c in output if c.isalpha()} if arrow else \
        {c for c in letters if inputs.count(c) == 1}
    if len(operands) == 1:
        name = "SumBackward1" if letters - kept else "PermuteBackward0"
    else:
        name = "ViewBackward0" if letters - kept else "MulBackward0"
    return _labelled(out, name)


def _legacy(t):
    return _dtypes.FROM_NUMPY[t._data.dtype]._legacy


# ----- Tensor methods -----
def _prod_method(self, dim=_ABSENT, keepdim=False, *, dtype=None):
    return _prod(self, dim, keepdim, dtype, method=True)


def _max_method(self, dim=_ABSENT, keepdim=_ABSENT):
    return _extremum("max", self, dim, keepdim, method=True)


def _min_method(self, dim=_ABSENT, keepdim=_ABSENT):
    return _extremum("min", self, dim, keepdim, method=True)


def _argmax_method(self, dim=None, keepdim=False):
    return _arg_extremum("argmax", self, dim, keepdim, 1)


def _argmin_method(self, dim=None, keepdim=False):
    return _arg_extremum("argmin", self, dim, keepdim, 1)


def _var_method(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _moment("var", self, dim, unbiased, keepdim, correction, method=True)


def _std_method(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _moment("std", self, dim, unbiased, keepdim, correction, method=True)


def _cumsum_method(self, dim=_ABSENT, *, dtype=None):
    return _cumsum(self, dim, dtype, 1)


def _norm_method(self, p="fro", dim=None, keepdim=False, dtype=None):
    return norm(self, p, dim, keepdim, dtype=dtype)


# torch takes axis=/keepdims= for dim=/keepdim= in these (not in norm)
for _name in ("prod", "max", "min", "amax", "amin", "argmax", "argmin", "var", "std",
              "logsumexp", "cumsum", "all", "any"):
    globals()[_name] = accepts_numpy_names(globals()[_name])
(_prod_method, _max_method, _min_method, _argmax_method, _argmin_method, _var_method,
 _std_method, _cumsum_method) = map(accepts_numpy_names, (
    _prod_method, _max_method, _min_method, _argmax_method, _argmin_method, _var_method,
    _std_method, _cumsum_method))

Tensor.prod = _prod_method
Tensor.max = _max_method
Tensor.min = _min_method
Tensor.amax = amax
Tensor.amin = amin
Tensor.argmax = _argmax_method
Tensor.argmin = _argmin_method
Tensor.var = _var_method
Tensor.std = _std_method
_norm_method.__qualname__ = "Tensor.norm"        # as torch's TypeError texts name it
Tensor.norm = _norm_method
Tensor.logsumexp = logsumexp
Tensor.cumsum = _cumsum_method
Tensor.all = all
Tensor.any = any
