package dev.adamae.engine.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.model.VideoClassifierSpec;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    private final ModelSettings model = ModelSettings.from(ConfigFactory.parseFile(new File("../conf/presets/test.conf"))
            .withFallback(ConfigFactory.defaultReference()).resolve());

    private VideoClassifierGraph features() {
        return VideoClassifierGraph.build(new VideoClassifierSpec(model, 4, 3, VideoClassifierSpec.Head.FEATURES, 0, 3));
    }

    @Test
    void aProbeOnFrozenFeaturesSeparatesClassesTheFeaturesTellApartAndTestsThroughTheTester() {
        VideoClassifierGraph graph = features();
        LinearProbe.Features train = LinearProbe.extract(graph, FinetunerTest.colours(model, 30, 1), line -> { },
                done -> { });
        assertThat(train.values()).hasNumberOfRows(30);
        assertThat(train.values()[0]).hasSize(model.encoder().width());
        List<Double> losses = new ArrayList<>();
        LinearProbe probe = LinearProbe.train(train, 3, new ProbeSettings(30, 8, 0.05, 0.0, 0),
                (epoch, loss, top1, rate) -> losses.add(loss));
        assertThat(losses).hasSize(30);
        assertThat(losses.get(29)).isLessThan(losses.get(0) / 3);

        TestResult result = new ClassifierTester(model, line -> { }).test(probe.scorer(graph),
                FinetunerTest.colours(model, 15, 2), 1, 1, done -> { });
        assertThat(result.top1()).isGreaterThan(0.9);
    }

    @Test
    void aProbeRebuiltFromItsParametersScoresTheSameAndAMissingOneIsNamed() {
        VideoClassifierGraph graph = features();
        LinearProbe.Features train = LinearProbe.extract(graph, FinetunerTest.colours(model, 12, 1), line -> { },
                done -> { });
        LinearProbe probe = LinearProbe.train(train, 3, new ProbeSettings(3, 4, 0.05, 0.01, 0), (e, l, t, r) -> { });
        LinearProbe again = LinearProbe.of(probe.parameters());
        assertThat(again.probabilities(train.values())).isDeepEqualTo(probe.probabilities(train.values()));
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> partial = new java.util.HashMap<>(probe.parameters());
        partial.remove(LinearProbe.DEVIATION);
        assertThatThrownBy(() -> LinearProbe.of(partial)).hasMessageContaining("it has no probe/feature_std");
    }

    @Test
    void theSameSeedTrainsTheSameProbe() {
        VideoClassifierGraph graph = features();
        LinearProbe.Features train = LinearProbe.extract(graph, FinetunerTest.colours(model, 12, 1), line -> { },
                done -> { });
        ProbeSettings settings = new ProbeSettings(4, 4, 0.05, 0.01, 7);
        LinearProbe a = LinearProbe.train(train, 3, settings, (e, l, t, r) -> { });
        LinearProbe b = LinearProbe.train(train, 3, settings, (e, l, t, r) -> { });
        assertThat(a.parameters().get(LinearProbe.WEIGHT)).isEqualTo(b.parameters().get(LinearProbe.WEIGHT));
    }
}
