"""Training parity with real torch: the same D2L-style programs, from the same weights and the
same batches, give the same per-epoch losses (float32, rtol 1e-4) in xint's torch dialect and in
real torch; a LeNet step gives the same loss and gradients."""
import numpy
import pytest

from xint import torch as xtorch
from xint.testing import require_framework

RNG = numpy.random.default_rng(7)
X = RNG.normal(size=(200, 20)).astype(numpy.float32)
TRUE_W = RNG.normal(size=(20, 3)).astype(numpy.float32)
Y = (X @ TRUE_W + 0.5 * RNG.normal(size=(200, 3))).argmax(axis=1)
W1 = (0.1 * RNG.normal(size=(20, 32))).astype(numpy.float32)
W2 = (0.1 * RNG.normal(size=(32, 3))).astype(numpy.float32)
IMAGES = RNG.uniform(size=(8, 1, 28, 28)).astype(numpy.float32)
LABELS = RNG.integers(0, 10, size=8)
CONV1 = (0.2 * RNG.normal(size=(6, 1, 5, 5))).astype(numpy.float32)
CONV2 = (0.1 * RNG.normal(size=(16, 6, 5, 5))).astype(numpy.float32)
DENSE = (0.05 * RNG.normal(size=(16 * 5 * 5, 10))).astype(numpy.float32)


def sgd(params, lr, torch):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad.zero_()


def train(torch, model, params, epochs=3, batch=20, lr=0.1):
    """D2L's from-scratch loop: minibatch SGD on the mean cross-entropy; per-epoch mean loss."""
    F = torch.nn.functional
    x, y = torch.tensor(X), torch.tensor(Y)
    losses = []
    for _ in range(epochs):
        for i in range(0, len(X), batch):
            loss = F.cross_entropy(model(x[i:i + batch]), y[i:i + batch])
            loss.backward()
            sgd(params, lr, torch)
        with torch.no_grad():
            losses.append(float(F.cross_entropy(model(x), y)))
    return losses


def softmax_regression(torch):
    w = torch.tensor(W1[:, :3].copy(), requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    return train(torch, lambda x: x @ w + b, [w, b])


def mlp(torch):
    w1 = torch.tensor(W1, requires_grad=True)
    b1 = torch.zeros(32, requires_grad=True)
    w2 = torch.tensor(W2, requires_grad=True)
    b2 = torch.zeros(3, requires_grad=True)
    return train(torch, lambda x: torch.relu(x @ w1 + b1) @ w2 + b2, [w1, b1, w2, b2])


def lenet_step(torch):
    """D2L's LeNet (sigmoid, average pooling) forward and backward on one batch."""
    F = torch.nn.functional
    k1 = torch.tensor(CONV1, requires_grad=True)
    k2 = torch.tensor(CONV2, requires_grad=True)
    d = torch.tensor(DENSE, requires_grad=True)
    h = F.avg_pool2d(torch.sigmoid(F.conv2d(torch.tensor(IMAGES), k1, padding=2)), 2)
    h = F.avg_pool2d(torch.sigmoid(F.conv2d(h, k2)), 2)
    loss = F.cross_entropy(h.reshape(8, -1) @ d, torch.tensor(LABELS))
    loss.backward()
    return [loss.item()] + [p.grad.numpy() for p in (k1, k2, d)]


@pytest.mark.conformance
@pytest.mark.parametrize("program", [softmax_regression, mlp], ids=["softmax", "mlp"])
def test_training_losses_match_torch(program):
    require_framework("torch")
    import torch
    numpy.testing.assert_allclose(program(xtorch), program(torch), rtol=1e-4)


@pytest.mark.conformance
def test_lenet_step_matches_torch():
    require_framework("torch")
    import torch
    mine, real = lenet_step(xtorch), lenet_step(torch)
    for a, b in zip(mine, real):
        numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-7)


def test_training_lowers_the_loss():
    """Without any framework: the programs learn."""
    for program in (softmax_regression, mlp):
        losses = program(xtorch)
        assert losses[-1] < losses[0]


LR_X = RNG.normal(size=(1000, 2)).astype(numpy.float32)
LR_Y = (LR_X @ numpy.array([2.0, -3.4]) + 4.2 + 0.01 * RNG.normal(size=1000)).astype(
    numpy.float32).reshape(-1, 1)


def concise(torch, net, loss, x, y, batch, lr, init, epochs=3):
    """D2L's concise training: nn layers, a built-in loss and optim.SGD, from given weights."""
    with torch.no_grad():
        for p, value in zip(net.parameters(), init):
            p.copy_(torch.tensor(value))
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    x, y = torch.tensor(x), torch.tensor(y)
    losses = []
    for _ in range(epochs):
        for i in range(0, len(x), batch):
            trainer.zero_grad()
            loss(net(x[i:i + batch]), y[i:i + batch]).backward()
            trainer.step()
        with torch.no_grad():
            losses.append(loss(net(x), y).item())
    return losses


def linreg_concise(torch):
    nn = torch.nn
    init = [numpy.array([[0.01, -0.02]], numpy.float32), numpy.zeros(1, numpy.float32)]
    return concise(torch, nn.Sequential(nn.Linear(2, 1)), nn.MSELoss(), LR_X, LR_Y, 10, 0.03,
                   init)


def mlp_concise(torch):
    nn = torch.nn
    net = nn.Sequential(nn.Flatten(), nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 3))
    init = [W1.T.copy(), numpy.zeros(32, numpy.float32), W2.T.copy(), numpy.zeros(3, numpy.float32)]
    return concise(torch, net, nn.CrossEntropyLoss(), X, Y, 20, 0.1, init)


@pytest.mark.conformance
@pytest.mark.parametrize("program", [linreg_concise, mlp_concise], ids=["linreg", "mlp"])
def test_concise_training_matches_torch(program):
    require_framework("torch")
    import torch
    numpy.testing.assert_allclose(program(xtorch), program(torch), rtol=1e-4)
