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
from ._tensor import Tensor

torch = sys.modules[__name__]
# no CUDA in xint's NumPy engine (a CuPy backend is the GPU path)
cuda = types.SimpleNamespace(is_available=lambda: False, device_count=lambda: 0)

np = types.ModuleType("xint.torch.np", "The torch namespace with NumPy-style aliases.")
np.__dict__.update({k: v for k, v in globals().items() if not k.startswith("_")
                    and k not in ("sys", "types", "np", "torch")})
np.array = tensor
np.concatenate = cat
