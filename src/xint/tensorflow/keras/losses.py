"""keras.losses (Keras 3 on TensorFlow): Loss, MeanSquaredError, SparseCategoricalCrossentropy,
CategoricalCrossentropy, their functions, and get(). The per-sample formulas and the
'sum_over_batch_size' reduction (sum, then divide by the count) follow Keras 3's TF backend."""
import inspect

import numpy

from ...core.tensor import Tensor
from ...ops import elementwise as ew, nn as nn_ops, reduce, shape as shape_ops
from .. import _dtypes
from .._functions import cast, convert_to_tensor, sparse_softmax_cross_entropy_with_logits

EPSILON = 1e-7            # keras.config.epsilon()
# a set literal in Keras' order, so the error message lists it in Keras' order
_REDUCTIONS = {"sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight"}


def _t(x, dtype=None):
    """keras.ops.convert_to_tensor: a tensor of another dtype is cast (keeping the tape)."""
    x = getattr(x, "_tf_var", x)
    if isinstance(x, Tensor):
        x = convert_to_tensor(x)
        if dtype is not None and x.dtype != dtype:
            return cast(x, dtype)
        return x
    return convert_to_tensor(x, dtype=dtype)


def _same_rank(x1, x2):
    """Keras' squeeze_or_expand_to_same_rank: ranks one apart with a trailing 1 are aligned."""
    r1, r2 = x1._data.ndim, x2._data.ndim
    if r1 == r2 + 1 and x1._data.shape[-1] == 1:
        if r2 == 1:
            x2 = shape_ops.expand_dims(x2, -1)
        else:
            x1 = shape_ops.squeeze(x1, -1)
    if r2 == r1 + 1 and x2._data.shape[-1] == 1:
        if r1 == 1:
            x1 = shape_ops.expand_dims(x1, -1)
        else:
            x2 = shape_ops.squeeze(x2, -1)
    return x1, x2


def mean_squared_error(y_true, y_pred):
    y_pred = _t(y_pred)
    y_true = _t(y_true, y_pred.dtype)
    y_true, y_pred = _same_rank(y_true, y_pred)
    d = ew.sub(y_true, y_pred)
    return reduce.mean(ew.mul(d, d), axis=-1)


def _shapes(t, o):
    return f"target.shape={tuple(t.shape)}, output.shape={tuple(o.shape)}"


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None,
                                    axis=-1):
    output = _t(y_pred)
    target = cast(_t(y_true), _dtypes.int64)
    if target._data.ndim == output._data.ndim and target._data.shape[-1] == 1:
        target = shape_ops.squeeze(target, -1)
    if target._data.ndim != output._data.ndim - 1:
        raise ValueError("Argument `output` must have rank (ndim) `target.ndim - 1`. Received: "
                         + _shapes(target, output))
    if target._data.shape != output._data.shape[:-1]:
        raise ValueError("Arguments `target` and `output` must have the same shape up until "
                         "the last dimension: " + _shapes(target, output))
    if not from_logits:         # Keras: log of the clipped probabilities, taken as logits
        output = ew.log(ew.clip(output, numpy.float32(EPSILON), numpy.float32(1 - EPSILON)))
    # Keras's TF backend ends in TF's fused kernel: its label range check and errors
    return sparse_softmax_cross_entropy_with_logits(target, output)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    output = _t(y_pred)
    target = _t(y_true, output.dtype)
    if label_smoothing:
        n = output._data.shape[-1]
        target = ew.add(ew.mul(target, 1.0 - label_smoothing), label_smoothing / n)
    if target._data.ndim != output._data.ndim:
        raise ValueError("Arguments `target` and `output` must have the same rank (ndim). "
                         "Received: " + _shapes(target, output))
    if target._data.shape != output._data.shape:
        raise ValueError("Arguments `target` and `output` must have the same shape. Received: "
                         + _shapes(target, output))
    if from_logits:
        logp = nn_ops.log_softmax(output, axis=axis)
    else:
        p = ew.div(output, reduce.sum(output, axis=axis, keepdims=True))
        logp = ew.log(ew.clip(p, numpy.float32(EPSILON), numpy.float32(1 - EPSILON)))
    return ew.neg(reduce.sum(ew.mul(target, logp), axis=axis))


def _reduce(values, reduction, sample_weight=None):
    if sample_weight is not None:
        w = _t(sample_weight, values.dtype)
        values, w = _same_rank(values, w)
        values = ew.mul(values, w)
    if reduction in (None, "none") or values._data.ndim == 0 or values._data.shape == (0,):
        return values
    total = reduce.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        count = numpy.asarray(numpy.sum(numpy.asarray(sample_weight)), dtype=total._data.dtype)
    else:
        count = numpy.asarray(values._data.size, dtype=total._data.dtype)
    return ew.div(total, count) if count else ew.mul(total, 0.0)     # divide_no_nan


class Loss:
    """keras.losses.Loss: subclasses define call(y_true, y_pred) -> per-sample losses."""

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        if reduction not in _REDUCTIONS:
            raise ValueError("Invalid value for argument `reduction`. Expected one of "
                             f"{_REDUCTIONS}. Received: reduction={reduction}")
        self.name = name or _snake(type(self).__name__)
        self.reduction = reduction
        self._dtype = dtype

    @property
    def dtype(self):
        return self._dtype or "float32"

    def __call__(self, y_true, y_pred, sample_weight=None):
        dt = _dtypes.to_numpy_dtype(self.dtype)
        y_pred = _t(y_pred, _dtypes.FROM_NUMPY[dt])
        y_true = _t(y_true, _dtypes.FROM_NUMPY[dt])
        return _reduce(_t(self.call(y_true, y_pred), _dtypes.FROM_NUMPY[dt]), self.reduction,
                       sample_weight)

    def call(self, y_true, y_pred):
        raise NotImplementedError

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}


def _snake(name):
    out = "".join("_" + c.lower() if c.isupper() else c for c in name)
    return out.lstrip("_")


class LossFunctionWrapper(Loss):
    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn, self._fn_kwargs = fn, kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)


class MeanSquaredError(LossFunctionWrapper):
    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mse, reduction=reduction, name=name, dtype=dtype)


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size",
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, reduction=reduction, name=name,
                         dtype=dtype, from_logits=from_logits, ignore_class=ignore_class)
        self.from_logits = from_logits


class CategoricalCrossentropy(LossFunctionWrapper):
    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits


mse = MSE = mean_squared_error
del mean_squared_error          # Keras 3 exports it as mse / MSE only

_ALL = {"mean_squared_error": mse, "mse": mse, "MSE": mse,
        "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
        "categorical_crossentropy": categorical_crossentropy,
        "MeanSquaredError": MeanSquaredError, "Loss": Loss,
        "SparseCategoricalCrossentropy": SparseCategoricalCrossentropy,
        "CategoricalCrossentropy": CategoricalCrossentropy}


def get(identifier):
    """A loss from a name ('mse', 'sparse_categorical_crossentropy', 'MeanSquaredError' …),
    a Loss instance or a function, as keras.losses.get resolves it."""
    if identifier is None:
        return None
    obj = _ALL.get(identifier) if isinstance(identifier, str) else identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret loss identifier: {identifier}")
