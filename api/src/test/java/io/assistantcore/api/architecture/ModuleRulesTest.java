package io.assistantcore.api.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rules of the architecture brief (§3). Maven module dependencies already stop most wrong imports;
 * these rules also catch what transitive dependencies would let through.
 */
class ModuleRulesTest {

    private static final String MESSAGES = "io.assistantcore.messages..";
    private static final String COMMAND = "io.assistantcore.command..";
    private static final String QUERY = "io.assistantcore.query..";
    private static final String AI = "io.assistantcore.ai..";
    private static final String PROJECTIONS = "io.assistantcore.projections..";
    private static final String API = "io.assistantcore.api..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.assistantcore");
    }

    @Test
    void messagesAreAPlainContract() {
        noClasses().that().resideInAPackage(MESSAGES)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, AI, PROJECTIONS, API,
                        "org.springframework..", "jakarta.persistence..")
                .check(classes);
    }

    @Test
    void commandSideKnowsOnlyMessages() {
        noClasses().that().resideInAPackage(COMMAND)
                .should().dependOnClassesThat().resideInAnyPackage(QUERY, AI, PROJECTIONS, API)
                .check(classes);
    }

    @Test
    void aiWorkersTalkThroughMessagesOnly() {
        noClasses().that().resideInAPackage(AI)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, PROJECTIONS, API)
                .allowEmptyShould(true) // the workers arrive with the assist feature; the rule is in place before
                .check(classes);
    }

    @Test
    void projectionsKnowOnlyMessages() {
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
}
