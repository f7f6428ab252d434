package dev.adamae.engine.train;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes {@code Nd4j.write} (ND4J 1.0.0-M2.1) puts before a dense fp32 array's values, written
 * without ND4J, so that a checkpoint can be written from values alone (an import) without
 * starting ND4J's native backend.
 *
 * <p>{@code Nd4j.write} writes the array's shape buffer, then its data buffer, each as
 * {@code DataBuffer.write} does: the allocation mode ({@code writeUTF}), the length
 * ({@code writeLong}), the data type's name ({@code writeUTF}), then the values big-endian. The
 * shape buffer holds {@code rank, shape[rank], stride[rank], extras, element-wise stride, order},
 * with {@code extras} the data type's flag and {@code order} the character {@code 'c'} or
 * {@code 'f'}; a matrix with a side of one (a row or column vector) has strides 1 and 1. A test checks these bytes against ND4J's own for the shapes and orders a model has.
 */
final class ArrayHeader {

    /** The allocation mode ND4J 1.0.0-M2.1 gives every buffer on the CPU backend. */
    static final String ALLOCATION_MODE = "MIXED_DATA_TYPES";

    /** ND4J's flag for fp32 data in a shape buffer's extras ({@code ArrayOptionsHelper}). */
    static final long FLOAT_FLAG = 8192;

    private ArrayHeader() {
    }

    /**
     * Returns the header of a dense fp32 array of {@code shape} in {@code order} ({@code 'c'}
     * row-major, {@code 'f'} column-major), of rank 1 or more: what precedes its values in
     * {@code Nd4j.write}'s output.
     */
    static byte[] float32(long[] shape, char order) {
        if (shape.length == 0 || (order != 'c' && order != 'f')) {
            throw new IllegalArgumentException("A header is written for arrays of rank 1 or more in order 'c' or 'f'");
        }
        int rank = shape.length;
        long[] strides = new long[rank];
        long stride = 1;
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int axis = order == 'c' ? rank - 1 - i : i;
            strides[axis] = stride;
            stride *= shape[axis];
            count = Math.multiplyExact(count, shape[axis]);
        }
        if (rank == 2 && (shape[0] == 1 || shape[1] == 1)) {
            // A row or column vector: ND4J gives both axes stride 1.
            strides[0] = 1;
            strides[1] = 1;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * rank);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(ALLOCATION_MODE);
            out.writeLong(2L * rank + 4);
            out.writeUTF("LONG");
            out.writeLong(rank);
            for (long size : shape) {
                out.writeLong(size);
            }
            for (long s : strides) {
                out.writeLong(s);
            }
            out.writeLong(FLOAT_FLAG);
            out.writeLong(1);
            out.writeLong(order);
            out.writeUTF(ALLOCATION_MODE);
            out.writeLong(count);
            out.writeUTF("FLOAT");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
