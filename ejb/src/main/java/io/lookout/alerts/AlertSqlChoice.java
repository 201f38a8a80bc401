package io.lookout.alerts;

import io.lookout.schema.SchemaMigration;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Chooses the {@link AlertSql} of the database the schema was migrated on, once, when first
 * needed; every bean that injects {@link AlertSql} gets that one instance (a plain object: no
 * proxy between the alerts and their statements).
 */
@ApplicationScoped
public class AlertSqlChoice {

    @Inject
    private SchemaMigration schema;

    private AlertSql chosen;

    @PostConstruct
    void choose() {
        chosen = AlertSql.of(schema.vendor());
    }

    @Produces
    AlertSql alertSql() {
        return chosen;
    }
}
