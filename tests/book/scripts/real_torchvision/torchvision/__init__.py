"""Test-only reference: the slice of torchvision the book scripts use, for real PyTorch where
torchvision is not installed (the tests put this folder on PYTHONPATH only then). Written from
torchvision's documented behaviour: FashionMNIST reads root/FashionMNIST/raw; samples are
(PIL 'L' image, int); ToTensor scales uint8 to [0, 1] as (C, H, W) float32; Resize of a PIL image
is PIL's bilinear resize; Normalize is (x - mean) / std per channel."""
import os

import numpy as np
import torch
from PIL import Image

from xint.datasets import load_fashion_mnist


class _Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        return "Compose(" + "".join(f"\n    {t}" for t in self.transforms) + "\n)"


class _ToTensor:
    def __call__(self, pic):
        arr = np.array(pic, copy=True)
        arr = arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1)
        return torch.from_numpy(np.ascontiguousarray(arr)).float().div(255)

    def __repr__(self):
        return "ToTensor()"


class _Resize:
    def __init__(self, size):
        self.size = size

    def __call__(self, img):
        w, h = img.size
        s = self.size
        if isinstance(s, int):
            new = (s, int(s * h / w)) if w <= h else (int(s * w / h), s)
        else:
            new = (s[1], s[0])
        return img.resize(new, Image.BILINEAR)

    def __repr__(self):
        return (f"Resize(size={self.size}, interpolation=bilinear, max_size=None, "
                f"antialias=True)")


class _Normalize:
    def __init__(self, mean, std):
        self.mean, self.std = mean, std

    def __call__(self, x):
        m = torch.as_tensor(self.mean, dtype=x.dtype).view(-1, 1, 1)
        s = torch.as_tensor(self.std, dtype=x.dtype).view(-1, 1, 1)
        return (x - m) / s

    def __repr__(self):
        return f"Normalize(mean={self.mean}, std={self.std})"


class _FashionMNIST:
    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        self.root, self.train, self.transform = os.path.expanduser(root), train, transform
        images, labels = load_fashion_mnist(os.path.join(self.root, "FashionMNIST", "raw"), train)
        self.data, self.targets = torch.from_numpy(images.copy()), torch.from_numpy(
            labels.astype(np.int64))

    def __getitem__(self, i):
        img = Image.fromarray(self.data[i].numpy())
        return (self.transform(img) if self.transform else img), int(self.targets[i])

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        lines = ["Dataset FashionMNIST", f"    Number of datapoints: {len(self)}",
                 f"    Root location: {self.root}", f"    Split: {'Train' if self.train else 'Test'}"]
        if self.transform is not None:
            body = repr(self.transform).splitlines()
            lines += ["    StandardTransform", "Transform: " + body[0]]
            lines += [" " * 11 + line for line in body[1:]]
        return "\n".join(lines)


class transforms:  # noqa: N801 - module-like namespace
    Compose, ToTensor, Resize, Normalize = _Compose, _ToTensor, _Resize, _Normalize


class datasets:  # noqa: N801
    FashionMNIST = _FashionMNIST
