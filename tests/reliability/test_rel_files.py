"""Files: every loader reads a format that cannot run code (pickled content is refused with a
clear error and never executed), and the IDX dataset reader opens only its fixed file names
inside the folder it is given and rejects corrupted or truncated files with a ValueError."""
import builtins
import gzip
import io
import os
import pickle

import numpy
import pytest

from xint import datasets


class Planted:
    """Unpickling this creates the marker file: proof that the pickle ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _pickle_files(tmp_path, name):
    """(label, path) for each kind of pickle-carrying file: a bare pickle, an .npy and an .npz
    whose object arrays are pickles, and a zip that looks like a torch archive."""
    marker = str(tmp_path / "PWNED")
    out = []
    raw = tmp_path / f"raw-{name}"
    raw.write_bytes(pickle.dumps({"weight": Planted(marker)}))
    out.append(("pickle", raw))
    npy = tmp_path / f"obj-{name}"
    with open(npy, "wb") as f:
        numpy.save(f, numpy.array([Planted(marker)], dtype=object), allow_pickle=True)
    out.append(("npy", npy))
    npz = tmp_path / f"objz-{name}"
    with open(npz, "wb") as f:
        numpy.savez(f, arr_0=numpy.array([Planted(marker)], dtype=object),
                    **{"0.weight": numpy.array([Planted(marker)], dtype=object)})
    out.append(("npz", npz))
    return marker, out


def _loaders():
    from xint.mxnet import gluon, npx
    from xint.torch import torch
    # real torch.load (weights_only) raises UnpicklingError for pickled objects; so does xint
    yield "torch.load", torch.load, (RuntimeError, pickle.UnpicklingError)
    yield "npx.load", npx.load, (npx.MXNetError,)
    net = gluon.nn.Dense(1, in_units=1)
    net.initialize()
    yield "load_parameters", net.load_parameters, (ValueError,)   # as MXNet re-raises
    from xint.tensorflow import tf
    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    model.build((None, 1))
    yield "load_weights", lambda p: model.load_weights(str(p) + ".weights.h5"), (ValueError,)


@pytest.mark.parametrize("name", ["torch.load", "npx.load", "load_parameters", "load_weights"])
def test_pickle_content_is_refused_and_never_run(tmp_path, name):
    loaders = {n: (fn, errs) for n, fn, errs in _loaders()}
    if name not in loaders:
        pytest.skip(f"{name} is not in this dialect yet")
    load, errors = loaders[name]
    marker, files = _pickle_files(tmp_path, "w")
    for label, path in files:
        if name == "load_weights":
            os.replace(path, str(path) + ".weights.h5")
        with pytest.raises(errors) as info:
            load(str(path))
        assert not os.path.exists(marker), (name, label)
        text = str(info.value).lower()
        assert any(w in text for w in ("pickle", "format", "not a", "invalid", "cannot load")), \
            (name, label, str(info.value))
    assert not os.path.exists(marker)


def test_loaders_never_unpickle(tmp_path, monkeypatch):
    """No loader reaches pickle at all, even on its own valid files."""
    from xint.mxnet import gluon, np as mnp, npx
    from xint.torch import torch

    def refuse(*a, **k):
        raise AssertionError("a loader unpickled")
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    torch.save({"w": torch.ones(2)}, str(tmp_path / "t.pt"))
    assert torch.load(str(tmp_path / "t.pt"))["w"].tolist() == [1.0, 1.0]
    npx.save(str(tmp_path / "a.npx"), {"a": mnp.ones(2)})
    assert npx.load(str(tmp_path / "a.npx"))["a"].shape == (2,)
    net = gluon.nn.Dense(1, in_units=1)
    net.initialize()
    net.save_parameters(str(tmp_path / "n.params"))
    net.load_parameters(str(tmp_path / "n.params"))


def test_bad_weight_files_match_the_real_errors(tmp_path):
    """Garbage and truncated weight files: the real framework's exception type and last message
    line (the message names the file's path, so each side gets its own file)."""
    from xint.testing import framework_available
    from xint.torch import torch
    cases = []
    good = tmp_path / "good.pt"
    torch.save({"w": torch.ones(3)}, str(good))
    (tmp_path / "garbage").write_bytes(b"garbage!")
    (tmp_path / "trunc.pt").write_bytes(good.read_bytes()[:40])
    with pytest.raises(pickle.UnpicklingError):      # real torch: UnpicklingError (not a zip)
        torch.load(str(tmp_path / "garbage"))
    with pytest.raises(RuntimeError, match="truncated or corrupt"):  # real: RuntimeError (zip)
        torch.load(str(tmp_path / "trunc.pt"))
    from xint.mxnet import gluon, npx
    with pytest.raises(npx.MXNetError) as info:
        npx.load(str(tmp_path / "garbage"))
    net = gluon.nn.Dense(1, in_units=1)
    net.initialize()
    with pytest.raises(ValueError) as info_params:     # gluon re-raises nd.load's error
        net.load_parameters(str(tmp_path / "garbage"))
    assert str(info_params.value) == str(info.value)
    if framework_available("mxnet"):          # the real words: the last line of MXNet's error
        import mxnet as real_mx
        real_mx.npx.set_np()                  # the mode xint's dialect emulates
        with pytest.raises(real_mx.base.MXNetError) as real_info:
            real_mx.npx.load(str(tmp_path / "garbage"))
        assert str(real_info.value).strip().splitlines()[-1] == str(info.value)
        with pytest.raises(ValueError) as real_info:
            real_mx.gluon.nn.Dense(1, in_units=1).load_parameters(str(tmp_path / "garbage"))
        assert str(real_info.value).strip().splitlines()[-1] == str(info_params.value)
    with pytest.raises(ValueError, match="No such file or directory"):   # as MXNet 1.9.1
        net.load_parameters(str(tmp_path / "missing.params"))
    assert torch.load(str(good))["w"].tolist() == [1.0, 1.0, 1.0]   # the next valid call
    if framework_available("torch"):
        import torch as real
        with pytest.raises(pickle.UnpicklingError):
            real.load(str(tmp_path / "garbage"))
        real.save({"w": real.ones(3)}, str(tmp_path / "real.pt"))
        (tmp_path / "rtrunc.pt").write_bytes((tmp_path / "real.pt").read_bytes()[:40])
        with pytest.raises(RuntimeError):
            real.load(str(tmp_path / "rtrunc.pt"))


def _write_set(root, n=3, gz=False):
    rng = numpy.random.default_rng(0)
    suffix = ".gz" if gz else ""
    datasets.write_idx(os.path.join(root, datasets.FILES[True][0] + suffix),
                       rng.integers(0, 255, (n, 28, 28)))
    datasets.write_idx(os.path.join(root, datasets.FILES[True][1] + suffix),
                       rng.integers(0, 10, n))


def _record_opens(monkeypatch):
    opened = []
    real_open, real_gz = builtins.open, gzip.open

    def spy(path, *a, **k):
        opened.append(os.path.abspath(path))
        return real_open(path, *a, **k)

    def spy_gz(path, *a, **k):
        opened.append(os.path.abspath(path))
        return real_gz(path, *a, **k)
    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(gzip, "open", spy_gz)
    return opened


@pytest.mark.parametrize("gz", [False, True])
def test_idx_reader_opens_only_fixed_names(tmp_path, monkeypatch, gz):
    root = tmp_path / "data"
    root.mkdir()
    _write_set(str(root), gz=gz)
    (tmp_path / "secret").write_bytes(b"\x00" * 64)
    opened = _record_opens(monkeypatch)
    images, labels = datasets.load_fashion_mnist(str(root))
    assert images.shape == (3, 28, 28) and labels.shape == (3,)
    suffix = ".gz" if gz else ""
    # gzip.open opens through builtins.open: the same paths may show up twice
    assert set(opened) == {os.path.join(str(root), n + suffix) for n in datasets.FILES[True]}


def test_idx_reader_root_tricks(tmp_path, monkeypatch):
    """A '../' root is just a folder path (resolved by the OS, never joined with other names),
    and a name that is a directory, not a file, counts as missing."""
    root = tmp_path / "a" / "b"
    root.mkdir(parents=True)
    _write_set(str(tmp_path / "a"))
    opened = _record_opens(monkeypatch)
    datasets.load_fashion_mnist(str(root / ".."))
    assert set(opened) == {str(tmp_path / "a" / n) for n in datasets.FILES[True]}
    other = tmp_path / "c"
    other.mkdir()
    (other / datasets.FILES[True][0]).mkdir()
    (other / datasets.FILES[True][1]).mkdir()
    with pytest.raises(FileNotFoundError, match="never downloads"):
        datasets.load_fashion_mnist(str(other))


@pytest.mark.parametrize("damage", ["empty", "short-header", "magic", "ndim", "truncated",
                                    "extra", "mismatch"])
def test_idx_corruption_is_a_clear_value_error(tmp_path, damage):
    root = str(tmp_path)
    _write_set(root)
    path = os.path.join(root, datasets.FILES[True][0])
    blob = open(path, "rb").read()
    bad = {"empty": b"", "short-header": blob[:6], "magic": b"\x00\x00\x09\x03" + blob[4:],
           "ndim": b"\x00\x00\x08\x02" + blob[4:], "truncated": blob[:-100],
           "extra": blob + b"\x00", "mismatch": None}[damage]
    if damage == "mismatch":
        datasets.write_idx(os.path.join(root, datasets.FILES[True][1]), numpy.zeros(5))
    else:
        with open(path, "wb") as f:
            f.write(bad)
    with pytest.raises(ValueError, match="IDX|do not match") as info:
        datasets.load_fashion_mnist(root)
    assert damage == "mismatch" or path in str(info.value)


def test_gluon_fashion_mnist_reads_given_root(tmp_path, monkeypatch):
    from xint.mxnet import gluon
    _write_set(str(tmp_path))
    opened = _record_opens(monkeypatch)
    data = gluon.data.vision.FashionMNIST(root=str(tmp_path), train=True)
    assert len(data) == 3
    assert {os.path.dirname(p) for p in opened} == {str(tmp_path)}
