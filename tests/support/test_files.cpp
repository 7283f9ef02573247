#include "test_files.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

namespace ruhr::test {

fs::path source_dir() { return fs::path(RUHR_SOURCE_DIR); }

fs::path default_pack_dir() { return source_dir() / "content" / "default"; }

TempDir::TempDir(std::string_view purpose) {
    // pid plus random bits: ctest may run several test processes at once.
    std::random_device rd;
    const auto bits = (static_cast<unsigned long long>(rd()) << 32) ^ rd();
    std::ostringstream name;
    name << "ruhr-test-" << purpose << '-' << ::getpid() << '-' << std::hex << bits;
    m_path = fs::temp_directory_path() / name.str();
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::string read_existing_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

void write_file(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    REQUIRE_MESSAGE(!out.fail(), "cannot write " << path);
}

}  // namespace ruhr::test
