/**
 * Image metrics of Table 1 on [B, C, H, W] arrays in [0, 1]: PSNR, SSIM, MS-SSIM, SD and LPIPS.
 */
package org.tri2plane.core.metrics;
