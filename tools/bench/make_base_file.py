#!/usr/bin/env python3
"""Writes a synthetic base-size AdaMAE state dict for the import benchmark, without PyTorch.

The keys and shapes are the released AdaMAE ViT-B pre-training checkpoint's, as
runner/src/test/resources/parity/keys.json lists them (made by tools/parity/make_parity_resources.py
from the authors' model); the values are random, float32 (seed 0). A path ending in
.safetensors gets the safetensors format; any other (.pth) gets the zip torch.save writes, the
state dict under "model" as in a released checkpoint, each tensor's storage a stored
(uncompressed) zip entry, written with Python's pickle and zipfile alone.
"""

import collections
import json
import os
import pickle
import struct
import sys
import types
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "..", "..", "runner", "src", "test", "resources", "parity", "keys.json")


def tensors():
    with open(KEYS) as table:
        shapes = json.load(table, object_pairs_hook=collections.OrderedDict)["base"]["pretraining"]
    random = np.random.default_rng(0)
    for name, shape in shapes.items():
        yield name, (random.standard_normal(int(np.prod(shape)), dtype=np.float32) * 0.02).reshape(shape)


def write_safetensors(path):
    arrays = collections.OrderedDict(tensors())
    header, offset = {}, 0
    for name, array in arrays.items():
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for array in arrays.values():
            out.write(array.astype("<f4").tobytes())
    return sum(array.size for array in arrays.values())


# Stand-ins for the globals torch.save's pickle names, so that pickle writes them by name.
def _module(name, **members):
    module = types.ModuleType(name)
    for key, value in members.items():
        value.__module__ = name
        value.__qualname__ = key
        setattr(module, key, value)
    sys.modules[name] = module
    return module


def _rebuild_tensor_v2(*args):
    raise NotImplementedError


class FloatStorage:
    pass


_module("torch._utils", _rebuild_tensor_v2=_rebuild_tensor_v2)
_module("torch", FloatStorage=FloatStorage)


class Storage:
    def __init__(self, key, size):
        self.key, self.size = key, size


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce__(self):
        stride = [int(np.prod(self.shape[i + 1:])) for i in range(len(self.shape))]
        return _rebuild_tensor_v2, (self.storage, 0, tuple(self.shape), tuple(stride), False,
                                    collections.OrderedDict())


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cpu", obj.size)
        return None


def write_pth(path):
    count = 0
    state = collections.OrderedDict()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for key, (name, array) in enumerate(tensors()):
            archive.writestr("archive/data/%d" % key, array.astype("<f4").tobytes())
            state[name] = Tensor(Storage(str(key), array.size), list(array.shape))
            count += array.size
        import io
        buffer = io.BytesIO()
        Pickler(buffer, protocol=2).dump({"model": state, "epoch": 799})
        archive.writestr("archive/data.pkl", buffer.getvalue())
        archive.writestr("archive/byteorder", "little")
        archive.writestr("archive/version", "3\n")
    return count


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_base_file.py OUT.safetensors|OUT.pth")
    path = sys.argv[1]
    values = write_safetensors(path) if path.endswith(".safetensors") else write_pth(path)
    print("wrote", path, values, "values")


if __name__ == "__main__":
    main()
