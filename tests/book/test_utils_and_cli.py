"""xint.utils.Timer and `python -m xint tour`."""
import os
import subprocess
import sys
import time

import pytest

from xint import utils


def test_timer_records_and_summarises():
    timer = utils.Timer()
    time.sleep(0.01)
    first = timer.stop()
    timer.start()
    time.sleep(0.02)
    second = timer.stop()
    assert 0.01 <= first < 1 and 0.02 <= second < 1
    assert timer.sum() == pytest.approx(first + second)
    assert timer.avg() == pytest.approx((first + second) / 2)
    assert timer.cumsum() == pytest.approx([first, first + second])


def test_tour_runs_every_dialect():
    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-m", "xint", "tour", "--width", "150"],
                         capture_output=True, text=True, check=True, env=env).stdout
    header = out.splitlines()[:3]
    assert [c.strip() for c in header[0].split("|")] == ["MXNet", "TensorFlow", "PyTorch"]
    assert [c.strip() for c in header[2].split("|")] == [
        f"from xint import {d} as xint" for d in ("mxnet", "tensorflow", "torch")]
    assert "tensor([[28.]], grad_fn=<MmBackward0>)" in out      # spec §14, real torch's text
    assert "array([[28.]])" in out                               # spec §14, real MXNet's text
    assert "RAISES" in out and "Traceback" not in out
