package org.vectorgrad.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vectorgrad.autograd.Tensor;
import org.vectorgrad.engine.MemoryScope;
import org.vectorgrad.engine.Shapes;
import org.vectorgrad.nn.Module;
import org.vectorgrad.optim.LRScheduler;
import org.vectorgrad.optim.Optimizer;

/**
 * Training checkpoints in one safetensors file: a module's state dict (tensors {@code model.<name>}), an
 * optimizer's state (tensors {@code optimizer.state.<index>.<key>}, its parameter groups as JSON in the metadata),
 * a scheduler's progress (JSON in the metadata) and the caller's own metadata strings. A run resumed from a
 * checkpoint continues exactly as the uninterrupted run would.
 *
 * <pre>{@code
 * Checkpoints.save(Path.of("ckpt.safetensors"), model, optimizer, scheduler, Map.of("epoch", "3"));
 * // later, after building model, optimizer and scheduler the same way:
 * Map<String, String> extra = Checkpoints.load(Path.of("ckpt.safetensors"), model, optimizer, scheduler);
 * }</pre>
 */
public final class Checkpoints {
    /** Metadata key marking a checkpoint file (value: the format version). */
    public static final String FORMAT = "vectorgrad.checkpoint";
    static final String OPTIMIZER = "vectorgrad.optimizer";
    static final String PARAM_GROUPS = "vectorgrad.param_groups";
    static final String SCHEDULER = "vectorgrad.scheduler";
    private static final String MODEL_PREFIX = "model.";
    private static final String STATE_PREFIX = "optimizer.state.";

    private Checkpoints() {
    }

    /**
     * Saves atomically. {@code optimizer}, {@code scheduler} and {@code extra} may be null; keys of {@code extra}
     * must not start with {@code "vectorgrad."}.
     */
    public static void save(Path file, Module model, Optimizer optimizer, LRScheduler scheduler,
            Map<String, String> extra) throws IOException {
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT, "1");
        if (extra != null) {
            for (Map.Entry<String, String> e : extra.entrySet()) {
                if (e.getKey().startsWith("vectorgrad.")) {
                    throw new IllegalArgumentException("metadata key '" + e.getKey() + "' is reserved");
                }
                metadata.put(e.getKey(), e.getValue());
            }
        }
        try (MemoryScope scope = MemoryScope.open()) {
            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            model.stateDict().forEach((k, v) -> tensors.put(MODEL_PREFIX + k, v));
            if (optimizer != null) {
                Optimizer.StateDict sd = optimizer.stateDict();
                sd.state().forEach((index, st) -> st.forEach((k, v) -> tensors.put(STATE_PREFIX + index + "." + k, v)));
                metadata.put(OPTIMIZER, optimizer.getClass().getSimpleName());
                metadata.put(PARAM_GROUPS, Json.write(sd.paramGroups()));
            }
            if (scheduler != null) {
                metadata.put(SCHEDULER, Json.write(scheduler.stateDict()));
            }
            SafeTensors.save(tensors, metadata, file);
        }
    }

    /**
     * Loads a checkpoint into {@code model} (strictly: same names and shapes) and, when not null, into
     * {@code optimizer} and {@code scheduler}. Returns the caller's metadata saved with it. Everything is checked
     * before anything changes: a checkpoint that does not fit leaves model, optimizer and scheduler as they were.
     */
    public static Map<String, String> load(Path file, Module model, Optimizer optimizer, LRScheduler scheduler)
            throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            SafeTensors.Loaded loaded = SafeTensors.loadWithMetadata(file);
            Map<String, String> meta = loaded.metadata();
            if (!meta.containsKey(FORMAT)) {
                throw new IllegalArgumentException(file + ": not a vectorgrad checkpoint (no '" + FORMAT + "' metadata)");
            }
            LinkedHashMap<String, Tensor> modelState = new LinkedHashMap<>();
            TreeMap<Integer, Map<String, Tensor>> optimizerState = new TreeMap<>();
            split(file, loaded.tensors(), modelState, optimizerState);
            checkModel(file, model, modelState);
            Optimizer.StateDict sd = null;
            if (optimizer != null) {
                String type = meta.get(OPTIMIZER);
                if (type == null) {
                    throw new IllegalArgumentException(file + ": the checkpoint holds no optimizer state");
                }
                if (!type.equals(optimizer.getClass().getSimpleName())) {
                    throw new IllegalArgumentException(file + ": the checkpoint holds the state of " + type + ", not of "
                            + optimizer.getClass().getSimpleName());
                }
                sd = new Optimizer.StateDict(optimizerState, paramGroups(file, meta.get(PARAM_GROUPS)));
            }
            Map<String, Object> schedulerState = null;
            if (scheduler != null) {
                String json = meta.get(SCHEDULER);
                if (json == null) {
                    throw new IllegalArgumentException(file + ": the checkpoint holds no scheduler state");
                }
                schedulerState = asMap(file, json, "scheduler state");
            }
            // each load below is all-or-nothing by itself; the scheduler is rolled back if the optimizer refuses
            Map<String, Object> previous = scheduler == null ? null : scheduler.stateDict();
            if (scheduler != null) {
                scheduler.loadStateDict(schedulerState);
            }
            if (sd != null) {
                try {
                    optimizer.loadStateDict(sd);
                } catch (RuntimeException e) {
                    if (scheduler != null) {
                        scheduler.loadStateDict(previous);
                    }
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
            }
            model.loadStateDict(modelState, true);
            LinkedHashMap<String, String> extra = new LinkedHashMap<>(meta);
            extra.keySet().removeIf(k -> k.startsWith("vectorgrad."));
            return extra;
        }
    }

    private static void split(Path file, Map<String, Tensor> tensors, Map<String, Tensor> model,
            Map<Integer, Map<String, Tensor>> optimizer) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(MODEL_PREFIX)) {
                model.put(name.substring(MODEL_PREFIX.length()), e.getValue());
            } else if (name.startsWith(STATE_PREFIX)) {
                String rest = name.substring(STATE_PREFIX.length());
                int dot = rest.indexOf('.');
                int index;
                try {
                    index = dot > 0 ? Integer.parseInt(rest.substring(0, dot)) : -1;
                } catch (NumberFormatException ex) {
                    index = -1;
                }
                if (index < 0) {
                    throw new IllegalArgumentException(file + ": unexpected tensor '" + name + "' in a checkpoint");
                }
                optimizer.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
            } else {
                throw new IllegalArgumentException(file + ": unexpected tensor '" + name + "' in a checkpoint");
            }
        }
    }

    /** The strict state-dict check, done before anything is loaded. */
    private static void checkModel(Path file, Module model, Map<String, Tensor> saved) {
        Map<String, Tensor> own = model.stateDict();
        List<String> problems = new ArrayList<>();
        for (String k : own.keySet()) {
            if (!saved.containsKey(k)) {
                problems.add("missing key \"" + k + "\"");
            }
        }
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            Tensor mine = own.get(e.getKey());
            if (mine == null) {
                problems.add("unexpected key \"" + e.getKey() + "\"");
            } else if (!Arrays.equals(mine.shape(), e.getValue().shape())) {
                problems.add("size mismatch for " + e.getKey() + ": " + Shapes.format(e.getValue().shape())
                        + " in the checkpoint, " + Shapes.format(mine.shape()) + " in the model");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": the checkpoint does not fit " + model.getClass().getSimpleName()
                    + ": " + String.join("; ", problems));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> paramGroups(Path file, String json) {
        Object v = parse(file, json, "parameter groups");
        if (!(v instanceof List<?> list) || !list.stream().allMatch(g -> g instanceof Map)) {
            throw new IllegalArgumentException(file + ": parameter groups are not a JSON list of objects");
        }
        return (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Path file, String json, String what) {
        Object v = parse(file, json, what);
        if (!(v instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(file + ": " + what + " is not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static Object parse(Path file, String json, String what) {
        if (json == null) {
            throw new IllegalArgumentException(file + ": the checkpoint has no " + what);
        }
        try {
            return Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + what + " are not valid JSON: " + e.getMessage(), e);
        }
    }
}
