#!/usr/bin/python3
"""Writes the resources of the PyTorch parity test (runner's PyTorchParityTest).

How the resources were made, and how to make them again:

    apt-get update && apt-get install -y python3-torch libopenblas0-openmp
    /usr/bin/python3 tools/parity/make_parity_resources.py

(Debian 12's python3-torch, 1.13; nothing from PyPI.) The script builds the authors' model at
the `test` preset (conf/presets/test.conf) in PyTorch: VideoMAE's PretrainVisionTransformer as
wgcban/adamae extends it with the adaptive token sampler, written here from the paper, the
project's REFERENCE notes and the authors' public code (no code copied). It draws random
weights (every parameter, so that no layout mistake can hide behind a zero or a one), a random
clip, and for two maskings, tube masking and the adaptive sampler with dropout off, the visible
tokens, then computes in float64:

  - the losses: L_r (MSE on the per-tubelet normalised target, hidden tokens only), and for the
    sampler L_s = -mean over hidden tokens of log(clamp(p, eps, 1 - eps)) * stopgrad(err), and
    L = L_r + 1e-4 * L_s;
  - the sampler's token probabilities;
  - the gradient of L with respect to every parameter.

It writes, into runner/src/test/resources/parity/ (all float32, the authors' state-dict names):
weights.safetensors, weights.pth (the same state dict as torch.save writes a released
checkpoint: under "model", beside an args namespace, an optimiser's state and an epoch),
inputs.safetensors (clip, visible tokens of each masking), expected.safetensors (losses, token
probabilities), gradients-tube.safetensors, gradients-adaptive.safetensors, and keys.json: the
state-dict keys and shapes of the pre-training model (with the sampler) and of a fine-tuned
classifier at every preset, which PresetKeyTablesTest checks the name mapping against.

With --base-file PATH it writes instead a synthetic base-size AdaMAE state dict (the released
checkpoint's keys and shapes, random weights; .safetensors, or .pth wrapped as a released
checkpoint is) for trying import at full size by hand (docs/weights.md has the figures).

The reference's layer norms use eps 1e-6 (encoder and decoder) and PyTorch's default 1e-5
(sampler); the Java model's encoder and decoder norms have no epsilon, which the test's bounds
allow for (docs/weights.md).
"""

import argparse
import collections
import json
import math
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

# The presets of conf/presets: clip (T, H, W), tubelet (t, p), encoder and decoder (width, depth, heads), sampler heads.
PRESETS = {
    "test": ((4, 32, 32), (2, 8), (32, 2, 2), (16, 1, 2), 2),
    "bench": ((16, 48, 48), (2, 8), (192, 4, 3), (96, 2, 3), 3),
    "tiny": ((16, 64, 64), (2, 8), (192, 6, 3), (96, 2, 3), 3),
    "small": ((16, 112, 112), (2, 16), (384, 12, 6), (192, 4, 3), 6),
    "base": ((16, 224, 224), (2, 16), (768, 12, 12), (384, 4, 6), 8),
}
MLP_RATIO = 4
CLASSES = 174  # Something-Something v2's, for the fine-tuned model's key table


def configure(preset):
    """Sets the module's dimensions to a preset's; the model classes read them when built."""
    global FRAMES, HEIGHT, WIDTH, TUBE_T, TUBE_P, ENC_DIM, ENC_DEPTH, ENC_HEADS, DEC_DIM, DEC_DEPTH, DEC_HEADS
    global SAMPLER_HEADS, GRID, TOKENS, VALUES
    (FRAMES, HEIGHT, WIDTH), (TUBE_T, TUBE_P), (ENC_DIM, ENC_DEPTH, ENC_HEADS), (DEC_DIM, DEC_DEPTH, DEC_HEADS), \
        SAMPLER_HEADS = PRESETS[preset]
    GRID = (FRAMES // TUBE_T, HEIGHT // TUBE_P, WIDTH // TUBE_P)
    TOKENS = GRID[0] * GRID[1] * GRID[2]
    VALUES = 3 * TUBE_T * TUBE_P * TUBE_P


configure("test")
BATCH = 2
VISIBLE = 8  # ratio 0.75: tube keeps 4 of 16 positions in both time slices; adaptive draws 8 of 32
LOSS_WEIGHT = 1e-4
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def sinusoid(positions, dim):
    """VideoMAE's fixed codes: angle(p, j) = p / 10000^(2 floor(j/2) / dim); sin at even j, cos at odd j."""
    table = torch.zeros(positions, dim, dtype=torch.float64)
    for p in range(positions):
        for j in range(dim):
            angle = p / math.pow(10000, 2 * (j // 2) / dim)
            table[p, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return table


class Attention(nn.Module):
    def __init__(self, dim, heads, qkv_bias):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        if qkv_bias:
            self.q_bias = nn.Parameter(torch.zeros(dim))
            self.v_bias = nn.Parameter(torch.zeros(dim))
        else:
            self.q_bias = None
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        bias = None
        if self.q_bias is not None:
            bias = torch.cat([self.q_bias, torch.zeros_like(self.v_bias), self.v_bias])
        qkv = F.linear(x, self.qkv.weight, bias).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * (c // self.heads) ** -0.5, qkv[1], qkv[2]
        weights = (q @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((weights @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.fc1 = nn.Linear(dim, MLP_RATIO * dim)
        self.fc2 = nn.Linear(MLP_RATIO * dim, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads, qkv_bias=True, eps=1e-6):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=eps)
        self.attn = Attention(dim, heads, qkv_bias)
        self.norm2 = nn.LayerNorm(dim, eps=eps)
        self.mlp = Mlp(dim)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv3d(3, ENC_DIM, kernel_size=(TUBE_T, TUBE_P, TUBE_P), stride=(TUBE_T, TUBE_P, TUBE_P))

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch_embed = PatchEmbed()
        self.blocks = nn.ModuleList([Block(ENC_DIM, ENC_HEADS) for _ in range(ENC_DEPTH)])
        self.norm = nn.LayerNorm(ENC_DIM, eps=1e-6)
        # AdaMAE's sampler: its own position embedding, one block without qkv bias (PyTorch's
        # default layer norm eps), a linear layer to one logit per token.
        self.pos_embed_probs = nn.Parameter(torch.zeros(1, TOKENS, ENC_DIM))
        self.get_token_probs = nn.Sequential(Block(ENC_DIM, SAMPLER_HEADS, qkv_bias=False, eps=1e-5),
                                             nn.Linear(ENC_DIM, 1), nn.Flatten(start_dim=1))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([Block(DEC_DIM, DEC_HEADS) for _ in range(DEC_DEPTH)])
        self.norm = nn.LayerNorm(DEC_DIM, eps=1e-6)
        self.head = nn.Linear(DEC_DIM, VALUES)


class FineTuned(nn.Module):
    """VideoMAE's VisionTransformer fine-tuned with mean pooling: no final norm, fc_norm after pooling, head."""

    def __init__(self, classes):
        super().__init__()
        self.patch_embed = PatchEmbed()
        self.blocks = nn.ModuleList([Block(ENC_DIM, ENC_HEADS) for _ in range(ENC_DEPTH)])
        self.fc_norm = nn.LayerNorm(ENC_DIM, eps=1e-6)
        self.head = nn.Linear(ENC_DIM, classes)


class AdaMae(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.encoder_to_decoder = nn.Linear(ENC_DIM, DEC_DIM, bias=False)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, DEC_DIM))

    def probabilities(self, tokens):
        logits = self.encoder.get_token_probs(tokens + self.encoder.pos_embed_probs)
        return torch.nan_to_num(logits).softmax(dim=-1)

    def forward(self, clip, visible, with_sampler):
        """Returns L, L_r, L_s (or None) and p (or None) for the clips and their visible tokens [B, V]."""
        tokens = self.encoder.patch_embed(clip)
        p = self.probabilities(tokens) if with_sampler else None
        hidden_mask = torch.ones(BATCH, TOKENS, dtype=torch.bool)
        hidden_mask[torch.arange(BATCH).unsqueeze(1), visible] = False
        x = tokens + sinusoid(TOKENS, ENC_DIM).to(tokens.dtype)
        x = x[~hidden_mask].reshape(BATCH, -1, ENC_DIM)
        for block in self.encoder.blocks:
            x = block(x)
        x = self.encoder_to_decoder(self.encoder.norm(x))
        codes = sinusoid(TOKENS, DEC_DIM).to(x.dtype).expand(BATCH, -1, -1)
        full = torch.cat([x + codes[~hidden_mask].reshape(BATCH, -1, DEC_DIM),
                          self.mask_token + codes[hidden_mask].reshape(BATCH, -1, DEC_DIM)], dim=1)
        for block in self.decoder.blocks:
            full = block(full)
        hidden = TOKENS - visible.shape[1]
        prediction = self.decoder.head(self.decoder.norm(full[:, -hidden:]))
        target = normalised_target(clip)[hidden_mask].reshape(BATCH, hidden, VALUES)
        token_errors = ((prediction - target) ** 2).mean(dim=-1)
        loss_rec = token_errors.mean()
        if not with_sampler:
            return loss_rec, loss_rec, None, None
        eps = torch.finfo(torch.float32).eps
        log_p = torch.log(p.clamp(eps, 1 - eps))[hidden_mask].reshape(BATCH, hidden)
        loss_strategy = (-(log_p * token_errors.detach()).mean(dim=1)).mean()
        return loss_rec + LOSS_WEIGHT * loss_strategy, loss_rec, loss_strategy, p


def normalised_target(clip):
    """Un-normalise, cut into tubelets (t h w) x (p0 p1 p2) x c, normalise per tubelet and channel, flatten."""
    mean = torch.tensor(MEAN, dtype=clip.dtype).view(1, 3, 1, 1, 1)
    std = torch.tensor(STD, dtype=clip.dtype).view(1, 3, 1, 1, 1)
    raw = clip * std + mean
    b = raw.shape[0]
    t, h, w = GRID
    cut = raw.reshape(b, 3, t, TUBE_T, h, TUBE_P, w, TUBE_P).permute(0, 2, 4, 6, 3, 5, 7, 1)
    cut = cut.reshape(b, TOKENS, TUBE_T * TUBE_P * TUBE_P, 3)
    normed = (cut - cut.mean(dim=-2, keepdim=True)) / (cut.var(dim=-2, unbiased=True, keepdim=True).sqrt() + 1e-6)
    return normed.reshape(b, TOKENS, VALUES)


def write_safetensors(path, tensors):
    """The safetensors format, written by hand: 8-byte little-endian header length, JSON header, raw float32."""
    header = {}
    offset = 0
    blobs = []
    for name, tensor in tensors.items():
        data = float32_bytes(tensor)
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for data in blobs:
            out.write(data)


def float32_bytes(tensor):
    values = tensor.detach().to(torch.float32).contiguous().flatten().tolist()
    return struct.pack("<%df" % len(values), *values)


def key_tables():
    """Every preset's state-dict keys and shapes, of the pre-training model (with the sampler) and a fine-tuned one."""
    tables = collections.OrderedDict()
    with torch.device("meta") if hasattr(torch, "device") and hasattr(torch.device, "__enter__") else nullcontext():
        for preset in PRESETS:
            configure(preset)
            tables[preset] = {
                "pretraining": {k: list(v.shape) for k, v in AdaMae().state_dict().items()},
                "classifier": {k: list(v.shape) for k, v in FineTuned(CLASSES).state_dict().items()},
            }
    configure("test")
    return tables


class nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def write_base_file(path):
    """A synthetic AdaMAE ViT-B state dict (the released checkpoint's keys and shapes, random weights), wrapped or not."""
    configure("base")
    torch.manual_seed(0)
    state = collections.OrderedDict((k, v.detach().clone()) for k, v in AdaMae().state_dict().items())
    if path.endswith(".safetensors"):
        write_safetensors(path, state)
    else:
        torch.save({"model": state, "epoch": 799, "args": argparse.Namespace(model="pretrain_videomae_base_patch16_224")},
                   path)
    print("wrote", path, sum(v.numel() for v in state.values()), "values")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-file", metavar="PATH",
                        help="instead, write a synthetic base-size AdaMAE state dict (.safetensors or .pth) to PATH")
    options = parser.parse_args()
    if options.base_file:
        write_base_file(options.base_file)
        return
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "..", "..", "runner", "src", "test", "resources", "parity")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "keys.json"), "w") as out:
        json.dump(key_tables(), out, separators=(",", ":"))
        out.write("\n")
    torch.manual_seed(17)
    model = AdaMae()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            base = 1.0 if name.endswith("norm1.weight") or name.endswith("norm2.weight") \
                or name.endswith("norm.weight") else 0.0
            scale = 1.0 / math.sqrt(parameter.shape[-1]) if parameter.dim() > 1 else 0.1
            parameter.copy_(base + scale * torch.randn(parameter.shape))
    # The weights as float32 are the truth both sides start from; the reference runs in float64.
    state = collections.OrderedDict((k, v.detach().to(torch.float32).clone()) for k, v in model.state_dict().items())
    model = model.double()
    clip = torch.randn(BATCH, 3, FRAMES, HEIGHT, WIDTH).to(torch.float32)

    generator = torch.Generator().manual_seed(5)
    positions = GRID[1] * GRID[2]
    tube = []
    for _ in range(BATCH):
        kept = torch.randperm(positions, generator=generator)[:VISIBLE // GRID[0]].sort().values
        tube.append(torch.cat([kept + t * positions for t in range(GRID[0])]))
    tube = torch.stack(tube)

    expected = collections.OrderedDict()
    gradients = {}
    for name, with_sampler in (("tube", False), ("adaptive", True)):
        model.zero_grad()
        if with_sampler:
            with torch.no_grad():
                p = model.probabilities(model.encoder.patch_embed(clip.double()))
            visible = torch.multinomial(p, VISIBLE, replacement=False, generator=generator).sort(dim=1).values
            adaptive = visible
        else:
            visible = tube
        loss, loss_rec, loss_strategy, p = model(clip.double(), visible, with_sampler)
        loss.backward()
        expected["loss_" + name] = loss.detach().reshape(1)
        expected["loss_rec_" + name] = loss_rec.detach().reshape(1)
        if with_sampler:
            expected["loss_strategy_" + name] = loss_strategy.detach().reshape(1)
            expected["token_probabilities"] = p.detach()
        grads = collections.OrderedDict()
        for key, parameter in model.named_parameters():
            sampler_key = key.startswith("encoder.pos_embed_probs") or key.startswith("encoder.get_token_probs")
            if with_sampler or not sampler_key:
                grads[key] = parameter.grad.detach().clone()
        gradients[name] = grads

    write_safetensors(os.path.join(out_dir, "weights.safetensors"), state)
    write_safetensors(os.path.join(out_dir, "inputs.safetensors"), collections.OrderedDict(
        [("clip", clip), ("visible_tube", tube.to(torch.float32)), ("visible_adaptive", adaptive.to(torch.float32))]))
    write_safetensors(os.path.join(out_dir, "expected.safetensors"), expected)
    for name, grads in gradients.items():
        write_safetensors(os.path.join(out_dir, "gradients-%s.safetensors" % name), grads)
    # A released checkpoint's shape: the weights under "model", beside what the training script pickles.
    optimiser = torch.optim.AdamW([nn.Parameter(torch.zeros(2))])
    torch.save({"model": state, "optimizer": optimiser.state_dict(), "epoch": 799,
                "args": argparse.Namespace(model="pretrain_videomae_test", mask_ratio=0.75, lr=1.5e-4)},
               os.path.join(out_dir, "weights.pth"))
    print("wrote", out_dir, {k: float(v.flatten()[0]) for k, v in expected.items() if k.startswith("loss")})


if __name__ == "__main__":
    main()
