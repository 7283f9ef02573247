#include "test_support.h"

#include <doctest/doctest.h>
#include <stb_image_write.h>

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
    name << "ruhr-unit-" << purpose << '-' << ::getpid() << '-' << std::hex << bits;
    m_path = fs::temp_directory_path() / name.str();
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

TempPack::TempPack() : m_dir("pack") {
    fs::copy(default_pack_dir(), root(), fs::copy_options::recursive);
}

std::string TempPack::read_text(std::string_view rel) const {
    std::ifstream in(file(rel), std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << file(rel));
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

void TempPack::write_text(std::string_view rel, std::string_view bytes) const {
    std::ofstream out(file(rel), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE_MESSAGE(out.good(), "cannot write " << file(rel));
}

nlohmann::json TempPack::read_json(std::string_view rel) const { return nlohmann::json::parse(read_text(rel)); }

void TempPack::write_json(std::string_view rel, const nlohmann::json& j) const { write_text(rel, j.dump(2)); }

bool write_png(const fs::path& path, int width, int height) {
    std::vector<unsigned char> px(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            unsigned char* p = &px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3];
            p[0] = static_cast<unsigned char>(x & 0xFF);
            p[1] = static_cast<unsigned char>(y & 0xFF);
            p[2] = 128;
        }
    return stbi_write_png(path.c_str(), width, height, 3, px.data(), width * 3) != 0;
}

std::string describe(const std::vector<PackProblem>& problems) {
    if (problems.empty()) return "(no problems)";
    std::string out;
    for (const PackProblem& p : problems) out += "\n  [" + p.file + "] [" + p.field + "] " + p.message;
    return out;
}

bool has_problem(const std::vector<PackProblem>& problems, std::string_view file, std::string_view field,
                 std::string_view needle) {
    for (const PackProblem& p : problems)
        if (p.file == file && p.field == field && p.message.find(needle) != std::string::npos) return true;
    return false;
}

ContentPack load_default_pack() {
    PackLoad load = load_content_pack(default_pack_dir());
    REQUIRE_MESSAGE(load.pack.has_value(), "content/default does not load:" << describe(load.problems));
    return std::move(*load.pack);
}

} // namespace ruhr::test
