"""`from xint import tensorflow as xint`: TensorFlow 2's eager API on the xint engine, with
tf.experimental.numpy's NumPy behaviour on (as the book's `np` needs).

xint.tf is the tf namespace (constant, Variable, GradientTape, reduce_sum, …); xint.np is
tf.experimental.numpy.
"""
import sys

from . import errors
from ._random import random
from . import numpy as np
from ._dtypes import DType, bool, float16, float32, float64, int8, int16, int32, int64, uint8
from ._functions import (GradientTape, UnconnectedGradients, abs, add, argmax, argmin, boolean_mask,
                         cast, clip_by_value, concat, constant, convert_to_tensor, cos, cumsum, exp,
                         expand_dims, eye, fill, gather, linalg_ns as linalg, linspace, math,
                         matmul, maximum, minimum, multiply, nn, norm, one_hot, ones, ones_like,
                         pad, pow, range, rank, reduce_all, reduce_any, reduce_max, reduce_mean,
                         reduce_min, reduce_prod, reduce_sum, reshape, reverse, shape, sigmoid,
                         sin, size, split, sqrt, square, squeeze, stack, stop_gradient, tanh,
                         tensordot, tile, transpose, where, zeros, zeros_like)
from ._tensor import EagerTensor as Tensor, TensorShape, Variable

tf = sys.modules[__name__]
