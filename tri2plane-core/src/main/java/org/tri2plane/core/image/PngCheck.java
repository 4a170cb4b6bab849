package org.tri2plane.core.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A fast structural check of a PNG file without decoding it: the signature, every chunk's length
 * and CRC-32, IHDR first and IEND last. Finds truncated and corrupted files (a flipped byte
 * anywhere fails its chunk's CRC) in a fraction of the time a decode takes.
 */
public final class PngCheck {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngCheck() {}

    /** What is wrong with {@code file} as a PNG, or null when its structure is whole. */
    public static String problem(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        if (b.length < SIGNATURE.length + 12) {
            return "is too short for a PNG (" + b.length + " bytes)";
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (b[i] != SIGNATURE[i]) {
                return "does not start with the PNG signature";
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int pos = SIGNATURE.length;
        boolean first = true;
        while (pos + 12 <= b.length) {
            long length = Integer.toUnsignedLong(buf.getInt(pos));
            if (pos + 12 + length > b.length) {
                return "is truncated: a chunk at byte " + pos + " runs past the end of the file";
            }
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (first && !type.equals("IHDR")) {
                return "does not begin with an IHDR chunk";
            }
            first = false;
            CRC32 crc = new CRC32();
            crc.update(b, pos + 4, 4 + (int) length);
            long stored = Integer.toUnsignedLong(buf.getInt(pos + 8 + (int) length));
            if (crc.getValue() != stored) {
                return "is corrupted: the CRC of its " + type + " chunk at byte " + pos + " does not match";
            }
            pos += 12 + (int) length;
            if (type.equals("IEND")) {
                return pos == b.length ? null : "has " + (b.length - pos) + " bytes after its IEND chunk";
            }
        }
        return "is truncated: it ends before its IEND chunk";
    }
}
