package io.lookout.it.process;

import io.lookout.it.CleanupHour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Lookout server of a test's own, started and killed as an operator's would be: the it-tests'
 * WildFly (configured by the same CLI scripts as the managed server, for H2 or PostgreSQL) run by
 * {@code standalone.sh} with a base directory of its own under {@code target/servers/{name}} (its
 * configuration copied, the built EAR in its {@code deployments}, its own H2 file and broker
 * journal under {@code data}), on its own port offset. On the {@code postgresql} profile it uses
 * a database of its own, {@code lookout_{name}}, created afresh by {@link #prepare}.
 *
 * <p>Unlike the managed Arquillian server it can be killed with SIGKILL mid-work and started again
 * on the same data, and its database can be prepared before it first starts.
 */
public final class ServerProcess implements AutoCloseable {

    /** The project key and admin password the server bootstraps (the managed server's too). */
    public static final String PROJECT_KEY = "1bcdef0123456789abcdef0123456789";

    public static final String ADMIN_PASSWORD = "it-admin-password";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int portOffset;
    private final Path jbossHome;
    private final Path base;
    private final Databases.Target database;
    private final List<String> systemProperties = new ArrayList<>();
    private Process process;
    private int starts;

    private ServerProcess(String name, int portOffset, Path jbossHome, Path base, Databases.Target database) {
        this.name = name;
        this.portOffset = portOffset;
        this.jbossHome = jbossHome;
        this.base = base;
        this.database = database;
    }

    /**
     * A server of its own with a fresh base directory (and, on PostgreSQL, a fresh database), not
     * started yet.
     *
     * @param name letters, digits and dashes: names the directory and the database
     * @param portOffset added to 8080 and 9990; must differ from every other server's
     */
    public static ServerProcess prepare(String name, int portOffset) {
        Path base = freshBase(name);
        return new ServerProcess(name, portOffset, jbossHome(), base, Databases.fresh(name, base.resolve("data")));
    }

    /**
     * Another node of {@code first}'s cluster: a server of its own (base directory, port offset) on
     * {@code first}'s database (PostgreSQL: an H2 file is one server's), not started yet.
     */
    public static ServerProcess prepareNode(String name, int portOffset, ServerProcess first) {
        if (!first.database.postgres()) {
            throw new IllegalStateException("nodes share a PostgreSQL database; H2's file is one server's");
        }
        return new ServerProcess(name, portOffset, jbossHome(), freshBase(name), first.database);
    }

    private static Path jbossHome() {
        return Path.of(require("jboss.home"));
    }

    private static Path freshBase(String name) {
        if (!name.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("server name must be lower-case letters, digits and dashes: " + name);
        }
        Path jbossHome = jbossHome();
        Path base = jbossHome.getParent().resolve("servers").resolve(name);
        try {
            deleteTree(base);
            Path configuration = base.resolve("configuration");
            Files.createDirectories(configuration);
            try (Stream<Path> files = Files.list(jbossHome.resolve("standalone/configuration"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, configuration.resolve(file.getFileName()));
                }
            }
            Files.createDirectories(base.resolve("deployments"));
            Files.copy(Path.of(require("lookout.ear")), base.resolve("deployments/lookout.ear"));
            Files.createDirectories(base.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return base;
    }

    /**
     * The spike rule is off on the process tests' servers ({@code LOOKOUT_QUOTA_SPIKE_FACTOR=0}; a
     * test's {@link #property} of {@code lookout.quota.spike-factor} overrides it): they send thousands
     * of events to project 1 within seconds to crash, fail over or regroup under load, and a project's
     * spike floor (12,000 a minute) admits 1,200 at once and then 200 a second (docs/architecture.md,
     * "Quotas"); without the rule the minute's limit (60,000: 6,000 at once, 1,000 a second) still holds.
     * The quotas themselves are QuotaIT's and QuotaAlertIT's, on the managed server.
     */
    static final String NO_SPIKE_RULE = "0";

    /**
     * The scheduled cleanup fires twelve hours from the suite's start on the process tests' servers
     * ({@code LOOKOUT_RETENTION_SCHEDULE_HOUR}; a test's {@link #property} overrides it), not every 15
     * minutes: a test that sends expired events and asks for a cleanup itself must find them where it
     * sent them, not taken by the timer meanwhile (CrashIT once lost 414 of its 1,200 expired events
     * to it before its own run). The schedule itself is RetentionIT's, on the managed server.
     */
    static String cleanupHourFarFromNow() {
        return CleanupHour.hour();
    }

    /** Adds {@code -Dkey=value} to the server's JVM for the next starts (e.g. a config key). */
    public ServerProcess property(String key, String value) {
        systemProperties.add("-D" + key + "=" + value);
        return this;
    }

    /**
     * Switches the server to an external ActiveMQ Artemis broker, as {@code configure.sh} does with
     * {@code LOOKOUT_BROKER_URL} ({@code ear/src/main/wildfly/remote-broker.sh} on this server's own
     * configuration): before its first start.
     *
     * @param urls the primary's and the backup's {@code tcp://host:port}, comma-separated
     */
    public ServerProcess remoteBroker(String urls) {
        Path script = Path.of(require("lookout.repo"), "ear/src/main/wildfly/remote-broker.sh");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", script.toString(), jbossHome.toString(), urls, base.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        base.resolve("remote-broker.log").toFile()));
        try {
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("remote-broker.sh failed:\n" + read(base.resolve("remote-broker.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    /**
     * Gives the server a node role, as {@code configure.sh} does with {@code LOOKOUT_NODE_ROLE}
     * ({@code ear/src/main/wildfly/node-role.sh} on this server's own configuration): before it starts.
     *
     * @param role {@code edge}, {@code consumer} or {@code both}
     */
    public ServerProcess nodeRole(String role) {
        script("node-role.sh", List.of(role), "node-role.log");
        return this;
    }

    /**
     * Runs one management command on the running server ({@code jboss-cli.sh --connect}, local
     * authentication) and returns its output; fails when the command fails.
     */
    public String cli(String command) {
        Path log = base.resolve("cli.log");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        jbossHome.resolve("bin/jboss-cli.sh").toString(),
                        "--connect",
                        "--controller=127.0.0.1:" + (9990 + portOffset),
                        "--command=" + command)
                .redirectErrorStream(true);
        try {
            Process cli = builder.start();
            String output = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!cli.waitFor(120, TimeUnit.SECONDS)
                    || cli.exitValue() != 0
                    || output.contains("\"outcome\" => \"failed\"")) {
                cli.destroyForcibly();
                throw new IllegalStateException("jboss-cli " + command + " failed:\n" + output);
            }
            Files.writeString(
                    log,
                    command + "\n" + output,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void script(String name, List<String> arguments, String logName) {
        Path script = Path.of(require("lookout.repo"), "ear/src/main/wildfly", name);
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), jbossHome.toString()));
        command.addAll(arguments);
        command.add(base.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(base.resolve(logName).toFile()));
        try {
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " failed:\n" + read(base.resolve(logName)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's data directory ({@code standalone/data}): H2's file is {@code lookout/lookout.mv.db}. */
    public Path dataDir() {
        return base.resolve("data");
    }

    /** The server's log file. */
    public Path log() {
        return base.resolve("log/server.log");
    }

    /** The JDBC URL of the server's database (an H2 file URL, or its PostgreSQL database). */
    public String jdbcUrl() {
        return database.url();
    }

    /** The server's database, for a test that reads or prepares it while the server is stopped (H2) or running (PostgreSQL). */
    public Databases.Target database() {
        return database;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + (9990 + portOffset);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server and returns once {@code /health/ready} answers 200 (the EAR deployed, the database migrated). */
    public ServerProcess start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is running already");
        }
        requireFreePort(8080 + portOffset);
        requireFreePort(9990 + portOffset);
        starts++;
        List<String> command = List.of(
                "bash",
                jbossHome.resolve("bin/standalone.sh").toString(),
                "-c",
                "standalone-full.xml",
                "-b",
                "127.0.0.1",
                "-bmanagement",
                "127.0.0.1",
                "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + portOffset);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        base.resolve("console.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put(
                "JAVA_OPTS",
                String.join(
                                " ",
                                List.of(
                                        "-Xms256m",
                                        "-Xmx1g",
                                        // C1 only: a boot takes 11 s instead of 18 on two cores (the C2
                                        // compiler's threads take them from the boot); the tests check
                                        // behaviour, not speed
                                        "-XX:TieredStopAtLevel=1",
                                        "-XX:MetaspaceSize=96M",
                                        "-XX:MaxMetaspaceSize=512m",
                                        "-Djava.net.preferIPv4Stack=true",
                                        "-Djava.awt.headless=true"))
                        + " " + String.join(" ", systemProperties));
        env.put("LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("LOOKOUT_BOOTSTRAP_PROJECT_KEY", PROJECT_KEY);
        env.put("LOOKOUT_PUBLIC_URL", baseUrl());
        env.put("LOOKOUT_QUOTA_SPIKE_FACTOR", NO_SPIKE_RULE);
        env.put("LOOKOUT_RETENTION_SCHEDULE_HOUR", cleanupHourFarFromNow());
        env.remove("LAUNCH_JBOSS_IN_BACKGROUND");
        database.environment(env);
        try {
            Files.deleteIfExists(base.resolve("deployments/lookout.ear.failed"));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
        return this;
    }

    /** SIGKILL to the server's JVM and its start script at once: no shutdown hook, no flush, as {@code kill -9}. */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = processes();
        all.forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(all, Duration.ofSeconds(30))) {
            throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
        }
        process = null;
    }

    /** A clean shutdown (SIGTERM to the JVM, as an operator's service stop), SIGKILL after 60 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = processes();
        all.stream().filter(handle -> handle.pid() != process.pid()).forEach(ProcessHandle::destroy);
        if (!awaitExit(all, Duration.ofSeconds(60))) {
            kill();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** The start script and everything it started (the JVM), taken before a signal: a dead script's children are no longer its descendants. */
    private List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        return all;
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return true;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited while starting (code " + process.exitValue() + "):\n" + tail());
            }
            if (Files.exists(base.resolve("deployments/lookout.ear.failed"))) {
                throw new IllegalStateException(
                        name + ": the deployment failed:\n" + read(base.resolve("deployments/lookout.ear.failed")));
            }
            if (status(managementUrl() + "/health/ready") == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        name + " was not ready after " + START_TIMEOUT.toSeconds() + " s:\n" + tail());
            }
            sleep(500);
        }
    }

    /** The status of a GET, or -1 when nothing answers. */
    private static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the server's log (or console), for a failure message. */
    public String tail() {
        Path file = Files.exists(log()) ? log() : base.resolve("console.log");
        List<String> lines = read(file).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

    private static void requireFreePort(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException free) {
            return;
        }
        throw new IllegalStateException("port " + port + " is in use: another server runs on this offset");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Polls {@code probe} until it answers non-null, at most {@code timeout}; fails naming {@code what}. */
    static <T> T await(java.util.function.Supplier<T> probe, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String require(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (see it-tests/pom.xml)");
        }
        return value;
    }
}
