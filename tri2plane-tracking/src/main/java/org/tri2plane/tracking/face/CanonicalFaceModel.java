package org.tri2plane.tracking.face;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's canonical face model: the 468 vertices of the face-mesh topology (x, y, z in
 * centimetre-like units, y up), their texture coordinates (u, v) and the 898 triangles. Parsed
 * from {@code geometry_pipeline_metadata_landmarks.binarypb} (a GeometryPipelineMetadata protobuf
 * whose canonical_mesh is a VERTEX_PT Mesh3d), not from a hand-copied table.
 */
public record CanonicalFaceModel(double[] vertices, double[] uv, int[] triangles) {

    /** Vertices of the topology. */
    public static final int VERTICES = 468;

    public CanonicalFaceModel {
        if (vertices.length != 3 * VERTICES || uv.length != 2 * VERTICES) {
            throw new IllegalArgumentException("expected 468 vertices with UVs, got " + vertices.length / 3);
        }
        for (int t : triangles) {
            if (t < 0 || t >= VERTICES) {
                throw new IllegalArgumentException("triangle index " + t + " out of range");
            }
        }
    }

    /** Number of triangles (898 for MediaPipe's mesh). */
    public int triangleCount() {
        return triangles.length / 3;
    }

    /** Reads the binary protobuf file. */
    public static CanonicalFaceModel read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Parses GeometryPipelineMetadata bytes; {@code source} names them in errors. */
    public static CanonicalFaceModel parse(byte[] bytes, String source) {
        byte[] mesh = canonicalMesh(bytes, source);
        List<Float> vb = new ArrayList<>();
        List<Integer> ib = new ArrayList<>();
        long vertexType = readMesh(mesh, vb, ib);
        if (vertexType != 0) {
            throw new IllegalArgumentException(source + ": vertex type " + vertexType + " is not VERTEX_PT");
        }
        if (vb.size() != 5 * VERTICES || ib.size() % 3 != 0) {
            throw new IllegalArgumentException(source + ": expected 468 x (x, y, z, u, v) and whole triangles, got "
                    + vb.size() + " floats and " + ib.size() + " indices");
        }
        double[] v = new double[3 * VERTICES];
        double[] uv = new double[2 * VERTICES];
        for (int i = 0; i < VERTICES; i++) {
            for (int c = 0; c < 3; c++) {
                v[3 * i + c] = vb.get(5 * i + c);
            }
            uv[2 * i] = vb.get(5 * i + 3);
            uv[2 * i + 1] = vb.get(5 * i + 4);
        }
        int[] tri = new int[ib.size()];
        for (int i = 0; i < tri.length; i++) {
            tri[i] = ib.get(i);
        }
        return new CanonicalFaceModel(v, uv, tri);
    }

    /** The canonical_mesh message (field 1) of GeometryPipelineMetadata. */
    private static byte[] canonicalMesh(byte[] bytes, String source) {
        ProtoReader top = new ProtoReader(bytes, 0, bytes.length);
        byte[] mesh = null;
        while (top.hasMore()) {
            int tag = top.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                mesh = top.bytes();
            } else {
                top.skip(tag & 7);
            }
        }
        if (mesh == null) {
            throw new IllegalArgumentException(source + ": no canonical_mesh in the geometry metadata");
        }
        return mesh;
    }

    /** Reads a Mesh3d message: its vertex buffer (packed or not) into {@code vb}, index buffer into {@code ib}; returns the vertex type. */
    private static long readMesh(byte[] mesh, List<Float> vb, List<Integer> ib) {
        ProtoReader r = new ProtoReader(mesh, 0, mesh.length);
        long vertexType = 0;
        while (r.hasMore()) {
            int tag = r.tag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == 1 && wire == 0) {
                vertexType = r.varint();
            } else if (field == 3 && wire == 2) {
                byte[] packed = r.bytes();
                ByteBuffer fb = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
                while (fb.remaining() >= 4) {
                    vb.add(fb.getFloat());
                }
            } else if (field == 3 && wire == 5) {
                vb.add(Float.intBitsToFloat(r.fixed32()));
            } else if (field == 4 && wire == 2) {
                byte[] packed = r.bytes();
                ProtoReader p = new ProtoReader(packed, 0, packed.length);
                while (p.hasMore()) {
                    ib.add((int) p.varint());
                }
            } else if (field == 4 && wire == 0) {
                ib.add((int) r.varint());
            } else {
                r.skip(wire);
            }
        }
        return vertexType;
    }

    /** Protocol-buffer wire-format reader (varint, fixed32/64, length-delimited). */
    private static final class ProtoReader {
        private final byte[] b;
        private int pos;
        private final int end;

        ProtoReader(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.end = to;
        }

        boolean hasMore() {
            return pos < end;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                int x = b[pos++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        int fixed32() {
            int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        byte[] bytes() {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new IllegalArgumentException("length-delimited field runs past the end");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return out;
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> bytes();
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + wire);
            }
        }
    }
}
