"""keras.datasets.fashion_mnist: load_data() from the IDX files in
$KERAS_HOME/datasets/fashion-mnist (default ~/.keras/datasets/fashion-mnist), where Keras keeps
them. xint never downloads: absent files raise FileNotFoundError."""
import os
import types

from ... import datasets as _idx


def _folder():
    return os.path.join(os.path.expanduser(os.environ.get("KERAS_HOME") or
                                           os.path.join("~", ".keras")),
                        "datasets", "fashion-mnist")


def _load_data():
    """((x_train, y_train), (x_test, y_test)): uint8 NumPy arrays, images (n, 28, 28)."""
    root = _folder()
    return _idx.load_fashion_mnist(root, train=True), _idx.load_fashion_mnist(root, train=False)


fashion_mnist = types.SimpleNamespace(load_data=_load_data)
