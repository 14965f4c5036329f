"""Benchmark: how far ahead of the n-grams does the tutorial's tiny Transformer get with more training?

The text-continuation tutorial trains its Transformer within a one-minute CPU budget. This
script trains the same model with the same recipe (same data split, seed, learning-rate
schedule) for 1, 2, 4, … times the tutorial's number of steps, and at the tutorial's steps on half
and a quarter of the training paragraphs, and measures the cross-entropy on every held-out
paragraph, next to the best bigram (counted on the same training text) and trigram: their
smoothing α is the one that scores best on a validation tenth of the training paragraphs.
Training runs on one CPU thread; the seconds are the process's CPU time for the training.
Writes the rows to `benchmarks/results/text_continuation.json`, from which the lecture's
table is rendered.

    python benchmarks/text_continuation.py --multiples 1 2 4 --every 2 4
"""

from __future__ import annotations

import argparse
import hashlib
import time

import numpy as np
import torch

from genai_notes.autoregression import (
    NGramModel,
    TinyTransformer,
    cross_entropy_per_token,
    generate,
    notes_corpus,
    train_language_model,
    vocabulary,
)
from results import write_results

#: The tutorial's model and training recipe (docs/tutorials/text-continuation.py, section 4).
MODEL = dict(d_model=64, n_layers=2, n_heads=4, context_length=32, seed=0, dropout=0.1)
TRAINING = dict(steps=1600, batch_size=16, lr=3e-3, seed=0, warmup=50, cosine=True, weight_decay=0.1)
ALPHAS = (0.003, 0.01, 0.03)
PROMPT = "語言模型"


def split() -> tuple[list[str], list[str], list[str]]:
    """The tutorial's split: every 10th paragraph held out, the rest for training; and the vocabulary."""
    corpus = notes_corpus()
    return [p for i, p in enumerate(corpus) if i % 10], corpus[::10], vocabulary(corpus)


def best_ngram(n: int, train: list[str], tokens: list[str]) -> NGramModel:
    """The n-gram whose α scores best on every 10th training paragraph when fitted on the others."""
    validation, rest = train[::10], [p for i, p in enumerate(train) if i % 10]
    alpha = min(ALPHAS, key=lambda a: cross_entropy_per_token(NGramModel(n, a).fit(rest, tokens=tokens), validation))
    return NGramModel(n, alpha).fit(train, tokens=tokens)


def run(multiple: int, every: int, train: list[str], held_out: list[str], tokens: list[str]) -> dict:
    """Train the tutorial's model on every `every`-th training paragraph for `multiple` times its
    steps; its held-out nats, CPU seconds and greedy continuation, and the bigram's on the same text."""
    texts = train[::every]
    model = TinyTransformer(tokens, **MODEL)
    torch.manual_seed(0)  # the dropout masks: the tutorial seeds torch once, at its start
    start = time.process_time()
    train_language_model(model, texts, **{**TRAINING, "steps": multiple * TRAINING["steps"]})
    seconds = time.process_time() - start
    transformer = cross_entropy_per_token(model, held_out)
    bigram = cross_entropy_per_token(best_ngram(2, texts, tokens), held_out)
    return {"multiple": multiple, "steps": multiple * TRAINING["steps"], "characters": sum(map(len, texts)),
            "cpu_seconds": seconds, "transformer": transformer, "bigram": bigram, "gap to bigram": bigram - transformer,
            "greedy": PROMPT + "".join(generate(model, PROMPT, 30, greedy=True))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--multiples", type=int, nargs="+", default=[1, 2, 4], help="multiples of the tutorial's steps")
    parser.add_argument("--every", type=int, nargs="+", default=[2, 4],
                        help="also train on every k-th training paragraph only, at the tutorial's steps")
    args = parser.parse_args()
    torch.set_num_threads(1)
    train, held_out, tokens = split()
    baselines = {"uniform": float(np.log(len(tokens)))}
    for n, name in ((1, "unigram"), (2, "bigram"), (3, "trigram")):
        model = best_ngram(n, train, tokens)
        baselines[name] = cross_entropy_per_token(model, held_out)
        baselines[f"{name} alpha"] = model.alpha
    rows = []
    for multiple, every in [(m, 1) for m in args.multiples] + [(1, k) for k in args.every]:
        row = run(multiple, every, train, held_out, tokens)
        rows.append(row)
        print(f"{row['multiple']}× = {row['steps']} steps on {row['characters']} characters, {row['cpu_seconds']:.0f} CPU s: "
              f"Transformer {row['transformer']:.3f} nats, {row['gap to bigram']:.3f} below the bigram; {row['greedy']}", flush=True)
    digest = hashlib.sha256("\n".join(train + held_out).encode()).hexdigest()[:12]
    printed = [
        f"held-out nats per character: uniform {baselines['uniform']:.3f}, unigram {baselines['unigram']:.3f}, "
        f"bigram {baselines['bigram']:.3f} (α = {baselines['bigram alpha']:g}), trigram {baselines['trigram']:.3f} "
        f"(α = {baselines['trigram alpha']:g})",
        f"corpus: {len(train)} training and {len(held_out)} held-out paragraphs, "
        f"{sum(map(len, train))} and {sum(map(len, held_out))} characters (sha256 {digest}…)",
        *(f"{r['multiple']}×, {r['characters']} characters, greedy: {r['greedy']}" for r in rows),
    ]
    print("\n" + "\n".join(printed))
    print(f"written to {write_results('text_continuation', rows, printed=printed)}")


if __name__ == "__main__":
    main()
