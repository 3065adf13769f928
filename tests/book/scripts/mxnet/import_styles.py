"""The import styles D2L's MXNet chapters use; arrays, autograd, gluon, devices."""
import sys

import numpy as onp
from mxnet import autograd, context, gluon, init, np, npx
from mxnet.gluon import nn

npx.set_np()
print(sys.argv[1:], __name__)
x = np.arange(12).reshape(3, 4)
print(x)
print(x.shape, x.sum(), x.mean(axis=0), npx.relu(x - 5).sum(axis=1))
print(np.concatenate((x, x), axis=0).shape, x[1:, ::2])
w = np.array([[1.0], [-1.0], [0.5], [2.0]])
w.attach_grad()
with autograd.record():
    y = (np.dot(x, w) ** 2).sum()
y.backward()
print(y, w.grad.reshape(-1))
print(npx.cpu(), npx.num_gpus(), context.cpu(), context.num_gpus(), context.Context("cpu", 0))
ds = gluon.data.ArrayDataset(x, np.arange(3))
print([b[0].shape for b in gluon.data.DataLoader(ds, batch_size=2, shuffle=False)])
print(npx.softmax(np.array([[1.0, 2.0, 3.0]])).asnumpy().round(4))
net = nn.Sequential()
net.add(nn.Dense(2, activation="relu"))
net.initialize(init.Constant(0.5))
print(net(x))
