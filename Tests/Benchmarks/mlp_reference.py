#!/usr/bin/env python3
"""Reference timings for `lectern bench mlp`: the same MLP trained with NumPy (and PyTorch if installed).

Model 784-64-64-10, ReLU, softmax + sparse categorical cross-entropy, Adam (lr 0.001, β1 0.9, β2 0.999,
ε 1e-7, Keras's form), Glorot-uniform weights, zero biases, batch 32, reshuffled every epoch.
Protocol as lectern's: the first 54,000 MNIST training images (the last 6,000 are held out for validation),
1 warm-up epoch, then N timed epochs; the median timed epoch is reported. One thread everywhere.

    python3 Tests/Benchmarks/mlp_reference.py [--epochs 3] [--batch-size 32] [--seed 0] [--full]
                                        [--data DIR] [--lectern PATH | --no-lectern] [--no-torch]

Progress and machine info go to stderr; the table and one JSON line per implementation go to stdout.
"""
import os

# Must happen before numpy (or torch) is imported: BLAS reads these once, when it loads.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
for _name in THREAD_VARS:
    os.environ[_name] = "1"

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent.parent
TRAIN_SAMPLES = 54_000
FULL_EPOCHS = 10
LR, BETA1, BETA2, EPS = 1e-3, 0.9, 0.999, 1e-7
SIZES = (784, 64, 64, 10)


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data

def read_idx(path):
    """One IDX file (gzipped or not) as a uint8 array of its declared shape."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load_mnist(directory, kind):
    directory = Path(directory)
    arrays = []
    for part in ("images-idx3", "labels-idx1"):
        name = f"{kind}-{part}-ubyte"
        candidates = [directory / (name + ".gz"), directory / name]
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            sys.exit(f"MNIST file {candidates[0]} not found; point --data at a folder with the IDX files.")
        arrays.append(read_idx(path))
    images, labels = arrays
    x = images.reshape(len(images), -1).astype(np.float32) / np.float32(255.0)
    return x, labels.astype(np.int64)


# ---------------------------------------------------------------- NumPy

class NumpyMLP:
    """All weights and biases live in one flat float32 vector, gradients in another, so Adam is a handful of
    vectorised passes per step. Activations and their gradients are preallocated for a full batch; a short
    last batch uses the leading rows (still C-contiguous, so `np.dot(..., out=)` works)."""

    def __init__(self, rng, batch):
        shapes = []
        for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
            shapes += [(fan_in, fan_out), (fan_out,)]
        total = sum(int(np.prod(s)) for s in shapes)
        self.theta = np.zeros(total, np.float32)
        self.grad = np.zeros(total, np.float32)
        self.m = np.zeros(total, np.float32)
        self.v = np.zeros(total, np.float32)
        self.tmp = np.zeros(total, np.float32)
        self.t = 0

        def views(flat):
            out, offset = [], 0
            for s in shapes:
                n = int(np.prod(s))
                out.append(flat[offset:offset + n].reshape(s))
                offset += n
            return out

        self.W1, self.b1, self.W2, self.b2, self.W3, self.b3 = views(self.theta)
        self.gW1, self.gb1, self.gW2, self.gb2, self.gW3, self.gb3 = views(self.grad)
        for W in (self.W1, self.W2, self.W3):  # Glorot uniform; biases stay zero
            limit = np.sqrt(6.0 / (W.shape[0] + W.shape[1]))
            W[...] = rng.uniform(-limit, limit, W.shape)

        h = SIZES[1]
        self.x = np.empty((batch, SIZES[0]), np.float32)
        self.h1, self.h2, self.dh1, self.dh2 = (np.empty((batch, h), np.float32) for _ in range(4))
        self.mask = np.empty((batch, h), bool)
        self.z = np.empty((batch, SIZES[-1]), np.float32)
        self.rows = np.arange(batch)

    def forward(self, x):
        """Logits for any number of rows (used for evaluation; allocates)."""
        h1 = np.maximum(x @ self.W1 + self.b1, 0)
        h2 = np.maximum(h1 @ self.W2 + self.b2, 0)
        return h2 @ self.W3 + self.b3

    def train_step(self, X, Y, idx):
        """One Adam step on the rows `idx` of X; returns the summed loss of the batch."""
        n = len(idx)
        x, h1, h2, dh1, dh2, z, mask = (a[:n] for a in (self.x, self.h1, self.h2, self.dh1, self.dh2,
                                                        self.z, self.mask))
        np.take(X, idx, axis=0, out=x, mode="clip")  # "raise" would buffer the copy
        y = Y[idx]
        # forward
        np.dot(x, self.W1, out=h1); h1 += self.b1; np.maximum(h1, 0, out=h1)
        np.dot(h1, self.W2, out=h2); h2 += self.b2; np.maximum(h2, 0, out=h2)
        np.dot(h2, self.W3, out=z); z += self.b3
        # fused softmax + cross-entropy: dL/dz = (softmax(z) - onehot(y)) / n
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        rows = self.rows[:n]
        loss = -np.log(z[rows, y]).sum()
        z[rows, y] -= 1.0
        z *= np.float32(1.0 / n)
        # backward, straight into the flat gradient vector
        np.dot(h2.T, z, out=self.gW3); np.sum(z, axis=0, out=self.gb3)
        np.dot(z, self.W3.T, out=dh2); np.greater(h2, 0, out=mask); dh2 *= mask
        np.dot(h1.T, dh2, out=self.gW2); np.sum(dh2, axis=0, out=self.gb2)
        np.dot(dh2, self.W2.T, out=dh1); np.greater(h1, 0, out=mask); dh1 *= mask
        np.dot(x.T, dh1, out=self.gW1); np.sum(dh1, axis=0, out=self.gb1)
        # Adam as Keras computes it
        self.t += 1
        lr_t = LR * np.sqrt(1.0 - BETA2 ** self.t) / (1.0 - BETA1 ** self.t)
        g, m, v, tmp = self.grad, self.m, self.v, self.tmp
        np.subtract(g, m, out=tmp); tmp *= np.float32(1.0 - BETA1); m += tmp        # m += (g - m)(1 - β1)
        np.multiply(g, g, out=tmp); tmp -= v; tmp *= np.float32(1.0 - BETA2); v += tmp  # v += (g² - v)(1 - β2)
        np.sqrt(v, out=tmp); tmp += np.float32(EPS); np.divide(m, tmp, out=tmp)
        tmp *= np.float32(lr_t); self.theta -= tmp                                  # θ -= lr_t·m/(√v + ε)
        return float(loss)


def train_numpy(X, Y, args, epochs):
    rng = np.random.default_rng(args.seed)
    model = NumpyMLP(rng, args.batch_size)
    times, losses = [], []
    for epoch in range(epochs):
        order = rng.permutation(len(X))  # shuffling is outside the timed part, as in lectern
        start = time.perf_counter()
        loss = 0.0
        for s in range(0, len(X), args.batch_size):
            loss += model.train_step(X, Y, order[s:s + args.batch_size])
        times.append(time.perf_counter() - start)
        losses.append(loss / len(X))
        log(f"  numpy epoch {epoch + 1}/{epochs}: {times[-1]:.3f} s, loss {losses[-1]:.4f}"
            + ("  (warm-up)" if epoch == 0 else ""))
    return times, losses, lambda x: model.forward(x).argmax(axis=1)


# ---------------------------------------------------------------- PyTorch

def train_torch(torch, X, Y, args, epochs):
    nn = torch.nn
    torch.manual_seed(args.seed)
    model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    # torch adds ε to √v̂ (bias-corrected) where Keras adds it to √v: a negligible difference at ε = 1e-7.
    try:  # the fused CPU kernel (torch >= 2.4) does the whole step in one pass; same result, less overhead
        opt = torch.optim.Adam(model.parameters(), lr=LR, betas=(BETA1, BETA2), eps=EPS, fused=True)
    except (TypeError, RuntimeError):
        opt = torch.optim.Adam(model.parameters(), lr=LR, betas=(BETA1, BETA2), eps=EPS)
    log(f"  torch Adam: {'fused' if opt.defaults.get('fused') else 'default (not fused)'}")
    loss_fn = nn.CrossEntropyLoss()
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    gen = torch.Generator().manual_seed(args.seed)
    times, losses = [], []
    for epoch in range(epochs):
        order = torch.randperm(len(Xt), generator=gen)
        start = time.perf_counter()
        total = torch.zeros(())
        for s in range(0, len(Xt), args.batch_size):
            idx = order[s:s + args.batch_size]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(torch.index_select(Xt, 0, idx)), Yt[idx])  # index_select: 2x faster than Xt[idx]
            loss.backward()
            opt.step()
            total += loss.detach() * len(idx)
        times.append(time.perf_counter() - start)
        losses.append(total.item() / len(Xt))
        log(f"  torch epoch {epoch + 1}/{epochs}: {times[-1]:.3f} s, loss {losses[-1]:.4f}"
            + ("  (warm-up)" if epoch == 0 else ""))

    def predict(x):
        with torch.no_grad():
            return model(torch.from_numpy(x)).argmax(dim=1).numpy()
    return times, losses, predict


# ---------------------------------------------------------------- lectern

def run_lectern(path, args):
    cmd = [str(path), "bench", "mlp", "--epochs", str(args.epochs), "--batch-size", str(args.batch_size),
           "--threads", "1", "--data", str(args.data)]
    log(f"running: {' '.join(cmd)}")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as err:
        log(f"  lectern failed: {err}")
        return None
    lines = [l for l in proc.stdout.splitlines() if l.strip().startswith("{")]
    if proc.returncode != 0 or not lines:
        log(f"  lectern exited {proc.returncode} without a JSON line; stderr: {proc.stderr.strip()[:500]}")
        return None
    result = json.loads(lines[-1])
    if "epoch_seconds" not in result:
        log(f"  lectern's JSON has no epoch_seconds: {lines[-1]}")
        return None
    for key, ours in (("batch_size", args.batch_size), ("timed_epochs", args.epochs), ("threads", 1),
                      ("train_samples", TRAIN_SAMPLES)):
        if key in result and result[key] != ours:
            log(f"  warning: lectern ran with {key}={result[key]}, this script with {ours}")
    result.setdefault("samples_per_second", TRAIN_SAMPLES / result["epoch_seconds"])
    return result


# ---------------------------------------------------------------- main

def blas_info():
    try:
        from threadpoolctl import threadpool_info
        pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        return "; ".join(f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')}), "
                         f"{p.get('num_threads')} thread(s), {p.get('filepath')} [threadpoolctl]" for p in pools)
    except ImportError:
        pass
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')} (threadpoolctl not installed: thread count unconfirmed)"
    except Exception:  # older numpy
        return "unknown (install threadpoolctl to see it)"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", help="folder with the MNIST IDX .gz files (default: <repo>/assets/mnist)")
    p.add_argument("--epochs", type=int, help="timed epochs after the warm-up (default 3; 9 with --full)")
    p.add_argument("--batch-size", type=int, default=32, help="samples per step (default 32)")
    p.add_argument("--seed", type=int, default=0, help="seed for the initial weights and the shuffles (default 0)")
    p.add_argument("--full", action="store_true",
                   help=f"train {FULL_EPOCHS} epochs in all and report validation and test accuracy")
    p.add_argument("--lectern", help="lectern binary to run `bench mlp` with (default: <repo>/.build/release/lectern)")
    p.add_argument("--no-lectern", action="store_true", help="do not run lectern")
    p.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    args = p.parse_args()
    args.data = args.data or str(REPO / "assets" / "mnist")
    if args.epochs is None:
        args.epochs = FULL_EPOCHS - 1 if args.full else 3
    epochs = args.epochs + 1  # plus the warm-up

    log(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    log("environment: " + ", ".join(f"{k}={os.environ.get(k, '(unset)')}" for k in
                                    THREAD_VARS + ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")))
    log(f"numpy BLAS: {blas_info()}")

    X, Y = load_mnist(args.data, "train")
    Xtr, Ytr = np.ascontiguousarray(X[:TRAIN_SAMPLES]), Y[:TRAIN_SAMPLES]
    Xval, Yval = X[TRAIN_SAMPLES:], Y[TRAIN_SAMPLES:]
    test = load_mnist(args.data, "t10k") if args.full else None
    log(f"MNIST from {args.data}: {len(Xtr)} training, {len(Xval)} held out; batch {args.batch_size}, "
        f"1 warm-up + {args.epochs} timed epochs, seed {args.seed}")

    results = []
    lectern = None if args.no_lectern else (args.lectern or REPO / ".build" / "release" / "lectern")
    if lectern is not None and Path(lectern).exists():
        lec = run_lectern(lectern, args)
        if lec:
            results.append(dict(lec, impl="lectern"))
    elif args.lectern:
        log(f"lectern binary {args.lectern} not found")

    trainers = [("numpy", train_numpy)]
    if not args.no_torch:
        try:
            import torch
            torch.set_num_threads(1)
            try:
                torch.set_num_interop_threads(1)
            except RuntimeError:
                pass
            log(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
            trainers.append(("torch", lambda *a: train_torch(torch, *a)))
        except ImportError:
            log("torch not installed: skipping PyTorch (pip install torch)")

    try:
        from threadpoolctl import threadpool_limits
        limit = threadpool_limits(limits=1)
    except ImportError:
        limit = None
    for name, train in trainers:
        log(f"training with {name} …")
        times, losses, predict = train(Xtr, Ytr, args, epochs)
        median = statistics.median(times[1:])
        r = {"impl": name, "epoch_seconds": round(median, 4),
             "samples_per_second": round(TRAIN_SAMPLES / median, 1),
             "epoch_times": [round(t, 4) for t in times[1:]], "warmup_seconds": round(times[0], 4),
             "epochs": args.epochs, "batch_size": args.batch_size, "train_samples": TRAIN_SAMPLES,
             "final_loss": round(losses[-1], 4)}
        if args.full:
            r["val_accuracy"] = round(float((predict(Xval) == Yval).mean()), 4)
            r["test_accuracy"] = round(float((predict(test[0]) == test[1]).mean()), 4)
            log(f"  {name}: validation accuracy {r['val_accuracy']}, test accuracy {r['test_accuracy']}")
        results.append(r)
    if limit is not None:
        limit.restore_original_limits()

    # table, then one JSON line per implementation
    base = next((r for r in results if r["impl"] == "lectern"), None)
    print(f"\n{'implementation':<16}{'epoch s (median)':>18}{'samples/s':>12}  vs lectern")
    for r in results:
        note = ""
        if base and r is not base:
            ratio = r["epoch_seconds"] / base["epoch_seconds"]
            note = (f"lectern is {ratio:.2f}× faster than {r['impl']}" if ratio >= 1
                    else f"{r['impl']} is {1 / ratio:.2f}× faster than lectern")
        print(f"{r['impl']:<16}{r['epoch_seconds']:>18.3f}{r['samples_per_second']:>12.0f}  {note}")
    if base is None:
        print("(lectern not measured: build it with `swift build -c release` or pass --lectern PATH)")
    print()
    for r in results:
        print(json.dumps(dict({"impl": r["impl"], "epoch_seconds": r["epoch_seconds"],
                               "samples_per_second": r["samples_per_second"]}, **r)))


if __name__ == "__main__":
    main()
