"""GradientTape in full (persistent, watch, stop_recording, reset, structures of sources and
targets, output_gradients, unconnected_gradients, jacobian, batch_jacobian, nested tapes), plus
tf.stop_gradient, tf.function and Variable's assign reprs, cell by cell against real TF 2.21."""
import logging

import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}

SETUP = ("x = tf.Variable([1., 2.])\nc = tf.constant([[1., 2.], [3., 4.]])\n"
         "with tf.GradientTape(persistent=True) as t:\n    t.watch(c)\n    y = c * c * x\n"
         "    s = tf.reduce_sum(y)\nz = tf.Variable(3.)", {})

CELLS = [
    SETUP,
    ("t.gradient(y, x), t.gradient(s, c)", {}),
    ("t.gradient(y, [x, c]), t.gradient(y, (x,)), t.gradient(y, {'a': x, 'b': [c]})", {}),
    ("t.gradient([y, s], x), t.gradient({'p': y, 'q': (s,)}, x)", {}),
    ("t.gradient(y, z), t.gradient(y, [z, x])", {}),
    ("t.gradient(y, z, unconnected_gradients='zero'), "
     "t.gradient(y, [z], unconnected_gradients=tf.UnconnectedGradients.ZERO), "
     "t.gradient(y, z, unconnected_gradients=tf.UnconnectedGradients.NONE)", {}),
    ("t.gradient(y, z, unconnected_gradients='foo')", {}),
    ("tf.UnconnectedGradients.ZERO, str(tf.UnconnectedGradients.NONE)", {}),
    ("t.gradient(y, tf.constant(1))", {}),
    ("t.gradient(y, 3.0)", {}),
    ("t.gradient(y, x, output_gradients=tf.constant([[1., 10.], [0., 1.]]))", {}),
    ("t.jacobian(y, x)", {}),
    ("t.jacobian(s, [x, c])", {}),
    ("t.batch_jacobian(y, c)", {}),
    ("t.jacobian(y, z), t.jacobian(y, z, unconnected_gradients='zero')", {}),
    # non-persistent tapes: one use only, the same RuntimeError for gradient and jacobian
    ("with tf.GradientTape() as t1:\n    w = x * x\ng = t1.gradient(w, x)\nt1.gradient(w, x)", {}),
    ("t1.jacobian(w, x)", {}),
    ("with tf.GradientTape() as t1:\n    w = x * x\n    g = t1.gradient(w, x)\ng", {}),
    ("tf.GradientTape().gradient(tf.constant(1.), x)", {}),
    # what gets watched
    ("with tf.GradientTape(watch_accessed_variables=False) as t2:\n    w = x * x\n"
     "t2.gradient(w, x), t2.watched_variables()", {}),
    ("with tf.GradientTape(watch_accessed_variables=False) as t2:\n    t2.watch(x)\n    w = x * x\n"
     "t2.gradient(w, x), len(t2.watched_variables())", {}),
    ("with tf.GradientTape() as t2:\n    w = x * x\nt2.watched_variables()[0] is x", {}),
    ("with tf.GradientTape() as t2:\n    t2.watch(3.0)", {}),
    ("with tf.GradientTape() as t2:\n    q = tf.constant(2.)\n    w = q * q\nt2.gradient(w, q)", {}),
    ("with tf.GradientTape() as t2:\n    q = tf.constant(2.)\n    t2.watch(q)\n    w = q * q\n"
     "t2.gradient(w, q)", {}),
    ("i = tf.Variable([1, 2])\nwith tf.GradientTape() as t2:\n    w = i * 2\nt2.gradient(w, i)", {}),
    ("with tf.GradientTape() as t2:\n    with t2.stop_recording():\n        w = x * x\n"
     "    u = x * 2\nt2.gradient(w, x)", {}),
    ("with tf.GradientTape() as t2:\n    with t2.stop_recording():\n        w = x * x\n"
     "    u = x * 2\nt2.gradient(u, x)", {}),
    ("with tf.GradientTape() as t2:\n    pass\nt2.stop_recording().__enter__()", {}),
    ("with tf.GradientTape() as t2:\n    w = x * x\n    t2.reset()\n    u = x * 3\nt2.gradient(u, x)",
     {}),
    ("with tf.GradientTape(persistent=True) as t2:\n    w = x * x\n    t2.reset()\n"
     "t2.watched_variables(), t2.gradient(w, x)", {}),
    # higher order: nested tapes, and a persistent tape used inside its context
    ("with tf.GradientTape() as o:\n    with tf.GradientTape() as i1:\n        w = x ** 3\n"
     "    d = i1.gradient(w, x)\no.gradient(d, x)", {}),
    ("a = tf.Variable(0.5)\nwith tf.GradientTape() as o:\n    with tf.GradientTape() as i1:\n"
     "        w = tf.sin(a)\n    d = i1.gradient(w, a)\no.gradient(d, a)", APPROX),
    ("with tf.GradientTape(persistent=True) as p:\n    w = x * x\n    d = p.gradient(w, x)\n"
     "    e = tf.reduce_sum(d * d)\np.gradient(e, x)", {}),
    # stop_gradient
    ("with tf.GradientTape() as t3:\n    w = tf.stop_gradient(x * x) + x\nt3.gradient(w, x)", {}),
    ("tf.stop_gradient(x), tf.stop_gradient([1., 2.])", {}),
    # tf.function runs the Python function
    ("@tf.function\ndef f(a):\n    return a * 2\nf(tf.constant(2.))", {}),
    ("@tf.function(jit_compile=False)\ndef f2(a):\n    return a * 3\nf2(tf.constant(2.)), "
     "tf.function(lambda a: a + 1)(tf.constant(1.))", {}),
    ("with tf.GradientTape() as t4:\n    w = f(x)\nt4.gradient(w, x)", {}),
    ("f.python_function(3)", {}),
    # assign and friends: an UnreadVariable, or None with read_value=False
    ("v = tf.Variable([1., 2.])\nv.assign([3., 4.])", {}),
    ("v.assign_add([1., 1.]), v.assign_sub([0.5, 0.5]), v", {}),
    ("v.assign([0., 0.], read_value=False), v", {}),
    ("v.assign([1., 2., 3.])", {}),
    ("v.assign([9., 9.]) + 1, v", {}),
    ("v.trainable, tf.Variable(1., trainable=False).trainable, tf.Variable(1., name='w').name", {}),
    # assign_add/assign_sub change the variable, never a value read from it before
    ("v3 = tf.Variable([1., 2.])\nr = v3.read_value()\nc3 = tf.convert_to_tensor(v3)\n"
     "v3.assign_sub([1., 1.])\nv3.assign_add([0.25, 0.25])\nr, c3, v3, v3 + 0", {}),
    ("v3.assign_sub(tf.constant([1., 1.]))\nv3.assign_add(v3)\nv3.assign_sub(2.)\nv3", {}),
    ("v4 = tf.Variable([1., 2.])\nwith tf.GradientTape() as t9:\n    w = v4 * v4\n"
     "    v4.assign_sub([1., 1.])\n    w = w * v4\nt9.gradient(w, v4), w, v4", {}),
    ("v4.assign_sub([[1., 1.]])", {}),
    ("v4.assign_add(1.)", {}),
    ("v4.assign_add(tf.constant([1., 1.], dtype=tf.float64))", {}),
    # a variable's gradient sums over all its reads; each read keeps the value it read
    ("u = tf.Variable([1., 2.])\nwith tf.GradientTape() as t5:\n    w = u * 3.\n"
     "    u.assign([10., 20.])\n    w = w * u + tf.reduce_sum(u) * u\nt5.gradient(w, u)", {}),
    ("with tf.GradientTape(watch_accessed_variables=False) as t6:\n    w = u * u\n"
     "    t6.watch(u)\n    w = w * u\nt6.gradient(w, u), t6.watched_variables()", {}),
    ("with tf.GradientTape() as t7:\n    with t7.stop_recording():\n        w = u * 2.\n"
     "    w = w * u\nt7.gradient(w, u)", {}),
    ("with tf.GradientTape(persistent=True) as p2:\n    w = u * u\n    q = tf.reduce_sum(u)\n"
     "p2.gradient(w, u), p2.gradient(q, [u, u]), p2.jacobian(w, u)", {}),
    ("with tf.GradientTape() as o2:\n    with tf.GradientTape() as i2:\n        w = u * u * u\n"
     "    d = i2.gradient(w, u)\no2.gradient(d, u)", {}),
]


def test_tape_cells():
    check_conformance(CELLS, "tensorflow")


def test_persistent_gradient_inside_context_logs_tf_warning(caplog):
    from xint.tensorflow import tf
    x = tf.Variable(2.)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        with tf.GradientTape(persistent=True) as t:
            y = x * x
            t.gradient(y, x)
    assert "inside its context is significantly less efficient" in caplog.text


class _Holder:
    """A stand-in for K1's keras Variable: the tf.Variable in `_tf_var`."""

    def __init__(self, var):
        self._tf_var = var


def test_tf_var_holders_are_accepted_everywhere():
    from xint.tensorflow import tf
    v = tf.Variable([1., 2.])
    h = _Holder(v)
    with tf.GradientTape() as t:
        y = tf.reduce_sum(tf.multiply(tf.convert_to_tensor(h), h) + tf.constant([1., 1.]) * h)
    g = t.gradient(y, [h])
    assert type(g[0]).__name__ == "EagerTensor"
    assert g[0].numpy().tolist() == [3.0, 5.0]          # 2v + 1
    assert (tf.constant([1., 1.]) + h).numpy().tolist() == [2.0, 3.0]
    assert tf.matmul(tf.ones((1, 2)), tf.reshape(h, (2, 1))).numpy().tolist() == [[3.0]]
