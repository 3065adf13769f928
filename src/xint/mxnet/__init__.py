"""`from xint import mxnet as xint`: MXNet 1.9.1's NumPy interface (npx.set_np()) on the xint engine.

xint.np is mxnet.numpy, xint.npx is mxnet.npx, xint.autograd is mxnet.autograd, xint.gluon is
mxnet.gluon and xint.init is mxnet.init.
"""
from . import autograd, npx
from . import gluon, init
from . import numpy as np
from .base import MXNetError

__all__ = ["np", "npx", "autograd", "gluon", "init", "MXNetError"]

# the D2L book helpers; with XINT_ENGINE=framework the names above are rebound to real MXNet
from . import _book
from ._book import *  # noqa: F401,F403 - _book lists its names in __all__
__all__ += _book.__all__
if _book.FRAMEWORK:
    globals().update(_book.framework_namespace())
