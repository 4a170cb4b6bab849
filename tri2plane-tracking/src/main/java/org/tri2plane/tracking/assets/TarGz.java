package org.tri2plane.tracking.assets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Extracts selected regular files from a gzip-compressed tar archive (an npm tarball). */
final class TarGz {

    private TarGz() {}

    /**
     * Streams {@code archive} once and writes each regular entry whose path is a key of
     * {@code wanted} to the mapped file. Returns how many were written; missing entries are the
     * caller's to detect.
     */
    public static int extract(Path archive, Map<String, Path> wanted) throws IOException {
        int written = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = e.isFile() ? wanted.get(e.getName()) : null;
                if (target != null) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    written++;
                }
            }
        }
        return written;
    }
}
