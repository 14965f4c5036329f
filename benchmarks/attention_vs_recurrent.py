"""Benchmark: what one new token costs, by context length, for self-attention and for a recurrent cell.

Three ways to produce token t + 1 with models of the same width (untrained: only
the computation is measured), on the CPU:

* the tiny Transformer recomputing the whole context (what `generate` does);
* the same Transformer with a KV cache: the new token's query against the
  stored keys and values of every earlier token, then the MLP;
* a GRU cell updating its fixed-size state.

Prints milliseconds per token (the shortest of several runs) and how many numbers
each one has to keep between tokens, and writes them to `benchmarks/results/attention_vs_recurrent.json`.

    python benchmarks/attention_vs_recurrent.py --d-model 32 --threads 1
"""

from __future__ import annotations

import argparse
import math
import time

import torch

from genai_notes.autoregression import TinyTransformer
from results import write_results

LENGTHS = (64, 256, 1024, 4096)


def best_ms(step, repeats: int) -> float:
    """Shortest wall time of `repeats` calls of step(), in milliseconds."""
    best = math.inf
    for _ in range(repeats):
        started = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - started)
    return 1000 * best


def cached_step(model: TinyTransformer, cache: list[tuple[torch.Tensor, torch.Tensor]], x: torch.Tensor) -> torch.Tensor:
    """One new token through every layer, attending to the cached keys and values (cache left unchanged)."""
    for layer, (keys, values) in zip(model.layers, cache):
        attention = layer.attention
        q, k, v = attention.qkv(layer.norm1(x)).view(1, 1, 3, attention.n_heads, -1).permute(2, 0, 3, 1, 4)
        keys, values = torch.cat([keys, k], dim=2), torch.cat([values, v], dim=2)
        # one row of scores: the new token against all t + 1 keys, so the work grows with t
        weights = (q @ keys.transpose(-2, -1) / math.sqrt(q.shape[-1])).softmax(dim=-1)
        x = x + attention.out((weights @ values).transpose(1, 2).reshape(1, 1, -1))
        x = x + layer.mlp(layer.norm2(x))
    return x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--d-model", type=int, default=32)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    d, heads = args.d_model, args.heads
    model = TinyTransformer(["a", "b"], d_model=d, n_layers=args.layers, n_heads=heads, context_length=max(LENGTHS))
    cell = torch.nn.GRUCell(d, d)
    print(f"CPU, {args.threads} thread(s); d_model = {d}, {args.layers} layers; ms per new token (numbers kept between tokens)")
    print(f"{'context':>8} | {'recompute':>10} | {'KV cache':>10} | {'GRU':>8} | {'KV numbers':>10} | {'GRU numbers':>11}")
    rows = []
    with torch.no_grad():
        x, state = torch.zeros(1, 1, d), torch.zeros(1, d)
        for t in LENGTHS:
            ids = torch.zeros(1, t, dtype=torch.long)
            cache = [(torch.randn(1, heads, t, d // heads), torch.randn(1, heads, t, d // heads)) for _ in model.layers]
            recompute = best_ms(lambda: model(ids), args.repeats)
            cached = best_ms(lambda: cached_step(model, cache, x), args.repeats)
            recurrent = best_ms(lambda: cell(x[0], state), args.repeats)
            kept = sum(k.numel() + v.numel() for k, v in cache)
            print(f"{t:>8} | {recompute:>10.3f} | {cached:>10.3f} | {recurrent:>8.3f} | {kept:>10} | {state.numel():>11}")
            rows.append({"context": t, "recompute_ms": recompute, "kv_cache_ms": cached, "gru_ms": recurrent,
                         "kv_numbers": kept, "gru_numbers": state.numel()})
    print(f"written to {write_results('attention_vs_recurrent', rows)}")


if __name__ == "__main__":
    main()
