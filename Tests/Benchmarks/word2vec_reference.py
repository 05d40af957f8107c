#!/usr/bin/env python3
"""Train Word2Vec with gensim and with lectern on the same corpus and settings; print speed and quality side by side.

    python3 Tests/Benchmarks/word2vec_reference.py [--corpus assets/corpus/pdmix.txt.gz] [--epochs 5] [--threads 1,2]

Settings (both): skip-gram, vector size 100, window 5, negative 5, min_count 5, sample 1e-3, alpha 0.025 → 0.0001.
Speed is corpus tokens per second (every token of the text, gensim's "raw words"), from training time only.
Quality is analogy accuracy on assets/eval/questions-words.txt over the questions whose four words are in the
vocabulary (gensim's evaluate_word_analogies; lectern's `train word2vec --eval` does the same).
gensim is optional (`pip install gensim`); without it only lectern runs. One JSON line per run, then a table.
"""
import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def read_sentences(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        # The shipped corpora are lower-cased with punctuation removed: whitespace splitting is the tokeniser.
        return [line.split() for line in f if line.strip()]


def run_gensim(sentences, threads, epochs, questions, seed):
    from gensim.models import Word2Vec

    model = Word2Vec(vector_size=100, window=5, negative=5, min_count=5, sample=1e-3, sg=1, hs=0,
                     alpha=0.025, min_alpha=0.0001, workers=threads, seed=seed)
    model.build_vocab(sentences)
    raw = sum(len(s) for s in sentences)
    start = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
    seconds = time.perf_counter() - start
    score, sections = model.wv.evaluate_word_analogies(str(questions))
    covered = sum(len(s["correct"]) + len(s["incorrect"]) for s in sections if s["section"] == "Total accuracy")
    return {"impl": f"gensim {threads}t", "tokens_per_second": raw * epochs / seconds, "seconds": seconds,
            "vocabulary": len(model.wv), "analogy_accuracy": score, "analogy_covered": covered,
            "neighbours_of_father": [w for w, _ in model.wv.most_similar("father", topn=5)]}


def run_lectern(binary, corpus, threads, epochs, per_pair):
    cmd = [str(binary), "train", "word2vec", "--corpus", str(corpus), "--threads", str(threads),
           "--epochs", str(epochs), "--eval"] + (["--per-pair"] if per_pair else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()
    final = json.loads(out[-1])
    tokens = final["corpus_words"] * epochs
    return {"impl": f"lectern {'per-pair' if per_pair else 'shared'} {threads}t",
            "tokens_per_second": tokens / final["train_seconds"], "seconds": final["train_seconds"],
            "vocabulary": final["vocabulary"], "analogy_accuracy": final.get("analogy_accuracy"),
            "analogy_covered": final.get("analogy_covered")}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(REPO / "assets" / "corpus" / "pdmix.txt.gz"))
    p.add_argument("--questions", default=str(REPO / "assets" / "eval" / "questions-words.txt"))
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lectern", default=str(REPO / ".build" / "release" / "lectern"))
    p.add_argument("--no-gensim", action="store_true")
    p.add_argument("--per-pair", action="store_true", help="also run lectern's per-pair path")
    args = p.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    rows = []
    if not args.no_gensim:
        try:
            import gensim
            print(f"gensim {gensim.__version__}", file=sys.stderr)
            sentences = read_sentences(args.corpus)
            for t in threads:
                rows.append(run_gensim(sentences, t, args.epochs, args.questions, args.seed))
                print(json.dumps(rows[-1]), flush=True)
        except ImportError:
            print("gensim is not installed (pip install gensim): lectern only", file=sys.stderr)
    if Path(args.lectern).exists():
        for per_pair in ([False, True] if args.per_pair else [False]):
            for t in threads:
                rows.append(run_lectern(args.lectern, args.corpus, t, args.epochs, per_pair))
                print(json.dumps(rows[-1]), flush=True)
    else:
        print(f"no lectern binary at {args.lectern}: build it with `swift build -c release`", file=sys.stderr)
    print(f"\n{'implementation':<26}{'tokens/s':>12}{'seconds':>10}{'vocab':>8}{'analogy':>10}{'covered':>9}")
    for r in rows:
        acc = "-" if r["analogy_accuracy"] is None else f"{r['analogy_accuracy']:.4f}"
        print(f"{r['impl']:<26}{r['tokens_per_second']:>12,.0f}{r['seconds']:>10.1f}{r['vocabulary']:>8}{acc:>10}"
              f"{r['analogy_covered'] or '-':>9}")


if __name__ == "__main__":
    main()
