#include "kiosk/staff.h"

#include "base/crypto.h"
#include "base/durable_file.h"
#include "base/folder.h"
#include "kiosk/outbox_export.h"

#include <algorithm>
#include <map>

namespace ruhr {

namespace fs = std::filesystem;

std::optional<Volume> kiosk_stick(const std::vector<Volume>& volumes) {
    for (const Volume& v : volumes) {
        std::error_code ec;
        if (fs::is_directory(v.mount_point / k_stick_folder, ec)) return v;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// The gate: gesture, PIN, lockout, idle.

bool StaffGate::track_gesture(bool pointer_down, ScreenPoint pos, ScreenPoint display, float scale, double now) {
    // The bottom-right corner: no control of the visitor screens lives there, and a hand
    // resting on the bezel does not reach 3 s of steady pressure by chance.
    const float zone = 110.0f * scale;
    const bool in_corner =
        pos.x >= display.x - zone && pos.y >= display.y - zone && pos.x <= display.x && pos.y <= display.y;
    if (!pointer_down) {
        m_hold_start = -1.0;
        m_hold_used = false;
        return false;
    }
    if (!in_corner || m_hold_used || m_mode != StaffMode::Off) {
        m_hold_start = -1.0;
        return false;
    }
    if (m_hold_start < 0) m_hold_start = now;
    if (now - m_hold_start >= m_settings.hold_seconds) {
        m_hold_start = -1.0;
        m_hold_used = true;
        return true;
    }
    return false;
}

StaffGate::StaffGate(const StaffSettings& settings, const WallClock& wall) : m_settings(settings), m_wall(wall) {
    if (m_settings.data_dir.empty()) return;
    auto folder = Folder::open(m_settings.data_dir);
    if (!folder) return;
    auto text = folder->read_file(k_lockout_file, 4096);
    if (!text) return;
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object()) return;
    m_failures = std::clamp(j.value("failures", 0), 0, m_settings.max_failures);
    const std::int64_t until = j.value("locked_until_unix_ms", std::int64_t{0});
    // A clock set back after the lock was written cannot make it last longer than one lock.
    const double left = static_cast<double>(until - m_wall.unix_ms()) / 1000.0;
    m_restored_lock_seconds = std::clamp(left, 0.0, m_settings.lock_seconds);
}

void StaffGate::restore_lock(double now) {
    if (m_restored_lock_seconds <= 0.0) return;
    m_locked_until = now + m_restored_lock_seconds;
    m_restored_lock_seconds = 0.0;
}

// Best effort: a data folder that cannot be written keeps the lockout in memory only.
void StaffGate::save_lock(double now) const {
    if (m_settings.data_dir.empty()) return;
    const double left = locked_seconds_left(now);
    const nlohmann::json j{{"failures", m_failures},
                           {"locked_until_unix_ms",
                            left > 0 ? m_wall.unix_ms() + static_cast<std::int64_t>(left * 1000.0) : std::int64_t{0}}};
    (void)write_file_durably(m_settings.data_dir / k_lockout_file, j.dump() + "\n");
}

void StaffGate::open_pin(double now) {
    restore_lock(now);
    m_mode = StaffMode::Pin;
    m_entry.clear();
    m_last_wrong = false;
    m_last_touch = now;
}

void StaffGate::close() {
    m_mode = StaffMode::Off;
    m_entry.clear();
    m_last_wrong = false;
}

bool StaffGate::close_if_idle(double now) {
    if (m_mode == StaffMode::Off || checking() || now - m_last_touch < m_settings.idle_seconds) return false;
    close();
    return true;
}

void StaffGate::press_digit(char digit, double now) {
    m_last_touch = now;
    if (locked(now) || checking() || m_entry.size() >= k_max_pin_digits) return;
    m_last_wrong = false;
    m_entry.push_back(digit);
}

void StaffGate::backspace(double now) {
    m_last_touch = now;
    if (!m_entry.empty() && !checking()) m_entry.pop_back();
}

void StaffGate::submit(double now) {
    m_last_touch = now;
    if (locked(now) || checking() || m_entry.size() < k_min_pin_digits || !configured()) return;
    std::string hash = m_settings.pin_hash;
    std::string pin = m_entry;
    m_entry.clear();
    m_check = std::async(std::launch::async,
                         [hash = std::move(hash), pin = std::move(pin)] { return verify_pin(hash, pin); });
}

bool StaffGate::poll(double now) {
    if (!m_check.valid() || m_check.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    const bool ok = m_check.get();
    m_last_touch = now;
    if (ok) {
        const bool had_failures = m_failures > 0;
        m_failures = 0;
        m_mode = StaffMode::Panel;
        if (had_failures) save_lock(now);
        return true;
    }
    m_last_wrong = true;
    if (++m_failures >= m_settings.max_failures) {
        m_locked_until = now + m_settings.lock_seconds;
        m_failures = 0;
    }
    save_lock(now);
    return false;
}

// ---------------------------------------------------------------------------------------
// Tasks

StaffMonitor::StaffMonitor(const StaffSettings& settings, StaffTasks::OpenOutbox open_outbox,
                           const StaffPlatform* platform, std::function<void()> wake)
    : m_settings(settings), m_open_outbox(std::move(open_outbox)), m_platform(platform), m_wake(std::move(wake)) {
    m_thread = std::thread([this] { run(); });
}

StaffMonitor::~StaffMonitor() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
}

void StaffMonitor::refresh() {
    {
        std::lock_guard lock(m_mutex);
        m_wanted = true;
    }
    m_cv.notify_all();
}

std::shared_ptr<const StaffSnapshot> StaffMonitor::snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_snapshot;
}

bool StaffMonitor::refreshing() const {
    std::lock_guard lock(m_mutex);
    return m_wanted || m_reading;
}

void StaffMonitor::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_cv.wait(lock, [this] { return m_stop || m_wanted; });
        if (m_stop) return;
        m_wanted = false;
        m_reading = true;
        lock.unlock();
        auto next = std::make_shared<const StaffSnapshot>(read());
        lock.lock();
        m_snapshot = std::move(next);
        m_reading = false;
        if (m_wake) m_wake();
    }
}

StaffSnapshot StaffMonitor::read() {
    StaffSnapshot s;
    if (m_open_outbox) {
        if (!m_outbox) {
            auto opened = m_open_outbox();
            if (opened) {
                m_outbox = std::move(*opened);
            } else {
                s.counts = opened.error().context("cannot open the outbox");
                s.alerts = s.counts->error();
            }
        }
        if (m_outbox) {
            s.counts = m_outbox->counts();
            s.alerts = m_outbox->recent_alerts(8);
            // A connection that failed once is opened anew next time (the file may be back).
            if (!*s.counts || !*s.alerts) m_outbox.reset();
        }
    }
    std::error_code ec;
    const auto space = fs::space(m_settings.data_dir, ec);
    if (!ec) s.disk_free_bytes = space.available;
    if (m_platform) s.network_up = m_platform->network_up();
    s.can_rollback =
        installed_pack_dir(m_settings.data_dir).has_value() || previous_pack_dir(m_settings.data_dir).has_value();
    return s;
}

StaffTasks::StaffTasks(const StaffSettings& settings, OpenOutbox open_outbox, const WallClock& wall,
                       std::function<void()> wake)
    : m_settings(settings), m_open_outbox(std::move(open_outbox)), m_wall(wall), m_wake(std::move(wake)) {}

StaffTasks::~StaffTasks() {
    m_cancel = true;
    if (m_thread.joinable()) m_thread.join();
}

StaffTaskStatus StaffTasks::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::optional<fs::path> StaffTasks::take_switch() {
    std::lock_guard lock(m_mutex);
    auto out = std::move(m_switch);
    m_switch.reset();
    return out;
}

bool StaffTasks::start(StaffTaskStatus::Kind kind, std::function<void()> work) {
    {
        std::lock_guard lock(m_mutex);
        if (m_status.running) return false;
        m_status = StaffTaskStatus{};
        m_status.kind = kind;
        m_status.running = true;
    }
    if (m_thread.joinable()) m_thread.join();
    m_thread = std::thread(std::move(work));
    return true;
}

void StaffTasks::set_progress(std::string text) {
    {
        std::lock_guard lock(m_mutex);
        m_status.progress = std::move(text);
    }
    if (m_wake) m_wake();
}

void StaffTasks::finish(bool ok, std::string message, std::optional<fs::path> switch_to) {
    {
        std::lock_guard lock(m_mutex);
        m_status.running = false;
        m_status.ok = ok;
        m_status.message = std::move(message);
        m_status.progress.clear();
        if (switch_to) m_switch = std::move(switch_to);
    }
    if (m_wake) m_wake();
}

namespace {

// Writes a log of the import back to the stick, so the person who made the pack sees what
// happened; best effort, since the stick may be gone. Through base/folder.h: a link on the
// stick at ruhr-kiosk/, logs/ or the log's name is refused, never written through.
std::string write_stick_log(const Volume& stick, const WallClock& wall, const std::string& text) {
    auto root = Folder::open(stick.mount_point);
    if (!root) return {};
    auto logs = root->open_sub(fs::path(k_stick_folder) / "logs", Folder::Create::Yes);
    if (!logs) return {};
    const std::string name = "import-" + format_utc(wall.unix_ms(), UtcFormat::FileName) + ".txt";
    FileOptions options;
    options.max_bytes = k_stick_log_max_bytes;
    if (!write_file_durably_in(*logs, name, text + "\n", std::move(options))) return {};
    return (fs::path(k_stick_folder) / "logs" / name).string();
}

// The receipt files below ruhr-kiosk/ (next to each export, or in receipts/), relative to it,
// sorted; links are never followed and the search goes no deeper than a few folders.
void find_receipts(const Folder& folder, const fs::path& below, int depth, std::vector<fs::path>& found) {
    auto entries = folder.list();
    if (!entries) return;
    for (const FolderEntry& e : *entries) {
        if (e.type == FolderEntry::Type::File && e.name == "receipts.jsonl") found.push_back(below / e.name);
        if (e.type != FolderEntry::Type::Folder || depth >= 3) continue;
        if (auto sub = folder.open_sub(e.name)) find_receipts(*sub, below / e.name, depth + 1, found);
    }
}

}  // namespace

bool StaffTasks::import_pack(const Volume& stick, const std::string& shown_version, OlderPack older,
                             int display_max_side) {
    return start(StaffTaskStatus::Kind::Import, [this, stick, shown_version, older, display_max_side] {
        const fs::path source = stick.mount_point / k_stick_folder / "content";
        std::string log = "ruhr-kiosk " RUHR_KIOSK_VERSION " content import at " + iso8601_utc(m_wall.unix_ms()) +
                          "\nsource: " + source.string() + "\n";
        auto result = install_pack(
            source, m_settings.data_dir, m_settings.trust, m_settings.limits, shown_version, older, m_wall,
            [this](const PackProgress& p) {
                std::string text = std::string(p.step);
                if (!p.file.empty()) text += " " + std::string(p.file);
                if (p.total > 0) text += " (" + std::to_string(p.done) + "/" + std::to_string(p.total) + ")";
                set_progress(std::move(text));
            },
            &m_cancel, display_max_side);
        if (result && result->status == InstallOutcome::Status::NeedsConfirmation) {
            {
                std::lock_guard lock(m_mutex);
                m_status.needs_confirmation = true;
                m_status.pending_version = result->version;
            }
            finish(false, "version " + result->version + " is older than " + shown_version + "; confirm to install it");
            return;
        }
        if (!result) {
            log += "result: refused, the content was not changed\n" + result.error().message + "\n";
            const std::string where = write_stick_log(stick, m_wall, log);
            finish(false, result.error().message + (where.empty() ? "" : "\n(log: " + where + ")"));
            return;
        }
        log += "result: installed \"" + result->pack_id + "\" version " + result->version + " (" +
               std::to_string(result->files) + " files, " + std::to_string(result->bytes) + " bytes, " +
               std::to_string(result->images_scaled) + " images scaled to the screen)\n";
        const std::string where = write_stick_log(stick, m_wall, log);
        finish(true,
               "\"" + result->pack_id + "\" " + result->version + ": " + std::to_string(result->files) + " files" +
                   (where.empty() ? "; the log could not be written to the stick" : ""),
               result->dir);
    });
}

bool StaffTasks::rollback() {
    return start(StaffTaskStatus::Kind::Rollback, [this] {
        auto result = rollback_pack(m_settings.data_dir);
        if (!result) return finish(false, result.error().message);
        finish(true, result->has_value() ? (*result)->filename().string() : std::string("built-in content"),
               result->value_or(m_settings.builtin_pack_dir));
    });
}

bool StaffTasks::export_outbox(const Volume& stick) {
    return start(StaffTaskStatus::Kind::Export, [this, stick] {
        auto box = m_open_outbox();
        if (!box) return finish(false, box.error().message);
        ExportOptions opt;
        opt.progress = [this](std::int64_t n) { set_progress(std::to_string(n)); };
        auto result = ruhr::export_outbox(**box, stick.mount_point, m_wall, opt);
        if (!result) return finish(false, result.error().message);
        // Staff need the folder name on the stick, not the mount point.
        finish(true, std::to_string(result->records) + " -> " + std::string(k_stick_folder) + "/export/ " +
                         result->directory.filename().string());
    });
}

bool StaffTasks::apply_receipts(const Volume& stick) {
    return start(StaffTaskStatus::Kind::Receipts, [this, stick] {
        auto box = m_open_outbox();
        if (!box) return finish(false, box.error().message);
        // Receipt files the collector's import wrote next to each export, or put in receipts/.
        auto root = Folder::open(stick.mount_point);
        if (!root) return finish(false, "the stick cannot be read: " + root.error().message);
        auto folder = root->open_sub(k_stick_folder);
        if (!folder) return finish(false, "the stick's " + std::string(k_stick_folder) + " folder cannot be read");
        std::vector<fs::path> files;
        find_receipts(*folder, fs::path(), 0, files);
        std::sort(files.begin(), files.end());
        if (files.empty()) return finish(false, "no receipts.jsonl on the stick");
        std::int64_t delivered = 0, quarantined = 0;
        std::string problems;
        for (const auto& f : files) {
            auto sub = folder->open_sub(f.parent_path());
            auto r =
                sub ? import_receipts(**box, *sub, f.filename().string()) : Result<ReceiptImportSummary>(sub.error());
            if (!r) {
                problems += "\n" + f.string() + ": " + r.error().message;
                continue;
            }
            delivered += r->delivered;
            quarantined += r->quarantined;
        }
        finish(problems.empty(), std::to_string(delivered) + " delivered, " + std::to_string(quarantined) +
                                     " set aside, from " + std::to_string(files.size()) + " files" + problems);
    });
}

// ---------------------------------------------------------------------------------------

namespace {
using StaffCatalog = std::map<std::string, std::pair<std::string, std::string>, std::less<>>;

const StaffCatalog& staff_catalog() {
    // Built in, German and English: the staff screens must work with any content pack.
    static const StaffCatalog k_texts = {
        {"pin_title", {"Personal-Modus", "Staff mode"}},
        {"pin_prompt", {"PIN eingeben", "Enter the PIN"}},
        {"pin_stick", {"USB-Stick erkannt. Bitte PIN eingeben.", "USB stick found. Please enter the PIN."}},
        {"pin_wrong", {"Falsche PIN.", "Wrong PIN."}},
        {"pin_checking", {"PIN wird geprüft …", "Checking the PIN …"}},
        {"pin_locked",
         {"Zu viele falsche Eingaben. Gesperrt für {minutes} min.", "Too many wrong PINs. Locked for {minutes} min."}},
        {"pin_not_configured",
         {"Kein PIN eingerichtet (staff.pin_hash in der Konfiguration).",
          "No PIN set up (staff.pin_hash in the configuration)."}},
        {"ok", {"OK", "OK"}},
        {"cancel", {"Abbrechen", "Cancel"}},
        {"close", {"Schließen", "Close"}},
        {"panel_title", {"Personal-Modus", "Staff mode"}},
        {"kiosk", {"Kiosk", "Kiosk"}},
        {"app", {"App-Version", "App version"}},
        {"content", {"Inhalte", "Content"}},
        {"outbox", {"Ausgang", "Outbox"}},
        {"outbox_counts",
         {"{pending} offen · {delivered} übertragen · {quarantined} zurückgestellt",
          "{pending} pending · {delivered} delivered · {quarantined} set aside"}},
        {"outbox_unreadable", {"nicht lesbar: {reason}", "cannot be read: {reason}"}},
        {"reading", {"wird gelesen \u2026", "reading \u2026"}},
        {"sync", {"Letzte Übertragung", "Last sync"}},
        {"sync_never", {"noch keine", "none yet"}},
        {"sync_off", {"kein Sammeldienst eingerichtet", "no collector configured"}},
        {"sync_unavailable",
         {"Übertragung aus, Daten bleiben im Ausgang (USB-Export geht): {reason}",
          "Uploads off, records stay in the outbox (USB export works): {reason}"}},
        {"network", {"Netzwerk", "Network"}},
        {"network_up", {"verbunden (Standardroute vorhanden)", "connected (default route)"}},
        {"network_down", {"keine Verbindung", "not connected"}},
        {"disk", {"Freier Speicher", "Free disk"}},
        {"usb", {"USB-Stick", "USB stick"}},
        {"usb_none", {"keiner mit Ordner ruhr-kiosk/", "none with a ruhr-kiosk/ folder"}},
        {"alerts", {"Meldungen", "Alerts"}},
        {"alerts_none", {"keine", "none"}},
        {"action_sync", {"Jetzt übertragen", "Sync now"}},
        {"action_import", {"Inhalte vom Stick laden", "Import content from stick"}},
        {"action_rollback", {"Vorherige Inhalte", "Previous content"}},
        {"action_export", {"Ausgang auf Stick", "Export outbox to stick"}},
        {"action_receipts", {"Quittungen vom Stick", "Receipts from stick"}},
        {"action_quit", {"App beenden", "Quit app"}},
        {"confirm_older",
         {"Die Inhalte auf dem Stick (Version {version}) sind älter als die gezeigten. Trotzdem laden?",
          "The content on the stick (version {version}) is older than the content shown. Install anyway?"}},
        {"confirm_yes", {"Ja, laden", "Yes, install"}},
        {"task_running", {"Läuft: {what}", "Running: {what}"}},
        {"task_ok", {"Erledigt: {what}", "Done: {what}"}},
        {"task_failed", {"Fehlgeschlagen: {what}", "Failed: {what}"}},
        {"task_import", {"Inhalte laden", "Content import"}},
        {"task_rollback", {"Zurück zu vorherigen Inhalten", "Rollback"}},
        {"task_export", {"Export", "Export"}},
        {"task_receipts", {"Quittungen", "Receipts"}},
        {"unsigned", {"Unsignierte Inhalte erlaubt (Entwicklung)", "Unsigned content allowed (development)"}},
    };
    return k_texts;
}
}  // namespace

void for_each_staff_text(const std::function<void(const std::string&)>& fn) {
    for (const auto& [key, texts] : staff_catalog()) {
        fn(texts.first);
        fn(texts.second);
    }
}

const std::string& staff_text(const std::string& language, std::string_view key) {
    const StaffCatalog& k_texts = staff_catalog();
    static const std::string k_missing = "?";
    const auto it = k_texts.find(key);
    if (it == k_texts.end()) return k_missing;
    return language == "en" ? it->second.second : it->second.first;
}

}  // namespace ruhr
