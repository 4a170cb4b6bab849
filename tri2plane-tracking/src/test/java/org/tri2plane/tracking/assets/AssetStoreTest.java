package org.tri2plane.tracking.assets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetStoreTest {

    private static final byte[] MODEL = "{\"format\": \"graph-model\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PACKED = new byte[3000];
    private static final String LONG = "models/" + "very-long-directory-name/".repeat(5) + "weights.bin";
    private static final byte[] WEIGHTS = new byte[777];

    static {
        for (int i = 0; i < PACKED.length; i++) {
            PACKED[i] = (byte) (i * 31 + 7);
        }
        Arrays.fill(WEIGHTS, (byte) 5);
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A tar.gz with a plain entry, a pax long-name entry, a GNU long-name entry and an ignored one. */
    static byte[] tgz() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        entry(raw, "package/models/m.json", '0', MODEL);
        byte[] pax = paxRecord("path", "package/" + LONG);
        entry(raw, "PaxHeaders/x", 'x', pax);
        entry(raw, "package/models/truncated-name", '0', WEIGHTS);
        byte[] gnu = ("package/data/" + "x".repeat(120) + ".data").getBytes(StandardCharsets.UTF_8);
        entry(raw, "././@LongLink", 'L', gnu);
        entry(raw, "package/data/xxxx", '0', PACKED);
        entry(raw, "package/README.md", '0', "hello".getBytes(StandardCharsets.UTF_8));
        raw.write(new byte[1024]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw.toByteArray());
        }
        return out.toByteArray();
    }

    private static byte[] paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int len = body.length();
        int total = len + String.valueOf(len).length();
        if (String.valueOf(total).length() != String.valueOf(len).length()) {
            total++;
        }
        return (total + body).getBytes(StandardCharsets.UTF_8);
    }

    private static void entry(ByteArrayOutputStream out, String name, char type, byte[] data) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        out.write(h);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** A stand-in for npm that copies a prepared tarball and counts its calls. */
    static List<String> fakeNpm(Path dir, byte[] tarball) throws IOException {
        Path tgz = dir.resolve("served.tgz");
        Files.write(tgz, tarball);
        Path script = dir.resolve("npm");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo call >> '" + dir.resolve("calls") + "'\n"
                + "[ \"$1\" = pack ] || exit 3\n"
                + "cp '" + tgz + "' \"$4/pkg-1.0.0.tgz\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return List.of(script.toString());
    }

    static long calls(Path dir) throws IOException {
        Path c = dir.resolve("calls");
        return Files.exists(c) ? Files.readAllLines(c).size() : 0;
    }

    static AssetCatalog catalog(String tgzSha) throws Exception {
        String gnuName = "data/" + "x".repeat(120) + ".data";
        byte[] slice = Arrays.copyOfRange(PACKED, 1000, 1500);
        return new AssetCatalog(List.of(new AssetCatalog.Package("pkg", "1.0.0", tgzSha, "MIT", List.of(
                new AssetCatalog.File("models/m.json", "m.json", null, null, MODEL.length, sha(MODEL), "model"),
                new AssetCatalog.File(LONG, "w.bin", null, null, WEIGHTS.length, sha(WEIGHTS), "weights"),
                new AssetCatalog.File(gnuName, "slice.bin", 1000L, 1500L, 500, sha(slice), "a byte range")))));
    }

    @Test
    void fetchesVerifiesAndKeepsOnlyTheListedFiles(@TempDir Path tmp) throws Exception {
        byte[] tarball = tgz();
        Path cache = tmp.resolve("cache");
        AssetStore store = new AssetStore(cache, catalog(sha(tarball)), fakeNpm(tmp, tarball));
        List<String> log = new ArrayList<>();
        List<AssetStore.FileStatus> files = store.fetchAll(log::add);
        assertEquals(3, files.size());
        assertTrue(files.stream().allMatch(AssetStore.FileStatus::fetched));
        assertArrayEquals(MODEL, Files.readAllBytes(cache.resolve("m.json")));
        assertArrayEquals(WEIGHTS, Files.readAllBytes(cache.resolve("w.bin")));
        assertArrayEquals(Arrays.copyOfRange(PACKED, 1000, 1500), Files.readAllBytes(cache.resolve("slice.bin")));
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(3, s.count(), "only the kept files, no tarball or temporary folder");
        }
        assertEquals(1, calls(tmp));
        // second run: everything verified, npm not called
        assertFalse(store.fetchAll(log::add).get(0).fetched());
        assertEquals(1, calls(tmp));
        // a damaged file is fetched again on demand
        Files.write(cache.resolve("w.bin"), new byte[WEIGHTS.length]);
        assertEquals(cache.resolve("w.bin"), store.require("w.bin"));
        assertArrayEquals(WEIGHTS, Files.readAllBytes(cache.resolve("w.bin")));
        assertEquals(2, calls(tmp));
        // fetch-assets says that it repairs a damaged file, and which
        Files.write(cache.resolve("m.json"), new byte[] {1, 2, 3});
        log.clear();
        assertTrue(store.fetchAll(log::add).get(0).fetched());
        assertTrue(log.stream().anyMatch(l -> l.contains(cache.resolve("m.json").toString()) && l.contains("damaged")), log.toString());
        assertArrayEquals(MODEL, Files.readAllBytes(cache.resolve("m.json")));
    }

    @Test
    void tarballWithTheWrongHashWritesNothing(@TempDir Path tmp) throws Exception {
        byte[] tarball = tgz();
        Path cache = tmp.resolve("cache");
        AssetStore store = new AssetStore(cache, catalog("00".repeat(32)), fakeNpm(tmp, tarball));
        AssetException e = assertThrows(AssetException.class, () -> store.fetchAll(s -> { }));
        assertTrue(e.getMessage().contains("pkg@1.0.0") && e.getMessage().contains("not the pinned"), e.getMessage());
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(0, s.count(), "nothing half-written in the cache");
        }
    }

    @Test
    void missingNpmIsExplained(@TempDir Path tmp) throws Exception {
        AssetStore store = new AssetStore(tmp.resolve("cache"), catalog("00".repeat(32)),
                List.of(tmp.resolve("no-such-npm").toString()));
        AssetException e = assertThrows(AssetException.class, () -> store.require("m.json"));
        assertTrue(e.getMessage().contains("npm is needed"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("cache").toString()), e.getMessage());
    }

    @Test
    void builtInCatalogPinsTheAssetsAndTheShippedTestModelsMatchIt() throws Exception {
        AssetCatalog c = AssetCatalog.builtIn();
        assertEquals(4, c.packages().size());
        assertEquals("253751d5549ef5d4bb82693fa851197fa53e5373c69acc0a11c8d6601f4b7e02", c.file("franck.mp4").sha256());
        assertEquals(19376, c.file("canonical_face_model.binarypb").bytes());
        for (String model : List.of("blazeface.json", "blazeface.bin", "facemesh.json", "facemesh.bin", "selfie.json", "selfie.bin")) {
            Path shipped = Path.of(AssetStoreTest.class.getResource("/models/" + model).toURI());
            assertEquals(c.file(model).sha256(), org.tri2plane.core.util.Sha256.of(shipped), model);
            assertEquals(c.file(model).bytes(), Files.size(shipped), model);
        }
    }

    @Test
    void theDefaultCacheFollowsTheEnvironmentLikeAShellWould() {
        assertEquals(Path.of("/a/assets"), AssetStore.defaultDirectory(java.util.Map.of("TRI2PLANE_ASSETS", "/a/assets",
                "HOME", "/h"), "/pw"));
        assertEquals(Path.of("/x/tri2plane/assets"), AssetStore.defaultDirectory(java.util.Map.of("XDG_CACHE_HOME", "/x",
                "HOME", "/h"), "/pw"));
        // $HOME, not the password database's home: a run with HOME=/h finds what `npm` and the scripts put in /h
        assertEquals(Path.of("/h/.cache/tri2plane/assets"), AssetStore.defaultDirectory(java.util.Map.of("HOME", "/h"), "/pw"));
        assertEquals(Path.of("/pw/.cache/tri2plane/assets"), AssetStore.defaultDirectory(java.util.Map.of(), "/pw"));
    }
}
