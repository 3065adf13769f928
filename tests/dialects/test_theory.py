"""The chapter's theory in each dialect's own idiom, against closed forms, on xint and (when
installed) on the real framework: ∇(Ax) = A (Jacobian), ∇(xᵀA) = Aᵀ, ∇(xᵀAx) = (A + Aᵀ)x,
∇‖x‖² = 2x, ∇‖X‖²_F = 2X, the product rule, and d²/dx² x³ = 6x."""
import numpy as onp
import pytest

from xint.testing import require_framework
from xint.testing import run_cells
from xint.tour import PRELUDES

RNG = onp.random.default_rng(42)
A = RNG.standard_normal((3, 3))
X0 = RNG.standard_normal(3)
M0 = RNG.standard_normal((2, 3))


def namespace(engine, dialect):
    if engine == "framework":
        require_framework(dialect)
    ns = {}
    exec(PRELUDES[(engine, dialect)], ns)
    return ns


ENGINES = ["xint", "framework"]


def host(t):
    if hasattr(t, "asnumpy"):
        return onp.array(t.asnumpy())
    if hasattr(t, "detach"):
        return onp.array(t.detach().numpy())
    return onp.array(t.numpy()) if hasattr(t, "numpy") else onp.asarray(t)


# ----- torch -----
@pytest.mark.parametrize("engine", ENGINES)
def test_torch_rules(engine):
    torch = namespace(engine, "torch")["torch"]
    a = torch.tensor(A)
    jac = torch.autograd.functional.jacobian
    onp.testing.assert_allclose(host(jac(lambda v: a @ v, torch.tensor(X0))), A, rtol=1e-12)
    onp.testing.assert_allclose(host(jac(lambda v: v @ a, torch.tensor(X0))), A.T, rtol=1e-12)
    x = torch.tensor(X0, requires_grad=True)
    (x @ a @ x).backward()
    onp.testing.assert_allclose(host(x.grad), (A + A.T) @ X0, rtol=1e-12)
    x.grad = None
    (x * x).sum().backward()
    onp.testing.assert_allclose(host(x.grad), 2 * X0)
    m = torch.tensor(M0, requires_grad=True)
    (g,) = torch.autograd.grad((m * m).sum(), m)
    onp.testing.assert_allclose(host(g), 2 * M0)
    x.grad = None
    (torch.sin(x) * torch.exp(x)).sum().backward()
    onp.testing.assert_allclose(host(x.grad), onp.cos(X0) * onp.exp(X0) + onp.sin(X0) * onp.exp(X0))


@pytest.mark.parametrize("engine", ENGINES)
def test_torch_higher_order_and_gradient(engine):
    torch = namespace(engine, "torch")["torch"]
    x = torch.tensor(X0, requires_grad=True)
    (g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    onp.testing.assert_allclose(host(g), 3 * X0 ** 2)
    (h,) = torch.autograd.grad(g.sum(), x)
    onp.testing.assert_allclose(host(h), 6 * X0)
    hess = torch.autograd.functional.hessian(lambda v: (v ** 3).sum(), torch.tensor(X0))
    onp.testing.assert_allclose(host(hess), onp.diag(6 * X0))


# ----- tensorflow -----
@pytest.mark.parametrize("engine", ENGINES)
def test_tensorflow_rules(engine):
    ns = namespace(engine, "tensorflow")
    tf = ns["tf"]
    a = tf.constant(A)
    x = tf.Variable(X0)
    with tf.GradientTape(persistent=True) as t:
        ax = tf.linalg.matvec(a, x) if engine == "framework" else tf.matmul(a, x)
        xa = tf.matmul(x, a) if engine == "xint" else tf.linalg.matvec(a, x, transpose_a=True)
        quad = tf.reduce_sum(x * (tf.linalg.matvec(a, x) if engine == "framework" else tf.matmul(a, x)))
        norm = tf.reduce_sum(x * x)
        prod = tf.reduce_sum(tf.sin(x) * tf.exp(x))
    onp.testing.assert_allclose(host(t.jacobian(ax, x)), A, rtol=1e-12)
    onp.testing.assert_allclose(host(t.jacobian(xa, x)), A.T, rtol=1e-12)
    onp.testing.assert_allclose(host(t.gradient(quad, x)), (A + A.T) @ X0, rtol=1e-12)
    onp.testing.assert_allclose(host(t.gradient(norm, x)), 2 * X0)
    onp.testing.assert_allclose(host(t.gradient(prod, x)),
                                onp.cos(X0) * onp.exp(X0) + onp.sin(X0) * onp.exp(X0))
    m = tf.Variable(M0)
    with tf.GradientTape() as t:
        f = tf.reduce_sum(m * m)
    onp.testing.assert_allclose(host(t.gradient(f, m)), 2 * M0)


@pytest.mark.parametrize("engine", ENGINES)
def test_tensorflow_nested_tapes(engine):
    tf = namespace(engine, "tensorflow")["tf"]
    x = tf.Variable(X0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = tf.reduce_sum(x ** 3)
        dy = inner.gradient(y, x)
    onp.testing.assert_allclose(host(dy), 3 * X0 ** 2)
    onp.testing.assert_allclose(host(outer.gradient(dy, x)), 6 * X0)


# ----- mxnet -----
@pytest.mark.parametrize("engine", ENGINES)
def test_mxnet_rules(engine):
    ns = namespace(engine, "mxnet")
    np, autograd = ns["np"], ns["autograd"]
    a = np.array(A)
    x = np.array(X0)
    x.attach_grad()
    rows = []
    for i in range(3):                                 # the Jacobian of Ax, one row per backward
        with autograd.record():
            y = np.dot(a, x)[i]
        y.backward()
        rows.append(host(x.grad))
    onp.testing.assert_allclose(onp.stack(rows), A, rtol=1e-12)
    with autograd.record():
        q = np.dot(x, np.dot(a, x))
    q.backward()
    onp.testing.assert_allclose(host(x.grad), (A + A.T) @ X0, rtol=1e-12)
    with autograd.record():
        n = (x * x).sum()
    n.backward()
    onp.testing.assert_allclose(host(x.grad), 2 * X0)
    with autograd.record():
        p = (np.sin(x) * np.exp(x)).sum()
    p.backward()
    onp.testing.assert_allclose(host(x.grad), onp.cos(X0) * onp.exp(X0) + onp.sin(X0) * onp.exp(X0))
    m = np.array(M0)
    m.attach_grad()
    with autograd.record():
        f = (m * m).sum()
    (g,) = autograd.grad(f, [m])
    onp.testing.assert_allclose(host(g), 2 * M0)


@pytest.mark.parametrize("engine", ENGINES)
def test_mxnet_second_order_where_mxnet_supports_it(engine):
    ns = namespace(engine, "mxnet")
    np, autograd = ns["np"], ns["autograd"]
    x = np.array(X0)
    x.attach_grad()
    with autograd.record():
        y = np.sin(x)
        (g,) = autograd.grad(y, [x], create_graph=True, retain_graph=True)
    onp.testing.assert_allclose(host(g), onp.cos(X0))
    g.backward()
    onp.testing.assert_allclose(host(x.grad), -onp.sin(X0))


def test_jacobian_cells_in_every_dialect_agree():
    """The same y = x * x Jacobian through each dialect's idiom on xint."""
    cells = {
        "torch": "torch.autograd.functional.jacobian(lambda v: v * v, torch.arange(4.0)).numpy()",
        "tensorflow": ("x = tf.Variable(tf.range(4, dtype=tf.float32))\n"
                       "with tf.GradientTape() as t:\n    y = x * x\nt.jacobian(y, x).numpy()"),
    }
    for dialect, src in cells.items():
        (out,) = run_cells([(src, {})], PRELUDES[("xint", dialect)])
        onp.testing.assert_array_equal(out.host, onp.diag([0.0, 2.0, 4.0, 6.0]))
