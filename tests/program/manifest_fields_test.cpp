// Tests of the rule that keeps a program directory's files inside it (src/program/manifest_fields.h): relative paths
// of plain names only, and no symbolic link that leads out.
#include <doctest/doctest.h>

#include <filesystem>

#include <unistd.h>

#include "inlay/ir/error.h"
#include "inlay/ir/file_io.h"
#include "inlay/program/manifest_fields.h"

using namespace inlay;
namespace fs = std::filesystem;

namespace {

std::string refusal(const std::string& dir, const std::string& file) {
  try {
    manifest::fileInDir(dir, file, {"m.json", "data.inputs[0].file"});
  } catch (const InputError& e) {
    return e.message();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("fileInDir: relative paths of plain names inside DIR, resolved through symbolic links") {
  const fs::path root = fs::temp_directory_path() / ("inlay_manifest_fields_" + std::to_string(::getpid()));
  fs::remove_all(root);
  const fs::path dir = root / "prog";
  fs::create_directories(dir / "data");
  writeFileAtomic((root / "secret").string(), "outside");
  const std::string d = dir.string();

  CHECK(manifest::fileInDir(d, "data/A.bin", {"m.json", "x"}) == d + "/data/A.bin");
  CHECK(refusal(d, "insns.bin") == "accepted");
  CHECK(refusal(d, "data/not_yet_written.bin") == "accepted");  // existence is checked when it is read
  const std::string notPlain =
      "' is not a relative path of plain names ([A-Za-z0-9_.-], no '.' or '..') inside the program directory";
  for (const std::string bad : {"/etc/passwd", "../secret", "data/../../secret", "./insns.bin", "data//A.bin", "data/",
                                "", "data\\A.bin", "a b"})
    CHECK(refusal(d, bad) == "'" + bad + notPlain);

  fs::create_symlink(root / "secret", dir / "data" / "out.bin");  // a link out of DIR
  CHECK(refusal(d, "data/out.bin") ==
        "'data/out.bin' resolves to " + fs::canonical(root / "secret").string() + ", outside the program directory");
  fs::create_symlink(root, dir / "up");  // a directory link out of DIR, followed by a plain name
  CHECK(refusal(d, "up/secret").ends_with(", outside the program directory"));
  fs::create_symlink("../data", dir / "data" / "again");  // a link that stays inside
  CHECK(refusal(d, "data/again/A.bin") == "accepted");
  fs::remove_all(root);
}
