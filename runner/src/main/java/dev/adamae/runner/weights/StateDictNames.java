package dev.adamae.runner.weights;

import dev.adamae.engine.model.ClassifierNames;
import dev.adamae.engine.model.VideoMaeNames;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of our variables in the authors' state dicts (MCG-NJU/VideoMAE, wgcban/adamae): the
 * one table both import and export use.
 *
 * <p>A pre-training state dict holds {@code encoder.*} (the tokenizer as
 * {@code encoder.patch_embed.proj}, the blocks, the final norm, and AdaMAE's sampler as
 * {@code encoder.pos_embed_probs} and {@code encoder.get_token_probs.0} (its block) and {@code .1}
 * (its linear layer)), {@code encoder_to_decoder.weight}, {@code mask_token} and {@code decoder.*}.
 * A fine-tuned classifier's state dict has no {@code encoder.} prefix and adds {@code fc_norm.*}
 * (the norm after mean pooling) and {@code head.*}. Within a block, our {@code norm1/gain} is
 * their {@code norm1.weight}, {@code attention/query_bias} their {@code attn.q_bias},
 * {@code attention/qkv/weight} their {@code attn.qkv.weight}, {@code attention/projection} their
 * {@code attn.proj}, {@code mlp/fc1} their {@code mlp.fc1}.
 *
 * <p>The position codes are fixed sinusoids in both models, not parameters, so neither side
 * stores them; the sampler's learnable position embedding is a parameter and is mapped.
 */
public final class StateDictNames {

    /** Which of the authors' models a state dict belongs to. */
    public enum Kind {
        /** {@code PretrainVisionTransformer}: encoder, decoder, and for AdaMAE the sampler. */
        PRETRAINING,
        /** {@code VisionTransformer} fine-tuned with mean pooling: encoder without final norm, {@code fc_norm}, {@code head}. */
        CLASSIFIER
    }

    private static final Pattern BLOCK = Pattern.compile("block(\\d+)/(.+)");

    private StateDictNames() {
    }

    /**
     * Returns the state-dict key of one of our variables.
     *
     * @throws IllegalArgumentException when the variable has no counterpart in that kind of state dict
     */
    public static String foreignName(String ours, Kind kind) {
        String encoder = kind == Kind.PRETRAINING ? "encoder." : "";
        if (ours.startsWith(ClassifierNames.TOKENIZER_PREFIX)) {
            return encoder + "patch_embed.proj." + ours.substring(ClassifierNames.TOKENIZER_PREFIX.length());
        }
        if (ours.startsWith("encoder/")) {
            return encoder + stack(ours, ours.substring("encoder/".length()));
        }
        if (kind == Kind.CLASSIFIER && ours.startsWith(ClassifierNames.HEAD_SCOPE)) {
            String local = ours.substring(ClassifierNames.HEAD_SCOPE.length());
            if (local.startsWith("norm/")) {
                return "fc_norm." + leaf(ours, local.substring("norm/".length()));
            }
            if (local.startsWith("head/")) {
                return "head." + leaf(ours, local.substring("head/".length()));
            }
        }
        if (kind == Kind.PRETRAINING) {
            if (ours.equals(VideoMaeNames.MASK_TOKEN)) {
                return "mask_token";
            }
            if (ours.equals("encoder_to_decoder/weight")) {
                return "encoder_to_decoder.weight";
            }
            if (ours.startsWith("decoder/")) {
                return "decoder." + stack(ours, ours.substring("decoder/".length()));
            }
            if (ours.startsWith(VideoMaeNames.SAMPLER_SCOPE)) {
                return sampler(ours, ours.substring(VideoMaeNames.SAMPLER_SCOPE.length()));
            }
        }
        throw new IllegalArgumentException("Variable " + ours + " has no counterpart in a "
                + kind.name().toLowerCase(java.util.Locale.ROOT) + " state dict");
    }

    /** Returns how a variable's values are laid out beside its counterpart's. */
    public static TensorLayout layoutOf(String ours, long[] shape) {
        if (ours.equals(VideoMaeNames.TOKENIZER_WEIGHT)) {
            return TensorLayout.TOKENIZER;
        }
        if (ours.equals(VideoMaeNames.MASK_TOKEN) || ours.equals(VideoMaeNames.SAMPLER_SCOPE + "position_embedding")) {
            return TensorLayout.LEADING_ONE;
        }
        if (ours.endsWith("/weight") && shape.length == 2) {
            return TensorLayout.TRANSPOSED;
        }
        return TensorLayout.SAME;
    }

    /** A stack's blocks, final norm and (the decoder's) head. */
    private static String stack(String ours, String local) {
        Matcher block = BLOCK.matcher(local);
        if (block.matches()) {
            return "blocks." + block.group(1) + "." + block(ours, block.group(2));
        }
        if (local.startsWith("norm/")) {
            return "norm." + leaf(ours, local.substring("norm/".length()));
        }
        if (local.startsWith("head/")) {
            return "head." + leaf(ours, local.substring("head/".length()));
        }
        throw unknown(ours);
    }

    /** AdaMAE's sampler: {@code get_token_probs} is {@code Sequential(Block, Linear, Flatten)}. */
    private static String sampler(String ours, String local) {
        if (local.equals("position_embedding")) {
            return "encoder.pos_embed_probs";
        }
        if (local.startsWith("block/")) {
            return "encoder.get_token_probs.0." + block(ours, local.substring("block/".length()));
        }
        if (local.startsWith("head/")) {
            return "encoder.get_token_probs.1." + leaf(ours, local.substring("head/".length()));
        }
        throw unknown(ours);
    }

    /** A variable inside one block. */
    private static String block(String ours, String local) {
        return switch (local) {
            case "attention/query_bias" -> "attn.q_bias";
            case "attention/value_bias" -> "attn.v_bias";
            case "attention/qkv/weight" -> "attn.qkv.weight";
            default -> {
                String[] parts = local.split("/");
                if (parts.length == 2 && (parts[0].equals("norm1") || parts[0].equals("norm2"))) {
                    yield parts[0] + "." + leaf(ours, parts[1]);
                }
                if (parts.length == 3 && parts[0].equals("attention") && parts[1].equals("projection")) {
                    yield "attn.proj." + leaf(ours, parts[2]);
                }
                if (parts.length == 3 && parts[0].equals("mlp") && (parts[1].equals("fc1") || parts[1].equals("fc2"))) {
                    yield "mlp." + parts[1] + "." + leaf(ours, parts[2]);
                }
                throw unknown(ours);
            }
        };
    }

    /** A layer's own variable: our norm {@code gain} is PyTorch's {@code weight}. */
    private static String leaf(String ours, String local) {
        return switch (local) {
            case "gain", "weight" -> "weight";
            case "bias" -> "bias";
            default -> throw unknown(ours);
        };
    }

    private static IllegalArgumentException unknown(String ours) {
        return new IllegalArgumentException("Variable " + ours + " has no counterpart in the authors' state dicts");
    }
}
