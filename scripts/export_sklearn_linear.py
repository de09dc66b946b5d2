#!/usr/bin/env python3
"""Exports a fitted scikit-learn linear classifier (LogisticRegression, LinearSVC or
RidgeClassifier) as the ai-engine's `sklearn-linear` format: `model.safetensors` holding `coef`
([classes × features], or [1 × features] for two classes) and `intercept` in float32, plus
`model.json` (estimator, classes, features, embedder, text) and `metrics.json`. Written without the
safetensors package: an 8-byte little-endian header length, the JSON header, the raw tensors."""
import json
import os
import struct

ESTIMATORS = {"LogisticRegression": "logistic_regression", "LinearSVC": "linear_svm", "RidgeClassifier": "ridge"}


def _safetensors(path, tensors):
    header, payload = {}, b""
    for name, array in tensors:
        data = array.astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [len(payload), len(payload) + len(data)]}
        payload += data
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)  # keep the data 8-byte aligned
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)) + text + payload)


def export(classifier, folder, embedder, text, metrics):
    import numpy
    kind = ESTIMATORS.get(type(classifier).__name__)
    if kind is None:
        raise SystemExit("only %s are exported, not %s" % (", ".join(ESTIMATORS), type(classifier).__name__))
    os.makedirs(folder, exist_ok=True)
    coef = numpy.asarray(classifier.coef_, dtype=numpy.float32)
    intercept = numpy.asarray(classifier.intercept_, dtype=numpy.float32).reshape(-1)
    _safetensors(os.path.join(folder, "model.safetensors"), [("coef", coef), ("intercept", intercept)])
    description = {"estimator": kind, "classes": [str(c) for c in classifier.classes_], "features": int(coef.shape[1]),
                   "embedder": embedder, "text": text}
    with open(os.path.join(folder, "model.json"), "w") as out:
        json.dump(description, out, indent=1, sort_keys=True)
        out.write("\n")
    with open(os.path.join(folder, "metrics.json"), "w") as out:
        json.dump(metrics, out, indent=1, sort_keys=True)
        out.write("\n")
