#include "platform/logging.h"

#include "base/clock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <streambuf>

namespace ruhr {

namespace {

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // nowhere left to complain to
        done += static_cast<std::size_t>(n);
    }
}

std::string utc_now() { return format_utc(SystemWallClock().unix_ms(), UtcFormat::Iso8601Seconds); }

int open_log(const std::string& path) { return ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640); }

}  // namespace

bool under_systemd() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    const char* invocation = std::getenv("INVOCATION_ID");
    return (stream && *stream) || (invocation && *invocation);
}

// A stream buffer for std::cerr that collects a line and writes it to fd 2 in one write(), so
// lines from the sync thread and the main thread never interleave, with the prefix added.
struct StderrLog::Impl : std::streambuf {
    std::mutex mutex;
    std::string line;
    std::streambuf* previous = nullptr;
    bool to_file = false;
    std::string path;
    LogRotation rotation;
    int saved_stderr = -1;

    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        std::lock_guard lock(mutex);
        put_locked(&ch, 1);
        return c;
    }

    std::streamsize xsputn(const char* s, std::streamsize n) override {
        std::lock_guard lock(mutex);
        put_locked(s, static_cast<std::size_t>(n));
        return n;
    }

    void put_locked(const char* s, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            line.push_back(s[i]);
            if (s[i] == '\n') emit_locked();
        }
    }

    void emit_locked() {
        if (line.empty()) return;
        if (line.back() != '\n') line.push_back('\n');
        std::string out;
        if (to_file) out = utc_now() + " ";
        if (line.rfind("ruhr-kiosk", 0) != 0) out += "ruhr-kiosk: ";
        out += line;
        line.clear();
        if (to_file) rotate_if_needed(out.size());
        write_all(STDERR_FILENO, out);
    }

    // Rotation happens before a line that would take the file past its limit; what SDL or Mesa
    // write to fd 2 in between counts towards the size, but does not start a new file itself.
    void rotate_if_needed(std::size_t next) {
        struct stat st {};
        if (::fstat(STDERR_FILENO, &st) != 0 || st.st_size == 0) return;
        if (static_cast<std::uintmax_t>(st.st_size) + next <= rotation.max_bytes) return;
        for (int i = rotation.files - 1; i >= 1; --i) {
            const std::string from = i == 1 ? path : path + "." + std::to_string(i - 1);
            ::rename(from.c_str(), (path + "." + std::to_string(i)).c_str());
        }
        if (rotation.files <= 1) ::unlink(path.c_str());
        const int fd = open_log(path);
        if (fd < 0) return;  // keep writing to the renamed file rather than lose lines
        ::dup2(fd, STDERR_FILENO);
        ::close(fd);
    }
};

StderrLog::StderrLog(std::unique_ptr<Impl> impl) : m(std::move(impl)) { m->previous = std::cerr.rdbuf(m.get()); }

StderrLog::~StderrLog() {
    {
        std::lock_guard lock(m->mutex);
        m->emit_locked();
    }
    std::cerr.rdbuf(m->previous);
    if (m->saved_stderr >= 0) {
        ::dup2(m->saved_stderr, STDERR_FILENO);
        ::close(m->saved_stderr);
    }
}

std::unique_ptr<StderrLog> StderrLog::to_stderr() {
    return std::unique_ptr<StderrLog>(new StderrLog(std::make_unique<Impl>()));
}

Result<std::unique_ptr<StderrLog>> StderrLog::to_file(const std::string& path, LogRotation rotation) {
    if (rotation.max_bytes < 1024 || rotation.files < 1) return Error{"the log rotation limits are too small"};
    const int fd = open_log(path);
    if (fd < 0) return Error{"cannot write the log file " + path + ": " + std::strerror(errno)};
    auto impl = std::make_unique<Impl>();
    impl->to_file = true;
    impl->path = path;
    impl->rotation = rotation;
    impl->saved_stderr = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
    return std::unique_ptr<StderrLog>(new StderrLog(std::move(impl)));
}

}  // namespace ruhr
