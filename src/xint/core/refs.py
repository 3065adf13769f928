"""Whether reference counts can tell a temporary from a held object.

Two fast paths (torch's first .grad without a copy, MXNet arithmetic reusing a temporary's
buffer) take an array only when sys.getrefcount says nothing else holds it, as torch's
AccumulateGrad and NumPy's temporary elision do. Those counts are measured on CPython 3.10-3.13
with the GIL; CPython 3.14 borrows stack references and free-threaded builds count differently,
so a held object could look like a temporary there: the fast paths are off on them.
"""
import sys

COUNTS_EXACT = (sys.implementation.name == "cpython" and (3, 10) <= sys.version_info[:2] < (3, 14)
                and getattr(sys, "_is_gil_enabled", lambda: True)())
