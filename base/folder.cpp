#include "base/folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <algorithm>
#include <utility>
#include <vector>

namespace ruhr {

namespace fs = std::filesystem;

namespace {

constexpr int k_folder_flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
// remove_tree goes no deeper: a stick with a folder chain of thousands must not exhaust the stack.
constexpr int k_max_remove_depth = 16;

bool is_plain_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos;
}

std::string text_of(std::string_view name) { return std::string(name); }

// What the error says for an errno: ELOOP from O_NOFOLLOW is a link where none may be.
std::string reason(int err) {
    if (err == ELOOP) return "a symbolic link, refused";
    return std::strerror(err);
}

void remove_below(int folder_fd, const char* name, int depth) noexcept {
    if (::unlinkat(folder_fd, name, 0) == 0) return;
    if (errno != EISDIR && errno != EPERM) return;
    if (depth >= k_max_remove_depth) return;
    const int fd = ::openat(folder_fd, name, k_folder_flags);
    if (fd < 0) return;
    DIR* dir = ::fdopendir(fd);
    if (!dir) {
        ::close(fd);
        return;
    }
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(dir)) {
        const std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
    }
    for (const auto& n : names) remove_below(::dirfd(dir), n.c_str(), depth + 1);
    ::closedir(dir);
    ::unlinkat(folder_fd, name, AT_REMOVEDIR);
}

}  // namespace

ErrorKind errno_kind(int err) {
    switch (err) {
    case ENOSPC:
    case EDQUOT: return ErrorKind::StorageFull;
    case EROFS:
    case EACCES:
    case EPERM: return ErrorKind::ReadOnly;
    case ENOENT:
    case ENODEV:
    case ENXIO: return ErrorKind::NotFound;
    case ELOOP:
    case ENOTDIR: return ErrorKind::Refused;
    case EFBIG:
    case EINVAL: return ErrorKind::Invalid;
    default: return ErrorKind::Io;
    }
}

// ---------------------------------------------------------------- ReadFile

ReadFile::ReadFile(int fd, fs::path path, std::uintmax_t size) : m_fd(fd), m_path(std::move(path)), m_size(size) {}

ReadFile::ReadFile(ReadFile&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path)), m_size(other.m_size) {}

ReadFile& ReadFile::operator=(ReadFile&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
        m_size = other.m_size;
    }
    return *this;
}

ReadFile::~ReadFile() {
    if (m_fd >= 0) ::close(m_fd);
}

Result<std::size_t> ReadFile::read(char* out, std::size_t n) {
    for (;;) {
        const ssize_t got = ::read(m_fd, out, n);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno == EINTR) continue;
        const int err = errno;
        return Error{errno_kind(err), "cannot read " + m_path.string() + " (" + std::strerror(err) + ")"};
    }
}

Status ReadFile::rewind() {
    if (::lseek(m_fd, 0, SEEK_SET) != 0) {
        const int err = errno;
        return Error{errno_kind(err), "cannot read " + m_path.string() + " (" + std::strerror(err) + ")"};
    }
    return ok_status();
}

Status ReadFile::for_each_line(std::size_t max_line, const std::function<bool(std::string_view)>& line) {
    std::string pending;
    char buffer[1 << 16];
    for (;;) {
        auto got = read(buffer, sizeof buffer);
        if (!got) return got.error();
        if (*got == 0) break;
        std::string_view chunk(buffer, *got);
        while (!chunk.empty()) {
            const auto nl = chunk.find('\n');
            const std::string_view piece = chunk.substr(0, nl);
            if (pending.size() + piece.size() > max_line)
                return Error{ErrorKind::Invalid, m_path.filename().string() + " has a line longer than " +
                                                     std::to_string(max_line) + " bytes"};
            if (nl == std::string_view::npos) {
                pending.append(piece);
                break;
            }
            bool go_on = true;
            if (pending.empty()) {
                go_on = line(piece);
            } else {
                pending.append(piece);
                go_on = line(pending);
                pending.clear();
            }
            if (!go_on) return ok_status();
            chunk.remove_prefix(nl + 1);
        }
    }
    if (!pending.empty()) line(pending);
    return ok_status();
}

// ---------------------------------------------------------------- Folder

Result<Folder> Folder::open(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        return Error{errno_kind(err), "cannot open the folder " + path.string() + " (" + std::strerror(err) + ")"};
    }
    return Folder(fd, path);
}

Folder::Folder(Folder&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path)) {}

Folder& Folder::operator=(Folder&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

Folder::~Folder() {
    if (m_fd >= 0) ::close(m_fd);
}

Error Folder::fail(std::string_view doing, const fs::path& what, int err) const {
    return Error{errno_kind(err), "cannot " + std::string(doing) + " " + what.string() + " (" + reason(err) + ")"};
}

Result<Folder> Folder::open_sub(const fs::path& relative, Create create) const {
    if (relative.is_absolute()) return fail("open the folder", relative, EINVAL);
    int fd = ::fcntl(m_fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) return fail("open the folder", m_path, errno);
    Folder at(fd, m_path);
    for (const auto& part : relative) {
        const std::string name = part.string();
        if (name.empty() || name == ".") continue;
        const fs::path next = at.m_path / name;
        if (!is_plain_name(name)) return fail("open the folder", next, EINVAL);
        int sub = ::openat(at.m_fd, name.c_str(), k_folder_flags);
        if (sub < 0 && errno == ENOENT && create == Create::Yes) {
            if (::mkdirat(at.m_fd, name.c_str(), 0755) != 0 && errno != EEXIST)
                return fail("make the folder", next, errno);
            sub = ::openat(at.m_fd, name.c_str(), k_folder_flags);
        }
        if (sub < 0) return fail("open the folder", next, errno);
        at = Folder(sub, next);
    }
    return at;
}

Result<Folder> Folder::make_sub(std::string_view name, mode_t mode) const {
    const fs::path next = m_path / text_of(name);
    if (!is_plain_name(name)) return fail("make the folder", next, EINVAL);
    if (::mkdirat(m_fd, text_of(name).c_str(), mode) != 0) return fail("make the folder", next, errno);
    const int fd = ::openat(m_fd, text_of(name).c_str(), k_folder_flags);
    if (fd < 0) return fail("open the folder", next, errno);
    return Folder(fd, next);
}

bool Folder::has(std::string_view name) const {
    struct stat st {};
    return is_plain_name(name) && ::fstatat(m_fd, text_of(name).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool Folder::has_file(std::string_view name) const {
    struct stat st {};
    return is_plain_name(name) && ::fstatat(m_fd, text_of(name).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
           S_ISREG(st.st_mode);
}

Result<std::vector<FolderEntry>> Folder::list(std::size_t max_entries) const {
    // A descriptor of its own: readdir moves the position of the one it is given.
    const int fd = ::openat(m_fd, ".", k_folder_flags);
    if (fd < 0) return fail("list", m_path, errno);
    DIR* dir = ::fdopendir(fd);
    if (!dir) {
        const int err = errno;
        ::close(fd);
        return fail("list", m_path, err);
    }
    std::vector<FolderEntry> entries;
    errno = 0;
    while (const dirent* e = ::readdir(dir)) {
        const std::string_view n = e->d_name;
        if (n == "." || n == "..") continue;
        if (entries.size() >= max_entries) {
            ::closedir(dir);
            return Error{ErrorKind::Invalid,
                         m_path.string() + " holds more than " + std::to_string(max_entries) + " names"};
        }
        FolderEntry entry{std::string(n), FolderEntry::Type::Other};
        struct stat st {};
        if (::fstatat(m_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            if (S_ISREG(st.st_mode)) entry.type = FolderEntry::Type::File;
            if (S_ISDIR(st.st_mode)) entry.type = FolderEntry::Type::Folder;
            if (S_ISLNK(st.st_mode)) entry.type = FolderEntry::Type::Link;
        }
        entries.push_back(std::move(entry));
    }
    const int err = errno;
    ::closedir(dir);
    if (err != 0) return fail("list", m_path, err);
    std::sort(entries.begin(), entries.end(),
              [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
    return entries;
}

Result<ReadFile> Folder::open_file(std::string_view name, std::uintmax_t max_bytes) const {
    const fs::path file = m_path / text_of(name);
    if (!is_plain_name(name)) return fail("read", file, EINVAL);
    // O_NONBLOCK: opening a FIFO planted under the name must not wait for a writer.
    const int fd = ::openat(m_fd, text_of(name).c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return fail("read", file, errno);
    ReadFile opened(fd, file, 0);
    struct stat st {};
    if (::fstat(fd, &st) != 0) return fail("read", file, errno);
    if (!S_ISREG(st.st_mode)) return Error{ErrorKind::Refused, "cannot read " + file.string() + " (not a plain file)"};
    const auto size = static_cast<std::uintmax_t>(st.st_size);
    if (size > max_bytes)
        return Error{ErrorKind::Invalid, file.string() + " is too large (" + std::to_string(size) + " bytes; at most " +
                                             std::to_string(max_bytes) + ")"};
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    opened.m_size = size;
    return opened;
}

Result<std::string> Folder::read_file(std::string_view name, std::uintmax_t max_bytes) const {
    auto file = open_file(name, max_bytes);
    if (!file) return file.error();
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(file->size()));
    char buffer[1 << 16];
    for (;;) {
        auto got = file->read(buffer, sizeof buffer);
        if (!got) return got.error();
        if (*got == 0) break;
        // A file that grows while it is read is held to the same limit.
        if (bytes.size() + *got > max_bytes)
            return Error{ErrorKind::Invalid, (m_path / text_of(name)).string() + " grew beyond " +
                                                 std::to_string(max_bytes) + " bytes while it was read"};
        bytes.append(buffer, *got);
    }
    return bytes;
}

Status Folder::rename_new(std::string_view from, std::string_view to) const {
    const fs::path target = m_path / text_of(to);
    if (!is_plain_name(from) || !is_plain_name(to)) return fail("rename to", target, EINVAL);
    if (::renameat2(m_fd, text_of(from).c_str(), m_fd, text_of(to).c_str(), RENAME_NOREPLACE) == 0) return ok_status();
    // A file system without RENAME_NOREPLACE: check, then rename (the stick is not shared).
    if (errno != EINVAL && errno != ENOSYS) return fail("rename to", target, errno);
    if (has(to)) return fail("rename to", target, EEXIST);
    if (::renameat(m_fd, text_of(from).c_str(), m_fd, text_of(to).c_str()) != 0)
        return fail("rename to", target, errno);
    return ok_status();
}

void Folder::remove_tree(std::string_view name) const noexcept {
    if (!is_plain_name(name)) return;
    remove_below(m_fd, text_of(name).c_str(), 0);
}

Status Folder::sync() const {
    if (::fsync(m_fd) != 0) return fail("sync the folder", m_path, errno);
    return ok_status();
}

}  // namespace ruhr
