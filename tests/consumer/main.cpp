// Links the installed Inlay library: lowers a GEMM spec and checks it against the built-in ISA. Exit 0 on success.
#include <iostream>

#include <nlohmann/json.hpp>

#include "inlay/ir/reference.h"
#include "inlay/ir/spec_reader.h"
#include "inlay/isa/isa.h"

int main() {
  inlay::Isa isa = inlay::defaultIsa();
  auto ops = inlay::parseOperators(R"({"name": "tiny", "op": "gemm", "shape": {"M": 2, "N": 2, "K": 2}})", "<string>");
  inlay::Tensor8 a{{2, 2}, {1, 2, 3, 4}}, b{{2, 2}, {5, 6, 7, 8}};
  inlay::Tensor8 c = inlay::referenceRun(ops.at(0), a, b);
  bool ok = isa.macsPerUop() == 256 && ops.at(0).macs() == 8 && c.data == std::vector<int8_t>{19, 22, 43, 50};
  std::cout << "consumer: " << isa.name << " " << isa.macsPerUop() << " MACs/uop; " << ops.at(0).name << " "
            << ops.at(0).macs() << " MACs; " << (ok ? "ok" : "WRONG") << "\n";
  return ok ? 0 : 1;
}
