"""gluon.nn, gluon.Parameter and mxnet.init, cell by cell against real MXNet 1.9.1: reprs of
blocks and parameters, deferred initialisation and its errors, shapes after the first forward,
outputs and gradients with weights set by set_data, Dropout and BatchNorm in and out of
autograd.record(). Blocks get an explicit prefix (or live in a parent's name_scope) because the
global name counter depends on what ran before in the process."""
import pytest

from xint.testing import check_conformance

APPROX = {"approx": True}
WARNS = {"warns": True}

DENSE = [
    ("nn = gluon.nn\nnet = nn.Sequential(prefix='net_')\nwith net.name_scope():\n"
     "    net.add(nn.Dense(8, activation='relu'), nn.Dense(1))\nnet", {}),
    ("net[0].weight, net[1].params, len(net)", {}),
    ("net.collect_params()", {}),
    ("net.collect_params().keys(), net.collect_params('.*weight').keys()", {}),
    ("net[0].weight.data()", {}),
    ("net.initialize()\nnet.initialize()", WARNS),
    ("net[0].weight.data()", {}),
    ("net[0].weight.list_ctx(), net[0].weight.grad_req, net[0].bias.data()", {}),
    ("x = np.arange(8.0).reshape(2, 4)\ny = net(x)\nnet, net[0].weight, y.shape", {}),
    ("type(net[0].weight.data()).__name__, net[0].weight.grad()", {}),
    ("net[0].weight.set_data(np.arange(32.0).reshape(8, 4) / 32 - 0.5)\n"
     "net[0].bias.set_data(np.arange(8.0) / 10 - 0.3)\n"
     "net[1].weight.set_data(np.arange(8.0).reshape(1, 8) / 8 - 0.4)\nnet(x)", APPROX),
    ("with autograd.record():\n    loss = (net(x) ** 2).sum()\nloss.backward()\n"
     "net[0].weight.grad(), net[0].bias.grad(), net[1].weight.grad(), net[1].bias.grad()", APPROX),
    ("net[0].weight.set_data(np.ones((2, 2)))", {}),
    ("net[:1]", {}),
    ("d = nn.Dense(3, in_units=4, prefix='d_')\nd, d.weight, d.collect_params()", {}),
    ("d.initialize(init.Constant(0.5))\nd.weight.data(), d.bias.data()", {}),
    ("d(np.ones((2, 4))), d(np.ones((2, 2, 2))).shape", {}),
    ("d2 = nn.Dense(3, flatten=False, use_bias=False, activation='tanh', prefix='d2_')\n"
     "d2.initialize()\nd2(np.ones((2, 5, 4))).shape, d2.weight, d2, list(d2.collect_params())", {}),
    ("d3 = nn.Dense(2, prefix='d3_')\nd3.initialize()\n"
     "d3(np.ones((3, 2, 5))).shape, d3.weight", {}),
]

PARAMETER = [
    ("p = gluon.Parameter('w', shape=(2, 3))\np, p.grad_req, p.dtype", {}),
    ("p.data()", {}),
    ("p.list_ctx()", {}),
    ("p.initialize(init=init.Constant(2.0))\np.data(), p.grad(), p.list_ctx()", {}),
    ("p.initialize()", WARNS),
    ("p.initialize(init=init.One(), force_reinit=True)\np.data()", {}),
    ("p.set_data(np.arange(6.0).reshape(2, 3))\np.data()", {}),
    ("q = gluon.Parameter('q', shape=(2, -1))\nq.initialize()", {}),
    ("class MyInit(init.Initializer):\n    def _init_weight(self, name, data):\n"
     "        print('Init', name, data.shape)\n        data[:] = np.arange(6.0).reshape(3, 2)\n"
     "        data *= data >= 2\n"
     "m = nn.Dense(3, in_units=2, prefix='m_')\nm.initialize(MyInit())\n"
     "m.weight.data(), m.bias.data()", {}),
    ("m.initialize(init=init.Zero(), force_reinit=True)\nm.weight.data()", {}),
    ("m.initialize(init=init.Normal(sigma=0.01), force_reinit=True)\n"
     "m.weight.data().shape, m.bias.data()", {}),
    ("m.weight.initialize(init=init.Xavier(), force_reinit=True)\nm.weight.data().shape", {}),
    ("m.bias.initialize(init=init.Xavier(), force_reinit=True)", {}),
]

CONV_POOL = [
    ("nn = gluon.nn\nconv = nn.Conv2D(3, kernel_size=(1, 2), prefix='c_')\n"
     "conv, conv.weight, conv.bias", {}),
    ("conv.initialize()\nconv(np.ones((1, 2, 6, 8))).shape, conv.weight, conv", {}),
    ("conv.weight.set_data(np.arange(12.0).reshape(3, 2, 1, 2) / 10 - 0.5)\n"
     "conv.bias.set_data(np.array([0.1, -0.2, 0.3]))\n"
     "x = np.arange(32.0).reshape(1, 2, 4, 4) / 8\nconv(x)", APPROX),
    ("with autograd.record():\n    loss = (conv(x) ** 2).sum()\nloss.backward()\n"
     "conv.weight.grad(), conv.bias.grad()", APPROX),
    ("nn.Conv2D(6, kernel_size=5, padding=2, activation='sigmoid', prefix='c2_'), "
     "nn.Conv2D(6, kernel_size=(3, 5), strides=2, in_channels=3, prefix='c3_'), "
     "nn.Conv2D(4, 3, use_bias=False, groups=2, dilation=2, prefix='c4_')", {}),
    ("c5 = nn.Conv2D(4, 3, strides=2, padding=1, in_channels=2, prefix='c5_')\nc5.initialize()\n"
     "c5(np.ones((2, 2, 7, 7))).shape, c5.weight", {}),
    ("nn.MaxPool2D(), nn.MaxPool2D(pool_size=3, strides=2, padding=1), nn.AvgPool2D(3, padding=1), "
     "nn.GlobalAvgPool2D()", {}),
    ("x = np.arange(25.0).reshape(1, 1, 5, 5)\nnn.MaxPool2D()(x), nn.MaxPool2D(3, 2, 1)(x)", {}),
    ("nn.AvgPool2D(3, 2, 1)(x), nn.AvgPool2D()(x), nn.GlobalAvgPool2D()(x)", APPROX),
    ("x.attach_grad()\nwith autograd.record():\n    y = (nn.MaxPool2D(3, 2, 1)(x) * "
     "nn.AvgPool2D(3, 2, 1)(x)).sum()\ny.backward()\nx.grad", APPROX),
    ("nn.Flatten(), nn.Flatten()(np.ones((2, 3, 4))).shape, nn.Activation('relu'), "
     "nn.Activation('softrelu')", {}),
    ("z = np.array([-30.0, -1.0, 0.0, 2.0, 40.0])\n[nn.Activation(a)(z) for a in "
     "('relu', 'sigmoid', 'tanh', 'softrelu')]", APPROX),
    ("nn.Lambda(lambda x: x * 2), nn.Lambda(lambda x: x * 2)(np.ones(2))", {}),
]

MODES = [
    ("nn = gluon.nn\ndrop = nn.Dropout(0.5)\nx = np.ones(1000)\ndrop", {}),
    ("sorted(set(drop(x).tolist()))", {}),
    ("with autograd.record():\n    y = drop(x)\nsorted(set(y.tolist()))", {}),
    ("with autograd.record(train_mode=False):\n    y = drop(x)\nsorted(set(y.tolist()))", {}),
    ("with autograd.train_mode():\n    y = drop(x)\nsorted(set(y.tolist()))", {}),
    ("bn = nn.BatchNorm(prefix='bn_')\nbn, bn.params", {}),
    ("bn.initialize()\nx = np.arange(24.0).reshape(2, 3, 2, 2)\nwith autograd.record():\n"
     "    y = bn(x)\n    loss = (y * x).sum()\nloss.backward()\n"
     "y, bn.running_mean.data(), bn.running_var.data()", APPROX),
    ("bn.gamma.grad(), bn.beta.grad()", APPROX),
    ("bn, bn.running_var.grad_req, bn.gamma.grad_req", {}),
    ("bn.running_mean.grad()", {}),
    ("bn(x)", APPROX),
    ("bn1 = nn.BatchNorm(axis=-1, momentum=0.5, epsilon=1e-3, in_channels=4, prefix='bn1_')\n"
     "bn1.initialize()\nx = np.arange(12.0).reshape(3, 4) ** 1.5\nwith autograd.train_mode():\n"
     "    y = bn1(x)\ny, bn1.running_mean.data(), bn1.running_var.data()", APPROX),
    ("with autograd.record():\n    y = bn1(x)\nbn1.running_mean.data(), bn1.running_var.data()",
     APPROX),
    ("y.backward()\nbn1.running_mean.data(), bn1.running_var.data()", APPROX),
    ("with autograd.record():\n    y1 = bn1(x)\n    y2 = bn1(x * 2)\ny2.backward()\n"
     "bn1.running_mean.data(), bn1.running_var.data()", APPROX),
    ("bn1", {}),
]

BLOCKS = [
    ("nn = gluon.nn\nclass MLP(nn.Block):\n    def __init__(self, **kwargs):\n"
     "        super().__init__(**kwargs)\n        with self.name_scope():\n"
     "            self.hidden = nn.Dense(4, activation='relu')\n"
     "            self.out = nn.Dense(2)\n    def forward(self, x):\n"
     "        return self.out(self.hidden(x))\n"
     "mlp = MLP(prefix='mlp_')\nmlp, mlp.prefix, mlp.name, mlp.hidden.prefix", {}),
    ("mlp.collect_params(), mlp.params", {}),
    ("mlp.initialize()\nmlp(np.ones((3, 5))).shape, mlp.collect_params('.*bias').keys()", {}),
    ("class Fixed(nn.Block):\n    def __init__(self, **kwargs):\n"
     "        super().__init__(**kwargs)\n"
     "        self.w = self.params.get('w', shape=(2, 2))\n"
     "        self.dense = nn.Dense(2, prefix='fd_')\n    def forward(self, x):\n"
     "        return self.dense(x)\nf = Fixed(prefix='fixed_')\nf, f.params, f.collect_params()",
     {}),
    ("seq = nn.HybridSequential(prefix='hs_')\nwith seq.name_scope():\n"
     "    seq.add(nn.Dense(4, activation='relu'), nn.Dropout(0.2), nn.Dense(2))\n"
     "seq.initialize()\nseq.hybridize()\nseq(np.ones((2, 3))).shape, seq", {}),
    ("outer = nn.Sequential(prefix='outer_')\nwith outer.name_scope():\n"
     "    outer.add(seq, nn.Dense(1))\nouter", {}),
    ("nn.Sequential(prefix='e_'), nn.HybridSequential(prefix='e2_')", {}),
]

CELLS = {"dense": DENSE, "parameter": PARAMETER, "conv_pool": CONV_POOL, "modes": MODES,
         "blocks": BLOCKS}


@pytest.mark.conformance
@pytest.mark.parametrize("group", sorted(CELLS))
def test_gluon_nn_matches_mxnet(group):
    check_conformance(CELLS[group], "mxnet")
