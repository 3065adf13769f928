"""gluon.nn: Gluon 1.x layers on the xint engine. Weights are laid out as Gluon's ((out, in) for
Dense, (out, in, kh, kw) for Conv2D, NCHW inputs) and an unknown input size is filled in by the
first forward pass (deferred initialisation)."""
import numpy as _onp

from ...core.refs import REUSE_TEMPORARIES
from ...ops import elementwise as _ew
from ...ops import linalg as _linalg
from ...ops import nn as _ops_nn
from ...ops import reduce as _reduce
from ...ops import shape as _shape
from ...ops.registry import apply_into
from .._ndarray import autograd_state
from ..base import MXNetError, dims
from ..random import _gen
from .block import Block, HybridBlock, _indent

__all__ = ["Block", "HybridBlock", "Sequential", "HybridSequential", "Dense", "Conv2D",
           "MaxPool2D", "AvgPool2D", "GlobalAvgPool2D", "Flatten", "Dropout", "BatchNorm",
           "Activation", "Lambda", "HybridLambda"]


class Sequential(Block):
    """Children run one after another, keyed '0', '1', …"""

    def add(self, *blocks):
        for block in blocks:
            self.register_child(block)

    def forward(self, x, *args):
        for block in self._children.values():
            x = block(x, *args)
            args = ()
        return x

    def __repr__(self):
        children = "\n".join(f"  ({key}): {_indent(repr(block), 2)}"
                             for key, block in self._children.items())
        return f"{type(self).__name__}(\n{children}\n)"

    def __getitem__(self, key):
        blocks = list(self._children.values())[key]
        if not isinstance(key, slice):
            return blocks
        net = type(self)(prefix=self._prefix)
        with net.name_scope():
            net.add(*blocks)
        return net

    def __len__(self):
        return len(self._children)


class HybridSequential(Sequential, HybridBlock):
    forward = Sequential.forward


def _softrelu(x):
    # log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|)
    return _ew.add(_ew.relu(x), _ew.log1p(_ew.exp(_ew.neg(_ew.abs(x)))))


_ACTIVATIONS = {"relu": _ew.relu, "sigmoid": _ew.sigmoid, "tanh": _ew.tanh,
                "softrelu": _softrelu}


class Activation(HybridBlock):
    def __init__(self, activation, **kwargs):
        if activation not in _ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; xint's Gluon has "
                             f"{sorted(_ACTIVATIONS)}")
        self._act_type = activation
        super().__init__(**kwargs)

    def _alias(self):
        return self._act_type

    def forward(self, x):
        return _ACTIVATIONS[self._act_type](x)

    def __repr__(self):
        return f"Activation({self._act_type})"


def _activate(act, y):
    """act(y) for a layer's own new result y (act its Activation child, or None): a primitive
    activation writes into y's array, which nothing else holds (registry.apply_into)."""
    if act is None:
        return y
    if REUSE_TEMPORARIES and type(act) is Activation and "forward" not in act.__dict__:
        prim = _ACTIVATIONS[act._act_type]
        if getattr(prim, "into", None) is not None:
            out = apply_into(prim, type(y), (y,), 0)
            if out is not None:
                return out
    return act(y)


def _act_child(block, activation):
    """The Activation a layer applies after itself (made in the layer's name_scope, as Gluon)."""
    if activation is None:
        return None
    with block.name_scope():
        return Activation(activation, prefix=activation + "_")


class Dense(HybridBlock):
    """y = act(x Wᵀ + b) with W (units, in_units); in_units=0 defers it to the first input."""

    def __init__(self, units, activation=None, use_bias=True, flatten=True, dtype="float32",
                 weight_initializer=None, bias_initializer="zeros", in_units=0, **kwargs):
        super().__init__(**kwargs)
        self._units, self._flatten = units, flatten
        with self.name_scope():
            self.weight = self.params.get("weight", shape=(units, in_units),
                                          init=weight_initializer, dtype=dtype,
                                          allow_deferred_init=True)
            self.bias = self.params.get("bias", shape=(units,), init=bias_initializer, dtype=dtype,
                                        allow_deferred_init=True) if use_bias else None
        self.act = _act_child(self, activation)

    def forward(self, x):
        if self._flatten and x.ndim != 2:
            x = _shape.reshape(x, (x.shape[0], -1))
        self.weight._infer((self._units, x.shape[-1]))
        w = self.weight.data()
        if w.shape[1] != x.shape[-1]:
            raise MXNetError(f"MXNetError: Shape inconsistent, Provided = {dims(w.shape)}, "
                             f"inferred shape=({self._units},{x.shape[-1]})")
        y = _linalg.matmul(x, _shape.transpose(w))
        if self.bias is not None:
            self.bias._finish_deferred_init()
            y = _ew.add(y, self.bias.data())
        return _activate(self.act, y)

    def __repr__(self):
        shape = self.weight.shape
        act = "linear" if self.act is None else repr(self.act)
        return f"{type(self).__name__}({shape[1]} -> {shape[0]}, {act})"


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


class Conv2D(HybridBlock):
    """2-D convolution over NCHW input; weight (channels, in_channels / groups, kh, kw)."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0), dilation=(1, 1),
                 groups=1, layout="NCHW", activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        if layout != "NCHW":
            raise ValueError("xint's Gluon Conv2D supports layout='NCHW' only")
        super().__init__(**kwargs)
        self._channels, self._groups = channels, groups
        self._kernel, self._strides = _pair(kernel_size), _pair(strides)
        self._padding, self._dilation = _pair(padding), _pair(dilation)
        with self.name_scope():
            self.weight = self.params.get(
                "weight", shape=(channels, in_channels // groups) + self._kernel,
                init=weight_initializer, allow_deferred_init=True)
            self.bias = self.params.get("bias", shape=(channels,), init=bias_initializer,
                                        allow_deferred_init=True) if use_bias else None
        self.act = _act_child(self, activation)

    def _alias(self):
        return "conv"

    def forward(self, x):
        self.weight._infer((self._channels, x.shape[1] // self._groups) + self._kernel)
        bias = None
        if self.bias is not None:
            self.bias._finish_deferred_init()
            bias = self.bias.data()
        y = _ops_nn.conv2d(x, self.weight.data(), bias, stride=self._strides,
                           padding=self._padding, dilation=self._dilation, groups=self._groups)
        return _activate(self.act, y)

    def __repr__(self):
        shape = self.weight.shape
        in_channels = shape[1] * self._groups if shape[1] > 0 else -1
        text = (f"{type(self).__name__}({in_channels} -> {shape[0]}, "
                f"kernel_size={self._kernel}, stride={self._strides}")
        if self._padding != (0, 0):
            text += f", padding={self._padding}"
        if self._dilation != (1, 1):
            text += f", dilation={self._dilation}"
        if self._groups != 1:
            text += f", groups={self._groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.act is not None:
            text += f", {self.act!r}"
        return text + ")"


class _Pool2D(HybridBlock):
    _pool_type = ""

    def _alias(self):
        return "pool"

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, layout="NCHW", ceil_mode=False,
                 **kwargs):
        if layout != "NCHW" or ceil_mode:
            raise ValueError("xint's Gluon pooling supports layout='NCHW', ceil_mode=False only")
        super().__init__(**kwargs)
        self._size = _pair(pool_size)
        self._strides = self._size if strides is None else _pair(strides)
        self._padding = _pair(padding)

    def __repr__(self):
        return (f"{type(self).__name__}(size={self._size}, stride={self._strides}, "
                f"padding={self._padding}, ceil_mode=False, global_pool=False, "
                f"pool_type={self._pool_type}, layout=NCHW)")


class MaxPool2D(_Pool2D):
    _pool_type = "max"

    def forward(self, x):
        return _ops_nn.max_pool2d(x, kernel_size=self._size, stride=self._strides,
                                  padding=self._padding)


class AvgPool2D(_Pool2D):
    """Window means; padding counts in the mean (Gluon's count_include_pad=True)."""
    _pool_type = "avg"

    def forward(self, x):
        return _ops_nn.avg_pool2d(x, kernel_size=self._size, stride=self._strides,
                                  padding=self._padding)


class GlobalAvgPool2D(HybridBlock):
    """The mean of each channel: (N, C, H, W) -> (N, C, 1, 1)."""

    def _alias(self):
        return "pool"

    def forward(self, x):
        return _reduce.mean(x, axis=(2, 3), keepdims=True)

    def __repr__(self):
        return ("GlobalAvgPool2D(size=(1, 1), stride=(1, 1), padding=(0, 0), ceil_mode=True, "
                "global_pool=True, pool_type=avg, layout=NCHW)")


class Flatten(HybridBlock):
    def forward(self, x):
        return _shape.reshape(x, (x.shape[0], -1))

    def __repr__(self):
        return "Flatten"


class Dropout(HybridBlock):
    """Inverted dropout, active only in training mode (autograd.record() or train_mode())."""

    def __init__(self, rate, axes=(), **kwargs):
        super().__init__(**kwargs)
        self._rate, self._axes = rate, tuple(axes)

    def forward(self, x):
        if not autograd_state.training or self._rate == 0:
            return x
        mask_shape = tuple(1 if i in self._axes else n for i, n in enumerate(x.shape))
        keep = _gen.uniform(0.0, 1.0, mask_shape, _onp.float32) >= self._rate
        return _ops_nn.dropout(x, keep, self._rate)

    def __repr__(self):
        return f"Dropout(p = {self._rate}, axes={self._axes})"


class BatchNorm(HybridBlock):
    """Normalise over every axis but `axis`. Training mode (autograd.record() or train_mode())
    uses the batch's mean and biased variance, otherwise the running statistics. As in MXNet,
    the running statistics move only when a backward pass goes through a training-mode output:
    running = momentum * running + (1 - momentum) * batch."""

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros", gamma_initializer="ones",
                 running_mean_initializer="zeros", running_variance_initializer="ones",
                 in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self._axis, self._momentum, self._epsilon = axis, momentum, epsilon
        self._use_global_stats = use_global_stats
        with self.name_scope():
            self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                         shape=(in_channels,), init=gamma_initializer,
                                         allow_deferred_init=True, differentiable=scale)
            self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                        shape=(in_channels,), init=beta_initializer,
                                        allow_deferred_init=True, differentiable=center)
            self.running_mean = self.params.get("running_mean", grad_req="null",
                                                shape=(in_channels,),
                                                init=running_mean_initializer,
                                                allow_deferred_init=True, differentiable=False)
            self.running_var = self.params.get("running_var", grad_req="null",
                                               shape=(in_channels,),
                                               init=running_variance_initializer,
                                               allow_deferred_init=True, differentiable=False)

    def forward(self, x):
        channels = (x.shape[self._axis],)
        for p in (self.gamma, self.beta, self.running_mean, self.running_var):
            p._infer(channels)
        gamma, beta = self.gamma.data(), self.beta.data()
        mean, var = self.running_mean.data(), self.running_var.data()
        if autograd_state.training and not self._use_global_stats:
            y, batch_mean, batch_var = _ops_nn.batch_norm_train(x, gamma, beta, self._epsilon,
                                                                self._axis)
            if y.node is not None:
                y.node.hooks = (y.node.hooks or []) + [self._stats_update(batch_mean, batch_var)]
            return y
        return _ops_nn.batch_norm_eval(x, mean, var, gamma, beta, self._epsilon, self._axis)

    def _stats_update(self, batch_mean, batch_var):
        """A hook run when backward reaches the output: fold the batch statistics into the
        running ones (outside the graph)."""
        mean, var = self.running_mean.data()._data, self.running_var.data()._data
        m = mean.dtype.type(self._momentum)
        batch_mean, batch_var = batch_mean._data.reshape(-1), batch_var._data.reshape(-1)

        def update(_grad):
            mean[...] = mean * m + batch_mean * (1 - m)
            var[...] = var * m + batch_var * (1 - m)
        return update

    def __repr__(self):
        return (f"BatchNorm(axis={self._axis}, eps={self._epsilon}, momentum={self._momentum}, "
                f"fix_gamma=False, use_global_stats={self._use_global_stats}, "
                f"in_channels={self.gamma.shape[0]})")


class Lambda(Block):
    """Wraps a function of the input as a block."""

    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        if not callable(function):
            raise ValueError(f"Unrecognized function in lambda: {function} of type "
                             f"{type(function)}")
        self._func = function

    def forward(self, *args):
        return self._func(*args)

    def __repr__(self):
        return f"{type(self).__name__}({self._func.__name__})"


class HybridLambda(HybridBlock):
    """Wraps a function f(F, x) as a hybrid block."""

    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        self._func = function

    def hybrid_forward(self, F, x, *args):
        return self._func(F, x, *args)

    def __repr__(self):
        return f"{type(self).__name__}({self._func.__name__})"

