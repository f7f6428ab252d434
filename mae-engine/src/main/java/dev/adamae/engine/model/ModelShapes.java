package dev.adamae.engine.model;

import dev.adamae.api.LearnedSampler;
import dev.adamae.engine.ModelSettings;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The names and shapes of the model's trainable variables, from the model's settings alone: the
 * table the graph builders create their variables by, written out without a graph, so that a
 * command that only needs the table (an import, which checks a weight file against it) neither
 * starts ND4J nor runs a builder.
 *
 * <p>It names no class of ND4J's. Tests check it against the variables the builders create, at
 * every preset ({@code ModelShapesTest}); a builder that changes a variable must change it here.
 * A learned sampler's variables are the sampler's own ({@code LearnedSampler#variableShapes}).
 * It names no class of ND4J's: the SPI type it takes is an interface whose loading starts nothing.
 */
public final class ModelShapes {

    private ModelShapes() {
    }

    /** The autoencoder's variables without a learned sampler's (what {@link VideoMaeGraph#build} creates), by name. */
    public static Map<String, long[]> pretraining(ModelSettings model) {
        Map<String, long[]> shapes = new TreeMap<>();
        tokenizer(shapes, model);
        stack(shapes, "encoder/", model.encoder(), true);
        int width = model.decoder().width();
        shapes.put("encoder_to_decoder/weight", new long[] {model.encoder().width(), width});
        shapes.put(VideoMaeNames.MASK_TOKEN, new long[] {1, width});
        stack(shapes, "decoder/", model.decoder(), true);
        shapes.put("decoder/head/weight", new long[] {width, model.tokenValues()});
        shapes.put("decoder/head/bias", new long[] {model.tokenValues()});
        return shapes;
    }

    /**
     * The autoencoder's variables with a learned sampler's, when there is one and it lists its own
     * ({@code LearnedSampler#variableShapes}, asked for the grid, width, heads and scope the graph
     * builder gives it); empty when a sampler does not list them, and only a build can tell.
     */
    public static Optional<Map<String, long[]>> pretraining(ModelSettings model, Optional<LearnedSampler> sampler) {
        Optional<Map<String, long[]>> samplers = sampler.isEmpty() ? Optional.of(Map.of())
                : sampler.get().variableShapes(model.grid(), model.encoder().width(), model.samplerHeads(),
                        VideoMaeNames.SAMPLER_SCOPE);
        return samplers.map(own -> {
            Map<String, long[]> shapes = pretraining(model);
            shapes.putAll(own);
            return shapes;
        });
    }

    /**
     * The variables of a classifier with a head over {@code classes} classes (what
     * {@link VideoClassifierGraph#build} creates for {@link VideoClassifierSpec.Head#CLASSIFIER}), by name:
     * the encoder without its final norm, the norm after pooling and the head.
     */
    public static Map<String, long[]> classifier(ModelSettings model, int classes) {
        Map<String, long[]> shapes = new TreeMap<>();
        tokenizer(shapes, model);
        stack(shapes, "encoder/", model.encoder(), false);
        int width = model.encoder().width();
        shapes.put(ClassifierNames.HEAD_SCOPE + "norm/gain", new long[] {width});
        shapes.put(ClassifierNames.HEAD_SCOPE + "norm/bias", new long[] {width});
        shapes.put(ClassifierNames.HEAD_SCOPE + "head/weight", new long[] {width, classes});
        shapes.put(ClassifierNames.HEAD_SCOPE + "head/bias", new long[] {classes});
        return shapes;
    }

    private static void tokenizer(Map<String, long[]> shapes, ModelSettings model) {
        shapes.put(VideoMaeNames.TOKENIZER_WEIGHT, new long[] {model.tokenValues(), model.encoder().width()});
        shapes.put(VideoMaeNames.TOKENIZER_BIAS, new long[] {model.encoder().width()});
    }

    /** A {@link TransformerStack}'s blocks, and its final norm when it has one. */
    private static void stack(Map<String, long[]> shapes, String scope, ModelSettings.Transformer dimensions,
            boolean finalNorm) {
        long width = dimensions.width();
        long hidden = dimensions.mlpWidth();
        for (int block = 0; block < dimensions.depth(); block++) {
            String prefix = scope + "block" + block + "/";
            norm(shapes, prefix + "norm1", width);
            shapes.put(prefix + "attention/query_bias", new long[] {width});
            shapes.put(prefix + "attention/value_bias", new long[] {width});
            shapes.put(prefix + "attention/qkv/weight", new long[] {width, 3 * width});
            shapes.put(prefix + "attention/projection/weight", new long[] {width, width});
            shapes.put(prefix + "attention/projection/bias", new long[] {width});
            norm(shapes, prefix + "norm2", width);
            shapes.put(prefix + "mlp/fc1/weight", new long[] {width, hidden});
            shapes.put(prefix + "mlp/fc1/bias", new long[] {hidden});
            shapes.put(prefix + "mlp/fc2/weight", new long[] {hidden, width});
            shapes.put(prefix + "mlp/fc2/bias", new long[] {width});
        }
        if (finalNorm) {
            norm(shapes, scope + "norm", width);
        }
    }

    private static void norm(Map<String, long[]> shapes, String name, long width) {
        shapes.put(name + "/gain", new long[] {width});
        shapes.put(name + "/bias", new long[] {width});
    }
}
