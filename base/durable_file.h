#pragma once
// Durable files: when a write returns, its bytes are on the medium under their final name, and
// a power cut or a pulled stick never leaves half a file under that name. The steps are the
// usual ones (write a new or temporary file, fsync it, rename it into place, fsync the folder);
// every failure keeps its step and errno, so each caller words it for its own reader (staff at
// the kiosk, an operator at the collector, a content author at ruhr-kiosk-pack).
//
// Files are opened relative to a descriptor of their folder (openat, renameat, unlinkat) with
// O_NOFOLLOW and O_EXCL, so a symbolic link planted at a file's name is never written through.
// The *_in() forms take a Folder (base/folder.h) that was reached without following any link:
// every write to a USB stick goes that way, so a link at a folder's name cannot redirect it
// either. The path forms open the folder by its path, for the kiosk's own disk.

#include "base/folder.h"
#include "base/result.h"

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace ruhr {

/// The step of a durable write that failed.
enum class FileStep { Create, Write, Sync, Close, Rename, OpenFolder, SyncFolder };

/// A failed step: which one, on which file or folder, and errno.
struct FileFailure {
    FileStep step = FileStep::Create;
    std::filesystem::path path;  // the file (the final name for Rename), or the folder for the folder steps
    int err = 0;
};

/// Turns a failure into the message of the returned Error, in the caller's words.
using DescribeFileFailure = std::function<std::string(const FileFailure&)>;

/// The step as a short verb: "create", "write", "fsync", "close", "rename", "open folder", "fsync folder".
const char* file_step_name(FileStep step);

/// The plain wording, used when a caller passes none: "cannot write a/b (fsync: Input/output error)".
std::string describe_file_failure(const FileFailure& failure);

/// The value of a durable operation that succeeded and has nothing else to return.
struct Durable {};

/// How a durable file is created and how its failures are worded.
struct FileOptions {
    mode_t mode = 0644;
    /// fchmod to exactly `mode` after creating, so the umask cannot change it (key files).
    bool exact_mode = false;
    /// Empty: describe_file_failure.
    DescribeFileFailure describe;
    /// More bytes than this fail the write (EFBIG) and leave no file: 0 is no limit. For media
    /// whose space is not ours to fill without bound (a log on a stick).
    std::uintmax_t max_bytes = 0;
};

/// A file being written through its descriptor (so each failure keeps its errno; std::ofstream
/// would hide it), buffered, and made durable by finish(). One destroyed before finish()
/// succeeded is removed again: a failed write leaves no partial file behind.
class DurableFile {
public:
    /// A new file at `path`, which must not exist yet, not even as a symbolic link (O_EXCL).
    /// finish() fsyncs the file but not its folder: callers that write several files into one
    /// folder sync it once with sync_folder().
    static Result<DurableFile> create(const std::filesystem::path& path, FileOptions options = {});
    /// A file that replaces `path` (or makes it) when finished: it is written as
    /// `<path>.partial` and finish() renames it over `path` and fsyncs the folder. Until then
    /// readers see the old file; a symbolic link at `path` is replaced, never followed.
    static Result<DurableFile> replace(const std::filesystem::path& path, FileOptions options = {});
    /// create() and replace() for the file `name` in `folder`, which stays the caller's.
    static Result<DurableFile> create_in(const Folder& folder, std::string_view name, FileOptions options = {});
    static Result<DurableFile> replace_in(const Folder& folder, std::string_view name, FileOptions options = {});

    DurableFile(DurableFile&& other) noexcept;
    DurableFile& operator=(DurableFile&& other) noexcept;
    DurableFile(const DurableFile&) = delete;
    DurableFile& operator=(const DurableFile&) = delete;
    ~DurableFile();

    /// Appends bytes; they go to the file in pieces of 64 KiB and at finish().
    Result<Durable> write(std::string_view bytes);
    /// Writes the rest, fsyncs and closes (and, for replace(), renames and syncs the folder):
    /// success means the bytes are on the medium under the final name.
    Result<Durable> finish();

private:
    DurableFile(int folder_fd, std::filesystem::path path, std::string name, bool replacing, FileOptions options);
    static Result<DurableFile> open_in_folder(int folder_fd, const std::filesystem::path& path, std::string name,
                                              bool replacing, FileOptions options);
    Error fail(FileStep step, const std::filesystem::path& path, int err) const;
    Result<Durable> flush();
    void discard() noexcept;

    int m_folder_fd = -1;
    int m_fd = -1;
    std::filesystem::path m_path;  // the final name
    std::string m_name;            // the name written in the folder: the final one, or <name>.partial
    bool m_replacing = false;
    bool m_finished = false;
    FileOptions m_options;
    std::string m_buffer;
    std::uintmax_t m_written = 0;  // bytes passed to write(), against max_bytes
};

/// Writes `bytes` to `path` durably (DurableFile::replace): readers see the old file or the
/// whole new one. After a failure there is no temporary file and an old `path` is unchanged,
/// unless only the last step, the folder's fsync, failed: the new file is then in place.
Result<Durable> write_file_durably(const std::filesystem::path& path, std::string_view bytes, FileOptions options = {});

/// write_file_durably for the file `name` in `folder`.
Result<Durable> write_file_durably_in(const Folder& folder, std::string_view name, std::string_view bytes,
                                      FileOptions options = {});

/// fsyncs a folder, so the names created or renamed in it survive a power cut.
Result<Durable> sync_folder(const std::filesystem::path& dir, const DescribeFileFailure& describe = {});

}  // namespace ruhr
