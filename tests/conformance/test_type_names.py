"""How tensor classes name themselves: type names, the texts of AttributeError and of CPython's own
errors about an instance, hasattr, and MXNet's refusing legacy methods, cell by cell against real
TF 2.21 and MXNet 1.9.1. (xint words these without a __getattr__ hook, which would take attribute
access on every tensor off CPython's fast path; these cells pin the texts.)"""
from xint.testing import check_conformance

TF = [
    ("t = tf.constant([1., 2.])\ntype(t).__name__, type(t).__qualname__, type(t).__module__", {}),
    ("t.item()", {}),
    ("t.no_such_name", {}),
    ("hasattr(t, 'item'), getattr(t, 'no_such_name', 7)", {}),
    ("t()", {}),
    ("v = tf.Variable([1., 2.])\ntype(v[0]).__name__, v[0].item()", {}),
    ("with tf.GradientTape() as g:\n    r = v.read_value()\n    w = r * v\n"
     "type(r).__name__, type(w).__name__, hasattr(r, 'item')", {}),
    ("r.item()", {}),
    ("v.no_such_name", {}),
]

MXNET = [
    ("x = np.array([[1., 2.]])\nhasattr(x, 'tanh'), hasattr(x, 'cqrt'), hasattr(x, 'asscalar')",
     {}),
    ("x.tanh()", {}),
    ("x.relu(1, axis=0)", {}),
    ("x.cbrt()", {}),
    ("x.rcbrt()", {}),
    ("x.broadcast_axes()", {}),
    ("x.asscalar()", {}),
    ("x.broadcast_like(x)", {}),
    ("x.broadcast_like()", {}),
    ("x.tostype('default')", {}),
    ("x.diag()", {}),
    ("x.cqrt", {}),
    ("x.no_such_name", {}),
    ("getattr(x, 'no_such_name', 7), type(x).__name__", {}),
]


def test_tensorflow_type_names():
    check_conformance(TF, "tensorflow")


def test_mxnet_type_names_and_legacy_methods():
    check_conformance(MXNET, "mxnet")
