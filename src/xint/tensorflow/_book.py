"""The D2L book helpers for `from xint import tensorflow as xint` (d2l 0.17.6's tensorflow helpers).

They are written against the names a TensorFlow user has (tf, and tf.experimental.numpy as np)
and nothing else, so the same code runs on xint's engine and, with XINT_ENGINE=framework, on real
TensorFlow with NumPy behaviour enabled: `_bind` below picks those names once, at import.
"""
import os
import sys

import numpy

from .. import datasets as _datasets
from ..utils import Accumulator, Timer as _Timer
from ..utils._progress import (Progress as _Progress, run_epochs as _run_epochs,
                               show_titled_images as _show_images)

FRAMEWORK = os.environ.get("XINT_ENGINE", "").lower() == "framework"


def _bind():
    if FRAMEWORK:
        try:
            import tensorflow as tf
        except ImportError as e:
            raise ImportError("XINT_ENGINE=framework needs TensorFlow: pip install tensorflow") \
                from e
        import tensorflow.experimental.numpy as np
        np.experimental_enable_numpy_behavior()
        return tf, np
    tf = sys.modules[__package__].tf            # the dialect's tf namespace
    from . import numpy as np
    return tf, np


tf, np = _bind()

__all__ = ["synthetic_data", "linreg", "squared_loss", "sgd", "Updater", "load_array", "normal",
           "softmax", "cross_entropy", "accuracy", "evaluate_accuracy", "evaluate_loss",
           "Accumulator", "train_epoch_ch3", "train_ch3", "predict_ch3", "train_ch6", "corr2d",
           "try_gpu", "try_all_gpus", "get_fashion_mnist_labels", "load_data_fashion_mnist"]
# (one_hot is tf.one_hot, already a name of this dialect, as in d2l)


def framework_namespace():
    """What `from xint import tensorflow as xint` binds in framework mode: real tf's names, np."""
    names = {k: getattr(tf, k) for k in dir(tf) if not k.startswith("_")}
    names.update(tf=tf, np=np)
    names.update((k, globals()[k]) for k in __all__)
    return names


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return tf.random.normal(shape, mean=mean, stddev=stddev,
                            dtype=dtype if dtype is not None else tf.float32, seed=seed)


# ---- chapter 3: linear and softmax regression from scratch -------------------------------------
def synthetic_data(w, b, num_examples):
    """y = Xw + b + N(0, 0.01²) noise, X ~ N(0, 1); y shaped (num_examples, 1)."""
    X = tf.zeros((num_examples, w.shape[0]))
    X += tf.random.normal(shape=X.shape)
    y = tf.matmul(X, tf.reshape(w, (-1, 1))) + b
    y += tf.random.normal(shape=y.shape, stddev=0.01)
    return X, tf.reshape(y, (-1, 1))


def linreg(X, w, b):
    return tf.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - tf.reshape(y, y_hat.shape)) ** 2 / 2


def sgd(params, grads, lr, batch_size):
    """Minibatch SGD on tf.Variables, given their gradients."""
    for param, grad in zip(params, grads):
        param.assign_sub(lr * grad / batch_size)


class Updater:
    """sgd bound to its parameters, as train_epoch_ch3 calls it: updater(batch_size, grads)."""

    def __init__(self, params, lr):
        self.params, self.lr = params, lr

    def __call__(self, batch_size, grads):
        sgd(self.params, grads, self.lr, batch_size)


def load_array(data_arrays, batch_size, is_train=True):
    dataset = tf.data.Dataset.from_tensor_slices(data_arrays)
    if is_train:
        dataset = dataset.shuffle(buffer_size=1000)
    return dataset.batch(batch_size)


def softmax(X):
    """exp(X) / sum(exp(X)) along axis 1 (max subtracted first: same value, no overflow)."""
    X_exp = tf.exp(X - tf.stop_gradient(tf.reduce_max(X, 1, keepdims=True)))
    return X_exp / tf.reduce_sum(X_exp, 1, keepdims=True)


def cross_entropy(y_hat, y):
    """-log of the probability y_hat gives to each true class y."""
    mask = tf.cast(tf.one_hot(y, depth=y_hat.shape[-1]), tf.bool)
    return -tf.math.log(tf.boolean_mask(y_hat, mask))


def accuracy(y_hat, y):
    """Number of correct predictions (a Python float)."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = tf.argmax(y_hat, axis=1)
    cmp = tf.cast(y_hat, y.dtype) == y
    return float(tf.reduce_sum(tf.cast(cmp, y.dtype)))



def evaluate_accuracy(net, data_iter):
    metric = Accumulator(2)
    for X, y in data_iter:
        metric.add(accuracy(net(X), y), tf.size(y))
    return metric[0] / metric[1]


def evaluate_loss(net, data_iter, loss):
    metric = Accumulator(2)
    for X, y in data_iter:
        l = loss(net(X), y)
        metric.add(tf.reduce_sum(l), tf.size(l))
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):
    """One epoch; returns (mean training loss, training accuracy). A Keras loss is called as
    loss(y, y_hat) and gives the batch mean; a book loss is loss(y_hat, y) per example."""
    metric = Accumulator(3)
    keras_loss = isinstance(loss, tf.keras.losses.Loss)
    for X, y in train_iter:
        with tf.GradientTape() as tape:
            y_hat = net(X)
            l = loss(y, y_hat) if keras_loss else loss(y_hat, y)
        if isinstance(updater, tf.keras.optimizers.Optimizer):
            params = net.trainable_variables
            grads = tape.gradient(l, params)
            updater.apply_gradients(zip(grads, params))
        else:
            updater(X.shape[0], tape.gradient(l, updater.params))
        l_sum = l * float(tf.size(y)) if keras_loss else tf.reduce_sum(l)
        metric.add(l_sum, accuracy(y_hat, y), tf.size(y))
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
    preds = get_fashion_mnist_labels(tf.argmax(net(X), axis=1))
    titles = [true + "\n" + pred for true, pred in zip(trues, preds)][:n]
    _show_images(tf.reshape(X[0:n], (n, X.shape[1], X.shape[2])).numpy(), titles)
    return titles


# ---- chapter 6: convolutions and training on a device ------------------------------------------
def corr2d(X, K):
    """2-D cross-correlation: one shifted slice of X per kernel entry (no per-pixel loop)."""
    h, w = K.shape
    H, W = X.shape[0] - h + 1, X.shape[1] - w + 1
    Y = tf.zeros((H, W), dtype=X.dtype)
    for i in range(h):
        for j in range(w):
            Y = Y + X[i:i + H, j:j + W] * K[i, j]
    return Y


def try_gpu(i=0):
    if len(tf.config.experimental.list_physical_devices("GPU")) >= i + 1:
        return tf.device(f"/GPU:{i}")
    return tf.device("/CPU:0")


def try_all_gpus():
    num_gpus = len(tf.config.experimental.list_physical_devices("GPU"))
    devices = [tf.device(f"/GPU:{i}") for i in range(num_gpus)]
    return devices if devices else [tf.device("/CPU:0")]


def train_ch6(net_fn, train_iter, test_iter, num_epochs, lr, device=None, verbose=True):
    """Build net_fn() on device, train it with SGD and sparse softmax cross-entropy through a
    GradientTape loop; returns the net (as d2l does)."""
    device = device if device is not None else try_gpu()
    device_name = getattr(device, "_device_name", None) or "/CPU:0"
    with tf.device(device_name):
        optimizer = tf.keras.optimizers.SGD(learning_rate=lr)
        loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        net = net_fn()
        progress = _Progress(num_epochs, ["train loss", "train acc", "test acc"], verbose)
        timer = _Timer()
        for epoch in range(num_epochs):
            timer.start()
            metric = Accumulator(3)
            for X, y in train_iter:
                with tf.GradientTape() as tape:
                    y_hat = net(X, training=True)
                    l = loss(y, y_hat)
                params = net.trainable_variables
                optimizer.apply_gradients(zip(tape.gradient(l, params), params))
                metric.add(l * float(tf.size(y)), accuracy(y_hat, y), tf.size(y))
            timer.stop()
            train_l, train_acc = metric[0] / metric[2], metric[1] / metric[2]
            test_acc = evaluate_accuracy(lambda X: net(X, training=False), test_iter)
            progress.add(epoch + 1, (train_l, train_acc, test_acc))
        progress.close()
    if verbose:
        print(f"loss {train_l:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}")
        print(f"{metric[2] / timer.avg():.1f} examples/sec on {device_name}")
    return net


# ---- Fashion-MNIST from local IDX files ----------------------------------------------------------
get_fashion_mnist_labels = _datasets.fashion_mnist_labels


def load_data_fashion_mnist(batch_size, resize=None, root=None):
    """(train, test) tf.data pipelines of ((N, H, W, 1) float32 in [0, 1], int32 labels), read
    from the IDX files in root (else $XINT_DATA, else ../data); never downloads. As in d2l the
    training set is batched, then the batches shuffled; resize is bilinear (resize_with_pad on a
    square image), done once on the whole set."""
    root = _datasets.data_dir(root)
    iters = []
    for train in (True, False):
        images, labels = _datasets.load_fashion_mnist(root, train=train)
        X = images[..., None].astype(numpy.float32) / 255
        if resize:
            X = tf.image.resize_with_pad(X, resize, resize)
        ds = tf.data.Dataset.from_tensor_slices((tf.constant(X),
                                                 tf.constant(labels.astype(numpy.int32))))
        ds = ds.batch(batch_size)
        iters.append(ds.shuffle(len(images)) if train else ds)
    return tuple(iters)
