#pragma once
// Folders held open by a descriptor, for media nobody vouches for: a USB stick, an export
// folder an operator copied from one. Everything below a folder is reached relative to its
// descriptor (openat, mkdirat, renameat, unlinkat) one name at a time, and no name is ever
// followed when it is a symbolic link: a link planted on a stick at "ruhr-kiosk", "export",
// "logs" or a file's name is refused, so no write meant for the stick can land on the kiosk's
// own disk and no read can bring in a file from elsewhere. Reads are bounded in size, and a
// name that is not a regular file (a FIFO that would block, a device) is refused too.
//
// Only the folder passed to Folder::open() is opened by its path, and so may itself be
// reached through links: it is the one the caller trusts (a mount point from
// /proc/self/mounts, a path an operator typed).

#include "base/result.h"

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ruhr {

/// The kind of an errno as base/result.h names kinds: ENOSPC is storage-full, EROFS read-only,
/// ELOOP (a link where none may be) refused ...
ErrorKind errno_kind(int err);

/// A file opened for reading below a Folder: a regular file, never through a link.
class ReadFile {
public:
    ReadFile(ReadFile&& other) noexcept;
    ReadFile& operator=(ReadFile&& other) noexcept;
    ReadFile(const ReadFile&) = delete;
    ReadFile& operator=(const ReadFile&) = delete;
    ~ReadFile();

    /// The file's size when it was opened.
    std::uintmax_t size() const { return m_size; }
    /// Reads up to `n` bytes into `out`; 0 at the end of the file.
    Result<std::size_t> read(char* out, std::size_t n);
    /// Back to the start, to read the same file again (not a file that took its name since).
    Status rewind();
    /// Calls `line` for each line without its '\n' (a last line without one too). A line longer
    /// than `max_line` bytes ends the reading with an Invalid error: a file without newlines
    /// cannot make the reader hold it whole. `line` returns false to stop early.
    Status for_each_line(std::size_t max_line, const std::function<bool(std::string_view)>& line);

private:
    friend class Folder;
    ReadFile(int fd, std::filesystem::path path, std::uintmax_t size);
    int m_fd = -1;
    std::filesystem::path m_path;  // for messages
    std::uintmax_t m_size = 0;
};

/// A name in a folder and what it is, as the name itself is (a link is a Link, whatever it
/// points to).
struct FolderEntry {
    enum class Type { File, Folder, Link, Other };
    std::string name;
    Type type = Type::Other;
};

/// A folder held open by its descriptor. Movable, not copyable; closes on destruction.
class Folder {
public:
    enum class Create { No, Yes };

    /// The folder at `path`, which the caller trusts (see above).
    static Result<Folder> open(const std::filesystem::path& path);

    Folder(Folder&& other) noexcept;
    Folder& operator=(Folder&& other) noexcept;
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    ~Folder();

    /// The folder `relative` below this one ("ruhr-kiosk/logs"), one name at a time: each must
    /// be a real folder, never a symbolic link. With Create::Yes missing ones are made (0755).
    /// A relative path with "..", or an absolute one, is refused.
    Result<Folder> open_sub(const std::filesystem::path& relative, Create create = Create::No) const;
    /// Makes the new folder `name` here and opens it; fails (EEXIST) when anything has that name.
    Result<Folder> make_sub(std::string_view name, mode_t mode = 0755) const;
    /// Whether anything, a link included, has `name` here.
    bool has(std::string_view name) const;
    /// Whether `name` is a regular file here (a link to one is not).
    bool has_file(std::string_view name) const;
    /// The names here (without "." and ".."), sorted; at most `max_entries` (more: Invalid).
    Result<std::vector<FolderEntry>> list(std::size_t max_entries = 10000) const;
    /// Opens the regular file `name` for reading; refuses a link, a folder, a FIFO, a device,
    /// and a file larger than `max_bytes` (Invalid, with the limit in the message).
    Result<ReadFile> open_file(std::string_view name, std::uintmax_t max_bytes) const;
    /// The whole regular file `name`, at most `max_bytes` of it (see open_file).
    Result<std::string> read_file(std::string_view name, std::uintmax_t max_bytes) const;
    /// Renames `from` to `to` in this folder; fails when `to` exists (no link or file is replaced).
    Status rename_new(std::string_view from, std::string_view to) const;
    /// Removes `name` and, when it is a folder, what it holds; links are removed, never followed.
    /// Best effort (the stick may be gone): errors are ignored.
    void remove_tree(std::string_view name) const noexcept;
    /// fsyncs the folder, so names made or renamed in it survive a power cut.
    Status sync() const;

    /// The descriptor, for DurableFile and the like; stays owned by this Folder.
    int fd() const { return m_fd; }
    /// The path the folder was reached by: for messages only, never opened again.
    const std::filesystem::path& path() const { return m_path; }

private:
    Folder(int fd, std::filesystem::path path) : m_fd(fd), m_path(std::move(path)) {}
    Error fail(std::string_view doing, const std::filesystem::path& what, int err) const;

    int m_fd = -1;
    std::filesystem::path m_path;
};

}  // namespace ruhr
