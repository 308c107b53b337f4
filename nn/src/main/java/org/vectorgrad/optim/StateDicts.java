package org.vectorgrad.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.NDArray;
import org.vectorgrad.engine.Shapes;

/** Loading an optimizer state dict: everything is checked first, then applied, so a bad dict changes nothing. */
final class StateDicts {
    private StateDicts() {
    }

    static void load(Optimizer opt, Optimizer.StateDict dict) {
        List<ParamGroup> groups = opt.paramGroups();
        List<Map<String, Object>> saved = dict.paramGroups();
        if (saved.size() != groups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups");
        }
        List<Tensor> params = opt.orderedParams();
        List<ParamGroup> replacements = new ArrayList<>();
        int[] owner = new int[params.size()];
        Arrays.fill(owner, -1);
        int offset = 0;
        for (int g = 0; g < groups.size(); g++) {
            Map<String, Object> s = saved.get(g);
            List<Integer> ids = indices(s.get("params"));
            if (ids.size() != groups.get(g).params().size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match "
                        + "the size of optimizer's group");
            }
            for (int i = 0; i < ids.size(); i++) {
                int id = ids.get(i);
                if (id < 0 || id >= params.size() || owner[id] != -1) {
                    throw new IllegalArgumentException("loaded state dict lists parameter index " + id
                            + " more than once or out of range [0, " + params.size() + ")");
                }
                owner[id] = offset + i;
            }
            offset += ids.size();
            // check the loaded options with the optimizer's own rules before anything is replaced
            ParamGroup probe = new ParamGroup(List.of());
            probe.replaceOptions(s);
            opt.validate(probe);
            replacements.add(probe);
        }
        for (Map.Entry<Integer, Map<String, Tensor>> e : dict.state().entrySet()) {
            int id = e.getKey();
            if (id < 0 || id >= params.size() || owner[id] == -1) {
                throw new IllegalArgumentException("loaded state dict has state for parameter index " + id
                        + ", which is not a parameter of its groups (the optimizer has " + params.size() + ")");
            }
            Tensor p = params.get(owner[id]);
            for (Map.Entry<String, Tensor> b : e.getValue().entrySet()) {
                if (b.getKey().equals("step")) {
                    if (b.getValue().numel() != 1) {
                        throw new IllegalArgumentException("loaded state dict has a 'step' of shape "
                                + Shapes.format(b.getValue().shape()) + " for parameter " + id);
                    }
                } else if (!Arrays.equals(b.getValue().shape(), p.shape())) {
                    throw new IllegalArgumentException("loaded state dict has '" + b.getKey() + "' of shape "
                            + Shapes.format(b.getValue().shape()) + " for parameter " + id + " of shape "
                            + Shapes.format(p.shape()));
                }
            }
        }
        // apply
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).replaceOptions(replacements.get(g).options());
        }
        for (ParamState old : opt.state.values()) {
            old.release();
        }
        opt.state.clear();
        for (Map.Entry<Integer, Map<String, Tensor>> e : dict.state().entrySet()) {
            Tensor p = params.get(owner[e.getKey()]);
            opt.putState(p, toState(opt, p, e.getValue()));
        }
    }

    private static ParamState toState(Optimizer opt, Tensor p, Map<String, Tensor> saved) {
        ParamState st = opt.newState();
        for (Map.Entry<String, Tensor> b : saved.entrySet()) {
            NDArray src = b.getValue().ndarray();
            if (b.getKey().equals("step")) {
                st.step = Math.round(src.item());
                st.hasStep = true;
            } else {
                // state follows the parameter's dtype, as PyTorch casts floating state on load
                NDArray copy = MemoryScope.persistent(() -> src.dtype() == p.dtype() ? src.clone() : src.to(p.dtype()));
                st.buffers.put(b.getKey(), copy);
            }
        }
        return st;
    }

    private static List<Integer> indices(Object params) {
        if (!(params instanceof List<?> list)) {
            throw new IllegalArgumentException("loaded state dict has a parameter group without 'params'");
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException("loaded state dict has a non-integer parameter index: " + o);
            }
            out.add(n.intValue());
        }
        return out;
    }
}
