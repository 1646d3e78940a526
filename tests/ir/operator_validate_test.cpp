// validateOperator: an operator built in memory is held to the spec reader's rules, with the field named.
#include <doctest/doctest.h>

#include "inlay/ir/error.h"
#include "inlay/ir/operator.h"
#include "inlay/ir/spec_reader.h"

using namespace inlay;

namespace {

Operator smallGemm() {
  return parseOperators(R"({"name": "g", "op": "gemm", "shape": {"M": 4, "N": 5, "K": 6}})", "<test>").at(0);
}

/// The "path: message" part of the InputError validateOperator throws for `op`.
std::string failure(const Operator& op) {
  try {
    validateOperator(op);
  } catch (const InputError& e) {
    CHECK(e.file() == "<operator>");
    return e.path() + ": " + e.message();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("validateOperator: accepts what the spec reader produces") {
  CHECK(failure(smallGemm()) == "accepted");
  CHECK_NOTHROW(validateOperator(smallGemm(), "ops.json"));
}

TEST_CASE("validateOperator: names the offending field") {
  Operator op = smallGemm();
  op.inputs[1].index[0].coeffs.pop_back();
  CHECK(failure(op) == "inputs[1].index[0]: has 2 coefficients for 3 dims");

  op = smallGemm();
  op.dims[1].name = "m";
  CHECK(failure(op) == "dims[1].name: dim 'm' is declared twice");

  op = smallGemm();
  op.epilogue.shift = 40;
  CHECK(failure(op) == "requant.shift: must be in [0, 31], got 40");

  op = smallGemm();
  op.dims[2].extent = 0;
  CHECK(failure(op) == "dims[2].extent: must be positive, got 0");

  op = smallGemm();
  op.out.shape[0] = 3;  // m reaches 3
  CHECK(failure(op) == "out.index[0]: reaches 3, outside the output shape 3");

  op = smallGemm();
  op.inputs[0].shape.pop_back();
  CHECK(failure(op) == "inputs[0].shape: has 1 entries but index has 2");

  op = smallGemm();
  op.inputs[1].tensor = "A";
  CHECK(failure(op) == "inputs[1].tensor: tensor name 'A' is used twice");

  op = smallGemm();
  op.dims[2].reduction = false;  // k is then a parallel dim missing from the output
  CHECK(failure(op) == "reduce: dim 'k' appears in no output index; list it in reduce");

  op = smallGemm();
  op.dims[0].extent = int64_t{1} << 40;
  op.dims[1].extent = int64_t{1} << 40;
  op.out.shape = {int64_t{1} << 40, int64_t{1} << 40};
  CHECK(failure(op) == "out.shape: the element count of tensor C overflows 64 bits");
}

TEST_CASE("Operator equality is structural") {
  CHECK(smallGemm() == smallGemm());
  Operator other = smallGemm();
  other.inputs[0].index[1].constant = 1;
  CHECK_FALSE(other == smallGemm());
}
