#!/usr/bin/env python3
"""The language model of `lectern train lm`, built again in PyTorch: parity, speed, memory and learning.

The model is GPT-2's as nanoGPT writes it (token + position embeddings, pre-LayerNorm blocks with causal
multi-head attention and a 4x GELU-tanh MLP, biases, final LayerNorm, head tied to the token embedding),
trained with AdamW (betas 0.9/0.99, eps 1e-8, weight decay 0.1 on matrices), nanoGPT's warm-up + cosine
schedule and gradient clipping at 1, all as lectern does.

    python3 Tests/Benchmarks/lm_reference.py parity   # replay lectern's first 50 steps; writes the fixture
    python3 Tests/Benchmarks/lm_reference.py speed    # tokens/s and peak memory, lectern and PyTorch
    python3 Tests/Benchmarks/lm_reference.py learn    # validation loss at step 2,000, 3 seeds each
    python3 Tests/Benchmarks/lm_reference.py scaling  # embd 64/128/256 x context 64/128/256
    python3 Tests/Benchmarks/lm_reference.py all

Needs torch, numpy and safetensors (pip install torch numpy safetensors) and a release build of lectern
(`swift build -c release`). One thread everywhere. Progress goes to stderr, tables and JSON to stdout.
"""
import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse
import gzip
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file

torch.set_num_threads(1)
REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "Tests/MLCoreTests/Fixtures/lm_pytorch_parity.json"
# The parity run: small enough that the Swift unit test replays it quickly in a debug build.
PARITY = dict(layers=2, heads=4, embd=32, context=32, batch=8, lr=3e-3, steps=50, seed=7)
LAB = dict(layers=2, heads=4, embd=64, context=64, batch=32, lr=3e-3)


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# MARK: - The model


class Block(nn.Module):
    def __init__(self, c, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(c)
        self.attn = nn.Module()
        self.attn.c_attn = nn.Linear(c, 3 * c)
        self.attn.c_proj = nn.Linear(c, c)
        self.ln_2 = nn.LayerNorm(c)
        self.mlp = nn.Module()
        self.mlp.c_fc = nn.Linear(c, 4 * c)
        self.mlp.c_proj = nn.Linear(4 * c, c)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.attn.c_attn(self.ln_1(x)).split(c, dim=2)
        shape = (b, t, self.heads, c // self.heads)
        q, k, v = (z.view(shape).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.attn.c_proj(y.transpose(1, 2).contiguous().view(b, t, c))
        return x + self.mlp.c_proj(F.gelu(self.mlp.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, vocab, context, layers, heads, embd):
        super().__init__()
        self.transformer = nn.Module()
        self.transformer.wte = nn.Embedding(vocab, embd)
        self.transformer.wpe = nn.Embedding(context, embd)
        self.transformer.h = nn.ModuleList([Block(embd, heads) for _ in range(layers)])
        self.transformer.ln_f = nn.LayerNorm(embd)
        # nanoGPT's initialisation (lectern's too): N(0, 0.02), the residual projections 0.02/sqrt(2L).
        for name, p in self.named_parameters():
            if p.dim() >= 2:
                std = 0.02 / math.sqrt(2 * layers) if name.endswith("c_proj.weight") else 0.02
                nn.init.normal_(p, 0.0, std)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(t))
        for block in self.transformer.h:
            x = block(x)
        return self.transformer.ln_f(x) @ self.transformer.wte.weight.T  # the tied head


def optimizer(model, lr):
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                             lr=lr, betas=(0.9, 0.99), eps=1e-8)


def rate(step, peak, steps):
    """LMTrainingSettings.schedule: warm-up over min(100, steps/20) steps, cosine to a tenth by `steps`."""
    warm, floor = min(100, steps // 20), peak / 10
    if step < warm:
        return peak * (step + 1) / warm
    if steps <= warm:
        return peak
    if step >= steps:
        return floor
    ratio = (step - warm) / (steps - warm)
    return floor + 0.5 * (1 + math.cos(math.pi * ratio)) * (peak - floor)


def train_step(model, opt, x, y, lr):
    for g in opt.param_groups:
        g["lr"] = lr
    logits = model(x)
    loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), y.view(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    return loss.item()


# MARK: - lectern


def lectern_binary(args):
    path = Path(args.lectern)
    if not path.exists():
        sys.exit(f"{path}: not built; run `swift build -c release` first")
    return str(path)


def run_lectern(args, *command):
    """Runs lectern; returns its JSON lines and its peak resident memory in MiB (from the kernel)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([lectern_binary(args), *command], check=True, capture_output=True, text=True).stdout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return lines, (peak if peak > before else None)


def shape_args(cfg):
    return ["--layers", str(cfg["layers"]), "--heads", str(cfg["heads"]), "--embd", str(cfg["embd"]),
            "--context", str(cfg["context"]), "--batch", str(cfg["batch"]), "--lr", str(cfg["lr"])]


# MARK: - The corpus, as lectern cuts it


def corpus_ids(name="shakespeare"):
    text = gzip.open(REPO / f"assets/corpus/{name}.txt.gz", "rt", encoding="utf-8", newline="").read()
    chars = sorted(set(text))  # CharTokenizer: the corpus's characters in Unicode order (all single code points here)
    index = {c: i for i, c in enumerate(chars)}
    return np.array([index[c] for c in text], dtype=np.int64), len(chars)


def validation_windows(ids, context, count=64):
    """LMBatches: the last 10 % validates; `count` evenly spaced windows."""
    split = int(len(ids) * 0.9)
    room = len(ids) - split - context - 1
    n = min(count, room + 1)
    starts = [split + (0 if n == 1 else k * room // (n - 1)) for k in range(n)]
    x = np.stack([ids[s:s + context] for s in starts])
    y = np.stack([ids[s + 1:s + context + 1] for s in starts])
    return torch.from_numpy(x), torch.from_numpy(y)


def val_loss(model, vx, vy, batch):
    with torch.no_grad():
        total = 0.0
        for i in range(0, len(vx), batch):
            logits = model(vx[i:i + batch])
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), vy[i:i + batch].reshape(-1)).item() * len(vx[i:i + batch])
        return total / len(vx)


# MARK: - Parity


def relative(a, b):
    return float((a - b).abs().max() / max(b.abs().max(), 1e-30))


def parity(args):
    cfg = PARITY
    with tempfile.TemporaryDirectory() as tmp:
        trace, saved = f"{tmp}/trace.safetensors", f"{tmp}/model.safetensors"
        run_lectern(args, "train", "lm", "--corpus", "shakespeare", *shape_args(cfg), "--steps", str(cfg["steps"]),
                    "--seed", str(cfg["seed"]), "--eval-every", "0", "--trace", trace, "--save", saved)
        t = load_file(trace)
        _, vocab = corpus_ids()
        model = GPT(vocab, cfg["context"], cfg["layers"], cfg["heads"], cfg["embd"])
        state = {k: v for k, v in t.items() if k.startswith("transformer.")}
        missing, unexpected = model.load_state_dict(state, strict=True), None
        opt = optimizer(model, cfg["lr"])
        xs, ys, ours = t["inputs"].long(), t["targets"].long(), t["losses"].double()
        theirs, gradient_error, gradient_norms = [], {}, {}
        for step in range(cfg["steps"]):
            x, y = xs[step].view(cfg["batch"], cfg["context"]), ys[step].view(cfg["batch"], cfg["context"])
            if step == 0:
                logits = model(x)
                loss = F.cross_entropy(logits.view(-1, vocab), y.view(-1))
                loss.backward()
                for name, p in model.named_parameters():
                    gradient_error[name] = relative(t["grad." + name], p.grad)
                    gradient_norms[name] = float(p.grad.double().norm())
            theirs.append(train_step(model, opt, x, y, rate(step, cfg["lr"], cfg["steps"])))
        theirs = torch.tensor(theirs, dtype=torch.float64)
        loss_error = ((ours - theirs).abs() / theirs.abs()).tolist()
        # PyTorch loads the saved model file itself and must give lectern's logits.
        m = load_file(saved)
        again = GPT(vocab, cfg["context"], cfg["layers"], cfg["heads"], cfg["embd"])
        again.load_state_dict(m, strict=True)
        with torch.no_grad():
            logits = again(t["check.inputs"].long().view(1, -1))[0]
        logit_error = relative(t["check.logits"], logits)
    result = {
        "config": cfg, "torch": torch.__version__,
        "first_loss_relative_error": loss_error[0],
        "first_gradients_worst_relative_error": max(gradient_error.values()),
        "first_10_losses_worst_relative_error": max(loss_error[:10]),
        "all_50_losses_worst_relative_error": max(loss_error),
        "saved_model_logits_relative_error": logit_error,
        "pytorch_losses": theirs.tolist(), "lectern_losses": ours.tolist(),
        "pytorch_first_gradient_norms": gradient_norms,
    }
    ok = (result["first_loss_relative_error"] <= 1e-5 and result["first_gradients_worst_relative_error"] <= 1e-5
          and result["first_10_losses_worst_relative_error"] <= 1e-4 and result["all_50_losses_worst_relative_error"] <= 1e-3
          and logit_error <= 1e-5)
    result["within_goals"] = ok
    print(f"parity: first loss {result['first_loss_relative_error']:.2e}, first gradients {result['first_gradients_worst_relative_error']:.2e}, "
          f"10 losses {result['first_10_losses_worst_relative_error']:.2e}, 50 losses {result['all_50_losses_worst_relative_error']:.2e}, "
          f"saved-file logits {logit_error:.2e} -> {'within' if ok else 'OUTSIDE'} the goals (1e-5, 1e-5, 1e-4, 1e-3, 1e-5)")
    if args.write_fixture:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_text(json.dumps({k: result[k] for k in ("config", "torch", "pytorch_losses", "pytorch_first_gradient_norms")},
                                      indent=1, sort_keys=True) + "\n")
        log(f"wrote {FIXTURE.relative_to(REPO)}")
    print(json.dumps({"benchmark": "lm-parity", **{k: v for k, v in result.items() if not k.endswith("losses")}}))
    return ok


# MARK: - Speed


def torch_speed(cfg, steps, warmup=5):
    ids, vocab = corpus_ids()
    model = GPT(vocab, cfg["context"], cfg["layers"], cfg["heads"], cfg["embd"])
    opt = optimizer(model, cfg["lr"])
    rng = np.random.default_rng(1)
    split = int(len(ids) * 0.9)
    times = []
    for step in range(warmup + steps):
        starts = rng.integers(0, split - cfg["context"], cfg["batch"])
        x = torch.from_numpy(np.stack([ids[s:s + cfg["context"]] for s in starts]))
        y = torch.from_numpy(np.stack([ids[s + 1:s + cfg["context"] + 1] for s in starts]))
        start = time.perf_counter()
        train_step(model, opt, x, y, cfg["lr"])
        if step >= warmup:
            times.append(time.perf_counter() - start)
    return cfg["batch"] * cfg["context"] * steps / sum(times)


def torch_sampling(cfg, count=200):
    _, vocab = corpus_ids()
    model = GPT(vocab, cfg["context"], cfg["layers"], cfg["heads"], cfg["embd"]).eval()
    idx = torch.zeros((1, cfg["context"]), dtype=torch.long)
    start = time.perf_counter()
    with torch.no_grad():
        for _ in range(count):
            p = F.softmax(model(idx[:, -cfg["context"]:])[0, -1], dim=-1)
            idx = torch.cat([idx, torch.multinomial(p, 1).view(1, 1)], dim=1)
    return count / (time.perf_counter() - start)


def torch_child(cfg, steps):
    """PyTorch in a process of its own, so that its peak memory is its own."""
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import lm_reference as r, json, resource; "
            f"cfg = {cfg!r}; tps = r.torch_speed(cfg, {steps}); "
            f"s = r.torch_sampling(cfg) if cfg['embd'] == 64 and cfg['context'] == 64 else None; "
            f"print(json.dumps({{'tokens_per_second': tps, 'sample_tokens_per_second': s, "
            f"'peak_memory_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def lectern_speed(args, cfg, steps):
    lines, _ = run_lectern(args, "bench", "lm", *shape_args(cfg), "--steps", str(steps))
    return lines[-1]


def speed(args):
    cfg = LAB
    rows = []
    for round_ in range(args.rounds):  # interleaved, so a slow moment of the machine hits both
        ours = lectern_speed(args, cfg, args.steps)
        theirs = torch_child(cfg, args.steps)
        rows.append((ours, theirs))
        log(f"round {round_ + 1}: lectern {ours['tokens_per_second']:.0f} tok/s, PyTorch {theirs['tokens_per_second']:.0f} tok/s")
    best = lambda xs: sorted(xs)[len(xs) // 2]
    ours_tps = best([r[0]["tokens_per_second"] for r in rows])
    theirs_tps = best([r[1]["tokens_per_second"] for r in rows])
    ours_mem = max(r[0]["peak_memory_mib"] for r in rows)
    theirs_mem = max(r[1]["peak_memory_mib"] for r in rows)
    ours_sample = best([r[0]["sample_tokens_per_second"] for r in rows])
    theirs_sample = best([r[1]["sample_tokens_per_second"] for r in rows])
    print("\n| lab shape (2 layers, 4 heads, embd 64, context 64, batch 32) | lectern | PyTorch " + torch.__version__ + " | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| training tokens/s (median of {args.rounds} runs of {args.steps} steps) | {ours_tps:,.0f} | {theirs_tps:,.0f} | {ours_tps / theirs_tps:.2f}x |")
    print(f"| peak memory, MiB (whole process) | {ours_mem:.0f} | {theirs_mem:.0f} | {ours_mem / theirs_mem:.2f}x |")
    print(f"| sampling tokens/s at context 64 | {ours_sample:,.0f} | {theirs_sample:,.0f} | {ours_sample / theirs_sample:.2f}x |")
    print(json.dumps({"benchmark": "lm-speed", "lectern_tokens_per_second": ours_tps, "pytorch_tokens_per_second": theirs_tps,
                      "ratio": ours_tps / theirs_tps, "lectern_peak_mib": ours_mem, "pytorch_peak_mib": theirs_mem,
                      "lectern_sample_tokens_per_second": ours_sample, "pytorch_sample_tokens_per_second": theirs_sample}))


# MARK: - Learning


def torch_learn(cfg, steps, seed):
    ids, vocab = corpus_ids()
    torch.manual_seed(seed)
    model = GPT(vocab, cfg["context"], cfg["layers"], cfg["heads"], cfg["embd"])
    opt = optimizer(model, cfg["lr"])
    rng = np.random.default_rng(seed)
    split = int(len(ids) * 0.9)
    recent = []
    for step in range(steps):
        starts = rng.integers(0, split - cfg["context"], cfg["batch"])
        x = torch.from_numpy(np.stack([ids[s:s + cfg["context"]] for s in starts]))
        y = torch.from_numpy(np.stack([ids[s + 1:s + cfg["context"] + 1] for s in starts]))
        recent = (recent + [train_step(model, opt, x, y, rate(step, cfg["lr"], steps))])[-50:]
    vx, vy = validation_windows(ids, cfg["context"])
    return val_loss(model, vx, vy, cfg["batch"]), sum(recent) / len(recent)


def learn(args):
    cfg, steps = LAB, args.learn_steps
    ours, theirs = [], []
    for seed in (1, 2, 3):
        lines, _ = run_lectern(args, "train", "lm", *shape_args(cfg), "--steps", str(steps), "--seed", str(seed),
                               "--eval-every", "0", "--log-every", str(steps))
        ours.append((lines[-1]["val_loss"], lines[-1]["train_loss"]))
        theirs.append(torch_learn(cfg, steps, seed))
        log(f"seed {seed}: lectern val {ours[-1][0]:.4f} train {ours[-1][1]:.4f}; PyTorch val {theirs[-1][0]:.4f} train {theirs[-1][1]:.4f}")
    mean = lambda xs, i: sum(x[i] for x in xs) / len(xs)
    difference = mean(ours, 0) - mean(theirs, 0)
    print(f"\n| step {steps}, mean of 3 seeds | lectern | PyTorch | difference |")
    print("|---|---:|---:|---:|")
    print(f"| validation loss | {mean(ours, 0):.4f} | {mean(theirs, 0):.4f} | {difference:+.4f} |")
    print(f"| train loss (mean of the last 50 steps) | {mean(ours, 1):.4f} | {mean(theirs, 1):.4f} | {mean(ours, 1) - mean(theirs, 1):+.4f} |")
    print(json.dumps({"benchmark": "lm-learn", "steps": steps, "lectern": ours, "pytorch": theirs,
                      "val_loss_difference": difference, "within_0.03": abs(difference) <= 0.03}))


# MARK: - Scaling


def scaling(args):
    print("\n| embd | context | parameters | lectern tok/s | lectern MiB | PyTorch tok/s | PyTorch MiB | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for embd in (64, 128, 256):
        for context in (64, 128, 256):
            cfg = dict(LAB, embd=embd, context=context)
            steps = max(5, args.steps * 64 * 64 // (embd * context * 2))
            ours = lectern_speed(args, cfg, steps)
            theirs = torch_child(cfg, steps)
            print(f"| {embd} | {context} | {ours['parameters']:,} | {ours['tokens_per_second']:,.0f} | {ours['peak_memory_mib']:.0f} | "
                  f"{theirs['tokens_per_second']:,.0f} | {theirs['peak_memory_mib']:.0f} | {ours['tokens_per_second'] / theirs['tokens_per_second']:.2f}x |",
                  flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["parity", "speed", "learn", "scaling", "all"])
    parser.add_argument("--lectern", default=str(REPO / ".build/release/lectern"))
    parser.add_argument("--steps", type=int, default=100, help="timed steps per speed run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved speed runs each")
    parser.add_argument("--learn-steps", type=int, default=2000)
    parser.add_argument("--write-fixture", action="store_true", help="parity: rewrite the unit test's fixture")
    args = parser.parse_args()
    log(f"torch {torch.__version__}, {torch.get_num_threads()} thread, numpy {np.__version__}")
    if args.what in ("parity", "all"):
        parity(args)
    if args.what in ("speed", "all"):
        speed(args)
    if args.what in ("learn", "all"):
        learn(args)
    if args.what in ("scaling", "all"):
        scaling(args)


if __name__ == "__main__":
    main()
