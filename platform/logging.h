#pragma once
// Where the kiosk's log lines go. Under systemd stderr already goes to the journal; elsewhere a
// `--log-file` sends it to a file that is rotated by size. Either way every line written to
// std::cerr comes out as one line that says it is from ruhr-kiosk. Log lines never carry
// anything a visitor typed: only paths, problems with content or configuration, and errors.

#include "base/result.h"

#include <cstdint>
#include <memory>
#include <string>

namespace ruhr {

/// True when systemd started us and stderr goes to the journal (JOURNAL_STREAM or
/// INVOCATION_ID is set).
bool under_systemd();

/// Limits of a rotated log file: `path` plus `path.1` .. `path.(files-1)`, each at most
/// `max_bytes` (a line that would cross the limit starts a new file).
struct LogRotation {
    std::uintmax_t max_bytes = 5 * 1024 * 1024;
    int files = 3;
};

/// Takes over stderr until destroyed. Lines written to std::cerr that do not start with
/// "ruhr-kiosk" get that prefix; in a file each line also starts with the UTC time.
class StderrLog {
public:
    StderrLog(const StderrLog&) = delete;
    StderrLog& operator=(const StderrLog&) = delete;
    ~StderrLog();

    /// Prefixes lines on stderr as they are (terminal or journal).
    static std::unique_ptr<StderrLog> to_stderr();
    /// Sends stderr (also what SDL and Mesa write there) to `path`, rotated by `rotation`.
    static Result<std::unique_ptr<StderrLog>> to_file(const std::string& path, LogRotation rotation = {});

    struct Impl;

private:
    explicit StderrLog(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m;
};

}  // namespace ruhr
