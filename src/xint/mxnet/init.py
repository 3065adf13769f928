"""mxnet.init (mxnet.initializer): how Gluon fills a parameter's array when it is initialised.

Draws come from the MXNet dialect's generator, so npx.random.seed makes them repeatable.
"""
import numpy as _onp

from .random import _gen


class InitDesc(str):
    """A parameter's name, carrying the initializer the parameter asked for (attrs['__init__'])."""

    def __new__(cls, name, attrs=None, global_init=None):
        desc = super().__new__(cls, name)
        desc.attrs = attrs or {}
        desc.global_init = global_init
        return desc


def _fill(arr, values):
    arr._data[...] = values


class Initializer:
    """Base class. A subclass overrides _init_weight(name, arr) and fills arr in place."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs

    def __call__(self, desc, arr):
        chosen = getattr(desc, "attrs", {}).get("__init__")
        if chosen:
            # Gluon passes the parameter's own (or the block-level) initializer this way
            create(chosen)._init_weight(desc, arr)
            return
        for suffix, fill in (("weight", self._init_weight), ("bias", self._init_bias),
                             ("gamma", self._init_one), ("beta", self._init_zero),
                             ("running_mean", self._init_zero), ("running_var", self._init_one),
                             ("moving_mean", self._init_zero), ("moving_var", self._init_one)):
            if desc.endswith(suffix):
                fill(desc, arr)
                return
        self._init_default(desc, arr)

    def _init_weight(self, name, arr):
        raise NotImplementedError("Must override it")

    def _init_bias(self, name, arr):
        _fill(arr, 0)

    def _init_zero(self, name, arr):
        _fill(arr, 0)

    def _init_one(self, name, arr):
        _fill(arr, 1)

    def _init_default(self, name, arr):
        raise ValueError(f"Unknown initialization pattern for {name}. Default initialization is "
                         "now limited to \"weight\", \"bias\", \"gamma\" (1.0), and \"beta\" (0.0)."
                         "Please use mx.sym.Variable(init=mx.init.*) to set initialization "
                         "pattern")


class Zero(Initializer):
    def _init_weight(self, name, arr):
        _fill(arr, 0)


class One(Initializer):
    def _init_weight(self, name, arr):
        _fill(arr, 1)


class Constant(Initializer):
    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, name, arr):
        value = self.value
        _fill(arr, value._data if hasattr(value, "_data") else value)


class Uniform(Initializer):
    """U(-scale, scale)."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, name, arr):
        _fill(arr, _gen.uniform(-self.scale, self.scale, arr.shape, arr._data.dtype))


class Normal(Initializer):
    """N(0, sigma²)."""

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, name, arr):
        _fill(arr, _gen.normal(0.0, self.sigma, arr.shape, arr._data.dtype))


class Xavier(Initializer):
    """Glorot: scale sqrt(magnitude / factor), factor from fan-in and fan-out."""

    def __init__(self, rnd_type="uniform", factor_type="avg", magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type, self.factor_type, self.magnitude = rnd_type, factor_type, float(magnitude)

    def _init_weight(self, name, arr):
        shape = arr.shape
        if len(shape) < 2:
            raise ValueError(f"Xavier initializer cannot be applied to vector {name}. It requires "
                             "at least 2D.")
        receptive = int(_onp.prod(shape[2:])) if len(shape) > 2 else 1
        fan_in, fan_out = shape[1] * receptive, shape[0] * receptive
        factor = {"avg": (fan_in + fan_out) / 2.0, "in": fan_in, "out": fan_out}.get(
            self.factor_type)
        if factor is None:
            raise ValueError("Incorrect factor type")
        scale = _onp.sqrt(self.magnitude / factor)
        dtype = arr._data.dtype
        if self.rnd_type == "uniform":
            _fill(arr, _gen.uniform(-scale, scale, shape, dtype))
        elif self.rnd_type == "gaussian":
            _fill(arr, _gen.normal(0.0, scale, shape, dtype))
        else:
            raise ValueError("Unknown random type")


_BY_NAME = {"zero": Zero, "zeros": Zero, "one": One, "ones": One, "uniform": Uniform,
            "normal": Normal, "xavier": Xavier, "constant": Constant}


def create(init):
    """An Initializer from an instance or a registered name ('zeros', 'ones', 'uniform', …)."""
    if isinstance(init, Initializer):
        return init
    if isinstance(init, str) and init.lower() in _BY_NAME:
        return _BY_NAME[init.lower()]()
    raise ValueError(f"Cannot find initializer {init!r}")
