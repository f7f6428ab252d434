package dev.adamae.runner.weights;

import dev.adamae.engine.ModelSettings;
import dev.adamae.runner.weights.StateDictNames.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts between our variables and a VideoMAE/AdaMAE state dict, by {@link StateDictNames} and
 * {@link TensorLayout}.
 *
 * <p>Import checks every key before it reads a value ({@link #plan}), then converts the tensors
 * one at a time ({@link #stream}). The check: a key the model needs and the file lacks,
 * a key the file has and the model does not, a shape that differs and a dtype that is not read
 * are each a mismatch, reported in one line that names the key, both shapes and the preset (the
 * first mismatch, and how many more there are); nothing is converted then.
 */
public final class StateDictConversion {

    private StateDictConversion() {
    }

    /** Receives our variables one at a time, e.g. a checkpoint being written. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes variable {@code name} of {@code shape}, its values in {@code values}' remaining
         * ones, in {@code order}: {@code 'c'} row-major, {@code 'f'} column-major; the buffer is
         * reused for the next variable once this returns.
         */
        void put(String name, long[] shape, char order, FloatBuffer values) throws IOException;
    }

    /**
     * Where the time of a streamed import went, in nanoseconds.
     *
     * @param reading reading the file's tensors as fp32
     * @param converting putting them into our layouts
     * @param writing handing them on
     * @param values how many values were converted
     */
    public record Timings(long reading, long converting, long writing, long values) {
    }

    /**
     * Returns our variables read from a state dict, as row-major arrays.
     *
     * @param file the open weight file
     * @param prefix what to strip from or add to the file's keys
     * @param expected our variables' names and shapes at the preset, in any order
     * @param kind the kind of state dict the variables come from
     * @param model the preset's model, for the tokenizer's layout
     * @param preset the preset's name, for messages
     * @throws WeightFileException on the first mismatch, with the number of the others
     */
    public static Map<String, INDArray> importFrom(StateDictFile file, KeyPrefix prefix, Map<String, long[]> expected,
            Kind kind, ModelSettings model, String preset) {
        Map<String, INDArray> parameters = new TreeMap<>();
        Map<String, String> plan = plan(file, prefix, expected, kind, model, preset);
        try {
            stream(file, plan, expected, model, (name, shape, order, values) -> {
                float[] copy = new float[values.remaining()];
                values.duplicate().get(copy);
                INDArray array = Nd4j.create(copy, shape, order);
                parameters.put(name, order == 'c' ? array : array.dup('c'));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parameters;
    }

    /**
     * Checks a state dict against our variables before a value is read: returns the file's key
     * of each of our variables, sorted by our names.
     *
     * @param expected our variables' names and shapes at the preset, in any order
     * @throws WeightFileException on the first mismatch, with the number of the others
     */
    public static Map<String, String> plan(StateDictFile file, KeyPrefix prefix, Map<String, long[]> expected,
            Kind kind, ModelSettings model, String preset) {
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Map<String, String> keyByName = new LinkedHashMap<>();
        file.entries().forEach((key, entry) -> {
            String name = prefix.apply(key, file.description());
            entries.put(name, entry);
            keyByName.put(name, key);
        });
        List<String> mismatches = new ArrayList<>();
        Map<String, String> oursByKey = new LinkedHashMap<>();
        Map<String, String> plan = new TreeMap<>();
        for (Map.Entry<String, long[]> variable : new TreeMap<>(expected).entrySet()) {
            String ours = variable.getKey();
            String key = StateDictNames.foreignName(ours, kind);
            oursByKey.put(key, ours);
            long[] shape = StateDictNames.layoutOf(ours, variable.getValue()).foreignShape(variable.getValue(), model);
            TensorEntry entry = entries.get(key);
            if (entry == null) {
                mismatches.add("missing key " + key + " (the preset's shape " + Arrays.toString(shape) + ")"
                        + prefixHint(key, entries.keySet()));
            } else if (!Arrays.equals(entry.shape(), shape)) {
                mismatches.add("key " + key + " is " + Arrays.toString(entry.shape()) + " in the file, the preset's "
                        + Arrays.toString(shape));
            } else if (!entry.readable()) {
                mismatches.add("key " + key + " " + Arrays.toString(entry.shape()) + " has dtype " + entry.dtype()
                        + "; only " + TensorEntry.READABLE + " are read");
            } else {
                plan.put(ours, keyByName.get(key));
            }
        }
        for (Map.Entry<String, TensorEntry> entry : entries.entrySet()) {
            if (!oursByKey.containsKey(entry.getKey())) {
                mismatches.add("unexpected key " + entry.getKey() + " " + Arrays.toString(entry.getValue().shape())
                        + ", which the preset's model has no variable for" + hint(entry.getKey(), kind));
            }
        }
        if (!mismatches.isEmpty()) {
            throw new WeightFileException(file.description() + " does not fit preset " + preset + ": "
                    + mismatches.get(0) + (mismatches.size() > 1 ? " (and " + (mismatches.size() - 1) + " more mismatches)"
                    : ""));
        }
        return plan;
    }

    /**
     * Reads each tensor of a checked {@link #plan}, puts it into our layout and hands it to
     * {@code sink}, one at a time in the plan's order, through a buffer of the largest tensor's
     * size: the model is never held whole. Every tensor but the tokenizer's goes to the sink as
     * read: a transposed one (a linear layer's weight, their {@code [out, in]} row-major) as our
     * {@code [in, out]} in column-major order, which holds the same values in the same order;
     * the tokenizer's is rearranged on the heap.
     *
     * @param expected our variables' shapes by name
     */
    public static Timings stream(StateDictFile file, Map<String, String> plan, Map<String, long[]> expected,
            ModelSettings model, Sink sink) throws IOException {
        long largest = 1;
        for (String ours : plan.keySet()) {
            largest = Math.max(largest, elements(expected.get(ours)));
        }
        if (largest > Integer.MAX_VALUE / 4 - 8) {
            throw new WeightFileException(file.description() + ": a tensor has " + largest
                    + " values, more than one buffer holds");
        }
        ByteBuffer read = ByteBuffer.allocateDirect((int) (4 * largest)).order(ByteOrder.nativeOrder());
        long tokenizer = 1;
        for (Map.Entry<String, String> variable : plan.entrySet()) {
            long[] shape = expected.get(variable.getKey());
            if (StateDictNames.layoutOf(variable.getKey(), shape) == TensorLayout.TOKENIZER) {
                tokenizer = Math.max(tokenizer, elements(shape));
            }
        }
        float[] theirs = new float[(int) tokenizer];
        float[] ours = new float[(int) tokenizer];
        long reading = 0;
        long converting = 0;
        long writing = 0;
        long values = 0;
        for (Map.Entry<String, String> variable : plan.entrySet()) {
            String name = variable.getKey();
            long[] shape = expected.get(name);
            int count = (int) elements(shape);
            TensorLayout layout = StateDictNames.layoutOf(name, shape);
            long started = System.nanoTime();
            file.readInto(variable.getValue(), read);
            long readDone = System.nanoTime();
            FloatBuffer converted = read.duplicate().clear().order(ByteOrder.nativeOrder()).asFloatBuffer().limit(count);
            // Their [out, in] row-major is our [in, out] column-major: handed on as read.
            char order = layout == TensorLayout.TRANSPOSED ? 'f' : 'c';
            if (layout == TensorLayout.TOKENIZER) {
                converted.get(theirs, 0, count);
                layout.fromForeign(theirs, shape, model, ours);
                converted = FloatBuffer.wrap(ours, 0, count);
            }
            long convertDone = System.nanoTime();
            sink.put(name, shape, order, converted);
            long written = System.nanoTime();
            reading += readDone - started;
            converting += convertDone - readDone;
            writing += written - convertDone;
            values += count;
        }
        return new Timings(reading, converting, writing, values);
    }

    private static long elements(long[] shape) {
        long count = 1;
        for (long size : shape) {
            count = Math.multiplyExact(count, size);
        }
        return count;
    }

    /** Says which --prefix would find a missing key under another key of the file. */
    private static String prefixHint(String key, java.util.Set<String> keys) {
        for (String present : keys) {
            if (present.length() > key.length() && present.endsWith("." + key)) {
                String extra = present.substring(0, present.length() - key.length());
                return "; the file has " + present + ": strip " + extra + " with --prefix " + extra;
            }
            if (key.length() > present.length() && key.endsWith("." + present)) {
                String missing = key.substring(0, key.length() - present.length());
                return "; the file has " + present + ": add " + missing + " with --prefix +" + missing;
            }
        }
        return "";
    }

    private static String hint(String key, Kind kind) {
        if (key.startsWith("encoder.pos_embed_probs") || key.startsWith("encoder.get_token_probs.")) {
            return " (AdaMAE's sampler: import with --strategy adaptive)";
        }
        if (kind == Kind.PRETRAINING && key.startsWith("blocks.")) {
            return " (an encoder without its 'encoder.' prefix: --prefix +encoder.)";
        }
        if (key.contains(".gamma_1") || key.contains(".gamma_2")) {
            return " (layer scale, init_values > 0, is not part of this model)";
        }
        return "";
    }

    /**
     * Returns a state dict of our variables, keys sorted, values in the authors' layouts.
     *
     * @param parameters our variables by name
     * @throws WeightFileException naming a variable that has no counterpart
     */
    public static Map<String, FloatTensor> exportTo(Map<String, INDArray> parameters, Kind kind, KeyPrefix prefix,
            ModelSettings model) {
        Map<String, FloatTensor> tensors = new TreeMap<>();
        for (Map.Entry<String, INDArray> variable : parameters.entrySet()) {
            String ours = variable.getKey();
            String key;
            try {
                key = StateDictNames.foreignName(ours, kind);
            } catch (IllegalArgumentException e) {
                throw new WeightFileException(e.getMessage(), e);
            }
            INDArray array = variable.getValue();
            long[] shape = array.shape();
            TensorLayout layout = StateDictNames.layoutOf(ours, shape);
            float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
            tensors.put(prefix.add() ? prefix.prefix() + key : key,
                    new FloatTensor(layout.foreignShape(shape, model), layout.toForeign(values, shape, model)));
        }
        return tensors;
    }
}
