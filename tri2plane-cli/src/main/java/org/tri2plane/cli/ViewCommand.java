package org.tri2plane.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.render.view.LiveDrive;
import org.tri2plane.render.view.ViewScene;
import org.tri2plane.render.view.ViewServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane view}: a local web page to turn and drive a trained avatar. */
@Command(
        name = "view",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a local web server and prints its address: a page that renders the avatar as you move",
            "its sliders (yaw and pitch, the expression coefficients, the canonical view) and plays the",
            "held-out frames, or follows your face in the browser's camera (live drive). Binds 127.0.0.1",
            "unless --bind says otherwise; stop it with Ctrl-C."
        })
final class ViewCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AvatarOptions avatarOptions;

    @Option(names = "--port", defaultValue = "8765", paramLabel = "N", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = {"Interface to listen on (default: ${DEFAULT-VALUE}, this machine only). Another address lets",
                "other machines render your avatar: only on a network you trust."})
    private String bind;

    @Mixin
    private LiveOptions liveOptions;

    @Option(names = "--no-live", description = "Without live drive (no face models are loaded).")
    private boolean noLive;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be from 0 to 65535, was " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind " + bind + " is not an address of this machine");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!address.isLoopbackAddress()) {
            err.println("warning: --bind " + bind + " serves the viewer beyond this machine: anyone who can reach it can render"
                    + " this avatar (there is no password)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Consumer<String> log = line -> {
            err.println(line);
            err.flush();
        };
        try (NDManager faces = NDManager.newBaseManager(); Avatar avatar = avatarOptions.open()) {
            ViewScene scene = new ViewScene(avatar);
            LiveDrive live = null;
            String liveMissing = "started with --no-live";
            if (!noLive) {
                try {
                    live = liveOptions.open(scene, avatar, faces);
                } catch (RuntimeException e) {
                    liveMissing = "the face models could not be loaded (" + e.getMessage() + "); run tri2plane fetch-assets";
                    log.accept("view: live drive is off: " + liveMissing);
                }
            }
            try (ViewServer server = ViewServer.start(scene, live, liveMissing, new InetSocketAddress(address, port), log)) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    stopped.countDown();
                }, "tri2plane-view-stop"));
                out.println("tri2plane view: serving " + avatar.subject().meta().name() + " at " + server.address()
                        + (live != null ? " with live drive" : "") + " (Ctrl-C stops it)");
                out.flush();
                stopped.await();
            }
        } catch (java.net.BindException e) {
            throw new CliException("cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "): choose another --port");
        }
        return 0;
    }
}
