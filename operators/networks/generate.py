#!/usr/bin/env python3
"""Writes Inlay's shipped network files (docs/formats.md §5) and networks.md, a table of their nodes and MACs.

Usage: operators/networks/generate.py

Every network is int8 with power-of-two scales: batch norm is folded into each convolution's bias, and each GEMM-core
node requantises with a right shift. The shifts are chosen for verification on random data (uniform int8 inputs and
weights, docs/formats.md §5.6): the generator follows each tensor's root mean square through the graph (an
accumulator's is √reduction · input RMS · 74, 74 being uniform int8's) and shifts every accumulator to about 40 before
its residual and ReLU, so that every layer's output spreads over int8 instead of saturating or fading to zero. What each network changes from its float original is said at its builder:
  - resnet18, resnet18_56, resnet50: torchvision's ResNet (v1.5 for ResNet-50: stride on the 3×3 conv), residual adds
    fused into the block's last convolution with its ReLU, as TVM's VTA flow fuses them;
  - mobilenetv2: ReLU6 becomes ReLU (the int8 clamp caps it); the residual add fused into the projection conv;
  - yolov3_tiny: Darknet's yolov3-tiny.cfg at 416×416; leaky ReLU (0.1) becomes ReLU (VTA's HLS ALU has no multiply);
    up to the two 255-channel output convolutions (the YOLO decode is post-processing); upsample and route (concat) are
    host nodes;
  - bert_base_layer: one BERT-base encoder layer, sequence 128, 12 heads of 64; softmax, layer norm and GELU are host
    nodes; the 1/√64 score scale is absorbed in the Q·Kᵀ shift, which (like every shift here) is chosen for spread;
  - deepspeech2_frontend: DeepSpeech2's two convolutions as DeepBench gives them (161×700 spectrogram), clipped ReLU
    becoming ReLU.
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))


WEIGHT_RMS = 74.0  # uniform int8
TARGET_RMS = 40.0  # of an accumulator after its shift: the int8 clamp sits at about three of them


def shift_for(reduction, input_rms, other_rms=WEIGHT_RMS):
    accumulator_rms = math.sqrt(reduction) * input_rms * other_rms
    return max(0, min(31, round(math.log2(accumulator_rms / TARGET_RMS))))


class Net:
    """A network under construction: tracks shapes so that shifts and MAC counts follow the architecture."""

    def __init__(self, name, inputs):
        self.name, self.inputs, self.outputs, self.nodes = name, inputs, [], []
        self.shapes = dict(inputs)
        self.rms = {name: WEIGHT_RMS for name in inputs}  # uniform int8 inputs
        self.macs = 0

    def add_node(self, name, op, inputs, out_shape, rms=None, **fields):
        self.nodes.append({"name": name, "op": op, "inputs": inputs, "output": name, **fields})
        self.shapes[name] = out_shape
        self.rms[name] = self.rms[inputs[0]] if rms is None else rms
        return name

    def epilogue(self, reduction, x, other_rms=WEIGHT_RMS, residual=None, relu=False, extra_shift=0):
        """The fused epilogue's fields and the output's estimated RMS."""
        shift = shift_for(reduction, self.rms[x], other_rms) + extra_shift
        rms = math.sqrt(reduction) * self.rms[x] * other_rms / 2 ** shift
        fields = {"bias": True, "shift": shift}
        if residual:
            fields["residual"] = residual
            rms = math.hypot(rms, self.rms[residual])
        if relu:
            fields["relu"] = True
            rms /= math.sqrt(2)
        return fields, min(rms, 127.0)

    def conv(self, name, x, k, r, stride=1, pad=0, groups=1, relu=True, residual=None):
        n, c, h, w = self.shapes[x]
        p, q = (h + 2 * pad - r) // stride + 1, (w + 2 * pad - r) // stride + 1
        red = c // groups * r * r
        self.macs += n * k * p * q * red
        fields = {"channels": k, "kernel": [r, r]}
        if stride != 1:
            fields["stride"] = [stride, stride]
        if pad:
            fields["pad"] = [pad, pad]
        if groups != 1:
            fields["groups"] = groups
        epilogue, rms = self.epilogue(red, x, residual=residual, relu=relu)
        return self.add_node(name, "conv2d", [x], [n, k, p, q], rms, **fields, **epilogue)

    def conv_rect(self, name, x, k, r, s, stride, relu=True):
        n, c, h, w = self.shapes[x]
        p, q = (h - r) // stride + 1, (w - s) // stride + 1
        self.macs += n * k * p * q * c * r * s
        epilogue, rms = self.epilogue(c * r * s, x, relu=relu)
        return self.add_node(name, "conv2d", [x], [n, k, p, q], rms, channels=k, kernel=[r, s],
                             stride=[stride, stride], **epilogue)

    def dense(self, name, x, units, relu=False, residual=None):
        shape = self.shapes[x]
        self.macs += math.prod(shape[:-1]) * shape[-1] * units
        epilogue, rms = self.epilogue(shape[-1], x, residual=residual, relu=relu)
        return self.add_node(name, "dense", [x], shape[:-1] + [units], rms, units=units, **epilogue)

    def matmul(self, name, a, b, layout, extents, out_shape, extra_shift=0):
        self.macs += math.prod(extents.values())
        epilogue, rms = self.epilogue(extents["k"], a, self.rms[b], extra_shift=extra_shift)
        del epilogue["bias"]
        return self.add_node(name, "matmul", [a, b], out_shape, rms, layout=layout, **epilogue)

    def pool(self, name, op, x, kernel, stride, pad):
        n, c, h, w = self.shapes[x]
        top, left, bottom, right = pad if len(pad) == 4 else pad + pad
        p, q = (h + top + bottom - kernel) // stride + 1, (w + left + right - kernel) // stride + 1
        fields = {"kernel": [kernel, kernel]}
        if stride != 1:
            fields["stride"] = [stride, stride]
        if any(pad):
            fields["pad"] = pad
        # A window's maximum of ReLU outputs sits well above their RMS (measured: about 1.7 times for 3×3).
        rms = min(127.0, self.rms[x] * 1.7) if op == "max_pool" else None
        return self.add_node(name, op, [x], [n, c, p, q], rms, **fields)

    def global_avg_pool_flatten(self, x):
        n, c = self.shapes[x][:2]
        self.add_node("gap", "global_avg_pool", [x], [n, c, 1, 1])
        return self.add_node("flatten", "reshape", ["gap"], [n, c], shape=[n, c])

    def reshape(self, name, x, shape):
        return self.add_node(name, "reshape", [x], shape, shape=shape)

    def host(self, name, function, inputs, shape=None, rms=None):
        fields = {"function": function}
        if shape:
            fields["shape"] = shape
        return self.add_node(name, "host", inputs, shape or self.shapes[inputs[0]], rms, **fields)

    def text(self):
        head = {"name": self.name, "inputs": self.inputs, "outputs": self.outputs}
        lines = [f' "{key}": {json.dumps(value)}' for key, value in head.items()]
        nodes = ",\n  ".join(json.dumps(n) for n in self.nodes)
        return "{\n" + ",\n".join(lines) + ',\n "nodes": [\n  ' + nodes + "\n ]}\n"


def resnet(name, size, blocks, bottleneck):
    net = Net(name, {"data": [1, 3, size, size]})
    x = net.conv("conv1", "data", 64, 7, stride=2, pad=3)
    x = net.pool("pool1", "max_pool", x, 3, 2, [1, 1])
    channels = 64
    for stage, count in enumerate(blocks):
        planes = 64 << stage
        for b in range(count):
            stride = 2 if stage > 0 and b == 0 else 1
            prefix = f"layer{stage + 1}.{b}"
            out_channels = planes * 4 if bottleneck else planes
            shortcut = x
            if stride != 1 or channels != out_channels:
                shortcut = net.conv(prefix + ".downsample", x, out_channels, 1, stride=stride, relu=False)
            if bottleneck:
                y = net.conv(prefix + ".conv1", x, planes, 1)
                y = net.conv(prefix + ".conv2", y, planes, 3, stride=stride, pad=1)
                x = net.conv(prefix + ".conv3", y, out_channels, 1, residual=shortcut)
            else:
                y = net.conv(prefix + ".conv1", x, planes, 3, stride=stride, pad=1)
                x = net.conv(prefix + ".conv2", y, planes, 3, pad=1, residual=shortcut)
            channels = out_channels
    x = net.global_avg_pool_flatten(x)
    net.outputs = [net.dense("fc", x, 1000)]
    return net


def mobilenetv2():
    net = Net("mobilenetv2", {"data": [1, 3, 224, 224]})
    x = net.conv("conv1", "data", 32, 3, stride=2, pad=1)
    channels = 32
    # (expansion t, output channels c, repeats n, first stride s): Sandler et al. 2018, Table 2.
    settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                (6, 320, 1, 1)]
    block = 0
    for t, c, n, s in settings:
        for i in range(n):
            stride = s if i == 0 else 1
            prefix = f"block{block}"
            hidden = channels * t
            y = x if t == 1 else net.conv(prefix + ".expand", x, hidden, 1)
            y = net.conv(prefix + ".depthwise", y, hidden, 3, stride=stride, pad=1, groups=hidden)
            residual = x if stride == 1 and channels == c else None
            x = net.conv(prefix + ".project", y, c, 1, relu=False, residual=residual)
            channels = c
            block += 1
    x = net.conv("conv_last", x, 1280, 1)
    x = net.global_avg_pool_flatten(x)
    net.outputs = [net.dense("fc", x, 1000)]
    return net


def yolov3_tiny():
    net = Net("yolov3_tiny", {"data": [1, 3, 416, 416]})
    x = "data"
    for i, k in enumerate([16, 32, 64, 128, 256]):
        x = net.conv(f"conv{2 * i}", x, k, 3, pad=1)
        x = net.pool(f"pool{2 * i + 1}", "max_pool", x, 2, 2, [0, 0])
    x = net.conv("conv10", x, 512, 3, pad=1)
    x = net.pool("pool11", "max_pool", x, 2, 1, [0, 0, 1, 1])  # Darknet pads the bottom and right only
    x = net.conv("conv12", x, 1024, 3, pad=1)
    route = net.conv("conv13", x, 256, 1)
    x = net.conv("conv14", route, 512, 3, pad=1)
    out1 = net.conv("conv15", x, 255, 1, relu=False)
    x = net.conv("conv18", route, 128, 1)
    n, c, h, w = net.shapes[x]
    x = net.host("upsample19", "upsample_nearest", [x], [n, c, 2 * h, 2 * w])
    x = net.host("route20", "concat", [x, "conv8"], [n, c + net.shapes["conv8"][1], 2 * h, 2 * w])
    x = net.conv("conv21", x, 256, 3, pad=1)
    out2 = net.conv("conv22", x, 255, 1, relu=False)
    net.outputs = [out1, out2]
    return net


def bert_base_layer():
    seq, hidden, heads, ffn = 128, 768, 12, 3072
    d = hidden // heads
    net = Net("bert_base_layer", {"x": [1, seq, hidden]})
    q = net.reshape("q_heads", net.dense("q", "x", hidden), [seq, heads, d])
    k = net.reshape("k_heads", net.dense("k", "x", hidden), [seq, heads, d])
    v = net.reshape("v_heads", net.dense("v", "x", hidden), [seq, heads, d])
    # Scores [heads, seq, seq] = Q·Kᵀ per head; Q and K stay [seq, heads, d] as the projections write them.
    scores = net.matmul("scores", q, k, "mbk,nbk->bmn", {"b": heads, "m": seq, "n": seq, "k": d}, [heads, seq, seq])
    probs = net.host("softmax", "softmax", [scores], rms=5.0)  # most of 127 on a few scores per row (measured)
    # Context [seq, heads, d] = probs · V per head, written so that it reshapes to [1, seq, hidden].
    context = net.matmul("context", probs, v, "bmk,kbn->mbn", {"b": heads, "m": seq, "n": d, "k": seq},
                         [seq, heads, d])
    context = net.reshape("context_flat", context, [1, seq, hidden])
    attention = net.dense("attention_out", context, hidden, residual="x")
    norm1 = net.host("norm1", "layer_norm", [attention], rms=16.0)  # unit variance, 4 fraction bits
    up = net.host("gelu", "gelu", [net.dense("ffn_up", norm1, ffn)], rms=TARGET_RMS / math.sqrt(2))
    out = net.dense("ffn_down", up, hidden, residual=norm1)
    net.outputs = [net.host("norm2", "layer_norm", [out], rms=16.0)]
    return net


def deepspeech2_frontend():
    net = Net("deepspeech2_frontend", {"spectrogram": [1, 1, 161, 700]})
    x = net.conv_rect("conv1", "spectrogram", 32, 5, 20, 2)
    net.outputs = [net.conv_rect("conv2", x, 32, 5, 10, 2)]
    return net


NETWORKS = [
    (lambda: resnet("resnet18", 224, [2, 2, 2, 2], False), "torchvision ResNet-18, 224×224"),
    (lambda: resnet("resnet18_56", 56, [2, 2, 2, 2], False), "ResNet-18 at 56×56, for whole-network checks in CI"),
    (lambda: resnet("resnet50", 224, [3, 4, 6, 3], True), "torchvision ResNet-50 (v1.5), 224×224"),
    (mobilenetv2, "MobileNetV2 1.0, 224×224"),
    (yolov3_tiny, "YOLOv3-tiny, 416×416"),
    (bert_base_layer, "one BERT-base encoder layer, sequence 128"),
    (deepspeech2_frontend, "DeepSpeech2's convolutional front end, 161×700 spectrogram"),
]


def main():
    rows = []
    for build, source in NETWORKS:
        net = build()
        with open(os.path.join(HERE, net.name + ".json"), "w") as f:
            f.write(net.text())
        ops = {}
        for n in net.nodes:
            ops[n["op"]] = ops.get(n["op"], 0) + 1
        counts = ", ".join(f"{op} {count}" for op, count in sorted(ops.items()))
        rows.append(f"| {net.name}.json | {len(net.nodes)} | {counts} | {net.macs} | {source} |")
    with open(os.path.join(HERE, "networks.md"), "w") as f:
        f.write("# Shipped networks\n\nGenerated by generate.py (its docstring says how each differs from its float "
                "original). MACs: the conv2d, dense and matmul nodes' multiply-accumulates, padding included.\n\n"
                "| file | nodes | by op | MACs | network |\n|---|---|---|---|---|\n" + "\n".join(rows) + "\n")
    print(f"wrote {len(rows)} networks to {HERE}")


if __name__ == "__main__":
    main()
