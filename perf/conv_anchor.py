r"""PyTorch anchor for ConvBenchmark: the conv and max-pool layers of cnn_b64 (shared/anchors/torch_train_anchor.py)
at batch 64, forward alone and forward + backward, timed as ConvBenchmark times them.
Usage: OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 \
           /usr/bin/python3 perf/conv_anchor.py T [layer ...]
(T = torch threads; layers conv1 conv2 pool1 pool2, default all), as perf/compare.sh runs it. The two MALLOC_
variables make glibc keep freed memory, as vectorgrad's buffer pool (and a caching allocator) does: with glibc's
defaults PyTorch page-faults conv1's 5.5 MB output afresh on every call, which made conv1's forward 3x slower here.
Prints one line per layer:
  conv1 threads=1 forward_ms=<best> forward_backward_ms=<best> median_forward_ms=<m> median_forward_backward_ms=<m>
Best and median over 5 repetitions of a timed loop (at least 10 calls and 0.2 s each) after a warm-up.

What is timed (as in ConvBenchmark; both sides have grad mode on, as in training):
  conv1  y = conv2d(x, w, b), x [64,1,28,28] (no grad), w [32,1,3,3], b [32]; backward: grad of (w, b)
  conv2  y = conv2d(x, w, b), x [64,32,13,13] (requires grad), w [64,32,3,3], b [64]; backward: grad of (x, w, b)
  pool1  m = max_pool2d(p, 2), p [64,32,26,26] (requires grad); backward: grad of p
  pool2  m = max_pool2d(p, 2), p [64,64,11,11] (requires grad); backward: grad of p
The backward takes torch.autograd.grad(y, inputs, ones): the output gradient is a tensor of ones made once, and
the gradients are handed back without accumulation into a leaf's .grad (in training these inputs are not leaves).
"""
import statistics, sys, time
import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
wanted = sys.argv[2:] or ["conv1", "conv2", "pool1", "pool2"]
torch.set_num_threads(threads)
torch.manual_seed(0)


def timings(f, reps=5, min_calls=10, min_seconds=0.2):
    """Seconds per call of f: (best, median) over reps loops, after a warm-up that also sizes the loops."""
    t = time.perf_counter()
    calls = 0
    while calls < min_calls or time.perf_counter() - t < min_seconds:
        f()
        calls += 1
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(calls):
            f()
        out.append((time.perf_counter() - t) / calls)
    return min(out), statistics.median(out)


def conv(x_shape, w_shape, x_grad):
    x = torch.randn(*x_shape, requires_grad=x_grad)
    w = torch.randn(*w_shape, requires_grad=True)
    b = torch.randn(w_shape[0], requires_grad=True)
    inputs = [x, w, b] if x_grad else [w, b]
    ones = torch.ones_like(F.conv2d(x.detach(), w.detach(), b.detach()))

    def forward():
        F.conv2d(x, w, b)

    def forward_backward():
        torch.autograd.grad(F.conv2d(x, w, b), inputs, ones)
    return forward, forward_backward


def pool(p_shape):
    p = torch.randn(*p_shape, requires_grad=True)
    ones = torch.ones_like(F.max_pool2d(p.detach(), 2))

    def forward():
        F.max_pool2d(p, 2)

    def forward_backward():
        torch.autograd.grad(F.max_pool2d(p, 2), [p], ones)
    return forward, forward_backward


layers = {
    "conv1": lambda: conv((64, 1, 28, 28), (32, 1, 3, 3), False),
    "conv2": lambda: conv((64, 32, 13, 13), (64, 32, 3, 3), True),
    "pool1": lambda: pool((64, 32, 26, 26)),
    "pool2": lambda: pool((64, 64, 11, 11)),
}
for name in wanted:
    forward, forward_backward = layers[name]()
    f_best, f_median = timings(forward)
    fb_best, fb_median = timings(forward_backward)
    print(f"{name} threads={threads} forward_ms={f_best * 1e3:.3f} forward_backward_ms={fb_best * 1e3:.3f} "
          f"median_forward_ms={f_median * 1e3:.3f} median_forward_backward_ms={fb_median * 1e3:.3f}", flush=True)
