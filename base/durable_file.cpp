#include "base/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cassert>
#include <cerrno>
#include <cstring>

#include <utility>

namespace ruhr {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_write_piece = 1 << 16;

// The folder a path names its file in: "." for a bare file name.
fs::path folder_of(const fs::path& path) {
    fs::path dir = path.parent_path();
    return dir.empty() ? fs::path(".") : dir;
}

int open_folder(const fs::path& dir) { return ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); }

}  // namespace

const char* file_step_name(FileStep step) {
    switch (step) {
    case FileStep::Create: return "create";
    case FileStep::Write: return "write";
    case FileStep::Sync: return "fsync";
    case FileStep::Close: return "close";
    case FileStep::Rename: return "rename";
    case FileStep::OpenFolder: return "open folder";
    case FileStep::SyncFolder: return "fsync folder";
    }
    return "write";
}

std::string describe_file_failure(const FileFailure& failure) {
    return "cannot write " + failure.path.string() + " (" + file_step_name(failure.step) + ": " +
           std::strerror(failure.err) + ")";
}

DurableFile::DurableFile(int folder_fd, fs::path path, std::string name, bool replacing, FileOptions options)
    : m_folder_fd(folder_fd),
      m_path(std::move(path)),
      m_name(std::move(name)),
      m_replacing(replacing),
      m_options(std::move(options)) {}

DurableFile::DurableFile(DurableFile&& other) noexcept
    : m_folder_fd(std::exchange(other.m_folder_fd, -1)),
      m_fd(std::exchange(other.m_fd, -1)),
      m_path(std::move(other.m_path)),
      m_name(std::move(other.m_name)),
      m_replacing(other.m_replacing),
      m_finished(std::exchange(other.m_finished, true)),
      m_options(std::move(other.m_options)),
      m_buffer(std::move(other.m_buffer)),
      m_written(other.m_written) {}

DurableFile& DurableFile::operator=(DurableFile&& other) noexcept {
    if (this != &other) {
        discard();
        m_folder_fd = std::exchange(other.m_folder_fd, -1);
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
        m_name = std::move(other.m_name);
        m_replacing = other.m_replacing;
        m_finished = std::exchange(other.m_finished, true);
        m_options = std::move(other.m_options);
        m_buffer = std::move(other.m_buffer);
        m_written = other.m_written;
    }
    return *this;
}

DurableFile::~DurableFile() { discard(); }

// Closes what is open and, unless finish() succeeded, removes the file written so far; best
// effort, since the medium may be gone.
void DurableFile::discard() noexcept {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_finished && m_folder_fd >= 0 && !m_name.empty()) ::unlinkat(m_folder_fd, m_name.c_str(), 0);
    m_finished = true;
    if (m_folder_fd >= 0) ::close(m_folder_fd);
    m_folder_fd = -1;
}

Result<DurableFile> DurableFile::create(const fs::path& path, FileOptions options) {
    return open_in_folder(-1, path, path.filename().string(), false, std::move(options));
}

Result<DurableFile> DurableFile::replace(const fs::path& path, FileOptions options) {
    return open_in_folder(-1, path, path.filename().string() + ".partial", true, std::move(options));
}

Result<DurableFile> DurableFile::create_in(const Folder& folder, std::string_view name, FileOptions options) {
    return open_in_folder(folder.fd(), folder.path() / std::string(name), std::string(name), false, std::move(options));
}

Result<DurableFile> DurableFile::replace_in(const Folder& folder, std::string_view name, FileOptions options) {
    return open_in_folder(folder.fd(), folder.path() / std::string(name), std::string(name) + ".partial", true,
                          std::move(options));
}

// `folder_fd` < 0: the folder is opened by the path's parent; otherwise a copy of it is used.
Result<DurableFile> DurableFile::open_in_folder(int folder_fd, const fs::path& path, std::string name, bool replacing,
                                                FileOptions options) {
    const auto describe = options.describe ? options.describe : DescribeFileFailure(describe_file_failure);
    const fs::path dir = folder_of(path);
    const std::string final_name = path.filename().string();
    if (final_name.empty() || final_name == "." || final_name == ".." || name.find('/') != std::string::npos)
        return Error{ErrorKind::Invalid, describe({FileStep::Create, path, EINVAL})};
    const int own_fd = folder_fd < 0 ? open_folder(dir) : ::fcntl(folder_fd, F_DUPFD_CLOEXEC, 0);
    if (own_fd < 0) return Error{errno_kind(errno), describe({FileStep::OpenFolder, dir, errno})};
    // Not yet created: a failure from here on must not remove a file of the same name that is
    // someone else's, so the name is set only once the file is ours.
    DurableFile file(own_fd, path, std::string(), replacing, std::move(options));
    // A temporary file left by an interrupted run goes first; unlinkat removes a symbolic link
    // itself, never what it points to.
    if (replacing) ::unlinkat(own_fd, name.c_str(), 0);
    const int fd =
        ::openat(own_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, file.m_options.mode);
    if (fd < 0) return file.fail(FileStep::Create, dir / name, errno);
    file.m_fd = fd;
    file.m_name = std::move(name);
    // The umask may have removed bits, never added any: fchmod makes the mode exact.
    if (file.m_options.exact_mode && ::fchmod(fd, file.m_options.mode) != 0)
        return file.fail(FileStep::Create, dir / file.m_name, errno);
    return Result<DurableFile>(std::move(file));
}

Error DurableFile::fail(FileStep step, const fs::path& path, int err) const {
    const FileFailure failure{step, path, err};
    return Error{errno_kind(err), m_options.describe ? m_options.describe(failure) : describe_file_failure(failure)};
}

Result<Durable> DurableFile::write(std::string_view bytes) {
    m_written += bytes.size();
    if (m_options.max_bytes > 0 && m_written > m_options.max_bytes)
        return fail(FileStep::Write, folder_of(m_path) / m_name, EFBIG);
    m_buffer.append(bytes);
    if (m_buffer.size() >= k_write_piece) return flush();
    return Durable{};
}

Result<Durable> DurableFile::flush() {
    assert(m_fd >= 0);
    std::size_t done = 0;
    while (done < m_buffer.size()) {
        const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
        if (n < 0 && errno == EINTR) continue;
        // A write of nothing is a full medium that did not say so.
        if (n <= 0) return fail(FileStep::Write, folder_of(m_path) / m_name, n < 0 ? errno : ENOSPC);
        done += static_cast<std::size_t>(n);
    }
    m_buffer.clear();
    return Durable{};
}

Result<Durable> DurableFile::finish() {
    const fs::path written = folder_of(m_path) / m_name;
    if (auto flushed = flush(); !flushed) return flushed;
    if (::fsync(m_fd) != 0) return fail(FileStep::Sync, written, errno);
    const int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0) return fail(FileStep::Close, written, errno);
    if (m_replacing) {
        const std::string final_name = m_path.filename().string();
        if (::renameat(m_folder_fd, m_name.c_str(), m_folder_fd, final_name.c_str()) != 0)
            return fail(FileStep::Rename, m_path, errno);
        // From here the file is in place under its final name: a failing folder sync must not
        // remove it, so it counts as written.
        m_finished = true;
        if (::fsync(m_folder_fd) != 0) return fail(FileStep::SyncFolder, folder_of(m_path), errno);
    }
    m_finished = true;
    return Durable{};
}

Result<Durable> write_file_durably(const fs::path& path, std::string_view bytes, FileOptions options) {
    auto file = DurableFile::replace(path, std::move(options));
    if (!file) return file.error();
    if (auto written = file->write(bytes); !written) return written;
    return file->finish();
}

Result<Durable> write_file_durably_in(const Folder& folder, std::string_view name, std::string_view bytes,
                                      FileOptions options) {
    auto file = DurableFile::replace_in(folder, name, std::move(options));
    if (!file) return file.error();
    if (auto written = file->write(bytes); !written) return written;
    return file->finish();
}

Result<Durable> sync_folder(const fs::path& dir, const DescribeFileFailure& describe) {
    const auto failed = [&](FileStep step, int err) {
        const FileFailure failure{step, dir, err};
        return Error{describe ? describe(failure) : describe_file_failure(failure)};
    };
    const int fd = open_folder(dir);
    if (fd < 0) return failed(FileStep::OpenFolder, errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return failed(FileStep::SyncFolder, err);
    return Durable{};
}

}  // namespace ruhr
