#!/usr/bin/env python3
"""make bench's PyTorch baseline for the AI engine: sentence-transformers (PyTorch on the CPU, MKL)
encodes the same texts as AIBench, with the same batch size and thread count, and the script prints
our figures beside it with the ratio.

    bench_ai.py --model DIR --texts FILE --ours AIBENCH.json [--http HTTP.json] [--threads N] [--batch N]

PyTorch is installed on demand by scripts/bench.sh into .stack/bench-torch (never in CI: the
wheels are several GB).
"""
import argparse
import json
import os
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--texts", required=True)
    parser.add_argument("--ours", required=True)
    parser.add_argument("--http")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()

    import numpy
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    texts = json.load(open(args.texts))
    model = SentenceTransformer(args.model, device="cpu")
    model.encode(texts, batch_size=args.batch)  # warm-up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        vectors = model.encode(texts, batch_size=args.batch, normalize_embeddings=True)
        best = min(best, time.perf_counter() - start)
    torch_rate = len(texts) / best
    ours = json.load(open(args.ours))
    mkl = torch.backends.mkl.is_available()
    print(f"ai: PyTorch {torch.__version__} (MKL {'on' if mkl else 'off'}, {args.threads} threads), sentence-transformers, "
          f"batch {args.batch}: {torch_rate:.1f} sentences/s")
    print(f"ai: in process: {ours['sentences_per_second']:.1f} sentences/s = {ours['sentences_per_second'] / torch_rate:.2f}× PyTorch "
          f"(must show ≥ 1.0×, goal ≥ 1.5×); {ours['tokens_per_second']:.0f} tokens/s, {ours['gflops']:.1f} GFLOP/s")
    if args.http:
        http = json.load(open(args.http))
        print(f"ai: POST /api/v1/ai/embeddings through nginx: {http['sentences_per_second']:.1f} sentences/s = "
              f"{http['sentences_per_second'] / torch_rate:.2f}× PyTorch in process ({http['concurrency']} clients × {http['batch']} texts); "
              f"request p50 {http['p50_ms']:.1f} ms, p99 {http['p99_ms']:.1f} ms")
    # The same numbers: our vectors against PyTorch's for the first texts.
    if "first_embeddings" in ours:
        ref = numpy.asarray(vectors[: len(ours["first_embeddings"])])
        mine = numpy.asarray(ours["first_embeddings"])
        print(f"ai: lowest cosine between our embeddings and PyTorch's on these texts: {float((ref * mine).sum(axis=1).min()):.6f}")


if __name__ == "__main__":
    main()
