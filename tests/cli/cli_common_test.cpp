// Unit tests of the CLI machinery (src/cli/cli_common.h): option tables, typed values, defaults and the
// exception → exit-code mapping.
#include <doctest/doctest.h>

#include <sstream>

#include "cli/cli_common.h"
#include "cli/suggest.h"
#include "inlay/ir/error.h"

using namespace inlay;
using namespace inlay::cli;

namespace {

CommandSpec demoSpec() {
  return {
      "demo",
      "A demo command.",
      {{.name = "input", .valueName = "IN", .description = "input", .positional = true},
       {.name = "count",
        .shortName = 'n',
        .type = OptionType::Int,
        .defaultValue = "3",
        .valueName = "N",
        .description = "how many",
        .positive = true},
       {.name = "ratio", .type = OptionType::Real, .valueName = "R", .description = "a ratio"},
       {.name = "mode", .defaultValue = "fast", .valueName = "M", .description = "mode", .choices = {"fast", "slow"}},
       {.name = "loud", .type = OptionType::Flag, .description = "be loud"},
       {.name = "colours",
        .defaultValue = "red,blue",
        .valueName = "LIST",
        .description = "colours",
        .choices = {"red", "green", "blue"},
        .list = true}}};
}

std::string usageError(const std::vector<std::string>& args) {
  try {
    parseArgs(demoSpec(), args);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("parseArgs applies defaults and reads typed values") {
  ParsedArgs a = parseArgs(demoSpec(), {"in.json"});
  CHECK(a.text("input") == "in.json");
  CHECK(a.integer("count") == 3);
  CHECK_FALSE(a.has("ratio"));
  CHECK(a.text("mode") == "fast");
  CHECK_FALSE(a.flag("loud"));
  ParsedArgs b = parseArgs(demoSpec(), {"-n", "7", "--ratio=0.5", "x", "--mode", "slow", "--loud"});
  CHECK(b.text("input") == "x");
  CHECK(b.integer("count") == 7);
  CHECK(b.real("ratio") == 0.5);
  CHECK(b.text("mode") == "slow");
  CHECK(b.flag("loud"));
  CHECK(parseArgs(demoSpec(), {"--help"}).helpRequested());
  CHECK_THROWS_AS(b.integer("ratio"), InternalError);  // asking with the wrong type is a bug
}

TEST_CASE("parseArgs usage errors name the option") {
  CHECK(usageError({}) == "command line: IN: missing argument (see inlay demo --help)");
  CHECK(usageError({"x", "--count", "-2"}) == "command line: --count: must be positive, got -2");
  CHECK(usageError({"x", "--count", "2x"}) == "command line: --count: expects an integer, got '2x'");
  CHECK(usageError({"x", "--ratio", "nan"}) == "command line: --ratio: expects a number, got 'nan'");
  CHECK(usageError({"x", "--mode", "medium"}) == "command line: --mode: expects one of fast, slow, got 'medium'");
  CHECK(usageError({"x", "--mode", "slwo"}) ==
        "command line: --mode: expects one of fast, slow, got 'slwo'; did you mean 'slow'?");
  CHECK(usageError({"x", "--cuont", "2"}) == "command line: --cuont: unknown option; did you mean '--count'?");
  CHECK(usageError({"x", "--cou", "2"}) == "command line: --cou: unknown option; did you mean '--count'?");
  CHECK(usageError({"x", "--hlep"}) == "command line: --hlep: unknown option; did you mean '--help'?");
  CHECK(usageError({"x", "--volume", "2"}) == "command line: --volume: unknown option (see inlay demo --help)");
  CHECK(usageError({"x", "-q"}) == "command line: -q: unknown option (see inlay demo --help)");
  CHECK(usageError({"x", "--colours", "red,gren"}) ==
        "command line: --colours: expects a comma-separated subset of red, green, blue, got 'red,gren'; did you "
        "mean 'green'?");
  CHECK(usageError({"x", "--colours", ""}) ==
        "command line: --colours: expects a comma-separated subset of red, green, blue, got ''");
  CHECK(usageError({"x", "--colours", "red,,blue"}) ==
        "command line: --colours: expects a comma-separated subset of red, green, blue, got 'red,,blue'");
  CHECK(usageError({"x", "--colours", "blue,red,blue"}) ==
        "command line: --colours: names 'blue' twice in 'blue,red,blue'");
}

TEST_CASE("list options: a subset of the choices, returned in the choices' order") {
  CHECK(parseArgs(demoSpec(), {"x"}).list("colours") == std::vector<std::string>{"red", "blue"});
  CHECK(parseArgs(demoSpec(), {"x", "--colours", "blue,green"}).list("colours") ==
        std::vector<std::string>{"green", "blue"});
  CHECK(parseArgs(demoSpec(), {"x", "--colours=green"}).list("colours") == std::vector<std::string>{"green"});
  CHECK_THROWS_AS(parseArgs(demoSpec(), {"x"}).list("mode"), InternalError);  // not a list option
}

TEST_CASE("editDistance and closestMatch: the did-you-mean search") {
  CHECK(editDistance("", "") == 0);
  CHECK(editDistance("embd", "embed") == 1);   // deletion
  CHECK(editDistance("bnech", "bench") == 1);  // adjacent swap
  CHECK(editDistance("stratgy", "strategy") == 1);
  CHECK(editDistance("kitten", "sitting") == 3);
  CHECK(editDistance("ca", "abc") == 3);  // optimal string alignment: no edit of a swapped pair
  const std::vector<std::string> commands{"embed", "gen", "sim", "run", "bench", "show"};
  CHECK(closestMatch("embd", commands) == "embed");
  CHECK(closestMatch("sum", commands) == "sim");  // 1 edit; ties go to the earlier candidate ("run" is 2)
  CHECK(closestMatch("shw", commands) == "show");
  CHECK(closestMatch("frobnicate", commands).empty());
  CHECK(closestMatch("gne", commands) == "gen");
  CHECK(closestMatch("xyz", commands).empty());    // 3 edits from every 3-letter command
  CHECK(closestMatch("be", commands) == "bench");  // an abbreviation
  CHECK(closestMatch("b", commands).empty());      // too short to abbreviate
  CHECK(didYouMean("embd", commands) == "; did you mean 'embed'?");
  CHECK(didYouMean("frobnicate", commands).empty());
}

TEST_CASE("helpText lists every option with its default") {
  std::string help = helpText(demoSpec());
  CHECK(help.rfind("usage: inlay demo IN [options]\n\nA demo command.\n", 0) == 0);
  CHECK(help.find("  -n, --count N   how many [default: 3]\n") != std::string::npos);
  CHECK(help.find("  --mode M        mode (fast|slow) [default: fast]\n") != std::string::npos);
  CHECK(help.find("  --colours LIST  colours (comma-separated: red,green,blue) [default: red,blue]\n") !=
        std::string::npos);
}

TEST_CASE("runCommand maps exceptions to exit codes and one stderr line") {
  auto run = [](const std::function<int(const ParsedArgs&)>& body, std::string& errText) {
    std::ostringstream out, err;
    int code = runCommand(demoSpec(), {"x"}, out, err, body);
    errText = err.str();
    return code;
  };
  std::string err;
  CHECK(run([](const ParsedArgs&) -> int { throw InputError("f.json", "shape.K", "bad"); }, err) == 2);
  CHECK(err == "inlay demo: f.json: shape.K: bad\n");
  CHECK(run([](const ParsedArgs&) -> int { throw WorkError("no embedding"); }, err) == 1);
  CHECK(err == "inlay demo: no embedding\n");
  CHECK(run(
            [](const ParsedArgs&) -> int {
              INLAY_CHECK(false, "oops");
              return 0;
            },
            err) == 1);
  CHECK(err.rfind("inlay demo: internal error at ", 0) == 0);
  CHECK(run([](const ParsedArgs&) -> int { throw std::runtime_error("disk full"); }, err) == 1);
  CHECK(err == "inlay demo: disk full\n");
  CHECK(run([](const ParsedArgs&) { return 0; }, err) == 0);
  CHECK(err.empty());
}
