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
from ._functions import (GradientTape, UnconnectedGradients, add, argmax, argmin, cast, concat, constant,
                         convert_to_tensor, cos, exp, math, matmul, multiply, ones, ones_like,
                         range, reduce_max, reduce_mean, reduce_min, reduce_sum, reshape, sin, size, sqrt, stack, stop_gradient,
                         tanh, tensordot, transpose, zeros, zeros_like)
from ._tensor import EagerTensor as Tensor, TensorShape, Variable

tf = sys.modules[__name__]
