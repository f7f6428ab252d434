package dev.adamae.engine.model;

import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenSampling;
import dev.adamae.engine.ModelSettings;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Clips and masks for the model tests. */
final class Batches {

    private Batches() {
    }

    /** Returns ImageNet-normalised clips of uniform random pixels that fit {@code spec}. */
    static INDArray randomClips(VideoMaeGraphSpec spec, long seed) {
        ModelSettings model = spec.model();
        Nd4j.getRandom().setSeed(seed);
        INDArray pixels = Nd4j.rand(DataType.FLOAT, spec.batchSize(), ModelSettings.CHANNELS,
                model.clipFrames(), model.clipHeight(), model.clipWidth());
        return ClipNormalization.normalize(pixels);
    }

    /** Returns a mask with uniformly drawn visible tokens that fits {@code spec}. */
    static TokenMask randomMask(VideoMaeGraphSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return TokenMask.ofClips(spec.grid(), spec.batchSize(),
                clip -> TokenSampling.uniformSubset(spec.tokenCount(), spec.visibleCount(), random));
    }

    /** Returns the spec of the {@code test} preset for {@code batchSize} clips with a quarter of the tokens visible. */
    static VideoMaeGraphSpec testSpec(int batchSize, LossType lossType) {
        ModelSettings model = Presets.model("test");
        return new VideoMaeGraphSpec(model, batchSize, model.grid().tokenCount() / 4, lossType, 42);
    }
}
