"""A small MLP (20-32-10, batch 16, softmax cross-entropy, SGD) per dialect: make(dialect, seed)
returns step(xb, yb) -> loss (float) and params() -> list of NumPy arrays."""
import numpy


def init(seed):
    rng = numpy.random.default_rng(seed)
    return [rng.normal(0, 0.1, (20, 32)).astype("float32"), numpy.zeros(32, "float32"),
            rng.normal(0, 0.1, (32, 10)).astype("float32"), numpy.zeros(10, "float32")]


def batches(seed, n):
    rng = numpy.random.default_rng(seed + 100)
    return [(rng.standard_normal((16, 20)).astype("float32"), rng.integers(0, 10, 16))
            for _ in range(n)]


def make(dialect, seed, lr=0.1):
    w = init(seed)
    if dialect == "torch":
        from xint.torch import torch
        net = torch.nn.Sequential(torch.nn.Linear(20, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10))
        with torch.no_grad():
            net[0].weight.copy_(torch.tensor(w[0].T.copy()))
            net[0].bias.copy_(torch.tensor(w[1]))
            net[2].weight.copy_(torch.tensor(w[2].T.copy()))
            net[2].bias.copy_(torch.tensor(w[3]))
        loss_fn = torch.nn.CrossEntropyLoss()
        opt = torch.optim.SGD(net.parameters(), lr=lr)

        def step(xb, yb):
            loss = loss_fn(net(torch.tensor(xb)), torch.tensor(yb))
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()
        return step, lambda: [p.detach().numpy().copy() for p in net.parameters()]
    if dialect == "mxnet":
        from xint.mxnet import np, autograd
        ps = [np.array(a) for a in w]
        for p in ps:
            p.attach_grad()

        def step(xb, yb):
            X, Y = np.array(xb), np.array(numpy.eye(10, dtype="float32")[yb])
            with autograd.record():
                h = np.maximum(X @ ps[0] + ps[1], 0)
                o = h @ ps[2] + ps[3]
                o = o - o.max(axis=1, keepdims=True)
                lp = o - np.log(np.exp(o).sum(axis=1, keepdims=True))
                loss = -(lp * Y).sum(axis=1).mean()
            loss.backward()
            for p in ps:
                p[:] = p - lr * p.grad
            return float(loss)
        return step, lambda: [p.asnumpy().copy() for p in ps]
    from xint.tensorflow import tf
    vs = [tf.Variable(a) for a in w]

    def step(xb, yb):
        X, Y = tf.constant(xb), tf.constant(numpy.eye(10, dtype="float32")[yb])
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.matmul(X, vs[0]) + vs[1])
            o = tf.matmul(h, vs[2]) + vs[3]
            o = o - tf.reduce_max(o, axis=1, keepdims=True)
            lp = o - tf.math.log(tf.reduce_sum(tf.exp(o), axis=1, keepdims=True))
            loss = -tf.reduce_mean(tf.reduce_sum(lp * Y, axis=1))
        grads = tape.gradient(loss, vs)
        for v, g in zip(vs, grads):
            v.assign_sub(lr * g)
        return float(loss)
    return step, lambda: [v.numpy().copy() for v in vs]
