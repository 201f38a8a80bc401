package io.lookout.system;

import io.lookout.processing.ProcessorRegistry;
import io.lookout.schema.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** What runs here: versions, JPA provider, database, schema, processors (for admins and support). */
@ApplicationScoped
public class SystemInfo {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private SchemaMigration schema;

    @Inject
    private ProcessorRegistry processors;

    public SystemDescription describe() {
        Object delegate = em.getDelegate();
        return new SystemDescription(
                String.valueOf(SystemInfo.class.getPackage().getImplementationVersion()),
                delegate.getClass().getName(),
                providerVersion(delegate.getClass().getClassLoader()),
                schema.database(),
                schema.schemaVersion(),
                processors.describe());
    }

    private static String providerVersion(ClassLoader loader) {
        try {
            return String.valueOf(Class.forName("org.eclipse.persistence.Version", true, loader)
                    .getMethod("getVersionString")
                    .invoke(null));
        } catch (ReflectiveOperationException e) {
            return "unknown";
        }
    }
}
