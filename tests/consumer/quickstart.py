"""The Python quick start of docs/python.md, run by scripts/test against the installed module: from an operator built
in memory to a verified program and its cycles. Exits non-zero unless the program verifies bit-exactly."""
import sys

import inlay

op = inlay.gemm(64, 64, 64, name="quickstart")  # C[64, 64] = A[64, 64] x B[64, 64]
generated = inlay.compile(op)  # the solver's embeddings, ranked by the simulator
result = inlay.verify(generated.program)  # simulated on random inputs, compared with the CPU reference
print(f"{op.name}: {result.stats.cycles} cycles, {generated.embedding}, verified: {result.verified}")
sys.exit(0 if result.verified else 1)
