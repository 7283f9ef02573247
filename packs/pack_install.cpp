#include "packs/pack_install.h"

#include "base/durable_file.h"
#include "base/folder.h"
#include "packs/image_scale.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <stb_image.h>
#include <stb_image_write.h>

#include <fcntl.h>
#include <unistd.h>

namespace ruhr {

namespace fs = std::filesystem;

namespace {

fs::path packs_dir(const fs::path& data_dir) { return data_dir / "packs"; }

std::optional<fs::path> link_target(const fs::path& data_dir, const char* name) {
    std::error_code ec;
    const fs::path link = packs_dir(data_dir) / name;
    if (!fs::is_symlink(fs::symlink_status(link, ec))) return std::nullopt;
    const fs::path target = fs::read_symlink(link, ec);
    // Only a folder name inside packs/ counts: a link elsewhere was not made by us.
    if (ec || target.has_parent_path() || target.empty()) return std::nullopt;
    const fs::path dir = packs_dir(data_dir) / target;
    if (!fs::is_directory(dir, ec) || !fs::exists(dir / "manifest.json", ec)) return std::nullopt;
    return dir;
}

// "20261126T091403Z-120": the milliseconds tell apart two installs in one second.
std::string utc_stamp(const WallClock& wall) {
    const std::int64_t now = wall.unix_ms();
    return format_utc(now, UtcFormat::Compact) + "-" + std::to_string(now % 1000);
}

std::string errno_text(int e) {
    switch (e) {
    case ENOSPC:
    case EFBIG: return "the kiosk's disk is full";
    case ENOENT:
    case ENODEV:
    case ENXIO:
    case EIO: return "the stick was removed or cannot be read (" + std::string(std::strerror(e)) + ")";
    case EROFS: return "the kiosk's storage is read-only";
    default: return std::strerror(e);
    }
}

// The kind of a failed copy, in the words of errno_text: the pack was verified on the stick
// just before, so a file gone now means the stick went (Io), not that there is no pack.
ErrorKind copy_errno_kind(int e) {
    switch (e) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG: return ErrorKind::StorageFull;
    case EROFS: return ErrorKind::ReadOnly;
    case ENOENT:
    case ENODEV:
    case ENXIO:
    case EIO: return ErrorKind::Io;
    default: return errno_kind(e);
    }
}

// Copies one file and makes it durable; errors name the file and the cause.
std::optional<Error> copy_file_synced(const fs::path& from, const fs::path& to, const std::string& rel) {
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0) return Error{copy_errno_kind(errno), rel + ": " + errno_text(errno)};
    FileOptions options;
    int failed_errno = 0;  // what the kiosk's side of the copy ran into, for the kind
    options.describe = [&rel, &failed_errno](const FileFailure& f) {
        failed_errno = f.err;
        if (f.step == FileStep::Create || f.step == FileStep::OpenFolder)
            return rel + ": cannot write the copy: " + errno_text(f.err);
        return rel + ": " + errno_text(f.err) + (f.step == FileStep::Write ? " while copying" : " while saving");
    };
    const auto written_kind = [&](const Error& e) {
        return Error{failed_errno ? copy_errno_kind(failed_errno) : e.kind, e.message};
    };
    auto out = DurableFile::create(to, std::move(options));
    if (!out) {
        ::close(in);
        return written_kind(out.error());
    }
    std::vector<char> buf(1 << 16);
    std::optional<Error> problem;
    for (;;) {
        const ssize_t n = ::read(in, buf.data(), buf.size());
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            problem = Error{copy_errno_kind(errno), rel + ": " + errno_text(errno) + " while copying"};
            break;
        }
        if (auto w = out->write({buf.data(), static_cast<std::size_t>(n)}); !w) {
            problem = written_kind(w.error());
            break;
        }
    }
    if (!problem)
        if (auto done = out->finish(); !done) problem = written_kind(done.error());
    ::close(in);
    return problem;
}

// Best effort: an install whose folder sync fails is still complete, only less certain to
// survive a power cut in the next seconds.
void sync_dir(const fs::path& dir) { (void)sync_folder(dir); }

// Points packs/<name> at `target` (a folder name in packs/) with one atomic rename.
std::optional<std::string> set_link(const fs::path& data_dir, const char* name, const fs::path& target) {
    std::error_code ec;
    const fs::path tmp = packs_dir(data_dir) / (std::string(".") + name + ".tmp");
    fs::remove(tmp, ec);
    fs::create_directory_symlink(target, tmp, ec);
    if (ec) return "cannot switch the content: " + ec.message();
    fs::rename(tmp, packs_dir(data_dir) / name, ec);
    if (ec) return "cannot switch the content: " + ec.message();
    sync_dir(packs_dir(data_dir));
    return std::nullopt;
}

// Keeps the current and the previous pack; removes older installed folders.
void prune(const fs::path& data_dir) {
    std::error_code ec;
    const auto cur = link_target(data_dir, "current");
    const auto prev = link_target(data_dir, "previous");
    for (const auto& e : fs::directory_iterator(packs_dir(data_dir), ec)) {
        const std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.' || name == "current" || name == "previous") continue;
        if ((cur && e.path() == *cur) || (prev && e.path() == *prev)) continue;
        if (e.is_directory(ec) && !e.is_symlink(ec)) fs::remove_all(e.path(), ec);
    }
}

// Writes scaled copies of the images larger than `max_side` below <dir>/.display/. A copy is
// written under a temporary name, fsynced and renamed, so a power cut never leaves half an
// image where the app would show it.
Result<std::size_t> prescale_images(const fs::path& dir, const std::vector<PackFileEntry>& files, int max_side,
                                    const PackProgressFn& progress, const std::atomic<bool>* cancel) {
    std::size_t scaled = 0, done = 0;
    for (const PackFileEntry& f : files) {
        ++done;
        if (cancel && cancel->load()) return Error{"the import was cancelled; the content was not changed"};
        const std::string ext = fs::path(f.path).extension().string();
        const bool jpeg = ext == ".jpg" || ext == ".jpeg";
        if (!jpeg && ext != ".png") continue;
        const fs::path src = dir / fs::path(f.path);
        int w = 0, h = 0, comp = 0;
        if (!stbi_info(src.c_str(), &w, &h, &comp)) return Error{f.path + ": cannot be read to scale it"};
        if (std::max(w, h) <= max_side) continue;
        if (progress) progress({"scale", f.path, done, files.size()});
        const int channels = jpeg ? 3 : 4;
        unsigned char* px = stbi_load(src.c_str(), &w, &h, &comp, channels);
        if (!px) return Error{f.path + ": cannot be decoded to scale it"};
        const double k = static_cast<double>(max_side) / std::max(w, h);
        const int nw = std::max(1, static_cast<int>(w * k + 0.5)), nh = std::max(1, static_cast<int>(h * k + 0.5));
        const std::vector<std::uint8_t> out = scale_pixels(px, w, h, channels, nw, nh);
        stbi_image_free(px);
        if (out.empty()) return Error{f.path + ": cannot be scaled"};
        const fs::path target = dir / k_display_folder / fs::path(f.path);
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec) return Error{f.path + ": cannot store the scaled copy: " + ec.message()};
        // Encoded in memory (the same bytes stbi_write_* would write) and then written durably.
        std::string encoded;
        const auto append = [](void* context, void* data, int size) {
            static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
        };
        const int written = jpeg
                                ? stbi_write_jpg_to_func(append, &encoded, nw, nh, channels, out.data(), 90)
                                : stbi_write_png_to_func(append, &encoded, nw, nh, channels, out.data(), nw * channels);
        if (!written) return Error{f.path + ": the scaled copy cannot be encoded"};
        FileOptions options;
        options.describe = [&f](const FileFailure& failure) {
            if (failure.step == FileStep::Rename || failure.step == FileStep::OpenFolder)
                return f.path + ": cannot store the scaled copy: " + std::strerror(failure.err);
            return f.path + ": the scaled copy cannot be written (is the disk full?)";
        };
        if (auto stored = write_file_durably(target, encoded, std::move(options)); !stored) return stored.error();
        ++scaled;
    }
    return scaled;
}

std::string safe_name(const std::string& s) {
    std::string out;
    for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
    return out.substr(0, 64);
}

}  // namespace

std::optional<fs::path> installed_pack_dir(const fs::path& data_dir) { return link_target(data_dir, "current"); }
std::optional<fs::path> previous_pack_dir(const fs::path& data_dir) { return link_target(data_dir, "previous"); }

int compare_pack_versions(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        const auto ea = std::min(a.find('.', i), a.size());
        const auto eb = std::min(b.find('.', j), b.size());
        const std::string pa = i < a.size() ? a.substr(i, ea - i) : "";
        const std::string pb = j < b.size() ? b.substr(j, eb - j) : "";
        const bool na = !pa.empty() && pa.find_first_not_of("0123456789") == std::string::npos;
        const bool nb = !pb.empty() && pb.find_first_not_of("0123456789") == std::string::npos;
        if (na && nb) {
            // Compare numbers of any length without overflow: by length, then text.
            const std::string sa = pa.substr(std::min(pa.find_first_not_of('0'), pa.size()));
            const std::string sb = pb.substr(std::min(pb.find_first_not_of('0'), pb.size()));
            if (sa.size() != sb.size()) return sa.size() < sb.size() ? -1 : 1;
            if (sa != sb) return sa < sb ? -1 : 1;
        } else if (pa != pb) {
            return pa < pb ? -1 : 1;
        }
        i = ea + 1;
        j = eb + 1;
    }
    return 0;
}

void clean_pack_staging(const fs::path& data_dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(packs_dir(data_dir), ec))
        if (e.path().filename().string().rfind(".staging-", 0) == 0) fs::remove_all(e.path(), ec);
}

Result<InstallOutcome> install_pack(const fs::path& source, const fs::path& data_dir, const PackTrust& trust,
                                    const PackLimits& limits, const ShownPack& shown, const WallClock& wall,
                                    const PackProgressFn& progress, const std::atomic<bool>* cancel,
                                    int display_max_side) {
    // 1. Everything is checked on the stick before a byte is copied, with the keys that signed
    // packs have added or withdrawn.
    auto history = load_pack_history(data_dir);
    if (!history) return history.error();
    const PackTrust keys = effective_trust(trust, *history);
    auto checked = verify_pack(source, keys, limits, progress);
    // What verify_pack does not name otherwise is wrong with the pack itself (its list, files,
    // JSON, images): staff are told the pack is faulty rather than "an error".
    if (!checked)
        return checked.error().kind == ErrorKind::Other ? Error{ErrorKind::Invalid, checked.error().message}
                                                        : checked.error();
    InstallOutcome out;
    out.pack_id = checked->content.id;
    out.version = checked->content.version;
    out.replaced_version = shown.version;
    out.files = checked->manifest.files.size();
    out.bytes = checked->total_bytes;
    // Only forward: not expired, not below what this kiosk has installed or shows of this id,
    // no second content under a version it knows.
    if (auto expired = check_not_expired(checked->content.expires, wall.unix_ms())) return *expired;
    if (auto bad_keys = check_key_changes(*history, *checked)) return *bad_keys;
    if (auto back = check_moves_forward(*history, out.pack_id, out.version, checked->manifest_sha256)) return *back;
    if (shown.id == out.pack_id && compare_pack_versions(out.version, shown.version) < 0)
        return Error{ErrorKind::Outdated, "version " + out.version + " of \"" + out.pack_id +
                                              "\" is older than version " + shown.version + ", which is shown now"};

    std::error_code ec;
    fs::create_directories(packs_dir(data_dir), ec);
    if (ec) return Error{errno_kind(ec.value()), "cannot create " + packs_dir(data_dir).string() + ": " + ec.message()};
    const auto space = fs::space(packs_dir(data_dir), ec);
    // The copy plus room for the outbox to keep growing.
    const std::uint64_t margin = 64ull * 1024 * 1024;
    if (!ec && space.available < out.bytes + margin)
        return Error{ErrorKind::StorageFull, "not enough free space on the kiosk: the pack needs " +
                                                 std::to_string(out.bytes / (1024 * 1024) + 1) +
                                                 " MiB plus 64 MiB to spare, " +
                                                 std::to_string(space.available / (1024 * 1024)) + " MiB are free"};

    // 2. Copy the listed files, and nothing else, into a staging folder.
    clean_pack_staging(data_dir);
    const std::string stamp = utc_stamp(wall);
    const fs::path staging = packs_dir(data_dir) / (".staging-" + stamp);
    const auto fail = [&](Error error) -> Result<InstallOutcome> {
        std::error_code ignore;
        fs::remove_all(staging, ignore);
        return error;
    };
    fs::create_directory(staging, ec);
    if (ec) return fail(Error{errno_kind(ec.value()), "cannot create the staging folder: " + ec.message()});
    std::vector<std::string> to_copy{"manifest.json"};
    if (fs::exists(source / "manifest.sig", ec)) to_copy.push_back("manifest.sig");
    for (const auto& f : checked->manifest.files) to_copy.push_back(f.path);
    std::size_t done = 0;
    for (const std::string& rel : to_copy) {
        if (cancel && cancel->load()) return fail(Error{"the import was cancelled; the content was not changed"});
        const fs::path target = staging / fs::path(rel);
        fs::create_directories(target.parent_path(), ec);
        if (ec) return fail(Error{errno_kind(ec.value()), rel + ": cannot create its folder: " + ec.message()});
        if (auto problem = copy_file_synced(source / fs::path(rel), target, rel)) return fail(*problem);
        ++done;
        if (progress) progress({"copy", rel, done, to_copy.size()});
    }
    for (const auto& e : fs::recursive_directory_iterator(staging, ec))
        if (e.is_directory()) sync_dir(e.path());
    sync_dir(staging);

    // 3. What was copied is checked again: the stick may have changed after the first check.
    auto again = verify_pack(staging, keys, limits);
    if (!again)
        return fail(Error{ErrorKind::Damaged, "the copy differs from the checked pack: " + again.error().message});
    if (again->content.id != out.pack_id || again->content.version != out.version ||
        again->manifest_sha256 != checked->manifest_sha256)
        return fail(Error{ErrorKind::Damaged, "the pack changed on the stick while it was copied"});

    // 4. Images larger than the screen are stored once more, scaled to it.
    auto scaled = prescale_images(staging, checked->manifest.files, std::max(256, display_max_side), progress, cancel);
    if (!scaled) return fail(scaled.error());
    out.images_scaled = *scaled;
    for (const auto& e : fs::recursive_directory_iterator(staging / k_display_folder, ec))
        if (e.is_directory()) sync_dir(e.path());
    sync_dir(staging / k_display_folder);

    // 5. Switch atomically; the pack shown so far becomes the one to roll back to.
    const std::string name = safe_name(out.pack_id) + "-" + safe_name(out.version) + "-" + stamp;
    fs::rename(staging, packs_dir(data_dir) / name, ec);
    if (ec) return fail(Error{errno_kind(ec.value()), "cannot move the pack into place: " + ec.message()});
    sync_dir(packs_dir(data_dir));
    // Recorded before the switch: after a power cut in between, the history may name a pack
    // that is not current yet (it installs again), never the other way round.
    note_installed(*history, out.pack_id, out.version, checked->manifest_sha256);
    out.keys = apply_key_changes(*history, *checked);
    if (auto saved = save_pack_history(data_dir, *history); !saved) {
        fs::remove_all(packs_dir(data_dir) / name, ec);
        return saved.error();
    }
    const auto old_current = installed_pack_dir(data_dir);
    if (auto e = set_link(data_dir, "current", name)) return Error{ErrorKind::Io, *e};
    if (old_current)
        (void)set_link(data_dir, "previous", old_current->filename());
    else
        fs::remove(packs_dir(data_dir) / "previous", ec);  // before: the built-in pack
    prune(data_dir);
    out.dir = packs_dir(data_dir) / name;
    return out;
}

Result<std::optional<fs::path>> rollback_pack(const fs::path& data_dir) {
    const auto prev = previous_pack_dir(data_dir);
    const auto cur = installed_pack_dir(data_dir);
    if (!prev && !cur) return Error{ErrorKind::NotFound, "there is no previous content to go back to"};
    std::error_code ec;
    if (!prev) {
        // Back to the built-in pack: "current" goes, the installed pack becomes "previous".
        if (auto e = set_link(data_dir, "previous", cur->filename())) return Error{ErrorKind::Io, *e};
        fs::remove(packs_dir(data_dir) / "current", ec);
        if (ec) return Error{ErrorKind::Io, "cannot switch the content: " + ec.message()};
        sync_dir(packs_dir(data_dir));
        return std::optional<fs::path>{};
    }
    if (auto e = set_link(data_dir, "current", prev->filename())) return Error{ErrorKind::Io, *e};
    if (cur)
        (void)set_link(data_dir, "previous", cur->filename());
    else
        fs::remove(packs_dir(data_dir) / "previous", ec);
    return std::optional<fs::path>{*prev};
}

}  // namespace ruhr
