"""torch.nn.Parameter and UninitializedParameter (the placeholder lazy layers hold until their
first call)."""
from ... import backend
from ...core.tensor import Tensor as _EngineTensor
from .. import _dtypes
from .._tensor import Tensor

_UNINITIALIZED_SHAPE = (
    "Can't access the shape of an uninitialized parameter or buffer. This error usually happens "
    "in `load_state_dict` when trying to load an uninitialized parameter into an initialized "
    "one. Call `forward` to initialize the parameters before accessing their attributes.")


class Parameter(Tensor):
    """A leaf tensor a Module registers as a parameter; requires grad unless told otherwise.

    `Parameter(t)` shares t's storage (and version counter). Results of ops on a Parameter are
    plain tensors (`_result_cls`)."""
    __slots__ = ()
    _result_cls = Tensor

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            data = Tensor._wrap(backend.xp.empty((0,), dtype=_dtypes.DEFAULT_FLOAT.np))
        elif not isinstance(data, _EngineTensor):
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        if requires_grad and data._data.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        if data._vc is None:                # a detached alias: in-place changes show in both
            data._vc = [0]
        self._data, self._vc = data._data, data._vc
        self.node, self._grad = None, None
        self.requires_grad = requires_grad

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__


class UninitializedParameter(Parameter):
    """A parameter whose shape is not known yet; `materialize(shape)` turns it into a Parameter
    in place (same object), as lazy layers do at their first call."""
    __slots__ = ()
    _result_cls = Tensor
    cls_to_become = Parameter

    def __init__(self, requires_grad=True, device=None, dtype=None):
        dt = _dtypes.DEFAULT_FLOAT.np if dtype is None else _dtypes.to_numpy_dtype(dtype)
        super().__init__(Tensor._wrap(backend.xp.empty((0,), dtype=dt)), requires_grad)

    @property
    def shape(self):
        raise RuntimeError(_UNINITIALIZED_SHAPE)

    def size(self, dim=None):
        raise RuntimeError(_UNINITIALIZED_SHAPE)

    def materialize(self, shape, device=None, dtype=None):
        dt = self._data.dtype if dtype is None else _dtypes.to_numpy_dtype(dtype)
        self._data = backend.xp.empty(tuple(shape), dtype=dt)
        self.__class__ = self.cls_to_become

    def __repr__(self):
        return "<UninitializedParameter>"

    __str__ = __repr__


def is_lazy(param):
    return isinstance(param, UninitializedParameter)
