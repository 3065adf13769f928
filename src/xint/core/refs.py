"""Whether reference counts can tell a temporary from a held object.

Some fast paths (torch's first .grad without a copy, arithmetic and activations writing into a
temporary operand's buffer) take an array only when sys.getrefcount says nothing else holds it,
as torch's AccumulateGrad and NumPy's temporary elision do. Those counts are measured on CPython
3.10-3.13 with the GIL; CPython 3.14 borrows stack references and free-threaded builds count
differently, so a held object could look like a temporary there: the fast paths are off on them.

What a count means depends on how the function was called:
- a Python function called from Python code owns its arguments (CPython 3.11+ moves them off the
  caller's stack), so `getrefcount(arg) == 2` in its first lines (the parameter, getrefcount's
  argument) means that nothing else at all holds it; C code that calls it lends a reference its
  owner still holds, so that reads 3 or more;
- an operator method (`__add__`, `__setitem__`) is called by the interpreter (BINARY_OP,
  STORE_SUBSCR) through C, which lends the stack's reference: a temporary reads 3, but so does a
  held tensor passed to an explicit `t.__add__(u)` call. Only when the calling frame is executing
  that instruction is 3 a temporary (`called_by_syntax`). Left open: C code that lends a
  container's reference into an operator (a NumPy object array of tensors combined
  elementwise) reads as the interpreter would.
"""
import dis
import sys

COUNTS_EXACT = (sys.implementation.name == "cpython" and (3, 10) <= sys.version_info[:2] < (3, 14)
                and getattr(sys, "_is_gil_enabled", lambda: True)())

# buffer reuse also needs 3.11's calls (arguments moved into the callee) and its BINARY_OP
REUSE_TEMPORARIES = COUNTS_EXACT and sys.version_info >= (3, 11)
# below this many bytes a fresh array costs less than the checks that would spare it
REUSE_MIN_BYTES = 1 << 16
_SYNTAX = frozenset(dis.opmap[name] for name in ("BINARY_OP", "STORE_SUBSCR") if name in dis.opmap)


def called_by_syntax():
    """Whether the function that called this was called by the interpreter for an operator or a
    subscript assignment in the source (`a + b`, `x[:] = v`), not by a call."""
    f = sys._getframe(1).f_back       # (none when C code started the method: a new thread)
    return f is not None and f.f_code.co_code[f.f_lasti] in _SYNTAX
