// Shared machinery of the `inlay` subcommands (docs/cli.md §2): a per-command option table (declared once; parsing,
// validation and --help follow from it, built on boost::program_options), --isa loading, JSON printing and the
// exit-code mapping (InputError → 2, WorkError → 1, InternalError → 1 "internal error", other exceptions → 1).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "inlay/codegen/generate.h"
#include "inlay/isa/isa.h"
#include "inlay/solver/solve.h"

namespace inlay::cli {

/// Exit codes of docs/cli.md §2.
inline constexpr int kExitOk = 0;
inline constexpr int kExitWorkFailed = 1;
inline constexpr int kExitBadInput = 2;

/// The file name that command-line usage errors carry: InputError("command line", "--option", message).
inline constexpr const char* kCommandLine = "command line";

enum class OptionType {
  Flag,  // present or not; takes no value
  Int,   // a signed 64-bit integer
  Real,  // a floating-point number
  Text,  // a string, optionally restricted to `choices`
};

/// One option or positional argument of a command, declared once.
struct OptionSpec {
  std::string name;    // long name without dashes ("isa"); for positionals, the name used to look it up
  char shortName = 0;  // e.g. 'o' for -o; 0 for none
  OptionType type = OptionType::Text;
  std::string defaultValue;  // in command-line syntax; empty: no default (absent unless given). Flags default off.
  std::string valueName;     // shown in help, e.g. "ISA.json"
  std::string description;
  std::vector<std::string> choices;  // Text only: the accepted values (empty: any)
  bool list = false;                 // Text with choices: a comma-separated subset of the choices, each at most once
  bool positive = false;             // Int/Real only: the value must be > 0
  bool required = false;             // a non-positional option that must be given (positionals are always required)
  bool positional = false;           // a positional argument (Text only), in declaration order
  bool repeated = false;             // positional only: takes all remaining arguments (at least one)
};

/// A subcommand: its name, a one-line summary (for `inlay --help`) and its options and positionals.
struct CommandSpec {
  std::string name;
  std::string summary;
  std::vector<OptionSpec> options;
};

/// Parsed, validated values, looked up by option name. Asking for an undeclared name or the wrong type is a bug
/// (InternalError).
class ParsedArgs {
public:
  bool has(const std::string& name) const;  // given on the command line or defaulted
  bool flag(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  double real(const std::string& name) const;
  std::string text(const std::string& name) const;                // a Text option or a single positional
  std::vector<std::string> texts(const std::string& name) const;  // a repeated positional
  std::vector<std::string> list(const std::string& name) const;   // a list option's items, in `choices` order
  bool helpRequested() const { return help_; }

private:
  friend ParsedArgs parseArgs(const CommandSpec& spec, const std::vector<std::string>& args);
  const OptionSpec& spec(const std::string& name, OptionType type) const;
  std::map<std::string, std::vector<std::string>> values_;  // name → raw values (validated)
  std::map<std::string, OptionSpec> specs_;
  bool help_ = false;
};

/// Parses `args` (without the program and command names) against `spec`. Every command accepts -h/--help, which
/// skips all other validation. Throws InputError(kCommandLine, "--name" or the positional's value name, message) for
/// unknown options, missing values, positionals or required options, values of the wrong type, values outside
/// `choices`, non-positive values where `positive` is set, and extra positional arguments. An unknown option or a
/// value outside `choices` close to a known one is answered with "; did you mean '...'?" (cli/suggest.h).
ParsedArgs parseArgs(const CommandSpec& spec, const std::vector<std::string>& args);

/// The --help text: usage line, summary, one line per option with its default.
std::string helpText(const CommandSpec& spec);

/// Runs a command: parses `args`, prints help and returns 0 on --help, otherwise calls `body`. Maps exceptions to
/// exit codes and writes "inlay <cmd>: <message>" to `err`.
int runCommand(const CommandSpec& spec, const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
               const std::function<int(const ParsedArgs&)>& body);

/// The exception → exit-code mapping alone (used by runCommand and by main for errors outside any command).
/// `what` is "inlay" or "inlay <cmd>".
int exitCodeFor(const std::exception_ptr& error, const std::string& what, std::ostream& err);

/// The standard --isa option and its loader. The value is a shipped ISA's name (isa/shipped_isa.h) unless it contains
/// a '/' or ends in ".json", which make it an ISA file; absent, the built-in defaultIsa(). An unknown name is
/// InputError(kCommandLine, "--isa", "unknown ISA 'x'[; did you mean 'y'?] (shipped ISAs: ...; ...)").
OptionSpec isaOption();
Isa loadIsa(const ParsedArgs& args);

/// The standard --solver NAME (gecode or z3), --node-limit N (default kDefaultNodeLimit) and --time-limit S (default
/// none) options, and the SolveOptions they give; `what` ends the descriptions, e.g. " for csp" where only one
/// strategy solves.
OptionSpec solverOption(const std::string& what = "");
/// A GenOptions::progress callback for long generations: quiet for the first two seconds (so that quick runs print
/// nothing extra), then one line per step on `err`: "inlay gen: embedding 2 of 4: tiling and emitting (31 s)".
std::function<void(const std::string&)> slowProgress(std::ostream& err, const std::string& command);
/// Whether `err` is the process's stderr and a terminal: where progress may be a bar redrawn in place.
bool isTerminal(const std::ostream& err);
OptionSpec nodeLimitOption(const std::string& what = "");
OptionSpec timeLimitOption(const std::string& what = "");
SolveOptions solveOptions(const ParsedArgs& args);

/// The standard --strategy NAME (csp, fixed or reference; default csp) and the strategy it names.
OptionSpec strategyOption();
Strategy strategyNamed(const std::string& name);

/// Usage checks of an output path option, made before any work so that a bad path is a usage error (exit 2), not a
/// failure after the work is done. checkOutputFile: a file to write atomically — not empty, not a directory, in an
/// existing directory. checkOutputDir: a directory to create or write into — not empty, and neither it nor any
/// existing ancestor is something other than a directory. Both do nothing when the option is absent and throw
/// InputError(kCommandLine, "--name", why).
void checkOutputFile(const ParsedArgs& args, const std::string& name);
void checkOutputDir(const ParsedArgs& args, const std::string& name);

/// The standard --json flag.
OptionSpec jsonOption();

/// The standard --seed N of the random inputs of functional checks (default 1), described as `description`.
OptionSpec seedOption(std::string description);

/// The start of every --json document (docs/json.md): {"format": <format>, "version": 1}, the keys that follow in
/// the order they are added. `format` names the document, e.g. "inlay-run".
nlohmann::ordered_json jsonDocument(const std::string& format);

/// Prints one JSON document (2-space indent, keys in insertion order, trailing newline).
void printJson(std::ostream& out, const nlohmann::ordered_json& doc);

}  // namespace inlay::cli
