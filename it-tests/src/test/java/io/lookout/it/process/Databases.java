package io.lookout.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The databases of {@link ServerProcess}es and JDBC connections to them with the very drivers the
 * server uses (H2's jar from the server's module {@code io.lookout.h2}: its file format must match;
 * PostgreSQL's from {@code target/drivers}), so the tests need no driver of their own on the class path.
 */
public final class Databases {

    private static final Map<String, Driver> DRIVERS = new ConcurrentHashMap<>();

    /** Where a server keeps its data: the JDBC URL and credentials, and how the server is told. */
    public record Target(String url, String user, String password, boolean postgres) {

        /** Sets what the server's datasource reads (the PostgreSQL CLI script takes the URL from the environment). */
        void environment(Map<String, String> env) {
            if (postgres) {
                env.put("LOOKOUT_DB_URL", url);
                env.put("LOOKOUT_DB_USER", user);
                env.put("LOOKOUT_DB_PASSWORD", password);
            }
        }

        /** A connection; for H2 only while its server is stopped (the file is locked while it runs). */
        public Connection connect() throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            Connection connection = driver(postgres).connect(url, properties);
            if (connection == null) {
                throw new SQLException("no driver accepts " + url);
            }
            return connection;
        }
    }

    private Databases() {}

    /** Which database the suite runs on: {@code h2} or {@code postgresql} (the module's {@code lookout.db}). */
    public static boolean postgres() {
        return "postgresql".equals(System.getProperty("lookout.db", "h2"));
    }

    /**
     * A fresh database for server {@code name}: on H2 the file under {@code dataDir} (absent until
     * the server first starts), on PostgreSQL the database {@code lookout_{name}} dropped and
     * created on the server of {@code LOOKOUT_DB_URL}.
     */
    static Target fresh(String name, Path dataDir) {
        if (!postgres()) {
            return new Target("jdbc:h2:" + dataDir.resolve("lookout/lookout"), "sa", "sa", false);
        }
        String suiteUrl = env("LOOKOUT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/lookout");
        String user = env("LOOKOUT_DB_USER", "postgres");
        String password = env("LOOKOUT_DB_PASSWORD", "unused");
        String database = "lookout_" + name.replace('-', '_');
        int slash = suiteUrl.lastIndexOf('/');
        int query = suiteUrl.indexOf('?', slash);
        String prefix = suiteUrl.substring(0, slash + 1);
        String suffix = query < 0 ? "" : suiteUrl.substring(query);
        Target maintenance = new Target(prefix + "postgres" + suffix, user, password, true);
        try (Connection connection = maintenance.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create PostgreSQL database " + database + " at " + maintenance.url(), e);
        }
        return new Target(prefix + database + suffix, user, password, true);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The H2 driver of the server (its jar from the WildFly modules). */
    public static Driver h2Driver() {
        return driver(false);
    }

    /**
     * The jar of the H2 version the server runs: the one the build copied to {@code target/drivers}
     * and {@code datasource-h2.cli} installs as the module {@code io.lookout.h2} (there also when the
     * server is configured for PostgreSQL).
     */
    public static Path h2Jar() {
        return Path.of(ServerProcess.require("jboss.home")).getParent().resolve("drivers/h2.jar");
    }

    /**
     * The H2 that WildFly itself ships (2.2.224), which Lookout's embedded default ran on until
     * 2026-12-05: an installation upgraded from then has a file this version wrote.
     */
    public static Driver wildflyH2Driver() {
        return load(
                "wildfly-h2",
                findH2(Path.of(ServerProcess.require("jboss.home"))
                        .resolve("modules/system/layers/base/com/h2database/h2/main")),
                "org.h2.Driver");
    }

    private static Driver driver(boolean postgres) {
        Path jbossHome = Path.of(ServerProcess.require("jboss.home"));
        return postgres
                ? load("postgresql", jbossHome.getParent().resolve("drivers/postgresql.jar"), "org.postgresql.Driver")
                : load("h2", h2Jar(), "org.h2.Driver");
    }

    private static Driver load(String name, Path jar, String className) {
        return DRIVERS.computeIfAbsent(name, kind -> {
            try {
                URLClassLoader loader =
                        new URLClassLoader(new URL[] {jar.toUri().toURL()}, Databases.class.getClassLoader());
                return (Driver) Class.forName(className, true, loader)
                        .getDeclaredConstructor()
                        .newInstance();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the JDBC driver from " + jar, e);
            }
        });
    }

    private static Path findH2(Path module) {
        try (Stream<Path> files = Files.list(module)) {
            return files.filter(f -> f.getFileName().toString().matches("h2(-.*)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no H2 jar in " + module));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
