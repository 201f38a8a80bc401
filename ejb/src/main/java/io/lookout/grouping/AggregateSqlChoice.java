package io.lookout.grouping;

import io.lookout.schema.SchemaMigration;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Chooses the {@link AggregateSql} of the database the schema was migrated on, once, when first
 * needed; every bean that injects {@link AggregateSql} gets that one instance (a plain object: no
 * proxy between the store and its statements).
 */
@ApplicationScoped
public class AggregateSqlChoice {

    @Inject
    private SchemaMigration schema;

    private AggregateSql chosen;

    @PostConstruct
    void choose() {
        chosen = AggregateSql.of(schema.vendor());
    }

    @Produces
    AggregateSql aggregateSql() {
        return chosen;
    }
}
