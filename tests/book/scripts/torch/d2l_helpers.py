"""d2l 0.17.6 chapter 2-6 helpers on PyTorch: data, linear regression, softmax, LeNet."""
import numpy as np
import torch
from torch import nn
from d2l import torch as d2l

rng = np.random.default_rng(0)
torch.manual_seed(0)
true_w, true_b = torch.tensor([2, -3.4]), 4.2
features, labels = d2l.synthetic_data(true_w, true_b, 20)
print(features.shape, labels.shape)
X = torch.tensor(rng.normal(size=(20, 2)), dtype=torch.float32)
y = d2l.linreg(X, true_w.reshape(2, 1), true_b)
w = torch.tensor(rng.normal(0, 0.01, size=(2, 1)), dtype=torch.float32, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(3):
    for i in range(0, 20, 5):
        l = d2l.squared_loss(d2l.linreg(X[i:i + 5], w, b), y[i:i + 5])
        l.sum().backward()
        d2l.sgd([w, b], 0.1, 5)
    with torch.no_grad():
        print(f"epoch {epoch + 1}, loss {float(d2l.squared_loss(d2l.linreg(X, w, b), y).mean()):.4f}")
it = d2l.load_array((X, y), 8, is_train=False)
print([tuple(xb.shape) for xb, _ in it])
timer = d2l.Timer()
acc = d2l.Accumulator(2)
acc.add(1, 2.5)
acc.add(3, 0.5)
print(acc[0], acc[1], timer.stop() >= 0)
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(d2l.accuracy(y_hat, torch.tensor([0, 2])))
print(d2l.try_gpu(), d2l.try_all_gpus())
print(d2l.corr2d(torch.arange(9.).reshape(3, 3), torch.tensor([[0.0, 1.0], [2.0, 3.0]])))


def init_weights(m):
    if type(m) in (nn.Linear, nn.Conv2d):
        with torch.no_grad():
            m.weight.copy_(torch.tensor(rng.normal(0, 0.1, size=tuple(m.weight.shape)),
                                        dtype=torch.float32))
            m.bias.zero_()


n = 48                          # separable classes, so train_ch3's accuracy asserts hold
Xn = rng.normal(size=(n, 1, 8, 8)).astype(np.float32)
yc = torch.tensor(np.argmax(Xn.reshape(n, 64)[:, :3], axis=1))
Xc = torch.tensor(Xn * np.float32(3.0))
train_iter = d2l.load_array((Xc, yc), 8, is_train=False)
net = nn.Sequential(nn.Flatten(), nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 3))
net.apply(init_weights)
print(f"{d2l.evaluate_accuracy(net, train_iter):.4f}")
d2l.train_ch3(net, train_iter, train_iter, nn.CrossEntropyLoss(reduction="none"), 10,
              torch.optim.SGD(net.parameters(), lr=0.1))
print(f"{d2l.evaluate_accuracy(net, train_iter):.4f}")
lenet = nn.Sequential(nn.Conv2d(1, 2, kernel_size=3, padding=1), nn.Sigmoid(),
                      nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
                      nn.Linear(32, 3))
lenet.apply(init_weights)
orig_init = nn.init.xavier_uniform_
nn.init.xavier_uniform_ = lambda w: w        # keep the numpy weights train_ch6 would redraw
d2l.train_ch6(lenet, train_iter, train_iter, 2, 0.5, d2l.try_gpu())
nn.init.xavier_uniform_ = orig_init
print(f"{d2l.evaluate_accuracy_gpu(lenet, train_iter):.4f}")
# Fashion-MNIST the book's way: IDX files in ../data/FashionMNIST/raw (the test's layout)
train_iter, test_iter = d2l.load_data_fashion_mnist(16, resize=14)
X, y = next(iter(test_iter))
print(X.shape, X.dtype, y.shape, y.dtype, f"{float(X.sum()):.2f}", y[:6])
print(d2l.get_fashion_mnist_labels(y[:4]))
d2l.show_images(X.reshape(16, 14, 14)[:4], 1, 4, titles=d2l.get_fashion_mnist_labels(y[:4]))
