package dev.adamae.runner.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.model.VideoClassifierSpec;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.masking.adaptive.AdaptiveMaskingStrategyFactory;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.weights.StateDictNames.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StateDictNamesTest {

    private static final Config CONFIG = new ConfigLoader(null).load(new ConfigRequest("test", List.of(), List.of(),
            Map.of()), ConfigFactory.defaultReference());
    private static final ModelSettings MODEL = ModelSettings.from(CONFIG);

    /** The authors' keys of one block, as VideoMAE's Block with qkv_bias names them. */
    private static List<String> block(String prefix, boolean qkvBias) {
        List<String> keys = new ArrayList<>(List.of("norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.proj.weight",
                "attn.proj.bias", "norm2.weight", "norm2.bias", "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight",
                "mlp.fc2.bias"));
        if (qkvBias) {
            keys.addAll(List.of("attn.q_bias", "attn.v_bias"));
        }
        return keys.stream().map(key -> prefix + key).toList();
    }

    @Test
    void anAdaMaeModelAtTheTestPresetHasExactlyTheAuthorsKeysAndShapes() {
        MaskingStrategy adaptive = new AdaptiveMaskingStrategyFactory().create(Settings.ofStrategy(CONFIG, "adaptive"));
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(MODEL, 1, 3, LossType.MSE_NORMALIZED, 0),
                adaptive.learnedSampler());
        Map<String, long[]> theirs = new TreeMap<>();
        for (String ours : graph.trainableVariables()) {
            long[] shape = graph.sameDiff().getArrForVarName(ours).shape();
            theirs.put(StateDictNames.foreignName(ours, Kind.PRETRAINING),
                    StateDictNames.layoutOf(ours, shape).foreignShape(shape, MODEL));
        }
        List<String> expected = new ArrayList<>(List.of("encoder.patch_embed.proj.weight", "encoder.patch_embed.proj.bias",
                "encoder.norm.weight", "encoder.norm.bias", "encoder_to_decoder.weight", "mask_token",
                "decoder.norm.weight", "decoder.norm.bias", "decoder.head.weight", "decoder.head.bias",
                "encoder.pos_embed_probs", "encoder.get_token_probs.1.weight", "encoder.get_token_probs.1.bias"));
        expected.addAll(block("encoder.blocks.0.", true));
        expected.addAll(block("encoder.blocks.1.", true));
        expected.addAll(block("decoder.blocks.0.", true));
        expected.addAll(block("encoder.get_token_probs.0.", false));
        assertThat(theirs.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(theirs.get("encoder.patch_embed.proj.weight")).containsExactly(32, 3, 2, 8, 8);
        assertThat(theirs.get("encoder.blocks.1.attn.qkv.weight")).containsExactly(96, 32);
        assertThat(theirs.get("encoder.blocks.0.attn.q_bias")).containsExactly(32);
        assertThat(theirs.get("encoder.blocks.0.mlp.fc1.weight")).containsExactly(128, 32);
        assertThat(theirs.get("encoder_to_decoder.weight")).containsExactly(16, 32);
        assertThat(theirs.get("mask_token")).containsExactly(1, 1, 16);
        assertThat(theirs.get("decoder.head.weight")).containsExactly(384, 16);
        assertThat(theirs.get("encoder.pos_embed_probs")).containsExactly(1, 32, 32);
        assertThat(theirs.get("encoder.get_token_probs.1.weight")).containsExactly(1, 32);
        assertThat(theirs.get("encoder.get_token_probs.1.bias")).containsExactly(1);
    }

    @Test
    void aClassifierHasTheFineTunedModelsKeysWithoutTheEncoderPrefix() {
        VideoClassifierGraph graph = VideoClassifierGraph.build(new VideoClassifierSpec(MODEL, 1, 5,
                VideoClassifierSpec.Head.CLASSIFIER, 0.0, 0));
        List<String> theirs = graph.parameters().keySet().stream()
                .map(ours -> StateDictNames.foreignName(ours, Kind.CLASSIFIER)).toList();
        List<String> expected = new ArrayList<>(List.of("patch_embed.proj.weight", "patch_embed.proj.bias",
                "fc_norm.weight", "fc_norm.bias", "head.weight", "head.bias"));
        expected.addAll(block("blocks.0.", true));
        expected.addAll(block("blocks.1.", true));
        assertThat(theirs).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theTokenizerWeightOfTokenValueTYXCAndWidthDIsTheirKernelDCTYX() {
        int width = MODEL.encoder().width();
        int values = MODEL.tokenValues();
        float[] ours = new float[values * width];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = i;
        }
        long[] shape = {values, width};
        float[] theirs = TensorLayout.TOKENIZER.toForeign(ours, shape, MODEL);
        // Our row (t, y, x, c) = ((t * 8 + y) * 8 + x) * 3 + c; their [d, c, t, y, x].
        int t = 1;
        int y = 5;
        int x = 2;
        int c = 2;
        int d = 7;
        int row = ((t * 8 + y) * 8 + x) * 3 + c;
        int kernel = (((d * 3 + c) * 2 + t) * 8 + y) * 8 + x;
        assertThat(theirs[kernel]).isEqualTo(ours[row * width + d]);
        INDArray back = Nd4j.create(DataType.FLOAT, shape);
        TensorLayout.TOKENIZER.assignFromForeign(Nd4j.create(theirs, TensorLayout.TOKENIZER.foreignShape(shape, MODEL),
                DataType.FLOAT), back);
        assertThat(back.data().asFloat()).containsExactly(ours);
    }

    @Test
    void aLinearWeightIsTransposedAndTheMaskTokenGainsALeadingAxis() {
        assertThat(StateDictNames.layoutOf("decoder/block0/mlp/fc1/weight", new long[] {16, 64}))
                .isEqualTo(TensorLayout.TRANSPOSED);
        assertThat(TensorLayout.TRANSPOSED.toForeign(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, MODEL))
                .containsExactly(1, 4, 2, 5, 3, 6);
        INDArray ours = Nd4j.create(DataType.FLOAT, 2, 3);
        TensorLayout.TRANSPOSED.assignFromForeign(Nd4j.create(new float[] {1, 4, 2, 5, 3, 6}, new long[] {3, 2},
                DataType.FLOAT), ours);
        assertThat(ours.data().asFloat()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(StateDictNames.layoutOf("decoder/mask_token", new long[] {1, 16})).isEqualTo(TensorLayout.LEADING_ONE);
        assertThat(StateDictNames.layoutOf("encoder/block0/norm1/gain", new long[] {32})).isEqualTo(TensorLayout.SAME);
    }

    @Test
    void aVariableWithoutACounterpartIsNamed() {
        assertThatThrownBy(() -> StateDictNames.foreignName("masking/mlp_sampler/weight", Kind.PRETRAINING))
                .hasMessageContaining("masking/mlp_sampler/weight");
        assertThatThrownBy(() -> StateDictNames.foreignName("decoder/mask_token", Kind.CLASSIFIER))
                .hasMessageContaining("classifier state dict");
    }
}
