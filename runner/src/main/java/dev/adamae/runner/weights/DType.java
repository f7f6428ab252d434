package dev.adamae.runner.weights;

import java.nio.ByteBuffer;

/**
 * The element types a weight file may hold, in safetensors' spelling, with their sizes; the
 * floating ones are converted to fp32 on reading.
 */
enum DType {
    F32(4, true),
    F16(2, true),
    BF16(2, true),
    F64(8, false),
    I64(8, false),
    I32(4, false),
    I16(2, false),
    I8(1, false),
    U8(1, false),
    BOOL(1, false);

    private final int bytes;
    private final boolean floating;

    DType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    /** Returns the type of a safetensors dtype name, or {@code null} for one unknown here. */
    static DType of(String name) {
        for (DType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    int bytes() {
        return bytes;
    }

    boolean floating() {
        return floating;
    }

    /**
     * Reads {@code values.length} elements of this floating type from {@code buffer} (little-endian,
     * at its position) into {@code values} as fp32.
     */
    void readFloats(ByteBuffer buffer, float[] values) {
        readFloats(buffer, values, 0, values.length);
    }

    /**
     * Reads {@code count} elements of this floating type from {@code buffer} (little-endian, at its
     * position, which does not move) into {@code values} from {@code offset}, as fp32.
     */
    void readFloats(ByteBuffer buffer, float[] values, int offset, int count) {
        int start = buffer.position();
        switch (this) {
            case F32 -> buffer.asFloatBuffer().get(values, offset, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    values[offset + i] = halfToFloat(buffer.getShort(start + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    values[offset + i] = Float.intBitsToFloat((buffer.getShort(start + 2 * i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException(this + " is not a floating type");
        }
    }

    /** Converts an IEEE 754 half-precision value to fp32, exactly (subnormals, infinities and NaN included). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa x 2^-24, exact in fp32.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
