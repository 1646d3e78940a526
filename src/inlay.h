// Inlay's public API in one include: operators (built in memory or read from specs), ISAs, the embedding solver,
// code generation, the simulator and verification, and compile(), the one call from an operator to a verified
// program and its cycles. See docs/quickstart.md and docs/library.md.
#pragma once

#include "inlay/bench/compile.h"
#include "inlay/codegen/generate.h"
#include "inlay/ir/builders.h"
#include "inlay/ir/error.h"
#include "inlay/ir/expected.h"
#include "inlay/ir/operator.h"
#include "inlay/ir/operator_print.h"
#include "inlay/ir/reference.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/isa/encoding.h"
#include "inlay/isa/isa.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/program/program.h"
#include "inlay/program/program_io.h"
#include "inlay/program/relocate.h"
#include "inlay/sim/dram.h"
#include "inlay/sim/program_checks.h"
#include "inlay/sim/simulator.h"
#include "inlay/sim/verify.h"
#include "inlay/solver/checker.h"
#include "inlay/solver/embedding.h"
#include "inlay/solver/embedding_io.h"
#include "inlay/solver/solve.h"
#include "inlay/version.h"
