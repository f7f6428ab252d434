package dev.adamae.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvaluationViewTest {

    @Test
    void temporalStartsAreSpreadEvenlyFromFirstToLastStart() {
        int[] starts = IntStream.range(0, 3).map(t -> new EvaluationView(t, 3, 0, 1).temporalStart(40)).toArray();
        assertThat(starts).containsExactly(0, 20, 40);
    }

    @Test
    void aSingleViewIsCentredAndAVideoWithoutRoomStartsAtZero() {
        assertThat(EvaluationView.CENTRE.temporalStart(41)).isEqualTo(20);
        assertThat(new EvaluationView(1, 2, 0, 1).temporalStart(0)).isZero();
        assertThat(new EvaluationView(1, 2, 0, 1).temporalStart(-5)).isZero();
    }

    @Test
    void threeSpatialCropsAreLeftCentreRight() {
        int[] offsets = IntStream.range(0, 3).map(s -> new EvaluationView(0, 2, s, 3).spatialOffset(96)).toArray();
        assertThat(offsets).containsExactly(0, 48, 96);
        assertThat(new EvaluationView(1, 2, 2, 3).viewCount()).isEqualTo(6);
    }

    @Test
    void startsAreRoundedDownSoTheMiddleOfThreeViewsIsTheSingleView() {
        assertThat(new EvaluationView(0, 2, 1, 3).spatialOffset(21)).isEqualTo(10).isEqualTo(EvaluationView.CENTRE.spatialOffset(21));
        assertThat(new EvaluationView(1, 3, 0, 1).temporalStart(93)).isEqualTo(46).isEqualTo(EvaluationView.CENTRE.temporalStart(93));
        assertThat(new EvaluationView(1, 4, 0, 1).temporalStart(10)).isEqualTo(3);
    }

    @Test
    void viewsOutsideTheGridAreRefused() {
        assertThatThrownBy(() -> new EvaluationView(2, 2, 0, 1)).hasMessageContaining("outside 2x1");
        assertThatThrownBy(() -> new EvaluationView(0, 0, 0, 1)).hasMessageContaining("at least one");
    }
}
