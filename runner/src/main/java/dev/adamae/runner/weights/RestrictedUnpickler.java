package dev.adamae.runner.weights;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the pickle that {@code torch.save} writes into a checkpoint's {@code data.pkl}, building
 * plain Java values only: dicts as {@link LinkedHashMap}, lists, tuples as {@link Tuple}, strings,
 * numbers, booleans, {@code null}, bytes, and tensors as {@link TensorReference}.
 *
 * <p>It never loads a class and never runs anything. The globals a state dict needs are
 * recognised by name ({@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_parameter}, the
 * storage types, {@code collections.OrderedDict}); any other global becomes an {@link Opaque}
 * placeholder, and calling or building one yields another placeholder, so that an {@code args}
 * namespace, an optimiser's state or a numpy scalar beside the weights is read past. A global
 * from a module whose purpose is to run code or touch the system ({@code os}, {@code subprocess},
 * {@code builtins}, ...) is refused outright: no honest checkpoint names one.
 */
final class RestrictedUnpickler {

    /** A Python tuple. */
    record Tuple(List<Object> items) {
    }

    /** A global the reader does not know, or the result of calling or building one: never looked into. */
    record Opaque(String description) {
    }

    /** A storage named by the pickle's persistent id: a zip entry of values of one type. */
    record StorageReference(String key, String dtype, long elements) {
    }

    /** A tensor: a view of a storage. */
    record TensorReference(StorageReference storage, long offset, long[] shape, long[] stride) {
    }

    private record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    private static final Object MARK = new Object();

    /** Modules whose globals can only mean that the file wants to run code. */
    private static final Set<String> REFUSED_MODULES = Set.of("os", "posix", "nt", "subprocess", "sys", "builtins",
            "__builtin__", "shutil", "socket", "importlib", "runpy", "pickle", "_pickle", "marshal", "code", "codeop",
            "pty", "ctypes", "platform", "webbrowser", "multiprocessing", "threading", "_thread", "types", "operator",
            "functools", "pdb", "bdb", "timeit", "asyncio", "signal", "posixpath", "io", "_io", "tempfile", "glob",
            "commands", "popen2", "pip", "setuptools", "torch.hub", "torch.jit", "torch.ops", "torch.classes");

    private static final Map<String, String> STORAGE_TYPES = Map.ofEntries(
            Map.entry("FloatStorage", "F32"), Map.entry("HalfStorage", "F16"), Map.entry("BFloat16Storage", "BF16"),
            Map.entry("DoubleStorage", "F64"), Map.entry("LongStorage", "I64"), Map.entry("IntStorage", "I32"),
            Map.entry("ShortStorage", "I16"), Map.entry("CharStorage", "I8"), Map.entry("ByteStorage", "U8"),
            Map.entry("BoolStorage", "BOOL"));

    private static final Map<String, String> DTYPES = Map.of("float32", "F32", "float", "F32", "float16", "F16",
            "half", "F16", "bfloat16", "BF16", "float64", "F64", "int64", "I64", "long", "I64");

    private final ByteBuffer in;
    private final String source;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(byte[] bytes, String source) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    /**
     * Reads one pickle.
     *
     * @param source what to call the pickle in messages
     * @throws WeightFileException naming the source and the reason when the pickle is damaged, uses
     *     an opcode outside the subset, or names a global that would run code
     */
    static Object load(byte[] bytes, String source) {
        try {
            return new RestrictedUnpickler(bytes, source).run();
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | ClassCastException e) {
            throw new WeightFileException(source + " is damaged: its pickle ends early or is malformed");
        }
    }

    private Object run() {
        while (true) {
            int opcode = in.get() & 0xff;
            switch (opcode) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case '.' -> { // STOP
                    return pop();
                }
                case '(' -> stack.add(MARK);
                case '}' -> stack.add(new LinkedHashMap<>());
                case ']' -> stack.add(new ArrayList<>());
                case ')' -> stack.add(new Tuple(List.of()));
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'J' -> stack.add((long) in.getInt());
                case 'K' -> stack.add((long) (in.get() & 0xff));
                case 'M' -> stack.add((long) (in.getShort() & 0xffff));
                case 0x8a -> stack.add(longOf(bytes(in.get() & 0xff)));
                case 0x8b -> stack.add(longOf(bytes(checkedLength(in.getInt()))));
                case 'G' -> stack.add(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'X' -> stack.add(text(checkedLength(in.getInt())));
                case 0x8c -> stack.add(text(in.get() & 0xff));
                case 0x8d -> stack.add(text(checkedLength(in.getLong())));
                case 'T' -> stack.add(new String(bytes(checkedLength(in.getInt())), StandardCharsets.ISO_8859_1));
                case 'U' -> stack.add(new String(bytes(in.get() & 0xff), StandardCharsets.ISO_8859_1));
                case 'C' -> stack.add(bytes(in.get() & 0xff));
                case 'B' -> stack.add(bytes(checkedLength(in.getInt())));
                case 0x8e -> stack.add(bytes(checkedLength(in.getLong())));
                case 'q' -> memo.put((long) (in.get() & 0xff), peek());
                case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek());
                case 0x94 -> memo.put((long) memo.size(), peek());
                case 'h' -> stack.add(memoized(in.get() & 0xff));
                case 'j' -> stack.add(memoized(in.getInt() & 0xffffffffL));
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> stack.add(peek());
                case 't' -> stack.add(new Tuple(popMark()));
                case 0x85 -> stack.add(tuple(pop()));
                case 0x86 -> {
                    Object second = pop();
                    stack.add(tuple(pop(), second));
                }
                case 0x87 -> {
                    Object third = pop();
                    Object second = pop();
                    stack.add(tuple(pop(), second, third));
                }
                case 'l' -> stack.add(new ArrayList<>(popMark()));
                case 'd' -> stack.add(dictOf(popMark()));
                case 'a' -> {
                    Object item = pop();
                    list(peek()).add(item);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    dict(peek()).put(key, value);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> dict = dict(peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        dict.put(items.get(i), items.get(i + 1));
                    }
                }
                case 0x8f -> stack.add(new ArrayList<>()); // EMPTY_SET, read as a list
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    if (peek() instanceof List<?>) {
                        list(peek()).addAll(items);
                    }
                }
                case 0x91 -> stack.add(new ArrayList<>(popMark())); // FROZENSET
                case 'c' -> stack.add(global(line(), line()));
                case 0x93 -> {
                    String name = string(pop());
                    stack.add(global(string(pop()), name));
                }
                case 'R' -> {
                    Object arguments = pop();
                    stack.add(call(pop(), arguments));
                }
                case 0x81 -> { // NEWOBJ
                    Object arguments = pop();
                    stack.add(call(pop(), arguments));
                }
                case 0x92 -> { // NEWOBJ_EX
                    pop();
                    Object arguments = pop();
                    stack.add(call(pop(), arguments));
                }
                case 'b' -> pop(); // BUILD: an object's attributes (an OrderedDict's _metadata), not needed
                case 'Q' -> stack.add(persistent(pop()));
                default -> throw new WeightFileException(source + " uses pickle opcode 0x" + Integer.toHexString(opcode)
                        + ", outside the subset a state dict needs; it is not read");
            }
        }
    }

    private Object global(String module, String name) {
        String root = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
        if (REFUSED_MODULES.contains(module) || REFUSED_MODULES.contains(root)) {
            throw new WeightFileException(source + " names " + module + "." + name
                    + ", which would run code when unpickled; the file is refused (nothing was run)");
        }
        return new Global(module, name);
    }

    /** Applies a global to arguments, for the few globals a state dict needs; a placeholder for any other. */
    private Object call(Object callable, Object arguments) {
        if (!(callable instanceof Global global)) {
            return new Opaque("call of " + describe(callable));
        }
        List<Object> args = arguments instanceof Tuple tuple ? tuple.items() : List.of();
        switch (global.qualified()) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                if (args.size() >= 4 && args.get(0) instanceof StorageReference storage) {
                    return new TensorReference(storage, number(args.get(1)), longs(args.get(2)), longs(args.get(3)));
                }
                return new Opaque("tensor of an unknown storage");
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                return args.isEmpty() ? new Opaque("parameter") : args.get(0);
            }
            case "collections.OrderedDict" -> {
                return new LinkedHashMap<>();
            }
            default -> {
                return new Opaque(global.qualified());
            }
        }
    }

    /** A persistent id {@code ('storage', type, key, location, numel)} names one zip entry. */
    private Object persistent(Object id) {
        if (id instanceof Tuple tuple && tuple.items().size() >= 5 && "storage".equals(tuple.items().get(0))) {
            Object type = tuple.items().get(1);
            String dtype = "UNKNOWN";
            if (type instanceof Global global) {
                dtype = STORAGE_TYPES.getOrDefault(global.name(), DTYPES.getOrDefault(global.name(), global.name()));
            }
            return new StorageReference(string(tuple.items().get(2)), dtype, number(tuple.items().get(4)));
        }
        return new Opaque("persistent id " + describe(id));
    }

    private static String describe(Object value) {
        return value instanceof Global global ? global.qualified()
                : value instanceof Opaque opaque ? opaque.description() : String.valueOf(value);
    }

    private Object pop() {
        Object value = stack.remove(stack.size() - 1);
        if (value == MARK) {
            throw new WeightFileException(source + " is damaged: its pickle pops a mark as a value");
        }
        return value;
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw new WeightFileException(source + " is damaged: its pickle has no mark where one is needed");
        }
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private Object memoized(long index) {
        if (!memo.containsKey(index)) {
            throw new WeightFileException(source + " is damaged: its pickle refers to memo " + index + ", never stored");
        }
        return memo.get(index);
    }

    /** A tuple of items that may be {@code None}. */
    private static Tuple tuple(Object... items) {
        return new Tuple(java.util.Arrays.asList(items));
    }

    private Map<Object, Object> dictOf(List<Object> items) {
        Map<Object, Object> dict = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
        }
        return dict;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        if (value instanceof Opaque) {
            return new LinkedHashMap<>(); // setting items of a placeholder: read past
        }
        throw new WeightFileException(source + " is damaged: its pickle sets an item of a " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object value) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        if (value instanceof Opaque) {
            return new ArrayList<>();
        }
        throw new WeightFileException(source + " is damaged: its pickle appends to a " + describe(value));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private String text(int length) {
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    private int checkedLength(long length) {
        if (length < 0 || length > in.remaining()) {
            throw new WeightFileException(source + " is damaged: its pickle announces " + length + " bytes where "
                    + in.remaining() + " remain");
        }
        return (int) length;
    }

    private String line() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte next;
        while ((next = in.get()) != '\n') {
            line.write(next);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private String string(Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw new WeightFileException(source + " is damaged: its pickle has " + describe(value) + " where a name belongs");
    }

    private long number(Object value) {
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        throw new WeightFileException(source + " is damaged: its pickle has " + describe(value) + " where a number belongs");
    }

    private long[] longs(Object value) {
        if (!(value instanceof Tuple tuple)) {
            throw new WeightFileException(source + " is damaged: a tensor's size or stride is " + describe(value));
        }
        return tuple.items().stream().mapToLong(this::number).toArray();
    }

    /** Python's LONG1/LONG4: a little-endian two's-complement integer. */
    private static Object longOf(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
}
