package org.tri2plane.core.geometry;

/**
 * The contours of MediaPipe's 468-vertex face mesh as closed rings of vertex indices, the one home
 * of these index lists: the outer and inner lip contours and both eyes' lid contours. Each call
 * returns a fresh copy.
 */
public final class FaceContours {

    private static final int[] OUTER_LIP = {61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185};
    private static final int[] INNER_LIP = {78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191};
    private static final int[] RIGHT_EYE = {33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246};
    private static final int[] LEFT_EYE = {263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466};

    private FaceContours() {}

    /** The outer lip contour: the lower lip from the right mouth corner (61) to the left (291), then the upper lip back. */
    public static int[] outerLip() {
        return OUTER_LIP.clone();
    }

    /** The inner lip contour: the lower lip from the right corner (78) to the left (308), then the upper lip back. */
    public static int[] innerLip() {
        return INNER_LIP.clone();
    }

    /** The right eye's lid contour (lower lid from the outer corner 33, then the upper lid back). */
    public static int[] rightEye() {
        return RIGHT_EYE.clone();
    }

    /** The left eye's lid contour (lower lid from the outer corner 263, then the upper lid back). */
    public static int[] leftEye() {
        return LEFT_EYE.clone();
    }
}
