package io.lookout.schema;

import io.lookout.operations.LookoutLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.SQLException;
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
        schemaVersion = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        LookoutLog.LOG.schemaMigrated(vendor.name(), schemaVersion, result.migrationsExecuted);
    }

    public DatabaseVendor vendor() {
        return vendor;
    }

    public String schemaVersion() {
        return schemaVersion;
    }
}
