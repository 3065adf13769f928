"""Chapter-like PyTorch training: linear regression (scratch and concise), softmax regression,
an MLP and LeNet, on fixed synthetic data with weights set from NumPy."""
import numpy as np
import torch
from torch import nn
from torch.utils import data

rng = np.random.default_rng(1)


def t(a, **kw):
    return torch.tensor(np.asarray(a, dtype=np.float32), **kw)


def set_weights(net):
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            with torch.no_grad():
                m.weight.copy_(t(rng.normal(0, 0.1, size=tuple(m.weight.shape))))
                m.bias.fill_(0.01)


# linear regression from scratch
X = t(rng.normal(size=(40, 2)))
y = X @ t([[2.0], [-3.4]]) + 4.2
w = t(rng.normal(0, 0.01, size=(2, 1)), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(3):
    for i in range(0, 40, 10):
        loss = ((X[i:i + 10] @ w + b - y[i:i + 10]) ** 2 / 2).sum()
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= 0.03 * p.grad / 10
                p.grad.zero_()
    with torch.no_grad():
        print(f"scratch epoch {epoch + 1} loss {float(((X @ w + b - y) ** 2 / 2).mean()):.4f}")

# concise linear regression
net = nn.Sequential(nn.Linear(2, 1))
set_weights(net)
loader = data.DataLoader(data.TensorDataset(X, y), batch_size=10, shuffle=False)
loss_fn, opt = nn.MSELoss(), torch.optim.SGD(net.parameters(), lr=0.03)
for epoch in range(3):
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
    print(f"concise epoch {epoch + 1} loss {float(loss_fn(net(X), y)):.4f}")
print(net[0].weight.data.numpy().round(3), net[0].bias.data.numpy().round(3))


def train(net, X, y, epochs, lr, wd=0.0):
    loader = data.DataLoader(data.TensorDataset(X, y), batch_size=16, shuffle=False)
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=lr, weight_decay=wd)
    for epoch in range(epochs):
        net.train()
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(net(xb), yb).backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            out = net(X)
            acc = float((out.argmax(dim=1) == y).float().mean())
            print(f"epoch {epoch + 1} loss {float(loss_fn(out, y)):.4f} acc {acc:.3f}")


imgs = rng.normal(size=(64, 1, 12, 12)).astype(np.float32)
labels = torch.tensor(np.argmax(imgs.reshape(64, -1)[:, :4], axis=1))
Xi = t(imgs)
softmax = nn.Sequential(nn.Flatten(), nn.Linear(144, 4))
set_weights(softmax)
train(softmax, Xi, labels, 3, 0.1)
mlp = nn.Sequential(nn.Flatten(), nn.Linear(144, 32), nn.ReLU(), nn.Linear(32, 4))
set_weights(mlp)
train(mlp, Xi, labels, 3, 0.1, wd=1e-3)
lenet = nn.Sequential(nn.Conv2d(1, 4, kernel_size=5, padding=2), nn.Sigmoid(),
                      nn.AvgPool2d(kernel_size=2, stride=2),
                      nn.Conv2d(4, 8, kernel_size=3), nn.Sigmoid(),
                      nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
                      nn.Linear(32, 16), nn.Sigmoid(), nn.Linear(16, 4))
set_weights(lenet)
out = Xi[:1]
for layer in lenet:
    out = layer(out)
    print(layer.__class__.__name__, "output shape:", tuple(out.shape))
train(lenet, Xi, labels, 2, 0.9)
