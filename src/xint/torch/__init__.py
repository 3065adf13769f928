"""`from xint import torch as xint`: PyTorch's API on the xint engine.

`xint.torch` is this namespace (torch.tensor, torch.arange, torch.no_grad, torch.autograd, …);
`xint.np` is the same namespace with the NumPy-style aliases books use (array, concatenate, pi).
"""
import sys
import types

from . import autograd, nn, optim, utils
from ._serialization import load, save
from ._elementwise import *  # noqa: F401,F403 - each module lists its names in __all__
from ._reductions import *  # noqa: F401,F403
from ._dtypes import (Size, bool, complex64, complex128, double, dtype, float, float16, float32,
                      float64, half, int, int8, int16, int32, int64, long, short, uint8)
from ._functions import (FloatTensor, LongTensor, add, arange, as_tensor, broadcast_to, cat, chunk, concat, concatenate,
                         cos, device, div, dot, e, empty, enable_grad, eq, exp, flatten, flip,
                         from_numpy, gather, get_default_dtype, inference_mode, is_grad_enabled,
                         is_tensor, log, matmul, mean, mm, mul, mv, neg, no_grad, numel, ones,
                         ones_like, permute, pi, pow, reshape, set_grad_enabled, sin, split, sqrt,
                         squeeze, stack, sub, sum, swapaxes, t, tanh, tensor, tile, transpose,
                         unbind, unsqueeze, where, zeros, zeros_like)
from ._tensor import Tensor, accepts_numpy_names as _accepts_numpy_names
from .nn import functional as _F


def _needs_dim(f):
    """torch.softmax/log_softmax (and the methods): F's function with dim required, axis= taken."""
    f = _accepts_numpy_names(f)

    def wrapper(input, dim=_F._REQUIRED, dtype=None, **kwargs):
        if dim is _F._REQUIRED and "dim" not in kwargs and "axis" not in kwargs:
            raise TypeError(f'{f.__name__}() missing 1 required positional arguments: "dim"')
        if dim is not _F._REQUIRED:
            kwargs["dim"] = dim
        return f(input, dtype=dtype, **kwargs)
    wrapper.__name__ = f.__name__
    return wrapper


softmax, log_softmax = _needs_dim(_F.softmax), _needs_dim(_F.log_softmax)
Tensor.softmax, Tensor.log_softmax = softmax, log_softmax

# no CUDA in xint's NumPy engine (a CuPy backend is the GPU path)
cuda = types.SimpleNamespace(is_available=lambda: False, device_count=lambda: 0)

# `xint.torch` is torch's namespace alone: the book helpers below (softmax, sgd, …) live in this
# package beside it, as d2l's do beside real torch, so they never shadow torch.softmax & co.
_TORCH_NAMES = {k: v for k, v in globals().items() if not k.startswith("_")
                and k not in ("sys", "types")}
torch = types.ModuleType("xint.torch", "PyTorch's namespace on the xint engine.")
torch.__dict__.update(_TORCH_NAMES)

np = types.ModuleType("xint.torch.np", "The torch namespace with NumPy-style aliases.")
np.__dict__.update(_TORCH_NAMES)
np.array = tensor
np.concatenate = cat

# the D2L book helpers; with XINT_ENGINE=framework the names above are rebound to real PyTorch
from . import _book
from ._book import *  # noqa: F401,F403 - _book lists its names in __all__
if _book.FRAMEWORK:
    globals().update(_book.framework_namespace())
