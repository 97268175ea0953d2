"""PyTorch peers for bench/solver.bench.ts: the same training steps, Laplacian by nested autograd
(--path nested, default) or by forward-Laplacian jets (--path fwdlap, torch_fwdlap.py).

MLP d->32->32->32->1 tanh (and DGM, L=1, width 32), batch 512, residual
r = -1/2 lap u + 1/2 |grad u|^2 - sum_i sin(x_i), loss mean r^2, one Adam step (lr 1e-3).
The Laplacian is the standard nested-autograd recipe: grad with create_graph, then one more
grad per coordinate for the Hessian diagonal. The fwdlap path is the one forward pass of jets (value, gradient, Laplacian) and one ordinary
backward; before timing it checks itself against the nested recipe (float64, max abs differences
in the line's "check"). Prints one JSON object per line.
Usage: torch_step.py [--path nested|fwdlap] [--steps 50] [--warmup 10] [--threads N] [--cases mlp-d10-lap,...]
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


class DGM(nn.Module):
    """S1 = s(W1 x + b1); Z, G, R, H gates; S <- (1-G)*H + Z*S; u = W S + b (Sirignano-Spiliopoulos)."""

    def __init__(self, d, width, layers):
        super().__init__()
        self.inp = nn.Linear(d, width)
        self.u = nn.ModuleList([nn.Linear(d, 4 * width, bias=True) for _ in range(layers)])
        self.wzgr = nn.ModuleList([nn.Linear(width, 3 * width, bias=False) for _ in range(layers)])
        self.wh = nn.ModuleList([nn.Linear(width, width, bias=False) for _ in range(layers)])
        self.out = nn.Linear(width, 1)
        self.width = width

    def forward(self, x):
        k = self.width
        s = torch.tanh(self.inp(x))
        for u, wzgr, wh in zip(self.u, self.wzgr, self.wh):
            ux = u(x)
            zgr = torch.tanh(ux[:, : 3 * k] + wzgr(s))
            z, g, r = zgr[:, :k], zgr[:, k : 2 * k], zgr[:, 2 * k :]
            h = torch.tanh(ux[:, 3 * k :] + wh(s * r))
            s = (1 - g) * h + z * s
        return self.out(s)


def mlp(d, hidden):
    layers, fin = [], d
    for h in hidden:
        layers += [nn.Linear(fin, h), nn.Tanh()]
        fin = h
    layers.append(nn.Linear(fin, 1))
    return nn.Sequential(*layers)


def loss_nested(net, x):
    u = net(x)
    (g,) = torch.autograd.grad(u.sum(), x, create_graph=True)
    lap = torch.zeros_like(u[:, 0])
    for i in range(x.shape[1]):
        (gi,) = torch.autograd.grad(g[:, i].sum(), x, create_graph=True)
        lap = lap + gi[:, i]
    r = -0.5 * lap + 0.5 * (g * g).sum(1) - torch.sin(x).sum(1)
    return (r * r).mean()


CASES = {
    "mlp-d10-lap": lambda: (mlp(10, [32, 32, 32]), 10),
    "mlp-d1-lap": lambda: (mlp(1, [32, 32, 32]), 1),
    "dgm-d10-lap": lambda: (DGM(10, 32, 1), 10),
}


def run_case(name, steps, warmup, batch, path="nested"):
    if path == "fwdlap":
        from torch_fwdlap import loss_fwdlap as loss_of
    else:
        loss_of = loss_nested
    torch.manual_seed(0)
    net, d = CASES[name]()
    x = (torch.rand(batch, d) * 2 - 1).requires_grad_(True)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    times, cpu = [], []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        c0 = time.process_time()
        opt.zero_grad(set_to_none=True)
        loss = loss_of(net, x)
        loss.backward()
        opt.step()
        dt = (time.perf_counter() - t0) * 1e3
        if i >= warmup:
            times.append(dt)
            cpu.append((time.process_time() - c0) * 1e3)
    return statistics.median(times), statistics.median(cpu), loss.detach().item()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--cases", default=",".join(CASES))
    p.add_argument("--path", choices=("nested", "fwdlap"), default="nested")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    for name in a.cases.split(","):
        check = None
        if a.path == "fwdlap":
            from torch_fwdlap import check_case
            c = check_case(name)
            check = {k: v for k, v in c.items() if k.startswith("max_")}
        ms, cpu_ms, loss = run_case(name, a.steps, a.warmup, a.batch, a.path)
        print(json.dumps({
            "kind": "timing", "case": name, "backend": "torch", "path": a.path, "ms_per_step": round(ms, 3), "cpu_ms_per_step": round(cpu_ms, 3),
            "steps": a.steps, "warmup": a.warmup, "batch": a.batch, "threads": torch.get_num_threads(),
            "torch": torch.__version__, "final_loss": loss,
            **({} if check is None else {"check": check}),
        }), flush=True)


if __name__ == "__main__":
    main()
