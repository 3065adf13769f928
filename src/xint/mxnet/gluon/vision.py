"""mxnet.gluon.data.vision: image transforms (ToTensor, Resize, Compose) and FashionMNIST read
from local IDX files.

Transforms prepare data outside autograd, so they work on the arrays' buffers directly.
"""
import os
import types

import numpy as _onp

from ... import backend
from ...datasets import load_fashion_mnist, resize_bilinear
from .._ndarray import ndarray
from ..base import MXNetError
from .block import HybridBlock
from .data import Dataset
from .nn import Sequential

__all__ = ["transforms", "FashionMNIST"]


class ToTensor(HybridBlock):
    """HWC (or NHWC) image with values in [0, 255] -> CHW (or NCHW) float32 in [0, 1]."""

    def forward(self, x):
        data = x._data
        if data.ndim not in (3, 4):
            raise MXNetError(
                "MXNetError: Check failed: (shp.ndim() == 3) || (shp.ndim() == 4): Input image "
                "must have shape (height, width, channels), or (N, height, width, channels) but "
                f"got [{','.join(str(n) for n in data.shape)}]")
        axes = (2, 0, 1) if data.ndim == 3 else (0, 3, 1, 2)
        chw = backend.xp.transpose(data, axes).astype(_onp.float32) / _onp.float32(255)
        return ndarray._wrap(backend.xp.ascontiguousarray(chw))

    def __repr__(self):
        return "ToTensor(\n\n)"


class Resize(HybridBlock):
    """Resize an HWC (or NHWC) image to size=(width, height), or (size, size) for an int, by
    bilinear interpolation; the dtype is kept (integers are rounded).

    The interpolation is not bit-identical to MXNet's, which calls OpenCV: OpenCV computes uint8
    images in fixed point, so single pixels may differ by one. Only keep_ratio=False and
    interpolation=1 (bilinear) are provided."""

    def __init__(self, size, keep_ratio=False, interpolation=1):
        super().__init__()
        if keep_ratio or interpolation != 1:
            raise NotImplementedError("xint's Resize provides keep_ratio=False, interpolation=1")
        self._width, self._height = (size, size) if isinstance(size, int) else size

    def forward(self, x):
        data = x._data
        return ndarray._wrap(resize_bilinear(data, self._height, self._width,
                                             h_axis=data.ndim - 3, xp=backend.xp))   # (N)HWC

    def __repr__(self):
        return "Resize(\n\n)"


class Compose(Sequential):
    """Apply the given transforms in order."""

    def __init__(self, transforms):
        super().__init__()
        self.add(*transforms)


transforms = types.ModuleType("transforms", "gluon.data.vision.transforms: ToTensor, Resize, Compose")
transforms.ToTensor, transforms.Resize, transforms.Compose = ToTensor, Resize, Compose
transforms.__all__ = ["ToTensor", "Resize", "Compose"]


class FashionMNIST(Dataset):
    """Fashion-MNIST from the IDX files in `root` (plain or .gz); never downloads. A sample is
    (image (28, 28, 1) uint8, label int32), or transform(image, label) when transform is given."""

    def __init__(self, root=os.path.join("~", ".mxnet", "datasets", "fashion-mnist"),
                 train=True, transform=None):
        self._root = os.path.expanduser(root)
        self._train = train
        self._transform = transform
        images, labels = load_fashion_mnist(self._root, train)
        xp = backend.xp
        self._data = ndarray._wrap(xp.asarray(images[..., None]))
        self._label = ndarray._wrap(xp.asarray(labels.astype(_onp.int32)))

    def __getitem__(self, idx):
        if self._transform is not None:
            return self._transform(self._data[idx], self._label[idx])
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)
