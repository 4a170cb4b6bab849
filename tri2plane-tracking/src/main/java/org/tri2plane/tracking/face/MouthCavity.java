package org.tri2plane.tracking.face;

import org.tri2plane.core.geometry.FaceContours;

/**
 * The triangles of MediaPipe's face mesh that close the mouth: the canonical model spans the
 * opening between the lips with 18 triangles whose three corners all lie on the inner lip
 * contour. They have no area while the mouth is closed and stretch over the cavity as it opens; the
 * condition maps draw them as a hole (ours, tracking's {@code mouthCavity}), so that an open mouth
 * reads as a cavity and not as lips stretched over it.
 */
public final class MouthCavity {

    private MouthCavity() {}

    /**
     * Which of {@code triangles} (vertex index triples) close the mouth of a mesh of {@code
     * vertexCount} vertices: those with all three corners on the inner lip contour. A mesh of
     * another topology than MediaPipe's 468 vertices has none.
     */
    public static boolean[] triangles(int[] triangles, int vertexCount) {
        boolean[] cavity = new boolean[triangles.length / 3];
        if (vertexCount != CanonicalFaceModel.VERTICES) {
            return cavity;
        }
        boolean[] onLip = new boolean[vertexCount];
        for (int v : FaceContours.innerLip()) {
            onLip[v] = true;
        }
        for (int t = 0; t < cavity.length; t++) {
            cavity[t] = onLip[triangles[3 * t]] && onLip[triangles[3 * t + 1]] && onLip[triangles[3 * t + 2]];
        }
        return cavity;
    }
}
