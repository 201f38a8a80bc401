package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cause of the events H2 lost on {@code kill -9}, tested on its own: a process commits into an
 * H2 file with the connection options Lookout's H2 datasource ships ({@code datasource-h2.cli}),
 * prints each commit once it has returned, and is killed with SIGKILL; every commit it printed
 * must be in the file afterwards. With H2's default write delay the same loop loses its last
 * commits, which is what made acknowledged events disappear ({@link CrashIT} finds it end to end,
 * when the kill falls in that window).
 */
class H2CommitDurabilityIT {

    @Test
    void everyCommitThatReturnedSurvivesAKilledProcessWithTheShippedOptions() throws Exception {
        Run run = killMidLoop("shipped", shippedOptions());
        // the kill may fall between a commit and its print: then the file holds that one batch more
        assertTrue(
                run.stored() >= run.printed() && run.stored() <= run.printed() + H2CommitLoop.BATCH,
                "every row of the commits that returned before the kill is in the file: " + run);
    }

    @Test
    void withH2sDefaultWriteDelayTheLastCommitsAreLost() throws Exception {
        Run run = killMidLoop("default-delay", shippedOptions().replace(";WRITE_DELAY=0", ""));
        assertTrue(run.stored() < run.printed(), "H2's default write delay loses commits that returned: " + run);
    }

    private record Run(long printed, long stored) {}

    /** Starts the commit loop, kills it with SIGKILL after two seconds of commits, and counts what the file kept. */
    private static Run killMidLoop(String name, String options) throws Exception {
        Path dir = Path.of(ServerProcess.require("jboss.home"))
                .getParent()
                .resolve("h2-durability")
                .resolve(name);
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(File::delete);
            }
        }
        Files.createDirectories(dir);
        String url = "jdbc:h2:" + dir.resolve("db") + options;
        Path h2 = Databases.h2Jar();
        Process loop = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        h2
                                + File.pathSeparator
                                + Path.of(H2CommitLoop.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI()),
                        H2CommitLoop.class.getName(),
                        url)
                .redirectErrorStream(true)
                .start();
        long printed = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(loop.getInputStream(), StandardCharsets.UTF_8))) {
            long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!line.matches("\\d+")) {
                    throw new AssertionError("the commit loop failed: " + line);
                }
                printed = Long.parseLong(line);
                if (System.nanoTime() > killAt && loop.isAlive()) {
                    // SIGKILL through the handle: Process.destroyForcibly also closes the pipe, and the
                    // lines the loop printed before the kill but this reader had not read yet were lost
                    loop.toHandle().destroyForcibly();
                }
            }
        }
        assertTrue(loop.waitFor(30, TimeUnit.SECONDS), "the commit loop is dead");
        assertTrue(printed > 0, "the loop committed before it was killed");
        try (Connection connection = Databases.h2Driver().connect("jdbc:h2:" + dir.resolve("db"), credentials());
                ResultSet table = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'COMMITTED'")) {
            table.next();
            if (table.getLong(1) == 0) {
                // not even the table reached the file (H2 2.4.240 with its default write delay): nothing was kept
                return new Run(printed, 0);
            }
            try (ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM committed")) {
                rows.next();
                return new Run(printed, rows.getLong(1));
            }
        }
    }

    private static java.util.Properties credentials() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", "sa");
        properties.setProperty("password", "sa");
        return properties;
    }

    /** The options of the connection URL in {@code ear/src/main/wildfly/datasource-h2.cli}: what an installation gets. */
    private static String shippedOptions() throws IOException {
        String script = Files.readString(Path.of("..", "ear", "src", "main", "wildfly", "datasource-h2.cli"));
        Matcher url =
                Pattern.compile("connection-url=\"jdbc:h2:[^;\"]*(;[^\"]*)\"").matcher(script);
        assertTrue(url.find(), "datasource-h2.cli sets a connection-url");
        return url.group(1);
    }
}
