"""Training parity with real MXNet (npx.set_np()): a Gluon MLP trained with Trainer and a Gluon
LeNet step, from the same weights and the same batches, give the same losses and gradients
(float32, rtol 1e-4) in xint's MXNet dialect and in real MXNet."""
import types

import numpy
import pytest

from xint import mxnet as xmx
from xint.testing import require_framework

RNG = numpy.random.default_rng(11)
X = RNG.normal(size=(200, 20)).astype(numpy.float32)
TRUE_W = RNG.normal(size=(20, 3)).astype(numpy.float32)
Y = (X @ TRUE_W + 0.5 * RNG.normal(size=(200, 3))).argmax(axis=1).astype(numpy.float32)
IMAGES = RNG.uniform(size=(8, 1, 28, 28)).astype(numpy.float32)
LABELS = RNG.integers(0, 10, size=8).astype(numpy.float32)


def _real_mxnet():
    require_framework("mxnet")
    from mxnet import autograd, gluon, init, np, npx
    npx.set_np()
    return types.SimpleNamespace(np=np, npx=npx, autograd=autograd, gluon=gluon, init=init)


def _load(net, mx, seed):
    rng = numpy.random.default_rng(seed)
    for param in net.collect_params().values():
        param.set_data(mx.np.array((0.2 * rng.normal(size=param.shape)).astype(numpy.float32)))


def mlp(mx):
    """D2L's concise MLP: Sequential Dense layers, SoftmaxCrossEntropyLoss, Trainer('sgd')."""
    nn = mx.gluon.nn
    net = nn.Sequential()
    net.add(nn.Dense(32, activation="relu"), nn.Dense(3))
    net.initialize(mx.init.Normal(0.01))
    x, y = mx.np.array(X), mx.np.array(Y)
    net(x[:1])                                     # finishes the deferred initialisation
    _load(net, mx, 1)
    loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    losses = []
    for _ in range(3):
        for i in range(0, len(X), 20):
            with mx.autograd.record():
                batch_loss = loss(net(x[i:i + 20]), y[i:i + 20])
            batch_loss.backward()
            trainer.step(20)
        losses.append(float(loss(net(x), y).mean()))
    return losses


def lenet_step(mx):
    """D2L's MXNet LeNet (sigmoid, average pooling): loss and gradients after one backward."""
    nn = mx.gluon.nn
    net = nn.Sequential()
    net.add(nn.Conv2D(channels=6, kernel_size=5, padding=2, activation="sigmoid"),
            nn.AvgPool2D(pool_size=2, strides=2),
            nn.Conv2D(channels=16, kernel_size=5, activation="sigmoid"),
            nn.AvgPool2D(pool_size=2, strides=2),
            nn.Dense(120, activation="sigmoid"),
            nn.Dense(84, activation="sigmoid"),
            nn.Dense(10))
    net.initialize()
    x, y = mx.np.array(IMAGES), mx.np.array(LABELS)
    net(x)
    _load(net, mx, 2)
    loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    with mx.autograd.record():
        batch_loss = loss(net(x), y).mean()
    batch_loss.backward()
    params = net.collect_params().values()
    return [float(batch_loss)] + [p.grad().asnumpy() for p in params]


@pytest.mark.conformance
def test_mlp_training_matches_mxnet():
    real = _real_mxnet()
    numpy.testing.assert_allclose(mlp(xmx), mlp(real), rtol=1e-4)


@pytest.mark.conformance
def test_lenet_step_matches_mxnet():
    real = _real_mxnet()
    mine, theirs = lenet_step(xmx), lenet_step(real)
    assert len(mine) == len(theirs) == 1 + 10
    for a, b in zip(mine, theirs):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-7)


def test_mlp_training_lowers_the_loss():
    """Without MXNet: the program learns."""
    losses = mlp(xmx)
    assert losses[-1] < losses[0]
