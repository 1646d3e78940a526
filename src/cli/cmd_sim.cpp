// `inlay sim`: judge a program directory by the program checks (sim/program_checks.h), run it in the bundled
// simulator (docs/cli.md §3.3, docs/design.md §6) and report its statistics; with --verify, on seeded random inputs
// compared bit-exactly with the CPU reference; with --model fast, the fast performance model's timing instead
// (docs/design.md §6.6). A protocol violation, a simulator fault or a mismatch exits 1.
#include <iomanip>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "inlay/ir/error.h"
#include "inlay/perfmodel/perf_model.h"
#include "inlay/program/program_io.h"
#include "inlay/program/relocate.h"
#include "inlay/sim/insn_text.h"
#include "inlay/sim/program_checks.h"
#include "inlay/sim/verify.h"

namespace inlay::cli {

CommandSpec simSpec() {
  return {
      "sim",
      "Check a program directory against VTA's protocol, simulate it and report cycles and statistics.",
      {{.name = "dir", .valueName = "DIR", .description = "program directory written by inlay gen", .positional = true},
       {.name = "verify",
        .type = OptionType::Flag,
        .description = "run on random inputs and compare with the CPU reference"},
       seedOption("seed of the random inputs"),
       {.name = "base",
        .type = OptionType::Int,
        .defaultValue = "0",
        .valueName = "ADDR",
        .description = "run the image loaded at this physical byte address (relocated, docs/formats.md §3.8)"},
       {.name = "no-check",
        .type = OptionType::Flag,
        .description = "skip the program checks: only a fault or a mismatch fails the run"},
       {.name = "model",
        .defaultValue = "sim",
        .valueName = "MODEL",
        .description = "sim: simulate every instruction; fast: predict the timing-only cycles with the fast "
                       "performance model",
        .choices = {"sim", "fast"}},
       jsonOption()}};
}

namespace {

/// stderr and --json list at most this many protocol violations; the count is of all of them.
constexpr size_t kListedViolations = 100;

const char* faultKindName(SimFault::Kind k) {
  switch (k) {
    case SimFault::Kind::OutOfBounds: return "out_of_bounds";
    case SimFault::Kind::Hazard: return "hazard";
    case SimFault::Kind::Deadlock: return "deadlock";
    case SimFault::Kind::BadInstruction: return "bad_instruction";
    case SimFault::Kind::Limit: return "limit";
  }
  return "?";
}

/// Useful MACs over issued MAC lanes, when the operator is known and GEMMs ran.
std::optional<double> utilization(const Program& p, const SimStats& s) {
  if (!p.op || s.gemmUops == 0) return std::nullopt;
  return static_cast<double>(p.op->macs()) /
         (static_cast<double>(s.gemmUops) * static_cast<double>(p.isa.macsPerUop()));
}

nlohmann::ordered_json statsJson(const Program& p, const SimStats& s) {
  nlohmann::ordered_json dma = nlohmann::ordered_json::object();
  for (MemType t : {MemType::Uop, MemType::Wgt, MemType::Inp, MemType::Acc, MemType::Out, MemType::Acc8})
    dma[memTypeName(t)] = s.dmaBytes[static_cast<size_t>(t)];
  nlohmann::ordered_json j;
  j["cycles"] = s.cycles;
  j["busy_cycles"] = {{"load", s.busyCycles[0]}, {"compute", s.busyCycles[1]}, {"store", s.busyCycles[2]}};
  j["instructions"] = s.instructions;
  j["gemm_uops"] = s.gemmUops;
  j["reset_uops"] = s.resetUops;
  j["alu_uops"] = s.aluUops;
  j["dma_bytes"] = dma;
  j["hazards"] = s.hazards;
  j["macs"] = p.op ? nlohmann::ordered_json(p.op->macs()) : nlohmann::ordered_json(nullptr);
  auto u = utilization(p, s);
  j["utilization"] = u ? nlohmann::ordered_json(*u) : nlohmann::ordered_json(nullptr);
  return j;
}

/// The functional check; the first mismatch's index and values are null when every element matched.
nlohmann::ordered_json verifyJson(const VerifyResult& r, uint64_t seed) {
  const bool mismatched = r.mismatches > 0;
  auto ifMismatched = [&](int64_t v) {
    return mismatched ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
  };
  nlohmann::ordered_json j;
  j["seed"] = seed;
  j["verified"] = r.verified;
  j["mismatches"] = r.mismatches;
  j["first_mismatch"] = ifMismatched(r.firstMismatch);
  j["expected"] = ifMismatched(r.expected);
  j["actual"] = ifMismatched(r.actual);
  j["error"] = r.error;
  return j;
}

/// The listed violations; `insn` is null for a program-level rule.
nlohmann::ordered_json violationsJson(const ProgramCheck& c) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const InsnViolation& v : c.violations)
    list.push_back({{"insn", v.insn >= 0 ? nlohmann::ordered_json(v.insn) : nlohmann::ordered_json(nullptr)},
                    {"rule", v.rule},
                    {"detail", v.detail}});
  return list;
}

/// Why the output did not verify: the comparison's error, or the mismatches.
std::string mismatchText(const VerifyResult& r) {
  if (!r.error.empty()) return r.error;
  return std::to_string(r.mismatches) + " mismatches, first at output element " + std::to_string(r.firstMismatch) +
         " (expected " + std::to_string(r.expected) + ", got " + std::to_string(r.actual) + ")";
}

std::string statsText(const Program& p, const SimStats& s) {
  std::ostringstream o;
  o << "cycles        " << s.cycles << "\n"
    << "busy cycles   load " << s.busyCycles[0] << ", compute " << s.busyCycles[1] << ", store " << s.busyCycles[2]
    << "\n"
    << "instructions  " << s.instructions << " of " << p.insns.size() << "\n"
    << "uops          gemm " << s.gemmUops << ", reset " << s.resetUops << ", alu " << s.aluUops << "\n"
    << "dma bytes    ";
  for (MemType t : {MemType::Uop, MemType::Wgt, MemType::Inp, MemType::Acc, MemType::Out, MemType::Acc8})
    if (s.dmaBytes[static_cast<size_t>(t)] > 0) o << " " << memTypeName(t) << " " << s.dmaBytes[static_cast<size_t>(t)];
  o << "\n";
  if (auto u = utilization(p, s)) o << "utilization   " << std::fixed << std::setprecision(4) << *u << "\n";
  return o.str();
}

nlohmann::ordered_json faultJson(const std::optional<SimFault>& fault) {
  if (!fault) return nullptr;
  return {{"kind", faultKindName(fault->kind)},
          {"insn", fault->insnIndex},
          {"cycle", fault->cycle},
          {"message", fault->message}};
}

/// The fast model's prediction; what it leaves to the simulator (micro-op counts, DMA bytes) is not printed.
nlohmann::ordered_json predictionJson(const PerfPrediction& p) {
  nlohmann::ordered_json j;
  j["cycles"] = p.cycles;
  j["busy_cycles"] = {{"load", p.busyCycles[0]}, {"compute", p.busyCycles[1]}, {"store", p.busyCycles[2]}};
  j["instructions"] = p.instructions;
  j["stepped_instructions"] = p.steppedInstructions;
  j["regions"] = p.regions;
  j["extrapolations"] = p.extrapolations;
  return j;
}

std::string predictionText(const Program& program, const PerfPrediction& p) {
  std::ostringstream o;
  o << "cycles        " << p.cycles << " (fast model)\n"
    << "busy cycles   load " << p.busyCycles[0] << ", compute " << p.busyCycles[1] << ", store " << p.busyCycles[2]
    << "\n"
    << "instructions  " << p.instructions << " of " << program.insns.size() << "\n"
    << "model         " << p.steppedInstructions << " instructions stepped, " << p.extrapolations
    << " steady states extrapolated in " << p.regions << " periodic regions\n";
  return o.str();
}

/// The program checks (unless --no-check), each listed violation reported on stderr.
std::optional<ProgramCheck> reportedChecks(const ParsedArgs& args, const Program& program, const std::string& dir,
                                           std::ostream& err) {
  if (args.flag("no-check")) return std::nullopt;
  ProgramCheck check = checkProgram(program, kListedViolations);
  for (const InsnViolation& v : check.violations)
    err << "inlay sim: " << dir << ": " << describeViolation(program, v) << "\n";
  if (check.total > static_cast<int64_t>(check.violations.size()))
    err << "inlay sim: " << dir << ": " << check.total - static_cast<int64_t>(check.violations.size())
        << " more protocol violations not listed\n";
  return check;
}

/// `inlay sim --model fast`: the program checks as for a simulation, then the fast model's timing.
int predict(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  const std::string dir = args.text("dir");
  if (args.flag("verify"))
    throw InputError(kCommandLine, "--verify", "needs --model sim: the fast model times a program, it does not run it");
  const Program program = readProgramDir(dir);
  const std::optional<ProgramCheck> check = reportedChecks(args, program, dir, err);
  const int64_t violations = check ? check->total : 0;
  const PerfPrediction p = predictCycles(program);
  if (args.flag("json")) {
    nlohmann::ordered_json doc = jsonDocument("inlay-sim");
    doc["dir"] = dir;
    doc["model"] = "fast";
    doc["prediction"] = predictionJson(p);
    doc["fault"] = faultJson(p.fault);
    doc["violation_count"] = check ? nlohmann::ordered_json(check->total) : nlohmann::ordered_json(nullptr);
    doc["violations"] = check ? violationsJson(*check) : nlohmann::ordered_json(nullptr);
    printJson(out, doc);
  } else {
    out << predictionText(program, p);
  }
  if (p.fault) err << "inlay sim: fault: " << p.fault->message << "\n";
  if (violations > 0) err << "inlay sim: protocol violations: " << violations << "\n";
  return p.fault || violations > 0 ? kExitWorkFailed : kExitOk;
}

int sim(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  if (args.text("model") == "fast") return predict(args, out, err);
  const std::string dir = args.text("dir");
  const auto seed = static_cast<uint64_t>(args.integer("seed"));
  if (args.integer("base") < 0)
    throw InputError(kCommandLine, "--base", "must not be negative, got " + std::to_string(args.integer("base")));
  const SimOptions options{.dramBase = static_cast<uint64_t>(args.integer("base"))};
  const Program program = readProgramDir(dir);
  // Checked first, and reported before a long simulation starts.
  const std::optional<ProgramCheck> check = reportedChecks(args, program, dir, err);
  const int64_t violations = check ? check->total : 0;
  const Program relocated = relocate(program, options.dramBase, kCommandLine, "--base");
  VerifyResult result;
  if (args.flag("verify")) {
    result = verifyProgram(relocated, seed, options);
  } else {
    DramImage image = buildDramImage(relocated, seed);
    SimResult r = simulate(relocated, image.bytes, options);
    result.stats = r.stats;
    result.fault = r.fault;
  }
  const bool mismatched = args.flag("verify") && !result.fault && !result.verified;  // compared, and it differs
  const bool failed = result.fault || violations > 0 || mismatched;
  if (violations > 0) result.verified = false;  // never claimed for a program that breaks the protocol
  if (args.flag("json")) {
    nlohmann::ordered_json doc = jsonDocument("inlay-sim");
    doc["dir"] = dir;
    doc["stats"] = statsJson(program, result.stats);
    doc["fault"] = faultJson(result.fault);
    doc["violation_count"] = check ? nlohmann::ordered_json(check->total) : nlohmann::ordered_json(nullptr);
    doc["violations"] = check ? violationsJson(*check) : nlohmann::ordered_json(nullptr);
    doc["verify"] = args.flag("verify") ? verifyJson(result, seed) : nlohmann::ordered_json(nullptr);
    printJson(out, doc);
  } else {
    out << statsText(program, result.stats);
    if (args.flag("verify") && !result.fault) {
      std::string why;  // what stands in the way of "verified"
      if (violations > 0) why = std::to_string(violations) + " protocol violation" + (violations == 1 ? "" : "s");
      if (mismatched)
        why += (why.empty() ? "" : "; ") + mismatchText(result);
      else if (!why.empty())
        why += " (the output matched the reference on seed " + std::to_string(seed) + ")";
      out << "verified      " << (why.empty() ? "yes (seed " + std::to_string(seed) + ")" : "no: " + why) << "\n";
    }
  }
  if (result.fault) err << "inlay sim: fault: " << result.fault->message << "\n";
  if (violations > 0) err << "inlay sim: protocol violations: " << violations << "\n";
  if (mismatched) err << "inlay sim: verification failed\n";
  return failed ? kExitWorkFailed : kExitOk;
}

}  // namespace

int cmdSim(const Args& args, std::ostream& out, std::ostream& err) {
  return runCommand(simSpec(), args, out, err, [&](const ParsedArgs& parsed) { return sim(parsed, out, err); });
}

}  // namespace inlay::cli
