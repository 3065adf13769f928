"""torch's argument parser takes NumPy's axis=/keepdims= for dim=/keepdim=, and torch.device
prints as 'cpu' / 'cuda:0' with str(): checked against real torch (d2l's accuracy and
try_gpu rely on both)."""
import pytest

from xint.testing import check_conformance

REDUCTIONS = ["sum", "mean", "prod", "amax", "amin", "argmax", "argmin", "var", "std", "all",
              "any", "logsumexp"]
CELLS = [("x = torch.arange(6.0).reshape(2, 3)\nb = x > 2\nx", {})]
for name in REDUCTIONS:
    arg = "b" if name in ("all", "any") else "x"
    CELLS.append((f"torch.{name}({arg}, axis=1), {arg}.{name}(axis=0, keepdims=True), "
                  f"torch.{name}({arg}, dim=1, keepdims=True)", {"approx": True}))
CELLS += [
    ("x.max(axis=1).values, torch.min(x, axis=0, keepdims=True).indices", {}),
    ("x.cumsum(axis=1), torch.cumsum(x, axis=0)", {}),
    ("x.norm(axis=1)", {}),
    ("str(torch.device('cpu')), repr(torch.device('cpu')), str(torch.device('cuda:1')), "
     "repr(torch.device('cuda:1')), str(torch.device('cuda', 0)), "
     "torch.device('cuda:1') == torch.device('cuda', 1)", {}),
    ("print(torch.device('cpu'), torch.device('cuda', 0))", {}),
    ("f'training on {torch.device(\"cpu\")}'", {}),
]


@pytest.mark.conformance
def test_numpy_argument_names_and_device_str_match_torch():
    check_conformance(CELLS, "torch")


SOFTMAX_CELLS = [
    ("x = torch.arange(6.0).reshape(2, 3)\n"
     "torch.softmax(x, 1), torch.softmax(x, axis=0), x.softmax(1), x.log_softmax(dim=0)",
     {"approx": True}),
    ("torch.log_softmax(x, 1, dtype=torch.float64), torch.softmax(x, dim=-1).dtype", {}),
    ("torch.softmax(x)", {}),
    ("x.softmax()", {}),
]


@pytest.mark.conformance
def test_torch_softmax_names_match_torch():
    check_conformance(SOFTMAX_CELLS, "torch")
