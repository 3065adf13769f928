"""A layer's `x @ w + b` at sizes where xint writes the sum into the product's buffer (a temporary
of 64 KiB or more, core.refs), with the bias a torch nn.Parameter or a TF variable's watched read,
on either side of the `+`: outputs, gradients and the untouched bias against the real frameworks.
The inputs are multiples of 1/8 and 1/16, so the sums are exact in float32."""
from xint.testing import check_conformance

APPROX = {"approx": True}

# 256 x 128 float32 results: 128 KiB, above REUSE_MIN_BYTES. The values are Python floats, so
# both frameworks start from the same numbers.
VALUES = (
    "xs = [(i * 7 % 13 - 6) / 8 for i in range(256 * 96)]\n"
    "ws = [(i * 5 % 11 - 5) / 16 for i in range(96 * 128)]\n"
    "bs = [(i * 3 % 7 - 3) / 4 for i in range(128)]\n")
TORCH = VALUES + (
    "X = torch.tensor(xs).reshape(256, 96)\n"
    "w = torch.tensor(ws).reshape(96, 128).requires_grad_()\n"
    "b = torch.nn.Parameter(torch.tensor(bs))\n")
TF = VALUES + (
    "X = tf.reshape(tf.constant(xs), (256, 96))\n"
    "W = tf.Variable(tf.reshape(tf.constant(ws), (96, 128)))\n"
    "b = tf.Variable(tf.constant(bs))\n")

TORCH_CELLS = [
    (TORCH + f"h = torch.relu({expr})\n"
     "h.sum().backward()\n"
     "h[:2, :5], h.sum(), w.grad[:3, :4], w.grad.sum(), b.grad[:6], b.grad.sum(), b[:6]",
     APPROX)
    for expr in ("X @ w + b", "b + X @ w")
]
TF_CELLS = [
    (TF + "with tf.GradientTape() as t:\n"
     f"    h = tf.nn.relu({expr})\n"
     "    s = tf.reduce_sum(h)\n"
     "gw, gb = t.gradient(s, [W, b])\n"
     "h[:2, :5], s, gw[:3, :4], tf.reduce_sum(gw), gb[:6], tf.reduce_sum(gb), b[:6]",
     APPROX)
    for expr in ("tf.matmul(X, W) + b", "b + tf.matmul(X, W)")
]


def test_torch_a_parameter_bias_beside_a_big_temporary():
    check_conformance(TORCH_CELLS, "torch")


def test_tf_a_variable_bias_beside_a_big_temporary():
    check_conformance(TF_CELLS, "tensorflow")
