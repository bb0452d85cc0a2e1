package dev.openloop.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileDescriptorBudgetTest {

    @Test
    void withRoomTheCapStandsAndATenthMoreIsAcceptedForRefusals() {
        assertThat(FileDescriptorBudget.within(2000, 9_800)).isEqualTo(new FileDescriptorBudget(2200, 2000));
        assertThat(FileDescriptorBudget.within(10, 9_800)).as("at least 16 for refusals").isEqualTo(new FileDescriptorBudget(26, 10));
    }

    @Test
    void withoutRoomTheCapIsLoweredUnderTheCeilingWithATenthLeftForRefusals() {
        FileDescriptorBudget budget = FileDescriptorBudget.within(2000, 400);
        assertThat(budget).isEqualTo(new FileDescriptorBudget(400, 360));
        assertThat(budget.lowered(2000)).isTrue();
    }

    @Test
    void noRoomAtAllIsRefusedAtStart() {
        assertThatThrownBy(() -> FileDescriptorBudget.within(2000, 1)).hasMessageContaining("ulimit -n");
    }

    @Test
    void thisProcessHasABudget() {
        FileDescriptorBudget budget = FileDescriptorBudget.of(10);
        assertThat(budget.cap()).isBetween(1, 10);
        assertThat(budget.acceptCeiling()).isGreaterThanOrEqualTo(budget.cap());
    }
}
