package org.vectorgrad.io;

import java.util.Set;
import org.vectorgrad.engine.DType;

/** The safetensors dtypes this library reads, and the engine dtype each becomes. */
enum SafeDType {
    // rank: position in the Rust crate's Dtype enum, whose order the writer sorts by (descending alignment)
    BOOL(1, DType.BOOL, 0),
    F16(2, DType.FLOAT32, 7),
    BF16(2, DType.FLOAT32, 8),
    I32(4, DType.INT32, 9),
    F32(4, DType.FLOAT32, 11),
    F64(8, DType.FLOAT64, 12),
    I64(8, DType.INT64, 13);

    /** Valid safetensors dtypes that have no engine counterpart yet. */
    static final Set<String> UNSUPPORTED = Set.of("U8", "I8", "I16", "U16", "U32", "U64", "F8_E5M2", "F8_E4M3",
            "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    final int byteSize;
    final DType target;
    final int rank;

    SafeDType(int byteSize, DType target, int rank) {
        this.byteSize = byteSize;
        this.target = target;
        this.rank = rank;
    }

    /** The safetensors dtype written for an engine dtype. */
    static SafeDType of(DType type) {
        return switch (type) {
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
            case INT32 -> I32;
            case INT64 -> I64;
            case BOOL -> BOOL;
        };
    }
}
