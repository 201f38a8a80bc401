package io.lookout.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An ActiveMQ Artemis primary/backup pair with replication of a test's own, run by the script an
 * admin runs ({@code deploy/cluster/broker.sh}) from the stock distribution the build unpacks
 * ({@code artemis.home}), with the repo's {@code deploy/broker/*}{@code /broker.xml}. Its instances
 * live under {@code target/brokers/{name}}; {@link #close} kills every process whose command line
 * names that directory, whatever happened before.
 */
public final class BrokerPair implements AutoCloseable {

    private final Path dir;
    private final int primaryPort;
    private final int backupPort;
    private final String javaOptions;

    private BrokerPair(Path dir, int primaryPort, int backupPort, String javaOptions) {
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.backupPort = backupPort;
        this.javaOptions = javaOptions;
    }

    /**
     * A fresh pair (its instance directories deleted), not started.
     *
     * @param javaOptions more options of the brokers' JVMs, e.g. {@code -Dlookout.ingest.broker-max-delivery-attempts=60}
     */
    public static BrokerPair prepare(String name, int primaryPort, int backupPort, String javaOptions) {
        Path dir = Path.of(ServerProcess.require("jboss.home"))
                .getParent()
                .resolve("brokers")
                .resolve(name)
                .toAbsolutePath();
        BrokerPair pair = new BrokerPair(dir, primaryPort, backupPort, javaOptions);
        pair.killAll();
        try {
            ServerProcess.deleteTree(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pair;
    }

    /** {@code tcp://} URLs of the primary and the backup, as {@code LOOKOUT_BROKER_URL} takes them. */
    public String urls() {
        return "tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort;
    }

    /** The instance directory of {@code primary} or {@code backup}. */
    public Path instance(String role) {
        return dir.resolve(role);
    }

    /** Starts the primary, then the backup, returning once the backup is in sync with the primary. */
    public BrokerPair start() {
        script("start", "both");
        return this;
    }

    public void start(String role) {
        script("start", role);
    }

    /** SIGKILL to one broker (as {@code kill -9}). */
    public void kill(String role) {
        script("kill", role);
    }

    /** The broker's log since it was created. */
    public String log(String role) {
        Path log = instance(role).resolve("log/artemis.log");
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        killAll();
    }

    /** Kills every process whose command line names this pair's directory (both brokers, a start script). */
    private void killAll() {
        String marker = dir.toString() + "/";
        List<ProcessHandle> ours = ProcessHandle.allProcesses()
                .filter(handle -> handle.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false))
                .toList();
        ours.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : ours) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("broker process " + handle.pid() + " still runs after SIGKILL", e);
            }
        }
    }

    private void script(String action, String role) {
        Path script = Path.of(ServerProcess.require("lookout.repo"), "deploy/cluster/broker.sh");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", script.toString(), ServerProcess.require("artemis.home"), dir.toString(), action, role)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.sh.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("LOOKOUT_BROKER_PRIMARY", "127.0.0.1:" + primaryPort);
        env.put("LOOKOUT_BROKER_BACKUP", "127.0.0.1:" + backupPort);
        env.put("LOOKOUT_BROKER_JAVA_OPTS", javaOptions);
        try {
            Process process = builder.start();
            if (!process.waitFor(Duration.ofSeconds(300).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("broker.sh " + action + " " + role + " took more than 300 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("broker.sh " + action + " " + role + " failed:\n"
                        + Files.readString(dir.resolve("broker.sh.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
