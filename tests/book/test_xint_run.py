"""`python -m xint run`: scripts written for the real frameworks (tests/book/scripts/<framework>/)
run on xint, and, where the real framework is installed, on it too with the same stdout."""
import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

from xint import cli, testing
from xint.datasets import write_idx

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "scripts")
SRC = os.path.normpath(os.path.join(HERE, "..", "..", "src"))
# lines that measure time, not behaviour
VOLATILE = ("examples/sec",)

CASES = [
    ("torch", "import_styles"), ("torch", "chapters"), ("torch", "fashion_lenet"),
    ("torch", "d2l_helpers"),
    ("mxnet", "import_styles"), ("mxnet", "chapters"), ("mxnet", "d2l_helpers"),
    ("tensorflow", "import_styles"), ("tensorflow", "chapters"), ("tensorflow", "d2l_helpers"),
    ("tensorflow", "d2l_train"),
]


def _python(args, cwd=None, extra_path=(), env=None):
    """Run this interpreter with xint's sources importable."""
    env = dict(os.environ, **(env or {}), PYTHONPATH=os.pathsep.join(
        [*extra_path, SRC, os.environ.get("PYTHONPATH", "")]), MPLBACKEND="Agg")
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=600)


def _stable(stdout):
    return [line for line in stdout.splitlines() if not any(v in line for v in VOLATILE)]


@pytest.fixture(scope="module")
def fashion_root(tmp_path_factory):
    """A small synthetic Fashion-MNIST in the real IDX format, laid out as torchvision wants
    (plain files) and as Keras keeps it under $KERAS_HOME (gzipped)."""
    base = tmp_path_factory.mktemp("book")
    (base / "work").mkdir()                    # d2l reads ../data from its working folder
    raw = base / "data" / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    keras = base / "keras" / "datasets" / "fashion-mnist"
    keras.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 64), ("t10k", 16)):
        labels = rng.integers(0, 10, size=n).astype(np.uint8)
        images = rng.integers(0, 60, size=(n, 28, 28)).astype(np.uint8)
        rows = 2 * labels[:, None] + np.arange(6)              # a class-dependent bright band
        images[np.arange(n)[:, None], rows, 4:24] += 180
        write_idx(raw / f"{prefix}-images-idx3-ubyte", images)
        write_idx(raw / f"{prefix}-labels-idx1-ubyte", labels)
        write_idx(keras / f"{prefix}-images-idx3-ubyte.gz", images)
        write_idx(keras / f"{prefix}-labels-idx1-ubyte.gz", labels)
    return str(base / "data")


@pytest.mark.parametrize("framework,name", CASES, ids=[f"{f}-{n}" for f, n in CASES])
def test_script_matches_real_framework(framework, name, fashion_root):
    if name.startswith("d2l") and importlib.util.find_spec("d2l") is None:
        pytest.skip("d2l is not installed")
    script = os.path.join(SCRIPTS, framework, name + ".py")
    args = [fashion_root] if name == "fashion_lenet" else ["--flag", "x y"]
    base = os.path.dirname(fashion_root)
    work, env = os.path.join(base, "work"), {"KERAS_HOME": os.path.join(base, "keras")}
    ours = _python(["-m", "xint", "run", script, *args], cwd=work, env=env)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.strip()
    testing.require_framework(framework)
    extra = ()
    if framework == "torch" and importlib.util.find_spec("torchvision") is None:
        extra = (os.path.join(SCRIPTS, "real_torchvision"),)
    real = _python(["-m", "xint.runner", "--real", script, *args], cwd=work, extra_path=extra,
                   env=env)
    assert real.returncode == 0, real.stderr
    assert _stable(ours.stdout) == _stable(real.stdout)


def test_argv_name_and_traceback_point_at_the_script(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("import sys\nimport torch\nprint(sys.argv, __name__)\n\n1 / 0\n")
    out = _python(["-m", "xint", "run", str(script), "a", "--b"])
    assert out.stdout.splitlines() == [f"[{str(script)!r}, 'a', '--b'] __main__"]
    assert out.returncode == 1
    assert f'File "{script}", line 5, in <module>' in out.stderr
    assert "runpy" not in out.stderr and out.stderr.strip().endswith(
        "ZeroDivisionError: division by zero")


MISSING = """
import torch
for attempt in ("torch.fft", "from torch import fft", "import torch.fft",
                "import torch.nn.nonexistent", "torch.nn.functional.nonexistent_fn"):
    try:
        exec(attempt)
    except (AttributeError, ImportError) as exc:
        print(type(exc).__mro__[1].__name__, "|", exc)
print(hasattr(torch, "fft"), torch.__name__)
"""


def test_missing_names_say_what_is_missing(tmp_path):
    script = tmp_path / "missing.py"
    script.write_text(MISSING)
    out = _python(["-m", "xint", "run", str(script)])
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "AttributeError | xint's torch dialect does not provide torch.fft",
        "ModuleNotFoundError | xint's torch dialect does not provide torch.fft",
        "ModuleNotFoundError | xint's torch dialect does not provide torch.fft",
        "ModuleNotFoundError | xint's torch dialect does not provide torch.nn.nonexistent",
        "AttributeError | xint's torch dialect does not provide "
        "torch.nn.functional.nonexistent_fn",
        "False xint.torch",
    ]


@pytest.mark.parametrize("source,expected", [
    ("import numpy\n", "imports none of torch, tensorflow, mxnet; say which with --framework"),
    ("import torch\nimport mxnet\n", "imports several frameworks (mxnet, torch)"),
])
def test_framework_detection_errors(tmp_path, source, expected):
    script = tmp_path / "s.py"
    script.write_text(source)
    out = _python(["-m", "xint", "run", str(script)])
    assert out.returncode == 2 and expected in out.stderr


def test_framework_detection_and_override(tmp_path):
    from xint import runner
    cases = {"from d2l import mxnet as d2l\n": "mxnet", "import torchvision.transforms\n": "torch",
             "def f():\n    import tensorflow as tf\n": "tensorflow",
             "from mxnet.gluon import nn\n": "mxnet"}
    for i, (source, expected) in enumerate(cases.items()):
        script = tmp_path / f"s{i}.py"
        script.write_text(source)
        assert runner.detect_framework(str(script)) == expected
    script = tmp_path / "both.py"
    script.write_text("import numpy\nfrom mxnet import np\nprint(np.ones(2))\n")
    out = _python(["-m", "xint", "run", "--framework", "mxnet", str(script)])
    assert out.returncode == 0 and out.stdout == "[1. 1.]\n", out.stderr


def test_hook_is_confined_to_the_run_process():
    from xint import runner  # noqa: F401 - importing installs nothing
    assert not any(type(f).__name__ == "AliasFinder" for f in sys.meta_path)


def test_bench_runs_the_repository_script(tmp_path, monkeypatch, capsys):
    script = tmp_path / "run.py"
    script.write_text("import sys\nprint('bench', sys.argv[1:], __name__)\n")
    monkeypatch.setattr(cli, "bench_script", lambda: str(script))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    assert cli.main(["bench", "--quick", "-k", "conv"]) == 0
    assert capsys.readouterr().out == "bench ['--quick', '-k', 'conv'] __main__\n"
    monkeypatch.setattr(cli, "bench_script", lambda: str(tmp_path / "absent" / "run.py"))
    assert cli.main(["bench"]) == 2
    assert "ship with the xint repository" in capsys.readouterr().err


def test_torchvision_transforms_follow_their_definitions():
    PIL = pytest.importorskip("PIL.Image")
    from xint.torch.vision import transforms
    img = np.arange(12, dtype=np.uint8).reshape(3, 4) * 20
    t = transforms.ToTensor()(img)
    assert tuple(t.shape) == (1, 3, 4) and str(t.dtype) == "torch.float32"
    np.testing.assert_array_equal(t.numpy(), (img.astype(np.float32) / np.float32(255))[None])
    hwc = transforms.ToTensor()(np.zeros((2, 3, 3), dtype=np.uint8))
    assert tuple(hwc.shape) == (3, 2, 3)
    n = transforms.Normalize((0.5, 0.25), (0.5, 2.0))(
        transforms.ToTensor()(np.full((2, 2, 2), 255, dtype=np.uint8)))
    np.testing.assert_allclose(n.numpy()[:, 0, 0], [1.0, 0.375])
    pil = PIL.fromarray(np.arange(28 * 28, dtype=np.uint8).reshape(28, 28))
    resized = transforms.Resize(14)(pil)
    expected = pil.resize((14, 14), PIL.BILINEAR)
    np.testing.assert_array_equal(np.asarray(resized), np.asarray(expected))
    assert transforms.Resize((10, 20))(pil).size == (20, 10)
    with pytest.raises(TypeError, match="pic should be PIL Image or ndarray"):
        transforms.ToTensor()(t)
