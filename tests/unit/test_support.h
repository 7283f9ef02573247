#pragma once
// Helpers shared by the unit tests: a writable copy of the built-in content pack to break one
// thing in, PNG files made at test time, readable problem lists, and an outbox to store in.
// Temporary folders and whole-file reads and writes come from tests/support (test_files.h),
// which the pack tests share.

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
#include "kiosk/outbox.h"
#include "packs/content_pack.h"
#include "test_files.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace ruhr::test {

/// A copy of content/default in a temporary folder, for tests that break one thing in it.
class TempPack {
public:
    TempPack();

    const fs::path& root() const { return m_dir.path(); }
    fs::path file(std::string_view rel) const { return root() / fs::path(rel); }

    std::string read_text(std::string_view rel) const;
    void write_text(std::string_view rel, std::string_view bytes) const;
    nlohmann::json read_json(std::string_view rel) const;
    void write_json(std::string_view rel, const nlohmann::json& j) const;

    /// Reads `rel` as JSON, lets `edit` change it, and writes it back.
    template <class Edit>
    void edit_json(std::string_view rel, Edit edit) const {
        nlohmann::json j = read_json(rel);
        edit(j);
        write_json(rel, j);
    }

    PackLoad load() const { return load_content_pack(root()); }

private:
    TempDir m_dir;
};

/// Writes a `width` x `height` RGB PNG with a gradient; returns false when writing failed.
bool write_png(const fs::path& path, int width, int height);

/// Every problem on its own line, for failure messages.
std::string describe(const std::vector<PackProblem>& problems);

/// True when a problem has exactly this file and field and its message contains `needle`.
bool has_problem(const std::vector<PackProblem>& problems, std::string_view file, std::string_view field,
                 std::string_view needle);

/// Loads content/default; fails the running test when it does not load.
ContentPack load_default_pack();

/// A second, plain SQLite connection to a database file, for what the app itself never
/// does: looking at PRAGMAs from outside, or trying to change records behind its back.
class RawConnection : ScopeBound {
public:
    explicit RawConnection(const fs::path& path);
    ~RawConnection();

    /// Runs `sql`; nullopt on success, else SQLite's message.
    std::optional<std::string> exec(const std::string& sql);
    /// The first column of the first row, or nullopt (no row, or an error).
    std::optional<std::string> text(const std::string& sql);

private:
    sqlite3* m_db = nullptr;
};

/// Lets this process write regular files only below `bytes` (RLIMIT_FSIZE, with SIGXFSZ
/// ignored), so a write past it fails the way it fails on a full disk, also for root, for
/// whom chmod does not make anything read-only. The old limit comes back at scope end.
class FileSizeLimit : ScopeBound {
public:
    explicit FileSizeLimit(std::uintmax_t bytes);
    ~FileSizeLimit();

private:
    std::uintmax_t m_old_soft;
    void (*m_old_handler)(int);
};

/// Where the outbox tests' wall clocks start (2025-11-24T16:00:00Z), and the visit, pack and
/// pack version they store records with.
constexpr std::int64_t k_start_ms = 1'764'000'000'000;
inline const SubmissionContext k_ctx{"0197c4ff-11a0-7000-8000-000000000a01", "ruhr-konferenz-demo", "1.0.0"};

/// An outbox with its clock and id source, which must outlive it; fails the running test when
/// it does not open. `start_ms`: a reopened file needs a later start, or the counting ids would
/// repeat.
struct TestOutbox {
    ManualWallClock wall;
    CountingIdSource ids;
    std::unique_ptr<Outbox> box;
    OutboxOpenReport report;

    explicit TestOutbox(const std::string& path = ":memory:", const std::string& kiosk_id = "kiosk-test",
                        std::int64_t start_ms = k_start_ms);

    /// Stores one record; fails the running test when the outbox refuses it.
    Submission add_record(SubmissionKind kind, const nlohmann::json& payload, const SubmissionContext& ctx = k_ctx);
};

/// The collector's receipt-signing key in the unit tests (the kiosks' [collector] public_key).
const std::pair<SigningPublicKey, SigningSecretKey>& test_collector_keys();
/// The export the unit tests' receipt files answer; a test kiosk remembers it (remember_export).
inline const std::string k_test_export_sha(64, 'a');
/// The first line of a receipt file of `ruhr-collector import`.
std::string receipts_header(const std::string& kiosk, std::size_t records,
                            const std::string& export_sha = k_test_export_sha);
/// Writes `text` as a receipt file with its signature beside it, by `signer` (default: the test
/// collector's key).
void write_signed_receipts(const fs::path& file, const std::string& text,
                           const SigningSecretKey& signer = test_collector_keys().second);

/// A file-size limit for an open outbox at `db` that leaves room for `frames` more pages in
/// its write-ahead log: a record (seven pages with its indexes and delivery state) fails to
/// commit, a staff alert (one page) still fits.
std::uintmax_t wal_room_for(const fs::path& db, int frames);

/// A text for staff: a sentence with no path, no placeholder left and no library English or
/// engineers' words; fails the running test otherwise.
void check_plain(const std::string& text);

/// What the staff panel says for an alert, in German and in English.
struct AlertTexts {
    std::string de;
    std::string en;
};
/// Renders `alert` as the staff panel does (staff_alert_text) in both languages; fails the
/// running test unless it has a key of the staff catalogue, both texts are plain (check_plain)
/// and differ, and neither is the English line kept for logs.
AlertTexts alert_texts(const Alert& alert);

}  // namespace ruhr::test
