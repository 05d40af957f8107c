#!/usr/bin/env python3
"""Checks that gensim reads the word2vec files Lectern writes (MLCore's VectorsFile) and agrees on queries.

    python3 Tests/Benchmarks/gensim_roundtrip.py FILE [--binary | --text] [--words w1,w2,...] [-k 10]
                                                 [--questions questions-words.txt]

Needs gensim (`pip install gensim`; written against 4.4.0) and NumPy. Steps:
1. Load FILE with `KeyedVectors.load_word2vec_format`. The format is detected the way Lectern detects it
   (text when the bytes after the header line are UTF-8 without control characters other than tab/CR/LF,
   binary otherwise), unless --binary or --text says.
2. Save the loaded vectors again with `save_word2vec_format` in the same format and compare the bytes with FILE:
   Lectern aims to write exactly what gensim writes. Reload that copy and compare the floats too.
3. Print `most_similar(word, topn=k)` for each --words word (default: the first three words of the file).
4. With --questions, run `evaluate_word_analogies` with its defaults (restrict_vocab=300000,
   case_insensitive=True, 3CosAdd), which `lectern vectors eval` and AnalogyEvaluation mirror.

Output, JSON lines on stdout (gensim's log goes to stderr):
    {"file", "format", "count", "dim", "resaved_identical", "vectors_identical"}
    {"word", "neighbors": [[word, similarity], ...]}                       one per query word
    {"questions", "sections": [[name, correct, covered], ...], "correct", "covered", "total", "accuracy"}
The Swift test `VectorsFileTests.gensimReadsWhatWeWrite` (run with LECTERN_GENSIM_CHECK=1) drives this script
and compares every line with Lectern's own answers. Exit status: 0, or 1 when gensim cannot load FILE.
"""
import argparse
import json
import os
import sys
import tempfile


def detect_binary(path):
    with open(path, "rb") as f:
        f.readline()
        sample = f.read(65536)
    if any((b < 0x20 and b not in (0x09, 0x0A, 0x0D)) or b == 0x7F for b in sample):
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as e:
        # A multi-byte character cut by the 64 KiB sample is still text.
        return not (len(sample) == 65536 and e.start >= len(sample) - 3)
    return False


def count_questions(path):
    """Well-formed questions (four words under a section), as gensim counts them."""
    total = 0
    with open(path, "rb") as f:
        for line in f:
            line = line.decode("utf-8")
            if not line.startswith(": ") and len(line.split()) == 4:
                total += 1
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--binary", action="store_true", help="the file is binary (default: detect)")
    group.add_argument("--text", action="store_true", help="the file is text (default: detect)")
    parser.add_argument("--words", help="comma-separated query words (default: the first three)")
    parser.add_argument("-k", type=int, default=10, help="neighbours per word")
    parser.add_argument("--questions", help="questions-words.txt style file to evaluate")
    args = parser.parse_args()

    try:
        from gensim.models import KeyedVectors
    except ImportError:
        sys.exit("gensim is not installed: pip install gensim")
    import numpy as np

    binary = args.binary or (not args.text and detect_binary(args.file))
    try:
        kv = KeyedVectors.load_word2vec_format(args.file, binary=binary)
    except Exception as e:  # noqa: BLE001 - report whatever gensim says
        print(f"gensim cannot load {args.file}: {e}", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "resaved")
        kv.save_word2vec_format(copy, binary=binary)
        with open(args.file, "rb") as a, open(copy, "rb") as b:
            identical = a.read() == b.read()
        again = KeyedVectors.load_word2vec_format(copy, binary=binary)
        same_vectors = again.index_to_key == kv.index_to_key and np.array_equal(
            again.vectors.view(np.uint32), kv.vectors.view(np.uint32))

    print(json.dumps({
        "file": args.file, "format": "binary" if binary else "text",
        "count": len(kv.index_to_key), "dim": kv.vector_size,
        "resaved_identical": identical, "vectors_identical": bool(same_vectors),
    }, ensure_ascii=False))

    words = args.words.split(",") if args.words else kv.index_to_key[:3]
    for word in words:
        neighbors = kv.most_similar(word, topn=args.k)
        print(json.dumps({"word": word, "neighbors": [[w, float(s)] for w, s in neighbors]}, ensure_ascii=False))

    if args.questions:
        _, sections = kv.evaluate_word_analogies(args.questions)
        per_section = [[s["section"], len(s["correct"]), len(s["correct"]) + len(s["incorrect"])] for s in sections[:-1]]
        total = sections[-1]
        correct, covered = len(total["correct"]), len(total["correct"]) + len(total["incorrect"])
        print(json.dumps({
            "questions": args.questions, "sections": per_section, "correct": correct, "covered": covered,
            "total": count_questions(args.questions), "accuracy": correct / covered if covered else 0.0,
        }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
