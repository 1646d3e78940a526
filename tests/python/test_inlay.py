"""Tests of the Python module `inlay` (docs/python.md), run by ctest with the interpreter the module was built for.

Operators built in memory go through solve, generate/compile, simulate and verify; every number the pipeline gives
is compared with what the C++ side gives for the same input (the `inlay` CLI of the same build tree, whose own
results the C++ tests pin down), and errors are checked by class, origin, field path and message.

Environment (set by ctest): PYTHONPATH holds the built module, INLAY_BINARY is the CLI, INLAY_SOURCE_DIR the source
tree.
"""

import concurrent.futures
import json
import os
import subprocess
import tempfile
import unittest

import inlay


def environment(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run this test through ctest (it sets PYTHONPATH, INLAY_BINARY, "
                           "INLAY_SOURCE_DIR)")
    return value


INLAY_BINARY = environment("INLAY_BINARY")
SOURCE_DIR = environment("INLAY_SOURCE_DIR")


def small_gemm():
    """A GEMM whose N and K are not multiples of 16, so that csp and fixed differ."""
    return inlay.gemm(8, 48, 40, shift=3, name="odd")


def first_layer_conv():
    """A first convolution layer (3 input channels): csp finds a better embedding than TVM's fixed one."""
    return inlay.conv2d(C=3, H=16, W=16, K=16, R=3, S=3, pad=1, name="first")


def cli_run(op, strategy):
    """`inlay run OP --strategy S --verify --json` on the operator's spec: the C++ side's numbers."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = os.path.join(tmp, "op.json")
        with open(spec, "w") as f:
            f.write(op.to_json())
        done = subprocess.run([INLAY_BINARY, "run", spec, "--strategy", strategy, "--verify", "--json"],
                              capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


class OperatorTest(unittest.TestCase):
    def test_gemm_builder(self):
        op = small_gemm()
        self.assertEqual(op.name, "odd")
        self.assertEqual(op.kind, "gemm")
        self.assertEqual([(d.name, d.extent, d.reduction) for d in op.dims],
                         [("m", 8, False), ("n", 48, False), ("k", 40, True)])
        self.assertEqual(op.dim_names, ["m", "n", "k"])
        self.assertEqual(op.macs, 8 * 48 * 40)
        self.assertEqual(op.shift, 3)
        self.assertEqual((op.out.tensor, op.out.index, op.out.shape), ("C", ["m", "n"], [8, 48]))
        self.assertEqual([(a.tensor, a.index, a.shape) for a in op.inputs],
                         [("A", ["m", "k"], [8, 40]), ("B", ["k", "n"], [40, 48])])

    def test_builders_equal_the_spec_reader(self):
        spec = '{"name": "odd", "op": "gemm", "shape": {"M": 8, "N": 48, "K": 40}, "requant": {"shift": 3}}'
        self.assertEqual(inlay.parse_operators(spec), [small_gemm()])
        self.assertNotEqual(inlay.gemm(8, 48, 40, shift=2, name="odd"), small_gemm())
        conv = first_layer_conv()
        self.assertEqual(inlay.parse_operators(conv.to_json(), file="conv.json"), [conv])
        self.assertEqual(inlay.conv2d(C=3, H=16, W=16, K=16, R=3, S=3, stride=(1, 1), pad=(1, 1), name="first"), conv)

    def test_conv2d_builder(self):
        op = inlay.conv2d(N=2, C=8, H=14, W=12, K=32, R=3, S=5, stride=(2, 1), pad=(1, 2), name="c")
        self.assertEqual(op.kind, "conv2d")
        self.assertEqual([(d.name, d.extent, d.reduction) for d in op.dims],
                         [("n", 2, False), ("k", 32, False), ("p", 7, False), ("q", 12, False), ("c", 8, True),
                          ("r", 3, True), ("s", 5, True)])
        self.assertEqual(op.inputs[0].index, ["n", "c", "2*p + r - 1", "q + s - 2"])
        self.assertEqual(op.inputs[1].shape, [32, 8, 3, 5])
        self.assertEqual(op.out.shape, [2, 32, 7, 12])
        grouped = inlay.conv2d(C=8, H=4, W=4, K=8, R=1, S=1, groups=2)
        self.assertEqual(grouped.macs, 4 * 4 * 8 * 4)

    def test_loopnest_builder(self):
        op = inlay.loopnest(dims=[("m", 8), ("n", 48), ("k", 40)], reduce=["k"], out=("C", ["m", "n"]),
                            inputs=[("A", ["m", "k"]), ("B", ["k", "n"], [40, 48])], shift=3, name="odd")
        self.assertEqual(op.kind, "loopnest")
        gemm = small_gemm()
        self.assertEqual((op.dims, op.macs, op.shift), (gemm.dims, gemm.macs, gemm.shift))
        self.assertEqual(str(op).splitlines()[1:], str(gemm).splitlines()[1:])
        self.assertEqual(str(op).splitlines()[0], "odd (loopnest): 15360 MACs")
        self.assertEqual(repr(op), "<inlay.Operator odd (loopnest): 15360 MACs>")

    def test_builder_errors_name_the_field(self):
        with self.assertRaises(inlay.InputError) as caught:
            inlay.gemm(4, 0, 4)
        e = caught.exception
        self.assertEqual((e.file, e.path, e.message), ("<gemm>", "shape.N", "must be positive, got 0"))
        self.assertEqual(str(e), "<gemm>: shape.N: must be positive, got 0")
        self.assertIsInstance(e, inlay.Error)
        self.assertIsInstance(e, ValueError)
        self.assertNotIsInstance(e, inlay.WorkError)
        self.assertEqual(type(e).__module__ + "." + type(e).__name__, "inlay.InputError")

        with self.assertRaises(inlay.InputError) as caught:
            inlay.conv2d(C=1, H=3, W=3, K=1, R=5, S=1)
        self.assertEqual(str(caught.exception),
                         "<conv2d>: shape.R: the filter height 5 exceeds the padded input height 3: no output")
        with self.assertRaises(inlay.InputError) as caught:
            inlay.loopnest(dims=[("m", 4)], out=("C", ["m"]), inputs=[("A", ["m"])] * 3)
        self.assertEqual((caught.exception.path, caught.exception.message),
                         ("inputs", "expected exactly two inputs, got 3"))
        with self.assertRaises(inlay.InputError) as caught:
            inlay.loopnest(dims=[("m", 4), ("k", 4)], reduce=["k"], out=("C", ["m"]),
                           inputs=[("A", ["m", "k"]), ("B", ["k", "x"])])
        self.assertEqual(str(caught.exception), "<loopnest>: inputs[1].index[1]: unknown dim 'x' in \"x\"")
        with self.assertRaises(TypeError):
            inlay.gemm(4, 4.5, 4)

    def test_reader_errors(self):
        with self.assertRaises(inlay.InputError) as caught:
            inlay.parse_operators('{"op": "gem"}', file="mine.json")
        e = caught.exception
        self.assertEqual((e.file, e.path, e.message), ("mine.json", "op", "unknown op 'gem' (expected gemm, conv2d or loopnest)"))
        missing = os.path.join(tempfile.gettempdir(), "inlay-no-such-file.json")
        with self.assertRaises(inlay.InputError) as caught:
            inlay.read_operator_file(missing)
        self.assertEqual((caught.exception.file, caught.exception.path, caught.exception.message),
                         (missing, "", "cannot read file: No such file or directory"))

    def test_validate_operator(self):
        self.assertIsNone(inlay.validate_operator(small_gemm()))
        self.assertIsNone(inlay.validate_operator(first_layer_conv(), origin="conv"))


class IsaTest(unittest.TestCase):
    def test_default_isa(self):
        isa = inlay.default_isa()
        self.assertEqual((isa.name, isa.batch, isa.block_in, isa.block_out, isa.macs_per_uop),
                         ("vta-default", 1, 16, 16, 256))
        self.assertEqual((isa.inp_buffer_bytes, isa.wgt_buffer_bytes, isa.acc_buffer_bytes, isa.uop_buffer_bytes),
                         (32768, 262144, 131072, 32768))
        # Depths in buffer entries: 16 int8, 16x16 int8, 16 int32 and one 32-bit micro-op per entry.
        self.assertEqual((isa.inp_depth, isa.wgt_depth, isa.acc_depth, isa.uop_depth), (2048, 1024, 2048, 8192))
        self.assertEqual((isa.bus_bytes, isa.clock_mhz), (8, 100.0))
        self.assertEqual(inlay.read_isa_file(os.path.join(SOURCE_DIR, "isa", "vta-default.json")), isa)
        self.assertEqual(inlay.parse_isa(isa.to_json()), isa)

    def test_vta_isa(self):
        isa = inlay.vta_isa(batch=2, block_out=32, acc_buffer_bytes=262144)
        self.assertEqual((isa.name, isa.batch, isa.block_in, isa.block_out, isa.macs_per_uop),
                         ("vta-2x16x32", 2, 16, 32, 1024))
        self.assertEqual((isa.acc_buffer_bytes, isa.acc_depth), (262144, 262144 // (2 * 32 * 4)))
        self.assertEqual(inlay.parse_isa(isa.to_json()), isa)
        self.assertNotEqual(isa, inlay.default_isa())
        shipped = inlay.read_isa_file(os.path.join(SOURCE_DIR, "isa", "vta-2x16x16.json"))
        self.assertEqual((shipped.batch, shipped.block_in, shipped.block_out), (2, 16, 16))

    def test_isa_errors(self):
        with self.assertRaises(inlay.InputError) as caught:
            inlay.vta_isa(inp_buffer_bytes=1000)
        self.assertEqual(str(caught.exception), "<vta config>: LOG_INP_BUFF_SIZE: 1000 is not a power of two")
        with self.assertRaises(inlay.InputError) as caught:
            inlay.parse_isa('{"LOG_BATCH": "x"}', file="my-isa.json")
        e = caught.exception
        self.assertEqual((e.file, e.path, e.message), ("my-isa.json", "LOG_BATCH", "expected an integer, got a string"))


class SolveTest(unittest.TestCase):
    def check_backends_agree(self, op, top, expected_first):
        gecode = inlay.solve(op, solver="gecode", top=top)
        z3 = inlay.solve(op, inlay.default_isa(), solver="z3", top=top, node_limit=100000, time_limit=60.0)
        for result in (gecode, z3):
            self.assertEqual(result.status, "feasible")
            self.assertTrue(result.optimal)
            self.assertFalse(result.timed_out)
            self.assertFalse(result.node_limit_hit)
            self.assertFalse(result.stopped)
            self.assertEqual(result.explanation, "")
            self.assertEqual(len(result.embeddings), top)
        self.assertEqual([(e.inp_tensor, e.lanes) for e in gecode.embeddings],
                         [(e.inp_tensor, e.lanes) for e in z3.embeddings])
        for a, b in zip(gecode.embeddings, z3.embeddings):
            self.assertTrue(a.same_mapping(b))
            self.assertEqual((a.objective, a.utilization, a.padding_lanes, a.duplication),
                             (b.objective, b.utilization, b.padding_lanes, b.duplication))
        first = gecode.embeddings[0]
        self.assertEqual((first.inp_tensor, first.wgt_tensor, first.lanes), expected_first)
        return first

    def test_gemm(self):
        first = self.check_backends_agree(small_gemm(), 3, ("A", "B", {"b": [], "i": ["k"], "o": ["n"]}))
        self.assertEqual(first.inp_input, 0)
        # k = 40 fills 3 blocks of 16 (8 padding lanes), n = 48 fills 3 exactly, b is one lane of one.
        self.assertEqual(first.padding_lanes, 8)
        self.assertEqual(first.utilization, 15360 / (8 * 3 * 3 * 256))
        self.assertEqual(repr(first), "Embedding(inp=A, wgt=B, b=[], i=[k], o=[n])")

    def test_conv2d(self):
        self.check_backends_agree(first_layer_conv(), 2, ("I", "F", {"b": [], "i": ["c", "r"], "o": ["k"]}))

    def test_node_budget(self):
        """The node budget bounds the search deterministically: 1 node finds nothing, 10 the best without proof."""
        op = small_gemm()
        stopped = inlay.solve(op, node_limit=1)
        self.assertEqual((stopped.status, stopped.node_limit_hit, stopped.timed_out, stopped.stopped,
                          stopped.embeddings), ("unknown", True, False, True, []))
        self.assertEqual(stopped.explanation, "node budget reached before any embedding was found")
        best_so_far = inlay.solve(op, node_limit=10)
        self.assertEqual((best_so_far.status, best_so_far.node_limit_hit), ("unknown", True))
        self.assertEqual(best_so_far.embeddings, inlay.solve(op).embeddings)
        self.assertTrue(inlay.generate(op, node_limit=10).solver_stopped)
        self.assertFalse(inlay.generate(op).solver_stopped)
        with self.assertRaises(inlay.WorkError) as caught:
            inlay.compile(op, node_limit=1)
        self.assertEqual(str(caught.exception),
                         "no embedding of the GEMM intrinsic into 'odd': node budget reached before any embedding was "
                         "found")

    def test_embedding_json(self):
        op = small_gemm()
        embeddings = inlay.solve(op, top=3).embeddings
        first = embeddings[0]
        self.assertEqual(json.loads(first.to_json()),
                         {"roles": {"inp": "A", "wgt": "B"}, "lanes": {"b": [], "i": ["k"], "o": ["n"]},
                          "objective": first.objective, "utilization": first.utilization, "padding_lanes": 8,
                          "duplication": 1.0})
        self.assertEqual([inlay.parse_embedding(e.to_json(), op) for e in embeddings], embeddings)
        self.assertNotEqual(embeddings[1], first)
        self.assertEqual(first.op, op)
        with self.assertRaises(inlay.InputError) as caught:
            inlay.parse_embedding('{"roles": {"inp": "X", "wgt": "B"}, "lanes": {"b": [], "i": ["k"], "o": ["n"]}}',
                                  op, file="cache.json")
        e = caught.exception
        self.assertEqual((e.file, e.path, e.message),
                         ("cache.json", "roles", "expected the inputs of 'odd', A and B, one per role"))

    def test_option_errors(self):
        with self.assertRaises(inlay.InputError) as caught:
            inlay.solve(small_gemm(), solver="cplex")
        e = caught.exception
        self.assertEqual((e.file, e.path, e.message),
                         ("<options>", "solver", "unknown solver 'cplex' (expected gecode or z3)"))
        with self.assertRaises(inlay.InputError) as caught:
            inlay.solve(small_gemm(), top=0)
        self.assertEqual(str(caught.exception), "<options>: top: must be at least 1")
        with self.assertRaises(inlay.InputError) as caught:
            inlay.generate(small_gemm(), node_limit=0)
        self.assertEqual(str(caught.exception), "<options>: node-limit: must be at least 1")
        with self.assertRaises(inlay.InputError) as caught:
            inlay.compile(small_gemm(), strategy="best")
        self.assertEqual(str(caught.exception),
                         "<options>: strategy: unknown strategy 'best' (expected csp, fixed or reference)")


class PipelineTest(unittest.TestCase):
    """compile, simulate and verify against the C++ side's numbers for the same operator."""

    def check_against_cli(self, op, strategy):
        compiled = inlay.compile(op, strategy=strategy)
        generated, program = compiled.generated, compiled.program
        self.assertEqual(program.strategy, strategy)
        self.assertEqual(program.op, op)
        self.assertTrue(compiled.verified)
        verified = inlay.verify(program, seed=1)
        self.assertTrue(verified.verified)
        self.assertEqual((verified.mismatches, verified.first_mismatch, verified.expected, verified.actual),
                         (0, None, None, None))
        self.assertIsNone(verified.error)
        self.assertIsNone(verified.fault)
        self.assertEqual((compiled.verification.verified, compiled.verification.mismatches), (True, 0))
        timing = inlay.simulate(program)
        self.assertIsNone(timing.fault)
        self.assertEqual(timing.stats.cycles, verified.stats.cycles)
        self.assertEqual(compiled.cycles, verified.stats.cycles)

        cli = cli_run(op, strategy)
        stats = verified.stats
        dma = stats.dma_bytes
        self.assertEqual((cli["format"], cli["verified"]), ("inlay-run", True))
        self.assertEqual((stats.cycles, stats.gemm_uops, stats.alu_uops, stats.instructions),
                         (cli["cycles"], cli["gemm_uops"], cli["alu_uops"], cli["instructions"]))
        self.assertEqual(program.instruction_count, stats.instructions)
        self.assertEqual(list(dma.items()), list(cli["dma_bytes"].items()))  # the same keys in the same order
        self.assertEqual(inlay.bound_cycles(op), cli["bound_cycles"])
        self.assertEqual(inlay.floor_cycles(op), cli["floor_cycles"])
        return generated, verified

    def test_gemm_csp_and_fixed(self):
        op = small_gemm()
        csp, csp_run = self.check_against_cli(op, "csp")
        fixed, fixed_run = self.check_against_cli(op, "fixed")
        self.assertEqual(csp.embedding.lanes, {"b": [], "i": ["k"], "o": ["n"]})
        self.assertEqual(csp.embedding_rank, 1)  # the solver's best, ranked from 1 as in the JSON documents
        self.assertEqual(fixed.embedding.lanes, {"b": ["n"], "i": ["k"], "o": ["m"]})
        self.assertIsNone(fixed.embedding_rank)
        self.assertLess(csp_run.stats.cycles, fixed_run.stats.cycles)
        # Every GEMM micro-op does one 1x16x16 block: 8 rows x 3 k-blocks x 3 n-blocks.
        self.assertEqual(csp_run.stats.gemm_uops, 8 * 3 * 3)

    def test_conv2d_csp_and_fixed(self):
        op = first_layer_conv()
        csp, csp_run = self.check_against_cli(op, "csp")
        fixed, fixed_run = self.check_against_cli(op, "fixed")
        self.assertEqual(fixed.embedding.lanes, {"b": ["n"], "i": ["c"], "o": ["k"]})
        self.assertLess(csp_run.stats.cycles, fixed_run.stats.cycles)

    def test_generate_is_the_first_candidate(self):
        op = first_layer_conv()
        candidates = inlay.generate_candidates(op, strategy="csp", candidates=2)
        first = inlay.generate(op, strategy="csp", candidates=2)
        self.assertGreaterEqual(len(candidates), 2)
        self.assertEqual(first.embedding.lanes, candidates[0].embedding.lanes)
        self.assertEqual(first.program.manifest(), candidates[0].program.manifest())
        for g in candidates:
            self.assertTrue(inlay.verify(g.program).verified)
        best = inlay.compile(op, strategy="csp", candidates=2, verify=False)
        self.assertEqual(best.generated.candidates_tried, len(candidates))
        fewest = min(inlay.simulate(g.program).stats.cycles for g in candidates)
        self.assertEqual((best.cycles, best.stats.cycles), (fewest, fewest))
        self.assertEqual((best.verified, best.verification), (False, None))

    def test_simulate_modes(self):
        program = inlay.generate(small_gemm()).program
        timing = inlay.simulate(program)
        functional = inlay.simulate(program, functional=True, seed=7)
        self.assertEqual(functional.stats.cycles, timing.stats.cycles)
        self.assertEqual(functional.stats.dma_bytes, timing.stats.dma_bytes)
        self.assertEqual(set(timing.stats.busy_cycles), {"load", "compute", "store"})
        interleaved = inlay.simulate(program, functional=True, interleave_seed=5)
        self.assertIsNone(interleaved.fault)
        self.assertEqual(interleaved.stats.cycles, 0)
        self.assertEqual(interleaved.stats.gemm_uops, timing.stats.gemm_uops)

    def test_custom_isa(self):
        isa = inlay.vta_isa(batch=2, block_in=8, block_out=8, wgt_buffer_bytes=65536)
        compiled = inlay.compile(small_gemm(), isa, strategy="csp", seed=3)
        self.assertEqual(compiled.program.isa, isa)
        self.assertTrue(compiled.verified)
        self.assertGreaterEqual(compiled.stats.gemm_uops * isa.macs_per_uop, small_gemm().macs)
        self.assertTrue(inlay.verify(compiled.program, seed=3).verified)


class ProgramDirectoryTest(unittest.TestCase):
    def test_write_and_read_back(self):
        op = first_layer_conv()
        program = inlay.compile(op).program
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "prog")
            program.write(out)
            self.assertEqual(sorted(os.listdir(out)), ["insns.bin", "manifest.json", "uops.bin"])
            self.assertEqual(os.path.getsize(os.path.join(out, "insns.bin")), 16 * program.instruction_count)
            self.assertEqual(os.path.getsize(os.path.join(out, "uops.bin")), 4 * program.uop_count)
            with open(os.path.join(out, "manifest.json")) as f:
                self.assertEqual(json.load(f), json.loads(program.manifest()))
            back = inlay.read_program(out)
        self.assertEqual((back.instruction_count, back.uop_count, back.dram_bytes, back.strategy),
                         (program.instruction_count, program.uop_count, program.dram_bytes, program.strategy))
        self.assertEqual(back.op, op)
        self.assertEqual(back.isa, program.isa)
        self.assertEqual(back.manifest(), program.manifest())
        self.assertEqual(inlay.verify(back).stats.cycles, inlay.verify(program).stats.cycles)
        self.assertTrue(inlay.verify(back).verified)

    def test_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(inlay.InputError) as caught:
                inlay.read_program(tmp)
            e = caught.exception
            self.assertEqual((e.file, e.path, e.message),
                             (os.path.join(tmp, "manifest.json"), "", "cannot read file: No such file or directory"))
            blocker = os.path.join(tmp, "file")
            open(blocker, "w").close()
            program = inlay.generate(small_gemm()).program
            with self.assertRaises(inlay.WorkError) as caught:
                program.write(os.path.join(blocker, "prog"))
            self.assertEqual(str(caught.exception),
                             f"cannot create directory {os.path.join(blocker, 'prog')}: Not a directory")
            self.assertIsInstance(caught.exception, inlay.Error)
            self.assertNotIsInstance(caught.exception, ValueError)
        self.assertTrue(issubclass(inlay.InternalError, inlay.Error))


class ThreadTest(unittest.TestCase):
    def test_threads_give_serial_results(self):
        """solve, generate, compile and verify release the GIL; results on two threads equal the serial ones."""
        ops = [small_gemm(), first_layer_conv(), inlay.gemm(16, 64, 32), inlay.conv2d(C=16, H=6, W=6, K=32, R=3, S=3)]

        def run(op):
            compiled = inlay.compile(op)
            v = inlay.verify(inlay.generate(op).program)
            return (inlay.solve(op).embeddings[0].lanes, compiled.generated.embedding.lanes, compiled.verified,
                    compiled.cycles, v.verified, v.stats.cycles)

        serial = [run(op) for op in ops]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            threaded = list(pool.map(run, ops * 2))
        self.assertEqual(threaded, serial * 2)
        self.assertTrue(all(r[2] and r[4] for r in serial))


if __name__ == "__main__":
    unittest.main()
