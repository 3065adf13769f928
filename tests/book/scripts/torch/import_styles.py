"""The import styles D2L's PyTorch chapters use; tensors, autograd, and a missing name."""
import sys

import numpy as np
import torch
import torch.nn as nn
from torch import nn as nn2
from torch.nn import functional as F
from torch.utils import data

print(sys.argv[1:], __name__, nn is nn2)
x = torch.arange(12, dtype=torch.float32).reshape(3, 4)
print(x)
print(x.shape, x.sum(), x.mean(dim=0), F.relu(x - 5).sum(dim=1))
print(torch.cat((x, x), dim=0).shape, x[1:, ::2])
w = torch.tensor([[1.0], [-1.0], [0.5], [2.0]], dtype=torch.float32, requires_grad=True)
y = (x @ w).pow(2).sum()
y.backward()
print(y, w.grad.reshape(-1))
ds = data.TensorDataset(x, torch.arange(3))
print([tuple(b[0].shape) for b in data.DataLoader(ds, batch_size=2, shuffle=False)])
print(F.softmax(torch.tensor([[1.0, 2.0, 3.0]]), dim=1))
print(nn.Sequential(nn.Linear(4, 2), nn.ReLU()))
