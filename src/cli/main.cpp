// The `inlay` command line (docs/cli.md): dispatches to one subcommand per file (cli/commands.h) and handles
// the top-level --help and --version. Exit codes: 0 success, 1 the work failed, 2 bad input or usage.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/suggest.h"
#include "inlay/version.h"

namespace {

using namespace inlay::cli;

struct Subcommand {
  CommandSpec (*spec)();
  int (*run)(const Args&, std::ostream&, std::ostream&);
};

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> table{{embedSpec, cmdEmbed}, {genSpec, cmdGen},     {simSpec, cmdSim},
                                             {runSpec, cmdRun},     {benchSpec, cmdBench}, {dseSpec, cmdDse},
                                             {showSpec, cmdShow}};
  return table;
}

void printUsage(std::ostream& out) {
  out << "usage: inlay <command> [options]   (inlay <command> --help for its options)\n\n"
         "Embeds accelerator (VTA) GEMM instructions into DNN operators by constraint solving, generates the\n"
         "instruction stream, and verifies and scores it in a bundled simulator.\n\ncommands:\n";
  for (const Subcommand& c : subcommands()) {
    CommandSpec spec = c.spec();
    out << "  " << spec.name << std::string(8 - spec.name.size(), ' ') << spec.summary << "\n";
  }
  out << "\noptions:\n  -h, --help     show this help\n  --version      print the version\n\n"
         "exit codes: 0 success, 1 the work failed, 2 bad input or usage\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    printUsage(std::cerr);
    return kExitBadInput;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    printUsage(std::cout);
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "inlay " << INLAY_VERSION_STRING << "\n";
    return kExitOk;
  }
  std::vector<std::string> names;
  for (const Subcommand& c : subcommands()) {
    if (c.spec().name == first) return c.run(Args(args.begin() + 1, args.end()), std::cout, std::cerr);
    names.push_back(c.spec().name);
  }
  const bool option = first.rfind('-', 0) == 0;
  const std::string suggestion = didYouMean(first, option ? std::vector<std::string>{"--help", "--version"} : names);
  std::cerr << "inlay: unknown " << (option ? "option" : "command") << " '" << first << "'"
            << (suggestion.empty() ? " (see inlay --help)" : suggestion) << "\n";
  return kExitBadInput;
}
