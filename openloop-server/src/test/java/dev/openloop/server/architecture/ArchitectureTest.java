package dev.openloop.server.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency nevers of the house (docs/architecture.md), checked on the compiled main classes
 * of the server and the wire model: a rule broken here is a package reaching where it must not.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.openloop");
    }

    @Test
    void theRulesSeeTheClassesTheyJudge() {
        assertThat(classes.containPackage("dev.openloop.api.chat")).isTrue();
        assertThat(classes.containPackage("dev.openloop.server.provider.openai")).isTrue();
        assertThat(classes.containPackage("dev.openloop.server.store")).isTrue();
        assertThat(classes.containPackage("dev.openloop.server.door.v1")).isTrue();
    }

    @Test
    void theWireModelDependsOnNothingOfOurs() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.openloop.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openloop.server..", "dev.openloop.client..");
        rule.check(classes);
    }

    @Test
    void providersUseNeitherTheDoorNorTheStoresNorTheCore() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.openloop.server.provider..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.openloop.server.http..", "dev.openloop.server.door..", "dev.openloop.server.store..",
                        "dev.openloop.server.chat..", "dev.openloop.server.chatlog..", "dev.openloop.server.project..",
                        "dev.openloop.server.modelconfig..", "dev.openloop.server.experiment..");
        rule.check(classes);
    }

    @Test
    void noProviderUsesAnotherExceptTheSharedOpenAiCompatibleCode() {
        ArchRule rule = slices().matching("dev.openloop.server.provider.(*)..")
                .namingSlices("provider $1")
                .should().notDependOnEachOther()
                // The shared parts every adapter may use, and the catalog that names them all.
                .ignoreDependency(alwaysTrue(), resideInAPackage("dev.openloop.server.provider.openaicompat.."))
                .ignoreDependency(alwaysTrue(), resideInAPackage("dev.openloop.server.provider.http.."))
                .ignoreDependency(resideInAPackage("dev.openloop.server.provider.catalog.."), alwaysTrue());
        rule.check(classes);
    }

    @Test
    void storesUseNoDoor() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.openloop.server.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openloop.server.http..", "dev.openloop.server.door..");
        rule.check(classes);
    }

    @Test
    void nothingBelowADoorUsesIt() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.openloop.server.(**)")
                .and().resideOutsideOfPackage("dev.openloop.server.door..")
                .should().dependOnClassesThat().resideInAPackage("dev.openloop.server.door..")
                .because("the process's wiring (the top package) is the only thing that names a door's routes");
        rule.check(classes);
    }

    @Test
    void noDoorUsesAnother() {
        ArchRule rule = slices().matching("dev.openloop.server.door.(*)..").namingSlices("door $1")
                .should().notDependOnEachOther()
                .because("each door owns its wire format and words the core's results itself: /v1 is not v4 in disguise");
        rule.check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        ArchRule rule = slices().matching("dev.openloop.server.(**)").namingSlices("$1").should().beFreeOfCycles();
        rule.check(classes);
    }

    @Test
    void routesOpenNoTransactions() {
        ArchRule rule = noClasses().that().haveSimpleNameEndingWith("Routes")
                .should().dependOnClassesThat().resideInAPackage("org.jdbi..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.openloop.server.store.Transactions")
                .because("a route binds, calls a service and answers; the service owns its transaction");
        rule.check(classes);
    }

    @Test
    void theChatCoreSpeaksNoDoorsWireAnswersAndNoHttpServer() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.openloop.server.chat..")
                .should().dependOnClassesThat().resideInAPackage("io.helidon.webserver..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.openloop.api.chat.ChatResponse")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.openloop.api.chat.ChatDataResponse")
                .because("the chat flow gives its results as ChatResult and ChatEvents, which each door words");
        rule.check(classes);
    }
}
