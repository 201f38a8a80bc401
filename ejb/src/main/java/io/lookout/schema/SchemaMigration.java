package io.lookout.schema;

import io.lookout.operations.LookoutLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date before anything else touches the database: Flyway runs the
 * migrations of {@code db/migration/common} and of the vendor's folder
 * ({@code db/migration/h2}, {@code db/migration/postgresql}) on the default datasource. A failed
 * migration fails the deployment.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    @Resource
    private DataSource dataSource;

    private DatabaseVendor vendor;
    private String schemaVersion;

    /** Outside a container, for tests against an in-process database: the datasource the container injects. */
    void use(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @PostConstruct
    void migrate() {
        try {
            vendor = DatabaseVendor.of(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("Lookout cannot reach its database: " + e.getMessage(), e);
        }
        ClassLoader loader = getClass().getClassLoader();
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration/common"));
        if (loader.getResource("db/migration/" + vendor.folder()) != null) {
            locations.add("classpath:db/migration/" + vendor.folder());
        }
        Flyway flyway = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .load();
        MigrateResult result = flyway.migrate();
        if (vendor == DatabaseVendor.H2) {
            commitDurably();
        }
        schemaVersion = flyway.info().current() == null
                ? "none"
                : flyway.info().current().getVersion().getVersion();
        LookoutLog.LOG.schemaMigrated(vendor.name(), schemaVersion, result.migrationsExecuted);
    }

    /**
     * H2 writes a committed transaction to its file only after its write delay (500 ms by default):
     * a crash in that time loses transactions whose messages the consumer already acknowledged.
     * With a delay of 0 each commit is written before it returns (it survives the process's
     * death, though not the operating system's: H2 does not sync the file on each commit).
     */
    private void commitDurably() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            String writeDelay;
            try (ResultSet setting = statement.executeQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                writeDelay = setting.next() ? setting.getString(1) : "?";
            }
            if (!"0".equals(writeDelay)) {
                statement.execute("SET WRITE_DELAY 0");
                LookoutLog.LOG.h2WriteDelayCorrected(writeDelay);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Lookout cannot make H2 write each commit to disk: " + e.getMessage(), e);
        }
    }

    /** The vendor, for the one choice of the vendor's statements ({@code grouping.AggregateSqlChoice}). */
    public DatabaseVendor vendor() {
        return vendor;
    }

    /** The database's name as the system information shows it: {@code h2}, {@code postgresql}. */
    public String database() {
        return vendor.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String schemaVersion() {
        return schemaVersion;
    }
}
