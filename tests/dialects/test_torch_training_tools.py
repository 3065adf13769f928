"""torch.nn.init, torch.optim, torch.utils.data and torch.save/load of the xint torch dialect:
initialiser distributions (statistical, fixed seed), optimizer updates against hand-computed
formulas, batching, and save/load round trips and refusals (no real torch needed)."""
import collections
import io
import math
import os
import pickle
import zipfile

import numpy
import pytest

from xint.torch import torch
from xint.torch import optim
from xint.torch.nn import init
from xint.torch.utils import data
from xint.torch._serialization import load, save


def values(t):
    return numpy.asarray(t.detach().numpy(), dtype=numpy.float64)


# ----- nn.init -----
@pytest.fixture
def seeded():
    torch.manual_seed(1234)


def test_uniform_and_normal_fill_in_place_with_the_asked_distribution(seeded):
    w = torch.zeros(400, 500, requires_grad=True)
    assert init.uniform_(w, -3.0, 1.0) is w and w.grad_fn is None and w.requires_grad
    v = values(w)
    assert v.min() >= -3.0 and v.max() < 1.0
    assert abs(v.mean() - (-1.0)) < 0.02 and abs(v.std() - 4 / math.sqrt(12)) < 0.02
    assert init.normal_(w, mean=2.0, std=0.5) is w and w._version == 2
    v = values(w)
    assert abs(v.mean() - 2.0) < 0.01 and abs(v.std() - 0.5) < 0.01


def test_draws_follow_manual_seed_and_keep_dtype():
    torch.manual_seed(7)
    a = values(init.normal_(torch.zeros(5, 3, dtype=torch.float64)))
    torch.manual_seed(7)
    b = init.normal_(torch.zeros(5, 3, dtype=torch.float64))
    assert b.dtype == torch.float64
    numpy.testing.assert_array_equal(a, values(b))


def test_constant_fills_and_views():
    x = torch.ones(2, 3)
    init.constant_(x, 2.5)
    assert values(x).tolist() == [[2.5] * 3] * 2
    init.zeros_(x)
    init.ones_(x[1])
    assert values(x).tolist() == [[0.0] * 3, [1.0] * 3]
    assert init.constant_(torch.zeros(2, dtype=torch.int64), 1.7).tolist() == [1, 1]
    assert init.constant_(torch.zeros(2), torch.tensor(4.0)).tolist() == [4.0, 4.0]


@pytest.mark.parametrize("shape, fans", [((30, 20), (20, 30)), ((16, 8, 3, 3), (72, 144)),
                                         ((4, 2, 5), (10, 20))])
def test_fans_follow_torch_weight_layout(shape, fans):
    assert init._calculate_fan_in_and_fan_out(torch.zeros(*shape)) == fans


def test_xavier_bounds_and_stds(seeded):
    w = init.xavier_uniform_(torch.zeros(300, 200), gain=2.0)
    bound = 2.0 * math.sqrt(6 / 500)
    v = values(w)
    assert numpy.abs(v).max() <= bound and numpy.abs(v).max() > 0.99 * bound
    assert abs(v.std() - bound / math.sqrt(3)) < 0.01 * bound
    v = values(init.xavier_normal_(torch.zeros(300, 200)))
    assert abs(v.std() - math.sqrt(2 / 500)) < 0.01 * math.sqrt(2 / 500)


def test_kaiming_uses_the_chosen_fan_and_gain(seeded):
    k = torch.zeros(64, 32, 3, 3)
    bound = math.sqrt(2.0) * math.sqrt(3 / (32 * 9))
    v = values(init.kaiming_uniform_(k, nonlinearity="relu"))
    assert numpy.abs(v).max() <= bound and numpy.abs(v).max() > 0.99 * bound
    std = math.sqrt(2.0 / (1 + 0.2 ** 2)) / math.sqrt(64 * 9)
    v = values(init.kaiming_normal_(k, a=0.2, mode="fan_out"))
    assert abs(v.std() - std) < 0.02 * std and abs(v.mean()) < 0.02 * std
    # torch's Linear default: kaiming_uniform_(a=sqrt(5)) is U(±1/sqrt(fan_in))
    v = values(init.kaiming_uniform_(torch.zeros(100, 400), a=math.sqrt(5)))
    assert numpy.abs(v).max() <= 1 / 20 and numpy.abs(v).max() > 0.99 / 20


def test_gain_and_errors():
    assert init.calculate_gain("tanh") == 5 / 3 and init.calculate_gain("conv2d") == 1
    assert init.calculate_gain("leaky_relu") == math.sqrt(2 / (1 + 0.01 ** 2))
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        init.calculate_gain("gelu")
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(torch.zeros(5))
    with pytest.raises(NotImplementedError, match="'Long'"):
        init.uniform_(torch.zeros(2, dtype=torch.int64))
    with pytest.warns(UserWarning, match="zero-element"):
        assert init.kaiming_normal_(torch.zeros(0, 4)).shape == (0, 4)


# ----- optim -----
def leaf(v, dtype=torch.float64):
    return torch.tensor(v, dtype=dtype, requires_grad=True)


def steps(opt, p, grads):
    for g in grads:
        p.grad = torch.tensor(g, dtype=p.dtype)
        opt.step()
    return values(p)


GRADS = [[0.5, -1.0, 2.0], [0.25, 0.0, -1.5], [1.0, 1.0, 1.0], [-0.5, 2.0, 0.125]]
P0 = [1.0, -2.0, 3.0]


def sgd_reference(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False,
                  maximize=False):
    p, buf = numpy.array(P0), None
    for g in map(numpy.array, GRADS):
        g = -g if maximize else g
        g = g + weight_decay * p
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
    return p


@pytest.mark.parametrize("kw", [{}, {"momentum": 0.9}, {"momentum": 0.9, "dampening": 0.3},
                                {"weight_decay": 0.1}, {"momentum": 0.5, "nesterov": True},
                                {"momentum": 0.7, "weight_decay": 0.05, "maximize": True}])
def test_sgd_matches_the_formula(kw):
    p = leaf(P0)
    got = steps(optim.SGD([p], lr=0.1, **kw), p, GRADS)
    numpy.testing.assert_allclose(got, sgd_reference(0.1, **kw), rtol=1e-12)


def adam_reference(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False):
    p = numpy.array(P0)
    m = v = vmax = numpy.zeros(3)
    for t, g in enumerate(map(numpy.array, GRADS), 1):
        g = g + weight_decay * p
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g * g
        vmax = numpy.maximum(vmax, v)
        m_hat = m / (1 - betas[0] ** t)
        v_hat = (vmax if amsgrad else v) / (1 - betas[1] ** t)
        p = p - lr * m_hat / (numpy.sqrt(v_hat) + eps)
    return p


@pytest.mark.parametrize("kw", [{}, {"betas": (0.5, 0.9)}, {"weight_decay": 0.1},
                                {"amsgrad": True, "eps": 1e-3}, {"betas": (0.2, 0.6)}])
def test_adam_matches_the_formula(kw):
    p = leaf(P0)
    opt = optim.Adam([p], lr=0.05, **kw)
    got = steps(opt, p, GRADS)
    # torch divides by sqrt(1 - beta2^t) before adding eps: the same as eps on the corrected v
    numpy.testing.assert_allclose(got, adam_reference(0.05, **kw), rtol=1e-6)
    state = opt.state[p]
    assert float(state["step"]) == len(GRADS) and state["step"].dtype == torch.float32
    assert list(state) == ["step", "exp_avg", "exp_avg_sq"] + (["max_exp_avg_sq"]
                                                                if kw.get("amsgrad") else [])


def test_float32_updates_stay_float32_and_in_place():
    p = torch.tensor(2.0, requires_grad=True)           # a 0-d parameter
    opt = optim.Adam([p], lr=0.1, weight_decay=0.1)
    p.grad = torch.tensor(1.0)
    opt.step()
    assert p.dtype == torch.float32 and opt.state[p]["exp_avg"].dtype == torch.float32
    q = torch.ones(3, requires_grad=True)
    data_before = q._data
    o = optim.SGD([q], lr=0.5, momentum=0.9, weight_decay=0.1)
    for _ in range(2):
        q.grad = torch.ones(3)
        o.step()
    assert q._data is data_before and q.dtype == torch.float32
    assert o.state[q]["momentum_buffer"].dtype == torch.float32


def test_zero_grad_and_skipping_params_without_grad():
    a, b = leaf([1.0, 2.0]), leaf([3.0])
    opt = optim.SGD([a, b], lr=1.0, momentum=0.9)
    (a * a).sum().backward()
    opt.step()
    assert values(a).tolist() == [-1.0, -2.0] and values(b).tolist() == [3.0]
    assert b not in opt.state and a in opt.state
    grad = a.grad
    opt.zero_grad(set_to_none=False)
    assert a.grad is grad and values(grad).tolist() == [0.0, 0.0] and b.grad is None
    opt.zero_grad()
    assert a.grad is None
    opt.step()
    assert values(a).tolist() == [-1.0, -2.0]


def test_closure_runs_with_grad_enabled():
    p = leaf([1.0])
    opt = optim.SGD([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    with torch.no_grad():
        loss = opt.step(closure)
    assert float(loss.detach()) == 1.0 and values(p).tolist() == [0.8]


def test_state_dict_round_trip_continues_identically():
    def make():
        p = leaf([1.0, -1.0])
        return p, optim.Adam([p], lr=0.1, amsgrad=True)

    p1, o1 = make()
    steps(o1, p1, [[1.0, 2.0]])
    sd = o1.state_dict()
    assert sd["param_groups"][0]["params"] == [0] and sorted(sd["state"]) == [0]
    buf = io.BytesIO()
    save(sd, buf)
    buf.seek(0)
    p2, o2 = make()
    p2.data = p1.detach().clone()
    o2.load_state_dict(load(buf))
    numpy.testing.assert_array_equal(steps(o1, p1, [[0.5, 0.5]]), steps(o2, p2, [[0.5, 0.5]]))


def test_param_groups_have_their_own_hyper_parameters():
    a, b = leaf([1.0]), leaf([1.0])
    opt = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1)
    a.grad, b.grad = torch.ones(1, dtype=torch.float64), torch.ones(1, dtype=torch.float64)
    opt.step()
    assert values(a).tolist() == [0.9] and values(b).tolist() == [0.5]
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.state_dict()["param_groups"][1]["params"] == [1]
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})
    named = optim.SGD([("w", a), ("b", b)], lr=0.1)
    assert named.param_groups[0]["param_names"] == ["w", "b"]


def test_optimizer_repr_lists_sorted_hyper_parameters():
    text = repr(optim.Adam([leaf([1.0])]))
    assert text.startswith("Adam (\nParameter Group 0\n    amsgrad: False\n    betas: (0.9, 0.999)")
    assert text.endswith("    weight_decay: 0\n)")


# ----- utils.data -----
def test_tensor_dataset_batches_in_order_with_a_short_last_batch():
    X, y = torch.arange(14.0).reshape(7, 2), torch.arange(7)
    loader = data.DataLoader(data.TensorDataset(X, y), batch_size=3)
    batches = list(loader)
    assert len(loader) == 3 and [len(b[1]) for b in batches] == [3, 3, 1]
    assert batches[2][1].tolist() == [6] and batches[1][0].tolist() == [[6, 7], [8, 9], [10, 11]]
    assert len(data.DataLoader(data.TensorDataset(X, y), 3, drop_last=True)) == 2
    assert [len(b[1]) for b in data.DataLoader(data.TensorDataset(X, y), 3, drop_last=True)] == \
        [3, 3]


def test_batches_are_copies():
    X = torch.zeros(4, 2)
    batch, = next(iter(data.DataLoader(data.TensorDataset(X), batch_size=2)))
    batch += 1
    assert values(X).sum() == 0


def test_shuffle_draws_a_new_permutation_each_pass_from_the_seed():
    ds = data.TensorDataset(torch.arange(100))
    loader = data.DataLoader(ds, batch_size=10, shuffle=True)
    torch.manual_seed(0)
    first = [v for (b,) in loader for v in b.tolist()]
    second = [v for (b,) in loader for v in b.tolist()]
    assert sorted(first) == sorted(second) == list(range(100)) and first != second
    torch.manual_seed(0)
    assert [v for (b,) in loader for v in b.tolist()] == first
    g = torch.Generator().manual_seed(3)
    own = [v for (b,) in data.DataLoader(ds, 10, shuffle=True, generator=g) for v in b.tolist()]
    assert sorted(own) == list(range(100))


def test_generic_datasets_are_collated_sample_by_sample():
    class Pairs(data.Dataset):
        def __getitem__(self, i):
            return torch.tensor([i, -i]), float(i), {"id": i, "name": f"s{i}"}

        def __len__(self):
            return 5

    loader = data.DataLoader(Pairs(), batch_size=2, shuffle=True)
    batches = list(loader)
    assert len(batches) == 3 and isinstance(batches[0], list)
    xs, fs, meta = batches[0]
    assert xs.shape == (2, 2) and fs.dtype == torch.float64 and meta["id"].dtype == torch.int64
    assert isinstance(meta["name"], list) and len(meta["name"]) == 2
    ids = sorted(i for b in batches for i in b[2]["id"].tolist())
    assert ids == list(range(5))


def test_default_collate_and_convert():
    nt = collections.namedtuple("Point", "x y")
    got = data.default_collate([nt(1, 2.0), nt(3, 4.0)])
    assert type(got) is nt and got.x.tolist() == [1, 3] and got.y.dtype == torch.float64
    assert data.default_collate([numpy.int32(1), numpy.int32(2)]).dtype == torch.int32
    with pytest.raises(TypeError, match="found <class 'object'>"):
        data.default_collate([object()])
    with pytest.raises(RuntimeError, match="equal size"):
        data.default_collate([[1, 2], [1]])
    assert data.default_convert((numpy.ones(2), "a"))[0].dtype == torch.float64


def test_loader_argument_errors():
    ds = data.TensorDataset(torch.ones(3))
    for kw, message in [({"batch_size": 0}, "positive integer"),
                        ({"num_workers": -2}, "non-negative"),
                        ({"sampler": [0], "shuffle": True}, "mutually exclusive")]:
        with pytest.raises(ValueError, match=message):
            data.DataLoader(ds, **kw)
    assert len(data.DataLoader(ds, batch_size=2, num_workers=4)) == 2


# ----- save / load -----
@pytest.mark.parametrize("dtype", [torch.float16, torch.float32, torch.float64, torch.uint8,
                                   torch.int8, torch.int16, torch.int32, torch.int64, torch.bool,
                                   torch.complex64, torch.complex128])
def test_tensors_round_trip_with_their_dtype(dtype, tmp_path):
    t = torch.tensor([[1, 0, 2]], dtype=dtype)
    save(t, tmp_path / "t")
    got = load(tmp_path / "t")
    assert got.dtype == dtype and got.shape == (1, 3) and got.tolist() == t.tolist()
    assert not got.requires_grad and got.is_leaf


def test_nested_structures_round_trip(tmp_path):
    x = torch.arange(6.0).reshape(2, 3)
    w = torch.ones(2, requires_grad=True)
    obj = {"model": collections.OrderedDict([("weight", x), ("bias", torch.zeros(3))]),
           "opt": {"state": {0: {"step": torch.tensor(3.0)}},
                   "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "foreach": None,
                                     "params": [0]}]},
           "misc": [1, 2.5, -0.0, float("inf"), "text", b"\x00\xff", None, True, 3 + 4j,
                    {1, 2}, frozenset({"a"}), torch.Size([2, 3]), torch.int8,
                    torch.device("cpu"), numpy.arange(3), numpy.float32(1.5)],
           (1, "k"): [x, w, x.t()], 10 ** 30: "big"}
    path = os.path.join(tmp_path, "nested.params")
    save(obj, path)
    got = load(path, map_location="cpu", weights_only=True)
    assert isinstance(got["model"], collections.OrderedDict)
    assert list(got["model"]) == ["weight", "bias"]
    assert got["model"]["weight"].tolist() == x.tolist()
    assert got["opt"]["param_groups"][0]["betas"] == (0.9, 0.999)
    assert got["opt"]["state"][0]["step"].tolist() == 3.0
    misc = got["misc"]
    assert misc[:9] == [1, 2.5, 0.0, float("inf"), "text", b"\x00\xff", None, True, 3 + 4j]
    assert math.copysign(1, misc[2]) == -1 and type(misc[0]) is int and type(misc[7]) is bool
    assert misc[9] == {1, 2} and misc[10] == frozenset({"a"})
    assert repr(misc[11]) == "torch.Size([2, 3])" and misc[12] is torch.int8
    assert repr(misc[13]) == "device(type='cpu')"
    assert misc[14].tolist() == [0, 1, 2] and misc[15] == numpy.float32(1.5)
    assert misc[15].dtype == numpy.float32
    a, b, c = got[(1, "k")]
    assert a is got["model"]["weight"]                    # one tensor saved twice loads once
    assert b.requires_grad and b.is_leaf and c.tolist() == x.t().tolist()
    assert got[10 ** 30] == "big"
    a[0, 0] = 100.0                                       # loaded data is writable
    assert got["model"]["weight"].tolist()[0][0] == 100.0


def test_file_objects_and_unseekable_streams():
    buf = io.BytesIO()
    save([torch.ones(2)], buf)

    class Stream(io.RawIOBase):
        def __init__(self, payload):
            self.src = io.BytesIO(payload)

        def readable(self):
            return True

        def seekable(self):
            return False

        def readinto(self, b):
            return self.src.readinto(b)

    assert load(Stream(buf.getvalue()))[0].tolist() == [1.0, 1.0]


def test_unsupported_objects_are_refused_when_saving():
    with pytest.raises(TypeError, match="never pickles"):
        save({"f": lambda: 0}, io.BytesIO())
    with pytest.raises(ValueError):
        save(numpy.array([object()]), io.BytesIO())


class _Boom:
    """Unpickling this would run code; loading must refuse before that."""
    ran = []

    def __reduce__(self):
        return (_Boom.ran.append, ("ran",))


def test_pickles_are_refused_and_never_run(tmp_path):
    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(pickle.UnpicklingError, match="never unpickles"):
        load(path)
    assert _Boom.ran == []
    # a PyTorch checkpoint: a zip holding a pickle
    real = tmp_path / "real.pt"
    with zipfile.ZipFile(real, "w") as z:
        z.writestr("archive/data.pkl", pickle.dumps(_Boom()))
    with pytest.raises(pickle.UnpicklingError, match="PyTorch's torch.save"):
        load(real)
    assert _Boom.ran == []


def test_object_arrays_inside_an_archive_are_refused(tmp_path):
    good = io.BytesIO()
    save(torch.ones(1), good)
    forged = tmp_path / "forged"
    with zipfile.ZipFile(io.BytesIO(good.getvalue())) as src, zipfile.ZipFile(forged, "w") as z:
        z.writestr("xint-torch/manifest.json", src.read("xint-torch/manifest.json"))
        npy = io.BytesIO()
        numpy.save(npy, numpy.array([_Boom()], dtype=object), allow_pickle=True)
        z.writestr("xint-torch/arrays/0.npy", npy.getvalue())
    with pytest.raises(RuntimeError, match="not a readable xint torch.save file"):
        load(forged)
    assert _Boom.ran == []


@pytest.mark.parametrize("cut", [0, 10, 100, -30, -1])
def test_truncated_and_corrupt_files_are_refused(tmp_path, cut):
    buf = io.BytesIO()
    save({"w": torch.arange(100.0)}, buf)
    path = tmp_path / "cut"
    path.write_bytes(buf.getvalue()[:cut])
    with pytest.raises(RuntimeError, match="not a readable xint torch.save file"):
        load(path)


def test_foreign_zip_and_bad_manifest_are_refused(tmp_path):
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(RuntimeError, match="has no xint-torch/manifest.json"):
        load(other)
    bad = tmp_path / "bad"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("xint-torch/manifest.json", '{"format": "xint.torch.save", "version": 1, '
                                               '"tensors": [], "root": {"eval": "1"}}')
    with pytest.raises(RuntimeError, match="unknown manifest entry 'eval'"):
        load(bad)
