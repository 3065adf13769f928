"""gluon.data.vision on xint's MXNet dialect: FashionMNIST read from small IDX files written
here (plain and gzip), the transforms, and transform_first; the transforms are also compared
with real MXNet 1.9.1 (the dataset itself cannot be: real MXNet would download the files)."""
import gzip

import numpy
import pytest

from xint import mxnet as mx
from xint.testing import check_conformance

vision = mx.gluon.data.vision
T = vision.transforms


def _write_idx(path, array, magic, compress):
    header = numpy.array([magic, *array.shape], dtype=">u4").tobytes()
    opener = gzip.open if compress else open
    with opener(path, "wb") as f:
        f.write(header + array.astype(numpy.uint8).tobytes())


@pytest.fixture
def idx_root(tmp_path):
    rng = numpy.random.default_rng(0)
    images = rng.integers(0, 256, size=(5, 28, 28)).astype(numpy.uint8)
    labels = numpy.array([3, 0, 9, 1, 7], dtype=numpy.uint8)
    _write_idx(tmp_path / "train-images-idx3-ubyte.gz", images, 2051, True)
    _write_idx(tmp_path / "train-labels-idx1-ubyte.gz", labels, 2049, True)
    _write_idx(tmp_path / "t10k-images-idx3-ubyte", images[:2], 2051, False)
    _write_idx(tmp_path / "t10k-labels-idx1-ubyte", labels[:2], 2049, False)
    return tmp_path, images, labels


def test_fashion_mnist_samples(idx_root):
    root, images, labels = idx_root
    train = vision.FashionMNIST(root=str(root))
    assert len(train) == 5
    image, label = train[2]
    assert image.shape == (28, 28, 1) and image.dtype == numpy.uint8
    numpy.testing.assert_array_equal(image.asnumpy()[..., 0], images[2])
    assert label.dtype == numpy.int32 and int(label) == 9
    test = vision.FashionMNIST(root=str(root), train=False)
    assert len(test) == 2
    numpy.testing.assert_array_equal(test[1][0].asnumpy()[..., 0], images[1])


def test_fashion_mnist_transform_and_loader(idx_root):
    root, images, labels = idx_root
    data = vision.FashionMNIST(root=str(root)).transform_first(T.ToTensor())
    x, y = data[0]
    assert x.shape == (1, 28, 28) and x.dtype == numpy.float32
    numpy.testing.assert_allclose(x.asnumpy()[0], images[0] / numpy.float32(255), rtol=1e-6)
    batches = list(mx.gluon.data.DataLoader(data, batch_size=2))
    assert [b[0].shape for b in batches] == [(2, 1, 28, 28)] * 2 + [(1, 1, 28, 28)]
    numpy.testing.assert_array_equal(batches[0][1].asnumpy(), labels[:2])
    paired = vision.FashionMNIST(root=str(root), transform=lambda d, lab: (d.shape, int(lab)))
    assert paired[4] == ((28, 28, 1), 7)


def test_fashion_mnist_missing_files_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte.*t10k-labels"):
        vision.FashionMNIST(root=str(tmp_path), train=False)


def test_transforms_on_batches_and_eager_transform():
    batch = mx.np.array(numpy.arange(2 * 4 * 6 * 3).reshape(2, 4, 6, 3) % 256, dtype="uint8")
    assert T.ToTensor()(batch).shape == (2, 3, 4, 6)
    assert T.Resize((3, 2))(batch).shape == (2, 2, 3, 3)
    data = mx.gluon.data.ArrayDataset(batch, mx.np.array([5, 6], dtype="int32"))
    eager = data.transform(lambda x, y: (x.shape, y * 2), lazy=False)
    assert [eager[0], eager[1]] == [((4, 6, 3), 10), ((4, 6, 3), 12)]


IMAGE = ("import numpy as onp\n"
         "img = np.array((onp.arange(24).reshape(2, 4, 3) * 10) % 256, dtype='uint8')\n")
CELLS = [
    (IMAGE + "transforms = gluon.data.vision.transforms\ntransforms.ToTensor()(img)", {}),
    ("transforms.ToTensor()(np.array([[1., 2.]]).reshape(1, 2, 1))", {}),
    ("transforms.ToTensor()(np.zeros(3))", {}),
    ("transforms.Resize(4)(img[:, :3, :1])", {}),
    ("transforms.Resize((2, 3))(img.astype('float32'))", {"approx": True}),
    ("t = transforms.Compose([transforms.Resize((4, 3)), transforms.ToTensor()])\nt(img)",
     {"approx": True}),
    ("data = gluon.data.ArrayDataset(np.stack([img, img + 1]), np.array([4, 2], dtype='int32'))\n"
     "sample = data.transform_first(transforms.ToTensor())[1]\n"
     "(type(sample).__name__, sample[0].shape, sample[0].dtype, sample[1], len(data))", {}),
    ("loader = gluon.data.DataLoader(data.transform_first(transforms.ToTensor()), batch_size=2)\n"
     "[(X.shape, X.dtype, y) for X, y in loader]", {}),
]


@pytest.mark.conformance
def test_transforms_match_mxnet():
    check_conformance(CELLS, "mxnet")
