import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from xint.testing import framework_available, required_frameworks  # noqa: E402


def require_framework(dialect):
    """Skip when the real framework is absent, unless CI said it must be there (then fail)."""
    if framework_available(dialect):
        return
    if dialect in required_frameworks():
        pytest.fail(f"the real {dialect} is required here (XINT_REQUIRE_FRAMEWORKS) but does not import")
    pytest.skip(f"real {dialect} is not installed")
