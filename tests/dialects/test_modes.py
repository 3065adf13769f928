"""Recording state is per thread, and long chains backprop in every dialect."""
import threading

import numpy

from xint import mxnet as xm
from xint import tensorflow as xtf
from xint import torch as xt


def in_thread(fn):
    box = {}
    t = threading.Thread(target=lambda: box.setdefault("out", fn()))
    t.start()
    t.join()
    return box["out"]


def test_torch_no_grad_is_per_thread():
    x = xt.torch.ones(2, requires_grad=True)
    with xt.torch.no_grad():
        assert (x * 2).requires_grad is False
        assert in_thread(lambda: (x * 2).requires_grad) is True


def test_mxnet_record_is_per_thread():
    x = xm.np.ones(2)
    x.attach_grad()
    with xm.autograd.record():
        assert xm.autograd.is_recording()
        assert in_thread(xm.autograd.is_recording) is False
        assert in_thread(lambda: (x * 2).node is None)


def test_mxnet_scopes_restore_the_state_also_as_recursive_decorators():
    ag = xm.autograd
    seen = []

    @ag.record()
    def f(n):
        seen.append(ag.is_recording())
        if n:
            with ag.pause():
                seen.append(ag.is_recording())
                f(n - 1)
                seen.append(ag.is_recording())
        return ag.is_recording()
    assert f(2) is True and ag.is_recording() is False
    assert seen == [True, False, True, False, True, False, False]   # f(2) > f(1) > f(0), unwound
    with ag.train_mode():             # a pause inside leaves training off for the inner call:
        f(1)                          # the outer call must still restore training on
        assert ag.is_training() and not ag.is_recording()
    with ag.record(train_mode=False):
        assert ag.is_recording() and not ag.is_training()
    assert not ag.is_recording() and not ag.is_training()


def test_tensorflow_tapes_are_per_thread():
    v = xtf.tf.Variable([1.0, 2.0])
    with xtf.tf.GradientTape(persistent=True) as tape:
        other = in_thread(lambda: v * v)
        mine = v * v
    assert tape.gradient(other, v) is None
    numpy.testing.assert_array_equal(tape.gradient(mine, v).numpy(), [2.0, 4.0])


def test_long_chains_in_every_dialect():
    n = 100_000
    x = xt.torch.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.0
    y.sum().backward()
    numpy.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])

    a = xm.np.array([1.0, 2.0])
    a.attach_grad()
    with xm.autograd.record():
        b = a
        for _ in range(n):
            b = b * 1.0
    b.backward()
    numpy.testing.assert_array_equal(a.grad.asnumpy(), [1.0, 1.0])

    v = xtf.tf.Variable([1.0, 2.0])
    with xtf.tf.GradientTape() as tape:
        w = v * 1.0
        for _ in range(n - 1):
            w = w * 1.0
    numpy.testing.assert_array_equal(tape.gradient(w, v).numpy(), [1.0, 1.0])
