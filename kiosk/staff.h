#pragma once
// Staff mode: a hidden gesture (a three-second press in the bottom-right corner) and a PIN
// open a panel with the kiosk's state and the actions staff need on site: sync now, import
// content from a USB stick, roll back, export the outbox to the stick, apply receipts from the
// collector, write the closing statement of an event to the stick, and quit. The slow and risky work (copying,
// verifying, fsyncing) runs on the StaffTasks thread; the UI thread only reads its status.

#include "base/clock.h"
#include "kiosk/outbox.h"
#include "kiosk/outbox_export.h"  // k_stick_folder
#include "packs/pack_install.h"
#include "packs/pack_verify.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ruhr {

/// A mounted removable volume (a USB stick).
struct Volume {
    std::filesystem::path mount_point;
    std::string label;  // for staff; the device or file-system label
};

/// What staff mode needs from the platform.
class StaffPlatform {
public:
    virtual ~StaffPlatform() = default;
    /// The mounted stick with a `ruhr-kiosk/` folder, as last seen. Called every frame, so it
    /// must not touch the file system: the platform checks on its own thread.
    virtual std::optional<Volume> kiosk_stick() const = 0;
    /// A default route exists (a hint for staff, not a promise the collector is reachable).
    /// May read the file system: only StaffMonitor's thread calls it.
    virtual bool network_up() const = 0;
    /// Ends the app (only staff can).
    virtual void quit() = 0;
};

struct StaffSettings {
    std::string pin_hash;  // Argon2id; empty: staff mode cannot be opened
    std::filesystem::path data_dir;
    std::filesystem::path builtin_pack_dir;
    PackTrust trust;
    PackLimits limits;
    /// The collector's key for receipt files ([collector] public_key); none: receipts refused.
    std::optional<SigningPublicKey> collector_key;
    double hold_seconds = 3.0;    // the corner press
    double lock_seconds = 300.0;  // after max_failures wrong PINs
    int max_failures = 5;
    double idle_seconds = 120.0;  // staff mode closes itself after this long without touches
    /// A collector is configured but uploads cannot run (the HTTP module did not load): why.
    /// The panel says so instead of "no collector configured".
    std::string uploads_unavailable;
};

/// The import log written back to the stick is small; more than this is not written at all.
inline constexpr std::uintmax_t k_stick_log_max_bytes = 1 << 20;

/// The volume that carries a `ruhr-kiosk/` folder, if any.
std::optional<Volume> kiosk_stick(const std::vector<Volume>& volumes);

/// Where the staff state machine is.
enum class StaffMode { Off, Pin, Panel };

/// A point on the screen in pixels (the gesture needs no more than this, and no ImGui).
struct ScreenPoint {
    float x = 0;
    float y = 0;
};

/// The PIN pad and the gesture. Pure state: time comes in as `now` (the app's clock).
/// A staff PIN has this many digits: at least 6, so that with the lockout (5 tries, then 5
/// minutes, kept across restarts) guessing takes years, not days.
inline constexpr std::size_t k_min_pin_digits = 6;
inline constexpr std::size_t k_max_pin_digits = 12;

/// The gate keeps its lockout (failures so far, locked until) in this file in the data folder,
/// so pulling the plug does not give a guesser five new tries.
inline constexpr const char* k_lockout_file = "staff-lockout.json";

class StaffGate {
public:
    /// With a data_dir in `settings`, the lockout is read from and kept in k_lockout_file;
    /// `wall` dates it there (the steady `now` of the calls below does not survive a restart).
    StaffGate(const StaffSettings& settings, const WallClock& wall);

    /// Call every frame with the pointer: down and where. Returns true when the hidden
    /// gesture completed this frame (the press in the corner has lasted hold_seconds).
    bool track_gesture(bool pointer_down, ScreenPoint pos, ScreenPoint display, float scale, double now);
    /// When the pending gesture completes (for the event-driven loop's wake-up); negative: none.
    double gesture_deadline() const { return m_hold_start < 0 ? -1.0 : m_hold_start + m_settings.hold_seconds; }

    StaffMode mode() const { return m_mode; }
    void open_pin(double now);
    void close();
    void touched(double now) { m_last_touch = now; }
    /// Closes staff mode after idle_seconds without touches; true when it did.
    bool close_if_idle(double now);
    double idle_deadline() const { return m_mode == StaffMode::Off ? -1.0 : m_last_touch + m_settings.idle_seconds; }

    const std::string& entry() const { return m_entry; }
    void press_digit(char digit, double now);
    void backspace(double now);
    /// Starts checking the entered PIN (on another thread: Argon2id takes a moment).
    void submit(double now);
    /// Collects the result of a running check; true when the panel just opened.
    bool poll(double now);
    bool checking() const { return m_check.valid(); }
    bool locked(double now) const { return now < m_locked_until; }
    double locked_seconds_left(double now) const { return locked(now) ? m_locked_until - now : 0.0; }
    int failures() const { return m_failures; }
    bool configured() const { return !m_settings.pin_hash.empty(); }
    bool last_wrong() const { return m_last_wrong; }

private:
    void restore_lock(double now);
    void save_lock(double now) const;

    const StaffSettings& m_settings;
    const WallClock& m_wall;
    double m_restored_lock_seconds = 0.0;  // read from the file, applied at the first open_pin()
    StaffMode m_mode = StaffMode::Off;
    double m_hold_start = -1.0;
    bool m_hold_used = false;  // the gesture fired for this press; the press must end first
    std::string m_entry;
    int m_failures = 0;
    double m_locked_until = -1.0;
    double m_last_touch = 0.0;
    bool m_last_wrong = false;
    std::future<bool> m_check;
};

/// The state of the staff task that ran last (or runs now). What staff read is made of it by
/// staff_task_result() in the panel's language; the library's own words and the paths are
/// only in `detail`, for the log.
struct StaffTaskStatus {
    enum class Kind { None, Import, Rollback, Export, Receipts, Statement };
    Kind kind = Kind::None;
    std::uint64_t run = 0;  // counts the tasks started, so each result is logged once
    bool running = false;
    std::string step;  // while running: "check", "copy", "scale" (import), "export"
    std::size_t done = 0;
    std::size_t total = 0;           // 0: not known
    std::optional<bool> ok;          // set when finished
    std::string outcome;             // finished: "ok", "ok-builtin", "partial", or the error's kind name
    std::optional<ErrorKind> error;  // failed: the kind that chose `outcome`
    std::map<std::string, std::string, std::less<>> values;  // the plain text's placeholders: {version} ...
    std::string detail;  // technical: raw messages and paths, for the event log only
};

/// "import", "rollback", "export", "receipts", "statement" (none: "").
const char* staff_task_name(StaffTaskStatus::Kind kind);
/// What a finished task did, in plain German or English for staff: what happened and what to
/// do now, chosen by the task and its outcome (an error's kind), never the library's message or
/// a path. Empty while it runs or when nothing ran.
std::string staff_task_result(const std::string& language, const StaffTaskStatus& status);

/// An alert in plain German or English for staff (the panel's "Meldungen"), from its key and
/// parameters (kiosk/alerts.h): counts, a folder's last name, a reason in words, never a path
/// or a library's message. An alert stored before alerts had keys shows its own text, with
/// absolute paths cut to their last name.
std::string staff_alert_text(const std::string& language, const Alert& alert);

/// Runs the staff actions on their own thread, one at a time.
class StaffTasks {
public:
    using OpenOutbox = std::function<Result<std::unique_ptr<Outbox>>()>;
    StaffTasks(const StaffSettings& settings, OpenOutbox open_outbox, const WallClock& wall,
               std::function<void()> wake);
    ~StaffTasks();
    StaffTasks(const StaffTasks&) = delete;
    StaffTasks& operator=(const StaffTasks&) = delete;

    /// Each returns false when another task is still running.
    /// `shown`: the pack on screen (an older one of its id is refused). `display_max_side`: the
    /// screen's long side; larger images are stored scaled to it.
    bool import_pack(const Volume& stick, const ShownPack& shown, int display_max_side = 1920);
    bool rollback();
    bool export_outbox(const Volume& stick);
    bool apply_receipts(const Volume& stick);
    /// Writes the closing statement of the event to the stick (write_closing_statement).
    bool write_statement(const Volume& stick);

    StaffTaskStatus status() const;
    /// After an import or rollback finished: the pack folder to show now (the built-in pack's
    /// folder after a rollback to it). Returned once.
    std::optional<std::filesystem::path> take_switch();

private:
    bool start(StaffTaskStatus::Kind kind, std::function<void()> work);
    void set_progress(std::string step, std::size_t done = 0, std::size_t total = 0);
    /// Ends the task well: `outcome` "ok" or a variant of it, `values` for its text.
    void succeed(std::string outcome, std::map<std::string, std::string, std::less<>> values, std::string detail,
                 std::optional<std::filesystem::path> switch_to = std::nullopt);
    /// Ends the task with `error`: its kind chooses the text, its message goes to `detail`.
    void fail(const Error& error, std::map<std::string, std::string, std::less<>> values = {});
    void finish(StaffTaskStatus result, std::optional<std::filesystem::path> switch_to);

    const StaffSettings& m_settings;
    OpenOutbox m_open_outbox;
    const WallClock& m_wall;
    std::function<void()> m_wake;
    mutable std::mutex m_mutex;
    StaffTaskStatus m_status;
    std::optional<std::filesystem::path> m_switch;
    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
};

/// What the staff panel shows of the machine: read by StaffMonitor on its own thread, so a
/// frame never waits for SQLite or the disk. A part that could not be read says why.
struct StaffSnapshot {
    std::optional<Result<OutboxCounts>> counts;        // none: the kiosk has no outbox
    std::optional<Result<std::vector<Alert>>> alerts;  // the latest eight
    std::optional<std::uintmax_t> disk_free_bytes;     // none: the data folder's disk could not be asked
    std::optional<bool> network_up;                    // none: no platform to ask
    bool can_rollback = false;                         // an installed or a previous pack exists
    std::optional<std::string> signing_key;            // the public key the exports carry (base64)
    std::string signing_key_fingerprint;               // key_fingerprint of it
};

/// Reads the staff snapshot on a thread of its own, whenever the UI asks (the panel opened, a
/// task finished, every few seconds while the panel is shown). It keeps one outbox connection
/// of its own, opened at the first read and again after a read failed.
class StaffMonitor {
public:
    StaffMonitor(const StaffSettings& settings, StaffTasks::OpenOutbox open_outbox, const StaffPlatform* platform,
                 std::function<void()> wake);
    ~StaffMonitor();
    StaffMonitor(const StaffMonitor&) = delete;
    StaffMonitor& operator=(const StaffMonitor&) = delete;

    /// Asks for a new snapshot; returns at once. `wake` is called when it is there.
    void refresh();
    /// The latest snapshot; null until the first one is read.
    std::shared_ptr<const StaffSnapshot> snapshot() const;
    /// A refresh was asked for and is not yet done.
    bool refreshing() const;

private:
    void run();
    StaffSnapshot read();

    const StaffSettings& m_settings;
    StaffTasks::OpenOutbox m_open_outbox;
    const StaffPlatform* m_platform;
    std::function<void()> m_wake;
    std::unique_ptr<Outbox> m_outbox;  // the monitor thread's own connection
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_wanted = false;  // a refresh was asked for since the last read began
    bool m_reading = false;
    bool m_stop = false;
    std::shared_ptr<const StaffSnapshot> m_snapshot;
    std::thread m_thread;
};

/// Text of the staff screens by key, in German or English ("de" for every other language).
/// A catalog of its own: staff must be able to repair a kiosk whose content pack is broken.
const std::string& staff_text(const std::string& language, std::string_view key);
/// Every text of that catalog, both languages (the font atlas needs their letters).
void for_each_staff_text(const std::function<void(const std::string&)>& fn);
/// Whether the catalog has `key` (staff_text() gives "?" for one it has not).
bool has_staff_text(std::string_view key);

/// Free space for staff: "83 GB frei" / "83 GB free", "7,5 GB frei" / "7.5 GB free" below
/// 10 GB, "850 MB frei" below 1 GB (decimal units, as printed on disks and sticks).
std::string staff_free_space(const std::string& language, std::uintmax_t bytes);
/// An ISO 8601 UTC time ("2026-11-26T10:15:03.120Z") for staff: "26.11.2026, 10:15 UTC" /
/// "2026-11-26, 10:15 UTC"; the text itself when it is not one.
std::string staff_time(const std::string& language, std::string_view iso8601);

}  // namespace ruhr
