#pragma once
// Facts about a running process that Linux keeps in /proc: for the figures that benchmarks and
// memory-bound tests print.

#include <sys/types.h>

#include <optional>

namespace ruhr {

/// The resident memory of process `pid` (0: this process) in KiB, VmRSS in /proc/<pid>/status;
/// nullopt when the process is gone or /proc cannot be read.
std::optional<long> resident_kib(pid_t pid = 0);

}  // namespace ruhr
