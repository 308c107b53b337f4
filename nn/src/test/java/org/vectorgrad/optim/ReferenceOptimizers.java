package org.vectorgrad.optim;

/**
 * PyTorch's documented algorithms (the pseudo-code of the torch.optim docs), written line by line in plain Java
 * doubles, one element at a time, independently of the engine. Learning rate and weight decay are given per
 * element so that two parameter groups can differ.
 */
final class ReferenceOptimizers {
    private ReferenceOptimizers() {
    }

    /** One optimizer step on theta given the gradient at theta. */
    interface Ref {
        void step(double[] theta, double[] grad);
    }

    /** torch.optim.SGD. */
    record Sgd(double[] lr, double[] wd, double momentum, double dampening, boolean nesterov, boolean maximize,
            double[] b, int[] t) implements Ref {
        Sgd(double[] lr, double[] wd, double momentum, double dampening, boolean nesterov, boolean maximize) {
            this(lr, wd, momentum, dampening, nesterov, maximize, new double[lr.length], new int[1]);
        }

        @Override
        public void step(double[] theta, double[] grad) {
            t[0]++;
            for (int i = 0; i < theta.length; i++) {
                double g = maximize ? -grad[i] : grad[i];
                if (wd[i] != 0) {
                    g = g + wd[i] * theta[i];
                }
                if (momentum != 0) {
                    if (t[0] > 1) {
                        b[i] = momentum * b[i] + (1 - dampening) * g;
                    } else {
                        b[i] = g;
                    }
                    if (nesterov) {
                        g = g + momentum * b[i];
                    } else {
                        g = b[i];
                    }
                }
                theta[i] = theta[i] - lr[i] * g;
            }
        }
    }

    /** torch.optim.Adam, and torch.optim.AdamW when {@code decoupled}. */
    record Adam(double[] lr, double[] wd, double beta1, double beta2, double eps, boolean amsgrad, boolean maximize,
            boolean decoupled, double[] m, double[] v, double[] vmax, int[] t) implements Ref {
        Adam(double[] lr, double[] wd, double beta1, double beta2, double eps, boolean amsgrad, boolean maximize,
                boolean decoupled) {
            this(lr, wd, beta1, beta2, eps, amsgrad, maximize, decoupled, new double[lr.length], new double[lr.length],
                    new double[lr.length], new int[1]);
        }

        @Override
        public void step(double[] theta, double[] grad) {
            int step = ++t[0];
            for (int i = 0; i < theta.length; i++) {
                double g = maximize ? -grad[i] : grad[i];
                if (decoupled) {
                    theta[i] = theta[i] - lr[i] * wd[i] * theta[i];
                } else if (wd[i] != 0) {
                    g = g + wd[i] * theta[i];
                }
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.pow(beta1, step));
                double vHat;
                if (amsgrad) {
                    vmax[i] = Math.max(vmax[i], v[i]);
                    vHat = vmax[i] / (1 - Math.pow(beta2, step));
                } else {
                    vHat = v[i] / (1 - Math.pow(beta2, step));
                }
                theta[i] = theta[i] - lr[i] * mHat / (Math.sqrt(vHat) + eps);
            }
        }
    }

    /** torch.optim.RMSprop. */
    record RmsProp(double[] lr, double[] wd, double alpha, double eps, double momentum, boolean centered,
            boolean maximize, double[] v, double[] gAve, double[] b) implements Ref {
        RmsProp(double[] lr, double[] wd, double alpha, double eps, double momentum, boolean centered, boolean maximize) {
            this(lr, wd, alpha, eps, momentum, centered, maximize, new double[lr.length], new double[lr.length],
                    new double[lr.length]);
        }

        @Override
        public void step(double[] theta, double[] grad) {
            for (int i = 0; i < theta.length; i++) {
                double g = maximize ? -grad[i] : grad[i];
                if (wd[i] != 0) {
                    g = g + wd[i] * theta[i];
                }
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                double vTilde = v[i];
                if (centered) {
                    gAve[i] = gAve[i] * alpha + (1 - alpha) * g;
                    vTilde = vTilde - gAve[i] * gAve[i];
                }
                if (momentum > 0) {
                    b[i] = momentum * b[i] + g / (Math.sqrt(vTilde) + eps);
                    theta[i] = theta[i] - lr[i] * b[i];
                } else {
                    theta[i] = theta[i] - lr[i] * g / (Math.sqrt(vTilde) + eps);
                }
            }
        }
    }

    /** torch.optim.Adagrad. */
    record Adagrad(double[] lr, double[] wd, double lrDecay, double initialAccumulator, double eps, boolean maximize,
            double[] sum, int[] t) implements Ref {
        Adagrad(double[] lr, double[] wd, double lrDecay, double initialAccumulator, double eps, boolean maximize) {
            this(lr, wd, lrDecay, initialAccumulator, eps, maximize, filled(lr.length, initialAccumulator), new int[1]);
        }

        private static double[] filled(int n, double v) {
            double[] a = new double[n];
            java.util.Arrays.fill(a, v);
            return a;
        }

        @Override
        public void step(double[] theta, double[] grad) {
            int step = ++t[0];
            for (int i = 0; i < theta.length; i++) {
                double g = maximize ? -grad[i] : grad[i];
                double clr = lr[i] / (1 + (step - 1) * lrDecay);
                if (wd[i] != 0) {
                    g = g + wd[i] * theta[i];
                }
                sum[i] = sum[i] + g * g;
                theta[i] = theta[i] - clr * g / (Math.sqrt(sum[i]) + eps);
            }
        }
    }
}
