"""torch elementwise math, random numbers and creation helpers beyond the basics (torch.abs,
torch.relu, torch.clamp, torch.manual_seed, torch.randn, torch.linspace …) and the matching
Tensor methods.

Random numbers come from one xint Generator (NumPy's PCG64): `torch.manual_seed` makes them
repeatable, but they are not the numbers real torch draws (see xint.ops.random).
"""
import builtins
import sys
import types
import warnings
from sys import getrefcount

import numpy

from .. import backend
from ..core.refs import REUSE_TEMPORARIES
from ..ops import elementwise as ew
from ..ops import random as _random
from ..ops import shape as _shape_ops
from ..ops.registry import Primitive, apply_into
from . import _dtypes
from ._tensor import Tensor, _broadcast_error, _float, _operands, _shape_arg

__all__ = [
    "abs", "sign", "log1p", "expm1", "square", "tan", "sigmoid", "relu", "maximum", "minimum",
    "clamp", "clip", "floor_divide", "remainder", "fmod", "logical_and", "logical_or",
    "logical_xor", "logical_not", "isnan", "isinf", "isfinite", "round", "floor", "ceil", "trunc",
    "Generator", "default_generator", "manual_seed", "seed", "initial_seed", "randn", "rand",
    "randn_like", "rand_like", "normal", "randint", "randperm", "multinomial",
    "linspace", "full", "full_like", "eye", "empty_like", "distributions", "sinh", "cosh",
    "meshgrid",
]


# ----- argument checks -----
def _type_name(v):
    t = type(v)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _require_tensor(fn, value, arg, position):
    """torch's TypeError for a non-tensor where a Tensor is required."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{fn}(): argument '{arg}' (position {position}) must be Tensor, not "
                        f"{_type_name(value)}")


def _not_for_bool(x, kernel):
    if x._data.dtype.kind == "b":
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def _named(out, label):
    """Give the result's node torch's grad_fn name."""
    if out.node is not None:
        out.node.label = label
    return out


# ----- unary math -----
def _unary(prim, name, label, to_float=False, bool_kernel=None):
    reuse = REUSE_TEMPORARIES and getattr(prim, "into", None) is not None    # (square: a function)

    def fn(input):
        if reuse and getrefcount(input) == 2:       # a temporary (core.refs)
            out = apply_into(prim, Tensor, (input,), 0)
            if out is not None:
                return _named(out, label)
        _require_tensor(name, input, "input", 1)
        if bool_kernel:
            _not_for_bool(input, bool_kernel)
        return _named(prim(_float(input) if to_float else input), label)
    fn.__name__ = fn.__qualname__ = name
    return fn


abs = _unary(ew.abs, "abs", "AbsBackward0", bool_kernel="abs_cpu")
log1p = _unary(ew.log1p, "log1p", "Log1PBackward0", to_float=True)
expm1 = _unary(ew.expm1, "expm1", "Expm1Backward0", to_float=True)
tan = _unary(ew.tan, "tan", "TanBackward0", to_float=True)
sinh = _unary(ew.sinh, "sinh", "SinhBackward0", to_float=True)
cosh = _unary(ew.cosh, "cosh", "CoshBackward0", to_float=True)
sigmoid = _unary(ew.sigmoid, "sigmoid", "SigmoidBackward0", to_float=True)
square = _unary(ew.square, "square", "PowBackward0")        # torch computes it as pow(x, 2)
floor = _unary(ew.floor, "floor", "FloorBackward0", bool_kernel="floor_vml_cpu")
ceil = _unary(ew.ceil, "ceil", "CeilBackward0", bool_kernel="ceil_vml_cpu")
trunc = _unary(ew.trunc, "trunc", "TruncBackward0", bool_kernel="trunc_vml_cpu")
isnan = _unary(ew.isnan, "isnan", None)
isinf = _unary(ew.isinf, "isinf", None)
isfinite = _unary(ew.isfinite, "isfinite", None)
logical_not = _unary(ew.logical_not, "logical_not", None)


def sign(input):
    _require_tensor("sign", input, "input", 1)
    out = ew.sign(input)
    data = out._data
    if data.dtype.kind in "fc" and backend.xp.isnan(data).any():
        out = ew.where(ew.isnan(input), data.dtype.type(0), out)   # torch: sign(nan) = 0
    return _named(out, "SignBackward0")


def relu(input):
    temporary = REUSE_TEMPORARIES and getrefcount(input) == 2    # (core.refs; before any call)
    return _relu(input, temporary)


def _relu(input, temporary):
    """relu, written into `input`'s array when `temporary` (torch.relu's and F.relu's frames saw
    that only they hold it)."""
    if temporary:
        out = apply_into(ew.relu, Tensor, (input,), 0)
        if out is not None:
            return _named(out, "ReluBackward0")
    _require_tensor("relu", input, "input", 1)
    if input._data.dtype.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")
    return _named(ew.relu(input), "ReluBackward0")


def round(input, *, decimals=0):
    _require_tensor("round", input, "input", 1)
    dt = input._data.dtype
    if dt.kind == "b" or (decimals and dt.kind not in "fc"):
        kernel = "round_cpu" if decimals else "round_vml_cpu"
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_dtypes.FROM_NUMPY[dt]._legacy}'")
    if decimals == 0:
        return _named(ew.round(input), "RoundBackward0")
    return _named(ew.round(input, decimals=decimals), "RoundBackward1")


# ----- binary math -----
def _call(prim, a, b):
    try:
        return prim(a, b)
    except ValueError:
        err = _broadcast_error(a, b)
        if err is None:
            raise
        raise err from None


def _tensor_pair(name, position):
    """maximum, minimum, logical_*: both arguments must be Tensors."""
    prim, label = {"maximum": (ew.maximum, "MaximumBackward0"),
                   "minimum": (ew.minimum, "MinimumBackward0"),
                   "logical_and": (ew.logical_and, None), "logical_or": (ew.logical_or, None),
                   "logical_xor": (ew.logical_xor, None)}[name]
    logical = label is None

    def fn(input, other):
        _require_tensor(name, input, "input", 1)
        _require_tensor(name, other, "other", position)
        if not logical:
            input, other = _operands(input, other)
        return _named(_call(prim, input, other), label)
    fn.__name__ = fn.__qualname__ = name
    return fn


maximum = _tensor_pair("maximum", 2)
minimum = _tensor_pair("minimum", 2)
logical_and = _tensor_pair("logical_and", 2)
logical_or = _tensor_pair("logical_or", 2)
logical_xor = _tensor_pair("logical_xor", 2)


def _refusing(op):
    """A VJP for an op torch has no derivative for: backward through it raises, as in torch."""
    def vjp(g, ans, *args, **params):
        raise RuntimeError(f"derivative for aten::{op} is not implemented")
    return vjp


# NOTE: torch records floor_divide, and remainder with a scalar dividend, as `NotImplemented`
# nodes that fail only when backward reaches them; these twins of the engine primitives do that.
_floor_divide_refused = Primitive("floor_divide", ew.floordiv.impl,
                                  vjps=(_refusing("floor_divide"),) * 2, saves=False)
_remainder_refused = Primitive("remainder", ew.mod.impl, vjps=(_refusing("remainder"),) * 2,
                               saves=False)


def _integer_division(a, b):
    """torch raises where NumPy would warn and give 0: integer division by zero."""
    t = a if isinstance(a, Tensor) else b
    if t._data.dtype.kind in "iub":
        divisor = b._data if isinstance(b, Tensor) else b
        if not numpy.all(backend.to_numpy(divisor)):
            raise RuntimeError("ZeroDivisionError")


def floor_divide(input, other):
    a, b = _operands(input, other)
    _integer_division(a, b)
    return _named(_call(_floor_divide_refused, a, b), "torch::autograd::NotImplemented")


def remainder(input, other):
    a, b = _operands(input, other)
    _integer_division(a, b)
    if not isinstance(input, Tensor):
        return _named(_call(_remainder_refused, a, b), "torch::autograd::NotImplemented")
    return _named(_call(ew.mod, a, b),
                  "RemainderBackward1" if isinstance(other, Tensor) else "RemainderBackward0")


def fmod(input, other):
    _require_tensor("fmod", input, "input", 1)
    a, b = _operands(input, other)
    _integer_division(a, b)
    return _named(_call(ew.fmod, a, b),
                  "FmodBackward1" if isinstance(other, Tensor) else "FmodBackward0")


_CLAMP_SIGNATURES = (
    " * (Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)\n"
    " * (Tensor input, Number min = None, Number max = None, *, Tensor out = None)\n")


def clamp(input, min=None, max=None):
    """torch.clamp / clip: number bounds (ClampBackward1) or tensor bounds (ClampBackward0)."""
    _require_tensor("clamp", input, "input", 1)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if b is not None]
    tensors = [isinstance(b, Tensor) for b in bounds]
    if any(tensors) and not all(tensors):
        got = ", ".join(["Tensor"] + [f"{k}={_type_name(v)}" for k, v in
                                      sorted({"min": min, "max": max}.items()) if v is not None])
        raise TypeError(f"clamp() received an invalid combination of arguments - got ({got}), "
                        f"but expected one of:\n{_CLAMP_SIGNATURES}")
    x = input
    for b in bounds:                       # the result dtype: promotion with each bound
        x = _operands(x, b)[0]
    dt = x._data.dtype

    def at_dtype(b):
        if b is None or not isinstance(b, Tensor):
            return None if b is None else dt.type(b)
        return b if b._data.dtype == dt else ew.cast(b, dt)
    lo, hi = at_dtype(min), at_dtype(max)
    try:
        out = ew.clip(x, lo, hi)
    except ValueError:
        for b in (lo, hi):
            err = isinstance(b, Tensor) and _broadcast_error(x, b)
            if err:
                raise err from None
        raise
    return _named(out, "ClampBackward0" if tensors[0] else "ClampBackward1")


clip = clamp


# ----- random numbers -----
class Generator(_random.Generator):
    """torch.Generator: `manual_seed` returns the generator itself; prints as torch's does."""

    def __init__(self, device="cpu"):
        super().__init__(67280421310721)        # torch.Generator()'s fixed initial seed

    def manual_seed(self, seed):
        self.seed(builtins.int(seed) % (1 << 64))
        return self

    def __repr__(self):
        return f"<torch._C.Generator object at {hex(id(self))}>"


default_generator = Generator()
default_generator.seed()                   # torch seeds its default generator from the OS


def _generator(generator=None):
    """The dialect's Generator (or the one passed as `generator=`), for every module that draws."""
    return default_generator if generator is None else generator


def manual_seed(seed):
    return default_generator.manual_seed(seed)


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def _float_dtype(dtype, kernel):
    np_dtype = _dtypes.DEFAULT_FLOAT.np if dtype is None else _dtypes.to_numpy_dtype(dtype)
    if np_dtype.kind not in "fc":
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_dtypes.FROM_NUMPY[np_dtype]._legacy}'")
    return np_dtype


def _result(data, requires_grad):
    out = Tensor._wrap(data)
    return out.requires_grad_(True) if requires_grad else out


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    np_dtype = _float_dtype(dtype, "normal_kernel_cpu")
    return _result(_generator(generator).normal(0.0, 1.0, _shape_arg(size), np_dtype),
                   requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    np_dtype = _float_dtype(dtype, "check_uniform_bounds")
    return _result(_generator(generator).uniform(0.0, 1.0, _shape_arg(size), np_dtype),
                   requires_grad)


def randn_like(input, *, dtype=None, device=None, requires_grad=False):
    return randn(*input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def rand_like(input, *, dtype=None, device=None, requires_grad=False):
    return rand(*input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


_NORMAL_SIGNATURES = (
    " * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, "
    "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device "
    "device = None, bool pin_memory = False, bool requires_grad = False)\n")


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad=False):
    """torch.normal: numbers and a size (D2L's `torch.normal(0, 1, (3, 4))`), or tensors of
    means and/or standard deviations (then the result has their shape and dtype)."""
    mean_t, std_t = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not std_t and std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    gen = _generator(generator)
    if not (mean_t or std_t):
        if size is None:
            raise TypeError(f"normal() received an invalid combination of arguments - got "
                            f"({_type_name(mean)}, {_type_name(std)}), but expected one of:\n"
                            f"{_NORMAL_SIGNATURES}")
        np_dtype = _float_dtype(dtype, "normal_kernel_cpu")
        return _result(gen.normal(mean, std, _shape_arg((size,)), np_dtype), requires_grad)
    like = mean if mean_t else std
    m = backend.to_numpy(mean._data) if mean_t else mean
    s = backend.to_numpy(std._data) if std_t else std
    if std_t and (s < 0).any():
        raise RuntimeError("normal expects all elements of std >= 0.0")
    shape = numpy.broadcast_shapes(numpy.shape(m), numpy.shape(s))
    out = Tensor._wrap(gen.normal(m, s, shape, like._data.dtype))
    inputs = [t for t in (mean, std) if isinstance(t, Tensor) and t.requires_grad]
    if inputs:
        # the draw does not move with mean or std in torch: zero gradients, through where()
        anchor = inputs[0] if len(inputs) == 1 else ew.add(mean, std)
        out = _named(ew.where(True, out, anchor),
                     "NormalBackward3" if mean_t and std_t else
                     "NormalBackward1" if mean_t else "NormalBackward2")
    return out


def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad=False):
    """torch.randint(high, size) or torch.randint(low, high, size): int64 on [low, high)."""
    if size is None:                       # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:                     # randint(high, size=...)
        low, high = 0, low
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= "
                           f"to={high}")
    np_dtype = numpy.dtype(numpy.int64) if dtype is None else _dtypes.to_numpy_dtype(dtype)
    draws = _generator(generator).randint(low, high, _shape_arg((size,)))
    return _result(draws.astype(np_dtype, copy=False), requires_grad)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    np_dtype = numpy.dtype(numpy.int64) if dtype is None else _dtypes.to_numpy_dtype(dtype)
    return _result(_generator(generator).permutation(n, np_dtype), requires_grad)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Category indices drawn from each row of `input` (weights, not necessarily normalised)."""
    _require_tensor("multinomial", input, "input", 1)
    p = backend.to_numpy(input._data)
    if p.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{_dtypes.FROM_NUMPY[p.dtype]._legacy}")
    if p.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    if not replacement and num_samples > p.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if not numpy.isfinite(p).all() or (p < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (p.sum(axis=-1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    return Tensor._wrap(_generator(generator).choice(p, num_samples, replacement))


def _normal_(self, mean=0.0, std=1.0, *, generator=None):
    data = self._data
    np_dtype = _float_dtype(_dtypes.FROM_NUMPY[data.dtype], "normal_kernel_cpu")
    return _overwrite(self, _generator(generator).normal(mean, std, data.shape, np_dtype))


def _uniform_(self, *bounds, generator=None, **names):
    """Tensor.uniform_(from=0, to=1): `from` is a Python keyword, so the bounds come by name
    through **names or by position."""
    low, high = (list(bounds) + [names.get("from", 0.0), names.get("to", 1.0)][len(bounds):])
    data = self._data
    np_dtype = _float_dtype(_dtypes.FROM_NUMPY[data.dtype], "check_uniform_bounds")
    return _overwrite(self, _generator(generator).uniform(low, high, data.shape, np_dtype))


def _overwrite(t, values):
    """An in-place fill as Tensor.fill_ does it: refused on a leaf that requires grad while grad
    mode is on, version bumped, storage shared with views (`w.data.normal_()`) kept."""
    t._check_inplace()
    data = t._data
    if isinstance(data, numpy.generic) or not getattr(data, "flags", None) \
            or not data.flags.writeable:
        t._data = data = backend.xp.array(data)
    data[...] = values
    t._bump_version()
    return t


# ----- creation -----
def _full_dtype(fill_value, dtype):
    """torch.full's dtype: given, or from the fill value (bool, int64, default float, complex64)."""
    if dtype is not None:
        return _dtypes.to_numpy_dtype(dtype)
    if isinstance(fill_value, Tensor):
        return fill_value._data.dtype
    if isinstance(fill_value, builtins.bool):
        return numpy.dtype(numpy.bool_)
    if isinstance(fill_value, builtins.int):
        return numpy.dtype(numpy.int64)
    if isinstance(fill_value, builtins.complex):
        return numpy.dtype(numpy.complex64)
    return _dtypes.DEFAULT_FLOAT.np


def _fill_scalar(v):
    return v._data if isinstance(v, Tensor) else v


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False):
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{_type_name(size)}")
    np_dtype = _full_dtype(fill_value, dtype)
    return _result(backend.xp.full(tuple(size), _fill_scalar(fill_value), dtype=np_dtype),
                   requires_grad)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False):
    np_dtype = input._data.dtype if dtype is None else _dtypes.to_numpy_dtype(dtype)
    data = backend.xp.full(input._data.shape, _fill_scalar(fill_value), dtype=np_dtype)
    return _result(data, requires_grad)


def empty_like(input, *, dtype=None, device=None, requires_grad=False):
    np_dtype = input._data.dtype if dtype is None else _dtypes.to_numpy_dtype(dtype)
    return _result(backend.xp.empty(input._data.shape, dtype=np_dtype), requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False):
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m is not None and m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    np_dtype = _dtypes.DEFAULT_FLOAT.np if dtype is None else _dtypes.to_numpy_dtype(dtype)
    return _result(backend.xp.eye(n, m, dtype=np_dtype), requires_grad)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False):
    """torch.linspace as torch's CPU kernel computes it, so that results match to the last bit:
    the step in the result dtype (float64 for integers, whose bounds are truncated first), the
    first half counted up from `start` and the second half down from `end`, each value one fused
    multiply-add (emulated in extended precision, so exact for float32)."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    np_dtype = _dtypes.DEFAULT_FLOAT.np if dtype is None else _dtypes.to_numpy_dtype(dtype)
    if steps <= 1:
        return _result(backend.xp.full((steps,), start, dtype=np_dtype), requires_grad)
    if np_dtype.kind in "fc":
        step_type = np_dtype.type
        lo, hi = step_type(start), step_type(end)
    else:
        step_type = numpy.float64
        lo, hi = step_type(builtins.int(start)), step_type(builtins.int(end))
    step = (hi - lo) / step_type(steps - 1)
    half = steps // 2
    up = numpy.arange(half)
    down = numpy.arange(steps - half - 1, -1, -1)
    if step_type is numpy.float16:    # Half arithmetic rounds every operation: no fused step
        values = numpy.concatenate([lo + step * up.astype(step_type),
                                    hi - step * down.astype(step_type)])
    else:
        wide = numpy.clongdouble if np_dtype.kind == "c" else numpy.longdouble
        values = numpy.concatenate([wide(lo) + wide(step) * up.astype(wide),
                                    wide(hi) - wide(step) * down.astype(wide)])
    # each value is rounded to the step's type first (then truncated, for integer results)
    return _result(backend.xp.asarray(values.astype(step_type).astype(np_dtype)), requires_grad)


# ----- torch.distributions (the part D2L's probability section uses) -----
class Multinomial:
    """torch.distributions.multinomial.Multinomial(total_count, probs): counts of total_count
    draws; `sample(sample_shape)` gives them as floats, shape sample_shape + probs.shape."""

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is None:
            probs = ew.exp(ew.sub(logits, logits._data.max(axis=-1, keepdims=True)))
        self.total_count = total_count
        self.probs = probs / probs.sum(-1, keepdim=True)

    @property
    def batch_shape(self):
        return _dtypes.Size(self.probs._data.shape[:-1])

    @property
    def event_shape(self):
        return _dtypes.Size(self.probs._data.shape[-1:])

    @property
    def mean(self):
        return self.probs * self.total_count

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        probs = self.probs._data
        counts = _generator().multinomial(self.total_count, probs, tuple(sample_shape))
        return Tensor._wrap(counts.astype(probs.dtype))

    def __repr__(self):
        return "Multinomial()"


distributions = types.ModuleType("xint.torch.distributions", "torch.distributions (Multinomial).")
distributions.multinomial = types.ModuleType("xint.torch.distributions.multinomial")
distributions.multinomial.Multinomial = distributions.Multinomial = Multinomial
# importable too: `from xint.torch.distributions import multinomial`
sys.modules[distributions.__name__] = distributions
sys.modules[distributions.multinomial.__name__] = distributions.multinomial


# ----- meshgrid -----
_meshgrid_warned = []


def meshgrid(*tensors, indexing=None):
    """Each 0-d/1-d tensor reshaped along its own axis and expanded to the grid (differentiable
    through broadcast_to); 'xy' swaps the first two axes of the grid, as NumPy does."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        if not _meshgrid_warned:            # torch warns once per process
            _meshgrid_warned.append(True)
            warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the "
                          "indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{_type_name(t)}")
    if builtins.any(t._data.dtype != tensors[0]._data.dtype for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    if indexing not in ("ij", "xy"):
        raise RuntimeError('torch.meshgrid: indexing must be one of "xy" or "ij", but received: '
                           f"{indexing}")
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {t._data.ndim}D tensor")
    n = len(tensors)
    axes = list(range(n))
    if indexing == "xy" and n > 1:
        axes[0], axes[1] = 1, 0
    grid = [1] * n
    for t, ax in zip(tensors, axes):
        grid[ax] = t._data.size
    grid = tuple(grid)
    out = []
    for t, ax in zip(tensors, axes):
        along = tuple(-1 if d == ax else 1 for d in range(n))
        out.append(_named(_shape_ops.broadcast_to(_shape_ops.reshape(t, along), grid),
                          "ExpandBackward0"))
    return tuple(out)


# ----- Tensor methods -----
for _name in ("abs", "sign", "log1p", "expm1", "tan", "sinh", "cosh", "sigmoid", "relu", "square", "floor",
              "ceil", "trunc", "round", "isnan", "isinf", "isfinite", "logical_not", "clamp",
              "clip", "floor_divide", "remainder", "fmod"):
    setattr(Tensor, _name, globals()[_name])


for _name in ("maximum", "minimum", "logical_and", "logical_or", "logical_xor"):
    setattr(Tensor, _name, _tensor_pair(_name, 1))     # a method's `other` is argument 1

Tensor.normal_ = _normal_
Tensor.uniform_ = _uniform_
# in-place forms: the out-of-place op on a snapshot, written back (Tensor._inplace)
for _name in ("abs", "sinh", "cosh", "sigmoid", "relu", "clamp", "floor", "ceil", "round", "square"):
    setattr(Tensor, _name + "_", lambda self, *args, _op=globals()[_name], **kw:
            self._inplace(lambda t: _op(t, *args, **kw)))
Tensor.__abs__ = abs
Tensor.__floordiv__ = floor_divide
Tensor.__rfloordiv__ = lambda self, other: floor_divide(other, self)
Tensor.__mod__ = remainder
Tensor.__rmod__ = lambda self, other: remainder(other, self)
