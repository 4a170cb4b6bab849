"""Writes fixtures/triplane_grid_sample.json: the reference for TriPlaneSamplerTest.

Run with Debian's python3-torch:  /usr/bin/python3 make_sampler_fixture.py
Random tri-planes [B, 3, C, R, R] and points [B, M, 3] (some outside [-1, 1]) are sampled with
PyTorch's own grid_sample (bilinear, align_corners=True, zero padding) on the planes
XY (u=x, v=y), XZ (u=x, v=z), ZY (u=z, v=y) and summed over the three planes.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(20261126)
B, C, R, M = 2, 5, 7, 64
planes = torch.randn(B, 3, C, R, R, dtype=torch.float64)
points = torch.rand(B, M, 3, dtype=torch.float64) * 2.4 - 1.2
# A few points exactly on corners and edges of the grid.
points[0, 0] = torch.tensor([-1.0, -1.0, -1.0])
points[0, 1] = torch.tensor([1.0, 1.0, 1.0])
points[1, 0] = torch.tensor([0.0, 1.0, -1.0])

PLANE_U = [0, 0, 2]
PLANE_V = [1, 2, 1]
out = torch.zeros(B, M, C, dtype=torch.float64)
for p in range(3):
    grid = torch.stack([points[..., PLANE_U[p]], points[..., PLANE_V[p]]], dim=-1)  # [B, M, 2]
    sampled = F.grid_sample(planes[:, p], grid.unsqueeze(1), mode="bilinear",
                            padding_mode="zeros", align_corners=True)  # [B, C, 1, M]
    out += sampled[:, :, 0, :].permute(0, 2, 1)

here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, "..", "resources", "fixtures", "triplane_grid_sample.json")
with open(target, "w") as f:
    json.dump({
        "torch_version": torch.__version__,
        "B": B, "C": C, "R": R, "M": M,
        "planes": planes.flatten().tolist(),
        "points": points.flatten().tolist(),
        "output": out.flatten().tolist(),
    }, f)
print("wrote", os.path.normpath(target))
