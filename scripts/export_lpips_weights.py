#!/usr/bin/env python3
"""Export LPIPS weights from the reference `lpips` package into Tri2plane-J's weight format.

Tri2plane-J cannot download pretrained networks; a user who has them (pip install lpips, which
brings torchvision's ImageNet VGG-16/AlexNet and the LPIPS heads) converts them once:

    python3 scripts/export_lpips_weights.py --net vgg --out lpips-vgg16.t2w
    tri2plane train ... --lpips-weights lpips-vgg16.t2w

Format (docs/lpips.md): b"T2PW0001", little-endian int32 header length, UTF-8 JSON header
{format, version, backbone, shift, scale, layers, tensors}, then each tensor of `tensors` in
order as little-endian float32. `layers` lists the backbone as conv / relu / maxpool / tap
entries; tap i is followed by the 1x1 head tensor "lin<i>.weight".
"""
import argparse
import json
import struct

import numpy as np
import torch


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--net", choices=["vgg", "alex"], default="vgg")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import lpips  # the reference package

    model = lpips.LPIPS(net=args.net, verbose=False).eval()
    layers, tensors, blobs = [], [], []

    def add(name, t):
        a = t.detach().cpu().numpy().astype("<f4")
        tensors.append({"name": name, "shape": list(a.shape)})
        blobs.append(a.tobytes())

    conv = 0
    slices = [model.net.slice1, model.net.slice2, model.net.slice3, model.net.slice4, model.net.slice5]
    for tap, sl in enumerate(slices):
        for m in sl:
            if isinstance(m, torch.nn.Conv2d):
                name = f"conv{conv}"
                layers.append({"op": "conv", "name": name, "in": m.in_channels, "out": m.out_channels,
                               "kernel": m.kernel_size[0], "stride": m.stride[0], "padding": m.padding[0]})
                add(name + ".weight", m.weight)
                add(name + ".bias", m.bias)
                conv += 1
            elif isinstance(m, torch.nn.ReLU):
                layers.append({"op": "relu"})
            elif isinstance(m, torch.nn.MaxPool2d):
                k = m.kernel_size if isinstance(m.kernel_size, int) else m.kernel_size[0]
                s = m.stride if isinstance(m.stride, int) else m.stride[0]
                layers.append({"op": "maxpool", "kernel": k, "stride": s})
            else:
                raise SystemExit(f"unexpected layer {m} in the {args.net} backbone")
        layers.append({"op": "tap"})
    lins = [model.lin0, model.lin1, model.lin2, model.lin3, model.lin4]
    for i, lin in enumerate(lins):
        add(f"lin{i}.weight", lin.model[-1].weight)

    shift = model.scaling_layer.shift.flatten().tolist()
    scale = model.scaling_layer.scale.flatten().tolist()
    header = {"format": "tri2plane-weights", "version": 1,
              "backbone": "vgg16" if args.net == "vgg" else "alexnet",
              "shift": shift, "scale": scale, "layers": layers, "tensors": tensors}
    h = json.dumps(header).encode("utf-8")
    with open(args.out, "wb") as f:
        f.write(b"T2PW0001")
        f.write(struct.pack("<i", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    print(f"wrote {args.out}: {header['backbone']}, {conv} convolutions, {len(lins)} heads")


if __name__ == "__main__":
    main()
