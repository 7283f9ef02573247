#pragma once
// The ruhr-kiosk command line: what it asks for, and the one-shot commands (--help,
// --check-config, --hash-pin ...) that answer and exit without a window.

#include "kiosk/config.h"
#include "platform/sdl_app.h"

#include <filesystem>
#include <optional>
#include <string>

namespace ruhr::app {

/// What the command line asks the kiosk to do.
struct CommandLine {
    std::optional<int> exit_code;  // set: a one-shot command ran (or the line was wrong); exit with it
    RunOptions run;
    KioskConfig config;  // --language so far; the rest comes from the configuration file
    std::filesystem::path content;
    std::string config_file;
    std::string export_outbox_dir, import_receipts_file;  // USB transfer (docs/sync-protocol.md)
    std::string statement_dir;                            // the closing statement, to this folder
    bool print_signing_key = false;                       // --print-signing-key
    std::string data_dir;
    std::string log_file;
    std::optional<double> idle_timeout, idle_countdown;
    std::string usb_dir;
};

/// Parses argv. One-shot commands run here and set exit_code (0 done, 1 a check failed,
/// 2 a usage error, with the message on stderr).
CommandLine parse_command_line(int argc, char** argv);

/// Prints why a content pack was refused, one problem a line.
void print_problems(const std::filesystem::path& dir, const std::vector<PackProblem>& problems);

}  // namespace ruhr::app
