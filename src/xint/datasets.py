"""Fashion-MNIST (and MNIST) in the standard IDX format, read from a local folder only, and the
bilinear resize the book's loaders apply to it.

One reader for every dialect (gluon.data.vision, torchvision, keras.datasets, the book helpers):
it never downloads, opens only the four fixed file names inside the folder it is given, and
checks each header before trusting its sizes. `write_idx` makes such files (tests, examples).
"""
import gzip
import os

import numpy

__all__ = ["FILES", "read_idx", "write_idx", "load_fashion_mnist", "data_dir", "resize_bilinear",
           "FASHION_MNIST_CLASSES", "fashion_mnist_labels"]

FILES = {
    True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_MAGIC = {3: 2051, 1: 2049}          # uint8 data, 3-d images / 1-d labels


def data_dir(root=None):
    """The book's data folder: root, else $XINT_DATA, else ../data (as d2l uses)."""
    return os.path.expanduser(root or os.environ.get("XINT_DATA") or os.path.join("..", "data"))


def _open(root, name):
    for candidate, opener in ((name, open), (name + ".gz", gzip.open)):
        path = os.path.join(root, candidate)
        if os.path.isfile(path):
            return path, opener
    return None, None


def read_idx(path, opener=open):
    """The uint8 array stored in one IDX file (plain or gzip), shaped by its header."""
    with opener(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: not an IDX file (only {len(blob)} bytes)")
    magic = int.from_bytes(blob[:4], "big")
    ndim = magic & 0xFF
    if magic >> 8 != 0x08 or ndim not in (1, 3):
        raise ValueError(f"{path}: not an IDX uint8 file (magic number {magic:#010x})")
    header = 4 + 4 * ndim
    shape = tuple(int(n) for n in numpy.frombuffer(blob[4:header], dtype=">u4"))
    expected = int(numpy.prod(shape))
    if len(blob) - header != expected:
        raise ValueError(f"{path}: truncated or corrupted IDX file (header says {shape}, "
                         f"{expected} bytes of data, found {len(blob) - header})")
    return numpy.frombuffer(blob, dtype=numpy.uint8, offset=header).reshape(shape)


def write_idx(path, array):
    """Write a uint8 array (1-d labels or 3-d images) as an IDX file; gzip when path ends in .gz."""
    array = numpy.ascontiguousarray(array, dtype=numpy.uint8)
    header = _MAGIC[array.ndim].to_bytes(4, "big") + numpy.asarray(
        array.shape, dtype=">u4").tobytes()
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header + array.tobytes())


def load_fashion_mnist(root, train=True):
    """(images uint8 (n, 28, 28), labels uint8 (n,)) from the IDX files in root."""
    root = os.path.expanduser(root)
    names = FILES[bool(train)]
    found = [_open(root, name) for name in names]
    missing = [name for name, (path, _) in zip(names, found) if path is None]
    if missing:
        raise FileNotFoundError(
            f"Fashion-MNIST: {', '.join(m + '[.gz]' for m in missing)} not found in "
            f"{os.path.abspath(root)}; xint never downloads, so place the IDX files there")
    images, labels = (read_idx(path, opener) for path, opener in found)
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(f"Fashion-MNIST files in {root} do not match: images {images.shape}, "
                         f"labels {labels.shape}")
    return images, labels


FASHION_MNIST_CLASSES = ("t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
                         "sneaker", "bag", "ankle boot")


def fashion_mnist_labels(labels):
    """The class names of numeric labels (any iterable of integers or 0-d tensors): the book's
    get_fashion_mnist_labels, the same for every framework."""
    return [FASHION_MNIST_CLASSES[int(i)] for i in labels]


def resize_bilinear(images, height, width, h_axis, xp=numpy):
    """Bilinear resize of axes (h_axis, h_axis + 1) to (height, width), with half-pixel centres
    and edge clamping (OpenCV's convention, TF's resize without antialiasing, PIL's when
    enlarging). Data preparation, not an engine op: no gradient. The dtype is kept; integer
    images are rounded and clipped to their range."""
    image = images.astype(numpy.float64)
    for axis, n_out in ((h_axis, height), (h_axis + 1, width)):
        n_in = image.shape[axis]
        src = xp.clip((xp.arange(n_out, dtype=numpy.float64) + 0.5) * (n_in / n_out) - 0.5,
                      0, n_in - 1)
        lo = xp.floor(src).astype(numpy.int64)
        hi = xp.minimum(lo + 1, n_in - 1)
        shape = [1] * image.ndim
        shape[axis] = n_out
        frac = (src - lo).reshape(shape)
        image = xp.take(image, lo, axis=axis) * (1 - frac) + xp.take(image, hi, axis=axis) * frac
    if numpy.issubdtype(images.dtype, numpy.integer):
        info = numpy.iinfo(images.dtype)
        image = xp.clip(xp.rint(image), info.min, info.max)
    return image.astype(images.dtype)
