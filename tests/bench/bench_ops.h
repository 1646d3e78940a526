// Operators for the bench tests, written as specs and read by the spec reader (so they follow its conventions).
#pragma once

#include <string>

#include "inlay/ir/operator.h"
#include "inlay/ir/spec_reader.h"

namespace inlay::test {

inline Operator opFromSpec(const std::string& json) { return parseOperators(json, "<test>").at(0); }

inline Operator convSpec(const std::string& name, int n, int c, int h, int w, int k, int r, int s, int stride,
                         int pad) {
  return opFromSpec(R"({"name": ")" + name + R"(", "op": "conv2d", "shape": {"N": )" + std::to_string(n) + ", \"C\": " +
                    std::to_string(c) + ", \"H\": " + std::to_string(h) + ", \"W\": " + std::to_string(w) +
                    ", \"K\": " + std::to_string(k) + ", \"R\": " + std::to_string(r) +
                    ", \"S\": " + std::to_string(s) + "}, \"stride\": [" + std::to_string(stride) + ", " +
                    std::to_string(stride) + "], \"pad\": [" + std::to_string(pad) + ", " + std::to_string(pad) + "]}");
}

inline Operator gemmSpec(const std::string& name, int m, int n, int k) {
  return opFromSpec(R"({"name": ")" + name + R"(", "op": "gemm", "shape": {"M": )" + std::to_string(m) +
                    ", \"N\": " + std::to_string(n) + ", \"K\": " + std::to_string(k) + "}}");
}

}  // namespace inlay::test
