"""End-to-end training on xint's MXNet dialect and on real MXNet 1.9.1, from the same initial
weights and the same batch order: D2L's linear regression and softmax regression from scratch, and
their concise Gluon versions (nn.Dense, gluon.loss, Trainer, DataLoader). The per-epoch losses of
3 epochs must agree at rtol 1e-4 (float32)."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}

# host NumPy makes the data, the initial weights and each epoch's batch order, so both sides see
# the same numbers
LINREG_DATA = """import numpy as onp
rs = onp.random.RandomState(0)
true_w, true_b = onp.array([2, -3.4]), 4.2
X_host = rs.normal(0, 1, (1000, 2))
y_host = X_host @ true_w + true_b + rs.normal(0, 0.01, 1000)
features = np.array(X_host.astype('float32'))
labels = np.array(y_host.astype('float32')).reshape(-1, 1)
w_host = rs.normal(0, 0.01, (2, 1)).astype('float32')
orders = [rs.permutation(1000) for _ in range(3)]
"""

LINREG_SCRATCH = LINREG_DATA + """w = np.array(w_host)
b = np.zeros(1)
w.attach_grad()
b.attach_grad()
def linreg(X, w, b):
    return np.dot(X, w) + b
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
def sgd(params, lr, batch_size):
    for param in params:
        param[:] = param - lr * param.grad / batch_size
lr, batch_size, epoch_losses = 0.03, 10, []
for order in orders:
    for k in range(0, 1000, batch_size):
        idx = np.array(order[k:k + batch_size], dtype='int32')
        X, y = features[idx], labels[idx]
        with autograd.record():
            l = squared_loss(linreg(X, w, b), y)
        l.backward()
        sgd([w, b], lr, batch_size)
    epoch_losses.append(float(squared_loss(linreg(features, w, b), labels).mean()))
onp.array(epoch_losses), w.reshape(-1), b
"""

LINREG_CONCISE = LINREG_DATA + """net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(1))
net.initialize(init.Normal(sigma=0.01))
net(features[:1])
net[0].weight.set_data(np.array(w_host.T))
net[0].bias.set_data(np.zeros(1))
loss = gluon.loss.L2Loss()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.03})
epoch_losses = []
for order in orders:
    data = gluon.data.ArrayDataset(features[np.array(order, dtype='int32')],
                                   labels[np.array(order, dtype='int32')])
    for X, y in gluon.data.DataLoader(data, 10):
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(10)
    epoch_losses.append(float(loss(net(features), labels).mean()))
onp.array(epoch_losses), net[0].weight.data(), net[0].bias.data()
"""

SOFTMAX_DATA = """import numpy as onp
rs = onp.random.RandomState(1)
centers = rs.normal(0, 2, (3, 4))
y_host = rs.randint(0, 3, 300)
X_host = centers[y_host] + rs.normal(0, 1, (300, 4))
features = np.array(X_host.astype('float32'))
labels = np.array(y_host, dtype='int32')
W_host = rs.normal(0, 0.01, (4, 3)).astype('float32')
orders = [rs.permutation(300) for _ in range(3)]
"""

SOFTMAX_SCRATCH = SOFTMAX_DATA + """W = np.array(W_host)
b = np.zeros(3)
W.attach_grad()
b.attach_grad()
def softmax(X):
    X_exp = np.exp(X)
    return X_exp / X_exp.sum(1, keepdims=True)
def net(X):
    return softmax(np.dot(X.reshape((-1, W.shape[0])), W) + b)
def cross_entropy(y_hat, y):
    return -np.log(y_hat[range(len(y_hat)), y])
def sgd(params, lr, batch_size):
    for param in params:
        param[:] = param - lr * param.grad / batch_size
lr, batch_size, epoch_losses, accs = 0.1, 30, [], []
for order in orders:
    for k in range(0, 300, batch_size):
        idx = np.array(order[k:k + batch_size], dtype='int32')
        X, y = features[idx], labels[idx]
        with autograd.record():
            l = cross_entropy(net(X), y)
        l.backward()
        sgd([W, b], lr, batch_size)
    y_hat = net(features)
    epoch_losses.append(float(cross_entropy(y_hat, labels).mean()))
    accs.append(float((y_hat.argmax(axis=1).astype('int32') == labels).sum()))
onp.array(epoch_losses), onp.array(accs)
"""

SOFTMAX_CONCISE = SOFTMAX_DATA + """net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(3))
net.initialize(init.Normal(sigma=0.01))
net(features[:1])
net[0].weight.set_data(np.array(W_host.T))
net[0].bias.set_data(np.zeros(3))
loss = gluon.loss.SoftmaxCrossEntropyLoss()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
epoch_losses = []
for order in orders:
    idx = np.array(order, dtype='int32')
    for X, y in gluon.data.DataLoader(gluon.data.ArrayDataset(features[idx], labels[idx]), 30):
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(30)
    epoch_losses.append(float(loss(net(features), labels).mean()))
onp.array(epoch_losses), net[0].bias.data()
"""

CELLS = [(LINREG_SCRATCH, APPROX), (LINREG_CONCISE, APPROX), (SOFTMAX_SCRATCH, APPROX),
         (SOFTMAX_CONCISE, APPROX)]


@pytest.mark.conformance
def test_mxnet_training_matches_framework():
    check_conformance(CELLS, "mxnet", rtol=1e-4)
