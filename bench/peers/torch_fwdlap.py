"""Forward-Laplacian jets in PyTorch: the PyTorch peer of our own jets (src/jet, src/nets).

A jet is (v, J, L): value [n,k], gradient w.r.t. the space inputs [n,d,k] and Laplacian [n,k],
propagated forward through every layer (linear maps act on all three; an elementwise f gives
f'(v)*J and f'(v)*L + f''(v)*sum_i J_i^2; a product of jets adds 2*sum_i J1_i*J2_i), so the
Laplacian costs one forward pass at width d+2 and the training step one ordinary backward.
No bench case has a time input, so the jets carry no dt (dt would be one more column of J).

Run as a script, it checks the jets against the nested-autograd recipe of torch_step.py on every
bench case (value, gradient, Laplacian, and the weight gradients of the residual loss) in float64
and prints one JSON line per case with the max abs differences:
    python torch_fwdlap.py [--cases mlp-d10-lap,...]
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_step import CASES, loss_nested  # noqa: E402


class Jet:
    __slots__ = ("v", "J", "L")

    def __init__(self, v, J, L):
        self.v, self.J, self.L = v, J, L


def input_jet(x):
    """x [n,d]: J = identity (left implicit: None), L = 0 (None)."""
    return Jet(x, None, None)


def linear(j, lin, rows=None):
    """lin: nn.Linear (weight [out,in]); rows: optional slice of its outputs."""
    w = lin.weight if rows is None else lin.weight[rows]
    b = lin.bias if (lin.bias is None or rows is None) else lin.bias[rows]
    v = j.v @ w.t()
    if b is not None:
        v = v + b
    n = j.v.shape[0]
    J = w.t().unsqueeze(0).expand(n, -1, -1) if j.J is None else j.J @ w.t()
    L = None if j.L is None else j.L @ w.t()
    return Jet(v, J, L)


def tanh(j):
    a = torch.tanh(j.v)
    p = 1 - a * a
    q = -2 * a * p
    L = q * (j.J * j.J).sum(1)
    if j.L is not None:
        L = L + p * j.L
    return Jet(a, p.unsqueeze(1) * j.J, L)


def add(a, b):
    return Jet(a.v + b.v, a.J + b.J, _sum(a.L, b.L))


def _sum(x, y):
    return y if x is None else x if y is None else x + y


def mul(a, b):
    L = 2 * (a.J * b.J).sum(1)
    if a.L is not None:
        L = L + a.L * b.v
    if b.L is not None:
        L = L + a.v * b.L
    return Jet(a.v * b.v, a.J * b.v.unsqueeze(1) + a.v.unsqueeze(1) * b.J, L)


def cols(j, lo, hi):
    return Jet(j.v[:, lo:hi], j.J[:, :, lo:hi], None if j.L is None else j.L[:, lo:hi])


def one_minus(j):
    return Jet(1 - j.v, -j.J, None if j.L is None else -j.L)


def mlp_jet(net, x):
    """net: nn.Sequential of Linear, Tanh, ..., Linear (torch_step.mlp)."""
    j = input_jet(x)
    for m in net:
        j = linear(j, m) if isinstance(m, torch.nn.Linear) else tanh(j)
    return j


def dgm_jet(net, x):
    k = net.width
    xj = input_jet(x)
    s = tanh(linear(xj, net.inp))
    for u, wzgr, wh in zip(net.u, net.wzgr, net.wh):
        ux = linear(xj, u)
        zgr = tanh(add(cols(ux, 0, 3 * k), linear(s, wzgr)))
        z, g, r = cols(zgr, 0, k), cols(zgr, k, 2 * k), cols(zgr, 2 * k, 3 * k)
        h = tanh(add(cols(ux, 3 * k, 4 * k), linear(mul(s, r), wh)))
        s = add(mul(one_minus(g), h), mul(z, s))
    return linear(s, net.out)


def jet_of(net, x):
    """(u [n], grad [n,d], lap [n]) of the scalar net."""
    # (not isinstance(net, DGM): run as torch_step.py, that DGM is __main__.DGM, another class)
    j = mlp_jet(net, x) if isinstance(net, torch.nn.Sequential) else dgm_jet(net, x)
    return j.v[:, 0], j.J[:, :, 0], j.L[:, 0]


def loss_fwdlap(net, x):
    _, g, lap = jet_of(net, x)
    r = -0.5 * lap + 0.5 * (g * g).sum(1) - torch.sin(x).sum(1)
    return (r * r).mean()


def nested_jet(net, x):
    x = x.detach().requires_grad_(True)
    u = net(x)
    (g,) = torch.autograd.grad(u.sum(), x, create_graph=True)
    lap = sum(torch.autograd.grad(g[:, i].sum(), x, create_graph=True)[0][:, i] for i in range(x.shape[1]))
    return u[:, 0], g, lap


def check_case(name, batch=64, dtype=torch.float64):
    """Max abs differences fwdlap - nested (jet and weight gradients of the loss), same weights."""
    torch.manual_seed(0)
    net, d = CASES[name]()
    net = net.to(dtype)
    x = torch.rand(batch, d, dtype=dtype) * 2 - 1
    ours, ref = jet_of(net, x), nested_jet(net, x)
    diff = {k: (a - b).abs().max().item() for k, a, b in zip(("u", "grad", "lap"), ours, ref)}
    params = list(net.parameters())
    g_ours = torch.autograd.grad(loss_fwdlap(net, x), params, allow_unused=True)
    g_ref = torch.autograd.grad(loss_nested(net, x.clone().requires_grad_(True)), params, allow_unused=True)
    wg = 0.0
    scale = 0.0
    for a, b in zip(g_ours, g_ref):
        a = torch.zeros(1, dtype=dtype) if a is None else a
        b = torch.zeros(1, dtype=dtype) if b is None else b
        wg = max(wg, (a - b).abs().max().item())
        scale = max(scale, b.abs().max().item())
    return {"kind": "check", "case": name, "dtype": str(dtype).replace("torch.", ""), "batch": batch,
            "max_diff_u": diff["u"], "max_diff_grad": diff["grad"], "max_diff_lap": diff["lap"],
            "max_diff_weight_grads": wg, "max_abs_weight_grad": scale}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cases", default=",".join(CASES))
    a = p.parse_args()
    for name in a.cases.split(","):
        print(json.dumps(check_case(name)), flush=True)


if __name__ == "__main__":
    main()
