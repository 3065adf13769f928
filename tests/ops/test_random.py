"""xint.ops.random.Generator: seeding reproduces streams, draws have the right shapes, dtypes and
(with a fixed seed, generous tolerances) the right distributions."""
import numpy
import pytest

from xint.ops.random import Generator


def test_reseeding_reproduces_the_stream():
    g = Generator(7)
    first = [g.normal(shape=(3,)), g.uniform(shape=(2,)), g.randint(0, 10, (4,)), g.permutation(5),
             g.choice(numpy.array([0.2, 0.8]), 3), g.multinomial(5, numpy.ones(3))]
    assert g.seed(7) == 7 and g.initial_seed() == 7
    again = [g.normal(shape=(3,)), g.uniform(shape=(2,)), g.randint(0, 10, (4,)), g.permutation(5),
             g.choice(numpy.array([0.2, 0.8]), 3), g.multinomial(5, numpy.ones(3))]
    for a, b in zip(first, again):
        numpy.testing.assert_array_equal(a, b)
    numpy.testing.assert_array_equal(Generator(7).normal(shape=(3,)), first[0])


def test_different_seeds_differ_and_no_seed_draws_entropy():
    assert not numpy.array_equal(Generator(1).normal(shape=(8,)), Generator(2).normal(shape=(8,)))
    a, b = Generator(), Generator()
    assert a.initial_seed() != b.initial_seed()
    assert Generator(-1).initial_seed() == -1           # any int; the stream uses it mod 2**64
    numpy.testing.assert_array_equal(Generator(-1).uniform(shape=(3,)),
                                     Generator(2 ** 64 - 1).uniform(shape=(3,)))


@pytest.mark.parametrize("dtype", [numpy.float32, numpy.float64, numpy.float16])
def test_float_draws_have_the_dtype_and_shape(dtype):
    g = Generator(0)
    for draw in (g.normal(0.0, 1.0, (2, 3), dtype), g.uniform(0.0, 1.0, (2, 3), dtype)):
        assert draw.dtype == dtype and draw.shape == (2, 3)
    assert g.normal(shape=()).shape == ()
    assert g.uniform(shape=(0, 2)).shape == (0, 2)


def test_normal_and_uniform_moments():
    g = Generator(0)
    z = g.normal(2.0, 3.0, (200_000,), numpy.float64)
    assert abs(z.mean() - 2.0) < 0.05 and abs(z.std() - 3.0) < 0.05
    u = g.uniform(-1.0, 3.0, (200_000,), numpy.float64)
    assert u.min() >= -1.0 and u.max() < 3.0
    assert abs(u.mean() - 1.0) < 0.02 and abs(u.var() - 16 / 12) < 0.02
    per_row = g.normal(numpy.array([[0.0], [10.0]]), numpy.array([[1.0], [0.1]]), (2, 2000))
    assert per_row.dtype == numpy.float32
    assert abs(per_row[1].mean() - 10.0) < 0.02 and abs(per_row[1].std() - 0.1) < 0.01


def test_randint_and_permutation():
    g = Generator(0)
    r = g.randint(-2, 3, (10_000,))
    assert r.dtype == numpy.int64 and set(numpy.unique(r)) == {-2, -1, 0, 1, 2}
    p = g.permutation(10)
    assert p.dtype == numpy.int64 and sorted(p) == list(range(10))
    assert g.permutation(4, numpy.int32).dtype == numpy.int32
    x = numpy.arange(10)
    g.shuffle(x)
    assert sorted(x) == list(range(10)) and not numpy.array_equal(x, numpy.arange(10))


def test_choice_with_replacement_follows_the_weights():
    g = Generator(0)
    probs = numpy.array([[1.0, 0.0, 3.0], [0.0, 1.0, 0.0]])      # unnormalised; zeros never drawn
    idx = g.choice(probs, 20_000)
    assert idx.shape == (2, 20_000) and idx.dtype == numpy.int64
    assert not numpy.any(idx[0] == 1) and numpy.all(idx[1] == 1)
    assert abs(numpy.mean(idx[0] == 2) - 0.75) < 0.02
    assert g.choice(numpy.array([0.5, 0.5]), 4).shape == (4,)


def test_choice_without_replacement_never_repeats():
    g = Generator(0)
    idx = g.choice(numpy.ones((50, 6)), 6, replacement=False)
    assert all(sorted(row) == list(range(6)) for row in idx)
    # a zero-weight category comes only after every positive one
    idx = g.choice(numpy.array([0.0, 1.0, 0.0, 2.0]), 3, replacement=False)
    assert set(idx[:2]) == {1, 3}
    firsts = g.choice(numpy.tile([1.0, 9.0], (5000, 1)), 1, replacement=False)
    assert abs(numpy.mean(firsts == 1) - 0.9) < 0.02


def test_multinomial_counts():
    g = Generator(0)
    counts = g.multinomial(10, numpy.array([1.0, 1.0, 2.0]), (1000,))
    assert counts.shape == (1000, 3) and numpy.all(counts.sum(axis=1) == 10)
    numpy.testing.assert_allclose(counts.mean(axis=0), [2.5, 2.5, 5.0], atol=0.2)
    batch = g.multinomial(4, numpy.array([[1.0, 0.0], [0.0, 1.0]]))
    numpy.testing.assert_array_equal(batch, [[4, 0], [0, 4]])
