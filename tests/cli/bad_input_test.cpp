// The bad-input table: malformed operator specs and ISA files (data files under tests/cli/bad/) run through the
// built `inlay` binary (show, gen, embed). Each must exit 2 with one message naming the file and the JSON path, write
// nothing, and neither crash nor hang.
#include <doctest/doctest.h>

#include <filesystem>

#include "run_inlay.h"

using inlay_test::runInlay;
namespace fs = std::filesystem;

namespace {

struct BadInput {
  const char* file;     // under tests/cli/bad/
  bool isIsa;           // passed as --isa (with a valid operator) instead of as the operator spec
  const char* path;     // the JSON path the message must name ("" for the whole document)
  const char* message;  // a substring of the message after the path
};

const BadInput kBadInputs[] = {
    {"invalid_json.json", false, "",
     "invalid JSON: parse error at line 1, column 33: syntax error while parsing object key"},
    {"empty_file.json", false, "", "invalid JSON: parse error at line 1, column 1"},
    {"not_an_object.json", false, "", "expected an object, got an array"},
    {"missing_op.json", false, "op", "missing field"},
    {"unknown_op.json", false, "op", "unknown op 'matmul' (expected gemm, conv2d or loopnest)"},
    {"op_not_string.json", false, "op", "expected a string, got an integer"},
    {"gemm_missing_dim.json", false, "shape.K", "missing field"},
    {"gemm_zero_dim.json", false, "shape.K", "must be positive, got 0"},
    {"gemm_negative_dim.json", false, "shape.M", "must be positive, got -4"},
    {"gemm_float_dim.json", false, "shape.N", "expected an integer, got a non-integer number (2.5)"},
    {"gemm_string_dim.json", false, "shape.N", "expected an integer, got a string"},
    {"gemm_shape_not_object.json", false, "shape", "expected an object, got an array"},
    {"gemm_misspelled_field.json", false, "requnt", "unknown field (did you mean 'requant'?)"},
    {"gemm_misspelled_dim.json", false, "shape.k", "unknown field (did you mean 'K'?)"},
    {"gemm_mac_overflow.json", false, "shape", "the MAC count overflows 64 bits"},
    {"shift_out_of_range.json", false, "requant.shift", "must be in [0, 31], got 40"},
    {"conv_stride_zero.json", false, "stride[0]", "must be positive, got 0"},
    {"conv_stride_one_value.json", false, "stride", "expected [h, w], got 1 values"},
    {"conv_negative_pad.json", false, "pad[0]", "must be ≥ 0, got -1"},
    {"conv_no_output.json", false, "shape.R", "the filter height 5 exceeds the padded input height 3: no output"},
    {"conv_pad_overflow.json", false, "pad[0]", "the padded input height overflows 64 bits"},
    {"conv_groups_indivisible.json", false, "groups", "C = 6 is not divisible by groups = 4"},
    {"conv_groups_zero.json", false, "groups", "must be positive, got 0"},
    {"conv_tensor_overflow.json", false, "shape", "the element count of tensor I overflows 64 bits"},
    {"loopnest_malformed_affine.json", false, "inputs[0].index[2]",
     "malformed affine expression \"p+*r\": unexpected '*'"},
    {"loopnest_unknown_dim.json", false, "inputs[0].index[2]", "unknown dim 'x' in \"p+x\""},
    {"loopnest_product_of_dims.json", false, "inputs[0].index[2]", "product of two dims is not affine"},
    {"loopnest_reduction_in_output.json", false, "out.index[1]", "uses reduction dim 'c'"},
    {"loopnest_output_negative.json", false, "out.index[2]", "takes negative values (down to -1)"},
    {"loopnest_unknown_reduce.json", false, "reduce[2]", "unknown dim 'z'"},
    {"loopnest_one_input.json", false, "inputs", "expected exactly two inputs, got 1"},
    {"loopnest_index_overflow.json", false, "out.index[2]", "index values overflow 64 bits"},
    {"suite_empty.json", false, "operators", "a suite needs at least one operator"},
    {"suite_bad_member.json", false, "operators[1].shape.K", "must be positive, got -2"},
    {"no_such_file.json", false, "", "cannot read file"},
    // 100,000 nested arrays: refused while parsing, at the first level past the bound, before anything recurses.
    // Found by fuzz/spec_fuzzer (UBSan: hi + 1 overflowed while deriving the shape).
    {"loopnest_index_int64_max.json", false, "out.index[0]",
     "reaches 9223372036854775807: the derived shape overflows 64 bits"},
    {"deep_nesting.json", false,
     "shape.M[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]",
     "nested deeper than 32 levels of arrays and objects"},
    {"number_out_of_range.json", false, "shape.K", "the number 1e999 is outside the range of a double"},
    {"nul_then_garbage.json", false, "", "invalid JSON: a NUL byte at line 1, column 53"},
    {"isa_block_not_power_of_two.json", true, "gemm.extents.i", "12 is not a power of two"},
    {"isa_buffer_too_small.json", true, "LOG_WGT_BUFF_SIZE", "a 128-byte buffer cannot hold one 256-byte WGT element"},
    {"isa_unknown_field.json", true, "LOG_BLOKC_IN", "unknown field (did you mean 'LOG_BLOCK_IN'?)"},
    {"isa_wrong_type.json", true, "bus_bytes", "expected an integer, got a string"},
    {"isa_encoding_overflow.json", true, "LOG_ACC_BUFF_SIZE", "need 66 bits of the GEMM word 1"},
    {"isa_invalid_json.json", true, "", "invalid JSON"},
    {"isa_timing_negative.json", true, "timing.dma_row_latency", "must be in [0, 1000000000], got -3"},
    {"isa_number_out_of_range.json", true, "clock_mhz", "the number -1e999 is outside the range of a double"},
    {"isa_deep_nesting.json", true,
     "gemm.extents[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]",
     "nested deeper than 32 levels of arrays and objects"},
};

const std::string kBadDir = std::string(INLAY_SOURCE_DIR) + "/tests/cli/bad/";
const std::string kGoodSpec = std::string(INLAY_SOURCE_DIR) + "/operators/examples/ds_conv1.json";

}  // namespace

// Each bad input goes through every command that reads specs and ISAs: `show -o FILE` and `gen -o DIR` must not
// create their outputs, `embed` must fail before solving.
TEST_CASE("every bad input exits 2 with a message naming the file and the JSON path, writing nothing") {
  CHECK(std::size(kBadInputs) >= 25);
  const fs::path out = fs::temp_directory_path() / ("inlay_bad_input_" + std::to_string(::getpid()));
  for (const BadInput& b : kBadInputs) {
    const std::string file = kBadDir + b.file;
    for (const std::string command : {"show", "gen", "embed"}) {
      CAPTURE(file);
      CAPTURE(command);
      std::vector<std::string> args = b.isIsa ? std::vector<std::string>{command, kGoodSpec, "--isa", file}
                                              : std::vector<std::string>{command, file};
      if (command != "embed") args.insert(args.end(), {"-o", out.string()});
      auto r = runInlay(args);
      CHECK(r.exitCode == 2);
      const std::string prefix = "inlay " + command + ": " + file + ": " + (*b.path ? std::string(b.path) + ": " : "");
      CHECK_MESSAGE(r.err.rfind(prefix, 0) == 0, r.err);
      CHECK_MESSAGE(r.err.find(b.message, prefix.size()) != std::string::npos, r.err);
      CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
      CHECK(r.out.empty());
      CHECK_FALSE(fs::exists(out));
    }
  }
}

TEST_CASE("every bad-input data file is in the table") {
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kBadDir)) {
    bool listed = false;
    for (const BadInput& b : kBadInputs) listed = listed || entry.path().filename() == b.file;
    CHECK_MESSAGE(listed, entry.path().string());
    ++files;
  }
  CHECK(files + 1 == std::size(kBadInputs));  // no_such_file.json is deliberately absent
}
