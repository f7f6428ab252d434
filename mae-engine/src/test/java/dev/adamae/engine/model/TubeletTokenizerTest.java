package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.engine.ModelSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/** The tokenizer's tubelet rows and matrix product, against ND4J's own Conv3d with kernel = stride = tubelet. */
class TubeletTokenizerTest {

    @Test
    void tokensEqualAConv3dWithKernelAndStrideOfATubeletInFlattenedTimeRowColumnOrder() {
        ModelSettings model = Presets.unevenModel();
        VideoMaeGraphSpec spec = new VideoMaeGraphSpec(model, 2, 5, LossType.MSE_NORMALIZED, 7);
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        INDArray clips = Batches.randomClips(spec, 3);

        INDArray tokens = graph.sameDiff().output(graph.clipInputs(clips), VideoMaeNames.TOKENS)
                .get(VideoMaeNames.TOKENS);

        INDArray expected = conv3dTokens(model, clips,
                graph.sameDiff().getArrForVarName(VideoMaeNames.TOKENIZER_WEIGHT),
                graph.sameDiff().getArrForVarName(VideoMaeNames.TOKENIZER_BIAS));
        assertThat(tokens.shape()).containsExactly(2, spec.tokenCount(), model.encoder().width());
        assertThat(tokens.equalsWithEps(expected, 1e-4)).as("tokens %s%nconv3d %s", tokens, expected).isTrue();
    }

    /** Runs ND4J's Conv3d and orders its output as tokens: [B, D, T', H', W'] -> [B, T' * H' * W', D]. */
    private static INDArray conv3dTokens(ModelSettings model, INDArray clips, INDArray weight, INDArray bias) {
        int width = model.encoder().width();
        SameDiff sd = SameDiff.create();
        // ND4J's Conv3d weight layout is [kD, kH, kW, inChannels, outChannels].
        SDVariable kernel = sd.constant(weight.reshape(model.tubeletFrames(), model.tubeletHeight(),
                model.tubeletWidth(), ModelSettings.CHANNELS, width));
        Conv3DConfig config = Conv3DConfig.builder()
                .kD(model.tubeletFrames()).kH(model.tubeletHeight()).kW(model.tubeletWidth())
                .sD(model.tubeletFrames()).sH(model.tubeletHeight()).sW(model.tubeletWidth())
                .paddingMode(PaddingMode.VALID).biasUsed(true).dataFormat(Conv3DConfig.NCDHW)
                .build();
        SDVariable convolved = sd.cnn.conv3d(sd.constant(clips), kernel, sd.constant(bias), config);
        SDVariable tokens = sd.reshape(sd.permute(convolved, 0, 2, 3, 4, 1),
                clips.size(0), model.grid().tokenCount(), width);
        return sd.output(Map.of(), tokens.name()).get(tokens.name());
    }
}
