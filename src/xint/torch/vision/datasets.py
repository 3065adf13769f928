"""torchvision.datasets.FashionMNIST, read from root/FashionMNIST/raw; never downloads."""
import os

import numpy as _onp

from ...datasets import load_fashion_mnist
from .._functions import from_numpy

__all__ = ["FashionMNIST"]


class FashionMNIST:
    """Samples are (PIL image 'L', int label) as in torchvision (a (28, 28) uint8 array when
    Pillow is absent), passed through transform / target_transform."""

    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
               "Sneaker", "Bag", "Ankle boot"]

    def __init__(self, root, train=True, transform=None, target_transform=None,
                 download=False):
        if isinstance(root, (str, bytes, os.PathLike)):
            root = os.path.expanduser(root)
        self.root, self.train = root, train
        self.transform, self.target_transform = transform, target_transform
        raw = os.path.join(root, type(self).__name__, "raw")
        try:
            images, labels = load_fashion_mnist(raw, train)
        except FileNotFoundError as exc:
            if download:
                raise RuntimeError(f"{exc}") from None
            raise RuntimeError("Dataset not found. You can use download=True to download it") \
                from None
        self.data = from_numpy(images)
        self.targets = from_numpy(labels.astype(_onp.int64))
        self._images, self._labels = images, labels

    def __getitem__(self, index):
        img, target = self._images[index], int(self._labels[index])
        try:
            from PIL import Image
            img = Image.fromarray(img)         # 2-d uint8: mode "L"
        except ImportError:
            pass
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self):
        return len(self._labels)

    def __repr__(self):
        lines = [f"Dataset {type(self).__name__}", f"    Number of datapoints: {len(self)}",
                 f"    Root location: {self.root}", f"    Split: {'Train' if self.train else 'Test'}"]
        if self.transform is not None or self.target_transform is not None:
            lines.append("    StandardTransform")
        if self.transform is not None:
            body = repr(self.transform).splitlines()
            lines.append("Transform: " + body[0])
            lines += [" " * 11 + line for line in body[1:]]
        return "\n".join(lines)
