package io.lookout.web;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shape of the code (docs/architecture.md, "Packages and their arrows"), checked on the
 * compiled classes of every module: the web module's tests see the core (ejb), the SPI, the
 * built-in processors and the health check.
 */
@AnalyzeClasses(packages = "io.lookout", importOptions = ImportOption.DoNotIncludeTests.class)
class HouseRulesTest {

    private static final String[] WEB = {"io.lookout.api..", "io.lookout.ui..", "io.lookout.web.."};
    private static final String SPI = "io.lookout.processors.spi..";
    private static final String PROCESSORS = "io.lookout.processors..";

    @ArchTest
    static void theImportSeesEveryModule(JavaClasses classes) {
        for (String name : new String[] {
            "io.lookout.api.events.EventsResource",
            "io.lookout.consume.EventConsumer",
            "io.lookout.processors.spi.Processor",
            "io.lookout.processors.message.MessageProcessor",
            "io.lookout.health.LookoutReadinessCheck"
        }) {
            assertTrue(classes.contain(name), name + " is not among the imported classes");
        }
    }

    @ArchTest
    static final ArchRule theSpiDependsOnNothingOfLookout = noClasses()
            .that()
            .resideInAPackage(SPI)
            .should()
            .dependOnClassesThat(resideInAPackage("io.lookout..").and(not(resideInAPackage(SPI))))
            .because("processor authors build against the SPI alone");

    @ArchTest
    static final ArchRule builtInProcessorsUseOnlyTheSpi = noClasses()
            .that()
            .resideInAPackage(PROCESSORS)
            .and()
            .resideOutsideOfPackage(SPI)
            .should()
            .dependOnClassesThat(resideInAPackage("io.lookout..").and(not(resideInAPackage(PROCESSORS))))
            .because("a built-in processor is written like anyone else's");

    @ArchTest
    static final ArchRule nothingOutsideTheProcessorsNamesABuiltInOne = noClasses()
            .that()
            .resideOutsideOfPackage(PROCESSORS)
            .should()
            .dependOnClassesThat(resideInAPackage(PROCESSORS).and(not(resideInAPackage(SPI))))
            .because("processors are found by CDI, whichever jar brings them");

    @ArchTest
    static final ArchRule theCoreNeverUsesTheWebModule = noClasses()
            .that()
            .resideOutsideOfPackages(WEB)
            .should()
            .dependOnClassesThat(resideInAnyPackage(WEB))
            .because("the ejb module is the core; pages, resources and the web's security sit on top of it");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.lookout.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theEdgeAndTheConsumerMeetOnlyAtTheQueue = noClasses()
            .that()
            .resideInAPackage("io.lookout.ingest..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.lookout.consume..")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("io.lookout.retention..")
            .because("the edge hands events to the consumer only through the queue (event.EventMessages)");

    @ArchTest
    static final ArchRule theConsumerNeedsNothingOfTheEdge = noClasses()
            .that()
            .resideInAPackage("io.lookout.consume..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.lookout.ingest..")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("io.lookout.retention..")
            .because("JMS senders reach the consumer without the edge; what both need is in io.lookout.event");

    /**
     * The database's vendor is asked for once: {@code schema} finds it (and runs its migrations), the
     * seams hold every statement that differs — {@code grouping.AggregateSql} for the aggregates,
     * {@code alerts.AlertSql} for the alerts — each chosen once by its {@code ...Choice}.
     */
    @ArchTest
    static final ArchRule onlyTheDatabaseSeamKnowsTheVendor = noClasses()
            .that()
            .resideOutsideOfPackage("io.lookout.schema..")
            .and()
            .haveNameNotMatching("io\\.lookout\\.grouping\\.AggregateSql(Choice)?(\\$.*)?")
            .and()
            .haveNameNotMatching("io\\.lookout\\.alerts\\.AlertSql(Choice)?(\\$.*)?")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.lookout.schema.DatabaseVendor")
            .orShould()
            .callMethod("io.lookout.schema.SchemaMigration", "vendor")
            .because("a vendor check outside the seam is a dialect leaking (issue 18)");

    /** Top to bottom; a layer is used only by the layers above it. Inside a layer, the cycle rule holds. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("web")
            .definedBy(WEB)
            .layer("system")
            .definedBy("io.lookout.system..")
            .layer("flows")
            .definedBy(
                    "io.lookout.ingest..",
                    "io.lookout.quota..",
                    "io.lookout.consume..",
                    "io.lookout.retention..",
                    "io.lookout.regroup..")
            .layer("services")
            .definedBy("io.lookout.alerts..", "io.lookout.query..", "io.lookout.triage..", "io.lookout.views..")
            .layer("store")
            .definedBy("io.lookout.grouping..")
            .layer("domain")
            .definedBy(
                    "io.lookout.processing..",
                    "io.lookout.project..",
                    "io.lookout.scrubbing..",
                    "io.lookout.security..")
            .layer("leaf")
            .definedBy(
                    "io.lookout",
                    "io.lookout.event..",
                    "io.lookout.operations..",
                    "io.lookout.schema..",
                    "io.lookout.health..",
                    SPI)
            .whereLayer("web")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("system")
            .mayOnlyBeAccessedByLayers("web")
            .whereLayer("flows")
            .mayOnlyBeAccessedByLayers("web", "system")
            .whereLayer("services")
            .mayOnlyBeAccessedByLayers("web", "system", "flows")
            .whereLayer("store")
            .mayOnlyBeAccessedByLayers("web", "system", "flows", "services")
            .whereLayer("domain")
            .mayOnlyBeAccessedByLayers("web", "system", "flows", "services", "store")
            .ensureAllClassesAreContainedInArchitectureIgnoring(PROCESSORS);

    /**
     * Every package comes from one module (one classes directory or jar): a package split across
     * modules is two packages under one name, and its package-private members stop working.
     */
    @ArchTest
    static void noPackageIsSplitAcrossModules(JavaClasses classes) {
        Map<String, Set<String>> modules = new TreeMap<>();
        for (JavaClass javaClass : classes) {
            URI uri = javaClass.getSource().orElseThrow().getUri();
            String location = uri.toString();
            int inJar = location.indexOf("!/");
            String module = inJar >= 0
                    ? location.substring(0, inJar)
                    : location.substring(
                            0, location.length() - (javaClass.getName().replace('.', '/') + ".class").length());
            modules.computeIfAbsent(javaClass.getPackageName(), p -> new TreeSet<>())
                    .add(module);
        }
        Map<String, Set<String>> split = new TreeMap<>();
        modules.forEach((pkg, where) -> {
            if (where.size() > 1) {
                split.put(pkg, where);
            }
        });
        assertEquals(Map.of(), split, "packages split across modules");
    }
}
