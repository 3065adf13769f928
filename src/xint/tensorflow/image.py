"""tf.image: resize and resize_with_pad (bilinear, no antialiasing), as D2L's Fashion-MNIST
loader uses them. They prepare data: xint computes them outside the tape, so asking for one
on a tensor a tape records raises instead of silently giving no gradient."""
import numpy

from .. import backend
from ..datasets import resize_bilinear
from ._functions import _read, convert_to_tensor
from ._tensor import EagerTensor, tapes

__all__ = ["resize", "resize_with_pad"]


def _image_data(images, method, antialias, op):
    if method != "bilinear" or antialias:
        raise NotImplementedError(f"xint's tf.image.{op} provides method='bilinear', "
                                  "antialias=False only")
    x = _read(convert_to_tensor(images))
    if tapes.record((x,)):
        raise NotImplementedError(f"xint's tf.image.{op} is not differentiable: call it outside "
                                  "GradientTape or on a tensor no tape watches")
    data = x._data
    if data.ndim not in (3, 4):
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    return data


def _resized(data, height, width):
    """float32, as TF's bilinear resize returns for every input dtype."""
    return resize_bilinear(data.astype(numpy.float32), height, width, h_axis=data.ndim - 3,
                           xp=backend.xp)


def resize(images, size, method="bilinear", preserve_aspect_ratio=False, antialias=False,
           name=None):
    data = _image_data(images, method, antialias, "resize")
    height, width = (int(n) for n in size)
    if preserve_aspect_ratio:
        scale = min(height / data.shape[-3], width / data.shape[-2])
        height, width = round(data.shape[-3] * scale), round(data.shape[-2] * scale)
    return EagerTensor._wrap(_resized(data, height, width))


def resize_with_pad(image, target_height, target_width, method="bilinear", antialias=False):
    """Scale to fit inside the target keeping the aspect ratio, then pad with zeros, centred
    (the odd row or column of padding goes after)."""
    data = _image_data(image, method, antialias, "resize_with_pad")
    h, w = data.shape[-3], data.shape[-2]
    ratio = max(w / target_width, h / target_height)
    rh, rw = int(h / ratio), int(w / ratio)
    top, left = (target_height - rh) // 2, (target_width - rw) // 2
    pads = [(0, 0)] * data.ndim
    pads[-3] = (top, target_height - rh - top)
    pads[-2] = (left, target_width - rw - left)
    return EagerTensor._wrap(backend.xp.pad(_resized(data, rh, rw), pads))
