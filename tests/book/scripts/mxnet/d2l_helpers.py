"""d2l 0.17.6 chapter 2-6 helpers on MXNet: data, linear regression, softmax, LeNet."""
import numpy as onp
from mxnet import autograd, gluon, init, np, npx
from mxnet.gluon import nn
from d2l import mxnet as d2l

npx.set_np()
rng = onp.random.default_rng(0)
true_w, true_b = np.array([2, -3.4]), 4.2
features, labels = d2l.synthetic_data(true_w, true_b, 20)
print(features.shape, labels.shape)
X = np.array(rng.normal(size=(20, 2)).astype(onp.float32))
y = d2l.linreg(X, true_w.reshape(2, 1), true_b)
w = np.array(rng.normal(0, 0.01, size=(2, 1)).astype(onp.float32))
b = np.zeros(1)
w.attach_grad()
b.attach_grad()
for epoch in range(3):
    for i in range(0, 20, 5):
        with autograd.record():
            l = d2l.squared_loss(d2l.linreg(X[i:i + 5], w, b), y[i:i + 5])
        l.backward()
        d2l.sgd([w, b], 0.1, 5)
    print(f"epoch {epoch + 1}, loss {float(d2l.squared_loss(d2l.linreg(X, w, b), y).mean()):.4f}")
it = d2l.load_array((X, y), 8, is_train=False)
print([xb.shape for xb, _ in it])
timer = d2l.Timer()
acc = d2l.Accumulator(2)
acc.add(1, 2.5)
acc.add(3, 0.5)
print(acc[0], acc[1], timer.stop() >= 0)
y_hat = np.array([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(d2l.accuracy(y_hat, np.array([0, 2])))
print(d2l.try_gpu(), d2l.try_all_gpus())
print(d2l.corr2d(np.arange(9.0).reshape(3, 3), np.array([[0.0, 1.0], [2.0, 3.0]])))


def set_weights(net, x):
    net.initialize(init.Zero())
    net(x)
    for name, p in sorted(net.collect_params().items()):
        p.set_data(np.array(rng.normal(0, 0.1, size=p.shape).astype(onp.float32))
                   if name.endswith("weight") else np.zeros(p.shape))
    net.initialize = lambda *args, **kwargs: None     # keep these weights in train_ch6


n = 48                          # separable classes, so train_ch3's accuracy asserts hold
Xn = rng.normal(size=(n, 1, 8, 8)).astype(onp.float32)
yc = np.array(onp.argmax(Xn.reshape(n, 64)[:, :3], axis=1).astype(onp.int32))
Xc = np.array(Xn * onp.float32(3.0))
train_iter = d2l.load_array((Xc, yc), 8, is_train=False)
net = nn.Sequential()
net.add(nn.Dense(16, activation="relu"), nn.Dense(3))
set_weights(net, Xc)
print(f"{d2l.evaluate_accuracy(net, train_iter):.4f}")
d2l.train_ch3(net, train_iter, train_iter, gluon.loss.SoftmaxCrossEntropyLoss(), 10,
              gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1}))
print(f"{d2l.evaluate_accuracy(net, train_iter):.4f}")
lenet = nn.Sequential()
lenet.add(nn.Conv2D(channels=2, kernel_size=3, padding=1, activation="sigmoid"),
          nn.AvgPool2D(pool_size=2, strides=2), nn.Dense(3))
set_weights(lenet, Xc)
d2l.train_ch6(lenet, train_iter, train_iter, 2, 0.5, d2l.try_gpu())
print(f"{d2l.evaluate_accuracy_gpu(lenet, train_iter):.4f}")
