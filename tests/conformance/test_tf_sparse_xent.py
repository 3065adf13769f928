"""tf.nn.sparse_softmax_cross_entropy_with_logits on the TF dialect against real TF 2.21: values,
dtypes, gradients to second order, and the kernel's and Python wrapper's errors."""
from xint.testing import check_conformance

APPROX = {"approx": True}
F = "tf.nn.sparse_softmax_cross_entropy_with_logits"

CELLS = [
    (f"{F}(labels=[2, 0], logits=[[1., 2., 3.], [1., 5., 0.]]), "
     f"{F}([2, 0], [[1., 2., 3.], [1., 5., 0.]])", APPROX),
    (f"{F}(labels=tf.constant([[1, 0]], tf.int64), logits=tf.ones((1, 2, 4)))", APPROX),
    (f"{F}(labels=tf.constant([1], tf.int32), logits=tf.constant([[100., -100.]], tf.float64))",
     APPROX),
    ("x = tf.Variable([[1., 2., 3.], [1., 5., 0.]], dtype=tf.float64)\n"
     "with tf.GradientTape() as t2:\n    with tf.GradientTape() as t:\n"
     f"        l = tf.reduce_sum({F}(labels=tf.constant([2, 0], tf.int64), logits=x) * [1., 2.])\n"
     "    g = t.gradient(l, x)\n    s = tf.reduce_sum(g * g)\n"
     "g, t2.gradient(s, x)", APPROX),
    ("w = tf.Variable(tf.reshape(tf.range(24, dtype=tf.float32) / 7, (2, 3, 4)))\n"
     "with tf.GradientTape() as t:\n"
     f"    l = tf.reduce_mean({F}(labels=[[0, 3, 1], [2, 2, 0]], logits=w))\n"
     "t.gradient(l, w)", APPROX),
    # errors: the Python wrapper's shape checks, then the kernel's dtype and value checks
    (f"{F}(labels=[1, 2], logits=[1., 2., 3.])", {}),
    (f"{F}(labels=[[1]], logits=[[1., 2., 3.]])", {}),
    (f"{F}(labels=[1, 0], logits=tf.ones((3, 4)))", {}),
    (f"{F}(labels=[[1, 0]], logits=tf.ones((2, 2, 4)))", {}),
    (f"{F}(labels=[1.0], logits=[[1., 2., 3.]])", {}),
    (f"{F}(labels=[1.0], logits=[[1, 2, 3]])", {}),
    (f"{F}(labels=[1], logits=[[1, 2, 3]])", {}),
    (f"{F}(labels=[2, 3, 0, 5], logits=tf.ones((4, 3)))", {}),
    (f"{F}(labels=[-1], logits=[[1., 2., 3.]])", {}),
    (f"{F}(labels=[3, -1, 0, -2], logits=tf.ones((4, 3)))", {}),
    (f"{F}(labels=[[3, 9], [4, 0]], logits=tf.ones((2, 2, 3)))", {}),
    (f"{F}(labels=[1], logits=tf.ones((1, 0)))", {}),
]


def test_sparse_softmax_cross_entropy_cells():
    check_conformance(CELLS, "tensorflow")
