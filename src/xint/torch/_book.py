"""The D2L book helpers for `from xint import torch as xint` (d2l 0.17.6's torch helpers).

They are written against the names a PyTorch user has (torch, nn, data) and nothing else, so the
same code runs on xint's engine and, with XINT_ENGINE=framework, on real PyTorch: `_bind` below
picks those names once, at import.
"""
import os
import sys
import types

import numpy

from .. import datasets as _datasets
from ..utils import Accumulator, Timer as _Timer
from ..utils._progress import (Progress as _Progress, run_epochs as _run_epochs,
                               show_titled_images as _show_images)

FRAMEWORK = os.environ.get("XINT_ENGINE", "").lower() == "framework"


def _bind():
    if FRAMEWORK:
        try:
            import torch
        except ImportError as e:
            raise ImportError("XINT_ENGINE=framework needs PyTorch: pip install torch") from e
        from torch import nn
        from torch.utils import data
        np = types.ModuleType("xint.torch.np", "torch with NumPy-style aliases.")
        np.__dict__.update({k: getattr(torch, k) for k in dir(torch) if not k.startswith("_")})
        np.array, np.concatenate = torch.tensor, torch.cat
        return torch, nn, data, np
    torch = sys.modules[__package__].torch      # the dialect's torch namespace
    from . import nn
    from .utils import data
    return torch, nn, data, None


torch, nn, data, _np = _bind()

__all__ = ["synthetic_data", "linreg", "squared_loss", "sgd", "load_array", "one_hot", "softmax",
           "cross_entropy", "accuracy", "evaluate_accuracy", "evaluate_loss", "Accumulator",
           "train_epoch_ch3", "train_ch3", "predict_ch3", "evaluate_accuracy_gpu", "train_ch6",
           "corr2d", "try_gpu", "try_all_gpus", "get_fashion_mnist_labels",
           "load_data_fashion_mnist"]


def framework_namespace():
    """What `from xint import torch as xint` binds in framework mode: real torch's names plus np."""
    names = {k: getattr(torch, k) for k in dir(torch) if not k.startswith("_")}
    names.update(torch=torch, np=_np, nn=nn, data=data)
    names.update((k, globals()[k]) for k in __all__)       # the book's helpers win
    return names


# ---- chapter 3: linear and softmax regression from scratch -------------------------------------
def synthetic_data(w, b, num_examples):
    """y = Xw + b + N(0, 0.01²) noise, X ~ N(0, 1); y shaped (num_examples, 1)."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    """Minibatch SGD in place on leaf tensors, then zero their gradients."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def load_array(data_arrays, batch_size, is_train=True):
    return data.DataLoader(data.TensorDataset(*data_arrays), batch_size, shuffle=is_train)


def one_hot(indices, num_classes=-1):
    return nn.functional.one_hot(indices, num_classes)


def softmax(X, dim=1):
    """exp(X) / sum(exp(X)) along dim (max subtracted first: same value, no overflow)."""
    X_exp = torch.exp(X - X.max(dim, keepdim=True)[0].detach())
    return X_exp / X_exp.sum(dim, keepdim=True)


def cross_entropy(y_hat, y):
    """-log of the probability y_hat gives to each true class y."""
    return -torch.log(y_hat[list(range(len(y_hat))), y])


def accuracy(y_hat, y):
    """Number of correct predictions (a Python float)."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(dim=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())



def evaluate_accuracy(net, data_iter):
    if isinstance(net, nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def evaluate_loss(net, data_iter, loss):
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            out = net(X)
            l = loss(out, y.reshape(out.shape))
            metric.add(l.sum(), l.numel())
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):
    """One epoch; returns (mean training loss, training accuracy)."""
    if isinstance(net, nn.Module):
        net.train()
    metric = Accumulator(3)
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.detach().sum()), accuracy(y_hat, y), y.numel())
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
    preds = get_fashion_mnist_labels(net(X).argmax(dim=1))
    titles = [true + "\n" + pred for true, pred in zip(trues, preds)][:n]
    _show_images(X[0:n].reshape((n, X.shape[-2], X.shape[-1])).detach().numpy(), titles)
    return titles


# ---- chapter 6: convolutions and training on a device ------------------------------------------
def corr2d(X, K):
    """2-D cross-correlation: one shifted slice of X per kernel entry (no per-pixel loop)."""
    h, w = K.shape
    H, W = X.shape[0] - h + 1, X.shape[1] - w + 1
    Y = torch.zeros((H, W))
    for i in range(h):
        for j in range(w):
            Y = Y + X[i:i + H, j:j + W] * K[i, j]
    return Y


def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return torch.device(f"cuda:{i}")
    return torch.device("cpu")


def try_all_gpus():
    devices = [torch.device(f"cuda:{i}") for i in range(torch.cuda.device_count())]
    return devices if devices else [torch.device("cpu")]


def evaluate_accuracy_gpu(net, data_iter, device=None):
    if isinstance(net, nn.Module):
        net.eval()
        if not device:
            device = next(iter(net.parameters())).device
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(device), y.to(device)
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device=None, verbose=True):
    """Xavier-initialise, train with SGD + cross-entropy on device; returns
    (train loss, train acc, test acc)."""
    device = device if device is not None else try_gpu()

    def init_weights(m):
        if type(m) == nn.Linear or type(m) == nn.Conv2d:
            nn.init.xavier_uniform_(m.weight)
    net.apply(init_weights)
    if verbose:
        print("training on", device)
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    progress = _Progress(num_epochs, ["train loss", "train acc", "test acc"], verbose)
    timer, num_batches = _Timer(), len(train_iter)
    for epoch in range(num_epochs):
        metric = Accumulator(3)
        net.train()
        for i, (X, y) in enumerate(train_iter):
            timer.start()
            optimizer.zero_grad()
            X, y = X.to(device), y.to(device)
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            optimizer.step()
            with torch.no_grad():
                metric.add(l * X.shape[0], accuracy(y_hat, y), X.shape[0])
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
    """(train, test) DataLoaders of ((N, 1, H, W) float32 in [0, 1], int64 labels), read from the
    IDX files in root (else $XINT_DATA, else ../data); never downloads."""
    root = _datasets.data_dir(root)
    iters = []
    for train in (True, False):
        images, labels = _datasets.load_fashion_mnist(root, train=train)
        if resize:
            size = (resize, resize) if isinstance(resize, int) else tuple(resize)
            images = _datasets.resize_bilinear(images, *size, h_axis=1)
        X = torch.tensor(images[:, None].astype(numpy.float32) / 255)
        y = torch.tensor(labels.astype(numpy.int64))
        iters.append(data.DataLoader(data.TensorDataset(X, y), batch_size, shuffle=train))
    return tuple(iters)
