package dev.openloop.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.config.Fallback;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.deployment.Deployment;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.experiment.TrialOutcomes;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.store.Database;
import dev.openloop.server.store.Transactions;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * One node: every store method that changes the catalog retires the copies planning reads, and
 * the copies are copies (a row changed behind the stores' back stays unseen until a change
 * through them).
 */
class CatalogChangesTest extends EveryStoreSuite {
    private static TestDatabase database;
    private static Database node;
    private static Catalog catalog;
    private static Jdbi jdbi;
    private static ProjectStore projects;
    private static EnvironmentStore environments;
    private static DeploymentStore deployments;
    private static ModelConfigStore configs;
    private static ExperimentStore experiments;
    private static int created;

    private Project project;
    private String production;
    private String configOne;
    private String configTwo;

    @BeforeParameterizedClassInvocation
    static void open(TestStore store) {
        database = TestDatabase.create(store);
        node = Database.open(database.jdbcUrl(), 4, Database.SqliteSync.FULL);
        catalog = Catalog.open(node.dialect(), database.jdbcUrl());
        jdbi = node.jdbi();
        environments = new EnvironmentStore(jdbi, catalog);
        environments.ensureDefault();
        projects = new ProjectStore(jdbi, node.dialect(), catalog);
        configs = new ModelConfigStore(jdbi, catalog);
        deployments = new DeploymentStore(jdbi, catalog);
        LogStore logs = new LogStore(jdbi, node.dialect());
        experiments = new ExperimentStore(jdbi, new TrialOutcomes(node.dialect(), logs), logs, catalog);
        awaitTrusted();
    }

    @AfterParameterizedClassInvocation
    static void close() {
        try (TestDatabase closedLast = database; Database closedSecond = node; Catalog closedFirst = catalog) {
            // Closed in reverse order.
        }
    }

    /** On PostgreSQL copies are trusted once the listener has confirmed for a while. */
    private static void awaitTrusted() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (catalog.generation().trusted() == CatalogGeneration.UNTRUSTED && Instant.now().isBefore(deadline)) {
            sleep(10);
        }
        assertThat(catalog.generation().trusted()).as("the catalog trusts copies").isNotEqualTo(CatalogGeneration.UNTRUSTED);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void aProjectWithTwoConfigs() {
        created++;
        project = projects.create("catalog-" + created, null);
        production = environments.defaultEnvironment().id();
        configOne = configs.register(ModelConfigRequest.of(ModelProvider.MOCK, "one-" + created)).id();
        configTwo = configs.register(ModelConfigRequest.of(ModelProvider.MOCK, "two-" + created)).id();
        awaitTrusted();
    }

    /** Changes a row without the stores, as nothing of the node would: only a catalog change makes it seen. */
    private static void behindTheStoresBack(String sql, Object... values) {
        jdbi.useHandle(h -> {
            var update = h.createUpdate(sql);
            for (int i = 0; i < values.length; i++) {
                update.bind(i, values[i]);
            }
            update.execute();
        });
    }

    private Optional<String> deployedConfig() {
        return deployments.cachedFind(project.id(), production).map(Deployment::configId);
    }

    @Test
    void copiesOutliveRowsChangedBehindTheStoresBack() {
        assertThat(projects.cachedFindByName(project.name())).isPresent();
        behindTheStoresBack("UPDATE projects SET name = ? WHERE id = ?", "unseen-" + created, project.id());
        assertThat(projects.cachedFindByName(project.name())).as("the copy").isPresent();
        assertThat(projects.findByName(project.name())).as("the row").isEmpty();
    }

    @Test
    void renamingMovingRelabellingTouchingAndDeletingAProjectRetireItsCopies() {
        String name = project.name();
        assertThat(projects.cachedFindByName(name)).isPresent();
        assertThat(projects.cachedGet(project.id()).name()).isEqualTo(name);
        behindTheStoresBack("UPDATE projects SET directory_id = ? WHERE id = ?", "dir_unseen", project.id());

        projects.rename(project.id(), name + "-renamed");
        assertThat(projects.cachedFindByName(name)).isEmpty();
        assertThat(projects.cachedGet(project.id()).name()).isEqualTo(name + "-renamed");
        assertThat(projects.cachedGet(project.id()).directoryId()).isEqualTo("dir_unseen");

        projects.moveTo(project.id(), "dir_moved");
        assertThat(projects.cachedGet(project.id()).directoryId()).isEqualTo("dir_moved");

        projects.setPositiveLabels(project.id(), "[{\"type\":\"rating\",\"value\":\"good\"}]");
        assertThat(projects.cachedGet(project.id()).positiveLabels()).contains("good");

        behindTheStoresBack("UPDATE projects SET positive_labels = NULL WHERE id = ?", project.id());
        projects.touch(project.id());
        assertThat(projects.cachedGet(project.id()).positiveLabels()).isNull();

        projects.delete(project.id());
        assertThat(projects.cachedFind(project.id())).isEmpty();
        assertThat(projects.cachedFindByName(name + "-renamed")).isEmpty();
        assertThatThrownBy(() -> projects.cachedGet(project.id())).isInstanceOf(Refusal.class);
    }

    @Test
    void everyDeploymentWriteRetiresTheCopies() {
        assertThat(deployedConfig()).isEmpty();
        deployments.deployConfigIfEmpty(project.id(), production, configOne);
        assertThat(deployedConfig()).contains(configOne);

        deployments.deployConfig(project.id(), production, configTwo);
        assertThat(deployedConfig()).contains(configTwo);

        deployments.removeConfig(project.id(), production);
        assertThat(deployedConfig()).isEmpty();

        String experiment = experiments.create(project.id(), "catalog-experiment",
                List.of(new PositiveLabel("rating", "good")), List.of(configOne)).id();
        deployments.deployExperiment(project.id(), production, experiment);
        assertThat(deployments.cachedFind(project.id(), production).map(Deployment::experimentId)).contains(experiment);

        deployments.removeExperiment(project.id(), production);
        assertThat(deployments.cachedFind(project.id(), production)).isEmpty();

        deployments.deployConfig(project.id(), production, configOne);
        assertThat(deployedConfig()).contains(configOne);
        assertThat(deployments.remove(project.id(), production)).isTrue();
        assertThat(deployedConfig()).isEmpty();
    }

    @Test
    void deletingAnExperimentRetiresTheDeploymentThatGoesWithIt() {
        String experiment = experiments.create(project.id(), "deployed-experiment",
                List.of(new PositiveLabel("rating", "good")), List.of(configOne)).id();
        deployments.deployExperiment(project.id(), production, experiment);
        assertThat(deployments.cachedFind(project.id(), production)).isPresent();

        experiments.delete(experiment);
        assertThat(deployments.cachedFind(project.id(), production)).isEmpty();
    }

    @Test
    void deletingAProjectRetiresItsDeployments() {
        deployments.deployConfig(project.id(), production, configOne);
        assertThat(deployedConfig()).contains(configOne);
        projects.delete(project.id());
        assertThat(deployedConfig()).isEmpty();
    }

    @Test
    void replacingFallbacksRetiresTheCopies() {
        assertThat(configs.cachedFallbacks(configOne)).isEmpty();
        configs.setFallbacks(configOne, List.of(Fallback.toConfig(configTwo)));
        assertThat(configs.cachedFallbacks(configOne)).containsExactly(Fallback.toConfig(configTwo));
        configs.setFallbacks(configOne, List.of());
        assertThat(configs.cachedFallbacks(configOne)).isEmpty();
    }

    @Test
    void creatingAnEnvironmentRetiresTheCopies() {
        String name = "staging-" + created;
        assertThatThrownBy(() -> environments.cachedByNameOrDefault(name)).isInstanceOf(Refusal.class);
        assertThat(environments.cachedByNameOrDefault(null).id()).isEqualTo(production);
        behindTheStoresBack("UPDATE environments SET name = ? WHERE id = ?", "renamed-unseen-" + created, production);
        assertThat(environments.cachedByNameOrDefault(null).id()).as("the copy").isEqualTo(production);

        environments.create(name);
        assertThat(environments.cachedByNameOrDefault(name).name()).isEqualTo(name);
        assertThat(environments.cachedByNameOrDefault(null).name()).isEqualTo("renamed-unseen-" + created);
        behindTheStoresBack("UPDATE environments SET name = ? WHERE id = ?", EnvironmentStore.FIRST_ENVIRONMENT, production);
        environments.create(name + "-again");
    }

    @Test
    void aChangeCountsWhenItsTransactionCommitsAndNotWhenItRollsBack() {
        String name = project.name();
        assertThat(projects.cachedFindByName(name)).isPresent();
        assertThatThrownBy(() -> Transactions.useTransaction(jdbi, h -> {
            projects.rename(project.id(), name + "-rolled-back");
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(projects.cachedFindByName(name)).isPresent();

        Transactions.useTransaction(jdbi, h -> {
            projects.rename(project.id(), name + "-committed");
            assertThat(projects.findByName(name + "-committed")).as("within the transaction").isPresent();
        });
        assertThat(projects.cachedFindByName(name)).isEmpty();
        assertThat(projects.cachedFindByName(name + "-committed")).isPresent();
    }
}
