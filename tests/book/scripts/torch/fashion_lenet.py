"""Fashion-MNIST (IDX files under argv[1]/FashionMNIST/raw) through torchvision, then LeNet."""
import sys

import numpy as np
import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms

root = sys.argv[1]
trans = transforms.Compose([transforms.Resize(14), transforms.ToTensor(),
                            transforms.Normalize((0.5,), (0.25,))])
train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans, download=True)
test = torchvision.datasets.FashionMNIST(root=root, train=False,
                                         transform=transforms.ToTensor(), download=True)
print(len(train), len(test))
print(train)
img, label = train[0]
print(type(label).__name__, label, img.shape, img.dtype)
print(f"{float(img.min()):.4f} {float(img.max()):.4f} {float(img.mean()):.4f}")
raw, _ = test[1]
print(raw.shape, f"{float(raw.sum()):.3f}")
rng = np.random.default_rng(2)
net = nn.Sequential(nn.Conv2d(1, 4, kernel_size=3, padding=1), nn.Sigmoid(),
                    nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
                    nn.Linear(4 * 7 * 7, 10))
with torch.no_grad():
    for p in net.parameters():
        p.copy_(torch.tensor(rng.normal(0, 0.1, size=tuple(p.shape)).astype(np.float32)))
loader = data.DataLoader(train, batch_size=16, shuffle=False)
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.SGD(net.parameters(), lr=0.5)
for epoch in range(2):
    total, count = 0.0, 0
    for X, y in loader:
        opt.zero_grad()
        loss = loss_fn(net(X), y)
        loss.backward()
        opt.step()
        total, count = total + float(loss) * len(y), count + len(y)
    print(f"epoch {epoch + 1} loss {total / count:.4f}", X.shape, y.dtype)
