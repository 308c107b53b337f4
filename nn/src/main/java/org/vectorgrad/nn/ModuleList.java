package org.vectorgrad.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A list of submodules registered as {@code 0}, {@code 1}, ... (PyTorch's {@code nn.ModuleList}). */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    @SafeVarargs
    public ModuleList(M... modules) {
        for (M m : modules) {
            add(m);
        }
    }

    /** Appends and registers a module. */
    public ModuleList<M> add(M module) {
        register(Integer.toString(items.size()), module);
        items.add(module);
        return this;
    }

    public M get(int index) {
        return items.get(index);
    }

    public int size() {
        return items.size();
    }

    @Override
    public Iterator<M> iterator() {
        return List.copyOf(items).iterator();
    }
}
