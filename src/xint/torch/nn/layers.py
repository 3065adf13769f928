"""torch.nn layers: Linear and LazyLinear, activations, Flatten, Dropout, Identity, Conv2d,
pooling (max, average, adaptive average) and batch normalisation.

Each forward calls torch.nn.functional (or, for linear and adaptive pooling, which that module
does not have, the engine ops with torch's checks and grad_fn names). Default initialisation
draws torch's default distributions from the dialect generator, so torch.manual_seed makes it
repeatable (the numbers are not real torch's; the distributions are).
"""
import math
import warnings

from ... import backend
from ...ops import elementwise as ew
from ...ops import linalg
from ...ops import nn as nn_ops
from ...ops import shape as shape_ops
from .. import _dtypes
from .._elementwise import _generator
from .._tensor import Tensor
from . import functional as F
from .modules import Module
from .parameter import Parameter, UninitializedParameter

__all__ = ["AdaptiveAvgPool2d", "AvgPool2d", "BatchNorm1d", "BatchNorm2d", "Conv2d", "Dropout",
           "Flatten", "Identity", "LazyLinear", "Linear", "MaxPool2d", "ReLU", "Sigmoid",
           "Softmax", "Tanh"]


def _float_dtype(dtype):
    return _dtypes.DEFAULT_FLOAT.np if dtype is None else _dtypes.to_numpy_dtype(dtype)


def _new_parameter(shape, np_dtype):
    return Parameter(Tensor._wrap(backend.xp.empty(shape, dtype=np_dtype)))


def _fill(t, values):
    """Write into a parameter's or buffer's storage in place, outside the graph."""
    t._writable()[...] = values
    t._bump_version()


def _uniform_init(param, fan_in):
    """torch's default for Linear and Conv: kaiming_uniform_(a=sqrt(5)) for weights, whose
    bound works out to 1/sqrt(fan_in), and U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for biases
    (bound 0 when fan_in is 0)."""
    data = param._data
    if data.size == 0:
        warnings.warn("Initializing zero-element tensors is a no-op", UserWarning, stacklevel=4)
        return
    bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
    _fill(param, _generator().uniform(-bound, bound, data.shape, data.dtype))


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


# ----- linear -----
def _linear(input, weight, bias):
    """input @ weight.T + bias with torch's checks and grad_fn names (torch's linear is one
    addmm for 2-d input, a view of one for other ranks)."""
    try:
        x = input._data
    except AttributeError:
        raise TypeError("linear(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}") from None
    w = weight._data
    if x.ndim == 0:
        raise RuntimeError("both arguments to linear need to be at least 1D, but they are 0D "
                           f"and {w.ndim}D")
    if x.dtype != w.dtype:
        lx, lw = _dtypes.FROM_NUMPY[x.dtype]._legacy, _dtypes.FROM_NUMPY[w.dtype]._legacy
        if bias is None:
            raise RuntimeError("expected m1 and m2 to have the same dtype, but got: "
                               f"{_dtypes.CTYPE[lx]} != {_dtypes.CTYPE[lw]}")
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {lx} and {lw}")
    if bias is not None and bias._data.dtype != w.dtype:
        raise RuntimeError("self and mat2 must have the same dtype, but got "
                           f"{_dtypes.FROM_NUMPY[bias._data.dtype]._legacy} and "
                           f"{_dtypes.FROM_NUMPY[w.dtype]._legacy}")
    if x.shape[-1] != w.shape[-1]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                           f"({math.prod(x.shape[:-1])}x{x.shape[-1]} and "
                           f"{w.shape[-1]}x{w.shape[0]})")
    out = linalg.matmul(input, shape_ops.transpose(weight))
    if bias is not None:
        out = ew.add(out, bias)
        name = "AddmmBackward0" if x.ndim == 2 else "ViewBackward0"
    else:
        name = "SqueezeBackward4" if x.ndim == 1 else None
    if name and out.node is not None:
        out.node.label = name
    return out


class Linear(Module):
    """y = x W^T + b, weight (out_features, in_features)."""

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        dt = _float_dtype(dtype)
        self.weight = _new_parameter((out_features, in_features), dt)
        if bias:
            self.bias = _new_parameter((out_features,), dt)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        fan_in = self.weight._data.shape[1]
        _uniform_init(self.weight, fan_in)
        if self.bias is not None:
            _uniform_init(self.bias, fan_in)

    def forward(self, input):
        return _linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, " \
               f"bias={self.bias is not None}"


class LazyLinear(Linear):
    """A Linear whose in_features is read from the first input; then it becomes a Linear."""
    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        Module.__init__(self)
        self.in_features, self.out_features = 0, out_features
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)
        else:
            self.register_parameter("bias", None)

    def has_uninitialized_params(self):
        return any(isinstance(p, UninitializedParameter) for p in self._parameters.values())

    def initialize_parameters(self, input):
        if self.has_uninitialized_params():
            self.in_features = input._data.shape[-1]
            self.weight.materialize((self.out_features, self.in_features))
            if self.bias is not None:
                self.bias.materialize((self.out_features,))
            self.reset_parameters()
        if self.in_features == 0:           # materialised by load_state_dict
            n = self.weight._data.shape[-1]
            if input._data.shape[-1] != n:
                raise AssertionError(f"The in_features inferred from input: "
                                     f"{input._data.shape[-1]} is not equal to in_features "
                                     f"from self.weight: {n}")
            self.in_features = n

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_features:
            Linear.reset_parameters(self)

    def forward(self, input):
        self.initialize_parameters(input)
        self.__class__ = self.cls_to_become
        return _linear(input, self.weight, self.bias)


# ----- activations and reshaping -----
class ReLU(Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Sigmoid(Module):
    def forward(self, input):
        return F.sigmoid(input)


class Tanh(Module):
    def forward(self, input):
        return F.tanh(input)


class Softmax(Module):
    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class Identity(Module):
    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Flatten(Module):
    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        ndim = input._data.ndim
        start, end = F._dim(self.start_dim, ndim), F._dim(self.end_dim, ndim)
        if start > end:
            raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
        if start == end:
            return input
        return input.flatten(start, end)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Dropout(Module):
    """Zeroes elements with probability p in training mode (scaling the rest by 1/(1-p));
    the identity in eval mode."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


# ----- convolution -----
_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class Conv2d(Module):
    """2-d convolution over NCHW input; weight (out, in/groups, kh, kw)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups:
            raise ValueError("out_channels must be divisible by groups")
        stride = _pair(stride)
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                                 "{'valid', 'same'}")
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        else:
            padding = _pair(padding)
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {set(_PADDING_MODES)}, but got "
                             f"padding_mode='{padding_mode}'")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding = _pair(kernel_size), stride, padding
        self.dilation, self.groups, self.padding_mode = _pair(dilation), groups, padding_mode
        dt = _float_dtype(dtype)
        self.weight = _new_parameter((out_channels, in_channels // groups) + self.kernel_size,
                                     dt)
        if bias:
            self.bias = _new_parameter((out_channels,), dt)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        w = self.weight._data.shape
        fan_in = w[1] * w[2] * w[3]
        _uniform_init(self.weight, fan_in)
        if self.bias is not None:
            _uniform_init(self.bias, fan_in)

    def forward(self, input):
        if self.padding_mode != "zeros":
            raise NotImplementedError(f"xint: Conv2d supports padding_mode='zeros', not "
                                      f"{self.padding_mode!r}")
        return F.conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation,
                        self.groups)

    def extra_repr(self):
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, " \
            f"stride={self.stride}"
        if self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


# ----- pooling -----
class MaxPool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input):
        return F.max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, " \
               f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"


class AvgPool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input):
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


def _averaging_matrix(n_in, n_out, np_dtype):
    """(n_out, n_in): row i averages torch's adaptive window i, which runs from
    floor(i * n_in / n_out) to ceil((i + 1) * n_in / n_out)."""
    xp = backend.xp
    i = xp.arange(n_out)
    start = (i * n_in) // n_out
    end = -((-(i + 1) * n_in) // n_out)
    cols = xp.arange(n_in)
    inside = (cols >= start[:, None]) & (cols < end[:, None])
    return (inside / (end - start)[:, None]).astype(np_dtype)


def _adaptive_avg_pool2d(input, output_size):
    shape = input._data.shape
    if len(shape) not in (3, 4):
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                           f"{list(shape)}")
    h, w = shape[-2:]
    oh, ow = (h if s is None else s for s in _pair(output_size))
    if (oh, ow) == (1, 1):                   # torch takes the mean here
        return input.mean((-2, -1), keepdim=True)
    if input._data.dtype.kind != "f":
        raise NotImplementedError('"adaptive_avg_pool2d" not implemented for '
                                  f"'{_dtypes.FROM_NUMPY[input._data.dtype]._legacy}'")
    if h % oh == 0 and w % ow == 0:          # equal windows: an average pool
        k = (h // oh, w // ow)
        out = nn_ops.avg_pool2d(input, kernel_size=k, stride=k, padding=0)
    else:                                    # overlapping windows: A_h @ x @ A_w^T
        dt = input._data.dtype
        out = linalg.matmul(linalg.matmul(_averaging_matrix(h, oh, dt), input),
                            _averaging_matrix(w, ow, dt).T)
    if out.node is not None:
        out.node.label = "AdaptiveAvgPool2DBackward0"
    return out


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed output size (an int, or a pair whose None entries keep the
    input's size)."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return _adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


# ----- batch normalisation -----
class _BatchNorm(Module):
    _ranks = ()

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True,
                 track_running_stats=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dt = _float_dtype(dtype)
        xp = backend.xp
        if affine:
            self.weight = Parameter(Tensor._wrap(xp.ones(num_features, dtype=dt)))
            if bias:
                self.bias = Parameter(Tensor._wrap(xp.zeros(num_features, dtype=dt)))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", Tensor._wrap(xp.zeros(num_features, dtype=dt)))
            self.register_buffer("running_var", Tensor._wrap(xp.ones(num_features, dtype=dt)))
            self.register_buffer("num_batches_tracked",
                                 Tensor._wrap(xp.zeros((), dtype=_dtypes.int64.np)))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def reset_running_stats(self):
        if self.track_running_stats:
            _fill(self.running_mean, 0)
            _fill(self.running_var, 1)
            _fill(self.num_batches_tracked, 0)

    def reset_parameters(self):
        self.reset_running_stats()
        if self.weight is not None:
            _fill(self.weight, 1)
        if self.bias is not None:
            _fill(self.bias, 0)

    def _check_input_dim(self, input):
        ndim = input._data.ndim
        if ndim not in self._ranks:
            ranks = " or ".join(f"{r}D" for r in self._ranks)
            raise ValueError(f"expected {ranks} input (got {ndim}D input)")

    def forward(self, input):
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            _fill(self.num_batches_tracked, self.num_batches_tracked._data + 1)
            if self.momentum is None:        # a cumulative average
                factor = 1.0 / float(self.num_batches_tracked._data)
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        keep = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if keep else None,
                            self.running_var if keep else None, self.weight, self.bias,
                            use_batch, factor, self.eps)

    def extra_repr(self):
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, " \
               f"affine={self.affine}, bias={self.bias is not None}, " \
               f"track_running_stats={self.track_running_stats}"


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) input over every axis but C."""
    _ranks = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) input over every axis but C."""
    _ranks = (4,)
