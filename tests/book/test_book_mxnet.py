"""The mxnet dialect's D2L book helpers against hand-computed expectations."""
import io
import math
import sys

import numpy
import pytest

from xint import datasets
from xint import mxnet as xint

np, npx, autograd, gluon, init = xint.np, xint.npx, xint.autograd, xint.gluon, xint.init


def test_synthetic_data_linreg_squared_loss():
    npx.random.seed(0)
    X, y = xint.synthetic_data(np.array([2.0, -3.4]), 4.2, 1000)
    assert X.shape == (1000, 2) and y.shape == (1000, 1) and X.dtype == numpy.float32
    residual = y.asnumpy()[:, 0] - (X.asnumpy() @ [2.0, -3.4] + 4.2)
    assert abs(residual.std() - 0.01) < 0.002 and abs(residual.mean()) < 0.002
    out = xint.linreg(np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]]), 0.5)
    numpy.testing.assert_allclose(out.asnumpy(), [[11.5]])
    loss = xint.squared_loss(np.array([[1.0], [4.0]]), np.array([2.0, 2.0]))
    numpy.testing.assert_allclose(loss.asnumpy(), [[0.5], [2.0]])


def test_sgd_writes_into_the_parameter():
    p = np.array([1.0, 2.0])
    p.attach_grad()
    with autograd.record():
        l = (p ** 2).sum()
    l.backward()                                      # grad 2p
    xint.sgd([p], lr=0.1, batch_size=2)
    numpy.testing.assert_allclose(p.asnumpy(), [0.9, 1.8], rtol=1e-6)


def test_load_array_and_helpers():
    X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    batches = list(xint.load_array((X, y), 2, is_train=False))
    assert [len(b[1]) for b in batches] == [2, 2, 1]
    numpy.testing.assert_array_equal(batches[1][0].asnumpy(), [[4, 5], [6, 7]])
    numpy.testing.assert_array_equal(xint.one_hot(np.array([0, 2]), 3).asnumpy(),
                                     [[1, 0, 0], [0, 0, 1]])
    assert xint.normal(0, 1, (3, 2)).shape == (3, 2)
    e = numpy.exp([1.0, 2.0, 3.0])
    numpy.testing.assert_allclose(
        xint.softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, 0.0]])).asnumpy(),
        [e / e.sum(), [1, 0, 0]], rtol=1e-6)
    y_hat = np.array([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    y = np.array([0, 2])                               # float32 labels, as the book writes them
    numpy.testing.assert_allclose(xint.cross_entropy(y_hat, y).asnumpy(),
                                  [-math.log(0.1), -math.log(0.5)], rtol=1e-6)
    assert xint.accuracy(y_hat, y) == 1.0
    assert xint.accuracy(np.array([1, 2, 2]), np.array([1, 2, 0])) == 2.0


def test_softmax_cross_entropy_gradient_is_p_minus_onehot():
    Z = np.array([[0.5, -1.0, 2.0]])
    Z.attach_grad()
    with autograd.record():
        l = xint.cross_entropy(xint.softmax(Z), np.array([1]))
    l.backward()
    p = numpy.exp([0.5, -1.0, 2.0]) / numpy.exp([0.5, -1.0, 2.0]).sum()
    numpy.testing.assert_allclose(Z.grad.asnumpy(), [p - [0, 1, 0]], rtol=1e-5, atol=1e-7)


def test_evaluate_accuracy_and_loss():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    it = xint.load_array((X, np.array([0, 1, 1, 1])), 3, is_train=False)
    assert xint.evaluate_accuracy(lambda X: X, it) == 0.75
    it = xint.load_array((np.array([[1.0], [2.0]]), np.array([[1.0], [1.0]])), 1, False)
    # outputs 2 and 4 against 1: squared errors 1 and 9, halved
    assert xint.evaluate_loss(lambda X: 2 * X, it, xint.squared_loss) == pytest.approx(2.5)


def test_corr2d_values_and_gradient():
    X = np.arange(9.0).reshape(3, 3)
    K = np.array([[0.0, 1.0], [2.0, 3.0]])
    K.attach_grad()
    with autograd.record():
        Y = xint.corr2d(X, K)
    numpy.testing.assert_array_equal(Y.asnumpy(), [[19, 25], [37, 43]])
    Y.backward()
    numpy.testing.assert_array_equal(K.grad.asnumpy(), [[8, 12], [20, 24]])


def test_devices_and_labels():
    assert xint.try_gpu() == npx.cpu() and xint.try_gpu(2) == npx.cpu()
    assert xint.try_all_gpus() == [npx.cpu()]
    assert xint.get_fashion_mnist_labels(np.array([0, 9, 5])) == ["t-shirt", "ankle boot",
                                                                 "sandal"]


def test_train_ch3_linear_regression():
    npx.random.seed(1)
    X, y = xint.synthetic_data(np.array([2.0, -3.4]), 4.2, 1000)
    w, b = np.zeros((2, 1)), np.zeros(1)
    w.attach_grad()
    b.attach_grad()
    it = xint.load_array((X, y), 10)
    loss, _, _ = xint.train_ch3(lambda X: xint.linreg(X, w, b), it, it, xint.squared_loss, 3,
                                lambda bs: xint.sgd([w, b], 0.03, bs), verbose=False)
    assert loss < 1e-3
    numpy.testing.assert_allclose(w.asnumpy()[:, 0], [2.0, -3.4], atol=0.01)
    numpy.testing.assert_allclose(b.asnumpy(), [4.2], atol=0.01)


def _blobs(n, seed):
    rng = numpy.random.default_rng(seed)
    labels = rng.integers(0, 3, n)
    centres = numpy.array([[3.0, 0.0], [-3.0, 0.0], [0.0, 3.0]])
    X = centres[labels] + rng.standard_normal((n, 2))
    return np.array(X.astype(numpy.float32)), np.array(labels.astype(numpy.float32))


def test_train_ch3_softmax_regression_scratch_and_concise():
    npx.random.seed(0)
    train_iter = xint.load_array(_blobs(600, 0), 32)
    test_iter = xint.load_array(_blobs(300, 1), 32, is_train=False)
    W, b = np.random.normal(0, 0.01, (2, 3)), np.zeros(3)
    W.attach_grad()
    b.attach_grad()
    net = lambda X: xint.softmax(np.dot(X, W) + b)      # noqa: E731
    loss, train_acc, test_acc = xint.train_ch3(
        net, train_iter, test_iter, xint.cross_entropy, 5,
        lambda bs: xint.sgd([W, b], 0.1, bs), verbose=False)
    assert loss < 0.3 and train_acc > 0.9 and test_acc > 0.9
    net = gluon.nn.Sequential()
    net.add(gluon.nn.Dense(3))
    net.initialize(init.Normal(0.01))
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    loss, train_acc, test_acc = xint.train_ch3(net, train_iter, test_iter,
                                               gluon.loss.SoftmaxCrossEntropyLoss(), 5,
                                               trainer, verbose=False)
    assert loss < 0.3 and train_acc > 0.9 and test_acc > 0.9


def test_train_ch6_on_a_tiny_cnn(capsys):
    npx.random.seed(0)
    rng = numpy.random.default_rng(0)
    labels = rng.integers(0, 2, 64).astype(numpy.float32)
    X = rng.random((64, 1, 6, 6)).astype(numpy.float32) * 0.1
    X[labels == 1, :, :3] += 1.0                       # class 1: bright top half
    it = xint.load_array((np.array(X), np.array(labels)), 16)
    net = gluon.nn.Sequential()
    net.add(gluon.nn.Conv2D(4, kernel_size=3, activation="relu"), gluon.nn.Dense(2))
    loss, train_acc, test_acc = xint.train_ch6(net, it, it, 10, 0.1, xint.try_gpu())
    out = capsys.readouterr().out
    assert out.startswith("loss ") and "examples/sec on cpu(0)" in out
    assert test_acc > 0.9 and math.isfinite(loss)


def test_progress_is_a_carriage_return_line_on_a_tty(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    tty = Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    it = xint.load_array((np.ones((4, 2)), np.zeros(4)), 2)
    net = gluon.nn.Dense(2)
    net.initialize()
    xint.train_ch3(net, it, it, gluon.loss.SoftmaxCrossEntropyLoss(), 2,
                   gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1}))
    text = tty.getvalue()
    assert text.count("\r") == 2 and "epoch 2.00/2" in text and text.endswith("\n")


def _write_fashion(root, n_train=10, n_test=5):
    rng = numpy.random.default_rng(0)
    out = {}
    for train, n in ((True, n_train), (False, n_test)):
        images = rng.integers(0, 256, (n, 28, 28), dtype=numpy.uint8)
        labels = rng.integers(0, 10, n, dtype=numpy.uint8)
        datasets.write_idx(root / datasets.FILES[train][0], images)
        datasets.write_idx(root / (datasets.FILES[train][1] + ".gz"), labels)
        out[train] = images, labels
    return out


def test_load_data_fashion_mnist_reads_idx_files(tmp_path):
    arrays = _write_fashion(tmp_path)
    train_iter, test_iter = xint.load_data_fashion_mnist(4, root=str(tmp_path))
    X, y = next(iter(test_iter))
    assert X.shape == (4, 1, 28, 28) and X.dtype == numpy.float32 and y.dtype == numpy.int32
    numpy.testing.assert_allclose(X.asnumpy()[:, 0], arrays[False][0][:4] / 255, rtol=1e-6)
    numpy.testing.assert_array_equal(y.asnumpy(), arrays[False][1][:4])
    assert [len(b[1]) for b in train_iter] == [4, 4, 2]
    X, _ = next(iter(xint.load_data_fashion_mnist(5, resize=32, root=str(tmp_path))[1]))
    assert X.shape == (5, 1, 32, 32) and float(X.max()) <= 1.0


def test_load_data_fashion_mnist_missing_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XINT_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.*not found in"):
        xint.load_data_fashion_mnist(4)
