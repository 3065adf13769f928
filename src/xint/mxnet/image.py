"""mxnet.image: imread (read through Pillow into an (H, W, C) uint8 array); the rest of the
image module is not provided."""
import numpy as _onp

from .. import backend
from ._ndarray import ndarray

__all__ = ["imread"]


def imread(filename, flag=1, to_rgb=True):
    """The image file as an (H, W, 3) (flag=1) or (H, W, 1) (flag=0) uint8 array."""
    try:
        from PIL import Image
    except ImportError:
        raise ModuleNotFoundError("xint's mxnet.image.imread reads images through Pillow, "
                                  "which is not installed", name="PIL") from None
    with Image.open(filename) as img:
        arr = _onp.asarray(img.convert("RGB" if flag else "L"))
    if not flag:
        arr = arr[:, :, None]
    elif not to_rgb:
        arr = arr[:, :, ::-1]
    return ndarray._wrap(backend.xp.asarray(_onp.ascontiguousarray(arr)))


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"xint's mxnet dialect does not provide mxnet.image.{name}")
