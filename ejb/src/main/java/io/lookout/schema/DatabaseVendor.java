package io.lookout.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The databases Lookout runs on. Vendor-specific SQL and migrations are chosen by this. */
public enum DatabaseVendor {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String folder;

    DatabaseVendor(String folder) {
        this.folder = folder;
    }

    /** The name of this vendor's migration folder under {@code db/migration/}. */
    public String folder() {
        return folder;
    }

    public static DatabaseVendor of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            String name = product.toLowerCase(Locale.ROOT);
            if (name.contains("h2")) {
                return H2;
            }
            if (name.contains("postgres")) {
                return POSTGRESQL;
            }
            throw new IllegalStateException("Lookout supports H2 and PostgreSQL; the default datasource is " + product);
        }
    }
}
