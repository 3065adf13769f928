"""Explain mode: one plain-language stderr line per classic autograd mistake, in every dialect,
and never a change in results."""
import os
import subprocess
import sys

import numpy
import pytest

from xint import utils
from xint.core import explain
import xint.mxnet as mx
import xint.tensorflow as tf
import xint.torch as torch


@pytest.fixture(autouse=True)
def _explain_off():
    prev = explain.set_enabled(False)
    explain.reset()
    yield
    explain.set_enabled(prev)
    explain.reset()


def _value(x):
    if x is None:
        return None
    if isinstance(x, (list, tuple)):
        return [_value(v) for v in x]
    return numpy.asarray(utils.to_numpy(x)).tolist()


def _outcome(scenario):
    """What the scenario returns (as plain values) or raises (type and message)."""
    try:
        return ("ok", _value(scenario()))
    except Exception as e:               # noqa: BLE001 - the exception is the result here
        return ("raised", type(e).__name__, str(e))


# ----- the scenarios: each is a mistake the book's readers make -----

def torch_accumulate():
    x = torch.arange(4.0, requires_grad=True)
    (x * x).sum().backward()
    (x * x).sum().backward()                       # forgot x.grad.zero_()
    return x.grad


def torch_nonscalar():
    x = torch.arange(4.0, requires_grad=True)
    (x * x).backward()


def torch_freed():
    x = torch.arange(4.0, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def torch_detached_grad():
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    (u * x).sum().backward()
    return [x.grad, u.grad]


def torch_detached_autograd_grad():
    x = torch.arange(4.0, requires_grad=True)
    u = (x * x).detach()
    return torch.autograd.grad((u * x).sum(), u)


def mx_accumulate():
    x = mx.np.arange(4.0)
    x.attach_grad(grad_req="add")
    for _ in range(2):
        with mx.autograd.record():
            y = (x * x).sum()
        y.backward()
    return x.grad


def mx_nonscalar():
    x = mx.np.arange(4.0)
    x.attach_grad()
    with mx.autograd.record():
        y = x * x
    y.backward()
    return x.grad


def mx_freed():
    x = mx.np.arange(4.0)
    x.attach_grad()
    with mx.autograd.record():
        y = (x * x).sum()
    y.backward()
    y.backward()


def mx_detached():
    x, w = mx.np.arange(4.0), mx.np.ones(4)
    x.attach_grad()
    w.attach_grad()
    with mx.autograd.record():
        z = ((x * x).detach() * w).sum()          # x reaches z only through the cut
    return mx.autograd.grad(z, [w, x])


def tf_nonscalar():
    x = tf.Variable(tf.range(4.0))
    with tf.GradientTape() as t:
        y = x * x
    return t.gradient(y, x)


def tf_tape_reused():
    x = tf.Variable(tf.range(4.0))
    with tf.GradientTape() as t:
        y = tf.reduce_sum(x * x)
    t.gradient(y, x)
    return t.gradient(y, x)


def tf_detached():
    x = tf.Variable(tf.range(4.0))
    w = tf.Variable(tf.ones(4))
    with tf.GradientTape() as t:
        u = tf.stop_gradient(x * x)
        z = tf.reduce_sum(u * w)
    return t.gradient(z, [w, x])


CASES = [  # scenario, words the explanation must contain
    (torch_accumulate, "ADDED to it"),
    (torch_nonscalar, "not a scalar: PyTorch needs a head gradient"),
    (torch_freed, "freed by an earlier backward"),
    (torch_detached_grad, "made by detach()/stop_gradient()"),
    (torch_detached_autograd_grad, "made by detach()/stop_gradient()"),
    (mx_accumulate, "grad_req='add'"),
    (mx_nonscalar, "MXNet used a head gradient of ones"),
    (mx_freed, "needs an array computed inside autograd.record()"),
    (mx_detached, "every path from the result to it goes through detach()"),
    (tf_nonscalar, "TensorFlow summed the target"),
    (tf_tape_reused, "non-persistent GradientTape"),
    (tf_detached, "every path from the result to it goes through detach()"),
]


@pytest.mark.parametrize("scenario,words", CASES, ids=[c[0].__name__ for c in CASES])
def test_explains_once_and_changes_nothing(scenario, words, capsys):
    off = _outcome(scenario)
    assert capsys.readouterr().err == ""                   # off by default: silent
    utils.explain(True)
    on = _outcome(scenario)
    err = capsys.readouterr().err.splitlines()
    assert on == off
    assert len(err) == 1 and err[0].startswith("xint explain: ") and words in err[0], err
    _outcome(scenario)                                     # the same line is said once
    assert capsys.readouterr().err == ""


def test_outcomes_are_the_frameworks():
    # a few anchors so "identical on/off" is not identical-and-wrong
    assert _outcome(torch_accumulate) == ("ok", [0.0, 4.0, 8.0, 12.0])
    assert _outcome(mx_accumulate) == ("ok", [0.0, 4.0, 8.0, 12.0])
    assert _outcome(mx_nonscalar) == ("ok", [0.0, 2.0, 4.0, 6.0])
    assert _outcome(tf_nonscalar) == ("ok", [0.0, 2.0, 4.0, 6.0])
    assert _outcome(tf_detached) == ("ok", [[0.0, 1.0, 4.0, 9.0], None])
    assert _outcome(mx_detached)[:2] == ("raised", "MXNetError")
    assert _outcome(torch_nonscalar)[:2] == ("raised", "RuntimeError")
    assert _outcome(tf_tape_reused)[:2] == ("raised", "RuntimeError")


def test_silent_when_nothing_is_wrong(capsys):
    utils.explain(True)
    x = torch.arange(4.0, requires_grad=True)
    for _ in range(2):
        (x * x).sum().backward()
        x.grad.zero_()                     # the zeroed buffer is not "non-zero": no line
    v = mx.np.arange(4.0)
    v.attach_grad(grad_req="add")          # first backward into zeros: nothing to say
    with mx.autograd.record():
        y = (v * v).sum()
    y.backward()
    w = torch.ones(3).detach()             # detached from no graph: not a cut
    assert w.grad is None
    assert capsys.readouterr().err == ""


def test_switch_returns_previous_and_env_var():
    assert utils.explain(True) is False
    assert utils.explain(False) is True
    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
    code = ("import xint.torch as torch\nx = torch.ones(2, requires_grad=True)\n"
            "try:\n    (x * 2).backward()\nexcept RuntimeError:\n    pass\n")
    env = dict(os.environ, XINT_EXPLAIN="1",
               PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stderr
    assert err.startswith("xint explain: backward() was called on a tensor of shape (2,)")
