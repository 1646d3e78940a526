// The `inlay` subcommands (docs/cli.md §3), one file each (cmd_<name>.cpp). Each has a declared option table
// (<name>Spec(), used for parsing and --help) and an entry point taking the arguments after the command name.
// Entry points return the exit code and never throw.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/cli_common.h"

namespace inlay::cli {

using Args = std::vector<std::string>;

CommandSpec embedSpec();
int cmdEmbed(const Args& args, std::ostream& out, std::ostream& err);

CommandSpec genSpec();
int cmdGen(const Args& args, std::ostream& out, std::ostream& err);

CommandSpec simSpec();
int cmdSim(const Args& args, std::ostream& out, std::ostream& err);

CommandSpec runSpec();
int cmdRun(const Args& args, std::ostream& out, std::ostream& err);

CommandSpec benchSpec();
int cmdBench(const Args& args, std::ostream& out, std::ostream& err);

/// `inlay dse` and `inlay dse merge`: design-space exploration over VTA configurations.
CommandSpec dseSpec();
CommandSpec dseMergeSpec();
int cmdDse(const Args& args, std::ostream& out, std::ostream& err);

/// `inlay show`: lowers an operator spec and prints its IR, MAC count and the ISA's derived quantities.
CommandSpec showSpec();
int cmdShow(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace inlay::cli
