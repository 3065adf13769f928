"""Deep and wide graphs for the reliability tests and bench/deep.py: one builder per dialect.

chain(n): x -> x*1.0 repeated n times, then backward; fan(n): n products x*2.0 of one leaf,
stacked and summed (a node with n inputs, a leaf with n users), then backward. Each returns the
gradient of the leaf as a NumPy array.
"""
import numpy


def chain(dialect, n):
    if dialect == "torch":
        from xint.torch import torch
        x = torch.tensor(1.0, requires_grad=True)
        y = x
        for _ in range(n):
            y = y * 1.0
        y.backward()
        return x.grad.numpy()
    if dialect == "mxnet":
        from xint.mxnet import np, autograd
        x = np.array(1.0)
        x.attach_grad()
        with autograd.record():
            y = x
            for _ in range(n):
                y = y * 1.0
        y.backward()
        return x.grad.asnumpy()
    from xint.tensorflow import tf
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = x
        for _ in range(n):
            y = y * 1.0
    return tape.gradient(y, x).numpy()


def fan(dialect, n):
    if dialect == "torch":
        from xint.torch import torch
        x = torch.ones(3, requires_grad=True)
        torch.stack([x * 2.0 for _ in range(n)]).sum().backward()
        return x.grad.numpy()
    if dialect == "mxnet":
        from xint.mxnet import np, autograd
        x = np.ones(3)
        x.attach_grad()
        with autograd.record():
            y = np.stack([x * 2.0 for _ in range(n)]).sum()
        y.backward()
        return x.grad.asnumpy()
    from xint.tensorflow import tf
    x = tf.Variable(numpy.ones(3, dtype=numpy.float32))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.stack([x * 2.0 for _ in range(n)]))
    return tape.gradient(y, x).numpy()
