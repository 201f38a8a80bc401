package io.lookout.processors.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of {@code src/test/resources/query/corpus.sql} and pt-fingerprint's output for
 * them ({@code pt-fingerprint.txt}). See the corpus file's header for its format.
 */
final class QueryCorpus {

    /** One corpus statement; {@code number} counts from 1 in file order. */
    record Statement(int number, String engine, String sql) {

        Dialect dialect() {
            return Dialect.ofEngine(engine);
        }

        @Override
        public String toString() {
            return "#" + number + " [" + engine + "] " + sql.replace('\n', ' ');
        }
    }

    private QueryCorpus() {}

    static List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        String engine = null;
        StringBuilder sql = new StringBuilder();
        for (String line : lines("corpus.sql")) {
            if (engine == null) {
                if (line.startsWith("##") || line.isBlank()) {
                    continue;
                }
                int bar = line.indexOf('|');
                String prefix = bar < 0 ? "" : line.substring(0, bar);
                engine = switch (prefix) {
                    case "pg" -> "postgresql";
                    case "my" -> "mysql";
                    default -> throw new IllegalStateException("corpus line without pg| or my|: " + line);
                };
                sql.append(line, bar + 1, line.length());
            } else {
                sql.append('\n').append(line);
            }
            if (line.endsWith(";")) {
                sql.setLength(sql.length() - 1);
                statements.add(new Statement(statements.size() + 1, engine, sql.toString()));
                sql.setLength(0);
                engine = null;
            }
        }
        if (engine != null) {
            throw new IllegalStateException("the last corpus statement does not end with ';'");
        }
        return statements;
    }

    static List<String> ptFingerprints() {
        return lines("pt-fingerprint.txt");
    }

    private static List<String> lines(String name) {
        try (InputStream in = QueryCorpus.class.getResourceAsStream("/query/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /query/" + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
