// The quick start in a host compiled with -fno-exceptions: the try* calls return errors as values.
#include <inlay/inlay.h>

#include <iostream>

int main() {
  inlay::Operator conv = inlay::conv2dOperator(
      {.N = 1, .C = 3, .H = 32, .W = 32, .K = 64, .R = 7, .S = 7, .strideH = 2, .strideW = 2, .padH = 3, .padW = 3});
  inlay::Expected<inlay::Compiled> result = inlay::tryCompile(conv, inlay::defaultIsa());
  if (!result) {
    std::cerr << result.error().message << "\n";
    return 1;
  }
  std::cout << conv.name << " (no exceptions): " << result->cycles << " cycles, "
            << (result->verified ? "verified bit-exact" : "MISMATCH") << "\n";

  // A mistake is reported, not thrown: shift 40 is out of range.
  conv.epilogue.shift = 40;
  inlay::Expected<inlay::Compiled> bad = inlay::tryCompile(conv, inlay::defaultIsa());
  if (bad || bad.error().kind != inlay::ErrorKind::Input || bad.error().path != "requant.shift") return 1;
  std::cout << "bad input: " << bad.error().message << "\n";
  return result->verified ? 0 : 1;
}
