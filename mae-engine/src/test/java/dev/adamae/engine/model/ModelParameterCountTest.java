package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.engine.ModelSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The model's trainable parameters, against a count derived independently from each preset's dimensions. */
class ModelParameterCountTest {

    @ParameterizedTest
    @ValueSource(strings = {"test", "tiny", "small", "base"})
    void eachPresetHasTheParametersItsDimensionsImply(String preset) {
        ModelSettings model = Presets.model(preset);
        VideoMaeGraph graph = VideoMaeGraph.build(
                new VideoMaeGraphSpec(model, 1, 1, LossType.MSE_NORMALIZED, 1), Optional.empty());

        assertThat(graph.parameterCount()).isEqualTo(expectedCount(model));
    }

    @Test
    void theBaseEncoderIsViTBaseWithItsTubeletEmbedding() {
        ModelSettings base = Presets.model("base");
        // ViT-B/16 with a 2x16x16x3 tubelet embedding and no class token: 86.2 million.
        assertThat(encoderCount(base)).isBetween(86_000_000L, 86_500_000L);
    }

    private static long expectedCount(ModelSettings model) {
        long encoderWidth = model.encoder().width();
        long decoderWidth = model.decoder().width();
        long encoderToDecoder = encoderWidth * decoderWidth;
        long maskToken = decoderWidth;
        long decoder = model.decoder().depth() * blockCount(model.decoder()) + 2 * decoderWidth;
        long head = decoderWidth * model.tokenValues() + model.tokenValues();
        return encoderCount(model) + encoderToDecoder + maskToken + decoder + head;
    }

    private static long encoderCount(ModelSettings model) {
        long width = model.encoder().width();
        long tokenizer = (long) model.tubeletFrames() * model.tubeletHeight() * model.tubeletWidth()
                * ModelSettings.CHANNELS * width + width;
        long finalNorm = 2 * width;
        return tokenizer + model.encoder().depth() * blockCount(model.encoder()) + finalNorm;
    }

    private static long blockCount(ModelSettings.Transformer transformer) {
        long width = transformer.width();
        long mlp = transformer.mlpWidth();
        long norms = 2 * (2 * width);
        long attention = width * 3 * width + 2 * width // qkv weight, query and value biases (no key bias)
                + width * width + width;               // output projection
        long perceptron = width * mlp + mlp + mlp * width + width;
        return norms + attention + perceptron;
    }
}
