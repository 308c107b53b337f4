package org.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.vectorgrad.nn.Data.*;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vectorgrad.autograd.Tensor;

/** Activation layers: values against PyTorch, float64 gradient checks, printing. */
class ActivationsTest {
    /** The script's {@code x = seq([3, 4], 0.7, 0.3, 3.0)}. */
    private static Tensor x() {
        return seq(shape(3, 4), 0.7, 0.3, 3.0);
    }

    @Test
    void valuesMatchPyTorch() {
        assertValues(new double[]{
            0.8865606199840186, 2.5244129544236893, 2.9749944313574055, 2.0263895416534536, 0.1247419872998728, 0.0,
            0.0, 0.0, 0.0, 0.9346240905401335, 2.5513098618856933, 2.9680747398701457}, new ReLU().forward(x()));
        assertValues(new double[]{
            0.8865606199840186, 2.5244129544236893, 2.9749944313574055, 2.0263895416534536, 0.1247419872998728,
            -0.3671147345656314, -0.5865180705990581, -0.5300727934320921, -0.22432599889814214, 0.9346240905401335,
            2.5513098618856933, 2.9680747398701457}, new LeakyReLU(0.2).forward(x()));
        assertValues(new double[]{
            0.7201906472515974, 2.5097850287655983, 2.970636155750661, 1.983100914799016, 0.0685626984120397,
            -0.060960075177351955, -0.004928908659514318, -0.010655138904935775, -0.1469446294714309,
            0.7710732585505166, 2.537619678061466, 2.9636275035078548}, new GELU().forward(x()));
        assertValues(new double[]{
            0.7200779247175635, 2.5102327158467714, 2.97105725560441, 1.9832217841943522, 0.06856261958315522,
            -0.06099911152803999, -0.004494095168777187, -0.010183816726128912, -0.1471375096480813,
            0.7709436645342418, 2.538074734957104, 2.9640509489684193}, new GELU("tanh").forward(x()));
        assertValues(new double[]{
            0.6278444073630343, 2.337191473136544, 2.8305036770876297, 1.7903963913749168, 0.06625609793723719,
            -0.2525302007527915, -0.1482888359494547, -0.17483544697387549, -0.2755946532930317, 0.6710717525379343,
            2.366751839186151, 2.822968035300818}, new SiLU().forward(x()));
        assertValues(new double[]{
            0.709690796877197, 0.987248101173293, 0.9948018067323837, 0.9658453563343139, 0.12409897074961398,
            -0.9503684733989778, -0.9943430252184523, -0.9900735892035142, -0.8081351357132895, 0.7327425235696983,
            0.987911913829729, 0.9947295577345924}, new Tanh().forward(x()));
        assertValues(new double[]{
            0.7081798956673172, 0.9258356359806089, 0.9514315883260835, 0.883540086726871, 0.5311451209925109,
            0.1375756279853949, 0.05056582000891988, 0.06596658011510403, 0.24570906149685193, 0.7180124708214097,
            0.9276614630560265, 0.9511108320083356}, new Sigmoid().forward(x()));
        assertValues(new double[]{
            0.0576614614465078, 0.29661688964359273, 0.4654584571325728, 0.18026319177732664, 0.7998913568330446,
            0.11263587316556678, 0.03760524646072521, 0.04986752354066328, 0.009267294326239935, 0.0724390521141549,
            0.36482993706594136, 0.5534637164936639}, new Softmax(1).forward(x()));
        assertValues(new double[]{
            -0.4706584259311027, -0.19618109389108995, -0.5052193891949938, -1.2735758188473136, -1.2324770586152485,
            -4.556167721142936, -6.41280417354769, -5.950329327661228, -2.478849040405832, -1.7859699577746457,
            -0.9289039586667059, -0.3318906206306217}, new LogSoftmax(0).forward(x()));
    }

    @Test
    void functionalFormsAgreeWithTheLayers() {
        Tensor x = x();
        assertArrayEquals(new LeakyReLU().forward(x).toDoubleArray(), Functional.leakyRelu(x).toDoubleArray());
        assertArrayEquals(new GELU("none").forward(x).toDoubleArray(), Functional.gelu(x).toDoubleArray());
        assertArrayEquals(x.relu().toDoubleArray(), Functional.relu(x).toDoubleArray());
        assertArrayEquals(x.silu().toDoubleArray(), Functional.silu(x).toDoubleArray());
        assertArrayEquals(x.tanh().toDoubleArray(), Functional.tanh(x).toDoubleArray());
        assertArrayEquals(x.sigmoid().toDoubleArray(), Functional.sigmoid(x).toDoubleArray());
        assertArrayEquals(x.softmax(-1).toDoubleArray(), Functional.softmax(x, -1).toDoubleArray());
        assertArrayEquals(x.logSoftmax(0).toDoubleArray(), Functional.logSoftmax(x, 0).toDoubleArray());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // Values kept away from the kinks of relu and leaky relu at 0.
        Tensor x = seq(shape(2, 3), 0.9, 0.5, 2.0).add(0.05);
        for (Layer layer : new Layer[]{new ReLU(), new LeakyReLU(0.2), new GELU(), new GELU("tanh"), new SiLU(),
                new Tanh(), new Sigmoid(), new Softmax(1), new LogSoftmax(0), new Flatten(0, -1)}) {
            Tensor input = leaf(x);
            Function<Tensor, Tensor> f = layer::forward;
            gradcheckModule(layer, f, input);
        }
    }

    @Test
    void flattenKeepsTheBatchDimByDefault() {
        Tensor x = Tensor.randn(2, 3, 4, 5);
        assertArrayEquals(new int[]{2, 60}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[]{2, 12, 5}, new Flatten(1, 2).forward(x).shape());
        assertArrayEquals(new int[]{120}, new Flatten(0, -1).forward(x).shape());
    }

    @Test
    void printingMatchesPyTorch() {
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("LeakyReLU(negative_slope=0.01)", new LeakyReLU().toString());
        assertEquals("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2).toString());
        assertEquals("GELU(approximate='none')", new GELU().toString());
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
        assertEquals("SiLU()", new SiLU().toString());
        assertEquals("Tanh()", new Tanh().toString());
        assertEquals("Sigmoid()", new Sigmoid().toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        assertEquals("LogSoftmax(dim=-1)", new LogSoftmax(-1).toString());
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals("Sequential(\n  (0): Flatten(start_dim=1, end_dim=-1)\n  (1): GELU(approximate='none')\n)",
                new Sequential(new Flatten(), new GELU()).toString());
    }

    @Test
    void geluRejectsAnUnknownApproximation() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GELU("foo"));
        assertEquals("approximate argument must be either none or tanh.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.gelu(x(), "erf"));
    }

    @Test
    void pythonReprOfFloats() {
        assertEquals("0.01", Repr.number(0.01));
        assertEquals("1e-05", Repr.number(1e-5));
        assertEquals("0.0001", Repr.number(1e-4));
        assertEquals("0.001", Repr.number(0.001));
        assertEquals("2.5e-07", Repr.number(2.5e-7));
        assertEquals("1.0", Repr.number(1));
        assertEquals("0.5", Repr.number(0.5));
        assertEquals("-0.3", Repr.number(-0.3));
        assertEquals("1e+16", Repr.number(1e16));
        assertEquals("(4,)", Repr.tuple(new int[]{4}));
        assertEquals("(4, 5)", Repr.tuple(new int[]{4, 5}));
    }
}
