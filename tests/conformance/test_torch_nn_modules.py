"""torch.nn modules against real torch: reprs (modules, Parameter, state_dict), registration and
traversal, load_state_dict's texts, Sequential indexing, train/eval, and every layer's outputs
and gradients from weights set explicitly (exact multiples of 1/16, so float32 values print
identically), BatchNorm's running statistics, Dropout, LazyLinear, and an MLP's gradients."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}
WARNS = {"warns": True}

# fill(m): every parameter of m gets the same deterministic values in both frameworks
PRELUDE = (
    "nn = torch.nn\nF = torch.nn.functional\n"
    "def fill(module, scale=1.0):\n"
    "    with torch.no_grad():\n"
    "        for i, p in enumerate(module.parameters()):\n"
    "            v = (torch.arange(p.numel()) * 5 + i * 3) % 11 - 5\n"
    "            p.copy_(v.reshape(p.shape) * (scale / 16))\n"
    "    return module\n"
    "def data(*shape):\n"
    "    n = 1\n"
    "    for s in shape:\n"
    "        n *= s\n"
    "    return ((torch.arange(n) * 7 % 13 - 6) / 8).reshape(shape).requires_grad_()\n"
    "def err(f):\n"        # the whole message (the harness compares an error's last line)
    "    try:\n"
    "        f()\n"
    "    except Exception as e:\n"
    "        return type(e).__name__, str(e)")

REPRS = [
    (PRELUDE + "\nnet = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))\nnet", {}),
    ("nn.Sequential(nn.Sequential(nn.Linear(2, 3), nn.ReLU()), nn.Sequential(nn.Linear(3, 3), "
     "nn.Sequential(nn.Tanh(), nn.Linear(3, 1))))", {}),
    ("(nn.Flatten(), nn.Flatten(0, 2), nn.Softmax(dim=1), nn.Softmax(), nn.Dropout(0.3), "
     "nn.Dropout(), nn.Identity(), nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.ReLU(inplace=True))",
     {}),
    ("(nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Conv2d(1, 6, 3, stride=2, bias=False), "
     "nn.Conv2d(4, 4, (3, 5), groups=2, dilation=2, padding=(1, 2)), "
     "nn.Conv2d(2, 2, 3, padding='same'), nn.Conv2d(2, 2, 3, padding='valid'))", {}),
    ("(nn.MaxPool2d(2), nn.MaxPool2d(3, stride=2, padding=1), nn.MaxPool2d((2, 3)), "
     "nn.AvgPool2d(kernel_size=2, stride=2), nn.AvgPool2d(3, padding=1), "
     "nn.AdaptiveAvgPool2d((1, 1)), nn.AdaptiveAvgPool2d(7), nn.AdaptiveAvgPool2d((None, 3)))",
     {}),
    ("(nn.BatchNorm1d(4), nn.BatchNorm2d(6, eps=1e-3, momentum=None), "
     "nn.BatchNorm2d(3, affine=False), nn.BatchNorm2d(3, bias=False), "
     "nn.BatchNorm1d(3, track_running_stats=False))", {}),
    ("(nn.MSELoss(), nn.MSELoss(reduction='sum'), nn.CrossEntropyLoss(), "
     "nn.CrossEntropyLoss(reduction='none', label_smoothing=0.1), nn.Sequential(), nn.Module())",
     {}),
    ("nn.Linear(3, 2, bias=False), nn.Linear(3, 2).extra_repr(), nn.Linear(2, 2).weight.dtype, "
     "nn.Linear(2, 2, dtype=torch.float64).bias.dtype", {}),
    ("class MLP(nn.Module):\n"
     "    def __init__(self):\n"
     "        super().__init__()\n"
     "        self.hidden = nn.Linear(4, 8)\n"
     "        self.bn = nn.BatchNorm1d(8)\n"
     "        self.out = nn.Linear(8, 2)\n"
     "    def forward(self, X):\n"
     "        return self.out(F.relu(self.bn(self.hidden(X))))\n"
     "mlp = fill(MLP())\nmlp", {}),
    ("def block(i):\n"
     "    net = nn.Sequential()\n"
     "    for j in range(2):\n"
     "        net.add_module(f'block {j}', nn.Sequential(nn.Linear(4, 4), nn.ReLU()))\n"
     "    return net\n"
     "rgnet = nn.Sequential(block(0), nn.Linear(4, 1))\nprint(rgnet)\n"
     "rgnet[0][1][0].bias.shape", {}),
    ("from collections import OrderedDict\n"
     "nn.Sequential(OrderedDict([('hidden', nn.Linear(2, 2)), ('act', nn.ReLU())]))", {}),
    # Parameter
    ("p = nn.Parameter(torch.tensor([1.0, 2.0]))\np", {}),
    ("print(p)\nnn.Parameter(torch.tensor(3.0)), nn.Parameter(torch.zeros(2, 3, "
     "dtype=torch.float64)), nn.Parameter(torch.zeros(2), requires_grad=False), nn.Parameter()",
     {}),
    ("p * 2, p.data, p.detach(), p.is_leaf, p.grad_fn, p.requires_grad, p[0], p.clone()", {}),
    ("isinstance(p, torch.Tensor), type(p).__name__, type(p * 2) is torch.Tensor, "
     "type(p.data) is torch.Tensor, type(p + p) is torch.Tensor", {}),
    ("nn.Parameter(torch.tensor([1, 2]))", {}),
    ("nn.Parameter(torch.tensor([1, 2]), requires_grad=False)", {}),
    ("t = torch.ones(2)\nq = nn.Parameter(t)\nwith torch.no_grad():\n    q[0] = 5.0\nt", {}),
    ("x = torch.ones(2, requires_grad=True)\nnn.Parameter(x * 2)", {}),
    ("import copy\nc = copy.deepcopy(p)\nc, type(c).__name__, c is p", {}),
    ("(p * torch.tensor([3.0, 4.0])).sum().backward()\np.grad", {}),
]

STRUCTURE = [
    (PRELUDE + "\nnet = fill(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)))\n"
     "net.state_dict()", {}),
    ("[(name, p.shape) for name, p in net.named_parameters()]", {}),
    ("print(*[(name, param.shape) for name, param in net[0].named_parameters()])\n"
     "net[2].state_dict(), net.state_dict()['2.bias'].data, net[2].weight.grad is None", {}),
    ("sd = net.state_dict()\nsd['0.weight'].requires_grad, sd['0.weight'] is net[0].weight, "
     "list(sd.keys()), type(sd).__name__", {}),
    ("sd = net.state_dict()\nr = net.load_state_dict(sd)\nr, r.missing_keys, "
     "r.unexpected_keys", {}),
    ("del sd['0.bias']\nerr(lambda: net.load_state_dict(sd))", {}),
    ("sd['foo'] = torch.zeros(1)\nerr(lambda: net.load_state_dict(sd))", {}),
    ("net.load_state_dict(sd, strict=False)", {}),
    ("sd = net.state_dict()\nsd['0.weight'] = torch.zeros(2, 2)\n"
     "err(lambda: net.load_state_dict(sd))", {}),
    ("del sd['0.bias']\nsd['x.y'] = torch.zeros(1)\nsd['z'] = torch.zeros(1)\n"
     "sd['2.extra'] = torch.zeros(1)\nerr(lambda: net.load_state_dict(sd))", {}),
    ("err(lambda: net.load_state_dict(sd, strict=False))", {}),
    ("net2 = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))\n"
     "w = net2[0].weight\nnet2.load_state_dict(net.state_dict())\n"
     "net2[0].weight is w, net2[0].weight, net2[2].bias, net2[0].weight._version > 0", {}),
    ("net[1:], net[-1], net[::2], net[0], len(net), list(net)", {}),
    ("net[3]", {}),
    ("net[-4]", {}),
    ("net['a']", {}),
    ("[type(m).__name__ for m in net.modules()], [n for n, _ in net.named_modules()], "
     "list(net.named_children()), list(net.children())", {}),
    ("net.foo", {}),
    ("net[0].wieght", {}),
    ("net.training, net[0].training, net.eval() is net, net.training, net[2].training", {}),
    ("net.train(), net[0].training, net.train(False).training, net[1].training", {}),
    ("net.train('x')", {}),
    ("s = nn.Sequential(nn.Linear(2, 2), nn.ReLU())\ns.append(nn.Sigmoid())\ns", {}),
    ("del s[0]\ns", {}),
    ("s.insert(0, nn.Tanh())\ns", {}),
    ("s.extend([nn.Identity()])\ns.pop(1), s", {}),
    ("s[0] = nn.Identity()\ns, s + nn.Sequential(nn.ReLU())", {}),
    ("seen = []\nr = net.apply(lambda m: seen.append(type(m).__name__))\nseen, r is net", {}),
    ("def init_weights(m):\n"
     "    if type(m) == nn.Linear:\n"
     "        m.weight.data.fill_(0.5)\n"
     "        m.bias.data.zero_()\n"
     "net.apply(init_weights)\nnet[0].weight, net[2].bias", {}),
    ("out = net(torch.ones(4, 2)).sum()\nout.backward()\nnet[0].weight.grad, net[2].bias.grad",
     {}),
    ("net.zero_grad(set_to_none=False)\nnet[0].weight.grad, net[2].bias.grad", {}),
    ("net.zero_grad()\nnet[0].weight.grad, net[2].bias.grad", {}),
    ("net.requires_grad_(False) is net, [p.requires_grad for p in net.parameters()]", {}),
    ("net.requires_grad_()\n[p.requires_grad for p in net.parameters()], "
     "len(list(net.parameters(recurse=False))), len(list(net[0].parameters()))", {}),
    ("net.to(torch.float64) is net, net[0].weight.dtype, net.float()[2].bias.dtype, "
     "net.to('cpu') is net, net.cpu() is net, net.to(torch.device('cpu')) is net", {}),
    ("net.to(torch.int64)", {}),
    ("net.cuda()", {}),
    # registration
    ("m = nn.Module()\nm.lin = nn.Linear(1, 1)\nm.w = nn.Parameter(torch.ones(1))\n"
     "m.register_buffer('b', torch.zeros(2))\n"
     "m.register_buffer('nb', torch.zeros(2), persistent=False)\nm.x = 5\nm.t = torch.ones(1)\n"
     "m, list(m.state_dict().keys()), [n for n, _ in m.named_parameters()], "
     "[n for n, _ in m.named_buffers()], m.x, m.t, m.b, m.nb", {}),
    ("m.w = nn.Parameter(torch.full((1,), 2.0))\nm.lin = nn.ReLU()\nm, list(m.state_dict())",
     {}),
    ("m.register_buffer('none', None)\nm.none, 'none' in m.state_dict()", {}),
    ("m.register_buffer('b2', 5)", {}),
    ("m.register_parameter('q', torch.ones(1))", {}),
    ("m.register_parameter('r', None)\nm.r, [n for n, _ in m.named_parameters()]", {}),
    ("m.register_buffer('x', torch.ones(1))", {}),
    ("m.register_buffer('a.b', torch.ones(1))", {}),
    ("m.register_parameter('a.b', None)", {}),
    ("m.add_module('a.b', nn.ReLU())", {}),
    ("m.add_module('c', 3)", {}),
    ("m.register_buffer('', torch.ones(1))", {}),
    ("m.w = torch.ones(1)", {}),
    ("m.lin = 5", {}),
    ("m.b = 5", {}),
    ("m.b = torch.arange(3.0)\nm.lin = None\nm.w = None\nm, m.state_dict(), m.w, m.lin", {}),
    ("del m.b\nlist(m.state_dict()), hasattr(m, 'b')", {}),
    ("m.p = nn.Parameter(torch.ones(1) * 2)\nm.p", {}),
    ("m(1)", {}),
    ("nn.Module(3)", {}),
    ("nn.Module(a=3)", {}),
    ("class Bad(nn.Module):\n    def __init__(self):\n        self.l = nn.Linear(1, 1)\nBad()",
     {}),
    ("class Bad2(nn.Module):\n    def __init__(self):\n"
     "        self.p = nn.Parameter(torch.ones(1))\nBad2()", {}),
    # old D2L: a Sequential written against _modules directly
    ("class MySequential(nn.Module):\n"
     "    def __init__(self, *args):\n"
     "        super().__init__()\n"
     "        for idx, module in enumerate(args):\n"
     "            self._modules[str(idx)] = module\n"
     "    def forward(self, X):\n"
     "        for block in self._modules.values():\n"
     "            X = block(X)\n"
     "        return X\n"
     "ms = fill(MySequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)))\n"
     "ms, ms(torch.ones(2, 2)), ms[0] if False else ms._modules['0'].bias", {}),
    # tied parameters
    ("shared = nn.Linear(8, 8)\n"
     "tied = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), "
     "nn.Linear(8, 1))\n"
     "[n for n, _ in tied.named_parameters()], list(tied.state_dict()), "
     "[n for n, _ in tied.named_modules()], len(list(tied.children()))", {}),
    ("tied[2].weight.data[0, 0] = 100\ntied[2].weight.data[0] == tied[4].weight.data[0]", {}),
]

LAYERS = [
    (PRELUDE + "\nlin = fill(nn.Linear(3, 2))\nx = data(4, 3)\ny = lin(x)\ny", {}),
    ("y.sum().backward()\nlin.weight.grad, lin.bias.grad, x.grad", {}),
    ("lin(data(3)), lin(data(2, 4, 3)).shape, lin(data(2, 4, 3)).grad_fn.name(), "
     "lin(data(3)).grad_fn.name()", {}),
    ("nb = fill(nn.Linear(3, 2, bias=False))\nnb(data(3)), nb(data(4, 3)), nb(data(2, 2, 3))",
     {}),
    ("lin(torch.ones(4))", {}),
    ("lin(torch.ones(2, 5, 4))", {}),
    ("lin(torch.ones(2, 3).double())", {}),
    ("nb(torch.ones(2, 3).double())", {}),
    ("lin(torch.tensor(1.0))", {}),
    ("l0 = nn.Linear(0, 2)\nl0.weight, l0.bias", WARNS),
    # activations, flatten, softmax
    ("z = data(2, 3)\nnn.ReLU()(z), nn.Sigmoid()(z), nn.Tanh()(z), nn.Softmax(dim=1)(z), "
     "nn.Identity()(z) is z", APPROX),
    ("nn.ReLU()(z).grad_fn.name(), nn.Sigmoid()(z).grad_fn.name(), "
     "nn.Tanh()(z).grad_fn.name(), nn.Softmax(dim=0)(z).grad_fn.name()", {}),
    ("(nn.Softmax(dim=1)(z) * torch.tensor([1.0, 2.0, 3.0])).sum().backward()\nz.grad", APPROX),
    ("nn.Softmax()(torch.ones(2, 3))", WARNS),
    ("x4 = data(2, 3, 4, 5)\nf = nn.Flatten()(x4)\nf.shape, f.grad_fn.name(), "
     "nn.Flatten(0)(x4).shape, nn.Flatten(1, 2)(x4).shape, nn.Flatten(-3, -2)(x4).shape", {}),
    ("x2 = data(2, 3)\nnn.Flatten()(x2) is x2", {}),
    ("nn.Flatten()(torch.ones(3))", {}),
    ("nn.Flatten(2, 1)(torch.ones(2, 3, 4))", {}),
    # dropout
    ("d = nn.Dropout(0.5)\nsorted(set(d(torch.ones(1000)).tolist())), d.training", {}),
    ("x1 = torch.ones(1000, requires_grad=True)\nd(x1).grad_fn.name()", {}),
    ("d.eval()\nd(x1) is x1, nn.Dropout(0.0)(x1) is x1", {}),
    ("nn.Dropout(1.0)(torch.ones(4)), nn.Dropout(p=0.0)", {}),
    ("nn.Dropout(1.5)", {}),
    ("seq = nn.Sequential(nn.Linear(1000, 1000), nn.Dropout(0.5))\nseq.eval()\n"
     "seq[1].training, (seq(torch.ones(1, 1000)) == seq[0](torch.ones(1, 1000))).all()", {}),
    # convolution
    ("conv = fill(nn.Conv2d(2, 3, kernel_size=3, padding=1, stride=2))\nxc = data(2, 2, 5, 5)\n"
     "yc = conv(xc)\nyc.shape, yc.grad_fn.name()", {}),
    ("yc", APPROX),
    ("(yc * yc).sum().backward()\nconv.weight.grad, conv.bias.grad, xc.grad", APPROX),
    ("cg = fill(nn.Conv2d(4, 2, (3, 2), groups=2, dilation=(1, 2), bias=False))\n"
     "xg = data(1, 4, 5, 6)\nyg = cg(xg)\nyg.sum().backward()\nyg, cg.weight.grad, xg.grad",
     APPROX),
    ("same = fill(nn.Conv2d(1, 1, 4, padding='same'))\nsame(data(1, 1, 5, 5))", APPROX),
    ("conv(data(2, 5, 5)).shape, conv(data(2, 5, 5)).grad_fn.name()", {}),
    ("conv(torch.ones(1, 3, 5, 5))", {}),
    ("nn.Conv2d(2, 3, 3)(torch.ones(1, 2, 2, 2))", {}),
    ("nn.Conv2d(3, 4, 3, groups=2)", {}),
    ("nn.Conv2d(4, 3, 3, groups=2)", {}),
    ("nn.Conv2d(4, 4, 3, padding='same', stride=2)", {}),
    ("nn.Conv2d(4, 4, 3, groups=0)", {}),
    ("[(n, p.shape) for n, p in nn.Conv2d(4, 6, (3, 5), groups=2).named_parameters()]", {}),
    # pooling
    ("xp = data(1, 2, 5, 6)\nmp = nn.MaxPool2d(2)(xp)\nap = nn.AvgPool2d(3, stride=2, "
     "padding=1)(xp)\nmp, ap", APPROX),
    ("(mp.sum() + (ap * ap).sum()).backward()\nxp.grad", APPROX),
    ("nn.MaxPool2d(3, stride=1, padding=1)(xp).grad_fn.name(), "
     "nn.AvgPool2d(2)(xp).grad_fn.name(), nn.MaxPool2d((2, 3))(xp).shape", {}),
    ("xa = data(2, 3, 5, 7)\na1 = nn.AdaptiveAvgPool2d((1, 1))(xa)\n"
     "a2 = nn.AdaptiveAvgPool2d((3, 2))(xa)\na3 = nn.AdaptiveAvgPool2d((5, 7))(xa)\n"
     "a4 = nn.AdaptiveAvgPool2d((None, 3))(xa)\na1, a2, a3, a4", APPROX),
    ("a1.grad_fn.name(), a2.grad_fn.name(), a3.grad_fn.name(), a4.shape, "
     "nn.AdaptiveAvgPool2d(2)(data(3, 4, 4)).grad_fn.name(), "
     "nn.AdaptiveAvgPool2d(2)(torch.ones(3, 4, 4)).shape", {}),
    ("(a1.sum() + (a2 * a2).sum() + (a3 * a3 * a3).sum() + a4.sum()).backward()\nxa.grad",
     APPROX),
    ("xd = data(1, 2, 6, 4)\nad = nn.AdaptiveAvgPool2d((3, 2))(xd)\nad.sum().backward()\n"
     "ad, xd.grad", APPROX),
    ("nn.AdaptiveAvgPool2d(2)(torch.ones(4, 4))", {}),
    ("nn.AdaptiveAvgPool2d((3, 2))(torch.ones(1, 1, 4, 4).long())", {}),
    ("nn.AdaptiveAvgPool2d((1, 1))(torch.ones(1, 1, 4, 4).long())", {}),
    ("nn.AdaptiveAvgPool2d((3, 2))(torch.ones(1, 1, 4, 4).double()).dtype", {}),
    # batch norm
    ("bn = fill(nn.BatchNorm2d(3))\nxb = data(2, 3, 2, 2)\nyb = bn(xb)\nyb.grad_fn.name(), "
     "bn.num_batches_tracked", {}),
    ("yb", APPROX),
    ("bn.running_mean, bn.running_var", APPROX),
    ("(yb * yb * yb).sum().backward()\nxb.grad, bn.weight.grad, bn.bias.grad", APPROX),
    ("bn(xb * 2)\nbn.running_mean, bn.running_var", APPROX),
    ("bn.num_batches_tracked, bn.state_dict()['num_batches_tracked']", {}),
    ("bn.eval()\nye = bn(xb)\nbn.num_batches_tracked, ye.grad_fn.name()", {}),
    ("ye", APPROX),
    ("bn.train()\nb1 = fill(nn.BatchNorm1d(3))\nx1d = data(4, 3)\ny1d = b1(x1d)\n"
     "y1d.sum().backward()\ny1d, x1d.grad, b1.running_mean, b1.running_var", APPROX),
    ("x3d = data(2, 3, 4)\nb1(x3d), b1.running_mean, b1.running_var", APPROX),
    ("cum = nn.BatchNorm2d(3, momentum=None)\ncum(xb)\ncum(xb * 3)\n"
     "cum.running_mean, cum.running_var", APPROX),
    ("cum.num_batches_tracked", {}),
    ("na = nn.BatchNorm2d(3, affine=False)\nna(xb), na.running_var", APPROX),
    ("free = nn.BatchNorm2d(3, track_running_stats=False).eval()\nfree(xb)", APPROX),
    ("free.state_dict().keys(), list(na.state_dict()), bn.weight, bn.bias", {}),
    ("nn.BatchNorm1d(3)(torch.ones(4))", {}),
    ("nn.BatchNorm1d(3)(torch.ones(2, 3, 4, 5))", {}),
    ("nn.BatchNorm1d(3)(torch.ones(1, 3))", {}),
    ("nn.BatchNorm2d(3)(torch.ones(2, 3, 4))", {}),
    ("nn.BatchNorm2d(3)(torch.ones(2, 4, 4, 4))", {}),
    ("list(nn.BatchNorm2d(2).named_buffers()), list(nn.BatchNorm2d(2).named_parameters())", {}),
    # losses
    ("lo = data(3, 5)\nt = torch.tensor([2, 0, 4])\nce = nn.CrossEntropyLoss()(lo, t)\n"
     "ce.backward()\nce, lo.grad", APPROX),
    ("nn.CrossEntropyLoss(reduction='none')(lo, t), nn.CrossEntropyLoss(reduction='sum')(lo, t), "
     "nn.CrossEntropyLoss(label_smoothing=0.1)(lo, t), nn.CrossEntropyLoss(ignore_index=0)(lo, t)",
     APPROX),
    ("logits = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])\ny = torch.tensor([0, 1])\n"
     "nn.CrossEntropyLoss()(logits, y), nn.CrossEntropyLoss(reduction='none')(logits, y)", {}),
    ("nn.CrossEntropyLoss()(lo, t).grad_fn.name(), nn.MSELoss()(lo, lo * 2).grad_fn.name()", {}),
    ("nn.MSELoss()(torch.ones(3, 1), torch.zeros(3, 1)), "
     "nn.MSELoss(reduction='none')(torch.ones(3, 1), torch.zeros(3, 1)).shape", {}),
    ("lo.grad = None\nms = nn.MSELoss()(lo, torch.ones(3, 5))\nms.backward()\nms, lo.grad",
     APPROX),
    ("nn.MSELoss(reduction='sum')(lo, torch.ones(3, 5))", APPROX),
    ("nn.CrossEntropyLoss(size_average=False)", WARNS),
    ("nn.CrossEntropyLoss(size_average=False)(lo, t)", APPROX),
    # lazy
    ("lz = nn.LazyLinear(3)\nprint(lz, lz.weight, lz.bias, list(lz.named_parameters()), "
     "lz.state_dict())\nlz.in_features, lz.weight.requires_grad, lz.weight.data", {}),
    ("lz.weight.shape", {}),
    ("yl = lz(torch.ones(2, 5))\nlz, yl.shape, lz.weight.shape, lz.bias.shape, "
     "type(lz).__name__, type(lz.weight).__name__, lz.in_features", {}),
    ("lnet = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(1))\nprint(lnet)\n"
     "lnet(torch.ones(2, 7)).shape, lnet, [p.shape for p in lnet.parameters()]", {}),
    ("lnb = nn.LazyLinear(2, bias=False)\nprint(lnb, lnb.bias)\nlnb(torch.ones(3)).shape, lnb",
     {}),
    ("ll = nn.LazyLinear(2)\nll.load_state_dict(fill(nn.Linear(3, 2)).state_dict())\n"
     "ll, ll(torch.ones(1, 3)), ll", {}),
]

MLP = [
    (PRELUDE + "\nmlp = fill(nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.ReLU(), "
     "nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 3)), scale=0.5)\n"
     "X = data(4, 3, 4)\ny = torch.tensor([0, 2, 1, 2])\n"
     "loss = nn.CrossEntropyLoss()(mlp(X), y)\nloss.backward()\nloss", APPROX),
    ("tuple(p.grad for p in mlp.parameters())", APPROX),
    ("X.grad", APPROX),
    # float64: the gradients through a batch of two in BatchNorm are small differences
    ("lenet = fill(nn.Sequential(nn.Conv2d(1, 2, kernel_size=3, padding=1), nn.Sigmoid(), "
     "nn.AvgPool2d(kernel_size=2, stride=2), nn.Conv2d(2, 4, kernel_size=3), nn.Sigmoid(), "
     "nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.BatchNorm1d(4), nn.Linear(4, 3)), "
     "scale=0.5).double()\nXi = data(2, 1, 8, 8).detach().double().requires_grad_()\n"
     "loss = nn.CrossEntropyLoss()(lenet(Xi), torch.tensor([1, 2]))\nloss.backward()\n"
     "loss, Xi.grad", APPROX),
    ("tuple(p.grad for p in lenet.parameters())", APPROX),
    ("lenet[7].running_mean, lenet[7].running_var", APPROX),
]


@pytest.mark.conformance
@pytest.mark.parametrize("cells", [REPRS, STRUCTURE, LAYERS, MLP],
                         ids=["reprs", "structure", "layers", "mlp"])
def test_torch_nn_modules_match_torch(cells):
    check_conformance(cells, "torch")
