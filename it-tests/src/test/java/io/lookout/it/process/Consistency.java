package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.Recount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every aggregate against a recount from the events, twice: {@link Recount} (the ejb module's test
 * jar) and the operators' consistency script of {@code bench/} ({@code consistency.sql} on
 * PostgreSQL, {@code consistency-h2.sql} on H2), run statement by statement.
 */
public final class Consistency {

    private Consistency() {}

    /** What differs from a recount, one line per mismatch; empty when every aggregate is exact. */
    public static List<String> problems(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>(Recount.mismatches(connection));
        problems.addAll(scriptChecks(connection, Databases.postgres() ? "consistency.sql" : "consistency-h2.sql"));
        return problems;
    }

    /** Runs a {@code bench/} consistency script: each statement answers a check's name and its number of mismatches. */
    static List<String> scriptChecks(Connection connection, String script) throws SQLException {
        return scriptChecks(connection, script, 8);
    }

    /** The same for a script with at least {@code minChecks} checks (e.g. 6 in {@code consistency-retention.sql}). */
    static List<String> scriptChecks(Connection connection, String script, int minChecks) throws SQLException {
        Path file =
                Path.of(System.getProperty("user.dir")).resolveSibling("bench").resolve(script);
        String sql;
        try {
            sql = Files.readAllLines(file).stream()
                    .filter(line -> !line.startsWith("\\") && !line.startsWith("--"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        int checks = 0;
        for (String statement : sql.split(";\\s*\n")) {
            if (statement.isBlank()) {
                continue;
            }
            try (Statement jdbc = connection.createStatement();
                    ResultSet rows = jdbc.executeQuery(statement)) {
                while (rows.next()) {
                    checks++;
                    if (rows.getLong(2) != 0) {
                        problems.add(script + ": " + rows.getString(1) + " has " + rows.getLong(2) + " mismatches");
                    }
                }
            }
        }
        assertTrue(checks >= minChecks, script + " ran only " + checks + " checks");
        return problems;
    }
}
