"""Prints the PyTorch values that the nn tests compare against (the constants in *Test.java came from here).
Run with Debian's python3-torch: /usr/bin/python3 torch_reference.py
Inputs are deterministic: seq(shape, a, b, scale)[i] = scale * sin(a * i + b) in float64, as the tests' Data.seq."""
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_printoptions(precision=17)
D = torch.float64

def seq(shape, a, b, scale=1.0):
    n = 1
    for s in shape: n *= s
    i = torch.arange(n, dtype=D)
    return (scale * torch.sin(a * i + b)).reshape(shape)

def show(name, t):
    t = t.detach()
    print(name, list(t.shape), ", ".join(repr(v) for v in t.flatten().tolist()))

x = seq([3, 4], 0.7, 0.3, 3.0)
show("relu", F.relu(x)); show("leaky0.2", F.leaky_relu(x, 0.2)); show("gelu", F.gelu(x))
show("geluTanh", F.gelu(x, approximate="tanh")); show("silu", F.silu(x)); show("tanh", torch.tanh(x))
show("sigmoid", torch.sigmoid(x)); show("softmax1", F.softmax(x, 1)); show("logSoftmax0", F.log_softmax(x, 0))

logits = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]], dtype=D)
w = torch.tensor([0.2, 0.3, 0.5], dtype=D)
t = torch.tensor([2, 0])
for red in ["mean", "sum", "none"]:
    show("ce_" + red, F.cross_entropy(logits, t, reduction=red))
    show("ce_w_" + red, F.cross_entropy(logits, t, weight=w, reduction=red))
    show("ce_ls_" + red, F.cross_entropy(logits, t, label_smoothing=0.1, reduction=red))
    show("ce_w_ls_" + red, F.cross_entropy(logits, t, weight=w, label_smoothing=0.1, reduction=red))
    show("ce_w_ls_ign_" + red, F.cross_entropy(logits, torch.tensor([2, -100]), weight=w, label_smoothing=0.1, reduction=red))
    show("nll_w_ign_" + red, F.nll_loss(logits, torch.tensor([-100, 1]), weight=w, reduction=red))
kd = seq([2, 3, 2], 0.9, 0.2, 2.0)
show("ce_kdim_w", F.cross_entropy(kd, torch.tensor([[0, 2], [1, 1]]), weight=w))
probs = F.softmax(seq([2, 3], 1.3, 0.4), 1)
show("ce_prob_w_ls", F.cross_entropy(logits, probs, weight=w, label_smoothing=0.2))
show("ce_unbatched_none", F.cross_entropy(logits[0], torch.tensor(1), reduction="none"))

a = seq([2, 3], 0.8, 0.1, 2.0); b = seq([2, 3], 0.5, 1.1, 2.0)
show("mse", F.mse_loss(a, b)); show("l1_sum", F.l1_loss(a, b, reduction="sum"))
show("huber0.5_none", F.huber_loss(a, b, reduction="none", delta=0.5))
show("smoothl1_0.5_none", F.smooth_l1_loss(a, b, reduction="none", beta=0.5))
p = torch.sigmoid(a); y = torch.sigmoid(b * 3)
show("bce_w", F.binary_cross_entropy(p, y, weight=torch.tensor([1.0, 2.0, 0.5], dtype=D)))
show("bce_sat_none", F.binary_cross_entropy(torch.tensor([0.0, 1.0, 1.0, 0.3], dtype=D), torch.tensor([1.0, 0.0, 1.0, 0.5], dtype=D), reduction="none"))
pa = torch.tensor([0.0, 1.0], dtype=D, requires_grad=True)
F.binary_cross_entropy(pa, torch.tensor([1.0, 0.0], dtype=D), reduction="sum").backward(); show("bce_sat_grad", pa.grad)
show("bcel_w_pw", F.binary_cross_entropy_with_logits(a * 10, y, weight=torch.tensor([1.0, 2.0, 0.5], dtype=D), pos_weight=torch.tensor([3.0, 1.0, 0.5], dtype=D)))

ln = seq([2, 5], 1.1, 0.5, 2.0)
show("layerNorm", F.layer_norm(ln, [5], seq([5], 0.3, 1.0), seq([5], 0.6, 0.2)))
show("layerNorm2", F.layer_norm(seq([2, 2, 3], 0.4, 0.9, 3.0), [2, 3]))

bn = nn.BatchNorm1d(3).double()
xb = seq([4, 3], 0.9, 0.4, 2.0) + 1.0
show("bn1_train_out", bn(xb)); show("bn1_running_mean", bn.running_mean); show("bn1_running_var", bn.running_var)
bn.eval(); show("bn1_eval_out", bn(xb))
bn2 = nn.BatchNorm2d(2, momentum=None).double()
x2 = seq([2, 2, 2, 3], 0.6, 0.1, 1.5)
bn2(x2); bn2(x2 * 2 + 1)
show("bn2_cma_running_mean", bn2.running_mean); show("bn2_cma_running_var", bn2.running_var)

q = seq([2, 3, 4], 0.7, 0.1); k = seq([2, 5, 4], 0.5, 0.3); v = seq([2, 5, 2], 0.3, 0.7)
def sdpa(q, k, v, mask=None, causal=False):  # torch 1.13 has no F.scaled_dot_product_attention: the 2.x formula
    s = q @ k.transpose(-2, -1) / (q.shape[-1] ** 0.5)
    if causal: mask = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).tril()
    if mask is not None: s = s.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else s + mask
    return torch.softmax(s, -1) @ v
show("sdpa", sdpa(q, k, v)); show("sdpa_causal", sdpa(q, k, v, causal=True))
bm = torch.tensor([[True, False, True, True, False]] * 3)
show("sdpa_bool", sdpa(q, k, v, bm)); show("sdpa_float", sdpa(q, k, v, seq([3, 5], 0.2, 0.0)))

mha = nn.MultiheadAttention(4, 2, batch_first=True).double()
with torch.no_grad():
    mha.in_proj_weight.copy_(seq([12, 4], 0.37, 0.1, 0.5)); mha.in_proj_bias.copy_(seq([12], 0.21, 0.4, 0.1))
    mha.out_proj.weight.copy_(seq([4, 4], 0.43, 0.2, 0.5)); mha.out_proj.bias.copy_(seq([4], 0.19, 0.3, 0.1))
xq = seq([2, 3, 4], 0.7, 0.1); xk = seq([2, 5, 4], 0.5, 0.3); xv = seq([2, 5, 4], 0.3, 0.7)
o, wts = mha(xq, xk, xv); show("mha_out", o); show("mha_weights", wts)
kpm = torch.tensor([[False, False, True, False, True], [False, False, False, False, False]])
am = torch.tensor([[False, True, False, False, False]] * 3)
o, wts = mha(xq, xk, xv, key_padding_mask=kpm, attn_mask=am, average_attn_weights=False)
show("mha_masked_out", o); show("mha_masked_weights", wts)
o, wts = mha(xq, xq, xq, need_weights=False); show("mha_self_out", o)
mha_s = nn.MultiheadAttention(4, 2).double(); mha_s.load_state_dict(mha.state_dict())
o, wts = mha_s(xq.transpose(0, 1), xq.transpose(0, 1), xq.transpose(0, 1)); show("mha_seqfirst_self_out", o.transpose(0, 1))
