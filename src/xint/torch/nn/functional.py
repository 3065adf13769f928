"""torch.nn.functional: activations, softmax, losses, dropout, conv2d, pooling and batch norm.

Thin adapters over the engine's nn primitives (xint.ops.nn): PyTorch's signatures, argument
checks and error texts, result dtypes, and the grad_fn names real torch shows. Dropout masks come
from the dialect's generator, so torch.manual_seed makes them repeatable.
"""
import builtins
import warnings
from sys import getrefcount

import numpy

from ...core.refs import REUSE_TEMPORARIES
from ...ops import elementwise as ew
from ...ops import nn as nn_ops
from ...ops import shape as shape_ops
from .. import _dtypes, _elementwise, _functions
from .._tensor import _broadcast_error, _operands

__all__ = ["avg_pool2d", "batch_norm", "conv2d", "cross_entropy", "dropout", "log_softmax",
           "max_pool2d", "mse_loss", "nll_loss", "one_hot", "pad", "relu", "sigmoid", "softmax",
           "tanh"]


def _named(out, name):
    """Give a result torch's grad_fn name for the op (the engine's last node is often a mul or a
    sum that torch fuses into one kernel)."""
    if out.node is not None:
        out.node.label = name
    return out


def _legacy(t):
    return _dtypes.FROM_NUMPY[t._data.dtype]._legacy


def _dim(dim, ndim):
    """A dimension index checked as torch checks it (a 0-d tensor has dimensions -1 and 0)."""
    n = builtins.max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim % n


def _reduction(reduction):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _no_legacy_reduction(size_average, reduce):
    if size_average is not None or reduce is not None:
        raise NotImplementedError("xint: size_average/reduce are deprecated in torch; use "
                                  "reduction='mean' | 'sum' | 'none'")


# ----- activations (torch's own functions) -----
def relu(input, inplace=False):
    temporary = REUSE_TEMPORARIES and getrefcount(input) == 2    # (core.refs; before any call)
    if inplace:
        return input.relu_()
    return _elementwise._relu(input, temporary)


sigmoid = _elementwise.sigmoid
tanh = _functions.tanh


# ----- softmax family -----
def _softmax_like(prim, kernel, name, input, dim, dtype):
    if dim is None:
        warnings.warn(f"Implicit dimension choice for {kernel} has been deprecated. Change the "
                      "call to include dim=X as an argument.", UserWarning, stacklevel=3)
        dim = 0 if input._data.ndim in (0, 1, 3) else 1
    axis = _dim(dim, input._data.ndim)
    if dtype is not None:
        input = ew.cast(input, _dtypes.to_numpy_dtype(dtype))
    if input._data.dtype.kind not in "f":
        where = "lastdim_" if axis == builtins.max(input._data.ndim - 1, 0) else ""
        raise NotImplementedError(f'"{kernel}_{where}kernel_impl" not implemented for '
                                  f"'{_legacy(input)}'")
    if input._data.ndim == 0:
        return _named(shape_ops.reshape(prim(shape_ops.reshape(input, (1,)), axis=0), ()), name)
    return _named(prim(input, axis=axis), name)


_REQUIRED = object()      # torch.softmax's dim has no default (F.softmax's has)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    return _softmax_like(nn_ops.softmax, "softmax", "SoftmaxBackward0", input, dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    return _softmax_like(nn_ops.log_softmax, "log_softmax", "LogSoftmaxBackward0", input, dim,
                         dtype)


# ----- losses -----
def _class_targets(input, target):
    """The raw integer labels of a class-index target, checked as torch's nll_loss checks them."""
    if target._data.dtype not in (numpy.int64, numpy.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_legacy(target)}")
    if input._data.ndim >= 2 and target._data.ndim >= 1 and \
            input._data.shape[0] != target._data.shape[0]:
        raise ValueError(f"Expected input batch_size ({input._data.shape[0]}) to match target "
                         f"batch_size ({target._data.shape[0]}).")
    return target._data.astype(numpy.intp, copy=False)


def _check_bounds(labels, n_classes, ignore_index):
    """Raise torch's error for a label out of range. Returns ignore_index, or None where no label
    can equal it (the loss then needs no mask)."""
    if shape_ops.labels_within(labels, n_classes):       # the common case
        return ignore_index if ignore_index is not None and 0 <= ignore_index < n_classes else None
    bad = (labels < 0) | (labels >= n_classes)
    if ignore_index is not None:
        bad &= labels != ignore_index
    if bad.any():
        raise IndexError(f"Target {labels[bad].flat[0]} is out of bounds.")
    return ignore_index


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    if weight is not None:
        raise NotImplementedError("xint: class weights are not supported in nll_loss yet")
    _no_legacy_reduction(size_average, reduce)
    labels = _class_targets(input, target)
    axis = 1 if input._data.ndim >= 2 else 0
    ignore_index = _check_bounds(labels, input._data.shape[axis], ignore_index)
    out = nn_ops.nll(input, labels, axis=axis, reduction=_reduction(reduction),
                     ignore_index=ignore_index)
    return _named(out, "NllLossBackward0")


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    if weight is not None:
        raise NotImplementedError("xint: class weights are not supported in cross_entropy yet")
    _no_legacy_reduction(size_average, reduce)
    reduction = _reduction(reduction)
    axis = 1 if input._data.ndim >= 2 else 0
    if target._data.shape == input._data.shape:          # class probabilities
        if target._data.dtype.kind != "f":
            raise RuntimeError("Expected floating point type for target with class "
                               f"probabilities, got {_legacy(target)}")
        out = nn_ops.cross_entropy(input, target._data, axis=axis, reduction=reduction,
                                   label_smoothing=label_smoothing)
        return _named(out, "DivBackward1" if reduction == "mean" else "NegBackward0")
    labels = _class_targets(input, target)
    ignore_index = _check_bounds(labels, input._data.shape[axis], ignore_index)
    out = nn_ops.cross_entropy(input, labels, axis=axis, reduction=reduction,
                               ignore_index=ignore_index, label_smoothing=label_smoothing)
    return _named(out, "AddBackward0" if label_smoothing else "NllLossBackward0")


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    if weight is not None:
        raise NotImplementedError("xint: weight is not supported in mse_loss yet")
    _no_legacy_reduction(size_average, reduce)
    if target._data.shape != input._data.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=2)
    x, y = _operands(input, target)
    try:
        out = nn_ops.mse(x, y, reduction=_reduction(reduction))
    except ValueError:
        err = _broadcast_error(x, y)
        if err is None:
            raise
        raise err from None
    return _named(out, "MseLossBackward0")


def one_hot(tensor, num_classes=-1):
    if tensor._data.dtype != numpy.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    labels = tensor._data
    if num_classes == -1:
        if labels.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(labels.max()) + 1
    if labels.size and labels.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if labels.size and labels.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return nn_ops.one_hot(tensor, num_classes, dtype=numpy.int64)


def dropout(input, p=0.5, training=True, inplace=False):
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    keep = None if p == 1 else \
        _elementwise._generator().uniform(0.0, 1.0, input._data.shape, numpy.float32) < 1 - p
    return nn_ops.dropout(input, keep, p)


# ----- convolution and pooling -----
def _same_dtype(input, weight, bias):
    if weight._data.dtype != input._data.dtype:
        if input._data.dtype == numpy.float32:
            raise RuntimeError(f"Input type (torch.{_legacy(input)}Tensor) and weight type "
                               f"(torch.{_legacy(weight)}Tensor) should be the same or input "
                               "should be a MKLDNN tensor and weight is a dense tensor")
        raise RuntimeError(f"expected scalar type {_legacy(input)} but found {_legacy(weight)}")
    if bias is not None and bias._data.dtype != input._data.dtype:
        raise RuntimeError(f"Input type ({_dtypes.CTYPE[_legacy(input)]}) and bias type "
                           f"({_dtypes.CTYPE[_legacy(bias)]}) should be the same")


def _check_conv(input, weight, bias, stride, padding, dilation, groups):
    shape, wshape = list(input._data.shape), list(weight._data.shape)
    if len(shape) not in (3, 4):
        raise RuntimeError("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got "
                           f"input of size: {shape}")
    if len(wshape) != 4:
        raise RuntimeError(f"xint: conv2d expects a 4-d weight, got size {wshape}")
    _same_dtype(input, weight, bias)
    if len(shape) == 3:
        shape = [1] + shape
    if wshape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{wshape}] instead")
    if shape[1] != wshape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {wshape}, expected "
                           f"input{shape} to have {wshape[1] * groups} channels, but got "
                           f"{shape[1]} channels instead")
    if bias is not None and tuple(bias._data.shape) != (wshape[0],):
        raise RuntimeError(f"Given weight of size {wshape}, expected bias to be 1-dimensional "
                           f"with {wshape[0]} elements, but got bias of size "
                           f"{list(bias._data.shape)} instead")
    if padding == "same" and nn_ops._pair(stride) != (1, 1):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    pads = nn_ops._conv_padding(padding, wshape[2:], nn_ops._pair(dilation))
    padded = [n + a + b for n, (a, b) in zip(shape[2:], pads)]
    kernel = [d * (k - 1) + 1 for k, d in zip(wshape[2:], nn_ops._pair(dilation))]
    if any(k > n for k, n in zip(kernel, padded)):
        raise RuntimeError(f"Calculated padded input size per channel: ({padded[0]} x "
                           f"{padded[1]}). Kernel size: ({kernel[0]} x {kernel[1]}). Kernel size "
                           "can't be greater than actual input size")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    _check_conv(input, weight, bias, stride, padding, dilation, groups)
    params = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    if input._data.ndim == 3:               # unbatched: torch adds the batch axis and drops it
        out = nn_ops.conv2d(shape_ops.reshape(input, (1,) + input._data.shape), weight, bias,
                            **params)
        _named(out, "ConvolutionBackward0")
        return _named(shape_ops.reshape(out, out._data.shape[1:]), "SqueezeBackward1")
    return _named(nn_ops.conv2d(input, weight, bias, **params), "ConvolutionBackward0")


def _check_pool(input, kernel_size, stride, padding, dilation):
    if input._data.ndim not in (3, 4) or input._data.size == 0:
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    kernel = nn_ops._pair(kernel_size)
    stride = kernel if stride is None or stride == [] else nn_ops._pair(stride)
    pads, dils = nn_ops._pair(padding), nn_ops._pair(dilation)
    for p, k, d in zip(pads, kernel, dils):
        if p > (d * (k - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    c, h, w = input._data.shape[-3:]
    out = [(n + 2 * p - d * (k - 1) - 1) // s + 1
           for n, p, d, k, s in zip((h, w), pads, dils, kernel, stride)]
    if builtins.min(out) < 1:
        raise RuntimeError(f"Given input size: ({c}x{h}x{w}). Calculated output size: "
                           f"({c}x{out[0]}x{out[1]}). Output size is too small")
    return stride


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    if ceil_mode or return_indices:
        raise NotImplementedError("xint: max_pool2d with ceil_mode or return_indices")
    stride = _check_pool(input, kernel_size, stride, padding, dilation)
    out = nn_ops.max_pool2d(input, kernel_size=kernel_size, stride=stride, padding=padding,
                            dilation=dilation)
    return _named(out, "MaxPool2DWithIndicesBackward0")


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    if ceil_mode or not count_include_pad or divisor_override is not None:
        raise NotImplementedError("xint: avg_pool2d with ceil_mode, count_include_pad=False or "
                                  "divisor_override")
    stride = _check_pool(input, kernel_size, stride, padding, 1)
    out = nn_ops.avg_pool2d(input, kernel_size=kernel_size, stride=stride, padding=padding)
    if out._data.dtype != input._data.dtype:      # integer input: torch truncates the means
        out = ew.cast(out, input._data.dtype)
    return _named(out, "AvgPool2DBackward0")


# ----- batch normalisation -----
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-05):
    shape = input._data.shape
    channels = shape[1] if len(shape) > 1 else shape[0]
    for name, stat in (("running_mean", running_mean), ("running_var", running_var)):
        if stat is not None and stat._data.size != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {stat._data.size}")
    if not training:
        if running_mean is None:
            raise RuntimeError("running_mean must be defined in evaluation mode")
        if running_var is None:
            raise RuntimeError("running_var must be defined in evaluation mode")
        out = nn_ops.batch_norm_eval(input, running_mean, running_var, weight, bias, eps=eps)
        return _named(out, "NativeBatchNormBackward0")
    count = input._data.size // channels
    if count <= 1:
        raise ValueError("Expected more than 1 value per channel when training, got input size "
                         f"{input.shape}")
    out, mean, var = nn_ops.batch_norm_train(input, weight, bias, eps=eps)
    # NOTE: torch updates the running statistics in place, outside the graph, with the unbiased
    # variance; the tensors keep their identity (and their version, as in torch).
    if running_mean is not None:
        _blend(running_mean, mean._data, momentum)
    if running_var is not None:
        _blend(running_var, var._data * (count / (count - 1)), momentum)
    return _named(out, "NativeBatchNormBackward0")


def _blend(running, batch, momentum):
    data = running._data
    data *= 1 - momentum
    data += momentum * batch.reshape(data.shape)


def pad(input, pad, mode="constant", value=None):
    """Constant padding; `pad` lists (before, after) pairs starting from the last dimension."""
    if mode != "constant":
        raise NotImplementedError(f"xint's F.pad supports mode='constant', not {mode!r}")
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    pairs = [(pad[i], pad[i + 1]) for i in range(0, len(pad), 2)]
    width = [(0, 0)] * (input.dim() - len(pairs)) + pairs[::-1]
    out = shape_ops.pad(input, tuple(width), value=0 if value is None else value)
    return _named(out, "ConstantPadNdBackward0")
