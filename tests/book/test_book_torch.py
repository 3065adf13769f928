"""The torch dialect's D2L book helpers against hand-computed expectations."""
import io
import math
import sys

import numpy
import pytest

from xint import datasets
from xint import torch as xint

torch, nn = xint.torch, xint.nn


def test_synthetic_data_linreg_squared_loss():
    torch.manual_seed(0)
    w, b = torch.tensor([2.0, -3.4]), 4.2
    X, y = xint.synthetic_data(w, b, 1000)
    assert X.shape == (1000, 2) and y.shape == (1000, 1) and X.dtype == torch.float32
    residual = y.numpy()[:, 0] - (X.numpy() @ [2.0, -3.4] + 4.2)
    assert abs(residual.std() - 0.01) < 0.002 and abs(residual.mean()) < 0.002
    numpy.testing.assert_allclose(X.numpy().std(0), 1, atol=0.1)
    out = xint.linreg(torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0], [4.0]]), 0.5)
    numpy.testing.assert_allclose(out.numpy(), [[11.5]])
    loss = xint.squared_loss(torch.tensor([[1.0], [4.0]]), torch.tensor([2.0, 2.0]))
    numpy.testing.assert_allclose(loss.numpy(), [[0.5], [2.0]])


def test_sgd_updates_in_place_and_zeroes_grads():
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    (p ** 2).sum().backward()                        # grad 2p
    xint.sgd([p], lr=0.1, batch_size=2)              # p - 0.1 * 2p / 2
    numpy.testing.assert_allclose(p.detach().numpy(), [0.9, 1.8], rtol=1e-6)
    numpy.testing.assert_array_equal(p.grad.numpy(), [0.0, 0.0])
    assert p.is_leaf


def test_load_array_batches_in_order_when_not_training():
    X, y = torch.arange(10.0).reshape(5, 2), torch.arange(5)
    batches = list(xint.load_array((X, y), 2, is_train=False))
    assert [len(b[1]) for b in batches] == [2, 2, 1]
    numpy.testing.assert_array_equal(batches[1][0].numpy(), [[4, 5], [6, 7]])
    shuffled = torch.cat([b[1] for b in xint.load_array((X, y), 2)]).numpy()
    assert sorted(shuffled.tolist()) == [0, 1, 2, 3, 4]


def test_one_hot_softmax_cross_entropy_accuracy():
    numpy.testing.assert_array_equal(xint.one_hot(torch.tensor([0, 2]), 3).numpy(),
                                     [[1, 0, 0], [0, 0, 1]])
    X = torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [1000.0, 0.0, 0.0]])
    e = numpy.exp([1.0, 2.0, 3.0])
    expected = [e / e.sum(), [1 / 3] * 3, [1, 0, 0]]
    numpy.testing.assert_allclose(xint.softmax(X).numpy(), expected, rtol=1e-6)
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    y = torch.tensor([0, 2])
    numpy.testing.assert_allclose(xint.cross_entropy(y_hat, y).numpy(),
                                  [-math.log(0.1), -math.log(0.5)], rtol=1e-6)
    assert xint.accuracy(y_hat, y) == 1.0
    assert xint.accuracy(torch.tensor([1, 2, 2]), torch.tensor([1, 2, 0])) == 2.0


def test_softmax_cross_entropy_gradient_is_p_minus_onehot():
    Z = torch.tensor([[0.5, -1.0, 2.0]], requires_grad=True)
    xint.cross_entropy(xint.softmax(Z), torch.tensor([1])).sum().backward()
    p = numpy.exp([0.5, -1.0, 2.0]) / numpy.exp([0.5, -1.0, 2.0]).sum()
    numpy.testing.assert_allclose(Z.grad.numpy(), [p - [0, 1, 0]], rtol=1e-5)


def test_evaluate_accuracy_and_loss():
    X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    y = torch.tensor([0, 1, 1, 1])
    it = xint.load_array((X, y), 3, is_train=False)
    assert xint.evaluate_accuracy(lambda X: X, it) == 0.75
    net = nn.Linear(1, 1)
    with torch.no_grad():
        net.weight.fill_(2.0)
        net.bias.fill_(0.0)
    it = xint.load_array((torch.tensor([[1.0], [2.0]]), torch.tensor([1.0, 1.0])), 1, False)
    # outputs 2 and 4 against 1: squared errors 1 and 9
    assert xint.evaluate_loss(net, it, nn.MSELoss(reduction="none")) == pytest.approx(5.0)


def test_corr2d_values_and_gradient():
    X = torch.arange(9.0).reshape(3, 3)
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]], requires_grad=True)
    Y = xint.corr2d(X, K)
    numpy.testing.assert_array_equal(Y.detach().numpy(), [[19, 25], [37, 43]])
    Y.sum().backward()                   # dY/dK[i, j] = sum of the window X[i:i+2, j:j+2]
    numpy.testing.assert_array_equal(K.grad.numpy(), [[8, 12], [20, 24]])


def test_devices_and_labels():
    assert xint.try_gpu() == torch.device("cpu") and xint.try_gpu(3) == torch.device("cpu")
    assert xint.try_all_gpus() == [torch.device("cpu")]
    assert xint.get_fashion_mnist_labels(torch.tensor([0, 9, 5])) == ["t-shirt", "ankle boot",
                                                                     "sandal"]


def test_train_ch3_linear_regression():
    torch.manual_seed(1)
    true_w = torch.tensor([2.0, -3.4])
    X, y = xint.synthetic_data(true_w, 4.2, 1000)
    w = torch.zeros((2, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    it = xint.load_array((X, y), 10)
    loss, _, _ = xint.train_ch3(lambda X: xint.linreg(X, w, b), it, it, xint.squared_loss, 3,
                                lambda bs: xint.sgd([w, b], 0.03, bs), verbose=False)
    assert loss < 1e-3
    numpy.testing.assert_allclose(w.detach().numpy()[:, 0], [2.0, -3.4], atol=0.01)
    numpy.testing.assert_allclose(b.detach().numpy(), [4.2], atol=0.01)


def _blobs(n, seed):
    rng = numpy.random.default_rng(seed)
    labels = rng.integers(0, 3, n)
    centres = numpy.array([[3.0, 0.0], [-3.0, 0.0], [0.0, 3.0]])
    X = centres[labels] + rng.standard_normal((n, 2))
    return torch.tensor(X.astype(numpy.float32)), torch.tensor(labels)


def test_train_ch3_softmax_regression_scratch_and_concise():
    torch.manual_seed(0)
    train_iter = xint.load_array(_blobs(600, 0), 32)
    test_iter = xint.load_array(_blobs(300, 1), 32, is_train=False)
    W = torch.normal(0, 0.01, size=(2, 3), requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    net = lambda X: xint.softmax(torch.matmul(X, W) + b)      # noqa: E731
    loss, train_acc, test_acc = xint.train_ch3(
        net, train_iter, test_iter, xint.cross_entropy, 5,
        lambda bs: xint.sgd([W, b], 0.1, bs), verbose=False)
    assert loss < 0.3 and train_acc > 0.9 and test_acc > 0.9
    net = nn.Sequential(nn.Linear(2, 3))
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss, train_acc, test_acc = xint.train_ch3(net, train_iter, test_iter,
                                               nn.CrossEntropyLoss(reduction="none"), 5,
                                               trainer, verbose=False)
    assert loss < 0.3 and train_acc > 0.9 and test_acc > 0.9


def test_train_ch6_on_a_tiny_cnn(capsys):
    torch.manual_seed(0)
    rng = numpy.random.default_rng(0)
    labels = rng.integers(0, 2, 64)
    X = rng.random((64, 1, 6, 6)).astype(numpy.float32) * 0.1
    X[labels == 1, :, :3] += 1.0                       # class 1: bright top half
    it = xint.load_array((torch.tensor(X), torch.tensor(labels)), 16)
    net = nn.Sequential(nn.Conv2d(1, 4, kernel_size=3), nn.ReLU(), nn.Flatten(),
                        nn.Linear(64, 2))
    loss, train_acc, test_acc = xint.train_ch6(net, it, it, 10, 0.1, xint.try_gpu())
    out = capsys.readouterr().out
    assert out.startswith("training on cpu\n") and "examples/sec on cpu" in out
    assert test_acc > 0.9 and math.isfinite(loss)


def test_progress_is_a_carriage_return_line_on_a_tty(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    tty = Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    it = xint.load_array((torch.ones((4, 2)), torch.zeros(4, dtype=torch.long)), 2)
    xint.train_ch3(nn.Linear(2, 2), it, it, nn.CrossEntropyLoss(reduction="none"), 2,
                   torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1))
    text = tty.getvalue()
    assert text.count("\r") == 2 and "epoch 2.00/2" in text and text.endswith("\n")
    assert "train loss" in text and "test acc" in text


def test_progress_is_quiet_when_not_a_tty(capsys):
    it = xint.load_array((torch.ones((4, 2)), torch.zeros(4, dtype=torch.long)), 2)
    net = nn.Linear(2, 2)
    xint.train_ch3(net, it, it, nn.CrossEntropyLoss(reduction="none"), 1,
                   torch.optim.SGD(net.parameters(), lr=0.1))
    assert capsys.readouterr().out == ""


def _write_fashion(root, n_train=10, n_test=5, gz=False):
    rng = numpy.random.default_rng(0)
    out = {}
    for train, n in ((True, n_train), (False, n_test)):
        images = rng.integers(0, 256, (n, 28, 28), dtype=numpy.uint8)
        labels = rng.integers(0, 10, n, dtype=numpy.uint8)
        img_name, lab_name = datasets.FILES[train]
        suffix = ".gz" if gz else ""
        datasets.write_idx(root / (img_name + suffix), images)
        datasets.write_idx(root / (lab_name + suffix), labels)
        out[train] = images, labels
    return out


def test_load_data_fashion_mnist_reads_idx_files(tmp_path):
    arrays = _write_fashion(tmp_path, gz=True)
    train_iter, test_iter = xint.load_data_fashion_mnist(4, root=str(tmp_path))
    X, y = next(iter(test_iter))                       # test set: not shuffled
    assert X.shape == (4, 1, 28, 28) and X.dtype == torch.float32 and y.dtype == torch.int64
    numpy.testing.assert_allclose(X.numpy()[:, 0], arrays[False][0][:4] / 255, rtol=1e-6)
    numpy.testing.assert_array_equal(y.numpy(), arrays[False][1][:4])
    assert [len(b[1]) for b in train_iter] == [4, 4, 2]
    assert sorted(torch.cat([b[1] for b in train_iter]).tolist()) == sorted(arrays[True][1])


def test_load_data_fashion_mnist_uses_xint_data(tmp_path, monkeypatch):
    _write_fashion(tmp_path)
    monkeypatch.setenv("XINT_DATA", str(tmp_path))
    X, _ = next(iter(xint.load_data_fashion_mnist(5, resize=32)[1]))
    assert X.shape == (5, 1, 32, 32)


def test_resize_is_half_pixel_bilinear(tmp_path):
    images = numpy.zeros((2, 28, 28), dtype=numpy.uint8)
    images[:, :, 14:] = 255                      # left half black, right half white
    for train in (True, False):
        datasets.write_idx(tmp_path / datasets.FILES[train][0], images)
        datasets.write_idx(tmp_path / datasets.FILES[train][1], numpy.zeros(2, numpy.uint8))
    X, _ = next(iter(xint.load_data_fashion_mnist(2, resize=56, root=str(tmp_path))[1]))
    row = X.numpy()[0, 0, 0] * 255
    # output pixel 27 samples x = 27.5 / 2 - 0.5 = 13.25 (a quarter of the way to white),
    # pixel 28 samples x = 13.75
    numpy.testing.assert_allclose(row[26:30], [0, 64, 191, 255], atol=1e-3)
    assert (row[:26] == 0).all() and (row[30:] == 255).all()
    same, _ = next(iter(xint.load_data_fashion_mnist(2, resize=28, root=str(tmp_path))[1]))
    numpy.testing.assert_allclose(same.numpy()[:, 0] * 255, images, atol=1e-3)


def test_load_data_fashion_mnist_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.*not found in"):
        xint.load_data_fashion_mnist(4, root=str(tmp_path))


def test_predict_ch3_titles(tmp_path):
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    arrays = _write_fashion(tmp_path)
    _, test_iter = xint.load_data_fashion_mnist(5, root=str(tmp_path))
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with torch.no_grad():
        net[1].weight.zero_()
        net[1].bias.copy_(torch.arange(10.0))          # always predicts class 9
    titles = xint.predict_ch3(net, test_iter, n=3)
    truths = xint.get_fashion_mnist_labels(arrays[False][1][:3])
    assert titles == [t + "\nankle boot" for t in truths]


def test_progress_uses_the_animator_in_jupyter(monkeypatch):
    from xint.utils import _progress, plotting
    calls = []

    class FakeAnimator:
        def __init__(self, **kwargs):
            calls.append(("init", kwargs["legend"], kwargs["xlim"]))

        def add(self, x, y):
            calls.append((x, len(y)))
    monkeypatch.setattr(_progress, "in_jupyter", lambda: True)
    monkeypatch.setattr(plotting, "Animator", FakeAnimator)
    it = xint.load_array((torch.ones((4, 2)), torch.zeros(4, dtype=torch.long)), 2)
    net = nn.Linear(2, 2)
    xint.train_ch3(net, it, it, nn.CrossEntropyLoss(reduction="none"), 2,
                   torch.optim.SGD(net.parameters(), lr=0.1))
    assert calls == [("init", ["train loss", "train acc", "test acc"], [1, 2]), (1, 3), (2, 3)]
