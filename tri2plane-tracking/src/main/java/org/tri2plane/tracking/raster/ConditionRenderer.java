package org.tri2plane.tracking.raster;

import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.image.Affine2;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.raster.Raster;
import org.tri2plane.core.raster.Rasterizer;
import org.tri2plane.tracking.face.MouthCavity;

/**
 * The expression-related condition maps I_t of Sec. 3.1: the expression mesh S_t rendered at zero
 * pose (an orthographic front view of a fixed canonical rectangle) with the subject's mean texture,
 * and its normal map (n + 1) / 2. The mean texture is the average of the UV-unwrapped face in the
 * training frames, each texel taken only from frames where it is visible. With a support, the maps
 * show the face only inside a fixed region (the front-view silhouette of a reference shape, shrunk
 * by an inset), so that their border stays put when an expression moves the mesh's outline. With
 * the mouth's cavity marked, the triangles that close MediaPipe's mouth are left black in both maps.
 */
public final class ConditionRenderer {

    private final int[] triangles;
    private final double[] uv;
    private final int textureSize;
    private final Raster uvRaster;
    private final double[] framing;
    private final int size;
    private final double[] sum;
    private final int[] count;
    private final boolean[] support;
    private final boolean[] cavity;

    /**
     * @param triangles the mesh's triangles
     * @param uv texture coordinates per vertex (u right, v down, in [0, 1])
     * @param framing canonical rectangle {x0, y0, x1, y1} shown by the front view
     * @param size side of the condition maps
     */
    public ConditionRenderer(int[] triangles, double[] uv, int textureSize, double[] framing, int size) {
        this(triangles, uv, textureSize, framing, size, null, 0);
    }

    /**
     * A renderer whose maps are empty outside the front-view silhouette of {@code supportShape}
     * shrunk by {@code inset} pixels (no support when {@code supportShape} is null or the inset 0).
     *
     * @param supportShape the shape whose silhouette bounds the maps (the subject's mean shape)
     * @param inset pixels (at {@code size}) the silhouette is shrunk by, ≥ 0
     */
    public ConditionRenderer(int[] triangles, double[] uv, int textureSize, double[] framing, int size, double[] supportShape,
            int inset) {
        this(triangles, uv, textureSize, framing, size, supportShape, inset, false);
    }

    /**
     * A renderer with a support (as above) that, when {@code mouthCavity} is set, leaves the
     * triangles closing the mouth ({@link MouthCavity}) black in both maps.
     */
    public ConditionRenderer(int[] triangles, double[] uv, int textureSize, double[] framing, int size, double[] supportShape,
            int inset, boolean mouthCavity) {
        if (inset < 0) {
            throw new IllegalArgumentException("inset must be >= 0, was " + inset);
        }
        this.triangles = triangles;
        this.uv = uv;
        this.textureSize = textureSize;
        this.framing = framing.clone();
        this.size = size;
        double[] uvScreen = new double[uv.length / 2 * 3];
        for (int i = 0; i < uv.length / 2; i++) {
            uvScreen[3 * i] = uv[2 * i] * textureSize;
            uvScreen[3 * i + 1] = uv[2 * i + 1] * textureSize;
        }
        this.uvRaster = Rasterizer.rasterize(uvScreen, triangles, textureSize, textureSize);
        this.sum = new double[textureSize * textureSize * 3];
        this.count = new int[textureSize * textureSize];
        this.support = supportShape == null || inset == 0 ? null : erode(frontView(supportShape), size, inset);
        this.cavity = mouthCavity ? MouthCavity.triangles(triangles, uv.length / 2) : new boolean[triangles.length / 3];
    }

    /** The front view of a shape: its triangles rasterized at zero pose into the framing, size². */
    private Raster frontView(double[] shape) {
        int n = shape.length / 3;
        double[] screen = new double[3 * n];
        double sx = size / (framing[2] - framing[0]);
        double sy = size / (framing[3] - framing[1]);
        for (int i = 0; i < n; i++) {
            screen[3 * i] = (shape[3 * i] - framing[0]) * sx;
            screen[3 * i + 1] = (shape[3 * i + 1] - framing[1]) * sy;
            screen[3 * i + 2] = shape[3 * i + 2]; // camera looks along +z at zero pose: smaller z is nearer
        }
        return Rasterizer.rasterize(screen, triangles, size, size);
    }

    /** The covered pixels of a raster, less those within {@code inset} pixels (3×3 steps) of an uncovered one. */
    static boolean[] erode(Raster r, int size, int inset) {
        boolean[] in = new boolean[size * size];
        for (int p = 0; p < in.length; p++) {
            in[p] = r.triangle()[p] >= 0;
        }
        for (int pass = 0; pass < inset; pass++) {
            boolean[] next = new boolean[in.length];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean keep = in[y * size + x];
                    for (int dy = -1; dy <= 1 && keep; dy++) {
                        for (int dx = -1; dx <= 1 && keep; dx++) {
                            int nx = x + dx;
                            int ny = y + dy;
                            keep = nx >= 0 && ny >= 0 && nx < size && ny < size && in[ny * size + nx];
                        }
                    }
                    next[y * size + x] = keep;
                }
            }
            in = next;
        }
        return in;
    }

    /** The square canonical rectangle around a shape's x-y bounds with a relative margin. */
    public static double[] framing(double[] shape, double margin) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (int i = 0; i < shape.length / 3; i++) {
            x0 = Math.min(x0, shape[3 * i]);
            x1 = Math.max(x1, shape[3 * i]);
            y0 = Math.min(y0, shape[3 * i + 1]);
            y1 = Math.max(y1, shape[3 * i + 1]);
        }
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        double half = Math.max(x1 - x0, y1 - y0) / 2 * (1 + margin);
        return new double[] {cx - half, cy - half, cx + half, cy + half};
    }

    /** Adds one training frame's visible face texture to the mean texture. */
    public void accumulate(RgbImage frame, Camera camera, Pose pose, double[] shape) {
        int n = shape.length / 3;
        double[] screen = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double[] p = pose.toCamera(new double[] {shape[3 * i], shape[3 * i + 1], shape[3 * i + 2]});
            double[] px = camera.project(p);
            screen[3 * i] = px[0];
            screen[3 * i + 1] = px[1];
            screen[3 * i + 2] = p[2];
        }
        Raster visible = Rasterizer.rasterize(screen, triangles, frame.width(), frame.height());
        for (int t = 0; t < count.length; t++) {
            int tri = uvRaster.triangle()[t];
            if (tri < 0) {
                continue;
            }
            double b0 = uvRaster.b0()[t];
            double b1 = uvRaster.b1()[t];
            double b2 = 1 - b0 - b1;
            int i0 = triangles[3 * tri];
            int i1 = triangles[3 * tri + 1];
            int i2 = triangles[3 * tri + 2];
            double x = b0 * screen[3 * i0] + b1 * screen[3 * i1] + b2 * screen[3 * i2];
            double y = b0 * screen[3 * i0 + 1] + b1 * screen[3 * i1 + 1] + b2 * screen[3 * i2 + 1];
            double z = b0 * screen[3 * i0 + 2] + b1 * screen[3 * i1 + 2] + b2 * screen[3 * i2 + 2];
            int px = (int) Math.floor(x);
            int py = (int) Math.floor(y);
            if (px < 0 || py < 0 || px >= frame.width() || py >= frame.height()) {
                continue;
            }
            // visible when this triangle is the nearest surface at that pixel
            int front = visible.triangle()[py * frame.width() + px];
            if (front != tri && z > visible.depth()[py * frame.width() + px] + 0.01 * z) {
                continue;
            }
            float[] rgb = ImageOps.warp(frame, new Affine2(0, 0, x, 0, 0, y), 1, 1, 1f, 0f, 0);
            for (int c = 0; c < 3; c++) {
                sum[3 * t + c] += rgb[c];
            }
            count[t]++;
        }
    }

    /** Texels seen at least once. */
    public int seenTexels() {
        int n = 0;
        for (int c : count) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The mean texture: the average colour of each texel; texels inside the UV layout that were
     * never seen take the colour of their nearest seen neighbours (a few dilation passes).
     */
    public RgbImage meanTexture() {
        int s = textureSize;
        double[] col = new double[s * s * 3];
        boolean[] known = new boolean[s * s];
        for (int t = 0; t < s * s; t++) {
            if (count[t] > 0) {
                for (int c = 0; c < 3; c++) {
                    col[3 * t + c] = sum[3 * t + c] / count[t];
                }
                known[t] = true;
            }
        }
        for (int pass = 0; pass < s; pass++) {
            boolean changed = false;
            boolean[] next = known.clone();
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    int t = y * s + x;
                    if (known[t] || uvRaster.triangle()[t] < 0 && pass > 4) {
                        continue;
                    }
                    double[] acc = new double[3];
                    int k = 0;
                    for (int[] d : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
                        int nx = x + d[0];
                        int ny = y + d[1];
                        if (nx >= 0 && ny >= 0 && nx < s && ny < s && known[ny * s + nx]) {
                            for (int c = 0; c < 3; c++) {
                                acc[c] += col[3 * (ny * s + nx) + c];
                            }
                            k++;
                        }
                    }
                    if (k > 0) {
                        for (int c = 0; c < 3; c++) {
                            col[3 * t + c] = acc[c] / k;
                        }
                        next[t] = true;
                        changed = true;
                    }
                }
            }
            known = next;
            if (!changed) {
                break;
            }
        }
        byte[] out = new byte[s * s * 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(known[i / 3] ? col[i] : 128)));
        }
        return new RgbImage(s, s, out);
    }

    /**
     * The two condition maps of a shape: {texture RGB, normal map}, each {@code size}², black
     * outside the support and, when marked, in the mouth's cavity.
     */
    public RgbImage[] render(double[] shape, RgbImage meanTexture) {
        Raster r = frontView(shape);
        float[] texCoords = r.interpolate(uv, 2, triangles, -1f);
        float[] normals = r.interpolate(vertexNormals(shape), 3, triangles, 0f);
        byte[] tex = new byte[size * size * 3];
        byte[] nrm = new byte[size * size * 3];
        for (int p = 0; p < size * size; p++) {
            if (r.triangle()[p] < 0 || support != null && !support[p] || cavity[r.triangle()[p]]) {
                continue;
            }
            float[] rgb = ImageOps.warp(meanTexture, new Affine2(0, 0,
                    texCoords[2 * p] * meanTexture.width(), 0, 0, texCoords[2 * p + 1] * meanTexture.height()), 1, 1, 1f, 0f, 0);
            double nx = normals[3 * p];
            double ny = normals[3 * p + 1];
            double nz = normals[3 * p + 2];
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            for (int c = 0; c < 3; c++) {
                tex[3 * p + c] = (byte) Math.max(0, Math.min(255, Math.round(rgb[c])));
                double v = len > 0 ? normals[3 * p + c] / len : 0;
                nrm[3 * p + c] = (byte) Math.round((v + 1) / 2 * 255);
            }
        }
        return new RgbImage[] {new RgbImage(size, size, tex), new RgbImage(size, size, nrm)};
    }

    /**
     * Unit vertex normals (area-weighted), oriented to face the viewer of the front view (−z), so
     * that (n + 1) / 2 is bluish-dark where the face points at the camera.
     */
    public double[] vertexNormals(double[] shape) {
        int n = shape.length / 3;
        double[] nrm = new double[3 * n];
        for (int t = 0; t < triangles.length / 3; t++) {
            int a = triangles[3 * t];
            int b = triangles[3 * t + 1];
            int c = triangles[3 * t + 2];
            double ux = shape[3 * b] - shape[3 * a];
            double uy = shape[3 * b + 1] - shape[3 * a + 1];
            double uz = shape[3 * b + 2] - shape[3 * a + 2];
            double vx = shape[3 * c] - shape[3 * a];
            double vy = shape[3 * c + 1] - shape[3 * a + 1];
            double vz = shape[3 * c + 2] - shape[3 * a + 2];
            double[] cr = {uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
            for (int v : new int[] {a, b, c}) {
                for (int k = 0; k < 3; k++) {
                    nrm[3 * v + k] += cr[k];
                }
            }
        }
        double zsum = 0;
        for (int i = 0; i < n; i++) {
            zsum += nrm[3 * i + 2];
        }
        double sign = zsum > 0 ? -1 : 1; // most of the face looks at the camera (−z)
        for (int i = 0; i < n; i++) {
            double len = Math.sqrt(nrm[3 * i] * nrm[3 * i] + nrm[3 * i + 1] * nrm[3 * i + 1] + nrm[3 * i + 2] * nrm[3 * i + 2]);
            for (int k = 0; k < 3; k++) {
                nrm[3 * i + k] = len > 0 ? sign * nrm[3 * i + k] / len : 0;
            }
        }
        return nrm;
    }

    /** The canonical rectangle shown by the condition maps. */
    public double[] framing() {
        return framing.clone();
    }
}
