// The kiosk's log outside systemd: a file rotated by size, every line prefixed.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "platform/logging.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const char* name) {
    const fs::path dir =
        fs::temp_directory_path() / (std::string("ruhr-logging-") + name + "-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::vector<std::string> lines_of(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

}  // namespace

TEST_CASE("a log file is rotated by size and keeps only the newest files") {
    const fs::path dir = fresh_dir("rotate");
    const fs::path log = dir / "kiosk.log";
    {
        auto opened = ruhr::StderrLog::to_file(log.string(), {2048, 3});
        REQUIRE(opened.ok());
        for (int i = 0; i < 200; ++i) std::cerr << "ruhr-kiosk: line " << i << " of the rotation test\n";
    }
    CHECK(fs::exists(log));
    CHECK(fs::exists(dir / "kiosk.log.1"));
    CHECK(fs::exists(dir / "kiosk.log.2"));
    CHECK_FALSE(fs::exists(dir / "kiosk.log.3"));
    for (const char* name : {"kiosk.log", "kiosk.log.1", "kiosk.log.2"}) CHECK(fs::file_size(dir / name) <= 2048);
    // The newest line is last in the current file, and nothing in between was lost.
    const auto current = lines_of(log);
    REQUIRE_FALSE(current.empty());
    CHECK(current.back().find("line 199 of the rotation test") != std::string::npos);
    const auto older = lines_of(dir / "kiosk.log.1");
    REQUIRE_FALSE(older.empty());
    const auto first_current = current.front().substr(current.front().find("line "));
    const auto last_older = older.back().substr(older.back().find("line "));
    CHECK(std::stoi(first_current.substr(5)) == std::stoi(last_older.substr(5)) + 1);
    fs::remove_all(dir);
}

TEST_CASE("each line in the log file starts with the UTC time and says it is from ruhr-kiosk") {
    const fs::path dir = fresh_dir("prefix");
    const fs::path log = dir / "kiosk.log";
    {
        auto opened = ruhr::StderrLog::to_file(log.string());
        REQUIRE(opened.ok());
        std::cerr << "ruhr-kiosk: the content pack /x was refused:\n  manifest.json: no such file\n";
        std::cerr << "a line " << 42 << " written in pieces";  // no newline: written when the log closes
    }
    const auto lines = lines_of(log);
    REQUIRE(lines.size() == 3);
    for (const auto& l : lines) {
        CHECK(l.size() > 21);
        CHECK(l[4] == '-');
        CHECK(l[10] == 'T');
        CHECK(l[19] == 'Z');
        CHECK(l.substr(21, 11) == "ruhr-kiosk:");
    }
    CHECK(lines[1].substr(21) == "ruhr-kiosk:   manifest.json: no such file");
    CHECK(lines[2].substr(21) == "ruhr-kiosk: a line 42 written in pieces");
    fs::remove_all(dir);
}

// Sends the process's stderr (file descriptor 2) to `path` until restore() or the end of the
// scope, then gives the test its stderr back.
class StderrToFile {
public:
    explicit StderrToFile(const fs::path& path) : m_saved(dup(STDERR_FILENO)) {
        const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        REQUIRE(fd >= 0);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    ~StderrToFile() { restore(); }
    StderrToFile(const StderrToFile&) = delete;
    StderrToFile& operator=(const StderrToFile&) = delete;
    void restore() {
        if (m_saved < 0) return;
        dup2(m_saved, STDERR_FILENO);
        close(m_saved);
        m_saved = -1;
    }

private:
    int m_saved;
};

TEST_CASE("stderr comes back when the log file closes, and C-level writes land in the file") {
    const fs::path dir = fresh_dir("restore");
    const fs::path log = dir / "kiosk.log";
    const fs::path outside = dir / "outside.txt";
    StderrToFile redirect(outside);
    {
        auto opened = ruhr::StderrLog::to_file(log.string());
        REQUIRE(opened.ok());
        const char raw[] = "written by a library\n";
        CHECK(write(STDERR_FILENO, raw, sizeof(raw) - 1) == static_cast<ssize_t>(sizeof(raw) - 1));
    }
    std::cerr << "after the log\n";
    redirect.restore();
    CHECK(lines_of(log) == std::vector<std::string>{"written by a library"});
    CHECK(lines_of(outside) == std::vector<std::string>{"after the log"});
    fs::remove_all(dir);
}

TEST_CASE("a log file that cannot be written is an error with the path") {
    auto opened = ruhr::StderrLog::to_file("/nonexistent-dir/kiosk.log");
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message.find("/nonexistent-dir/kiosk.log") != std::string::npos);
}

TEST_CASE("under the journal, continuation lines get the ruhr-kiosk prefix too") {
    const fs::path dir = fresh_dir("journal");
    const fs::path out = dir / "stderr.txt";
    StderrToFile redirect(out);
    {
        auto log = ruhr::StderrLog::to_stderr();
        std::cerr << "ruhr-kiosk: the configuration has problems: /etc/k.toml:\n  idle.timeout_seconds: bad\n";
    }
    redirect.restore();
    CHECK(lines_of(out) == std::vector<std::string>{"ruhr-kiosk: the configuration has problems: /etc/k.toml:",
                                                    "ruhr-kiosk:   idle.timeout_seconds: bad"});
    fs::remove_all(dir);
}
