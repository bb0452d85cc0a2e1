package dev.openloop.server.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.project.ProjectResponse;
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
        // door/sse is no door: it is the stream base the doors share (keep-alives, the client going
        // away, the end), with no wire format of its own; each door words its events itself.
        ArchRule rule = slices().matching("dev.openloop.server.door.(*)..").namingSlices("door $1")
                .should().notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage("dev.openloop.server.door.sse.."))
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

    /** The packages below the doors: the core, the resources, the providers and what they all share. */
    private static final String[] BELOW_THE_DOORS = {
            "dev.openloop.server.chat..", "dev.openloop.server.chatlog..", "dev.openloop.server.project..",
            "dev.openloop.server.modelconfig..", "dev.openloop.server.experiment..", "dev.openloop.server.deployment..",
            "dev.openloop.server.environment..", "dev.openloop.server.session..", "dev.openloop.server.feedback..",
            "dev.openloop.server.apikey..", "dev.openloop.server.store..", "dev.openloop.server.provider..",
            "dev.openloop.server.failure..", "dev.openloop.server.json..", "dev.openloop.server.config..",
            "dev.openloop.server.observe..", "dev.openloop.server.transport..", "dev.openloop.server.health..",
            "dev.openloop.server.cost..", "dev.openloop.server.routing..", "dev.openloop.server.limit.."};

    @Test
    void costPricesWithoutStoresResourcesOrDoors() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.openloop.server.cost..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.openloop.server.door..",
                        "dev.openloop.server.http..", "dev.openloop.server.store..", "dev.openloop.server.chat..",
                        "dev.openloop.server.chatlog..", "dev.openloop.server.project..", "dev.openloop.server.modelconfig..",
                        "org.jdbi..")
                .because("cost is the price table and its arithmetic: the core prices calls with it, chatlog sums"
                        + " what was stored, and the doors show it");
        rule.check(classes);
    }

    @Test
    void theChatCoreUsesNoDoorNorV4sRequestsBindingAndErrors() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.openloop.server.chat..")
                .should().dependOnClassesThat().resideInAPackage("dev.openloop.server.door..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.openloop.api.chat.ChatRequest")
                .orShould().dependOnClassesThat().resideInAPackage("dev.openloop.server.http..")
                .because("the core takes a ChatCall and fails with a Refusal or a ProviderFailure, which each door"
                        + " words; http is v4's binding and error kit");
        rule.check(classes);
    }

    @Test
    void nothingBelowTheDoorsUsesV4sErrorType() {
        ArchRule rule = noClasses().that().resideInAnyPackage(BELOW_THE_DOORS)
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.openloop.server.http.ApiException")
                .because("below the doors a failure is a Refusal or a ProviderFailure; only a door words it as v4's answer");
        rule.check(classes);
    }

    @Test
    void failuresDependOnNothingOfOurs() {
        ArchRule rule = classes().that().resideInAPackage("dev.openloop.server.failure..")
                .should().onlyDependOnClassesThat(resideInAPackage("dev.openloop.server.failure..")
                        .or(resideOutsideOfPackage("dev.openloop..")))
                .because("every layer throws a Refusal, so it can lean on none of them");
        rule.check(classes);
    }

    @Test
    void routingDependsOnNothingOfOurs() {
        ArchRule rule = classes().that().resideInAPackage("dev.openloop.server.routing..")
                .should().onlyDependOnClassesThat(resideInAPackage("dev.openloop.server.routing..")
                        .or(resideOutsideOfPackage("dev.openloop..")))
                .because("the providers' breakers and the chat core's routing both lean on it, so it leans on neither");
        rule.check(classes);
    }

    @Test
    void theWireModelsPackagesFormNoCycles() {
        ArchRule rule = slices().matching("dev.openloop.api.(*)..").namingSlices("api $1").should().beFreeOfCycles()
                // Two arrows left, kept because moving a published type breaks the SDK's users: the
                // chat request holds an inline config (a config holds chat messages), and a project
                // holds its experiments (an experiment holds the project's positive labels).
                .ignoreDependency(belongToAnyOf(ChatRequest.class), resideInAPackage("dev.openloop.api.config.."))
                .ignoreDependency(belongToAnyOf(ProjectResponse.class), resideInAPackage("dev.openloop.api.experiment.."));
        rule.check(classes);
    }
}
