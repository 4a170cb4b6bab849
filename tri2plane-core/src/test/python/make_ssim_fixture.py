"""Writes fixtures/ssim_skimage.json: an image pair and the SSIM scikit-image computes for it.

Run with Debian's python3-skimage:  /usr/bin/python3 make_ssim_fixture.py
Wang et al.'s settings: Gaussian window (sigma 1.5, 11 x 11), K1 = 0.01, K2 = 0.03, population
covariance, data range 1; scikit-image averages over the positions where the window fits, per
channel, then over channels. The pair: smooth random image and a noisy, slightly blurred copy.
"""
import json
import os

import numpy as np
from scipy.ndimage import gaussian_filter
from skimage.metrics import structural_similarity

rng = np.random.default_rng(20261126)
h, w = 40, 48
a = gaussian_filter(rng.random((h, w, 3)), sigma=(2, 2, 0))
a = (a - a.min()) / (a.max() - a.min())
b = np.clip(gaussian_filter(a, sigma=(0.7, 0.7, 0)) + rng.normal(0, 0.05, a.shape), 0, 1)
ssim = structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                             data_range=1.0, channel_axis=2)
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "resources", "fixtures", "ssim_skimage.json")
with open(out, "w") as f:
    json.dump({"height": h, "width": w, "a_hwc": a.flatten().tolist(), "b_hwc": b.flatten().tolist(),
               "ssim": float(ssim)}, f)
print("wrote", os.path.normpath(out), "ssim", ssim)
