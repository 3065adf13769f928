"""The tf.* math and shape names D2L uses, and EagerTensor's NumPy-behaviour methods, cell by cell
against real TensorFlow 2.21 (NumPy behaviour on): values, dtypes, reprs, TF's error texts, and
the gradients a GradientTape gives (ties, boundaries and zeros included)."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}


def _grad(expr):
    """A cell: the tape gradient of `expr` (in v) at v = [-1, 0, 2, 3] (0 and ties included)."""
    return ("v = tf.Variable([-1., 0., 2., 3.])\nwith tf.GradientTape() as t:\n"
            f"    y = {expr}\nt.gradient(y, v)", {})


ELEMENTWISE = [
    ("tf.abs(tf.constant([-1, 2])), tf.abs(tf.constant([-1.5, 0.])), tf.math.abs(-3.)", {}),
    ("tf.clip_by_value(tf.constant([1, 5, 9]), 2, 8), "
     "tf.clip_by_value(tf.constant([1., 5.]), 2, 8)", {}),
    ("tf.clip_by_value(tf.constant([1, 5]), 2.5, 8)", {}),
    ("tf.maximum(tf.constant([1., 4.]), 2.), tf.minimum(tf.constant([1, 4]), 2), "
     "tf.math.maximum(tf.constant([[1.], [3.]]), tf.constant([2., 0.]))", {}),
    ("tf.maximum(tf.constant([1, 2]), 1.5)", {}),
    ("tf.maximum(tf.constant([1., 2.]), tf.constant([1, 2]))", {}),
    ("tf.minimum(tf.constant([1, 2]), tf.constant([1., 2.]))", {}),
    ("tf.pow(tf.constant([2, 3]), 2), tf.pow(tf.constant([2., 3.]), 0.5), "
     "tf.square(tf.constant([2, 3])), tf.square(tf.constant([1.5]))", APPROX),
    ("tf.sigmoid(tf.constant([0., 2.])), tf.nn.sigmoid(tf.constant([-1.], dtype=tf.float64))",
     APPROX),
    ("tf.sigmoid(tf.constant([1, 2]))", {}),
    ("tf.nn.relu(tf.constant([-1, 2])), tf.nn.relu(tf.constant([-1.5, 0., 2.]))", {}),
    ("tf.nn.softmax(tf.constant([[1., 2.], [0., 0.]])), "
     "tf.nn.softmax(tf.constant([[1., 2.], [3., 5.]]), axis=0)", APPROX),
    ("tf.nn.softmax(tf.constant([1, 2]))", {}),
    ("tf.math.exp(tf.constant([0., 1.])), tf.math.log(tf.constant([1., 2.])), "
     "tf.tanh(tf.constant([0.5]))", APPROX),
]

REDUCTIONS = [
    ("X = tf.constant([[1, 2], [3, 4]])\ntf.cumsum(X, axis=1), tf.cumsum(X), "
     "tf.cumsum(X, reverse=True), tf.cumsum(X, exclusive=True)", {}),
    ("tf.reduce_prod(tf.constant([1, 2, 3])), tf.reduce_prod(tf.constant([[1., 2.], [3., 4.]]), 1), "
     "tf.math.reduce_prod(tf.ones(2), keepdims=True)", {}),
    ("tf.math.reduce_sum(tf.ones(2)), tf.math.reduce_max(tf.constant([1, 5])), "
     "tf.math.reduce_min(tf.constant([[1., 5.]]), axis=1), tf.math.reduce_mean(tf.constant([1., 2.]))",
     {}),
    ("tf.math.reduce_std(tf.constant([1., 2., 4.])), "
     "tf.math.reduce_variance(tf.constant([[1., 2.], [4., 4.]]), axis=0)", APPROX),
    ("tf.math.reduce_any(tf.constant([True, False])), tf.math.reduce_all(tf.constant([True, False]))",
     {}),
    ("tf.norm(tf.constant([3., 4.])), tf.norm(tf.ones((2, 3)), axis=1), "
     "tf.norm(tf.ones((2, 3)), ord=1), tf.norm(tf.constant([[3., -4.]]), ord=1, axis=1)", APPROX),
    ("tf.norm(tf.ones((2, 3)), ord='fro', axis=(0, 1)), tf.norm(tf.ones((2, 3)), ord='euclidean'), "
     "tf.norm(tf.ones((2, 3)), ord=2, axis=0, keepdims=True)", APPROX),
    ("tf.norm(tf.constant([3, 4]))", {}),
    ("tf.tensordot(tf.ones((2, 3)), tf.ones((3, 2)), axes=1), "
     "tf.tensordot(tf.ones((2, 3)), tf.ones((2, 3)), axes=[[0, 1], [0, 1]]), "
     "tf.tensordot(tf.ones((2, 3)), tf.ones((2, 3)), axes=2), "
     "tf.tensordot(tf.reshape(tf.range(6.), (2, 3)), tf.ones((2, 4)), axes=[[0], [0]])", {}),
    ("tf.tensordot(tf.constant([1., 2.]), tf.constant([3., 4.]), axes=0)", {}),
    ("tf.linalg.matvec(tf.reshape(tf.range(6.), (2, 3)), tf.constant([1., 2., 3.])), "
     "tf.linalg.matvec(tf.reshape(tf.range(6.), (3, 2)), tf.ones(3), transpose_a=True)", {}),
]

SHAPES = [
    ("tf.one_hot(tf.constant([0, 2]), 3), tf.one_hot([1, -1], 2), tf.one_hot([0], 2, dtype=tf.int32)",
     {}),
    ("tf.size(tf.ones((2, 3))), tf.shape(tf.ones((2, 3))), tf.shape(tf.constant(1.)), "
     "tf.rank(tf.ones((2, 3)))", {}),
    ("tf.boolean_mask(tf.constant([1, 2, 3]), tf.constant([True, False, True])), "
     "tf.boolean_mask(tf.constant([[1., 2.], [3., 4.]]), [False, True])", {}),
    ("P = tf.constant([[1, 2], [3, 4]])\ntf.gather(P, [1, 0]), tf.gather(P, [1], axis=1), "
     "tf.gather(P, tf.constant([[0, 1]]))", {}),
    ("tf.expand_dims(tf.constant([1, 2]), 0), tf.expand_dims(tf.constant([1, 2]), -1), "
     "tf.squeeze(tf.ones((1, 2, 1))), tf.squeeze(tf.ones((1, 2, 1)), axis=0), "
     "tf.squeeze(tf.ones((1, 2, 1)), [0, 2])", {}),
    ("tf.pad(tf.constant([[1, 2]]), [[1, 0], [0, 1]]), "
     "tf.pad(tf.constant([[1., 2.]]), [[1, 0], [0, 1]], constant_values=5)", {}),
    ("tf.fill((2, 2), 3), tf.fill([2], 3.), tf.eye(2), tf.eye(2, 3, dtype=tf.int32)", {}),
    ("tf.linspace(0., 1., 3), tf.linspace(0, 1, 3), tf.zeros_like(tf.constant([1, 2])), "
     "tf.ones_like(tf.constant([1., 2.]))", {}),
    ("c = tf.constant([True, False])\ntf.where(c, 1, 2), tf.where(c, tf.constant([1., 2.]), 0.), "
     "tf.where(c), tf.where(tf.constant([[True, False], [True, True]]))", {}),
    ("tf.split(tf.reshape(tf.range(8.), (4, 2)), 2), tf.split(tf.ones((4, 2)), [1, 3], axis=0)", {}),
    ("tf.split(tf.reshape(tf.range(6), (2, 3)), 3, axis=1)", {}),
    ("tf.tile(tf.constant([1, 2]), [2]), tf.tile(tf.constant([[1., 2.]]), [2, 2])", {}),
    ("tf.reverse(tf.constant([[1, 2], [3, 4]]), [1]), tf.reverse(tf.constant([[1, 2], [3, 4]]), [0, 1])",
     {}),
]

GRADIENTS = [
    _grad("tf.abs(v)"),
    _grad("tf.math.abs(v) * 2"),
    _grad("tf.clip_by_value(v, 0., 2.)"),
    _grad("tf.clip_by_value(v, -1., 3.)"),
    _grad("tf.maximum(v, 0.)"),
    _grad("tf.maximum(2., v)"),
    _grad("tf.minimum(v, 2.)"),
    _grad("tf.math.minimum(tf.constant([0., 0., 0., 0.]), v)"),
    _grad("tf.pow(v, 2)"),
    _grad("tf.square(v)"),
    (_grad("tf.sigmoid(v)")[0], APPROX),
    _grad("tf.nn.relu(v)"),
    (_grad("tf.nn.softmax(v) * tf.constant([1., 2., 3., 4.])")[0], APPROX),
    _grad("tf.cumsum(v)"),
    _grad("tf.cumsum(v, reverse=True, exclusive=True)"),
    _grad("tf.reduce_prod(v)"),
    _grad("tf.norm(v)"),
    _grad("tf.norm(v, ord=1)"),
    _grad("tf.tensordot(v, tf.constant([1., 2., 3., 4.]), axes=1)"),
    _grad("tf.linalg.matvec(tf.ones((2, 4)), v)"),
    # TF's gradient of gather is an IndexedSlices; as a dense tensor it is xint's
    (_grad("tf.gather(v, [0, 0, 3])")[0].replace("t.gradient(y, v)",
                                                 "tf.convert_to_tensor(t.gradient(y, v))"), {}),
    _grad("tf.boolean_mask(v, [True, False, True, False]) * 3"),
    _grad("tf.pad(v, [[1, 2]]) * tf.range(7.)"),
    _grad("tf.tile(v, [3])"),
    _grad("tf.reverse(v, [0]) * tf.range(4.)"),
    _grad("tf.split(v, 2)[1]"),
    _grad("tf.where(v > 0, v, tf.zeros_like(v))"),
    _grad("tf.squeeze(tf.expand_dims(v, 0)) * v"),
    ("w = tf.Variable([[1., 2.], [2., 0.]])\nwith tf.GradientTape() as t:\n"
     "    y = tf.maximum(w, tf.constant([[2., 2.], [1., 0.]]))\nt.gradient(y, w)", {}),
    ("w = tf.Variable([[3., 4.], [0., 0.]])\nwith tf.GradientTape() as t:\n"
     "    y = tf.norm(w, axis=1)\nt.gradient(y, w)", {}),
    ("w = tf.Variable([[3., 4.], [0., 0.]])\nwith tf.GradientTape() as t:\n"
     "    y = tf.norm(w, ord='fro', axis=(0, 1)) + tf.norm(w[0])\nt.gradient(y, w)", APPROX),
]

METHODS = [
    ("A = tf.constant([[1., 2.], [5., 0.]])\nA.mean(), A.max(), A.min(), A.mean(0), "
     "A.max(axis=1, keepdims=True), A.min(axis=(0, 1))", {}),
    ("A = tf.constant([[1., 2.], [5., 0.]])\nA.ravel(), A.flatten(), A.transpose(), "
     "A.clip(1, 2), A.tolist(), A.size, A.data, A.ndim, A.T, A.reshape(4)", {}),
    ("tf.constant([[1, 2]]).tolist(), tf.constant([3, 9]).clip(4, 5), tf.ones((2, 3, 1)).transpose((2, 0, 1)).shape", {}),
    ("tf.constant([1., 2.]).sum()", {}),
    ("tf.constant([1., 2.]).argmax()", {}),
    ("tf.constant([1., 2.]).squeeze()", {}),
    ("tf.constant([1., 2.]).item()", {}),
    ("tf.constant([1., 2.]).std()", {}),
    ("tf.constant([1., 2.]).prod()", {}),
    ("tf.constant([1., 2.]).cumsum()", {}),
    ("v = tf.Variable([-1., 0., 2., 3.])\nwith tf.GradientTape() as t:\n"
     "    y = tf.constant([1., 2., 3., 4.]) * v\n    z = y.max() + y.mean() + y.clip(0., 4.).min()\n"
     "t.gradient(z, v)", {}),
]

GROUPS = {"elementwise": ELEMENTWISE, "reductions": REDUCTIONS, "shapes": SHAPES,
          "gradients": GRADIENTS, "methods": METHODS}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_tf_namespace_matches_tensorflow(group):
    check_conformance(GROUPS[group], "tensorflow")
