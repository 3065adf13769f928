"""keras.layers (Keras 3 behaviour): Layer, Dense, Flatten, Dropout, Conv2D, pooling,
BatchNormalization, Activation/ReLU. Channels-last (NHWC) images; the math is the engine's."""
import contextlib
import inspect
import math
import numbers
import re
import threading
import warnings

import numpy

from ...core.refs import REUSE_TEMPORARIES
from ...core.tensor import Tensor
from ...ops import elementwise as ew, linalg, nn as nn_ops, shape as shape_ops
from ...ops.registry import apply_into
from .. import _random
from .._functions import convert_to_tensor
from .._tensor import EagerTensor
from . import activations, initializers, regularizers
from ._variable import Variable, scope

# ----- names: one process-wide counter per prefix, reset by keras.backend.clear_session -----
_uids = {}


def _unique(prefix):
    n = _uids.get(prefix, 0)
    _uids[prefix] = n + 1
    return prefix if n == 0 else f"{prefix}_{n}"


def _snake(name):
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", s).lower().lstrip("_")


class _CallContext(threading.local):
    def __init__(self):
        self.training = []


_context = _CallContext()
_TAKES_TRAINING = {}            # layer class -> whether its call() takes `training`


@contextlib.contextmanager
def _name_scope(layer):
    pushed = not scope.entries or scope.entries[-1][1] is not layer
    if pushed:
        scope.entries.append((layer.name, layer))
    try:
        yield
    finally:
        if pushed:
            scope.entries.pop()


def _as_input(x, dtype=numpy.dtype(numpy.float32)):
    """What Keras does to a call's main input: tensors as they are, other data converted; floating
    values cast to the layer's dtype (float32 unless the layer was given another)."""
    if isinstance(x, Variable):
        x = x.value
    if not isinstance(x, Tensor):
        x = convert_to_tensor(numpy.asarray(x))
    elif not isinstance(x, EagerTensor):
        x = convert_to_tensor(x)
    if x._data.dtype.kind == "f" and x._data.dtype != dtype:
        x = ew.cast(x, dtype)
    return x


def _float_dtype(dtype):
    """A layer's dtype: a floating dtype given by name or as a tf dtype, else float32 (xint's
    Keras has no mixed-precision policies)."""
    try:
        dt = numpy.dtype(getattr(dtype, "name", dtype) or "float32")
    except TypeError:
        return numpy.dtype(numpy.float32)
    return dt if dt.kind == "f" else numpy.dtype(numpy.float32)


def _spec_error(layer, text, shape):
    return ValueError(f"Input 0 with name 'None' of layer '{layer.name}' is incompatible with the "
                      f"layer: {text}Full shape received: {shape}")


class Layer:
    """keras.layers.Layer: weights made in `build(input_shape)` on the first call."""
    _min_ndim = None
    _ndim = None

    def __init__(self, trainable=True, name=None, dtype=None, input_shape=None, input_dim=None,
                 **kwargs):
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                             f"{kwargs}")
        self.__dict__.setdefault("_layers", [])
        self.name = name or _unique(_snake(type(self).__name__))
        self.built = False
        self._trainable = trainable
        self._trainable_variables = []
        self._non_trainable_variables = []
        self._output_shape = None
        self._axes = {}
        self._input_shape_arg = None
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        if input_shape is not None:
            warnings.warn("Do not pass an `input_shape`/`input_dim` argument to a layer. When "
                          "using Sequential models, prefer using an `Input(shape)` object as the "
                          "first layer in the model instead.", UserWarning, stacklevel=2)
            self._input_shape_arg = (None,) + tuple(input_shape)
        self._dtype = _float_dtype(dtype)
        self.dtype = self._dtype.name

    def __setattr__(self, name, value):
        # attributes that are layers (or lists of them) become sublayers, in assignment order
        if not name.startswith("_"):
            if isinstance(value, Layer):
                found = [value]
            elif isinstance(value, (list, tuple)):
                found = [v for v in value if isinstance(v, Layer)]
            else:
                found = []
            if found:
                layers = self.__dict__.setdefault("_layers", [])
                layers.extend(v for v in found if all(v is not w for w in layers))
        object.__setattr__(self, name, value)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    # ----- weights -----
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none", name=None):
        shape = () if shape is None else tuple(int(n) for n in shape)
        if initializer is None:
            floating = numpy.dtype(getattr(dtype, "name", dtype) or self.dtype).kind == "f"
            initializer = "glorot_uniform" if floating else "zeros"
        init = initializers.get(initializer)
        with _name_scope(self):
            v = Variable(init, shape=shape, dtype=str(numpy.dtype(getattr(dtype, "name", dtype)
                                                                  or self.dtype)),
                         trainable=trainable, name=name, regularizer=regularizers.get(regularizer))
        (self._trainable_variables if trainable else self._non_trainable_variables).append(v)
        return v

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    @property
    def layers(self):
        return list(self._layers)

    @property
    def weights(self):
        out, seen = [], set()
        for w in self._trainable_variables + self._non_trainable_variables + \
                [w for layer in self._layers for w in layer.weights]:
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        return out

    variables = weights

    def _own_and_sub(self, pick):
        out, seen = [], set()
        for w in pick(self) + [w for layer in self._layers for w in layer._own_and_sub(pick)]:
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        return out

    @property
    def trainable_weights(self):
        return self._own_and_sub(lambda layer: [w for w in layer._trainable_variables
                                                if w.trainable] if layer._trainable else [])

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        return self._own_and_sub(
            lambda layer: [w for w in layer._trainable_variables if not w.trainable] +
            layer._non_trainable_variables if layer._trainable else
            layer._trainable_variables + layer._non_trainable_variables)

    non_trainable_variables = non_trainable_weights

    @property
    def losses(self):
        return [w.regularizer(w.value) for w in self.weights if w.regularizer is not None]

    def get_weights(self):
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights):
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(f"You called `set_weights(weights)` on layer '{self.name}' with a "
                             f"weight list of length {len(weights)}, but the layer was expecting "
                             f"{len(mine)} weights.")
        for v, w in zip(mine, weights):
            w = numpy.asarray(w)
            if tuple(v.shape) != w.shape:
                raise ValueError(f"Layer {self.name} weight shape {tuple(v.shape)} is not "
                                 f"compatible with provided weight shape {w.shape}.")
        for v, w in zip(mine, weights):
            v.assign(numpy.asarray(w, dtype=v.dtype))

    def count_params(self):
        return int(sum(math.prod(w.shape) for w in self.weights))

    # ----- calling -----
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def _check_input(self, x):
        shape = tuple(x._data.shape)
        if self._ndim is not None and len(shape) != self._ndim:
            raise _spec_error(self, f"expected ndim={self._ndim}, found ndim={len(shape)}. ", shape)
        if self._min_ndim is not None and len(shape) < self._min_ndim:
            raise _spec_error(self, f"expected min_ndim={self._min_ndim}, found "
                                    f"ndim={len(shape)}. ", shape)
        for axis, n in self._axes.items():
            if shape[axis] != n:
                raise ValueError(f"Input 0 with name 'None' of layer '{self.name}' is incompatible "
                                 f"with the layer: expected axis {axis} of input shape to have "
                                 f"value {n}, but received input with shape {shape}")

    @classmethod
    def _takes_training(cls):
        takes = _TAKES_TRAINING.get(cls)
        if takes is None:
            params = inspect.signature(cls.call).parameters
            takes = _TAKES_TRAINING[cls] = "training" in params or any(
                p.kind == p.VAR_KEYWORD for p in params.values()) and cls.call is not Layer.call
        return takes

    def __call__(self, *args, **kwargs):
        args = list(args)
        if args:
            args[0] = _as_input(args[0], self._dtype)
            self._check_input(args[0])
        training = kwargs.pop("training", None)
        stack = _context.training
        if training is None and stack:
            training = stack[-1]
        if training is not None and self._takes_training():
            kwargs["training"] = training
        # _name_scope's push and pop, inlined (a generator context manager per layer call adds
        # up in a training step)
        entries = scope.entries
        pushed = not entries or entries[-1][1] is not self
        stack.append(training)
        if pushed:
            entries.append((self.name, self))
        try:
            if not self.built:
                self.build(tuple(args[0]._data.shape) if args else None)
                self.built = True
            out = self.call(*args, **kwargs)
        finally:
            if pushed:
                entries.pop()
            stack.pop()
        if self._output_shape is None and isinstance(out, Tensor):
            self._output_shape = tuple(out._data.shape)
        return out

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}


class InputLayer(Layer):
    pass


def _pair(v):
    return (int(v), int(v)) if isinstance(v, (int, numpy.integer)) else tuple(int(n) for n in v)


class Dense(Layer):
    _min_ndim = 2

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        # checked before the layer takes a name (Keras's name counter does not move)
        if isinstance(units, bool) or not isinstance(units, numbers.Integral) or units <= 0:
            raise ValueError("Received an invalid value for `units`, expected a positive "
                             f"integer. Received: units={units}")
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)

    def build(self, input_shape):
        n = input_shape[-1]
        self.kernel = self.add_weight(shape=(n, self.units), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer, name="bias") \
            if self.use_bias else None
        self._axes = {-1: n}
        self.built = True

    def call(self, inputs):
        y = linalg.matmul(inputs, self.kernel.value)
        if self.bias is not None:
            y = ew.add(y, self.bias.value)
        return _activate(self.activation, y)


_BUILT_IN = ((activations.sigmoid, ew.sigmoid), (activations.relu, ew.relu),
             (activations.tanh, ew.tanh))


def _activate(fn, y):
    """fn(y) for a layer's own new result y: a built-in activation writes into y's array, which
    nothing else holds (registry.apply_into)."""
    if REUSE_TEMPORARIES:
        for f, prim in _BUILT_IN:
            if fn is f:
                out = apply_into(prim, EagerTensor, (y,), 0)
                if out is not None:
                    return out
    return fn(y)


class Flatten(Layer):
    _min_ndim = 1

    def call(self, inputs):
        shape = inputs._data.shape
        if len(shape) == 1:
            return shape_ops.reshape(inputs, (shape[0], 1))
        return shape_ops.reshape(inputs, (shape[0], -1))


class Activation(Layer):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)


class ReLU(Layer):
    def call(self, inputs):
        return activations.relu(inputs)


class Dropout(Layer):
    """Identity unless called with training=True (directly, or inside a training call)."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float value "
                             f"between 0 and 1. Received: rate={rate}")
        self.rate = rate

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        keep = _random._gen.uniform(0.0, 1.0, inputs._data.shape, numpy.float32) >= self.rate
        return nn_ops.dropout(inputs, keep, self.rate)


def _same_pads(in_hw, kernel, strides, dilation=(1, 1)):
    """TensorFlow's 'SAME' padding: out = ceil(in / stride); any odd pixel goes after."""
    pads = []
    for n, k, s, d in zip(in_hw, kernel, strides, dilation):
        k = d * (k - 1) + 1
        total = max((-(-n // s) - 1) * s + k - n, 0)
        pads.append((total // 2, total - total // 2))
    return tuple(pads)


def _pads(padding, in_hw, kernel, strides, dilation=(1, 1)):
    padding = padding.lower()
    if padding == "valid":
        return ((0, 0), (0, 0))
    if padding == "same":
        return _same_pads(in_hw, kernel, strides, dilation)
    raise ValueError(f"The `padding` argument must be a list/tuple or one of "
                     f"{{'valid', 'same'}}. Received: {padding}")


class Conv2D(Layer):
    """NHWC input, kernel (kh, kw, in, out)."""
    _min_ndim = 4

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.filters = int(filters)
        self.kernel_size = _pair(kernel_size)
        self.strides = _pair(strides)
        self.padding = padding
        _pads(padding, (1, 1), (1, 1), (1, 1))           # validate now, as Keras does
        self.dilation_rate = _pair(dilation_rate)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)

    def build(self, input_shape):
        c = input_shape[-1]
        self.kernel = self.add_weight(shape=self.kernel_size + (c, self.filters),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, name="kernel")
        self.bias = self.add_weight(shape=(self.filters,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer, name="bias") \
            if self.use_bias else None
        self._axes = {-1: c}
        self.built = True

    def call(self, inputs):
        pads = _pads(self.padding, inputs._data.shape[1:3], self.kernel_size, self.strides,
                     self.dilation_rate)
        # the bias goes in with the convolution: added in the pass that lays out its result
        bias = None if self.bias is None else self.bias.value
        y = nn_ops.conv2d_nhwc(inputs, self.kernel.value, bias, stride=self.strides,
                               padding=pads, dilation=self.dilation_rate)
        return _activate(self.activation, y)


class _Pooling2D(Layer):
    _ndim = 4

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = _pair(pool_size)
        self.strides = self.pool_size if strides is None else _pair(strides)
        self.padding = padding
        _pads(padding, (1, 1), (1, 1), (1, 1))

    def _geometry(self, inputs):
        return _pads(self.padding, inputs._data.shape[1:3], self.pool_size, self.strides)


class MaxPooling2D(_Pooling2D):
    def call(self, inputs):
        return nn_ops.max_pool2d_nhwc(inputs, kernel_size=self.pool_size, stride=self.strides,
                                      padding=self._geometry(inputs))


class AveragePooling2D(_Pooling2D):
    def call(self, inputs):
        pads = self._geometry(inputs)
        y = nn_ops.avg_pool2d_nhwc(inputs, kernel_size=self.pool_size, stride=self.strides,
                                   padding=pads)
        if any(p for pair in pads for p in pair):
            # TF averages over the window's real pixels only: rescale by the share of them
            ones = EagerTensor._wrap(numpy.ones((1,) + inputs._data.shape[1:3] + (1,),
                                                dtype=inputs._data.dtype))
            y = ew.div(y, nn_ops.avg_pool2d_nhwc(ones, kernel_size=self.pool_size,
                                                 stride=self.strides, padding=pads))
        return y


MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D


class BatchNormalization(Layer):
    """Batch statistics when training (biased variance), moving averages otherwise."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones", **kwargs):
        super().__init__(**kwargs)
        self.axis, self.momentum, self.epsilon = axis, momentum, epsilon
        self.center, self.scale = center, scale
        self._inits = [initializers.get(i) for i in (gamma_initializer, beta_initializer,
                                                    moving_mean_initializer,
                                                    moving_variance_initializer)]

    def build(self, input_shape):
        c = (input_shape[self.axis],)
        g, b, mm, mv = self._inits
        self.gamma = self.add_weight(shape=c, initializer=g, name="gamma") if self.scale else None
        self.beta = self.add_weight(shape=c, initializer=b, name="beta") if self.center else None
        self.moving_mean = self.add_weight(shape=c, initializer=mm, trainable=False,
                                           name="moving_mean")
        self.moving_variance = self.add_weight(shape=c, initializer=mv, trainable=False,
                                               name="moving_variance")
        self._axes = {self.axis: c[0]}
        self.built = True

    def call(self, inputs, training=None):
        gamma = self.gamma.value if self.gamma is not None else None
        beta = self.beta.value if self.beta is not None else None
        if training and self.trainable:
            y, mean, var = nn_ops.batch_norm_train(inputs, gamma, beta, eps=self.epsilon,
                                                   axis=self.axis)
            m = numpy.float32(self.momentum)
            for v, batch in ((self.moving_mean, mean), (self.moving_variance, var)):
                v.assign(v._tf_var._data * m + batch._data.reshape(-1) * (1 - m))
            return y
        return nn_ops.batch_norm_eval(inputs, self.moving_mean.value, self.moving_variance.value,
                                      gamma, beta, eps=self.epsilon, axis=self.axis)
