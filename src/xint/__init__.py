"""xint: D2L-style deep learning in the idioms of MXNet, TensorFlow and PyTorch, on one NumPy
autograd engine.

    from xint import torch as xint        # or: mxnet / tensorflow
    from xint import utils

The dialects load lazily, so importing xint costs only NumPy. The engine's own, dialect-neutral
derivatives are here too: xint.grad, xint.jacobian, xint.hessian, xint.vjp.
"""
import importlib

from .functional import grad, hessian, jacobian, vjp

__version__ = "0.1.0"
__all__ = ["grad", "hessian", "jacobian", "vjp", "torch", "tensorflow", "mxnet", "utils"]

_LAZY = {"torch", "tensorflow", "mxnet", "utils"}


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'xint' has no attribute {name!r}")
