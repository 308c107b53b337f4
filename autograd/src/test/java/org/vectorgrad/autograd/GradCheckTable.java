package org.vectorgrad.autograd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/**
 * For every entry of {@link DifferentiableOps}: how to build random float64 inputs (shapes, domain) and the
 * function to gradcheck. Shapes are drawn per case so broadcasting, 0-d, size-1 and 0-size dims all occur.
 */
final class GradCheckTable {
    /** Builds the inputs of one random case. */
    interface Inputs {
        Tensor[] make(Generator g, CaseShapes shapes);
    }

    /** One op's check: inputs and the function under test. */
    record Case(String name, Inputs inputs, Function<Tensor[], Tensor> fn, double eps, double atol) {
    }

    /** Random shapes for one case: a main shape and one that broadcasts with it. */
    record CaseShapes(int[] main, int[] broadcast, int[] matrixDims) {
    }

    static final Map<String, Case> CASES = new LinkedHashMap<>();

    private static void add(String name, Inputs inputs, Function<Tensor[], Tensor> fn) {
        CASES.put(name, new Case(name, inputs, fn, GradCheck.EPS, GradCheck.ATOL));
    }

    static Tensor normal(Generator g, int... shape) {
        return Tensor.randn(g, DType.FLOAT64, shape).requiresGrad(true);
    }

    /** Values in (0.5, 2): away from the poles and branch points of log, sqrt, reciprocal, pow. */
    static Tensor positive(Generator g, int... shape) {
        Tensor u;
        try (var off = Tensor.noGrad()) {
            u = Tensor.rand(g, DType.FLOAT64, shape).mul(1.5).add(0.5);
        }
        return u.requiresGrad(true);
    }

    /** Values at least 0.1 away from 0, for kinks at 0 (relu, abs, clamp bounds away from values). */
    static Tensor awayFromZero(Generator g, int... shape) {
        Tensor n = Tensor.randn(g, DType.FLOAT64, shape);
        return n.add(n.sign().mul(0.1)).requiresGrad(true);
    }

    private static Inputs unary() {
        return (g, s) -> new Tensor[]{normal(g, s.main())};
    }

    private static Inputs unaryPositive() {
        return (g, s) -> new Tensor[]{positive(g, s.main())};
    }

    private static Inputs unaryAway() {
        return (g, s) -> new Tensor[]{awayFromZero(g, s.main())};
    }

    private static Inputs binary() {
        return (g, s) -> new Tensor[]{normal(g, s.main()), normal(g, s.broadcast())};
    }

    static {
        add("add", binary(), x -> x[0].add(x[1]));
        add("addScalar", unary(), x -> x[0].add(2.5));
        add("sub", binary(), x -> x[0].sub(x[1]));
        add("rsub", unary(), x -> x[0].rsub(1.5));
        add("mul", binary(), x -> x[0].mul(x[1]));
        add("mulScalar", unary(), x -> x[0].mul(-3.0));
        add("div", (g, s) -> new Tensor[]{normal(g, s.main()), positive(g, s.broadcast())}, x -> x[0].div(x[1]));
        add("divScalar", unary(), x -> x[0].div(4.0));
        add("neg", unary(), x -> x[0].neg());
        add("pow", (g, s) -> new Tensor[]{positive(g, s.main()), normal(g, s.broadcast())}, x -> x[0].pow(x[1]));
        add("powScalar", unaryPositive(), x -> x[0].pow(2.5));
        add("rpow", unary(), x -> x[0].rpow(1.7));
        add("maximum", (g, s) -> new Tensor[]{normal(g, s.main()), normal(g, s.main())}, x -> x[0].maximum(x[1]));
        add("minimum", (g, s) -> new Tensor[]{normal(g, s.main()), normal(g, s.main())}, x -> x[0].minimum(x[1]));
        add("where", (g, s) -> new Tensor[]{normal(g, s.main()), normal(g, s.broadcast())},
                x -> x[0].where(x[0].gt(0.0), x[1]));
        add("maskedFill", unary(), x -> x[0].maskedFill(x[0].lt(0.0), 7.0));
        add("exp", unary(), x -> x[0].exp());
        add("log", unaryPositive(), x -> x[0].log());
        add("log1p", unaryPositive(), x -> x[0].log1p());
        add("expm1", unary(), x -> x[0].expm1());
        add("sqrt", unaryPositive(), x -> x[0].sqrt());
        add("rsqrt", unaryPositive(), x -> x[0].rsqrt());
        add("reciprocal", unaryPositive(), x -> x[0].reciprocal());
        add("square", unary(), x -> x[0].square());
        add("sin", unary(), x -> x[0].sin());
        add("cos", unary(), x -> x[0].cos());
        add("tanh", unary(), x -> x[0].tanh());
        add("sigmoid", unary(), x -> x[0].sigmoid());
        add("relu", unaryAway(), x -> x[0].relu());
        add("leakyRelu", unaryAway(), x -> x[0].leakyRelu(0.1));
        add("gelu", unary(), x -> x[0].gelu());
        add("geluTanh", unary(), x -> x[0].geluTanh());
        add("silu", unary(), x -> x[0].silu());
        add("softplus", unary(), x -> x[0].softplus());
        add("erf", unary(), x -> x[0].erf());
        add("abs", unaryAway(), x -> x[0].abs());
        add("clamp", unaryAway(), x -> x[0].clamp(-0.05, 0.05).add(x[0].clamp(-3.05, 0.95)));
        add("sum", unary(), x -> x[0].sum());
        add("sumDims", unary(), x -> x[0].dim() == 0 ? x[0].sum() : x[0].sum(new int[]{-1}, true));
        add("mean", unary(), x -> x[0].numel() == 0 ? x[0].sum() : x[0].mean());
        add("meanDims", unary(), x -> x[0].dim() == 0 || x[0].numel() == 0 ? x[0].sum() : x[0].mean(new int[]{0}, false));
        add("max", unary(), x -> x[0].numel() == 0 ? x[0].sum() : x[0].max());
        add("amax", unary(), x -> x[0].numel() == 0 ? x[0].sum() : x[0].amax(new int[]{-1}, false));
        add("amin", unary(), x -> x[0].numel() == 0 ? x[0].sum() : x[0].amin(new int[]{-1}, true));
        add("var", unary(), x -> x[0].numel() < 2 ? x[0].sum() : x[0].var());
        add("std", unary(), x -> x[0].numel() < 2 ? x[0].sum() : x[0].std(null, false, false));
        add("logsumexp", unary(), x -> x[0].dim() == 0 ? x[0].exp() : x[0].logsumexp(new int[]{-1}, false));
        add("norm", unaryAway(), x -> x[0].norm(3.0));
        add("cumsum", unary(), x -> x[0].dim() == 0 ? x[0].clone() : x[0].cumsum(-1));
        add("softmax", unary(), x -> x[0].dim() == 0 ? x[0].clone() : x[0].softmax(-1));
        add("logSoftmax", unary(), x -> x[0].dim() == 0 ? x[0].clone() : x[0].logSoftmax(-1));
        add("view", unary(), x -> x[0].view(-1));
        add("reshape", unary(), x -> (x[0].dim() < 2 ? x[0] : x[0].transpose(0, 1)).reshape(-1));
        add("permute", unary(), x -> x[0].permute(reversed(x[0].dim())));
        add("transpose", unary(), x -> x[0].dim() < 2 ? x[0].clone() : x[0].transpose(0, -1));
        add("t", (g, s) -> new Tensor[]{normal(g, s.matrixDims())}, x -> x[0].t());
        add("slice", unary(), x -> x[0].dim() == 0 ? x[0].clone() : x[0].slice(-1, 1, -1, 2));
        add("narrow", unary(), x -> x[0].dim() == 0 || x[0].size(0) == 0 ? x[0].clone() : x[0].narrow(0, 0, 1));
        add("select", unary(), x -> x[0].dim() == 0 || x[0].size(0) == 0 ? x[0].clone() : x[0].select(0, -1));
        add("expand", (g, s) -> new Tensor[]{normal(g, s.broadcast())}, x -> {
            int[] sizes = new int[x[0].dim() + 1];
            java.util.Arrays.fill(sizes, -1);
            sizes[0] = 2;
            return x[0].unsqueeze(0).expand(sizes);
        });
        add("squeeze", unary(), x -> x[0].unsqueeze(0).squeeze(0).squeeze());
        add("unsqueeze", unary(), x -> x[0].unsqueeze(-1));
        add("flatten", unary(), x -> x[0].flatten());
        add("clone", unary(), x -> x[0].clone());
        // Through float32 the function is rounded: a larger step keeps the difference quotient meaningful.
        CASES.put("to", new Case("to", unary(), x -> x[0].to(DType.FLOAT32).to(DType.FLOAT64), 1e-2, 1e-3));
        add("cat", binary(), x -> Tensor.cat(List.of(x[0].flatten(), x[1].flatten()), 0));
        add("stack", (g, s) -> new Tensor[]{normal(g, s.main()), normal(g, s.main())},
                x -> Tensor.stack(List.of(x[0], x[1]), 0));
        add("split", unary(), x -> x[0].dim() == 0 ? x[0].clone() : x[0].split(2, 0).get(0));
        add("indexSelect", (g, s) -> new Tensor[]{normal(g, 4, 3)},
                x -> x[0].indexSelect(0, Tensor.tensor(new long[]{3, 0, 3})));
        add("gather", (g, s) -> new Tensor[]{normal(g, 3, 4)},
                x -> x[0].gather(1, Tensor.tensor(new long[]{0, 3, 3, 1, 2, 2}, 3, 2)));
        add("scatterAdd", (g, s) -> new Tensor[]{normal(g, 3, 4), normal(g, 3, 2)},
                x -> x[0].scatterAdd(1, Tensor.tensor(new long[]{0, 3, 3, 1, 2, 2}, 3, 2), x[1]));
        add("indexAdd", (g, s) -> new Tensor[]{normal(g, 4, 3), normal(g, 3, 3)},
                x -> x[0].indexAdd(0, Tensor.tensor(new long[]{3, 0, 3}), x[1]));
        add("matmul", (g, s) -> new Tensor[]{normal(g, 2, 3, 4), normal(g, 4, 5)}, x -> x[0].matmul(x[1]));
        add("linear", (g, s) -> new Tensor[]{normal(g, 3, 4), normal(g, 5, 4), normal(g, 5)},
                x -> x[0].linear(x[1], x[2]));
        add("binaryCrossEntropy", (g, s) -> new Tensor[]{probability(g, s.main()), probability(g, s.main())},
                x -> new org.vectorgrad.autograd.ops.Losses.BinaryCrossEntropy().apply(x[0], x[1]));
        // Convolution and pooling: fixed small shapes (each op's layout is NCHW); the outputs of several
        // stride/padding/dilation/groups/ceil_mode variants are concatenated so one check covers them all.
        add("conv2d", (g, s) -> new Tensor[]{normal(g, 2, 2, 4, 4), normal(g, 4, 1, 2, 2), normal(g, 4)}, x -> {
            Tensor one = x[0].narrow(0, 0, 1);
            return variants(one.conv2d(x[1], x[2], new int[]{2, 1}, new int[]{1, 0}, new int[]{1, 2}, 2),
                    x[0].conv2d(x[1], null, null, new int[]{0}, new int[]{2}, 2),
                    x[0].select(0, 1).conv2d(x[1], x[2], new int[]{2}, new int[]{0}, null, 2),
                    one.narrow(1, 0, 1).conv2d(x[1].narrow(0, 0, 3), null, new int[]{2}, new int[]{1, 0}, null, 1));
        });
        add("maxPool2d", (g, s) -> new Tensor[]{normal(g, 1, 2, 5, 6)},
                x -> variants(x[0].maxPool2d(2),
                        x[0].maxPool2d(new int[]{3}, new int[]{2}, new int[]{1}, null, true),
                        x[0].maxPool2d(new int[]{2, 3}, new int[]{1}, new int[]{1, 0}, new int[]{2}, false)));
        add("avgPool2d", (g, s) -> new Tensor[]{normal(g, 1, 2, 5, 6)},
                x -> variants(x[0].avgPool2d(2),
                        x[0].avgPool2d(new int[]{3}, new int[]{2}, new int[]{1}, true, false, null),
                        x[0].avgPool2d(new int[]{2, 3}, new int[]{1, 2}, new int[]{1}, true, true, 5)));
        add("adaptiveAvgPool2d", (g, s) -> new Tensor[]{normal(g, 1, 2, 5, 7)},
                x -> variants(x[0].adaptiveAvgPool2d(3, 4), x[0].adaptiveAvgPool2d(1, 1),
                        x[0].select(1, 0).adaptiveAvgPool2d(7, 3)));
    }

    /** Values in (0.1, 0.9): probabilities away from the clamped ends of binary cross-entropy. */
    static Tensor probability(Generator g, int... shape) {
        Tensor u;
        try (var off = Tensor.noGrad()) {
            u = Tensor.rand(g, DType.FLOAT64, shape).mul(0.8).add(0.1);
        }
        return u.requiresGrad(true);
    }

    /** The outputs of several calls as one flat tensor, so that one gradient check covers every variant. */
    private static Tensor variants(Tensor... outputs) {
        List<Tensor> flat = new java.util.ArrayList<>();
        for (Tensor t : outputs) {
            flat.add(t.flatten());
        }
        return Tensor.cat(flat, 0);
    }

    private static int[] reversed(int rank) {
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = rank - 1 - i;
        }
        return dims;
    }

    private GradCheckTable() {
    }
}
