"""xint.utils plotting helpers (d2l's plot, Animator, show_images, Accumulator), headless."""
import os
import warnings

import numpy
import pytest

pytest.importorskip("matplotlib")

from xint import utils  # noqa: E402
import xint.mxnet as mx  # noqa: E402
import xint.tensorflow as tf  # noqa: E402
import xint.torch as torch  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


def _lines(axes):
    return [(list(line.get_xdata()), list(line.get_ydata())) for line in axes.get_lines()]


def test_headless_backend_is_non_interactive():
    utils.set_figsize((2, 1))
    import matplotlib
    import matplotlib.pyplot as plt
    assert plt.rcParams["figure.figsize"] == [2.0, 1.0]
    if not os.environ.get("DISPLAY"):
        assert matplotlib.get_backend().lower() == "agg"


@pytest.mark.parametrize("make", [
    lambda v: torch.tensor(v, requires_grad=True) * 1,     # a recorded torch tensor
    lambda v: tf.constant(v),
    lambda v: mx.np.array(v),
    lambda v: numpy.array(v),
    lambda v: list(v),
], ids=["torch", "tensorflow", "mxnet", "numpy", "list"])
def test_plot_accepts_every_dialect(make):
    x = make([0.0, 1.0, 2.0])
    y = make([1.0, 3.0, 5.0])
    axes = utils.plot(x, [y, y], xlabel="x", ylabel="f(x)", legend=["a", "b"], xlim=[0, 2])
    assert _lines(axes) == [([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])] * 2
    assert axes.get_xlabel() == "x" and axes.get_ylabel() == "f(x)"
    assert axes.get_xlim() == (0.0, 2.0)
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["a", "b"]


def test_plot_y_only_and_2d_rows_and_formats():
    axes = utils.plot(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), fmts=("r-", "b:"), yscale="log")
    assert _lines(axes) == [([0, 1], [1.0, 2.0]), ([0, 1], [3.0, 4.0])]
    assert axes.get_lines()[1].get_linestyle() == ":" and axes.get_yscale() == "log"
    # one x for many curves, and the same axes reused (cleared first)
    axes = utils.plot(numpy.arange(3), [numpy.ones(3), numpy.zeros(3)], axes=axes)
    assert len(axes.get_lines()) == 2


def test_plot_accepts_real_torch_tensor_that_requires_grad():
    real = pytest.importorskip("torch")
    x = real.arange(3.0, requires_grad=True)
    axes = utils.plot(x, x * 2)
    assert _lines(axes) == [([0.0, 1.0, 2.0], [0.0, 2.0, 4.0])]


def test_chinese_labels_render_quietly(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        utils.plot([1, 2, 3], xlabel="时间", ylabel="损失", legend=["训练"])
        import matplotlib.pyplot as plt
        plt.gcf().savefig(tmp_path / "zh.png")
    assert (tmp_path / "zh.png").stat().st_size > 1000


def test_animator_headless_writes_file_and_prints(tmp_path, capsys):
    path = tmp_path / "anim.svg"
    anim = utils.Animator(xlabel="epoch", xlim=[1, 3], legend=["train loss", "test acc"],
                          path=str(path))
    for epoch in range(1, 4):
        anim.add(epoch, (torch.tensor(1.0 / epoch), None if epoch < 2 else 0.5 * epoch))
        text = path.read_text()
        assert text.startswith("<?xml") and "<svg" in text
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert out[0] == f"x 1: train loss 1 -> {path}"
    assert out[2] == f"x 3: train loss 0.3333, test acc 1.5 -> {path}"
    assert anim.X == [[1.0, 2.0, 3.0], [2.0, 3.0]]
    assert anim.Y[1] == [1.0, 1.5]


def test_animator_png_and_default_path(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XINT_ANIMATOR_PATH", str(tmp_path / "a.png"))
    anim = utils.Animator(legend=["loss"])
    anim.add(1, 0.5)
    assert anim.path == str(tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert capsys.readouterr().out.startswith("x 1: loss 0.5 -> ")


def test_show_images_grid_and_titles():
    imgs = [torch.ones((4, 4)), tf.zeros((4, 4)), mx.np.ones((4, 4)), numpy.eye(4)]
    axes = utils.show_images(imgs, 2, 2, titles=["a", "b", "c", "d"], scale=1.0)
    assert len(axes) == 4 and [ax.get_title() for ax in axes] == ["a", "b", "c", "d"]
    assert axes[0].figure.get_size_inches().tolist() == [2.0, 2.0]
    assert numpy.array_equal(axes[3].get_images()[0].get_array(), numpy.eye(4))


def test_accumulator_and_timer():
    acc = utils.Accumulator(2)
    acc.add(1, torch.tensor(2.0))
    acc.add(3.5, 1)
    assert acc[0] == 4.5 and acc[1] == 3.0
    acc.reset()
    assert acc.data == [0.0, 0.0]
    assert utils.Timer().stop() >= 0
