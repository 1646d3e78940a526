// Inlay's quick start (docs/quickstart.md): one include, one call from an in-memory operator to a verified program.
#include <inlay/inlay.h>

#include <iostream>

int main() {
  // ResNet's first convolution on a 32×32 image: 3 input channels, which TVM's VTA flow leaves to the CPU.
  inlay::Operator conv = inlay::conv2dOperator(
      {.N = 1, .C = 3, .H = 32, .W = 32, .K = 64, .R = 7, .S = 7, .strideH = 2, .strideW = 2, .padH = 3, .padW = 3});
  inlay::Compiled result = inlay::compile(conv, inlay::defaultIsa());

  std::cout << conv.name << ": " << result.cycles << " cycles, "
            << (result.verified ? "verified bit-exact" : "MISMATCH") << "\n";
  return result.verified ? 0 : 1;
}
