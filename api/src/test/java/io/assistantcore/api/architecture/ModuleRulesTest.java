package io.assistantcore.api.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency rules of the architecture brief (§3) and docs/architecture.md. Maven module dependencies already
 * stop most wrong imports; these rules also catch what transitive dependencies would let through. ArchUnit fails a
 * rule whose classes do not exist (no rule here allows an empty {@code should}), and {@link #everyModuleHasClasses}
 * says so per module, so no rule can pass because it checked nothing.
 */
class ModuleRulesTest {

    private static final String MESSAGES = "io.assistantcore.messages..";
    private static final String PLATFORM = "io.assistantcore.platform..";
    private static final String COMMAND = "io.assistantcore.command..";
    private static final String QUERY = "io.assistantcore.query..";
    private static final String AI = "io.assistantcore.ai..";
    private static final String PROJECTIONS = "io.assistantcore.projections..";
    private static final String API = "io.assistantcore.api..";
    private static final String EMBEDDED_PG = "io.assistantcore.embeddedpg..";
    private static final String TEST_SUPPORT = "io.assistantcore.testsupport..";

    /** The one reader api may use directly: the audit export streams the stored trail through it. */
    private static final String AUDIT_TRAIL = "io.assistantcore.query.audit.AuditTrail";
    private static final String AUDIT_CONTROLLER = "io.assistantcore.api.audit.AuditController";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.assistantcore");
    }

    @ParameterizedTest
    @ValueSource(strings = {MESSAGES, PLATFORM, COMMAND, QUERY, AI, PROJECTIONS, API})
    void everyModuleHasClasses(String module) {
        assertThat(classes.that(resideInAPackage(module))).as("classes in %s", module).isNotEmpty();
    }

    @Test
    void messagesAreAPlainContract() {
        noClasses().that().resideInAPackage(MESSAGES)
                .should().dependOnClassesThat().resideInAnyPackage(PLATFORM, COMMAND, QUERY, AI, PROJECTIONS, API,
                        EMBEDDED_PG, "org.springframework..", "jakarta.persistence..")
                .check(classes);
    }

    @Test
    void platformKnowsOnlyMessages() {
        noClasses().that().resideInAPackage(PLATFORM)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, AI, PROJECTIONS, API,
                        EMBEDDED_PG, TEST_SUPPORT)
                .check(classes);
    }

    /**
     * Besides messages: Axon and the libraries its machinery needs (Spring, JDBC, Jackson, Bucket4j, Micrometer,
     * HikariCP, the PostgreSQL driver for LISTEN/NOTIFY, logging).
     */
    @Test
    void platformStandsOnAxonAndLibrariesOnly() {
        classes().that().resideInAPackage(PLATFORM)
                .should().onlyDependOnClassesThat().resideInAnyPackage(PLATFORM, MESSAGES, "org.axonframework..",
                        "org.springframework..", "com.fasterxml.jackson..", "io.github.bucket4j..", "io.micrometer..",
                        "com.zaxxer.hikari..", "org.postgresql..", "org.slf4j..", "java..", "javax..")
                .check(classes);
    }

    @Test
    void commandSideKnowsOnlyMessagesAndPlatform() {
        noClasses().that().resideInAPackage(COMMAND)
                .should().dependOnClassesThat().resideInAnyPackage(QUERY, AI, PROJECTIONS, API)
                .check(classes);
    }

    /** The workers talk to the rest through the command, event and query gateways, never another module's classes. */
    @Test
    void aiWorkersKnowOnlyMessagesAndPlatform() {
        noClasses().that().resideInAPackage(AI)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, PROJECTIONS, API)
                .check(classes);
    }

    @Test
    void projectionsKnowOnlyMessagesAndPlatform() {
        noClasses().that().resideInAPackage(PROJECTIONS)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, AI, API)
                .check(classes);
    }

    @Test
    void querySideReadsProjectionsButNothingElse() {
        noClasses().that().resideInAPackage(QUERY)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, AI, API)
                .check(classes);
    }

    @Test
    void nothingDependsOnTheApi() {
        noClasses().that().resideOutsideOfPackage(API)
                .should().dependOnClassesThat().resideInAPackage(API)
                .check(classes);
    }

    /** api sends commands and asks queries; it never reaches into the write model, the workers or the projections. */
    @Test
    void apiUsesNeitherTheWriteModelNorTheWorkersNorTheProjections() {
        noClasses().that().resideInAPackage(API)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, AI, PROJECTIONS)
                .check(classes);
    }

    /** The documented exception (decisions/0006): the audit export streams the stored trail through its reader. */
    @Test
    void apiReadsThroughTheQueryGatewayExceptTheAuditExport() {
        noClasses().that().resideInAPackage(API).and().doNotHaveFullyQualifiedName(AUDIT_CONTROLLER)
                .should().dependOnClassesThat().resideInAPackage(QUERY)
                .check(classes);
        noClasses().that().haveFullyQualifiedName(AUDIT_CONTROLLER)
                .should().dependOnClassesThat(resideInAPackage(QUERY).and(DescribedPredicate.not(auditTrail())))
                .check(classes);
    }

    /** Readers and their query handlers are in query-side; the workers answer what only they know (estimates). */
    @Test
    void queryHandlersLiveInQuerySideOrTheWorkers() {
        methods().that().areAnnotatedWith(QueryHandler.class)
                .should().beDeclaredInClassesThat().resideInAnyPackage(QUERY, AI)
                .check(classes);
    }

    private static DescribedPredicate<JavaClass> auditTrail() {
        return DescribedPredicate.describe("the audit trail reader",
                type -> type.getName().equals(AUDIT_TRAIL) || type.getName().startsWith(AUDIT_TRAIL + "$"));
    }
}
