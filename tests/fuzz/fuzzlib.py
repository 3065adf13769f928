"""Shared pieces of the differential fuzzers (tests/fuzz/test_fuzz_*.py): the program strategy,
the regression corpus and the comparison of results.

A program is a JSON-able dict {"leaves": [[shape, flag], ...], "steps": [[op, i, j], ...],
"seed": n}. Step operands count back from the newest value (0 = the latest), modulo the number of
values, so shrinking towards 0 keeps chains short. A step whose guard rejects its operands' shapes
is skipped identically in both frameworks (guards look at shapes only, never at values).
"""
import json
import os

import numpy
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

HERE = os.path.dirname(__file__)
CORPUS = os.path.join(HERE, "regressions.json")


def budget(default):
    """Examples per fuzz test: default scaled by XINT_FUZZ_SCALE (a float, e.g. 10 for a long run),
    or XINT_FUZZ_EXAMPLES when set (an exact count for every fuzz test)."""
    if "XINT_FUZZ_EXAMPLES" in os.environ:
        return int(os.environ["XINT_FUZZ_EXAMPLES"])
    return max(1, int(default * float(os.environ.get("XINT_FUZZ_SCALE", "1"))))


def fuzz_settings(default):
    # derandomize + no database: CI runs the same programs every time; XINT_FUZZ_RANDOM=1 draws
    # fresh programs (for long exploratory runs).
    return settings(max_examples=budget(default), deadline=None, database=None,
                    derandomize="XINT_FUZZ_RANDOM" not in os.environ,
                    suppress_health_check=list(HealthCheck), print_blob=True)


def programs(ops, shapes, flags, min_steps=3, max_steps=30, max_leaves=3):
    """Strategy of programs over the op table `ops` (a dict name -> spec), leaf `shapes` and leaf
    `flags` (e.g. requires_grad True/False)."""
    names = sorted(ops)
    leaf = st.tuples(st.sampled_from(shapes).map(list), st.sampled_from(flags))
    step = st.tuples(st.sampled_from(names), st.integers(0, 5), st.integers(0, 5))
    return st.fixed_dictionaries({
        "leaves": st.lists(leaf.map(list), min_size=1, max_size=max_leaves),
        "steps": st.lists(step.map(list), min_size=min_steps, max_size=max_steps),
        "seed": st.integers(0, 2 ** 16),
    })


def broadcastable(*shapes):
    try:
        numpy.broadcast_shapes(*shapes)
        return True
    except ValueError:
        return False


def load_corpus(dialect):
    """The saved minimal programs of one dialect, as pytest.param(program, id=...). An entry with
    "known_bug" (a bug not fixed yet, in code this fuzzer's owner may not edit) is an xfail: remove
    the key when the fix lands. A program with "unguarded": true runs its steps without the guards
    (to replay a case the guards now steer the generator away from)."""
    import pytest
    with open(CORPUS) as f:
        entries = json.load(f)
    return [pytest.param(e["program"], id=e["id"], marks=[pytest.mark.xfail(
                reason=e["known_bug"], strict=False)] if "known_bug" in e else [])
            for e in entries if e["dialect"] == dialect]


def assert_same(mine, real, rtol=1e-6, atol=1e-9):
    """mine/real: (output, [leaf gradient or None, ...]) as NumPy data, or ("raises", type name)."""
    raised_m, raised_r = isinstance(mine[0], str), isinstance(real[0], str)
    if raised_m or raised_r:
        assert raised_m and raised_r and mine[:2] == real[:2], f"xint {mine!r} vs real {real!r}"
        return
    out_m, grads_m = mine
    out_r, grads_r = real
    assert out_m.shape == out_r.shape, (out_m.shape, out_r.shape)
    numpy.testing.assert_allclose(out_m, out_r, rtol=rtol, atol=atol, err_msg="forward value")
    assert len(grads_m) == len(grads_r)
    for k, (g_m, g_r) in enumerate(zip(grads_m, grads_r)):
        assert (g_m is None) == (g_r is None), f"leaf {k}: grad {g_m!r} vs real {g_r!r}"
        if g_r is not None:
            assert g_m.shape == g_r.shape, (k, g_m.shape, g_r.shape)
            numpy.testing.assert_allclose(g_m, g_r, rtol=rtol, atol=atol,
                                          err_msg=f"gradient of leaf {k}")
