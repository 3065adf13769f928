"""torch.Tensor on the xint engine: PyTorch's methods, dtype rules, repr and autograd behaviour."""
import builtins
import warnings
import weakref
from sys import getrefcount

import numpy

from .. import backend
from ..core import explain as _explain
from ..core.mode import RecordingPolicy
from ..core.refs import REUSE_MIN_BYTES, REUSE_TEMPORARIES, called_by_syntax
from ..core.tensor import Tensor as _EngineTensor
from ..ops import elementwise as ew
from ..ops import linalg, reduce, shape as shape_ops
from ..ops.registry import apply, apply_into
from . import _dtypes
from ._dtypes import Size, promote
from ._format import format_torch

grad_mode = RecordingPolicy(recording=True)     # torch.is_grad_enabled(); thread-local

_FREED = ("Trying to backward through the graph a second time (or directly access saved tensors "
          "after they have already been freed). Saved intermediate values of the graph are freed "
          "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
          "backward through the graph a second time or if you need to access saved tensors after "
          "calling backward.")
_NONLEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field "
    "to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you "
    "access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information.")
_warned_scalar = [False]

# grad_fn names of the primitives whose torch name does not depend on how they were called
_BACKWARD_NAMES = {
    "add": "AddBackward0", "sub": "SubBackward0", "mul": "MulBackward0", "div": "DivBackward0",
    "neg": "NegBackward0", "exp": "ExpBackward0", "log": "LogBackward0", "sin": "SinBackward0",
    "cos": "CosBackward0", "tanh": "TanhBackward0", "sinh": "SinhBackward0",
    "cosh": "CoshBackward0", "sqrt": "SqrtBackward0",
    "reshape": "ViewBackward0", "cast": "ToCopyBackward0", "stack": "StackBackward0",
    "concat": "CatBackward0",
    "where": "WhereBackward0", "identity": "AliasBackward0", "index_add": "IndexPutBackward0",
    "broadcast_to": "ExpandBackward0",
}


# NumPy 1.x widens an array by a Python number's value (float32 + 1e300 is float64 there); torch
# never does, so on NumPy 1.x a number meets a float tensor as a scalar of the tensor's dtype
_VALUE_CASTS = numpy.lib.NumpyVersion(numpy.__version__) < "2.0.0"


def _scalar_kind(v):
    t = type(v)
    if t is builtins.bool:
        return numpy.dtype(numpy.bool_)
    if t is builtins.int:
        return numpy.dtype(numpy.int64)
    if t is builtins.float:
        return numpy.dtype(numpy.float64)
    return None


def _operands(a, b):
    """Bring two operands (at least one a Tensor) to PyTorch's common dtype."""
    if not isinstance(a, Tensor):
        b, a = _operands(b, a)
        return a, b
    da = a._data.dtype
    if isinstance(b, Tensor):
        db = b._data.dtype
        if da == db:
            return a, b
        dt = promote(da, 2 if a._data.ndim else 1, db, 2 if b._data.ndim else 1)
        return (a if da == dt else ew.cast(a, dt)), (b if db == dt else ew.cast(b, dt))
    tb = type(b)
    if (tb is builtins.float and da.kind in "fc") or (tb is builtins.int and da.kind in "fciu"):
        # the scalar cannot change the dtype: keep it a Python number (NumPy 2 treats it weakly),
        # except for 0-d data or a float tensor on NumPy 1.x, which would widen by its value
        return a, (b if a._data.ndim and not (_VALUE_CASTS and da.kind in "fc") else da.type(b))
    sk = _scalar_kind(b)
    if sk is None:
        return _operands(a, _to_tensor(b))
    dt = promote(da, 2 if a._data.ndim else 1, sk, 0)
    # a NumPy scalar of the result dtype: NumPy 1.x would widen a 0-d float32 with a Python float
    return (a if dt == da else ew.cast(a, dt)), dt.type(b)


def _to_tensor(v):
    if isinstance(v, Tensor):
        return v
    if isinstance(v, _EngineTensor):
        return Tensor._wrap(v._data)
    from ._functions import tensor
    return tensor(v)


def _shape_of(v):
    return tuple(v._data.shape) if isinstance(v, _EngineTensor) else ()


def _broadcast_error(a, b):
    """PyTorch's text for operands whose shapes do not broadcast."""
    sa, sb = _shape_of(a), _shape_of(b)
    n = max(len(sa), len(sb))
    for i in range(1, n + 1):
        da = sa[-i] if i <= len(sa) else 1
        db = sb[-i] if i <= len(sb) else 1
        if da != db and da != 1 and db != 1:
            return RuntimeError(f"The size of tensor a ({da}) must match the size of tensor b "
                                f"({db}) at non-singleton dimension {n - i}")
    return None


def _binary(prim, name=None, reflected=False):
    reuse = REUSE_TEMPORARIES and prim.into is not None

    def op(self, other):
        if reuse:
            # NOTE: an operand that only this expression holds (refs: the interpreter's stack,
            # this frame, getrefcount's argument) lends its array to the result, as NumPy's
            # temporary elision does (core.refs, registry.apply_into)
            k = None
            if getrefcount(self) == 3 and self._data.nbytes >= REUSE_MIN_BYTES:
                k = 1 if reflected else 0
            elif (isinstance(other, Tensor) and getrefcount(other) == 3
                    and other._data.nbytes >= REUSE_MIN_BYTES):
                k = 0 if reflected else 1
            if k is not None and called_by_syntax():
                out = apply_into(prim, self._result_cls,
                                 (other, self) if reflected else (self, other), k)
                if out is not None:
                    if name and out.node is not None:
                        out.node.label = name
                    return out
        d = self._data
        if type(other) is builtins.float and d.ndim and d.dtype.kind in "fc":
            # the hot case (x * 1.5): a Python float cannot change a float tensor's dtype nor
            # fail to broadcast, so skip _operands and the primitive's search for a Tensor
            if _VALUE_CASTS:
                other = d.dtype.type(other)
            out = apply(prim, self._result_cls, (other, self) if reflected else (self, other), {})
            if name and out.node is not None:
                out.node.label = name
            return out
        a, b = (other, self) if reflected else (self, other)
        a, b = _operands(a, b)
        try:
            out = prim(a, b)
        except ValueError:
            err = _broadcast_error(a, b)
            if err is None:
                raise
            raise err from None
        if name and out.node is not None:
            out.node.label = name
        return out
    return op


def _true_divide(a, b):
    """`/` always gives a floating result: integer operands divide as the default float dtype."""
    a, b = _operands(a, b)
    t = a if isinstance(a, Tensor) else b
    if t._data.dtype.kind not in "fc":
        f = _dtypes.DEFAULT_FLOAT.np
        a = ew.cast(a, f) if isinstance(a, Tensor) else f.type(a)
        b = ew.cast(b, f) if isinstance(b, Tensor) else f.type(b)
    try:
        return ew.div(a, b)
    except ValueError:
        err = _broadcast_error(a, b)
        if err is None:
            raise
        raise err from None


def _legacy(dtype):
    """torch's legacy name of a dtype (FloatTensor's Float), for messages."""
    return _dtypes.FROM_NUMPY[dtype]._legacy


def matmul(a, b, op="matmul"):
    """torch.matmul / mm / dot / `@`: no type promotion, and PyTorch's shape errors."""
    a, b = _to_tensor(a), _to_tensor(b)
    da, db = a._data.dtype, b._data.dtype
    sa, sb = a._data.shape, b._data.shape
    if op == "mm" and (len(sa) != 2 or len(sb) != 2):
        raise RuntimeError("self must be a matrix" if len(sa) != 2 else "mat2 must be a matrix")
    if len(sa) == 1 and len(sb) == 1:
        if da != db:
            la, lb = _legacy(da), _legacy(db)
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {la} "
                               f"and {lb}")
        if sa != sb:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{sa[0]}] and src "
                               f"[{sb[0]}] to have the same number of elements, but got {sa[0]} "
                               f"and {sb[0]} elements respectively")
    elif da != db:
        la, lb = _legacy(da), _legacy(db)
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_dtypes.CTYPE[la]} != {_dtypes.CTYPE[lb]}")
    elif len(sa) == 2 and len(sb) == 2 and sa[1] != sb[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and "
                           f"{sb[0]}x{sb[1]})")
    elif len(sa) == 2 and len(sb) == 1 and sa[1] != sb[0]:
        raise RuntimeError(f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec "
                           f"({sb[0]})")
    try:
        return linalg.matmul(a, b)
    except ValueError:
        if len(sa) < 3 or len(sb) < 3:
            raise
        # torch folds the batch dims into one and runs bmm
        batch = 1
        for n in numpy.broadcast_shapes(sa[:-2], sb[:-2]):
            batch *= n
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch}, {sa[-1]}] but got: [{batch}, {sb[-2]}].") from None


def _backward_name(node):
    if node.label:
        return node.label
    p = node.prim.name
    if p == "matmul":
        x, y = node.inputs
        if x.ndim == 1 and y.ndim == 1:
            return "DotBackward0"
        if x.ndim == 2 and y.ndim == 1:
            return "MvBackward0"
        return "MmBackward0" if x.ndim == 2 and y.ndim == 2 else "UnsafeViewBackward0"
    if p in ("sum", "mean"):
        return ("SumBackward" if p == "sum" else "MeanBackward") + \
            ("0" if node.params.get("axis") is None else "1")
    if p == "transpose":
        return "PermuteBackward0"
    if p == "getitem":
        return "SelectBackward0"
    if p == "pow":
        return "PowBackward1" if isinstance(node.inputs[1], _EngineTensor) else "PowBackward0"
    return _BACKWARD_NAMES.get(p, p.capitalize() + "Backward0")


class GradFn:
    """What `tensor.grad_fn` shows: `<MulBackward0 object at 0x…>`; `name()` gives the name."""
    __slots__ = ("_node",)

    def __init__(self, node):
        self._node = node

    def name(self):
        return _backward_name(self._node)

    def __repr__(self):
        return f"<{self.name().rsplit('::', 1)[-1]} object at {hex(id(self._node))}>"


class Tensor(_EngineTensor):
    """torch.Tensor."""
    __slots__ = ()
    _policy = grad_mode

    # ----- attributes -----
    @property
    def grad(self):
        if self.node is not None and not self.retains_grad:
            warnings.warn(_NONLEAF_GRAD, UserWarning, stacklevel=2)
        _explain.enabled and self._grad is None and _explain.note("detached", self)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if tuple(value.shape) != tuple(self.shape):
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor of "
                    f"size '{list(self.shape)}'. Please ensure that the gradient and the tensor are "
                    "the same size")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(
                    "attempting to assign a gradient with dtype "
                    f"'{_dtypes.CTYPE[_dtypes.FROM_NUMPY[value._data.dtype]._legacy]}' to a tensor "
                    f"with grad_dtype '{_dtypes.FROM_NUMPY[self._data.dtype]._legacy}'. The gradient "
                    "must match the tensor's grad_dtype (defaults to the tensor's dtype). You can "
                    "set the tensor's grad_dtype attribute with a specific dtype, or None to allow "
                    "any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and "
                    "its gradient may break downstream systems that assume they match.")
        self._grad = value

    @property
    def retains_grad(self):
        n = self.node
        return n is not None and bool(n.hooks) and any(
            isinstance(h, _RetainGrad) and h.tensor is self for h in n.hooks)

    def retain_grad(self):
        """Keep this non-leaf's gradient in .grad after backward (a no-op on leaves)."""
        if self.node is None:
            if not self.requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            return
        if not self.retains_grad:
            self.node.hooks = (self.node.hooks or []) + [_RetainGrad(self)]

    def register_hook(self, hook):
        """Call hook(grad) when this tensor's gradient is computed; it may return a replacement."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if not callable(hook):
            raise TypeError(f"'{type(hook).__name__}' object is not callable")
        wrapped = _Hook(hook)
        if self.node is None:
            hooks = _leaf_hook_list(self)
            hooks.append(wrapped)
            return RemovableHandle(hooks, wrapped)
        self.node.hooks = (self.node.hooks or []) + [wrapped]
        return RemovableHandle(self.node.hooks, wrapped)

    @property
    def grad_fn(self):
        return None if self.node is None else GradFn(self.node)

    @property
    def shape(self):
        return Size(self._data.shape)

    @property
    def dtype(self):
        return _dtypes.FROM_NUMPY[self._data.dtype]

    @property
    def device(self):
        from ._functions import device
        return device("cpu")

    @property
    def data(self):
        """A tensor sharing storage with this one, invisible to autograd."""
        return Tensor._wrap(self._data)

    @data.setter
    def data(self, value):
        self._data = value._data if isinstance(value, _EngineTensor) else value

    def size(self, dim=None):
        return Size(self._data.shape) if dim is None else self._data.shape[dim]

    def dim(self):
        return self._data.ndim

    def numel(self):
        return int(self._data.size)

    @property
    def T(self):
        return shape_ops.transpose(self)

    # ----- autograd -----
    def requires_grad_(self, requires_grad=True):
        if self.node is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a "
                    "computed variable in a subgraph that doesn't require differentiation use "
                    "var_no_grad = var.detach().")
            return self
        if requires_grad and self._data.dtype.kind not in "fc":
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        _autograd.backward(self, gradient, retain_graph, create_graph, inputs)

    def detach(self):
        t = Tensor._wrap(self._data)
        # only a tensor in a graph has an origin worth remembering (see core.explain.cut)
        return _explain.cut(t, self) if self.requires_grad else t

    def detach_(self):
        self.node = None
        self.requires_grad = False
        return self

    # ----- host conversion -----
    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(()).item() if hasattr(self._data, "reshape") else self._data.item()

    def _scalar(self, convert):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        if self.requires_grad and not _warned_scalar[0]:
            _warned_scalar[0] = True
            warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to "
                          "unexpected behavior.\nConsider using tensor.detach() first.",
                          UserWarning, stacklevel=3)
        return convert(backend.to_numpy(self._data).reshape(()).item())

    def __float__(self):
        return self._scalar(builtins.float)

    def __int__(self):
        return self._scalar(builtins.int)

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(self._data.reshape(()).item() if hasattr(self._data, "reshape") else self._data)

    def numpy(self):
        if self.requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        return numpy.asarray(backend.to_numpy(self._data))

    def tolist(self):
        return backend.to_numpy(self._data).tolist()

    def __array__(self, dtype=None, copy=None):
        a = self.numpy()
        return a if dtype is None else a.astype(dtype)

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __repr__(self):
        suffixes = []
        dt = self._data.dtype
        if dt != numpy.float32 and (self._data.size == 0 or dt not in (numpy.int64, numpy.bool_)):
            suffixes.append(f"dtype={_dtypes.FROM_NUMPY[dt]!r}")
        if self.node is not None:
            # C++-namespaced names (torch::autograd::NotImplemented) print their last part
            suffixes.append(f"grad_fn=<{_backward_name(self.node).rsplit('::', 1)[-1]}>")
        elif self.requires_grad:
            suffixes.append("requires_grad=True")
        return format_torch(numpy.asarray(backend.to_numpy(self._data)), suffixes)

    __str__ = __repr__

    def __format__(self, spec):
        if self._data.ndim == 0:
            return format(self.item(), spec)
        return format(repr(self), spec)

    # ----- math methods -----
    def sum(self, dim=None, keepdim=False, dtype=None, *, axis=None, keepdims=None):
        dim, keepdim = _numpy_names(dim, keepdim, axis, keepdims)
        x = self
        if dtype is None and self._data.dtype.kind in "bui":
            x = ew.cast(self, numpy.dtype(numpy.int64))
        elif dtype is not None:
            x = ew.cast(self, _dtypes.to_numpy_dtype(dtype))
        return reduce.sum(x, axis=_axes(self, dim), keepdims=keepdim)

    def mean(self, dim=None, keepdim=False, dtype=None, *, axis=None, keepdims=None):
        dim, keepdim = _numpy_names(dim, keepdim, axis, keepdims)
        if self._data.dtype.kind not in "fc" and dtype is None:
            raise RuntimeError(
                "mean(): could not infer output dtype. Input dtype must be either a floating point "
                f"or complex dtype. Got: {_dtypes.FROM_NUMPY[self._data.dtype]._legacy}")
        return reduce.mean(self, axis=_axes(self, dim), keepdims=keepdim)

    def reshape(self, *shape):
        shape = _shape_arg(shape)
        try:
            return shape_ops.reshape(self, shape)
        except ValueError:
            if shape.count(-1) > 1:
                raise RuntimeError("only one dimension can be inferred") from None
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size "
                               f"{self._data.size}") from None

    def view(self, *shape):
        flags = getattr(self._data, "flags", None)
        if flags is not None and not flags.c_contiguous:
            # torch refuses a view that needs a copy; NumPy's no-copy rule is the same one
            shape = _shape_arg(shape)
            try:
                moved = self._data.reshape(shape)
            except ValueError:
                moved = None                # a bad size: reshape gives torch's text
            if moved is not None and not numpy.may_share_memory(moved, self._data):
                raise RuntimeError(
                    "view size is not compatible with input tensor's size and stride (at least "
                    "one dimension spans across two contiguous subspaces). Use .reshape(...) "
                    "instead.")
        return self.reshape(*shape)

    def t(self):
        out = shape_ops.transpose(self)
        if out.node is not None:
            out.node.label = "TBackward0"
        return out

    def transpose(self, dim0, dim1):
        dim0, dim1 = _wrap_dim(self, dim0), _wrap_dim(self, dim1)
        axes = list(range(self._data.ndim))
        if dim0 is None:                    # 0-d: nothing to swap
            return self
        axes[dim0], axes[dim1] = axes[dim1], axes[dim0]
        out = shape_ops.transpose(self, tuple(axes))
        if out.node is not None:
            out.node.label = "TransposeBackward0"
        return out

    def log(self):
        return ew.log(_float(self))

    def sin(self):
        return ew.sin(_float(self))

    def cos(self):
        return ew.cos(_float(self))

    def sqrt(self):
        return ew.sqrt(_float(self))

    def pow(self, exponent):
        return self ** exponent

    def mm(self, other):
        return matmul(self, other, "mm")

    def matmul(self, other):
        return matmul(self, other)

    def dot(self, other):
        return matmul(self, other)

    def float(self):
        return self.to(_dtypes.float32)

    def double(self):
        return self.to(_dtypes.float64)

    def long(self):
        return self.to(_dtypes.int64)

    def to(self, *args, **kwargs):
        """to(dtype), to(device), to(device, dtype), to(other): a cast when the dtype changes."""
        dtype = kwargs.get("dtype")
        for a in args:
            if isinstance(a, _dtypes.dtype):
                dtype = a
            elif isinstance(a, Tensor):
                dtype = a.dtype
        if dtype is None or dtype.np == self._data.dtype:
            return self
        if dtype.np.kind not in "fc":             # an integer or bool copy has no gradient
            return Tensor._wrap(self._data.astype(dtype.np))
        return ew.cast(self, dtype.np)

    def cpu(self):
        return self

    def cuda(self, device=None):
        raise AssertionError("Torch not compiled with CUDA enabled")

    def type(self, dtype=None):
        """The legacy type name ('torch.FloatTensor'), or a cast to dtype."""
        if dtype is None:
            return f"torch.{_dtypes.FROM_NUMPY[self._data.dtype]._legacy}Tensor"
        return self.to(dtype)

    def copy_(self, src):
        """Copy src (broadcast, cast to this dtype) into this tensor, in place."""
        src = src if isinstance(src, Tensor) else Tensor._wrap(backend.xp.asarray(src))

        def value(_old):
            out = src
            if out._data.dtype != self._data.dtype:
                out = ew.cast(out, self._data.dtype)
            if out._data.shape != self._data.shape:
                out = shape_ops.broadcast_to(out, self._data.shape)
            return ew.identity(out) if out is src else out
        return self._inplace(value)

    def contiguous(self, memory_format=None):
        flags = getattr(self._data, "flags", None)
        return self if flags is None or flags.c_contiguous else self.clone()

    def clone(self):
        out = ew.identity(self)
        out._data = self._data.copy()
        if out.node is not None:
            out.node.label = "CloneBackward0"
        return out

    def zero_(self):
        return self.fill_(0)

    def fill_(self, value):
        return self._assign(..., value._data if isinstance(value, Tensor) else value)

    def _check_inplace(self, view=False):
        if self.node is None and self.requires_grad and grad_mode.recording:
            raise RuntimeError(("a view of a leaf Variable" if view else "a leaf Variable") +
                               " that requires grad is being used in an in-place operation.")

    def _writable(self):
        """The data as an array that can be written in place (0-d results may be NumPy scalars)."""
        d = self._data
        if not (isinstance(d, backend.xp.ndarray) and d.flags.writeable):
            d = self._data = backend.xp.array(d)
        return d

    def _assign(self, index, value):
        """Write raw `value` into self[index] in place, outside the graph (what fill_/zero_ and
        no_grad updates do)."""
        self._check_inplace(view=index is not ...)
        self._writable()[index] = value
        self._bump_version()
        return self

    def _update(self, ufunc, other):
        """self op= other as one ufunc pass into self's storage, or None where that is not what
        torch does. NOTE: the optimizer-update fast path (nothing records; a float tensor and a
        Python float or a tensor of its dtype and shape): no temporary, no copy, no closure."""
        if grad_mode.recording or self._data.dtype.kind != "f":
            return None
        if type(other) is float:
            ufunc(self._writable(), other, out=self._data)
        elif isinstance(other, Tensor) and other._data.dtype == self._data.dtype and \
                other._data.shape == self._data.shape:
            ufunc(self._writable(), other._data, out=self._data)
        else:
            return None
        self._bump_version()
        return self

    def _inplace(self, compute):
        """self op= other: compute the new value out of place from a snapshot of self (so the
        graph keeps the old value and node), then write it into self's storage, as torch does."""
        recording = grad_mode.recording
        if recording:
            self._check_inplace()
        old = self
        if recording:
            old = Tensor._wrap(self._data.copy(), self.node)
            old.requires_grad = self.requires_grad
        out = compute(old)
        if out._data.dtype != self._data.dtype and not numpy.can_cast(
                out._data.dtype, self._data.dtype, casting="same_kind"):
            raise RuntimeError(f"result type {_dtypes.FROM_NUMPY[out._data.dtype]._legacy} can't "
                               "be cast to the desired output type "
                               f"{_dtypes.FROM_NUMPY[self._data.dtype]._legacy}")
        self._writable()[...] = out._data
        self._bump_version()
        if out.node is not None:
            self.node, self.requires_grad = out.node, True
        return self

    def add_(self, other, alpha=1):
        return self._inplace(lambda t: t + (other if alpha == 1 else other * alpha))

    def sub_(self, other, alpha=1):
        return self._inplace(lambda t: t - (other if alpha == 1 else other * alpha))

    def mul_(self, other):
        return self._inplace(lambda t: t * other)

    def div_(self, other):
        return self._inplace(lambda t: t / other)

    def __iadd__(self, other):
        done = self._update(numpy.add, other)
        return done if done is not None else self._inplace(lambda t: t + other)

    def __isub__(self, other):
        done = self._update(numpy.subtract, other)
        return done if done is not None else self._inplace(lambda t: t - other)

    def __imul__(self, other):
        done = self._update(numpy.multiply, other)
        return done if done is not None else self._inplace(lambda t: t * other)

    def __itruediv__(self, other):
        done = self._update(numpy.true_divide, other)
        return done if done is not None else self._inplace(lambda t: t / other)

    def __setitem__(self, index, value):
        self._check_inplace(view=True)
        index = _index_arg(index)
        if isinstance(value, _EngineTensor):
            if value._data.dtype != self._data.dtype:
                value = ew.cast(value, self._data.dtype)
        if grad_mode.recording and (self.requires_grad or getattr(value, "requires_grad", False)):
            old = Tensor._wrap(self._data, self.node)      # setitem's VJPs read no values
            old.requires_grad = self.requires_grad
            out = shape_ops.setitem(old, value, index)
            out.node.label = "CopySlices"
            self._writable()[index] = value._data if isinstance(value, _EngineTensor) else value
            self._bump_version()
            self.node, self.requires_grad = out.node, True
        else:
            self._writable()[index] = value._data if isinstance(value, _EngineTensor) else value
            self._bump_version()

    # ----- shape methods -----
    def permute(self, *dims):
        if not dims:
            raise TypeError('permute() missing 1 required positional arguments: "dims"')
        return _labelled(shape_ops.transpose(self, _shape_arg(dims)), "PermuteBackward0")

    def swapaxes(self, axis0, axis1):
        return self.transpose(axis0, axis1)

    swapdims = swapaxes

    def unsqueeze(self, dim):
        dim = _wrap_dim(self, dim, extra=1)
        return _labelled(shape_ops.expand_dims(self, dim), "UnsqueezeBackward0")

    def squeeze(self, dim=None):
        if isinstance(dim, builtins.int):
            dim = _wrap_dim(self, dim)
        return _labelled(shape_ops.squeeze(self, dim),
                         "SqueezeBackward0" if dim is None else "SqueezeBackward1")

    def flatten(self, start_dim=0, end_dim=-1):
        shape = tuple(self._data.shape)
        if not shape:
            return self.reshape(1)
        s, e = start_dim % len(shape), end_dim % len(shape)
        n = 1
        for d in shape[s:e + 1]:
            n *= d
        return self.reshape(shape[:s] + (n,) + shape[e + 1:])

    def flip(self, dims):
        return _labelled(shape_ops.flip(self, axis=tuple(dims) if isinstance(dims, (list, tuple))
                                        else dims), "FlipBackward0")

    def repeat(self, *sizes):
        return _labelled(shape_ops.tile(self, _shape_arg(sizes)), "RepeatBackward0")

    def expand(self, *sizes):
        sizes = _shape_arg(sizes)
        lead = len(sizes) - self._data.ndim
        target = tuple(self._data.shape[i - lead] if n == -1 else n for i, n in enumerate(sizes))
        return _labelled(shape_ops.broadcast_to(self, target), "ExpandBackward0")

    def gather(self, dim, index):
        return _labelled(shape_ops.gather(self, index._data, axis=dim), "GatherBackward0")

    def split(self, split_size_or_sections, dim=0):
        name = "SplitBackward0" if isinstance(split_size_or_sections, builtins.int) else \
            "SplitWithSizesBackward0"
        return tuple(_labelled(p, name)
                     for p in shape_ops.split(self, split_size_or_sections, axis=dim))

    def chunk(self, chunks, dim=0):
        if chunks <= 0:
            raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
        n = self._data.shape[dim]
        if n == 0:                      # torch gives `chunks` empty pieces
            return self.split([0] * chunks, dim)
        return self.split(-(-n // chunks), dim)

    def unbind(self, dim=0):
        lead = (slice(None),) * (dim % self._data.ndim)
        return tuple(_labelled(shape_ops.getitem(self, lead + (i,)), "UnbindBackward0")
                     for i in range(self._data.shape[dim]))

    def __getitem__(self, index):
        try:
            out = shape_ops.getitem(self, _index_arg(index))
        except IndexError as e:
            text = str(e)
            if " is out of bounds for axis " not in text:
                raise
            raise IndexError(text.replace(" for axis ", " for dimension ")) from None
        if out.node is not None:
            out.node.label = _index_name(index if isinstance(index, tuple) else (index,))
        return out

    def __neg__(self):
        return ew.neg(self)


    __add__ = _binary(ew.add)
    __radd__ = _binary(ew.add, reflected=True)
    __sub__ = _binary(ew.sub)
    __rsub__ = _binary(ew.sub, "RsubBackward1", reflected=True)
    __mul__ = _binary(ew.mul)
    __rmul__ = _binary(ew.mul, reflected=True)
    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    __eq__ = _binary(ew.equal)
    __ne__ = _binary(ew.not_equal)
    __lt__ = _binary(ew.less)
    __le__ = _binary(ew.less_equal)
    __gt__ = _binary(ew.greater)
    __ge__ = _binary(ew.greater_equal)
    __hash__ = _EngineTensor.__hash__

    def __truediv__(self, other):
        return _true_divide(self, other)

    def __rtruediv__(self, other):
        out = _true_divide(other, self)
        if out.node is not None:
            out.node.label = "MulBackward0"       # torch computes s / x as s * x.reciprocal()
        return out

    __pow__ = _binary(ew.power)
    __rpow__ = _binary(ew.power, "PowBackward2", reflected=True)


def _bitwise(fn):
    """&, |, ^ on bool or integer tensors: no gradient, as in torch."""
    def op(self, other):
        a, b = _operands(self, other)
        return Tensor._wrap(fn(a._data, b._data if isinstance(b, Tensor) else b))
    return op


Tensor.__and__ = Tensor.__rand__ = _bitwise(numpy.bitwise_and)
Tensor.__or__ = Tensor.__ror__ = _bitwise(numpy.bitwise_or)
Tensor.__xor__ = Tensor.__rxor__ = _bitwise(numpy.bitwise_xor)
Tensor.__invert__ = lambda self: Tensor._wrap(numpy.invert(self._data))


def _index_name(idx):
    """torch's grad_fn for an indexing expression: advanced indexing gives IndexBackward0,
    otherwise the last basic step applied (select, slice or unsqueeze) names it."""
    if any(not isinstance(i, (builtins.int, slice, type(None), type(...))) for i in idx):
        return "IndexBackward0"
    steps = [i for i in idx if i is not ... and i != slice(None)]
    if not steps:
        return "AliasBackward0"
    last = steps[-1]
    return "SelectBackward0" if isinstance(last, builtins.int) else \
        "UnsqueezeBackward0" if last is None else "SliceBackward0"


class _Hook:
    """A user's tensor hook as the engine calls it: with the raw or recorded gradient."""
    __slots__ = ("fn",)

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, g):
        out = self.fn(g if isinstance(g, Tensor) else Tensor._wrap(g))
        if out is None:
            return None
        return out if isinstance(g, Tensor) else out._data


class _RetainGrad:
    """retain_grad(): store (accumulate) the gradient in the tensor's .grad."""
    __slots__ = ("tensor",)

    def __init__(self, tensor):
        self.tensor = tensor

    def __call__(self, g):
        t = self.tensor
        g = g if isinstance(g, Tensor) else Tensor._wrap(g.copy())
        t._grad = g if t._grad is None else t._grad + g


class RemovableHandle:
    """What register_hook returns: remove() takes the hook out again."""
    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)

    def __repr__(self):
        return f"<torch.utils.hooks.RemovableHandle object at {hex(id(self))}>"


# hooks of leaf tensors (which have no node to carry them), applied when their gradient arrives;
# keyed by id() (a tensor's == is elementwise), each entry dropped when its tensor dies
_LEAF_HOOKS = {}


def _leaf_hook_list(t):
    entry = _LEAF_HOOKS.get(id(t))
    if entry is None or entry[0]() is not t:
        key = id(t)
        entry = _LEAF_HOOKS[key] = (weakref.ref(t, lambda _r: _LEAF_HOOKS.pop(key, None)), [])
    return entry[1]


def leaf_hooks(t, g):
    """g after the hooks registered on leaf t."""
    entry = _LEAF_HOOKS.get(id(t))
    if entry is None or entry[0]() is not t:
        return g
    for hook in entry[1]:
        replaced = hook(g)
        if replaced is not None:
            g = replaced
    return g


def _labelled(out, name):
    """Give a result torch's grad_fn name for the call that made it."""
    if out.node is not None:
        out.node.label = name
    return out


def _float(t):
    """Float ops on integer tensors give the default float dtype, as torch does."""
    if isinstance(t, Tensor) and t._data.dtype.kind not in "fc":
        return ew.cast(t, _dtypes.DEFAULT_FLOAT.np)
    return t


def _numpy_names(dim, keepdim, axis, keepdims):
    """torch's argument parser takes NumPy's axis/keepdims as aliases of dim/keepdim."""
    return (dim if axis is None else axis), (keepdim if keepdims is None else keepdims)


def accepts_numpy_names(f):
    """Wrap a torch function or method taking dim (and keepdim) so that axis= and keepdims=
    work as they do in torch."""
    import functools
    import inspect
    takes_keepdim = "keepdim" in inspect.signature(f).parameters

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        if "axis" in kwargs:
            kwargs["dim"] = kwargs.pop("axis")
        if takes_keepdim and "keepdims" in kwargs:
            kwargs["keepdim"] = kwargs.pop("keepdims")
        return f(*args, **kwargs)
    return wrapper


def _dim_error(d, n):
    lo, hi = (-1, 0) if n == 0 else (-n, n - 1)
    return IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but "
                      f"got {d})")


def _wrap_dim(x, d, extra=0):
    """torch's dim check (every dim argument goes through it); the axis for the engine (None
    for a 0-d tensor, which has none). `extra`: dims the op adds (unsqueeze, stack)."""
    n = x._data.ndim + extra
    if n:
        if d >= n or d < -n:
            raise _dim_error(d, n)
        return d % n
    if d > 0 or d < -1:
        raise _dim_error(d, n)
    return None


def _axes(x, dim):
    if dim is None:
        return None
    if isinstance(dim, builtins.int):
        n = x._data.ndim
        if n and -n <= dim < n:             # the common case: two comparisons
            return dim
        return () if _wrap_dim(x, dim) is None else dim
    return tuple(a for a in (_wrap_dim(x, d) for d in dim) if a is not None)


def _shape_arg(shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    return tuple(shape)


def _index_arg(index):
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    return index


# torch.autograd builds on this module, so it loads last; a module global rather than an import
# inside backward(): importing from a package runs importlib's Python code on every call
from . import autograd as _autograd  # noqa: E402
