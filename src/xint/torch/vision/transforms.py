"""torchvision.transforms: ToTensor, Resize, Normalize and Compose, as torchvision behaves on
PIL images, NumPy arrays and tensors."""
import numbers

import numpy as _onp

from .. import _dtypes
from .._functions import as_tensor, from_numpy
from .._tensor import Tensor

__all__ = ["Compose", "ToTensor", "Resize", "Normalize", "InterpolationMode"]


def _pil_image():
    try:
        from PIL import Image
    except ImportError:
        return None
    return Image


def _is_pil(obj):
    Image = _pil_image()
    return Image is not None and isinstance(obj, Image.Image)


class InterpolationMode:
    NEAREST = "nearest"
    BILINEAR = "bilinear"
    BICUBIC = "bicubic"


_PIL_FILTERS = {"nearest": 0, "bilinear": 2, "bicubic": 3}


class Compose:
    """Applies each transform in turn."""

    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        return "Compose(" + "".join(f"\n    {t}" for t in self.transforms) + "\n)"


class ToTensor:
    """PIL image or (H, W[, C]) array -> (C, H, W) float tensor; uint8 data is scaled to [0, 1]."""

    def __call__(self, pic):
        if _is_pil(pic):
            if pic.mode not in ("L", "RGB", "RGBA", "I;16", "I", "F", "1"):
                pic = pic.convert("RGB")
            arr = _onp.array(pic, copy=True)
            if pic.mode == "1":
                arr = arr.astype(_onp.uint8) * 255
        elif isinstance(pic, _onp.ndarray):
            if pic.ndim not in (2, 3):
                raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
            arr = pic
        else:
            raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
        if arr.ndim == 2:
            arr = arr[:, :, None]
        arr = _onp.ascontiguousarray(arr.transpose(2, 0, 1))
        if arr.dtype == _onp.uint8:
            dtype = _dtypes.DEFAULT_FLOAT.np
            return from_numpy(arr.astype(dtype) / _onp.asarray(255, dtype=dtype))
        return from_numpy(arr)

    def __repr__(self):
        return "ToTensor()"


def _output_size(h, w, size, max_size):
    if isinstance(size, numbers.Number) or len(size) == 1:
        requested = int(size if isinstance(size, numbers.Number) else size[0])
        short, long = (w, h) if w <= h else (h, w)
        new_short, new_long = requested, int(requested * long / short)
        if max_size is not None and new_long > max_size:
            new_short, new_long = int(max_size * new_short / new_long), max_size
        return (new_long, new_short) if w <= h else (new_short, new_long)
    return int(size[0]), int(size[1])


class Resize:
    """Resize to `size` (an int matches the smaller edge); PIL images use PIL's resampling, as
    torchvision does."""

    def __init__(self, size, interpolation=InterpolationMode.BILINEAR, max_size=None,
                 antialias=True):
        if not isinstance(size, (numbers.Number, list, tuple)):
            raise TypeError(f"Size should be int or sequence. Got {type(size)}")
        self.size, self.interpolation = size, interpolation
        self.max_size, self.antialias = max_size, antialias

    def __call__(self, img):
        Image = _pil_image()
        filt = _PIL_FILTERS[str(self.interpolation)]
        if _is_pil(img):
            h, w = _output_size(img.height, img.width, self.size, self.max_size)
            return img.resize((w, h), filt)
        if not isinstance(img, Tensor):
            raise TypeError(f"img should be PIL Image or Tensor. Got {type(img)}")
        if Image is None:
            raise ModuleNotFoundError("Resize of a tensor in xint's torchvision needs Pillow")
        # per channel through PIL's float mode: the antialiased kernels torchvision ports from PIL
        data = img.detach().numpy()
        lead, (ih, iw) = data.shape[:-2], data.shape[-2:]
        h, w = _output_size(ih, iw, self.size, self.max_size)
        planes = data.reshape(-1, ih, iw).astype(_onp.float32)
        out = _onp.stack([_onp.asarray(Image.fromarray(p, mode="F").resize((w, h), filt))
                          for p in planes]).reshape(*lead, h, w).astype(data.dtype)
        return from_numpy(out)

    def __repr__(self):
        return (f"Resize(size={self.size}, interpolation={self.interpolation}, "
                f"max_size={self.max_size}, antialias={self.antialias})")


class Normalize:
    """(x - mean) / std per channel of a (..., C, H, W) float tensor."""

    def __init__(self, mean, std, inplace=False):
        self.mean, self.std, self.inplace = mean, std, inplace

    def __call__(self, tensor):
        if not isinstance(tensor, Tensor):
            raise TypeError(f"Input tensor should be a torch tensor. Got {type(tensor)}.")
        mean = as_tensor(self.mean, dtype=tensor.dtype)
        std = as_tensor(self.std, dtype=tensor.dtype)
        if bool((std == 0).any()):
            raise ValueError(f"std evaluated to zero after conversion to {tensor.dtype}, "
                             "leading to division by zero.")
        if mean.ndim == 1:
            mean = mean.reshape(-1, 1, 1)
        if std.ndim == 1:
            std = std.reshape(-1, 1, 1)
        return (tensor - mean) / std

    def __repr__(self):
        return f"Normalize(mean={self.mean}, std={self.std})"
