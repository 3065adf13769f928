"""torch.nn.init: fill a tensor in place from a distribution or with a constant.

Every initialiser writes into the tensor's storage outside the graph (as torch does under
no_grad, so it works on parameters that require grad), bumps its version and returns the tensor.
Draws come from the dialect generator: `torch.manual_seed` makes them repeatable (they are not
the numbers real torch draws; the distributions are the same).
"""
import math
import warnings

from .. import _dtypes
from .._elementwise import _float_dtype, _generator

__all__ = ["calculate_gain", "uniform_", "normal_", "constant_", "ones_", "zeros_",
           "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_"]

_LINEAR_FNS = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
               "conv_transpose3d", "sigmoid")


def _write(tensor, values):
    """Overwrite the tensor's data in place (views of it see the change) and bump its version."""
    tensor._writable()[...] = values
    tensor._bump_version()
    return tensor


def _draw_dtype(tensor, kernel):
    """The tensor's NumPy dtype; torch's NotImplementedError for non-floating tensors."""
    return _float_dtype(_dtypes.FROM_NUMPY[tensor._data.dtype], kernel)


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    dt = _draw_dtype(tensor, "check_uniform_bounds")
    return _write(tensor, _generator(generator).uniform(a, b, tensor._data.shape, dt))


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    dt = _draw_dtype(tensor, "normal_kernel_cpu")
    return _write(tensor, _generator(generator).normal(mean, std, tensor._data.shape, dt))


def constant_(tensor, val):
    return _write(tensor, getattr(val, "_data", val))      # a number or a 0-d tensor


def ones_(tensor):
    return _write(tensor, 1)


def zeros_(tensor):
    return _write(tensor, 0)


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity (its torch.nn.functional name)."""
    if nonlinearity in _LINEAR_FNS:
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, float) or (isinstance(param, int) and not isinstance(param, bool)):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    """(fan_in, fan_out) of a weight laid out as torch's layers do: (out, in, *kernel)."""
    shape = tuple(tensor.shape)
    if len(shape) < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 "
                         "dimensions")
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def xavier_uniform_(tensor, gain=1.0, generator=None):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def _kaiming_std(tensor, a, mode, nonlinearity):
    """The He std, or None (after torch's warning) for a tensor with no elements."""
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return None
    return calculate_gain(nonlinearity, a) / math.sqrt(_calculate_correct_fan(tensor, mode))


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    return normal_(tensor, 0.0, std, generator)
