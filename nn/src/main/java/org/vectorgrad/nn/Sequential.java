package org.vectorgrad.nn;

import java.util.List;
import org.vectorgrad.autograd.Tensor;

/** Layers applied in order; children are named {@code 0}, {@code 1}, ... as in PyTorch. */
public final class Sequential extends Layer {
    private final Layer[] layers;

    public Sequential(Layer... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < layers.length; i++) {
            register(Integer.toString(i), layers[i]);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }

    /** The layer at {@code index}. */
    public Layer get(int index) {
        return layers[index];
    }

    public int size() {
        return layers.length;
    }

    public List<Layer> layers() {
        return List.of(layers);
    }
}
