"""Public test helpers: check_grads (finite differences) and the conformance harness that runs
notebook-style cells on xint and on the real frameworks and compares what they show.
"""
import ast
import contextlib
import importlib
import io
import os
import warnings
from dataclasses import dataclass

import numpy

FRAMEWORK_MODULES = {"torch": "torch", "tensorflow": "tensorflow", "mxnet": "mxnet"}


# ----- gradient checking -----
def numerical_vjp(f, x, u, eps=1e-6):
    """<u, J v> along a random direction v by central differences, and v: for check_grads."""
    rng = numpy.random.default_rng(0)
    v = rng.standard_normal(numpy.shape(x))
    fp, fm = numpy.asarray(f(x + eps * v)), numpy.asarray(f(x - eps * v))
    return float(numpy.sum(u * (fp - fm) / (2 * eps))), v


def check_grads(f, x, order=1, rtol=1e-5, atol=1e-7):
    """Check xint's reverse-mode derivatives of f at x (float64) against central differences,
    along random directions (so no full Jacobian is built); order=2 checks the VJP's VJP too."""
    from . import functional
    x = numpy.asarray(x, dtype=numpy.float64)
    y, pullback = functional.vjp(f, x)
    u = numpy.random.default_rng(1).standard_normal(numpy.shape(y))
    analytic = pullback(u)
    numeric, v = numerical_vjp(lambda z: functional.vjp(f, z)[0], x, u)
    got = float(numpy.sum(analytic * v))
    if not numpy.isclose(got, numeric, rtol=rtol, atol=atol):
        raise AssertionError(f"VJP mismatch: analytic {got!r} vs numerical {numeric!r}")
    if order >= 2:
        check_grads(lambda z: functional.vjp(f, z)[1](u), x, order=order - 1, rtol=rtol, atol=atol)


# ----- conformance -----
@dataclass
class Outcome:
    """What a cell showed: the repr of its last expression (or printed text), or an exception."""
    text: str = ""
    host: object = None            # the value as host NumPy data, for tolerance comparisons
    error: tuple = None            # (type name, message's last line)
    warnings: tuple = ()           # (category name, message) of the UserWarnings it emitted

    def __str__(self):
        return f"RAISES {self.error[0]}: {self.error[1]}" if self.error else self.text


def framework_available(dialect):
    try:
        importlib.import_module(FRAMEWORK_MODULES[dialect])
        return True
    except Exception:       # noqa: BLE001 - a broken install counts as absent
        return False


def required_frameworks():
    """Frameworks that must be present (CI sets XINT_REQUIRE_FRAMEWORKS): their cases never skip."""
    return {f for f in os.environ.get("XINT_REQUIRE_FRAMEWORKS", "").split(",") if f}


def require_framework(dialect):
    """In a pytest test: skip when the real framework is absent, unless XINT_REQUIRE_FRAMEWORKS
    says it must be there (then fail, so CI never passes on a skipped conformance case)."""
    import pytest
    if framework_available(dialect):
        return
    if dialect in required_frameworks():
        pytest.fail(f"the real {dialect} is required here (XINT_REQUIRE_FRAMEWORKS) but does not "
                    "import")
    pytest.skip(f"real {dialect} is not installed")


def _host(value):
    """A host NumPy copy of a tensor of any dialect or framework (or None)."""
    if isinstance(value, type):
        return None
    for attr in ("detach",):
        if hasattr(value, attr) and hasattr(value, "numpy") and callable(value.detach):
            try:
                return numpy.array(value.detach().numpy())
            except Exception:  # noqa: BLE001
                pass
    if hasattr(value, "asnumpy"):
        return numpy.array(value.asnumpy())
    if hasattr(value, "numpy") and callable(value.numpy):
        return numpy.array(value.numpy())
    if isinstance(value, (list, tuple)):
        parts = [_host(v) for v in value]
        return None if any(p is None for p in parts) else parts
    if isinstance(value, (int, float, bool, numpy.generic, numpy.ndarray)):
        return numpy.array(value)
    return None


def run_cells(cells, prelude):
    """Run cells in one namespace as a notebook would; one Outcome per cell."""
    ns = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(prelude, "<prelude>", "exec"), ns)
    outcomes = []
    for src, _opts in cells:
        tree = ast.parse(src, mode="exec")
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        out = io.StringIO()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with contextlib.redirect_stdout(out):
                    exec(compile(tree, "<cell>", "exec"), ns)
                    value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns) \
                        if last is not None else None
                text = out.getvalue() + ("" if value is None else repr(value))
                outcome = Outcome(text=text, host=_host(value))
            except Exception as e:  # noqa: BLE001 - the exception is the outcome
                lines = str(e).strip().splitlines() or [""]
                outcome = Outcome(error=(type(e).__name__, lines[-1]))
        outcome.warnings = tuple((w.category.__name__, _strip_build(str(w.message)))
                                 for w in caught if issubclass(w.category, UserWarning))
        outcomes.append(outcome)
    return outcomes


def _strip_build(message):
    """Drop the build-specific tail PyTorch adds to warnings raised in C++."""
    return message.split(" (Triggered internally at")[0]


def compare(xint_out, real_out, opts, rtol):
    """None when the two outcomes agree, else a description of the difference. Warnings are
    compared for cells marked "warns" (others may depend on what ran earlier in the process).
    An "approx" cell may set "atol" where float32 sums in another order cancel to small values."""
    if opts.get("warns") and xint_out.warnings != real_out.warnings:
        return f"warnings: real {real_out.warnings}\nxint {xint_out.warnings}"
    if real_out.error or xint_out.error:
        if real_out.error != xint_out.error:
            return f"real: {real_out}\nxint: {xint_out}"
        return None
    if opts.get("approx"):
        a, b = xint_out.host, real_out.host
        if a is None or b is None:
            return f"no value to compare: real {real_out} / xint {xint_out}"
        atol = opts.get("atol", 1e-8)
        for p, q in (zip(a, b) if isinstance(a, list) else [(a, b)]):
            if p.shape != q.shape or p.dtype != q.dtype or \
                    not numpy.allclose(p, q, rtol=rtol, atol=atol):
                return f"real: {real_out}\nxint: {xint_out}"
        return None
    if xint_out.text != real_out.text:
        return f"real:\n{real_out}\nxint:\n{xint_out}"
    return None


def check_conformance(cells, dialect, rtol=1e-5):
    """Run `cells` on xint and on the real framework (skipping or failing as require_framework
    says) and raise AssertionError listing every cell whose outcomes differ. A cell marked
    "deviation" (documented in docs/differences.md) must show xint's value or raise TypeError on
    the real framework."""
    from .tour import PRELUDES
    require_framework(dialect)
    mine = run_cells(cells, PRELUDES[("xint", dialect)])
    real = run_cells(cells, PRELUDES[("framework", dialect)])
    problems = []
    for (src, opts), a, b in zip(cells, mine, real):
        if opts.get("deviation"):
            if not (b.text == a.text or (b.error and b.error[0] == "TypeError")):
                problems.append(f"--- cell (documented deviation):\n{src}\nreal: {b}\nxint: {a}")
            continue
        diff = compare(a, b, opts, rtol=rtol)
        if diff:
            problems.append(f"--- cell:\n{src}\n{diff}")
    if problems:
        raise AssertionError(f"{len(problems)} of {len(cells)} {dialect} cells differ from the "
                             "real framework:\n" + "\n".join(problems))
