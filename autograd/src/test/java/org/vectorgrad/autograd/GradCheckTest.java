package org.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vectorgrad.engine.Generator;

/** One gradient-check property per entry of {@link DifferentiableOps}, over random shapes. */
class GradCheckTest {
    private static final int CASES_PER_OP = 6;
    private static final int[] SIZES = {0, 1, 1, 2, 3, 4};

    @Test
    void everyDifferentiableOpHasAGradCheckProperty() {
        assertEquals(new java.util.TreeSet<>(DifferentiableOps.NAMES), new java.util.TreeSet<>(GradCheckTable.CASES.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> gradcheckEveryOp() {
        return GradCheckTable.CASES.values().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Random random = new Random(c.name().hashCode());
            for (int i = 0; i < CASES_PER_OP; i++) {
                GradCheckTable.CaseShapes shapes = randomShapes(random);
                Tensor[] inputs = c.inputs().make(new Generator(random.nextLong()), shapes);
                try {
                    GradCheck.gradcheck(c.fn(), c.eps(), c.atol(), GradCheck.RTOL, inputs);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(c.name() + " failed for shapes " + shapesOf(inputs) + ": " + e.getMessage(), e);
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> gradgradcheckSmoothOps() {
        return Stream.of("mul", "div", "exp", "tanh", "sigmoid", "softmax", "logSoftmax", "matmul", "powScalar", "sum",
                "gelu", "logsumexp", "linear").map(name -> DynamicTest.dynamicTest(name, () -> {
                    GradCheckTable.Case c = GradCheckTable.CASES.get(name);
                    Random random = new Random(42);
                    GradCheckTable.CaseShapes shapes = new GradCheckTable.CaseShapes(new int[]{2, 3}, new int[]{3},
                            new int[]{2, 3});
                    Tensor[] inputs = c.inputs().make(new Generator(random.nextLong()), shapes);
                    assertTrue(GradCheck.gradgradcheck(c.fn(), inputs));
                }));
    }

    @Test
    void aWrongGradientIsReportedWithBothJacobians() {
        final class WrongSquare extends Function {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return in[0].square();
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                return new Tensor[]{grad.mul(ctx.savedTensors()[0])};
            }
        }
        Tensor x = Tensor.tensor(new double[]{1, 2}).requiresGrad(true);
        var e = assertThrows(GradCheck.GradcheckError.class, () -> GradCheck.gradcheck(in -> new WrongSquare().apply(in[0]), x));
        assertTrue(e.getMessage().startsWith("Jacobian mismatch for output 0 with respect to input 0"), e.getMessage());
        assertTrue(e.getMessage().contains("numerical:") && e.getMessage().contains("analytical:"));
    }

    private static GradCheckTable.CaseShapes randomShapes(Random r) {
        int rank = r.nextInt(4);
        int[] main = new int[rank];
        for (int i = 0; i < rank; i++) {
            main[i] = SIZES[r.nextInt(SIZES.length)];
        }
        int drop = rank == 0 ? 0 : r.nextInt(rank + 1);
        int[] broadcast = java.util.Arrays.copyOfRange(main, drop, rank);
        for (int i = 0; i < broadcast.length; i++) {
            if (r.nextInt(3) == 0) {
                broadcast[i] = 1;
            }
        }
        int[] matrix = {1 + r.nextInt(3), 1 + r.nextInt(3)};
        return new GradCheckTable.CaseShapes(main, broadcast, matrix);
    }

    private static String shapesOf(Tensor[] inputs) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : inputs) {
            sb.append(java.util.Arrays.toString(t.shape())).append(' ');
        }
        return sb.toString().trim();
    }
}
