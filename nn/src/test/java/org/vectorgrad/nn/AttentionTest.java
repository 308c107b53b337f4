package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.vectorgrad.nn.Data.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.GradCheck;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.DType;
import org.vectorgrad.engine.Generator;

/** Scaled dot-product attention and MultiheadAttention against PyTorch. */
class AttentionTest {
    private static Tensor q() {
        return seq(shape(2, 3, 4), 0.7, 0.1);
    }

    private static Tensor k() {
        return seq(shape(2, 5, 4), 0.5, 0.3);
    }

    @Test
    void scaledDotProductAttentionMatchesPyTorch() {
        Tensor v = seq(shape(2, 5, 2), 0.3, 0.7);
        assertValues(new double[]{
            0.5888416267746909, 0.5318647605223337, 0.7197052572886843, 0.6101299361993245, 0.6242861755333092,
            0.5545758595934127, -0.7201665149094809, -0.6539991256145106, -0.593516289771641, -0.5262248623944019,
            -0.787346404672657, -0.707071951891312}, Functional.scaledDotProductAttention(q(), k(), v));
        assertValues(new double[]{
            0.644217687237691, 0.8414709848078965, 0.9010130984238478, 0.9686080910952618, 0.7579818733669108,
            0.8608144381009013, -0.5298361409084934, -0.7568024953079282, -0.737300342124104, -0.88401475200155,
            -0.9071653650471403, -0.8910849064612489}, Functional.scaledDotProductAttention(q(), k(), v, null, 0, true));
        boolean[] keep = new boolean[15];
        for (int i = 0; i < 3; i++) {
            boolean[] row = {true, false, true, true, false};
            System.arraycopy(row, 0, keep, i * 5, 5);
        }
        assertValues(new double[]{
            0.6418786627342168, 0.6178367174038008, 0.8603218285044223, 0.7484587473937566, 0.6651660738201436,
            0.6143561463456341, -0.7622255079989629, -0.706737597239296, -0.6719303276604468, -0.6681617104133155,
            -0.8706504185273208, -0.7939717379527376}, Functional.scaledDotProductAttention(q(), k(), v, Tensor.tensor(keep, 3, 5), 0,
                false));
        assertValues(new double[]{
            0.5446789192842598, 0.4271664566972023, 0.718365804295976, 0.6041495773678707, 0.6493874027395062,
            0.6213994680498879, -0.7089352250882067, -0.601079648797377, -0.5927780693289817, -0.5150724547540846,
            -0.8082348533081904, -0.7510966565552839}, Functional.scaledDotProductAttention(q(), k(), v, seq(shape(3, 5), 0.2, 0.0), 0,
                false));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Functional.scaledDotProductAttention(q(), k(), v, Tensor.zeros(3, 5), 0, true));
        assertEquals("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True",
                e.getMessage());
    }

    @Test
    void scaledDotProductAttentionGradients() {
        Tensor q = leaf(seq(shape(2, 3, 2), 0.7, 0.1));
        Tensor k = leaf(seq(shape(2, 4, 2), 0.5, 0.3));
        Tensor v = leaf(seq(shape(2, 4, 3), 0.3, 0.7));
        GradCheck.gradcheck(in -> Functional.scaledDotProductAttention(in[0], in[1], in[2], null, 0, true), q, k, v);
        Tensor mask = seq(shape(3, 4), 0.2, 0.0);
        GradCheck.gradcheck(in -> Functional.scaledDotProductAttention(in[0], in[1], in[2], mask, 0, false), q, k, v);
    }

    /** The script's module: E = 4, two heads, batch first, weights from seq. */
    private static MultiheadAttention pytorchModule(boolean batchFirst) {
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0.0, true, batchFirst);
        mha.to(DType.FLOAT64);
        mha.inProjWeight.ndarray().copy_(seq(shape(12, 4), 0.37, 0.1, 0.5).ndarray());
        mha.inProjBias.ndarray().copy_(seq(shape(12), 0.21, 0.4, 0.1).ndarray());
        mha.outProj.weight.ndarray().copy_(seq(shape(4, 4), 0.43, 0.2, 0.5).ndarray());
        mha.outProj.bias.ndarray().copy_(seq(shape(4), 0.19, 0.3, 0.1).ndarray());
        return mha;
    }

    @Test
    void multiheadAttentionMatchesPyTorch() {
        MultiheadAttention mha = pytorchModule(true);
        Tensor xq = q();
        Tensor xk = k();
        Tensor xv = seq(shape(2, 5, 4), 0.3, 0.7);
        MultiheadAttention.Output o = mha.forward(xq, xk, xv);
        assertValues(new double[]{
            0.08680486983502926, 0.17466084035146084, -0.032308685655012465, -0.02286583566764583,
            0.17706050214075428, 0.031991660014666114, -0.08014857083232545, 0.13402620953416733,
            0.10859084375961896, 0.1326363042847476, -0.04160070614980994, 0.02192123110604243, 0.12705975943196512,
            0.09802393282330724, -0.04977931531056476, 0.05896511452546678, 0.1089037414950768, 0.10895387167283238,
            -0.03487278350148662, 0.043603442891868, 0.1358996818930342, 0.14133727158280174, -0.07149635404701314,
            0.02210828179795897}, o.output());
        assertValues(new double[]{
            0.38278325912030153, 0.10650415748027019, 0.037423613795509784, 0.3205064062633455, 0.15278256334057289,
            0.07529524882899968, 0.22002291014602934, 0.45364077203085984, 0.084914973207172, 0.1661260957869392,
            0.28955208555617723, 0.14854510644295613, 0.11313684253492004, 0.2761616849617077, 0.17260428050423904,
            0.2092242377645297, 0.17416155947939785, 0.22511123198783356, 0.2184964281227419, 0.17300654264549697,
            0.285363344737218, 0.14882452967349918, 0.11970692713779676, 0.27518769990056363, 0.17091749855092253,
            0.07698364106584302, 0.2825884468739309, 0.33999957973230477, 0.07942410291935081, 0.22100422940857065}, o.weights());
        Tensor padding = Tensor.tensor(new boolean[]{false, false, true, false, true, false, false, false, false, false},
                2, 5);
        boolean[] masked = new boolean[15];
        for (int i = 0; i < 3; i++) {
            masked[i * 5 + 1] = true;
        }
        o = mha.forward(xq, xk, xv, padding, true, Tensor.tensor(masked, 3, 5), false);
        assertValues(new double[]{
            0.0834055048968436, 0.17817130113892765, -0.029952985625491035, -0.027076649373147924,
            0.1020611390827566, 0.07684541412559999, -0.018484291691107532, 0.07083957887109173, 0.09185143398058926,
            0.1340740772450415, -0.02528874828553808, 0.015633890227106574, 0.12729125048675177,
            -0.030722194146270934, -0.011734402502843994, 0.17640043563378371, 0.1057599719083935,
            0.004335654798803913, -0.0006258715158718453, 0.13804000486830978, 0.15548113569583336,
            -0.0770817426640628, -0.0261415290090575, 0.22704324303966913}, o.output());
        assertValues(new double[]{
            0.5481608079460724, 0.0, 0.0, 0.45183919205392775, 0.0, 0.47220480140525567, 0.0, 0.0,
            0.5277951985947443, 0.0, 0.5151530329489251, 0.0, 0.0, 0.484846967051075, 0.0, 0.5401892596418187, 0.0,
            0.0, 0.4598107403581812, 0.0, 0.46729492126160116, 0.0, 0.0, 0.5327050787383987, 0.0, 0.5082413537190992,
            0.0, 0.0, 0.49175864628090077, 0.0, 0.23715536763923858, 0.0, 0.29280304537420404, 0.24705738344935502,
            0.22298420353720233, 0.3225058960992312, 0.0, 0.152024275945835, 0.3104659565718904, 0.21500387138304344,
            0.09464636485306054, 0.0, 0.4932872175601463, 0.09751563888450007, 0.314550778702293, 0.2690589026036281,
            0.0, 0.252967752426024, 0.2815727212779339, 0.19640062369241382, 0.34767407293702085, 0.0,
            0.12955008215623184, 0.33580214101085376, 0.18697370389589343, 0.11963401921335441, 0.0,
            0.45507535320532677, 0.12355419203679664, 0.3017364355445222}, o.weights());
        o = mha.forward(xq, xq, xq, null, false);
        assertNull(o.weights());
        assertValues(new double[]{
            -0.056554054546470986, 0.5603968831191911, -0.003629627028167909, -0.4171282027313841,
            0.24847517222334037, -0.0668994402379463, -0.12216277830859858, 0.24540819251216853,
            -0.0037554125561779124, 0.46258678533559483, -0.027349189960176684, -0.3122662456678403,
            0.20530850287291724, 0.09197139206945101, -0.1262286299085535, 0.08774614357983651, 0.14084362655713942,
            0.10364594204853578, -0.06523461365226364, 0.05793798714303097, 0.19883662319593315, 0.12691820252072517,
            -0.13014648592323447, 0.053964117208851727}, o.output());
        MultiheadAttention sequenceFirst = pytorchModule(false);
        Tensor seqFirst = xq.transpose(0, 1);
        Tensor out = sequenceFirst.forward(seqFirst, seqFirst, seqFirst).output();
        assertValues(new double[]{
            -0.056554054546470986, 0.5603968831191911, -0.003629627028167909, -0.4171282027313841,
            0.24847517222334037, -0.0668994402379463, -0.12216277830859858, 0.24540819251216853,
            -0.0037554125561779124, 0.46258678533559483, -0.027349189960176684, -0.3122662456678403,
            0.20530850287291724, 0.09197139206945101, -0.1262286299085535, 0.08774614357983651, 0.14084362655713942,
            0.10364594204853578, -0.06523461365226364, 0.05793798714303097, 0.19883662319593315, 0.12691820252072517,
            -0.13014648592323447, 0.053964117208851727}, out.transpose(0, 1));
    }

    @Test
    void unbatchedInputsAndFloatMasksAgreeWithBatched() {
        MultiheadAttention mha = pytorchModule(true);
        Tensor x = q();
        Tensor one = x.select(0, 1);
        MultiheadAttention.Output batched = mha.forward(x, x, x);
        MultiheadAttention.Output single = mha.forward(one, one, one);
        assertArrayEquals(new int[]{3, 4}, single.output().shape());
        assertArrayEquals(new int[]{3, 3}, single.weights().shape());
        assertArrayEquals(batched.output().select(0, 1).toDoubleArray(), single.output().toDoubleArray(), 1e-12);
        boolean[] future = {false, true, true, false, false, true, false, false, false};
        Tensor boolMask = Tensor.tensor(future, 3, 3);
        Tensor floatMask = Tensor.zeros(DType.FLOAT64, 3, 3).maskedFill(boolMask, Double.NEGATIVE_INFINITY);
        assertArrayEquals(mha.forward(x, x, x, boolMask, false).output().toDoubleArray(),
                mha.forward(x, x, x, floatMask, false).output().toDoubleArray(), 1e-12);
        Tensor perHead = Tensor.stack(List.of(boolMask, boolMask, boolMask, boolMask), 0);
        assertArrayEquals(mha.forward(x, x, x, boolMask, false).output().toDoubleArray(),
                mha.forward(x, x, x, perHead, false).output().toDoubleArray(), 1e-12);
    }

    @Test
    void multiheadAttentionGradients() {
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0.0, true, true, new Generator(9));
        mha.to(DType.FLOAT64);
        // Non-zero biases so that their gradients are checked at a generic point.
        mha.inProjBias.ndarray().copy_(seq(shape(12), 0.21, 0.4, 0.1).ndarray());
        Tensor x = leaf(seq(shape(1, 2, 4), 0.7, 0.1));
        gradcheckModule(mha, in -> mha.forward(in, in, in).output(), x);
        Tensor query = leaf(seq(shape(2, 1, 4), 0.6, 0.4));
        Tensor key = leaf(seq(shape(2, 1, 4), 0.4, 0.2));
        Tensor value = leaf(seq(shape(2, 1, 4), 0.9, 0.8));
        MultiheadAttention seqFirst = new MultiheadAttention(4, 2, 0.0, false, false, new Generator(10));
        seqFirst.to(DType.FLOAT64);
        GradCheck.gradcheck(in -> seqFirst.forward(in[0], in[1], in[2]).weights(), query, key, value);
        GradCheck.gradcheck(in -> seqFirst.forward(in[0], in[1], in[2]).output(), query, key, value,
                seqFirst.inProjWeight, seqFirst.outProj.weight);
    }

    @Test
    void parametersAreNamedAndInitialisedAsPyTorchDoes() {
        MultiheadAttention mha = new MultiheadAttention(8, 2);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(mha.namedParameters().keySet()));
        assertArrayEquals(new int[]{24, 8}, mha.inProjWeight.shape());
        double bound = Math.sqrt(6.0 / (8 + 24));
        for (double w : mha.inProjWeight.toDoubleArray()) {
            assertTrue(Math.abs(w) <= bound);
        }
        assertArrayEquals(new float[24], mha.inProjBias.toFloatArray());
        assertArrayEquals(new float[8], mha.outProj.bias.toFloatArray());
        assertEquals("MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8,"
                + " bias=True)\n)", mha.toString());
        MultiheadAttention noBias = new MultiheadAttention(8, 2, 0.0, false, true);
        assertEquals(List.of("in_proj_weight", "out_proj.weight"), List.copyOf(noBias.namedParameters().keySet()));
    }

    @Test
    void attentionDropoutOnlyInTraining() {
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0.5, true, true, new Generator(1));
        Tensor x = Tensor.randn(2, 6, 4);
        mha.eval();
        Tensor a = mha.forward(x, x, x).weights();
        assertArrayEquals(a.toFloatArray(), mha.forward(x, x, x).weights().toFloatArray());
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1}, a.sum(new int[]{-1}, false).select(0, 0).toFloatArray(), 1e-5f);
        mha.train();
        assertFalse(java.util.Arrays.equals(a.toFloatArray(), mha.forward(x, x, x).weights().toFloatArray()));
    }

    @Test
    void errorsReadAsPyTorchs() {
        assertMessage("embed_dim must be divisible by num_heads", () -> new MultiheadAttention(10, 3));
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0.0, true, true);
        Tensor x = Tensor.randn(2, 3, 4);
        assertMessage("was expecting embedding dimension of 4, but got 6",
                () -> mha.forward(Tensor.randn(2, 3, 6), Tensor.randn(2, 3, 6), Tensor.randn(2, 3, 6)));
        assertMessage("query should be unbatched 2D or batched 3D tensor but received 4-D query tensor",
                () -> mha.forward(Tensor.randn(1, 2, 3, 4), x, x));
        assertMessage("The shape of the 2D attn_mask is [3, 4], but should be (3, 3).",
                () -> mha.forward(x, x, x, Tensor.zeros(3, 4), false));
        assertMessage("The shape of the 3D attn_mask is [2, 3, 3], but should be (4, 3, 3).",
                () -> mha.forward(x, x, x, Tensor.zeros(2, 3, 3), false));
        assertMessage("expecting key_padding_mask shape of (2, 3), but got [2, 4]",
                () -> mha.forward(x, x, x, Tensor.zeros(2, 4).eq(1.0), true, null, true));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable body) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, body).getMessage());
    }
}
