"""`from xint import tensorflow as xint`: TensorFlow 2's eager API on the xint engine, with
tf.experimental.numpy's NumPy behaviour on (as the book's `np` needs).

xint.tf is the tf namespace (constant, Variable, GradientTape, reduce_sum, …); xint.np is
tf.experimental.numpy.
"""
import sys
import types

from . import errors, data, image
from ._device import config, device, distribute
from ._random import random
from . import numpy as np
from ._dtypes import DType, bool, float16, float32, float64, int8, int16, int32, int64, uint8
from ._functions import (GradientTape, UnconnectedGradients, abs, add, add_n, argmax, argmin, boolean_mask,
                         cast, clip_by_value, concat, constant, convert_to_tensor, cos, cumsum, exp,
                         expand_dims, eye, fill, gather, linalg_ns as linalg, linspace, math,
                         matmul, maximum, minimum, multiply, nn, norm, one_hot, ones, ones_like,
                         pad, pow, range, rank, reduce_all, reduce_any, reduce_max, reduce_mean,
                         reduce_min, reduce_prod, reduce_sum, reshape, reverse, shape, sigmoid,
                         sin, size, split, sqrt, square, squeeze, stack, stop_gradient, tanh,
                         tensordot, tile, transpose, where, zeros, zeros_like)
from ._functions import Function as _Function, function, subtract
from ._tensor import EagerTensor as Tensor, TensorShape, Variable
from .data import TensorSpec
from . import keras
from .keras import datasets as _kd, losses, optimizers   # noqa: F401 - tf.keras.<sub> reachable

newaxis = None


def __getattr__(name):
    """TF's aliases of keras initializers, resolved when first used."""
    aliases = {"random_normal_initializer": "RandomNormal", "zeros_initializer": "Zeros",
               "ones_initializer": "Ones", "constant_initializer": "Constant",
               "initializers": None}
    if name in aliases:
        init = keras.initializers
        return init if aliases[name] is None else getattr(init, aliases[name])
    raise AttributeError(f"module 'tensorflow' has no attribute '{name}'")

# `xint.tf` is TensorFlow's namespace alone: the book helpers below live in this package beside
# it, as d2l's do beside real tensorflow, so `tf` gains no names real TF lacks.
tf = types.ModuleType("xint.tensorflow", "TensorFlow's namespace on the xint engine.")
tf.__dict__.update({k: v for k, v in globals().items()
                    if (not k.startswith("_") or k == "__getattr__") and k not in ("sys", "types")})

# the D2L book helpers; with XINT_ENGINE=framework the names above are rebound to real TensorFlow
from . import _book  # noqa: E402
from ._book import *  # noqa: E402,F401,F403 - _book lists its names in __all__
if _book.FRAMEWORK:
    globals().update(_book.framework_namespace())
