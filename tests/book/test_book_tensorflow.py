"""The tensorflow dialect's D2L book helpers against hand-computed expectations."""
import io
import math
import sys

import numpy
import pytest

from xint import datasets
from xint import tensorflow as xint

tf = xint.tf


def test_synthetic_data_linreg_squared_loss():
    tf.random.set_seed(0)
    X, y = xint.synthetic_data(tf.constant([2.0, -3.4]), 4.2, 1000)
    assert X.shape == (1000, 2) and y.shape == (1000, 1) and X.dtype == tf.float32
    residual = y.numpy()[:, 0] - (X.numpy() @ [2.0, -3.4] + 4.2)
    assert abs(residual.std() - 0.01) < 0.002 and abs(residual.mean()) < 0.002
    out = xint.linreg(tf.constant([[1.0, 2.0]]), tf.constant([[3.0], [4.0]]), 0.5)
    numpy.testing.assert_allclose(out.numpy(), [[11.5]])
    loss = xint.squared_loss(tf.constant([[1.0], [4.0]]), tf.constant([2.0, 2.0]))
    numpy.testing.assert_allclose(loss.numpy(), [[0.5], [2.0]])
    assert xint.normal((3, 2)).shape == (3, 2) and xint.normal((1,)).dtype == tf.float32


def test_sgd_and_updater_assign_sub():
    p = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        l = tf.reduce_sum(p ** 2)
    xint.sgd([p], tape.gradient(l, [p]), lr=0.1, batch_size=2)     # p - 0.1 * 2p / 2
    numpy.testing.assert_allclose(p.numpy(), [0.9, 1.8], rtol=1e-6)
    updater = xint.Updater([p], 0.5)
    updater(1, [tf.constant([1.0, 1.0])])
    numpy.testing.assert_allclose(p.numpy(), [0.4, 1.3], rtol=1e-6)


def test_load_array_and_helpers():
    X, y = tf.reshape(tf.range(10.0), (5, 2)), tf.range(5)
    batches = list(xint.load_array((X, y), 2, is_train=False))
    assert [len(b[1]) for b in batches] == [2, 2, 1]
    numpy.testing.assert_array_equal(batches[1][0].numpy(), [[4, 5], [6, 7]])
    shuffled = numpy.concatenate([b[1].numpy() for b in xint.load_array((X, y), 2)])
    assert sorted(shuffled.tolist()) == [0, 1, 2, 3, 4]
    numpy.testing.assert_array_equal(xint.one_hot([0, 2], 3).numpy(), [[1, 0, 0], [0, 0, 1]])
    e = numpy.exp([1.0, 2.0, 3.0])
    numpy.testing.assert_allclose(
        xint.softmax(tf.constant([[1.0, 2.0, 3.0], [1000.0, 0.0, 0.0]])).numpy(),
        [e / e.sum(), [1, 0, 0]], rtol=1e-6)
    y_hat = tf.constant([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    y = tf.constant([0, 2])
    numpy.testing.assert_allclose(xint.cross_entropy(y_hat, y).numpy(),
                                  [-math.log(0.1), -math.log(0.5)], rtol=1e-6)
    assert xint.accuracy(y_hat, y) == 1.0
    assert xint.accuracy(tf.constant([1, 2, 2]), tf.constant([1, 2, 0])) == 2.0


def test_softmax_cross_entropy_gradient_is_p_minus_onehot():
    Z = tf.Variable([[0.5, -1.0, 2.0]])
    with tf.GradientTape() as tape:
        l = xint.cross_entropy(xint.softmax(Z), tf.constant([1]))
    p = numpy.exp([0.5, -1.0, 2.0]) / numpy.exp([0.5, -1.0, 2.0]).sum()
    numpy.testing.assert_allclose(tape.gradient(l, Z).numpy(), [p - [0, 1, 0]], rtol=1e-5,
                                  atol=1e-7)


def test_evaluate_accuracy_and_loss():
    X = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    it = xint.load_array((X, tf.constant([0, 1, 1, 1])), 3, is_train=False)
    assert xint.evaluate_accuracy(lambda X: X, it) == 0.75
    it = xint.load_array((tf.constant([[1.0], [2.0]]), tf.constant([[1.0], [1.0]])), 1, False)
    assert xint.evaluate_loss(lambda X: 2 * X, it, xint.squared_loss) == pytest.approx(2.5)


def test_corr2d_values_and_gradient():
    X = tf.reshape(tf.range(9.0), (3, 3))
    K = tf.Variable([[0.0, 1.0], [2.0, 3.0]])
    with tf.GradientTape() as tape:
        Y = xint.corr2d(X, K)
    numpy.testing.assert_array_equal(Y.numpy(), [[19, 25], [37, 43]])
    numpy.testing.assert_array_equal(tape.gradient(Y, K).numpy(), [[8, 12], [20, 24]])


def test_devices_and_labels():
    with xint.try_gpu():                       # a device scope, CPU here
        assert float(tf.reduce_sum(tf.ones(3))) == 3.0
    assert len(xint.try_all_gpus()) == 1
    assert xint.get_fashion_mnist_labels(tf.constant([0, 9, 5])) == ["t-shirt", "ankle boot",
                                                                    "sandal"]


def test_train_ch3_linear_regression():
    tf.random.set_seed(1)
    X, y = xint.synthetic_data(tf.constant([2.0, -3.4]), 4.2, 1000)
    w, b = tf.Variable(tf.zeros((2, 1))), tf.Variable(tf.zeros(1))
    it = xint.load_array((X, y), 10)
    loss, _, _ = xint.train_ch3(lambda X: xint.linreg(X, w, b), it, it, xint.squared_loss, 3,
                                xint.Updater([w, b], 0.03), verbose=False)
    assert loss < 1e-3
    numpy.testing.assert_allclose(w.numpy()[:, 0], [2.0, -3.4], atol=0.01)
    numpy.testing.assert_allclose(b.numpy(), [4.2], atol=0.01)


def _blobs(n, seed):
    rng = numpy.random.default_rng(seed)
    labels = rng.integers(0, 3, n)
    centres = numpy.array([[3.0, 0.0], [-3.0, 0.0], [0.0, 3.0]])
    X = centres[labels] + rng.standard_normal((n, 2))
    return tf.constant(X.astype(numpy.float32)), tf.constant(labels.astype(numpy.int32))


def test_train_ch3_softmax_regression_scratch_and_concise():
    tf.random.set_seed(0)
    train_iter = xint.load_array(_blobs(600, 0), 32)
    test_iter = xint.load_array(_blobs(300, 1), 32, is_train=False)
    W = tf.Variable(tf.random.normal((2, 3), stddev=0.01))
    b = tf.Variable(tf.zeros(3))
    net = lambda X: xint.softmax(tf.matmul(X, W) + b)      # noqa: E731
    loss, train_acc, test_acc = xint.train_ch3(net, train_iter, test_iter, xint.cross_entropy, 5,
                                               xint.Updater([W, b], 0.1), verbose=False)
    assert loss < 0.3 and train_acc > 0.9 and test_acc > 0.9
    net = tf.keras.models.Sequential([tf.keras.layers.Dense(3)])
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    loss, train_acc, test_acc = xint.train_ch3(net, train_iter, test_iter, loss_fn, 5,
                                               tf.keras.optimizers.SGD(learning_rate=0.1),
                                               verbose=False)
    assert loss < 0.3 and train_acc > 0.9 and test_acc > 0.9


def test_train_ch6_on_a_tiny_cnn(capsys):
    tf.random.set_seed(0)
    rng = numpy.random.default_rng(0)
    labels = rng.integers(0, 2, 64).astype(numpy.int32)
    X = rng.random((64, 6, 6, 1)).astype(numpy.float32) * 0.1
    X[labels == 1, :3] += 1.0                          # class 1: bright top half
    it = xint.load_array((tf.constant(X), tf.constant(labels)), 16)

    def net_fn():
        return tf.keras.models.Sequential([
            tf.keras.layers.Conv2D(4, kernel_size=3, activation="relu"),
            tf.keras.layers.Flatten(), tf.keras.layers.Dense(2)])
    net = xint.train_ch6(net_fn, it, it, 10, 0.1, xint.try_gpu())
    out = capsys.readouterr().out
    assert out.startswith("loss ") and "examples/sec on /CPU:0" in out
    assert xint.evaluate_accuracy(net, it) > 0.9


def test_progress_is_a_carriage_return_line_on_a_tty(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    tty = Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    it = xint.load_array((tf.ones((4, 2)), tf.zeros(4, dtype=tf.int32)), 2)
    W = tf.Variable(tf.zeros((2, 2)))
    xint.train_ch3(lambda X: xint.softmax(tf.matmul(X, W)), it, it, xint.cross_entropy, 2,
                   xint.Updater([W], 0.1))
    text = tty.getvalue()
    assert text.count("\r") == 2 and "epoch 2.00/2" in text and text.endswith("\n")


def _write_fashion(root, n_train=10, n_test=5):
    rng = numpy.random.default_rng(0)
    out = {}
    for train, n in ((True, n_train), (False, n_test)):
        images = rng.integers(0, 256, (n, 28, 28), dtype=numpy.uint8)
        labels = rng.integers(0, 10, n, dtype=numpy.uint8)
        datasets.write_idx(root / (datasets.FILES[train][0] + ".gz"), images)
        datasets.write_idx(root / datasets.FILES[train][1], labels)
        out[train] = images, labels
    return out


def test_load_data_fashion_mnist_reads_idx_files(tmp_path):
    arrays = _write_fashion(tmp_path)
    train_iter, test_iter = xint.load_data_fashion_mnist(4, root=str(tmp_path))
    X, y = next(iter(test_iter))
    assert X.shape == (4, 28, 28, 1) and X.dtype == tf.float32 and y.dtype == tf.int32
    numpy.testing.assert_allclose(X.numpy()[..., 0], arrays[False][0][:4] / 255, rtol=1e-6)
    numpy.testing.assert_array_equal(y.numpy(), arrays[False][1][:4])
    assert sorted(len(b[1]) for b in train_iter) == [2, 4, 4]     # batched, then shuffled


def test_resize_is_half_pixel_bilinear(tmp_path):
    images = numpy.zeros((2, 28, 28), dtype=numpy.uint8)
    images[:, :, 14:] = 255
    for train in (True, False):
        datasets.write_idx(tmp_path / datasets.FILES[train][0], images)
        datasets.write_idx(tmp_path / datasets.FILES[train][1], numpy.zeros(2, numpy.uint8))
    X, _ = next(iter(xint.load_data_fashion_mnist(2, resize=56, root=str(tmp_path))[1]))
    assert X.shape == (2, 56, 56, 1)
    # output pixel 27 samples x = 27.5 / 2 - 0.5 = 13.25: a quarter of the way to white
    numpy.testing.assert_allclose(X.numpy()[0, 0, 26:30, 0], [0, 0.25, 0.75, 1], atol=1e-6)


def test_load_data_fashion_mnist_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="t10k|train-images-idx3-ubyte.*not found in"):
        xint.load_data_fashion_mnist(4, root=str(tmp_path / "nowhere"))
