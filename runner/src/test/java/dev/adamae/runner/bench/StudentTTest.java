package dev.adamae.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Student's t quantiles against published tables, and the intervals built on them. */
class StudentTTest {

    @Test
    void theQuantilesMatchThePublishedTableForAnyDegreesOfFreedom() {
        // t(0.975, df), as printed in statistics tables.
        double[][] table = {{1, 12.7062}, {2, 4.3027}, {3, 3.1824}, {4, 2.7764}, {5, 2.5706}, {7, 2.3646},
            {10, 2.2281}, {20, 2.0860}, {30, 2.0423}, {100, 1.9840}, {1000, 1.9623}};
        for (double[] row : table) {
            assertThat(StudentT.quantile(0.975, (int) row[0])).as("df %d", (int) row[0]).isCloseTo(row[1], within(1e-4));
        }
        assertThat(StudentT.quantile(0.95, 9)).isCloseTo(1.8331, within(1e-4));
        assertThat(StudentT.quantile(0.995, 3)).isCloseTo(5.8409, within(1e-4));
        assertThat(StudentT.quantile(0.025, 4)).isCloseTo(-2.7764, within(1e-4));
    }

    @Test
    void theCumulativeDistributionIsSymmetricAndHalfAtZero() {
        assertThat(StudentT.cdf(0, 3)).isCloseTo(0.5, within(1e-12));
        assertThat(StudentT.cdf(1.5, 6) + StudentT.cdf(-1.5, 6)).isCloseTo(1, within(1e-12));
        // One degree of freedom is the Cauchy distribution: 1/2 + atan(t) / pi.
        assertThat(StudentT.cdf(2, 1)).isCloseTo(0.5 + Math.atan(2) / Math.PI, within(1e-10));
    }

    @Test
    void anIntervalIsTheMeanPlusOrMinusTTimesTheStandardError() {
        MeanInterval interval = MeanInterval.of(List.of(0.10, 0.14, 0.12));
        double s = 0.02;
        double half = 4.3027 * s / Math.sqrt(3);
        assertThat(interval.mean()).isCloseTo(0.12, within(1e-12));
        assertThat(interval.low()).isCloseTo(0.12 - half, within(1e-5));
        assertThat(interval.high()).isCloseTo(0.12 + half, within(1e-5));
        assertThat(interval.excludesZero()).isTrue();
        assertThat(interval.text(4, false)).isEqualTo("0.1200 [0.0703, 0.1697]");
        assertThat(MeanInterval.of(List.of(-0.01, 0.03)).excludesZero()).isFalse();
    }

    @Test
    void aSingleValueHasNoIntervalAndNoneHasNoMean() {
        MeanInterval one = MeanInterval.of(List.of(0.02));
        assertThat(one.hasInterval()).isFalse();
        assertThat(one.excludesZero()).isFalse();
        assertThat(one.text(4, true)).isEqualTo("+0.0200");
        assertThat(one.fields()).containsEntry("low", null).containsEntry("seeds", 1);
        assertThat(MeanInterval.of(List.of())).isNull();
        assertThatThrownBy(() -> StudentT.quantile(0.975, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
