#!/usr/bin/env python3
"""PyTorch reference for scripts/bench-train.ts: the same DS-CNN as trainer/model.ts, timed on this CPU.

Layers: conv kh×kw stride 2 ('same') + BN + ReLU, blocks × (depthwise 3×3 + BN + ReLU + pointwise 1×1 +
BN + ReLU), global average pool, linear → 1 logit; BCE-with-logits loss; Adam. Inputs are random (the
throughput does not depend on values). Prints one JSON object on stdout. Exit 3 when torch is missing, so
the caller can tell "not installed" from a failure.
"""
import argparse
import json
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError as e:  # reported to the caller as "torch absent", not as an error
    print(json.dumps({"error": f"import torch failed: {e}"}))
    sys.exit(3)


def same_pad(k: int, s: int, n: int) -> tuple[int, int]:
    """TF 'same' padding (extra on the bottom/right) for kernel k, stride s, input length n."""
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


class DsCnn(nn.Module):
    def __init__(self, frames: int, coeffs: int, channels: int, blocks: int, kernel=(10, 4), stride=(2, 2)):
        super().__init__()
        (pt, pb), (pl, pr) = same_pad(kernel[0], stride[0], frames), same_pad(kernel[1], stride[1], coeffs)
        layers: list[nn.Module] = [
            nn.ZeroPad2d((pl, pr, pt, pb)),
            nn.Conv2d(1, channels, kernel, stride, bias=False), nn.BatchNorm2d(channels), nn.ReLU(),
        ]
        for _ in range(blocks):
            layers += [
                nn.Conv2d(channels, channels, 3, 1, 1, groups=channels, bias=False), nn.BatchNorm2d(channels), nn.ReLU(),
                nn.Conv2d(channels, channels, 1, bias=False), nn.BatchNorm2d(channels), nn.ReLU(),
            ]
        self.features = nn.Sequential(*layers)
        self.out = nn.Linear(channels, 1)

    def forward(self, x):
        return self.out(self.features(x).mean(dim=(2, 3)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--frames", type=int, default=49)
    ap.add_argument("--coeffs", type=int, default=10)
    ap.add_argument("--channels", type=int, default=64)
    ap.add_argument("--blocks", type=int, default=4)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps first")
    ap.add_argument("--steps", type=int, default=20, help="timed training steps")
    # torch 1.13 from Debian defaults to 1 thread here; scripts/bench-train.ts passes the core count, then 1.
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 keeps torch's default")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = DsCnn(a.frames, a.coeffs, a.channels, a.blocks)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    x = torch.randn(a.batch, 1, a.frames, a.coeffs)  # NCHW: torch's native layout
    y = torch.randint(0, 2, (a.batch, 1)).float()

    def step() -> None:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    model.train()
    for _ in range(a.warmup):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        step()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0

    model.eval()
    with torch.no_grad():
        for _ in range(a.warmup):
            model(x)
        t1 = time.perf_counter()
        for _ in range(a.steps):
            model(x)
        infer = time.perf_counter() - t1

    print(json.dumps({
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": a.batch,
        "steps": a.steps,
        "train_samples_per_s": a.steps * a.batch / wall,
        "train_samples_per_cpu_s": a.steps * a.batch / cpu,
        "infer_windows_per_s": a.steps * a.batch / infer,
    }))


if __name__ == "__main__":
    main()
