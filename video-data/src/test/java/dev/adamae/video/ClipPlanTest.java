package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClipPlanTest {

    @Test
    void aPlanKeepsItsIndicesFromOutsideChanges() {
        int[] indices = {1, 2, 3};
        ClipPlan plan = new ClipPlan(indices, 10, 10, new CropWindow(0, 0, 5, 5), false);
        indices[0] = 9;
        plan.frameIndices()[1] = 9;
        assertThat(plan.frameIndices()).containsExactly(1, 2, 3);
    }

    @Test
    void aCropOutsideTheDecodedFramesIsRefused() {
        assertThatThrownBy(() -> new ClipPlan(new int[] {0}, 10, 10, new CropWindow(6, 0, 5, 5), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside the decoded 10x10 frames");
    }
}
