// The single error boundary of the CLI: parse, dispatch, map Status to the
// exit code (0 done, 2 bad input, 3 refused by the workflow, 1 otherwise).
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/parse_args.h"

int main(int argc, char** argv) {
  using namespace luodi;
  using namespace luodi::cli;
  std::vector<std::string> argv_list(argv + 1, argv + argc);
  try {
    auto parsed = parse_args(argv_list, all_commands());
    if (!parsed.ok()) {
      std::cerr << "luodi: " << parsed.status().message() << "\n";
      return exit_code(parsed.status());
    }
    auto& p = parsed.value();
    if (p.version) {
      print_version(std::cout, p.db_path);
      return 0;
    }
    std::unique_ptr<Clock> clock;
    if (p.now) {
      clock = std::make_unique<ManualClock>(*p.now);
    } else {
      clock = std::make_unique<SystemClock>();
    }
    Invocation inv{*p.command,
                   std::move(p.args),
                   std::move(p.options),
                   p.db_path,
                   *clock,
                   std::cout,
                   std::cerr,
                   p.city,
                   p.lang};
    Status s = p.command->run(inv);
    std::cout.flush();
    if (!s.ok()) {
      std::cerr << "luodi " << p.command->name << ": " << s.text(p.lang) << "\n";
      return exit_code(s);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "luodi: internal error: " << e.what() << "\n";
    return 1;
  }
}
