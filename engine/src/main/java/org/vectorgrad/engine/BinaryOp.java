package org.vectorgrad.engine;

import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.vectorgrad.engine.kernel.BinaryF32;
import org.vectorgrad.engine.kernel.BinaryF64;
import org.vectorgrad.engine.kernel.BinaryRow;
import org.vectorgrad.engine.kernel.CompareF32;
import org.vectorgrad.engine.kernel.CompareF64;

/**
 * The elementwise binary ops: each has a scalar definition (the reference every SIMD row is tested against),
 * an integer definition, and optional SIMD rows for float32 and float64 (the comparisons' rows write BOOL).
 */
public enum BinaryOp {
    ADD("add", Kind.ARITHMETIC, Double::sum, Long::sum, BinaryF32::add, BinaryF64::add),
    SUB("sub", Kind.ARITHMETIC, (x, y) -> x - y, (x, y) -> x - y, BinaryF32::sub, BinaryF64::sub),
    MUL("mul", Kind.ARITHMETIC, (x, y) -> x * y, (x, y) -> x * y, BinaryF32::mul, BinaryF64::mul),
    /** True division: integer inputs give float32, as PyTorch's {@code /}. */
    DIV("div", Kind.TRUE_DIVISION, (x, y) -> x / y, null, BinaryF32::div, BinaryF64::div),
    POW("pow", Kind.ARITHMETIC, Math::pow, BinaryOp::powLong, null, null),
    MAXIMUM("maximum", Kind.ARITHMETIC, BinaryOp::maxPropagatingNaN, Math::max, BinaryF32::maximum,
            BinaryF64::maximum),
    MINIMUM("minimum", Kind.ARITHMETIC, BinaryOp::minPropagatingNaN, Math::min, BinaryF32::minimum,
            BinaryF64::minimum),
    /** Python's modulus: the result has the sign of the divisor. */
    REMAINDER("remainder", Kind.ARITHMETIC, (x, y) -> x - Math.floor(x / y) * y, BinaryOp::floorModChecked, null, null),
    EQ("eq", Kind.COMPARISON, (x, y) -> x == y ? 1 : 0, (x, y) -> x == y ? 1 : 0,
            CompareF32::eq, CompareF64::eq),
    NE("ne", Kind.COMPARISON, (x, y) -> x != y ? 1 : 0, (x, y) -> x != y ? 1 : 0,
            CompareF32::ne, CompareF64::ne),
    LT("lt", Kind.COMPARISON, (x, y) -> x < y ? 1 : 0, (x, y) -> x < y ? 1 : 0,
            CompareF32::lt, CompareF64::lt),
    LE("le", Kind.COMPARISON, (x, y) -> x <= y ? 1 : 0, (x, y) -> x <= y ? 1 : 0,
            CompareF32::le, CompareF64::le),
    GT("gt", Kind.COMPARISON, (x, y) -> x > y ? 1 : 0, (x, y) -> x > y ? 1 : 0,
            CompareF32::gt, CompareF64::gt),
    GE("ge", Kind.COMPARISON, (x, y) -> x >= y ? 1 : 0, (x, y) -> x >= y ? 1 : 0,
            CompareF32::ge, CompareF64::ge),
    LOGICAL_AND("logical_and", Kind.LOGICAL, (x, y) -> x != 0 && y != 0 ? 1 : 0, (x, y) -> x != 0 && y != 0 ? 1 : 0, null, null),
    LOGICAL_OR("logical_or", Kind.LOGICAL, (x, y) -> x != 0 || y != 0 ? 1 : 0, (x, y) -> x != 0 || y != 0 ? 1 : 0, null, null);

    /** How the result dtype is chosen. */
    public enum Kind { ARITHMETIC, TRUE_DIVISION, COMPARISON, LOGICAL }

    private final String opName;
    private final Kind kind;
    private final DoubleBinaryOperator scalar;
    private final LongBinaryOperator integer;
    private final BinaryRow f32;
    private final BinaryRow f64;

    BinaryOp(String opName, Kind kind, DoubleBinaryOperator scalar, LongBinaryOperator integer, BinaryRow f32,
            BinaryRow f64) {
        this.opName = opName;
        this.kind = kind;
        this.scalar = scalar;
        this.integer = integer;
        this.f32 = f32;
        this.f64 = f64;
    }

    /** PyTorch's name of the op, used in error messages. */
    public String opName() {
        return opName;
    }

    public Kind kind() {
        return kind;
    }

    /** The reference definition on doubles. */
    public double apply(double x, double y) {
        return scalar.applyAsDouble(x, y);
    }

    /** The integer definition, or null when integers compute through doubles. */
    LongBinaryOperator integer() {
        return integer;
    }

    /**
     * The SIMD row computing in {@code compute} and writing {@code out}, or null: rows exist for float32 and float64
     * and write the op's own result type (the compute type, BOOL for comparisons), not a cast of it.
     */
    BinaryRow simdRow(DType compute, DType out) {
        if (out != resultType(compute)) {
            return null;
        }
        return compute == DType.FLOAT32 ? f32 : compute == DType.FLOAT64 ? f64 : null;
    }

    /** The dtype the inputs are converted to before computing. */
    DType computeType(DType a, DType b) {
        DType t = DType.promote(a, b);
        if (kind == Kind.TRUE_DIVISION && !t.isFloatingPoint()) {
            return DType.FLOAT32;
        }
        if (kind == Kind.LOGICAL) {
            return t.isFloatingPoint() ? t : DType.INT64;
        }
        return t;
    }

    /** The dtype of the result. */
    DType resultType(DType compute) {
        return kind == Kind.COMPARISON || kind == Kind.LOGICAL ? DType.BOOL : compute;
    }

    private static double maxPropagatingNaN(double x, double y) {
        return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
    }

    private static double minPropagatingNaN(double x, double y) {
        return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
    }

    private static long floorModChecked(long x, long y) {
        if (y == 0) {
            throw new ArithmeticException("ZeroDivisionError");
        }
        return Math.floorMod(x, y);
    }

    private static long powLong(long base, long exp) {
        if (exp < 0) {
            if (base == 1) {
                return 1;
            }
            if (base == -1) {
                return (exp & 1) == 0 ? 1 : -1;
            }
            throw new IllegalArgumentException("Integers to negative integer powers are not allowed.");
        }
        long result = 1;
        long b = base;
        for (long e = exp; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
        }
        return result;
    }
}
