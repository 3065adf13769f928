"""Differential fuzzing of the TensorFlow dialect: random programs of 3-20 ops over leaves that are
tf.Variables, watched constants (tape.watch) or unwatched constants, with tf.stop_gradient, run
under tf.GradientTape in xint and in real TensorFlow (numpy behaviour on, as the dialect assumes),
float64: the forward value and tape.gradient for every leaf (None where unconnected) must agree.

Budget: 300 programs by default; XINT_FUZZ_SCALE / XINT_FUZZ_EXAMPLES / XINT_FUZZ_RANDOM as in
test_fuzz_torch.py. Failures go to regressions.json (dialect "tensorflow").
"""
import numpy
import pytest
from hypothesis import given

from fuzzlib import assert_same, broadcastable, fuzz_settings, load_corpus, programs
from xint.testing import require_framework


def _any(*_):
    return True


def _nd(k):
    return lambda a: len(a) >= k


def _bcast(a, b):
    return broadcastable(a, b)


def _matmul_ok(a, b):
    return len(a) == len(b) >= 2 and a[-1] == b[-2] and a[:-2] == b[:-2]


OPS = {
    "exp": (1, _any, lambda tf, a: tf.exp(tf.tanh(a))),
    "log": (1, _any, lambda tf, a: tf.math.log(a * a + 1.0)),
    "sin": (1, _any, lambda tf, a: tf.sin(a)),
    "cos": (1, _any, lambda tf, a: tf.math.cos(a)),
    "sigmoid": (1, _any, lambda tf, a: tf.sigmoid(a)),
    "relu": (1, _any, lambda tf, a: tf.nn.relu(a + 0.1234)),
    "abs": (1, _any, lambda tf, a: tf.abs(a + 0.1234)),
    "sqrt": (1, _any, lambda tf, a: tf.sqrt(a * a + 0.5)),
    "square": (1, _any, lambda tf, a: tf.square(a)),
    "pow": (1, _any, lambda tf, a: a ** 3),
    "neg": (1, _any, lambda tf, a: -a),
    "scale": (1, _any, lambda tf, a: 0.5 * a - 1.0),
    "rdiv": (1, _any, lambda tf, a: 1.0 / (a * a + 1.0)),
    "clip": (1, _any, lambda tf, a: tf.clip_by_value(a, -0.7, 0.9)),
    "stop_gradient": (1, _any, lambda tf, a: tf.stop_gradient(a)),
    "sum_all": (1, _any, lambda tf, a: tf.reduce_sum(a)),
    "sum0": (1, _nd(1), lambda tf, a: tf.reduce_sum(a, axis=0, keepdims=True)),
    "mean_last": (1, _nd(1), lambda tf, a: tf.reduce_mean(a, axis=-1)),
    "max_last": (1, _nd(1), lambda tf, a: tf.reduce_max(a, axis=-1)),
    "min_all": (1, _any, lambda tf, a: tf.reduce_min(a)),
    "prod": (1, _nd(1), lambda tf, a: tf.reduce_prod(a, axis=0)),
    "cumsum": (1, _nd(1), lambda tf, a: tf.cumsum(a, axis=-1)),
    "softmax": (1, _nd(1), lambda tf, a: tf.nn.softmax(a, axis=-1)),
    "transpose": (1, _any, lambda tf, a: tf.transpose(a)),
    "T": (1, _any, lambda tf, a: a.T),
    "reshape": (1, _any, lambda tf, a: tf.reshape(a, (-1,))),
    "expand_dims": (1, lambda a: len(a) < 4, lambda tf, a: tf.expand_dims(a, 0)),
    "squeeze": (1, _any, lambda tf, a: tf.squeeze(a)),
    "tile": (1, _nd(1), lambda tf, a: tf.tile(a, [2] + [1] * (len(a.shape) - 1))),
    "reverse": (1, _nd(1), lambda tf, a: tf.reverse(a, axis=[0])),
    "idx_slice": (1, _nd(1), lambda tf, a: a[..., :1]),
    "idx_int": (1, _nd(1), lambda tf, a: a[0]),
    "idx_step": (1, _nd(1), lambda tf, a: a[::2]),
    "gather": (1, _nd(1), lambda tf, a: tf.gather(a, [0, a.shape[0] - 1, 0])),
    "add": (2, _bcast, lambda tf, a, b: a + b),
    "sub": (2, _bcast, lambda tf, a, b: tf.subtract(a, b) if hasattr(tf, "subtract") else a - b),
    "mul": (2, _bcast, lambda tf, a, b: tf.multiply(a, b)),
    "div": (2, _bcast, lambda tf, a, b: a / (b * b + 1.0)),
    "maximum": (2, _bcast, lambda tf, a, b: tf.maximum(a, b + 0.0123)),
    "minimum": (2, _bcast, lambda tf, a, b: tf.minimum(a, b + 0.0123)),
    "where": (2, _bcast, lambda tf, a, b: tf.where(a > b + 0.0123, a, b)),
    "matmul": (2, _matmul_ok, lambda tf, a, b: tf.matmul(a, b)),
    "matmul_t": (2, lambda a, b: len(a) == len(b) == 2 and a[-1] == b[-1],
                 lambda tf, a, b: tf.matmul(a, tf.transpose(b))),
    "tensordot": (2, lambda a, b: len(a) >= 1 and len(b) >= 1 and a[-1] == b[0],
                  lambda tf, a, b: tf.tensordot(a, b, axes=1)),
    "concat": (2, lambda a, b: len(a) == len(b) >= 1 and a[1:] == b[1:],
               lambda tf, a, b: tf.concat([a, b], axis=0)),
    "stack": (2, lambda a, b: a == b, lambda tf, a, b: tf.stack([a, b], axis=-1)),
}

SHAPES = [(), (4,), (3, 4), (1, 4), (3, 1), (2, 3, 4), (2, 1, 4), (4, 4)]
FLAGS = ["variable", "watched", "constant"]


def run(tf, program):
    rng = numpy.random.default_rng(program["seed"])
    data = [rng.uniform(-1.5, 1.5, size=tuple(s)) for s, _ in program["leaves"]]
    leaves = [tf.Variable(x, dtype=tf.float64) if kind == "variable"
              else tf.constant(x, dtype=tf.float64) for x, (_, kind) in zip(data, program["leaves"])]
    try:
        with tf.GradientTape(persistent=False) as tape:
            for x, (_, kind) in zip(leaves, program["leaves"]):
                if kind == "watched":
                    tape.watch(x)
            values = list(leaves)
            for name, i, j in program["steps"]:
                arity, guard, fn = OPS[name]
                a, b = values[-1 - i % len(values)], values[-1 - j % len(values)]
                shapes = ((tuple(a.shape),) if arity == 1 else (tuple(a.shape), tuple(b.shape)))
                if program.get("unguarded") or guard(*shapes):
                    values.append(fn(tf, a) if arity == 1 else fn(tf, a, b))
            out = values[-1]
            weight = tf.constant(rng.uniform(0.5, 1.5, size=tuple(out.shape)), dtype=tf.float64)
            total = tf.reduce_sum(out * weight)
        # every leaf is a source: an unwatched constant's gradient is None in TF
        grads = tape.gradient(total, leaves)
    except Exception as e:      # noqa: BLE001 - both must raise the same type
        return ("raises", type(e).__name__, str(e))
    # tf.gather's gradient is IndexedSlices in TF (dense in xint): compare the dense values
    return (numpy.array(out),
            [None if g is None else numpy.array(tf.convert_to_tensor(g)) for g in grads])


def real_tf():
    import tensorflow as tf
    tf.experimental.numpy.experimental_enable_numpy_behavior()
    return tf


def check(program):
    require_framework("tensorflow")
    from xint.tensorflow import tf as xtf
    assert_same(run(xtf, program), run(real_tf(), program))


@pytest.mark.conformance
@pytest.mark.filterwarnings("error::RuntimeWarning")     # NumPy warnings the framework never gives
@fuzz_settings(300)
@given(programs(OPS, SHAPES, FLAGS, max_steps=20))
def test_random_programs_match_tensorflow(program):
    check(program)


@pytest.mark.conformance
@pytest.mark.parametrize("program", load_corpus("tensorflow"))
def test_tensorflow_regressions(program):
    check(program)
