"""Recording state is thread-local (torch grad mode, MXNet record scopes, TF tapes), and two
threads training separate models at once get bit-identical results to a sequential run."""
import threading

import numpy
import pytest

from rel_models import batches, make


def _in_thread(fn):
    out, err = [], []

    def run():
        try:
            out.append(fn())
        except BaseException as e:      # noqa: BLE001 - re-raised in the main thread
            err.append(e)
    t = threading.Thread(target=run)
    t.start()
    t.join()
    if err:
        raise err[0]
    return out[0]


def _while_inside(scope, probe):
    """Run probe() in another thread while this thread sits inside scope (and the reverse)."""
    inside, done = threading.Event(), threading.Event()
    result = {}

    def hold():
        with scope():
            result["inner"] = probe()
            inside.set()
            done.wait(10)
    t = threading.Thread(target=hold)
    t.start()
    inside.wait(10)
    result["other"] = probe()
    done.set()
    t.join()
    return result


def test_torch_grad_mode_is_thread_local():
    from xint.torch import torch
    x = torch.ones(2, requires_grad=True)
    r = _while_inside(torch.no_grad, lambda: (x * 2).requires_grad)
    assert r == {"inner": False, "other": True}
    r = _while_inside(lambda: torch.set_grad_enabled(False), torch.is_grad_enabled)
    assert r == {"inner": False, "other": True}
    with torch.no_grad():
        assert _in_thread(lambda: (x * 2).requires_grad) is True
        assert torch.is_grad_enabled() is False
    assert torch.is_grad_enabled() is True


def test_mxnet_record_scope_is_thread_local():
    from xint.mxnet import autograd
    r = _while_inside(autograd.record, autograd.is_recording)
    assert r == {"inner": True, "other": False}
    r = _while_inside(autograd.train_mode, autograd.is_training)
    assert r == {"inner": True, "other": False}
    with autograd.record():
        assert _in_thread(autograd.is_recording) is False


def test_tf_tape_is_thread_local():
    from xint.tensorflow import tf
    x = tf.Variable(numpy.ones(2, dtype="float32"))
    with tf.GradientTape() as tape:
        y = x * 3.0
        z = _in_thread(lambda: x * 5.0)            # computed in another thread: not recorded
        w = tf.reduce_sum(y + z)
    assert numpy.array_equal(tape.gradient(w, x).numpy(), numpy.full(2, 3.0, "float32"))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(x * x)

        def other():
            with tf.GradientTape() as t2:      # a tape of its own, blind to this thread's ops
                q = tf.reduce_sum(x * 4.0)
            return t2.gradient(q, x).numpy()
        assert numpy.array_equal(_in_thread(other), numpy.full(2, 4.0, "float32"))
    assert numpy.array_equal(tape.gradient(y, x).numpy(), numpy.full(2, 2.0, "float32"))


def _train(dialect, seed, steps=60):
    step, params = make(dialect, seed)
    losses = [step(*b) for b in batches(seed, steps)]
    return losses, params()


@pytest.mark.parametrize("dialect", ["torch", "mxnet", "tensorflow"])
def test_parallel_training_matches_sequential(dialect):
    sequential = [_train(dialect, 1), _train(dialect, 2)]
    results = [None, None]

    def worker(i):
        results[i] = _train(dialect, i + 1)
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for (l1, p1), (l2, p2) in zip(sequential, results):
        assert l1 == l2
        assert all(a.tobytes() == b.tobytes() for a, b in zip(p1, p2))
