package org.tri2plane.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.render.landmarks.FaceLandmarks;
import org.tri2plane.tracking.face.FaceDescriptor;

/**
 * CSIM, the identity similarity of the literature, without a licensed network: the cosine of the
 * face descriptors ({@link FaceDescriptor}) of a rendered face and of its subject's reference
 * (the mean descriptor of the subject's own training frames). Faces are found as F-LMD finds them
 * (BlazeFace, then two face-mesh passes at 512², the image padded to a square first) and cropped
 * around their 68 landmarks.
 */
public final class IdentityMetric {

    /** Training frames a subject's reference is averaged over at most (evenly spaced). */
    public static final int REFERENCE_FRAMES = 32;

    private final FaceLandmarks landmarks;
    private final FaceDescriptor descriptor;

    public IdentityMetric(FaceLandmarks landmarks, FaceDescriptor descriptor) {
        this.landmarks = landmarks;
        this.descriptor = descriptor;
    }

    /** A face found in an image: the image padded to a square at 512², and the face in it. */
    public record Found(RgbImage at512, FaceLandmarks.Face face) {}

    /**
     * The first face in {@code image} (any size and aspect, padded to a square and scaled to 512²
     * first); null when none is found. CSIM and AED/APD of a frame share it.
     */
    public static Found find(FaceLandmarks landmarks, RgbImage image) {
        RgbImage at = ImageOps.resize(square(image), FaceLandmarks.SIDE, FaceLandmarks.SIDE);
        FaceLandmarks.Face face = landmarks.detect(at);
        return face == null ? null : new Found(at, face);
    }

    /** The descriptor of the first face in {@code image} (any size and aspect); null when no face is found. */
    public float[] describe(RgbImage image) {
        return describe(find(landmarks, image));
    }

    /** The descriptor of a face already found; null for none. */
    public float[] describe(Found found) {
        return found == null ? null : descriptor.describe(FaceDescriptor.crop(found.at512(), found.face().points(), 2));
    }

    /**
     * The identity reference of {@code subject}: the mean descriptor of up to
     * {@value #REFERENCE_FRAMES} of its training frames, evenly spaced; null when none shows a face.
     */
    public float[] reference(SubjectDirectory subject) throws IOException {
        List<FrameParams> train = subject.params().stream().filter(FrameParams::train).toList();
        int n = Math.min(REFERENCE_FRAMES, train.size());
        List<float[]> found = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            FrameParams p = train.get(k * train.size() / n);
            float[] d = describe(RgbImage.read(subject.frame(p.index())));
            if (d != null) {
                found.add(d);
            }
        }
        return found.isEmpty() ? null : FaceDescriptor.mean(found);
    }

    /** CSIM of a face descriptor against a reference: their cosine; NaN when the face was not found. */
    public static double csim(float[] face, float[] reference) {
        return face == null || reference == null ? Double.NaN : FaceDescriptor.cosine(face, reference);
    }

    /** {@code image} centred on a black square of its larger side (so that resizing keeps its aspect). */
    static RgbImage square(RgbImage image) {
        int w = image.width();
        int h = image.height();
        if (w == h) {
            return image;
        }
        int side = Math.max(w, h);
        byte[] out = new byte[side * side * 3];
        int x0 = (side - w) / 2;
        int y0 = (side - h) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.rgb(), y * w * 3, out, ((y + y0) * side + x0) * 3, w * 3);
        }
        return new RgbImage(side, side, out);
    }
}
