"""The D2L book helpers for `from xint import mxnet as xint` (d2l 0.17.6's mxnet helpers).

They are written against the names an MXNet user has (np, npx, autograd, gluon, init) and
nothing else, so the same code runs on xint's engine and, with XINT_ENGINE=framework, on real
MXNet (after npx.set_np()): `_bind` below picks those names once, at import.
"""
import os

import numpy

from .. import datasets as _datasets
from ..utils import Accumulator, Timer as _Timer
from ..utils._progress import (Progress as _Progress, run_epochs as _run_epochs,
                               show_titled_images as _show_images)

FRAMEWORK = os.environ.get("XINT_ENGINE", "").lower() == "framework"


def _bind():
    if FRAMEWORK:
        try:
            import mxnet
        except ImportError as e:
            raise ImportError("XINT_ENGINE=framework needs MXNet: pip install mxnet") from e
        from mxnet import autograd, gluon, init, np, npx
        npx.set_np()
        return np, npx, autograd, gluon, init, mxnet.base.MXNetError
    from . import autograd, gluon, init, npx
    from . import numpy as np
    from .base import MXNetError
    return np, npx, autograd, gluon, init, MXNetError


np, npx, autograd, gluon, init, _MXNetError = _bind()

__all__ = ["synthetic_data", "linreg", "squared_loss", "sgd", "load_array", "normal", "one_hot",
           "softmax", "cross_entropy", "accuracy", "evaluate_accuracy", "evaluate_loss",
           "Accumulator", "train_epoch_ch3", "train_ch3", "predict_ch3", "evaluate_accuracy_gpu",
           "train_ch6", "corr2d", "try_gpu", "try_all_gpus", "get_fashion_mnist_labels",
           "load_data_fashion_mnist"]


def framework_namespace():
    """What `from xint import mxnet as xint` binds in framework mode."""
    names = dict(np=np, npx=npx, autograd=autograd, gluon=gluon, init=init,
                 MXNetError=_MXNetError)
    names.update((k, globals()[k]) for k in __all__)
    return names


normal = np.random.normal
one_hot = npx.one_hot


# ---- chapter 3: linear and softmax regression from scratch -------------------------------------
def synthetic_data(w, b, num_examples):
    """y = Xw + b + N(0, 0.01²) noise, X ~ N(0, 1); y shaped (num_examples, 1)."""
    X = np.random.normal(0, 1, (num_examples, len(w)))
    y = np.dot(X, w) + b
    y += np.random.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def linreg(X, w, b):
    return np.dot(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    """Minibatch SGD, written into each parameter (its gradient is overwritten next backward)."""
    for param in params:
        param[:] = param - lr * param.grad / batch_size


def load_array(data_arrays, batch_size, is_train=True):
    return gluon.data.DataLoader(gluon.data.ArrayDataset(*data_arrays), batch_size,
                                 shuffle=is_train)


def softmax(X):
    """exp(X) / sum(exp(X)) along axis 1 (max subtracted first: same value, no overflow)."""
    X_exp = np.exp(X - X.max(axis=1, keepdims=True))
    return X_exp / X_exp.sum(axis=1, keepdims=True)


def cross_entropy(y_hat, y):
    """-log of the probability y_hat gives to each true class y."""
    return -np.log(y_hat[range(len(y_hat)), y.astype("int32")])


def accuracy(y_hat, y):
    """Number of correct predictions (a Python float)."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.astype(y.dtype) == y
    return float(cmp.astype(y.dtype).sum())



def evaluate_accuracy(net, data_iter):
    metric = Accumulator(2)
    for X, y in data_iter:
        metric.add(accuracy(net(X), y), y.size)
    return metric[0] / metric[1]


def evaluate_loss(net, data_iter, loss):
    metric = Accumulator(2)
    for X, y in data_iter:
        l = loss(net(X), y)
        metric.add(l.sum(), l.size)
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):
    """One epoch; returns (mean training loss, training accuracy)."""
    metric = Accumulator(3)
    if isinstance(updater, gluon.Trainer):
        updater = updater.step
    for X, y in train_iter:
        with autograd.record():
            y_hat = net(X)
            l = loss(y_hat, y)
        l.backward()
        updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.size)
    return metric[0] / metric[2], metric[1] / metric[2]


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater, verbose=True):
    """Train for num_epochs; returns (train loss, train acc, test acc) of the last epoch."""
    return _run_epochs(num_epochs, lambda: train_epoch_ch3(net, train_iter, loss, updater)
                       + (evaluate_accuracy(net, test_iter),),
                       ["train loss", "train acc", "test acc"], verbose)


def predict_ch3(net, test_iter, n=6):
    """Show the first n test images titled true/predicted label; returns the titles."""
    for X, y in test_iter:
        break
    trues = get_fashion_mnist_labels(y)
    preds = get_fashion_mnist_labels(net(X).argmax(axis=1))
    titles = [true + "\n" + pred for true, pred in zip(trues, preds)][:n]
    _show_images(X[0:n].reshape((n, X.shape[-2], X.shape[-1])).asnumpy(), titles)
    return titles


# ---- chapter 6: convolutions and training on a device ------------------------------------------
def corr2d(X, K):
    """2-D cross-correlation: one shifted slice of X per kernel entry (no per-pixel loop)."""
    h, w = K.shape
    H, W = X.shape[0] - h + 1, X.shape[1] - w + 1
    Y = np.zeros((H, W))
    for i in range(h):
        for j in range(w):
            Y = Y + X[i:i + H, j:j + W] * K[i, j]
    return Y


def try_gpu(i=0):
    return npx.gpu(i) if npx.num_gpus() >= i + 1 else npx.cpu()


def try_all_gpus():
    devices = [npx.gpu(i) for i in range(npx.num_gpus())]
    return devices if devices else [npx.cpu()]


def evaluate_accuracy_gpu(net, data_iter, device=None):
    if not device:
        device = list(net.collect_params().values())[0].list_ctx()[0]
    metric = Accumulator(2)
    for X, y in data_iter:
        X, y = X.as_in_ctx(device), y.as_in_ctx(device)
        metric.add(accuracy(net(X), y), y.size)
    return metric[0] / metric[1]


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device=None, verbose=True):
    """Xavier-initialise, train with SGD + softmax cross-entropy on device; returns
    (train loss, train acc, test acc)."""
    device = device if device is not None else try_gpu()
    net.initialize(force_reinit=True, ctx=device, init=init.Xavier())
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    progress = _Progress(num_epochs, ["train loss", "train acc", "test acc"], verbose)
    timer, num_batches = _Timer(), len(train_iter)
    for epoch in range(num_epochs):
        metric = Accumulator(3)
        for i, (X, y) in enumerate(train_iter):
            timer.start()
            X, y = X.as_in_ctx(device), y.as_in_ctx(device)
            with autograd.record():
                y_hat = net(X)
                l = loss(y_hat, y)
            l.backward()
            trainer.step(X.shape[0])
            metric.add(l.sum(), accuracy(y_hat, y), X.shape[0])
            timer.stop()
            train_l, train_acc = metric[0] / metric[2], metric[1] / metric[2]
            if (i + 1) % max(num_batches // 5, 1) == 0 or i == num_batches - 1:
                progress.add(epoch + (i + 1) / num_batches, (train_l, train_acc, None))
        test_acc = evaluate_accuracy_gpu(net, test_iter)
        progress.add(epoch + 1, (None, None, test_acc))
    progress.close()
    if verbose:
        print(f"loss {train_l:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}")
        print(f"{metric[2] * num_epochs / timer.sum():.1f} examples/sec on {device}")
    return train_l, train_acc, test_acc


# ---- Fashion-MNIST from local IDX files ----------------------------------------------------------
get_fashion_mnist_labels = _datasets.fashion_mnist_labels


def load_data_fashion_mnist(batch_size, resize=None, root=None):
    """(train, test) gluon DataLoaders of ((N, 1, H, W) float32 in [0, 1], int32 labels), read
    from the IDX files in root (else $XINT_DATA, else ../data); never downloads. The transforms
    (Resize, ToTensor) run once over the whole set rather than per example."""
    root = _datasets.data_dir(root)
    transforms = gluon.data.vision.transforms
    iters = []
    for train in (True, False):
        images, labels = _datasets.load_fashion_mnist(root, train=train)
        X = np.array(images[..., None])                       # (N, H, W, 1) uint8, as MXNet's
        if resize:
            X = transforms.Resize(resize)(X)
        X = transforms.ToTensor()(X)
        y = np.array(labels.astype(numpy.int32), dtype="int32")
        iters.append(gluon.data.DataLoader(gluon.data.ArrayDataset(X, y), batch_size,
                                           shuffle=train))
    return tuple(iters)
