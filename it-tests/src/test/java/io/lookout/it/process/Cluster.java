package io.lookout.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lookout as a cluster of a test's own, run by the script a developer or admin runs
 * ({@code deploy/cluster/cluster.sh}): the broker pair, {@code nodes} WildFly nodes with the built
 * EAR on one PostgreSQL database, and the balancer in front, all from the distributions the build
 * unpacks. Its files live under {@code target/clusters/{name}}; the balancer serves on port offset
 * {@code portOffset}, node N on {@code portOffset + 10 N}, the brokers on 61701 and 61702 plus it.
 */
public final class Cluster implements AutoCloseable {

    private final Path dir;
    private final int nodes;
    private final int portOffset;
    private final Databases.Target database;

    private Cluster(Path dir, int nodes, int portOffset, Databases.Target database) {
        this.dir = dir;
        this.nodes = nodes;
        this.portOffset = portOffset;
        this.database = database;
    }

    /** A fresh cluster (its directory and its database {@code lookout_{name}} new), not started. */
    public static Cluster prepare(String name, int nodes, int portOffset) {
        Path dir = Path.of(ServerProcess.require("jboss.home"))
                .getParent()
                .resolve("clusters")
                .resolve(name)
                .toAbsolutePath();
        try {
            ServerProcess.deleteTree(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Cluster(dir, nodes, portOffset, Databases.fresh(name, dir));
    }

    /** The one address: the balancer's. */
    public String address() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    public Databases.Target database() {
        return database;
    }

    /** Node N's server log. */
    public Path log(int node) {
        return dir.resolve("node-" + node + "/log/server.log");
    }

    /** Starts the brokers, the nodes and the balancer; returns once the balancer serves. */
    public Cluster start() {
        script("start");
        return this;
    }

    /** SIGKILL to node N (as {@code kill -9}). */
    public void killNode(int node) {
        script("kill-node", String.valueOf(node));
    }

    /** Starts node N again; returns once it is ready. */
    public void startNode(int node) {
        script("start-node", String.valueOf(node));
    }

    /** {@code cluster.sh status}: one line per part. */
    public String status() {
        return script("status");
    }

    @Override
    public void close() {
        script("stop");
    }

    private String script(String... arguments) {
        Path script = Path.of(ServerProcess.require("lookout.repo"), "deploy/cluster/cluster.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        Path output = dir.resolve("cluster.sh." + arguments[0] + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("JBOSS_HOME", ServerProcess.require("jboss.home"));
        env.put("ARTEMIS_HOME", ServerProcess.require("artemis.home"));
        env.put("LOOKOUT_EAR", ServerProcess.require("lookout.ear"));
        env.put("LOOKOUT_CLUSTER_DIR", dir.toString());
        env.put("LOOKOUT_CLUSTER_NODES", String.valueOf(nodes));
        env.put("LOOKOUT_CLUSTER_PORT_OFFSET", String.valueOf(portOffset));
        env.put("LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD);
        env.put("LOOKOUT_BOOTSTRAP_PROJECT_KEY", ServerProcess.PROJECT_KEY);
        env.put("LOOKOUT_QUOTA_SPIKE_FACTOR", ServerProcess.NO_SPIKE_RULE); // as ServerProcess's servers
        env.put("LOOKOUT_RETENTION_SCHEDULE_HOUR", ServerProcess.cleanupHourFarFromNow()); // likewise
        env.remove("LOOKOUT_PUBLIC_URL");
        database.environment(env);
        try {
            Process process = builder.start();
            if (!process.waitFor(900, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " took more than 900 s");
            }
            String out = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
