// Tests of the shipped ISAs compiled into the library (src/isa/shipped_isa.h): exactly the files of isa/, each
// identical to reading its file, and an unknown name rejected with the list of names.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "inlay/ir/error.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/isa/shipped_isa.h"

using namespace inlay;

TEST_CASE("shippedIsaNames: one per isa/*.json, sorted") {
  const std::vector<std::string> expected{"vta-1x32x32", "vta-1x8x8", "vta-2x16x16", "vta-default"};
  CHECK(shippedIsaNames() == expected);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(INLAY_SOURCE_DIR) + "/isa"))
    if (e.path().extension() == ".json") files.push_back(e.path().stem().string());
  std::sort(files.begin(), files.end());
  CHECK(files == expected);  // a new file in isa/ is embedded too
  for (const std::string& name : expected) CHECK(isShippedIsa(name));
  CHECK_FALSE(isShippedIsa("vta-1x16x16"));
  CHECK_FALSE(isShippedIsa("vta-default.json"));
  CHECK_FALSE(isShippedIsa(""));
}

TEST_CASE("shippedIsa: the same ISA as its file, named after it") {
  for (const std::string& name : shippedIsaNames()) {
    CAPTURE(name);
    const Isa shipped = shippedIsa(name);
    CHECK(shipped.name == name);
    CHECK(isaToJson(shipped) == isaToJson(readIsaFile(std::string(INLAY_SOURCE_DIR) + "/isa/" + name + ".json")));
  }
  CHECK(isaToJson(shippedIsa("vta-default")) == isaToJson(defaultIsa()));
  CHECK(shippedIsa("vta-2x16x16").batch() == 2);
}

TEST_CASE("shippedIsa: an unknown name is an input error listing the shipped ISAs") {
  std::string message;
  try {
    shippedIsa("tpu-v4");
  } catch (const InputError& e) {
    message = e.what();
  }
  CHECK(message ==
        "isa/tpu-v4.json: not a shipped ISA; the shipped ISAs are vta-1x32x32, vta-1x8x8, vta-2x16x16, vta-default");
}
