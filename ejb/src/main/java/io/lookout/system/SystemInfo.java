package io.lookout.system;

import io.lookout.JsonFactories;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.schema.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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

    public JsonObject describe() {
        Object delegate = em.getDelegate();
        JsonObjectBuilder processorsJson = JsonFactories.BUILDERS.createObjectBuilder();
        processors.describe().forEach(processorsJson::add);
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("version", String.valueOf(SystemInfo.class.getPackage().getImplementationVersion()))
                .add("jpaProvider", delegate.getClass().getName())
                .add("jpaProviderVersion", providerVersion(delegate.getClass().getClassLoader()))
                .add("database", schema.database())
                .add("schemaVersion", schema.schemaVersion())
                .add("processors", processorsJson)
                .build();
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
