"""Views in the torch dialect without real torch: indexing, reshape and transpose share memory and
the version counter with their base, so a value saved for backward that is changed in place
through any alias is refused (torch's rule) instead of giving a gradient of the changed value."""
import numpy
import pytest

from xint import torch


def test_views_share_memory_and_copies_do_not():
    u = torch.arange(6.0).reshape(2, 3)
    elem, row, t, flipped = u[1, 2], u[0], u.t(), torch.flip(u, [0])
    u[1, 2] = 50.0
    u[0, 0] = -1.0
    assert elem.item() == 50.0 and row.tolist() == [-1.0, 1.0, 2.0]
    assert t.tolist()[0][0] == -1.0
    assert flipped.tolist() == [[3.0, 4.0, 5.0], [0.0, 1.0, 2.0]]      # flip copies, as torch
    elem[()] = 7.0
    assert u[1, 2].item() == 7.0


@pytest.mark.parametrize("take, change", [
    (lambda y: y[0, 1], lambda y, v: y.__setitem__((0, 1), 5.0)),
    (lambda y: y[1], lambda y, v: y.mul_(2)),
    (lambda y: y.t(), lambda y, v: y.__setitem__((0, 0), 1.0)),
    (lambda y: y.reshape(6), lambda y, v: y.add_(1)),
    (lambda y: y[1], lambda y, v: v.mul_(2)),
])
def test_a_saved_view_changed_in_place_is_refused(take, change):
    x = torch.ones(2, 3, requires_grad=True)
    y = x * 2
    v = take(y)
    z = (v * v).sum()
    change(y, v)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.backward()


def test_a_view_taken_without_changes_gives_the_right_gradient():
    x = torch.ones(2, 3, requires_grad=True)
    y = x * 2
    z = (y[1] * y.t()[2, 1]).sum()
    z.backward()
    want = numpy.zeros((2, 3))
    want[1] += 2 * 2          # d/dx[1, j] of sum_j y[1, j] * y[1, 2]: 2 * y[1, 2]
    want[1, 2] += 2 * 3 * 2   # and y[1, 2]'s own share: 2 * sum_j y[1, j]
    numpy.testing.assert_array_equal(x.grad.numpy(), want)
