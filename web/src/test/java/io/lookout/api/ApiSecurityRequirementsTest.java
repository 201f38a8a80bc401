package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document declares security per operation: every operation takes an API token or a
 * user (the schemes "token" and "basic"), except the ingest operations, which take the project's
 * key and declare nothing. A new resource without the declaration fails here instead of appearing
 * open in the document.
 */
class ApiSecurityRequirementsTest {

    /** The operations senders of events call, with the project key: Class.method. */
    private static final Set<String> INGEST =
            Set.of("EventsResource.send", "SentryResource.envelope", "SentryResource.store");

    private static final List<Class<? extends Annotation>> METHODS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);

    @Test
    void everyOperationButIngestTakesATokenOrAUserAndIngestDeclaresNothing() {
        List<Class<?>> resources = new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.lookout.api")
                        .stream()
                        .filter(c -> c.isAnnotatedWith(Path.class))
                        .map(JavaClass::reflect)
                        .collect(Collectors.toList());
        assertTrue(resources.size() >= 18, "the resources are found: " + resources);
        Set<String> ingestSeen = new TreeSet<>();
        for (Class<?> resource : resources) {
            for (Method method : resource.getDeclaredMethods()) {
                if (METHODS.stream().noneMatch(method::isAnnotationPresent)) {
                    continue;
                }
                String name = resource.getSimpleName() + "." + method.getName();
                Set<String> schemes = schemes(method);
                if (schemes.isEmpty()) {
                    schemes = schemes(resource);
                }
                if (INGEST.contains(name)) {
                    ingestSeen.add(name);
                    assertEquals(Set.of(), schemes, name + " takes the project key, no user or token");
                } else {
                    assertEquals(Set.of("token", "basic"), schemes, name + " declares a token or a user");
                }
            }
        }
        assertEquals(new TreeSet<>(INGEST), ingestSeen);
    }

    @Test
    void nothingIsDeclaredGlobally() {
        OpenAPIDefinition definition = LookoutApi.class.getAnnotation(OpenAPIDefinition.class);
        assertEquals(0, definition.security().length, "a global requirement would cover the ingest operations too");
    }

    private static Set<String> schemes(AnnotatedElement element) {
        return Arrays.stream(element.getAnnotationsByType(SecurityRequirement.class))
                .map(SecurityRequirement::name)
                .collect(Collectors.toSet());
    }
}
