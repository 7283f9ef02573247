#pragma once
// Runs ruhr-collector's command line in-process (run_command) and keeps what it printed: the
// CLI tests and the contact-purge tests drive the same commands.

#include "collector/commands.h"

#include <sstream>
#include <string>
#include <vector>

namespace ruhr::collector::test {

struct CliRun {
    int code = -1;
    std::string out, err;
};

inline CliRun run_cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    CliRun r;
    r.code = run_command(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

}  // namespace ruhr::collector::test
