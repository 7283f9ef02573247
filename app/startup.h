#pragma once
// Start-up wiring of ruhr-kiosk: the log, the configuration file under the command line, the
// outbox, the USB transfer commands, the content pack, and what participation needs; then the
// SDL host runs.

#include "app/command_line.h"

namespace ruhr::app {

/// Runs the kiosk (or a USB transfer command) as the command line says; returns the process's
/// exit code (0 done, 1 a transfer failed or a script expectation failed, 2 a setup error).
int start(CommandLine cl);

}  // namespace ruhr::app
