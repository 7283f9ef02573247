#pragma once
// The ruhr-collector command line: serve, add-kiosk, add-admin, revoke, kiosks, conflicts,
// export. main() only forwards here, so tests can run every verb but serve in-process.

#include <ostream>
#include <string>
#include <vector>

namespace ruhr::collector {

/// Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage error).
int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// A new random token: "rck_" (kiosk) or "rca_" (admin) and 64 hex digits.
std::string make_token(const char* prefix);

}  // namespace ruhr::collector
