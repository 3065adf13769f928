"""gluon.Parameter and ParameterDict: named arrays whose shape may be known only after the first
forward pass (deferred initialisation), with MXNet 1.9.1's messages."""
import collections
import warnings

import numpy as _onp

from ... import backend
from .. import init as _init
from .._ndarray import ndarray
from ..base import MXNetError
from ..npx import cpu


class DeferredInitializationError(MXNetError):
    """Raised when a parameter's data is read before the forward pass that fixes its shape."""


def _known(shape):
    return shape is not None and all(n > 0 for n in shape)


class Parameter:
    """A named array; data() and grad() are methods, as in Gluon."""

    def __init__(self, name, grad_req="write", shape=None, dtype=_onp.float32, lr_mult=1.0,
                 wd_mult=1.0, init=None, allow_deferred_init=False, differentiable=True,
                 stype="default", grad_stype="default"):
        self.name = name
        # Gluon (numpy shape semantics) writes an unknown dimension as -1
        self._shape = None if shape is None else tuple(
            -1 if n == 0 else n for n in ((shape,) if isinstance(shape, int) else shape))
        self.dtype = dtype      # kept as given: it shows in the repr ('float32' or the class)
        self.lr_mult, self.wd_mult = lr_mult, wd_mult
        self.init = init
        self._allow_deferred_init = allow_deferred_init
        self._differentiable = differentiable
        self._grad_req = grad_req if differentiable else "null"
        self._data = None
        self._deferred_init = ()

    def __repr__(self):
        return f"Parameter {self.name} (shape={self.shape}, dtype={self.dtype})"

    @property
    def shape(self):
        return self._shape

    @shape.setter
    def shape(self, new_shape):
        new_shape = tuple(new_shape)
        if self._shape is None:
            self._shape = new_shape
            return
        fits = len(self._shape) == len(new_shape) and all(
            old in (-1, 0, new) for new, old in zip(new_shape, self._shape))
        assert fits, f"Expected shape {new_shape} is incompatible with given shape {self._shape}."
        self._shape = new_shape

    @property
    def grad_req(self):
        return self._grad_req

    @grad_req.setter
    def grad_req(self, req):
        if req not in ("write", "add", "null"):
            raise AssertionError(f"grad_req must be one of 'write', 'add', or 'null', but got "
                                 f"'{req}'")
        self._grad_req = req if self._differentiable else "null"
        if self._data is not None:
            self._attach()

    def _attach(self):
        if self._grad_req == "null":
            self._data.requires_grad = False
            self._data._grad = None
        else:
            self._data.attach_grad(self._grad_req)

    # ----- initialisation -----
    def initialize(self, init=None, ctx=None, default_init=None, force_reinit=False):
        if self._data is not None and not force_reinit:
            warnings.warn(f"Parameter '{self.name}' is already initialized, ignoring. Set "
                          "force_reinit=True to re-initialize.", stacklevel=2)
            return
        self._data = None
        if default_init is None:
            default_init = _init.Uniform()
        if init is None:
            init = default_init if self.init is None else self.init
        if not _known(self._shape):
            if self._allow_deferred_init:
                self._deferred_init = (init, ctx, default_init, None)
                return
            raise ValueError(f"Cannot initialize Parameter '{self.name}' because it has invalid "
                             f"shape: {self._shape}.")
        self._deferred_init = (init, ctx, default_init, None)
        self._finish_deferred_init()

    def _finish_deferred_init(self):
        """Create the array once the shape is known (Gluon does this in the first forward)."""
        if not self._deferred_init:
            return
        init, _ctx, default_init, data = self._deferred_init
        if not _known(self._shape):
            raise DeferredInitializationError(self._deferred_message())
        self._deferred_init = ()
        arr = ndarray._wrap(backend.xp.zeros(self._shape, dtype=_onp.dtype(self.dtype)))
        if data is None:
            _init.create(default_init)(_init.InitDesc(self.name, {"__init__": init}), arr)
        else:
            arr._data[...] = data._data if isinstance(data, ndarray) else data
        self._data = arr
        self._attach()

    def _deferred_message(self):
        return (f"Parameter '{self.name}' has not been initialized yet because initialization was "
                "deferred. Actual initialization happens during the first forward pass. Please "
                "pass one batch of data through the network before accessing Parameters. You can "
                "also avoid deferred initialization by specifying in_units, num_features, etc., "
                "for network layers.")

    def _check_initialized(self):
        if self._data is not None:
            return
        if self._deferred_init:
            raise DeferredInitializationError(self._deferred_message())
        raise RuntimeError(f"Parameter '{self.name}' has not been initialized. Note that you "
                           "should initialize parameters and create Trainer with "
                           "Block.collect_params() instead of Block.params because the later does "
                           "not include Parameters of nested child Blocks")

    def _infer(self, shape):
        """Fill the unknown dimensions from the first input and finish deferred initialisation."""
        if not _known(self._shape):
            self.shape = shape
        self._finish_deferred_init()

    # ----- access -----
    def data(self, ctx=None):
        self._check_initialized()
        return self._data

    def list_data(self):
        return [self.data()]

    def grad(self, ctx=None):
        self._check_initialized()
        if self._data._grad is None:
            raise RuntimeError(f"Cannot get gradient array for Parameter '{self.name}' because "
                               "grad_req='null'")
        return self._data.grad

    def list_grad(self):
        return [self.grad()]

    def list_ctx(self):
        if self._data is None and self._deferred_init:
            return [self._deferred_init[1] or cpu()]
        if self._data is None:
            raise RuntimeError(f"Parameter '{self.name}' has not been initialized")
        return [cpu()]

    def zero_grad(self):
        if self._data is not None and self._data._grad is not None:
            self._data._grad[...] = 0

    def set_data(self, data):
        """Copy data into the parameter (in place, so the array autograd knows stays the same)."""
        self.shape = data.shape
        if self._data is None:
            assert self._deferred_init, \
                f"Parameter '{self.name}' has not been initialized"
            self._deferred_init = self._deferred_init[:3] + (data,)
            return
        self._data._data[...] = data._data if isinstance(data, ndarray) else data

    def _load(self, array):
        """Take a loaded host array as this parameter's value, initialising it if needed."""
        self.shape = array.shape
        if self._data is None:
            self._deferred_init = (None, None, _init.Zero(), array)
            self._finish_deferred_init()
        else:
            self._data._data[...] = array


class ParameterDict:
    """An ordered name -> Parameter mapping with a prefix; Block.params and collect_params()."""

    def __init__(self, prefix="", shared=None):
        self._prefix = prefix
        self._params = collections.OrderedDict()
        self._shared = shared

    @property
    def prefix(self):
        return self._prefix

    def __repr__(self):
        body = "\n".join(f"  {p!r}" for p in self._params.values())
        return f"{self._prefix} (\n{body}\n)" if self._prefix else f"(\n{body}\n)"

    def __getitem__(self, key):
        return self._params[key]

    def __iter__(self):
        return iter(self._params)

    def __len__(self):
        return len(self._params)

    def __contains__(self, key):
        return key in self._params

    def keys(self):
        return self._params.keys()

    def values(self):
        return self._params.values()

    def items(self):
        return self._params.items()

    def get(self, name, **kwargs):
        """The parameter prefix+name, created with kwargs if it does not exist yet."""
        full = self._prefix + name
        param = self._params.get(full)
        if param is None and self._shared is not None:
            param = self._shared._params.get(full)
        if param is None:
            param = Parameter(full, **kwargs)
        self._params[full] = param
        return param

    def update(self, other):
        for name, param in other.items():
            existing = self._params.get(name)
            if existing is not None and existing is not param:
                raise ValueError(f"Cannot update self with other because they have different "
                                 f"Parameters with the same name '{name}'")
            self._params[name] = param

    def initialize(self, init=None, ctx=None, verbose=False, force_reinit=False):
        init = _init.Uniform() if init is None else init
        for param in self._params.values():
            param.initialize(None, ctx, init, force_reinit=force_reinit)

    def zero_grad(self):
        for param in self._params.values():
            param.zero_grad()

    def setattr(self, name, value):
        for param in self._params.values():
            setattr(param, name, value)

    def list_ctx(self):
        return [cpu()]
