#pragma once
// Files for tests, shared by the unit and the pack tests: where the source tree is, temporary
// folders, and whole-file reads and writes; and ScopeBound, the base of the helpers here and
// in the unit tests that undo something at scope end.

#include <filesystem>
#include <string>
#include <string_view>

namespace ruhr::test {

namespace fs = std::filesystem;

/// The source tree (set by CMake), so tests find content/default wherever they run.
fs::path source_dir();
/// content/default in the source tree.
fs::path default_pack_dir();

/// A base for the test helpers that undo something at scope end (remove a folder, close a
/// connection, restore a limit): a copy would undo it twice, so there are none.
class ScopeBound {
protected:
    ScopeBound() = default;
    ~ScopeBound() = default;

public:
    ScopeBound(const ScopeBound&) = delete;
    ScopeBound& operator=(const ScopeBound&) = delete;
};

/// A fresh folder under the system temp folder; removed with everything in it at scope end.
class TempDir : ScopeBound {
public:
    explicit TempDir(std::string_view purpose);
    ~TempDir();

    const fs::path& path() const { return m_path; }
    fs::path operator/(std::string_view rel) const { return m_path / fs::path(rel); }

private:
    fs::path m_path;
};

/// The bytes of a file ("" when it cannot be read).
std::string read_file(const fs::path& path);
/// The bytes of a file; fails the running test when it cannot be read.
std::string read_existing_file(const fs::path& path);
/// Writes `bytes` to `path`, replacing it; fails the running test when that fails.
void write_file(const fs::path& path, std::string_view bytes);

}  // namespace ruhr::test
