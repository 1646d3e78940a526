// The option table machinery, --isa loading, JSON printing and the exit-code mapping shared by every subcommand.
#include "cli/cli_common.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <ostream>
#include <sstream>

#include <unistd.h>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "cli/suggest.h"
#include "inlay/ir/error.h"
#include "inlay/isa/isa_reader.h"
#include "inlay/isa/shipped_isa.h"

namespace inlay::cli {
namespace po = boost::program_options;

namespace {

std::string dashed(const OptionSpec& o) { return o.positional ? o.valueName : "--" + o.name; }

std::string typeWord(OptionType t) {
  switch (t) {
    case OptionType::Flag: return "flag";
    case OptionType::Int: return "integer";
    case OptionType::Real: return "number";
    case OptionType::Text: return "text";
  }
  return "?";
}

std::string joined(const std::vector<std::string>& items, const std::string& sep) {
  std::string s;
  for (size_t k = 0; k < items.size(); ++k) s += (k ? sep : "") + items[k];
  return s;
}

bool parseInt(const std::string& text, int64_t& value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && !text.empty();
}

bool parseReal(const std::string& text, double& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  for (size_t comma = text.find(','); comma != std::string::npos; comma = text.find(',', start)) {
    items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  items.push_back(text.substr(start));
  return items;
}

bool isChoice(const OptionSpec& o, const std::string& value) {
  return std::find(o.choices.begin(), o.choices.end(), value) != o.choices.end();
}

// A list option's value: non-empty items, each a choice, none twice.
void validateList(const OptionSpec& o, const std::string& value) {
  const std::string expects =
      "expects a comma-separated subset of " + joined(o.choices, ", ") + ", got '" + value + "'";
  std::vector<std::string> seen;
  for (const std::string& item : splitList(value)) {
    if (item.empty()) throw InputError(kCommandLine, dashed(o), expects);
    if (!isChoice(o, item)) throw InputError(kCommandLine, dashed(o), expects + didYouMean(item, o.choices));
    if (std::find(seen.begin(), seen.end(), item) != seen.end())
      throw InputError(kCommandLine, dashed(o), "names '" + item + "' twice in '" + value + "'");
    seen.push_back(item);
  }
}

// Checks one raw value against its declaration; throws the usage error that names the option.
void validateValue(const OptionSpec& o, const std::string& value) {
  auto fail = [&](const std::string& msg) { throw InputError(kCommandLine, dashed(o), msg); };
  if (o.type == OptionType::Int) {
    int64_t v = 0;
    if (!parseInt(value, v)) fail("expects an integer, got '" + value + "'");
    if (o.positive && v <= 0) fail("must be positive, got " + value);
  } else if (o.type == OptionType::Real) {
    double v = 0;
    if (!parseReal(value, v)) fail("expects a number, got '" + value + "'");
    if (o.positive && v <= 0) fail("must be positive, got " + value);
  } else if (o.type == OptionType::Text && o.list) {
    validateList(o, value);
  } else if (o.type == OptionType::Text && !o.choices.empty() && !isChoice(o, value)) {
    fail("expects one of " + joined(o.choices, ", ") + ", got '" + value + "'" + didYouMean(value, o.choices));
  }
}

po::options_description boostOptions(const CommandSpec& spec) {
  po::options_description desc;
  desc.add_options()("help,h", po::bool_switch(), "show this help");
  for (const OptionSpec& o : spec.options) {
    std::string names = o.name + (o.shortName ? std::string(",") + o.shortName : "");
    if (o.type == OptionType::Flag)
      desc.add_options()(names.c_str(), po::bool_switch(), o.description.c_str());
    else if (o.repeated)
      desc.add_options()(names.c_str(), po::value<std::vector<std::string>>(), o.description.c_str());
    else
      desc.add_options()(names.c_str(), po::value<std::string>(), o.description.c_str());
  }
  return desc;
}

// The option a boost error is about, as the user wrote it ("--top"), or the positional's value name.
std::string boostErrorPath(const CommandSpec& spec, const po::error_with_option_name& e) {
  std::string name = e.get_option_name();
  for (const OptionSpec& o : spec.options)
    if (o.positional && (name == "--" + o.name || name == o.name)) return o.valueName;
  return name;
}

// "unknown option; did you mean '--strategy'?" for a long option close to a declared one, else a pointer to --help.
std::string unknownOptionMessage(const CommandSpec& spec, const std::string& typed) {
  std::vector<std::string> names{"help"};
  for (const OptionSpec& o : spec.options)
    if (!o.positional) names.push_back(o.name);
  const bool isLong = typed.rfind("--", 0) == 0;
  const std::string match = isLong ? closestMatch(typed.substr(2), names) : "";
  return match.empty() ? "unknown option (see inlay " + spec.name + " --help)"
                       : "unknown option; did you mean '--" + match + "'?";
}

po::variables_map runBoost(const CommandSpec& spec, const std::vector<std::string>& args) {
  po::options_description desc = boostOptions(spec);
  po::positional_options_description positionals;
  for (const OptionSpec& o : spec.options)
    if (o.positional) positionals.add(o.name.c_str(), o.repeated ? -1 : 1);
  const int style = po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positionals).style(style).run(), vm);
  } catch (const po::unknown_option& e) {
    const std::string typed = e.get_option_name().substr(0, e.get_option_name().find('='));  // "--x=1" → "--x"
    throw InputError(kCommandLine, typed, unknownOptionMessage(spec, typed));
  } catch (const po::too_many_positional_options_error&) {
    throw InputError(kCommandLine, "", "too many arguments (see inlay " + spec.name + " --help)");
  } catch (const po::error_with_option_name& e) {
    throw InputError(kCommandLine, boostErrorPath(spec, e), e.what());
  } catch (const po::error& e) {
    throw InputError(kCommandLine, "", e.what());
  }
  return vm;
}

}  // namespace

ParsedArgs parseArgs(const CommandSpec& spec, const std::vector<std::string>& args) {
  po::variables_map vm = runBoost(spec, args);
  ParsedArgs parsed;
  parsed.help_ = vm["help"].as<bool>();
  for (const OptionSpec& o : spec.options) parsed.specs_[o.name] = o;
  if (parsed.help_) return parsed;
  for (const OptionSpec& o : spec.options) {
    std::vector<std::string> raw;
    if (o.type == OptionType::Flag) {
      raw = {vm[o.name].as<bool>() ? "1" : "0"};
    } else if (vm.count(o.name)) {
      raw = o.repeated ? vm[o.name].as<std::vector<std::string>>() : std::vector{vm[o.name].as<std::string>()};
    } else if (!o.defaultValue.empty()) {
      raw = {o.defaultValue};
    } else if (o.positional) {
      throw InputError(kCommandLine, o.valueName, "missing argument (see inlay " + spec.name + " --help)");
    } else if (o.required) {
      throw InputError(kCommandLine, "--" + o.name, "is required (see inlay " + spec.name + " --help)");
    }
    for (const std::string& v : raw) validateValue(o, v);
    if (!raw.empty()) parsed.values_[o.name] = std::move(raw);
  }
  return parsed;
}

const OptionSpec& ParsedArgs::spec(const std::string& name, OptionType type) const {
  auto it = specs_.find(name);
  INLAY_CHECK(it != specs_.end(), "undeclared option " + name);
  INLAY_CHECK(it->second.type == type, "option " + name + " is not a " + typeWord(type));
  return it->second;
}

bool ParsedArgs::has(const std::string& name) const { return values_.count(name) > 0; }

bool ParsedArgs::flag(const std::string& name) const {
  spec(name, OptionType::Flag);
  return has(name) && values_.at(name).front() == "1";
}

int64_t ParsedArgs::integer(const std::string& name) const {
  spec(name, OptionType::Int);
  INLAY_CHECK(has(name), "option " + name + " has no value");
  int64_t v = 0;
  parseInt(values_.at(name).front(), v);
  return v;
}

double ParsedArgs::real(const std::string& name) const {
  spec(name, OptionType::Real);
  INLAY_CHECK(has(name), "option " + name + " has no value");
  double v = 0;
  parseReal(values_.at(name).front(), v);
  return v;
}

std::string ParsedArgs::text(const std::string& name) const {
  spec(name, OptionType::Text);
  INLAY_CHECK(has(name), "option " + name + " has no value");
  return values_.at(name).front();
}

std::vector<std::string> ParsedArgs::texts(const std::string& name) const {
  spec(name, OptionType::Text);
  return has(name) ? values_.at(name) : std::vector<std::string>{};
}

std::vector<std::string> ParsedArgs::list(const std::string& name) const {
  const OptionSpec& o = spec(name, OptionType::Text);
  INLAY_CHECK(o.list, "option " + name + " is not a list");
  if (!has(name)) return {};
  const std::vector<std::string> items = splitList(values_.at(name).front());
  std::vector<std::string> ordered;
  for (const std::string& c : o.choices)
    if (std::find(items.begin(), items.end(), c) != items.end()) ordered.push_back(c);
  return ordered;
}

std::string helpText(const CommandSpec& spec) {
  std::ostringstream s;
  s << "usage: inlay " << spec.name;
  for (const OptionSpec& o : spec.options)
    if (o.positional) s << " " << o.valueName << (o.repeated ? "..." : "");
  s << " [options]\n\n" << spec.summary << "\n\noptions:\n";
  std::vector<std::pair<std::string, std::string>> rows{{"-h, --help", "show this help"}};
  for (const OptionSpec& o : spec.options) {
    std::string left = o.positional ? o.valueName + (o.repeated ? "..." : "")
                                    : (o.shortName ? std::string("-") + o.shortName + ", " : "") + "--" + o.name;
    if (!o.positional && o.type != OptionType::Flag) left += " " + o.valueName;
    std::string right = o.description;
    if (!o.choices.empty())
      right += o.list ? " (comma-separated: " + joined(o.choices, ",") + ")" : " (" + joined(o.choices, "|") + ")";
    if (!o.defaultValue.empty()) right += " [default: " + o.defaultValue + "]";
    rows.emplace_back(left, right);
  }
  size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.first.size());
  for (const auto& [left, right] : rows)
    s << "  " << left << std::string(width - left.size() + 2, ' ') << right << "\n";
  return s.str();
}

int exitCodeFor(const std::exception_ptr& error, const std::string& what, std::ostream& err) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    err << what << ": " << e.what() << "\n";
    return kExitBadInput;
  } catch (const WorkError& e) {
    err << what << ": " << e.what() << "\n";
    return kExitWorkFailed;
  } catch (const InternalError& e) {
    std::string msg = e.what();
    err << what << ": " << (msg.rfind("internal error", 0) == 0 ? msg : "internal error: " + msg) << "\n";
    return kExitWorkFailed;
  } catch (const std::exception& e) {
    err << what << ": " << e.what() << "\n";
    return kExitWorkFailed;
  } catch (...) {
    err << what << ": internal error: an unknown exception\n";
    return kExitWorkFailed;
  }
}

int runCommand(const CommandSpec& spec, const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
               const std::function<int(const ParsedArgs&)>& body) {
  try {
    ParsedArgs parsed = parseArgs(spec, args);
    if (parsed.helpRequested()) {
      out << helpText(spec);
      return kExitOk;
    }
    return body(parsed);
  } catch (...) {
    return exitCodeFor(std::current_exception(), "inlay " + spec.name, err);
  }
}

OptionSpec isaOption() {
  return {.name = "isa",
          .valueName = "NAME|FILE",
          .description = "accelerator: a shipped ISA (" + joined(shippedIsaNames(), ", ") +
                         ") or an ISA .json file (default: the built-in VTA 1x16x16, = vta-default)"};
}

Isa loadIsa(const ParsedArgs& args) {
  if (!args.has("isa")) return defaultIsa();
  const std::string value = args.text("isa");
  const bool isFile =
      value.find('/') != std::string::npos || (value.size() >= 5 && value.compare(value.size() - 5, 5, ".json") == 0);
  if (isFile) return readIsaFile(value);
  if (isShippedIsa(value)) return shippedIsa(value);
  const std::vector<std::string> names = shippedIsaNames();
  throw InputError(kCommandLine, "--isa",
                   "unknown ISA '" + value + "'" + didYouMean(value, names) + " (shipped ISAs: " + joined(names, ", ") +
                       "; an ISA file is named by a path or a name ending in .json)");
}

std::function<void(const std::string&)> slowProgress(std::ostream& err, const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  return [&err, command, start](const std::string& what) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds >= 2) err << "inlay " << command << ": " << what << " (" << static_cast<int>(seconds) << " s)\n";
  };
}

bool isTerminal(const std::ostream& err) { return &err == &std::cerr && isatty(STDERR_FILENO) == 1; }

OptionSpec solverOption(const std::string& what) {
  return {.name = "solver",
          .defaultValue = "gecode",
          .valueName = "NAME",
          .description = "solver backend" + what,
          .choices = {"gecode", "z3"}};
}

OptionSpec timeLimitOption(const std::string& what) {
  return {.name = "time-limit",
          .type = OptionType::Real,
          .valueName = "S",
          .description = "wall-clock limit of the solver's search in seconds" + what +
                         " (default: none; set, the result can depend on the machine's speed)",
          .positive = true};
}

OptionSpec nodeLimitOption(const std::string& what) {
  return {.name = "node-limit",
          .type = OptionType::Int,
          .defaultValue = std::to_string(kDefaultNodeLimit),
          .valueName = "N",
          .description = "the solver's deterministic budget of table and search nodes" + what,
          .positive = true};
}

SolveOptions solveOptions(const ParsedArgs& args) {
  SolveOptions options;
  options.backend = args.text("solver") == "z3" ? SolverBackend::Z3 : SolverBackend::Gecode;
  options.nodeLimit = args.integer("node-limit");
  if (args.has("time-limit")) options.timeLimitSeconds = args.real("time-limit");
  return options;
}

OptionSpec strategyOption() {
  return {.name = "strategy",
          .defaultValue = "csp",
          .valueName = "NAME",
          .description = "embedding strategy",
          .choices = {"csp", "fixed", "reference"}};
}

Strategy strategyNamed(const std::string& name) {
  for (Strategy s : {Strategy::Csp, Strategy::Fixed, Strategy::Reference})
    if (strategyName(s) == name) return s;
  INLAY_CHECK(false, "unknown strategy " + name);
  return Strategy::Csp;
}

namespace {

[[noreturn]] void failOption(const std::string& name, const std::string& why) {
  throw InputError(kCommandLine, "--" + name, why);
}

}  // namespace

void checkOutputFile(const ParsedArgs& args, const std::string& name) {
  namespace fs = std::filesystem;
  if (!args.has(name)) return;
  const fs::path path = args.text(name);
  if (path.empty()) failOption(name, "expects a file name, got ''");
  std::error_code ec;
  if (fs::is_directory(path, ec)) failOption(name, "'" + path.string() + "' is a directory");
  const fs::path parent = path.parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    failOption(name, "the directory '" + parent.string() + "' of '" + path.string() + "' does not exist");
}

void checkOutputDir(const ParsedArgs& args, const std::string& name) {
  namespace fs = std::filesystem;
  if (!args.has(name)) return;
  const fs::path path = args.text(name);
  if (path.empty()) failOption(name, "expects a directory name, got ''");
  // The nearest existing ancestor decides whether the directory can be created.
  std::error_code ec;
  for (fs::path p = path; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p, ec)) {
      if (!fs::is_directory(p, ec))
        failOption(name, "'" + p.string() + "' exists and is not a directory" +
                             (p == path ? "" : " (in '" + path.string() + "')"));
      return;
    }
    if (p == p.parent_path()) return;
  }
}

OptionSpec jsonOption() {
  return {
      .name = "json", .type = OptionType::Flag, .description = "print one machine-readable JSON document on stdout"};
}

OptionSpec seedOption(std::string description) {
  return {.name = "seed",
          .type = OptionType::Int,
          .defaultValue = "1",
          .valueName = "N",
          .description = std::move(description)};
}

nlohmann::ordered_json jsonDocument(const std::string& format) {
  nlohmann::ordered_json doc;
  doc["format"] = format;
  doc["version"] = 1;
  return doc;
}

void printJson(std::ostream& out, const nlohmann::ordered_json& doc) { out << doc.dump(2) << "\n"; }

}  // namespace inlay::cli
