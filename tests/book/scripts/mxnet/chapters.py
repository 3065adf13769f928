"""Chapter-like MXNet (Gluon) training: linear regression (scratch and concise), softmax
regression, an MLP and LeNet, on fixed synthetic data with weights set from NumPy."""
import numpy as onp
from mxnet import autograd, gluon, init, np, npx
from mxnet.gluon import nn

npx.set_np()
rng = onp.random.default_rng(1)


def a(x):
    return np.array(onp.asarray(x, dtype=onp.float32))


def set_weights(net, x):
    net.initialize(init.Zero())
    net(x)                       # finish deferred shapes
    for name, p in sorted(net.collect_params().items()):
        if name.endswith("weight"):
            p.set_data(a(rng.normal(0, 0.1, size=p.shape)))
        else:
            p.set_data(np.full(p.shape, 0.01))


X = a(rng.normal(size=(40, 2)))
y = np.dot(X, a([[2.0], [-3.4]])) + 4.2
w = a(rng.normal(0, 0.01, size=(2, 1)))
b = np.zeros(1)
w.attach_grad()
b.attach_grad()
for epoch in range(3):
    for i in range(0, 40, 10):
        with autograd.record():
            loss = (np.dot(X[i:i + 10], w) + b - y[i:i + 10]) ** 2 / 2
        loss.backward()
        for p in (w, b):
            p[:] = p - 0.03 * p.grad / 10
    print(f"scratch epoch {epoch + 1} loss {float(((np.dot(X, w) + b - y) ** 2 / 2).mean()):.4f}")

net = nn.Sequential()
net.add(nn.Dense(1))
set_weights(net, X)
loader = gluon.data.DataLoader(gluon.data.ArrayDataset(X, y), batch_size=10, shuffle=False)
loss_fn = gluon.loss.L2Loss()
trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.03})
for epoch in range(3):
    for xb, yb in loader:
        with autograd.record():
            loss = loss_fn(net(xb), yb)
        loss.backward()
        trainer.step(10)
    print(f"concise epoch {epoch + 1} loss {float(loss_fn(net(X), y).mean()):.4f}")
print(net[0].weight.data().asnumpy().round(3), net[0].bias.data().asnumpy().round(3))


def train(net, X, y, epochs, lr, wd=0.0):
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(X, y), batch_size=16, shuffle=False)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr, "wd": wd})
    for epoch in range(epochs):
        for xb, yb in loader:
            with autograd.record():
                loss = loss_fn(net(xb), yb)
            loss.backward()
            trainer.step(xb.shape[0])
        out = net(X)
        acc = float((out.argmax(axis=1).astype(y.dtype) == y).mean())
        print(f"epoch {epoch + 1} loss {float(loss_fn(out, y).mean()):.4f} acc {acc:.3f}")


imgs = rng.normal(size=(64, 1, 12, 12)).astype(onp.float32)
labels = a(onp.argmax(imgs.reshape(64, -1)[:, :4], axis=1))
Xi = a(imgs)
softmax = nn.Sequential()
softmax.add(nn.Dense(4))
set_weights(softmax, Xi)
train(softmax, Xi, labels, 3, 0.1)
mlp = nn.Sequential()
mlp.add(nn.Dense(32, activation="relu"), nn.Dense(4))
set_weights(mlp, Xi)
train(mlp, Xi, labels, 3, 0.1, wd=1e-3)
lenet = nn.Sequential()
lenet.add(nn.Conv2D(channels=4, kernel_size=5, padding=2, activation="sigmoid"),
          nn.AvgPool2D(pool_size=2, strides=2),
          nn.Conv2D(channels=8, kernel_size=3, activation="sigmoid"),
          nn.AvgPool2D(pool_size=2, strides=2),
          nn.Dense(16, activation="sigmoid"), nn.Dense(4))
set_weights(lenet, Xi)
out = Xi[:1]
for layer in lenet:
    out = layer(out)
    print(layer.name.rstrip("0123456789"), "output shape:", out.shape)
train(lenet, Xi, labels, 2, 0.9)
