package org.tri2plane.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tri2plane.core.avatar.Avatar;
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
            "held-out frames. Binds 127.0.0.1 unless --bind says otherwise; stop it with Ctrl-C."
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
        try (Avatar avatar = avatarOptions.open();
                ViewServer server = ViewServer.start(new ViewScene(avatar), new InetSocketAddress(address, port), line -> {
                    err.println(line);
                    err.flush();
                })) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "tri2plane-view-stop"));
            out.println("tri2plane view: serving " + avatar.subject().meta().name() + " at " + server.address() + " (Ctrl-C stops it)");
            out.flush();
            stopped.await();
        } catch (java.net.BindException e) {
            throw new CliException("cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "): choose another --port");
        }
        return 0;
    }
}
