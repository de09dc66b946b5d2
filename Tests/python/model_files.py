"""Model version folders for the registry tests, written the way scripts/export_sklearn_linear.py
writes them (a safetensors file by hand: 8-byte header length, JSON header, raw float32)."""
import hashlib
import json
import os
import struct


def safetensors(tensors):
    header, payload = {}, b""
    for name, shape, values in tensors:
        data = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(payload), len(payload) + len(data)]}
        payload += data
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + payload


def write_linear(folder, classes, features=384, bias=0.0):
    """A logistic regression over `features` inputs into `folder` (model.json + model.safetensors)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "model.json"), "w") as out:
        json.dump({"estimator": "logistic_regression", "classes": classes, "features": features}, out)
    coef = [0.0] * (len(classes) * features)
    for row in range(len(classes)):
        coef[row * features + row] = 1.0
    with open(os.path.join(folder, "model.safetensors"), "wb") as out:
        out.write(safetensors([("coef", [len(classes), features], coef), ("intercept", [len(classes)], [bias] * len(classes))]))


def folder_sha256(folder):
    """The registry's checksum: each regular file in name order, its name, a NUL, its bytes."""
    digest = hashlib.sha256()
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        digest.update(name.encode() + b"\0")
        with open(path, "rb") as source:
            digest.update(source.read())
    return digest.hexdigest()
