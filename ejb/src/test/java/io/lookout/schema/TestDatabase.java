package io.lookout.schema;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.TransactionRequiredException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database in the test's own JVM, migrated by {@link SchemaMigration} exactly as the
 * server migrates it (Flyway, {@code db/migration/common} and the vendor's folder), with the
 * {@code lookout} persistence unit of {@code persistence.xml} on it through EclipseLink in Java SE:
 * the tests construct the beans they test with {@link #entityManager()} and {@link #schema()}.
 *
 * <p>H2 in memory by default; with {@code -Dlookout.unit.db=postgresql} (the {@code postgresql}
 * profile sets it) a database {@code lookout_unit_…} created on the PostgreSQL server of
 * {@code lookout.unit.postgresql.url} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres},
 * user {@code postgres}, no password) and dropped again by {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {

    private final DatabaseVendor vendor;
    private final String url;
    private final String user;
    private final String password;
    private final Runnable drop;
    private final SchemaMigration schema = new SchemaMigration();
    private final EntityManagerFactory factory;
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();

    private TestDatabase(
            DatabaseVendor vendor, String url, String user, String password, DataSource dataSource, Runnable drop) {
        this.vendor = vendor;
        this.url = url;
        this.user = user;
        this.password = password;
        this.drop = drop;
        schema.use(dataSource);
        schema.migrate();
        if (schema.vendor() != vendor) {
            throw new IllegalStateException("SchemaMigration saw " + schema.vendor() + " on " + url);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        properties.put("jakarta.persistence.nonJtaDataSource", dataSource);
        properties.put("eclipselink.target-server", "None");
        properties.put("eclipselink.logging.level", "WARNING");
        factory = Persistence.createEntityManagerFactory("lookout", properties);
    }

    /** A new, migrated database of the vendor {@code lookout.unit.db} names (H2 unless it says postgresql). */
    public static TestDatabase create() {
        String name =
                "lookout_unit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String vendor = System.getProperty("lookout.unit.db", "h2");
        return switch (vendor) {
            case "h2" -> h2(name);
            case "postgresql" -> postgresql(name);
            default -> throw new IllegalArgumentException("lookout.unit.db must be h2 or postgresql, not " + vendor);
        };
    }

    private static TestDatabase h2(String name) {
        // the server's settings (ear/src/main/wildfly/datasource-h2.cli), in memory until closed
        String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        dataSource.setPassword("sa");
        return new TestDatabase(
                DatabaseVendor.H2, url, "sa", "sa", dataSource, () -> execute(url, "sa", "sa", "SHUTDOWN"));
    }

    private static TestDatabase postgresql(String name) {
        String server = System.getProperty("lookout.unit.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getProperty("lookout.unit.postgresql.user", "postgres");
        String password = System.getProperty("lookout.unit.postgresql.password", "");
        execute(server, user, password, "CREATE DATABASE " + name);
        String url = server.substring(0, server.lastIndexOf('/') + 1) + name;
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return new TestDatabase(
                DatabaseVendor.POSTGRESQL,
                url,
                user,
                password,
                dataSource,
                () -> execute(server, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    public DatabaseVendor vendor() {
        return vendor;
    }

    /** The schema as the beans see it (its vendor chooses their SQL). */
    public SchemaMigration schema() {
        return schema;
    }

    /**
     * The entity manager of the calling thread's current transaction, as the container injects a
     * transaction-scoped one: outside {@link #inTransaction} every use throws.
     */
    public EntityManager entityManager() {
        return (EntityManager) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {EntityManager.class}, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "equals" -> {
                            return proxy == arguments[0];
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "toString" -> {
                            return "the entity manager of the current transaction";
                        }
                        default -> {}
                    }
                    EntityManager em = current.get();
                    if (em == null) {
                        throw new TransactionRequiredException(
                                "no transaction: call it inside TestDatabase.inTransaction");
                    }
                    try {
                        return method.invoke(em, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Runs {@code work} in a new transaction, committed when it returns and rolled back when it throws. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        if (current.get() != null) {
            throw new IllegalStateException("a transaction is already running on this thread");
        }
        EntityManager em = factory.createEntityManager();
        current.set(em);
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            current.remove();
            em.close();
        }
    }

    /** A plain JDBC connection of its own (auto-commit), to read what the beans wrote. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The single number {@code sql} answers. */
    public long number(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        factory.close();
        drop.run();
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + url + ": " + e.getMessage(), e);
        }
    }
}
