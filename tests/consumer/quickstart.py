"""The Python quick start of docs/python.md, run by scripts/test against the installed module: one call from an
operator built in memory to a verified program and its cycles. Exits non-zero unless the program verifies."""
import sys

import inlay

# ResNet's first convolution on a 32x32 image: 3 input channels, which TVM's VTA flow leaves to the CPU.
conv = inlay.conv2d(C=3, H=32, W=32, K=64, R=7, S=7, stride=2, pad=3)
result = inlay.compile(conv)  # generated, tuned by simulation, timed and checked against the CPU reference
print(f"{conv.name}: {result.cycles} cycles, {'verified bit-exact' if result.verified else 'MISMATCH'}")
sys.exit(0 if result.verified else 1)
