package org.tri2plane.core.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The canonical-space extent a subject's head needs, from its tracked faces: the face meshes of every
 * frame, and the parts a face mesh does not reach, placed by human proportions measured in face
 * widths w (the mesh's x extent, cheek to cheek): the back of the head {@value #BACK} w behind the
 * foremost point (the nose; a head is about 1.45 times as long, nose to back, as the face is wide)
 * and the crown {@value #CROWN} w above the mesh's top (the forehead). {@code margin} (canonical
 * units) is added on every side for hair. Canonical axes: x right, y down, z away from a frontal
 * camera.
 */
public record HeadExtent(double[] min, double[] max) {

    /** Nose to the back of the head, in face widths. */
    public static final double BACK = 1.45;
    /** Top of the face mesh to the crown, in face widths. */
    public static final double CROWN = 0.34;

    public HeadExtent {
        min = min.clone();
        max = max.clone();
    }

    /** The extent of {@code faces} (at least one) with the back of the head and the crown, widened by {@code margin}. */
    public static HeadExtent of(List<FaceMesh> faces, double margin) {
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("no tracked face");
        }
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (FaceMesh f : faces) {
            double[] v = f.vertices();
            for (int i = 0; i < v.length; i++) {
                lo[i % 3] = Math.min(lo[i % 3], v[i]);
                hi[i % 3] = Math.max(hi[i % 3], v[i]);
            }
        }
        double width = hi[0] - lo[0];
        hi[2] = Math.max(hi[2], lo[2] + BACK * width);
        lo[1] = Math.min(lo[1], lo[1] - CROWN * width);
        for (int a = 0; a < 3; a++) {
            lo[a] -= margin;
            hi[a] += margin;
        }
        return new HeadExtent(lo, hi);
    }

    /** How much larger than the extent's inscribed ellipsoid the head proxy is (the chin and jaw corners stay inside). */
    public static final double PROXY_SCALE = 1.2;

    /** Centre of the head proxy, the ellipsoid around this extent. */
    public double[] proxyCentre() {
        return new double[] {(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2};
    }

    /** Semi-axes of the head proxy: {@link #PROXY_SCALE} times half this extent along each axis. */
    public double[] proxyRadii() {
        return new double[] {PROXY_SCALE * (max[0] - min[0]) / 2, PROXY_SCALE * (max[1] - min[1]) / 2,
            PROXY_SCALE * (max[2] - min[2]) / 2};
    }

    /** What of this extent lies outside {@code box}, one phrase per side (empty when it fits). */
    public List<String> outside(Box box) {
        String[] axes = {"x", "y", "z"};
        List<String> out = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            if (min[a] < box.min().get(a)) {
                out.add(String.format(Locale.ROOT, "%s down to %.2f (box from %.2f)", axes[a], min[a], box.min().get(a)));
            }
            if (max[a] > box.max().get(a)) {
                out.add(String.format(Locale.ROOT, "%s up to %.2f (box to %.2f)", axes[a], max[a], box.max().get(a)));
            }
        }
        return out;
    }
}
