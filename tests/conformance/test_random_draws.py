"""Random draws in the TensorFlow and MXNet dialects against the real frameworks: shapes,
dtypes, ranges and errors (the frameworks' random bits themselves are not reproduced), and
same seed, same stream within xint."""
import numpy
import pytest

from xint import mxnet as xm
from xint import tensorflow as xtf
from xint.testing import check_conformance

TENSORFLOW = [
    ("tf.random.set_seed(0)\nx = tf.random.normal((2, 3))\nx.shape, x.dtype", {}),
    ("u = tf.random.uniform((1000,))\nu.dtype, bool(tf.reduce_min(u) >= 0), "
     "bool(tf.reduce_max(u) < 1)", {}),
    ("i = tf.random.uniform((50,), maxval=10, dtype=tf.int32)\ni.dtype, "
     "bool(tf.reduce_max(i) < 10), bool(tf.reduce_min(i) >= 0)", {}),
    ("tf.random.uniform((2,), dtype=tf.int32)", {}),
    ("tf.random.normal([2], mean=1.0, stddev=2.0, dtype=tf.float64).dtype, "
     "tf.random.uniform(()).shape", {}),
    ("x = tf.constant([[1.0, 5.0], [3.0, 2.0]])\ntf.reduce_max(x), tf.reduce_min(x, axis=0), "
     "tf.argmax(x), tf.argmax(x, axis=1)", {}),
    ("s = tf.random.shuffle(tf.range(10))\ns.shape, s.dtype, sorted(s.numpy().tolist())", {}),
]

MXNET = [
    ("npx.random.seed(0)\nx = np.random.normal(0, 1, size=(2, 3))\nx.shape, x.dtype", {}),
    ("np.random.normal().shape, np.random.uniform(2, 3).shape, np.random.uniform(size=(2,)).dtype",
     {}),
    ("u = np.random.uniform(2, 3, (1000,))\nbool(u.min() >= 2), bool(u.max() < 3)", {}),
    ("m = np.random.multinomial(10, [0.2, 0.3, 0.5])\nm.dtype, m.shape, int(m.sum())", {}),
    ("m = np.random.multinomial(10, [0.2, 0.3, 0.5], size=2)\nm.shape, m.sum(axis=1).tolist()", {}),
    ("r = np.random.randint(0, 5, size=(30,))\nr.dtype, bool(r.max() < 5)", {}),
    ("x = np.arange(6.0).reshape(3, 2)\nnp.random.shuffle(x)\nx.shape, sorted(x.asnumpy()"
     ".ravel().tolist())", {}),
    ("x = np.array([[1.0, 5.0], [3.0, 2.0]])\nx.max(), x.min(axis=0), x.argmax(), x.argmax(axis=1), "
     "np.max(x), x.std(), x.cumsum()", {}),
    ("c = np.random.choice(5, 3)\nc.dtype, c.shape", {}),
]


@pytest.mark.conformance
@pytest.mark.parametrize("dialect,cells", [("tensorflow", TENSORFLOW), ("mxnet", MXNET)])
def test_random_matches_framework(dialect, cells):
    check_conformance(cells, dialect)


def test_same_seed_same_stream():
    xtf.tf.random.set_seed(3)
    a = xtf.tf.random.normal((5,)).numpy()
    xtf.tf.random.set_seed(3)
    numpy.testing.assert_array_equal(a, xtf.tf.random.normal((5,)).numpy())
    xm.npx.random.seed(3)
    b = xm.np.random.uniform(size=(5,)).asnumpy()
    xm.npx.random.seed(3)
    numpy.testing.assert_array_equal(b, xm.np.random.uniform(size=(5,)).asnumpy())
    assert not numpy.array_equal(b, xm.np.random.uniform(size=(5,)).asnumpy())
