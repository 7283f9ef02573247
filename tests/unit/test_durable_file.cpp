// Durable files (base/durable_file.h): the one way the kiosk, the pack tool and the collector
// write a file that must be whole under its name.

#include "base/durable_file.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace ruhr;
using ruhr::test::FileSizeLimit;
using ruhr::test::read_file;
using ruhr::test::TempDir;
using ruhr::test::write_file;
namespace fs = std::filesystem;

namespace {

// Every name in `dir`, so a test sees a temporary file left behind, whatever its name.
std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Bytes that are not text: every byte value, NUL and newlines included, and more than one
// 64 KiB piece so the buffered writes are crossed.
std::string awkward_bytes() {
    std::string bytes;
    for (int i = 0; i < 200'000; ++i) bytes += static_cast<char>((i * 7 + i / 256) & 0xFF);
    return bytes;
}

}  // namespace

TEST_CASE("a file written durably has exactly its bytes") {
    TempDir dir("durable");
    const std::string bytes = awkward_bytes();
    REQUIRE(write_file_durably(dir / "data.bin", bytes).ok());
    CHECK(read_file(dir / "data.bin") == bytes);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"data.bin"});

    REQUIRE(write_file_durably(dir / "empty", "").ok());
    CHECK(fs::file_size(dir / "empty") == 0);

    // A new file streamed in pieces holds the same bytes.
    auto file = DurableFile::create(dir / "streamed.bin");
    REQUIRE(file.ok());
    for (std::size_t at = 0; at < bytes.size(); at += 1000)
        REQUIRE(file->write(std::string_view(bytes).substr(at, 1000)).ok());
    REQUIRE(file->finish().ok());
    CHECK(read_file(dir / "streamed.bin") == bytes);
}

TEST_CASE("a failing write leaves no partial file and no target") {
    TempDir dir("durable");
    std::string message;
    {
        // RLIMIT_FSIZE makes the write fail as on a full disk (EFBIG), also for root.
        const FileSizeLimit full(4096);
        const auto written = write_file_durably(dir / "receipts.jsonl", awkward_bytes());
        REQUIRE_FALSE(written.ok());
        message = written.error().message;
    }
    CAPTURE(message);
    CHECK(message.find("receipts.jsonl") != std::string::npos);
    CHECK(message.find("write") != std::string::npos);
    CHECK(names_in(dir.path()).empty());

    // The same for a new file that fails while streamed, and for one never finished.
    {
        const FileSizeLimit full(4096);
        auto file = DurableFile::create(dir / "summary.json");
        REQUIRE(file.ok());
        CHECK_FALSE(file->write(awkward_bytes()).ok());
    }
    {
        auto file = DurableFile::create(dir / "abandoned.json");
        REQUIRE(file.ok());
        REQUIRE(file->write("half").ok());
    }
    CHECK(names_in(dir.path()).empty());
}

TEST_CASE("a failure is worded by the caller with the step and errno") {
    TempDir dir("durable");
    FileOptions options;
    options.describe = [](const FileFailure& f) {
        return std::string(f.step == FileStep::Write && f.err == EFBIG ? "the stick is full" : "something else");
    };
    const FileSizeLimit full(10);
    const auto written = write_file_durably(dir / "x", std::string(100, 'x'), options);
    REQUIRE_FALSE(written.ok());
    CHECK(written.error().message == "the stick is full");
}

TEST_CASE("an existing target is replaced atomically") {
    TempDir dir("durable");
    const fs::path target = dir / "manifest.json";
    write_file(target, "old manifest\n");
    // An open reader keeps the old file whole: the new one arrives under the name in one rename.
    std::ifstream reader(target, std::ios::binary);
    REQUIRE(write_file_durably(target, "new manifest\n").ok());
    CHECK(read_file(target) == "new manifest\n");
    std::ostringstream seen_by_reader;
    seen_by_reader << reader.rdbuf();
    CHECK(seen_by_reader.str() == "old manifest\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"manifest.json"});

    // A write that fails leaves the old file as it was.
    {
        const FileSizeLimit full(4096);
        CHECK_FALSE(write_file_durably(target, awkward_bytes()).ok());
    }
    CHECK(read_file(target) == "new manifest\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"manifest.json"});

    // A temporary file left by an interrupted run does not stop the next one.
    write_file(dir / "manifest.json.partial", "left by a power cut");
    REQUIRE(write_file_durably(target, "third\n").ok());
    CHECK(read_file(target) == "third\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"manifest.json"});
}

TEST_CASE("a symlink at the target is not followed") {
    TempDir dir("durable");
    const fs::path elsewhere = dir / "elsewhere.txt";
    write_file(elsewhere, "not yours");

    // A new file refuses a link at its name.
    fs::create_symlink(elsewhere, dir / "summary.json");
    const auto created = DurableFile::create(dir / "summary.json");
    REQUIRE_FALSE(created.ok());
    CHECK(created.error().message.find("summary.json") != std::string::npos);
    CHECK(read_file(elsewhere) == "not yours");
    CHECK(fs::is_symlink(fs::symlink_status(dir / "summary.json")));

    // A replaced file replaces the link itself, and a link planted at the temporary name is
    // removed, not written through.
    fs::create_symlink(elsewhere, dir / "receipts.jsonl");
    fs::create_symlink(elsewhere, dir / "receipts.jsonl.partial");
    REQUIRE(write_file_durably(dir / "receipts.jsonl", "receipts\n").ok());
    CHECK(read_file(elsewhere) == "not yours");
    CHECK_FALSE(fs::is_symlink(fs::symlink_status(dir / "receipts.jsonl")));
    CHECK(read_file(dir / "receipts.jsonl") == "receipts\n");
    CHECK_FALSE(fs::exists(fs::symlink_status(dir / "receipts.jsonl.partial")));
}

TEST_CASE("a key file gets exactly its mode whatever the umask") {
    TempDir dir("durable");
    const mode_t old_umask = ::umask(077);
    FileOptions options;
    options.mode = 0644;
    options.exact_mode = true;
    auto file = DurableFile::create(dir / "key.public", options);
    ::umask(old_umask);
    REQUIRE(file.ok());
    REQUIRE(file->write("key\n").ok());
    REQUIRE(file->finish().ok());
    struct stat st {};
    REQUIRE(::stat((dir / "key.public").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0644);
}

TEST_CASE("a folder that is not there is a failure of the folder step") {
    TempDir dir("durable");
    FileFailure seen;
    FileOptions options;
    options.describe = [&seen](const FileFailure& f) {
        seen = f;
        return describe_file_failure(f);
    };
    CHECK_FALSE(write_file_durably(dir / "gone" / "x", "x", options).ok());
    CHECK(seen.step == FileStep::OpenFolder);
    CHECK(seen.err == ENOENT);
    CHECK(sync_folder(dir.path()).ok());
    CHECK_FALSE(sync_folder(dir / "gone").ok());
}
