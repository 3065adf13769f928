"""Every `tf.…` name the D2L API inventory lists for TensorFlow 2 resolves in xint's TF dialect
when it resolves in real TF 2.21 (and is callable/class/module alike), plus the extra names of
issue 5. Names of keras layers/models are checked too (K1's part), listed apart."""
import os
import re

import pytest

from xint.testing import check_conformance, require_framework

INVENTORY = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "spec",
                         "d2l-api-inventory.md")
EXTRA = ["tf.GradientTape", "tf.UnconnectedGradients", "tf.stop_gradient", "tf.function",
         "tf.Tensor", "tf.Variable", "tf.TensorShape", "tf.TensorSpec", "tf.constant",
         "tf.convert_to_tensor", "tf.range", "tf.zeros", "tf.ones", "tf.zeros_like",
         "tf.ones_like", "tf.fill", "tf.random.normal", "tf.random.uniform", "tf.random.set_seed",
         "tf.random.shuffle", "tf.cast", "tf.one_hot", "tf.shape", "tf.size", "tf.float32",
         "tf.int32", "tf.int64", "tf.float64", "tf.bool", "tf.reduce_sum", "tf.reduce_mean",
         "tf.reduce_max", "tf.reduce_min", "tf.argmax", "tf.cumsum", "tf.matmul", "tf.tensordot",
         "tf.linalg.matvec", "tf.norm", "tf.transpose", "tf.reshape", "tf.concat", "tf.stack",
         "tf.pad", "tf.expand_dims", "tf.squeeze", "tf.gather", "tf.boolean_mask",
         "tf.clip_by_value", "tf.maximum", "tf.multiply", "tf.pow", "tf.sqrt", "tf.exp",
         "tf.math.log", "tf.abs", "tf.nn.relu", "tf.nn.sigmoid", "tf.nn.tanh", "tf.nn.softmax",
         "tf.errors.InvalidArgumentError", "tf.data.Dataset", "tf.data.AUTOTUNE",
         "tf.data.experimental.AUTOTUNE", "tf.data.experimental.cardinality", "tf.device",
         "tf.config.list_physical_devices", "tf.config.experimental.list_physical_devices",
         "tf.config.experimental.set_memory_growth", "tf.distribute.OneDeviceStrategy",
         "tf.distribute.MirroredStrategy", "tf.keras.losses.Loss", "tf.keras.losses.get",
         "tf.keras.losses.MeanSquaredError", "tf.keras.losses.SparseCategoricalCrossentropy",
         "tf.keras.losses.CategoricalCrossentropy", "tf.keras.losses.sparse_categorical_crossentropy",
         "tf.keras.optimizers.SGD", "tf.keras.optimizers.Adam", "tf.keras.optimizers.Optimizer",
         "tf.keras.optimizers.get", "tf.keras.datasets.fashion_mnist.load_data",
         "tf.losses.MeanSquaredError", "tf.losses.sparse_categorical_crossentropy"]
# K1's part of the dialect (keras layers, models, initializers, regularizers)
KERAS_OWN = ("tf.keras.layers", "tf.keras.models", "tf.keras.Sequential", "tf.keras.Model",
             "tf.keras.initializers", "tf.keras.regularizers", "tf.initializers",
             "tf.random_normal_initializer", "tf.zeros_initializer", "tf.keras.callbacks",
             "tf.keras.activations")


RECORDED = os.path.join(os.path.dirname(__file__), "tf_inventory_names.txt")


def _inventory_names(path=INVENTORY):
    """The tf names of the inventory's TensorFlow 2 section; where the spec folder is not next
    to this checkout (a fresh CI clone), the copy recorded from it by
    `python tests/conformance/test_tf_inventory.py`."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        with open(RECORDED, encoding="utf-8") as f:
            return f.read().split()
    section = text.split("## TensorFlow 2", 1)[-1].split("\n## ", 1)[0]
    return sorted(set(re.findall(r"^\| `(tf\.[A-Za-z0-9_.]+)`", section, flags=re.M)))


def _resolve(root, dotted):
    obj = root
    for part in dotted.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


NAMES = sorted(set(_inventory_names()) | set(EXTRA))


@pytest.mark.parametrize("name", [n for n in NAMES if not n.startswith(KERAS_OWN)])
def test_name_resolves_like_real_tf(name):
    require_framework("tensorflow")
    import tensorflow as real
    from xint.tensorflow import tf
    try:
        want = _resolve(real, name)
    except AttributeError:
        pytest.skip(f"{name} is not in real TF 2.21 either")
    got = _resolve(tf, name)
    assert callable(got) == callable(want), name
    assert isinstance(got, type) == isinstance(want, type), name


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith(KERAS_OWN)])
def test_keras_name_resolves(name):
    """K1's names: reported here, skipped while K1's package does not provide them yet."""
    require_framework("tensorflow")
    import tensorflow as real
    from xint.tensorflow import tf
    try:
        _resolve(real, name)
    except AttributeError:
        pytest.skip(f"{name} is not in real TF 2.21 either")
    _resolve(tf, name)


def test_inventory_was_read():
    names = _inventory_names()
    assert len(names) > 40
    if os.path.exists(INVENTORY):           # the recorded copy is the spec's current list
        with open(RECORDED, encoding="utf-8") as f:
            assert f.read().split() == names, "re-record: python " + __file__


# The namespace list, cell by cell: values, dtypes, reprs, TF's error texts.
NAMESPACE_CELLS = [
 ("x = tf.constant([1, 2])\nx[0] = 3", {}),
 ("tf.add(tf.constant([1, 2]), tf.constant([1., 2.]))", {}),
 ("tf.multiply(tf.constant([1, 2]), tf.constant([1., 2.]))", {}),
 ("tf.matmul(tf.ones((2, 2)), tf.ones((2, 2), dtype=tf.int32))", {}),
 ("tf.constant([1, 2]) + tf.constant([1., 2.])", {}),
 ("tf.constant(3), tf.constant(3.), tf.constant([1, 2], dtype=tf.float32), tf.constant(True)", {}),
 ("tf.convert_to_tensor([1., 2.]), tf.convert_to_tensor(tf.constant(1.), dtype=tf.float32)", {}),
 ("tf.convert_to_tensor(tf.constant(1.), dtype=tf.int32)", {}),
 ("tf.range(5), tf.range(1, 5, 2), tf.range(3.), tf.range(5, dtype=tf.float32)", {}),
 ("tf.zeros((2, 3)), tf.ones(3, dtype=tf.int32), tf.zeros([2]), tf.fill([2, 2], 7)", {}),
 ("tf.zeros_like(tf.ones(2)), tf.ones_like(tf.constant([1, 2]), dtype=tf.float32)", {}),
 ("tf.cast(tf.constant([1.7, -1.2]), tf.int32), tf.cast(tf.constant([1, 0]), tf.bool), tf.cast([1, 2], tf.float32)", {}),
 ("tf.TensorShape([2, 3]), tf.ones((2, 3)).shape, tf.ones((2, 3)).shape[0], str(tf.ones((2, 3)).shape), tf.ones((2,3)).shape.as_list(), tf.ones((2,3)).shape.rank", {}),
 ("tf.ones((2, 3)).shape == (2, 3), tf.ones((2,3)).shape == [2, 3], len(tf.ones((2,3)).shape)", {}),
 ("tf.float32, tf.int32, tf.ones(2).dtype, tf.ones(2).dtype == tf.float32, tf.float32.name, tf.float32.is_floating, tf.int32.as_numpy_dtype", {}),
 ("X = tf.reshape(tf.range(6.), (2, 3))\ntf.reduce_sum(X, axis=0), tf.reduce_sum(X, axis=[0, 1]), tf.reduce_sum(X, 1, keepdims=True), tf.reduce_mean(X, axis=1), tf.reduce_max(X, 0), tf.reduce_min(X)", {}),
 ("tf.argmax(X, axis=1), tf.argmax(X), tf.argmax(X, axis=1, output_type=tf.int32), tf.argmin(X, 1)", {}),
 ("tf.transpose(X), tf.transpose(X, perm=[1, 0]), tf.reshape(X, (-1,)), tf.reshape(X, [3, -1])", {}),
 ("tf.reshape(X, (4, 2))", {}),
 ("tf.concat([X, X], axis=0), tf.concat([X, X], 1), tf.stack([X, X]), tf.stack([X, X], axis=1).shape", {}),
 ("tf.sqrt(tf.constant([4., 9.])), tf.exp(tf.constant([0.])), tf.math.log(tf.constant([1.])), tf.pow(2., 3.), tf.abs(-2)", {"approx": True}),
 ("tf.exp(tf.constant([1, 2]))", {}),
 ("tf.sqrt(tf.constant(4))", {}),
 ("v = tf.Variable(tf.ones((2, 2)))\nv, v.shape, v.dtype, v.numpy(), v.name, v.trainable", {}),
 ("v[0, 1].assign(5.)\nv", {}),
 ("v[0] = 1", {}),
 ("v += 1", {}),
 ("tf.Variable([1, 2], dtype=tf.float32), tf.Variable(3, trainable=False)", {}),
 ("tf.random.set_seed(0)\ntf.random.normal((2, 3)).shape, tf.random.uniform((2,), minval=0, maxval=10, dtype=tf.int32).dtype, tf.random.uniform([3]).dtype, tf.random.normal([2], mean=1., stddev=0.1, dtype=tf.float64).dtype", {}),
 ("tf.random.uniform((2,), maxval=None, dtype=tf.int32)", {}),
 ("tf.random.shuffle(tf.range(5)).shape", {}),
 ("tf.one_hot(tf.constant([0, 1]), depth=3), tf.one_hot([2], 3, on_value=5., off_value=-1.)", {}),
 ("tf.size(X), tf.shape(X), tf.rank(X), tf.shape(X)[0]", {}),
 ("tf.nn.relu(tf.constant([-1., 1.])), tf.nn.tanh(tf.constant([0.])), tf.nn.sigmoid(tf.constant([0.]))", {}),
 ("tf.reduce_sum(tf.constant([True, False]))", {}),
 ("tf.reduce_mean(tf.constant([1, 2]))", {}),
 ("tf.errors.InvalidArgumentError, issubclass(tf.errors.InvalidArgumentError, tf.errors.OpError)", {}),
 ("tf.ones((2, 3))[:, 1], tf.ones((2, 3))[0], tf.range(6)[::2], tf.ones((2,3))[tf.newaxis].shape", {}),
 ("tf.constant([[1, 2]]) @ tf.constant([[1.], [2.]])", {}),
 ("tf.matmul(tf.ones((2, 3)), tf.ones((2, 3)))", {}),
]


def test_namespace_cells():
    check_conformance(NAMESPACE_CELLS, "tensorflow")


if __name__ == "__main__":                  # record the inventory's names for checkouts without it
    with open(RECORDED, "w", encoding="utf-8") as f:
        f.write("\n".join(_inventory_names()) + "\n")
