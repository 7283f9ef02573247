#include "kiosk/staff.h"

#include "base/crypto.h"
#include "base/durable_file.h"
#include "base/folder.h"
#include "base/utf8.h"
#include "kiosk/outbox_export.h"

#include <algorithm>
#include <cmath>
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
            // For the operator who registers the kiosk with `ruhr-collector kiosk-key`.
            if (const auto key = m_outbox->signing_key()) {
                const SigningPublicKey pk = signing_public_key_of(*key);
                s.signing_key = to_base64(pk.data(), pk.size());
                s.signing_key_fingerprint = key_fingerprint(pk);
            }
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
        const std::uint64_t run = m_status.run + 1;
        m_status = StaffTaskStatus{};
        m_status.kind = kind;
        m_status.run = run;
        m_status.running = true;
    }
    if (m_thread.joinable()) m_thread.join();
    m_thread = std::thread(std::move(work));
    return true;
}

void StaffTasks::set_progress(std::string step, std::size_t done, std::size_t total) {
    {
        std::lock_guard lock(m_mutex);
        m_status.step = std::move(step);
        m_status.done = done;
        m_status.total = total;
    }
    if (m_wake) m_wake();
}

void StaffTasks::succeed(std::string outcome, std::map<std::string, std::string, std::less<>> values,
                         std::string detail, std::optional<fs::path> switch_to) {
    StaffTaskStatus r;
    r.ok = true;
    r.outcome = std::move(outcome);
    r.values = std::move(values);
    r.detail = std::move(detail);
    finish(std::move(r), std::move(switch_to));
}

void StaffTasks::fail(const Error& error, std::map<std::string, std::string, std::less<>> values) {
    StaffTaskStatus r;
    r.ok = false;
    r.outcome = error_kind_name(error.kind);
    r.error = error.kind;
    r.values = std::move(values);
    r.detail = error.message;
    finish(std::move(r), std::nullopt);
}

void StaffTasks::finish(StaffTaskStatus result, std::optional<fs::path> switch_to) {
    {
        std::lock_guard lock(m_mutex);
        m_status.running = false;
        m_status.step.clear();
        m_status.done = m_status.total = 0;
        m_status.ok = result.ok;
        m_status.outcome = std::move(result.outcome);
        m_status.error = result.error;
        m_status.values = std::move(result.values);
        m_status.detail = std::move(result.detail);
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

// The import's progress steps as the panel names them: checking, copying, scaling images.
const char* import_step(std::string_view step) {
    if (step == "copy") return "copy";
    if (step == "scale") return "scale";
    return "check";  // "signature", "files", "content"
}

}  // namespace

bool StaffTasks::import_pack(const Volume& stick, const ShownPack& shown, int display_max_side) {
    return start(StaffTaskStatus::Kind::Import, [this, stick, shown, display_max_side] {
        const fs::path source = stick.mount_point / k_stick_folder / "content";
        std::string log = "ruhr-kiosk " RUHR_KIOSK_VERSION " content import at " + iso8601_utc(m_wall.unix_ms()) +
                          "\nsource: " + source.string() + "\n";
        auto result = install_pack(
            source, m_settings.data_dir, m_settings.trust, m_settings.limits, shown, m_wall,
            [this](const PackProgress& p) { set_progress(import_step(p.step), p.done, p.total); }, &m_cancel,
            display_max_side);
        if (!result) {
            log += "result: refused, the content was not changed\n" + result.error().message + "\n";
            const std::string where = write_stick_log(stick, m_wall, log);
            Error e = result.error();
            if (!where.empty()) e.message += "\n(log: " + where + ")";
            fail(e, {{"log", where.empty() ? "no" : "yes"}});
            return;
        }
        log += "result: installed \"" + result->pack_id + "\" version " + result->version + " (" +
               std::to_string(result->files) + " files, " + std::to_string(result->bytes) + " bytes, " +
               std::to_string(result->images_scaled) + " images scaled to the screen)\n";
        const auto ids = [](const std::vector<std::string>& list) {
            std::string text;
            for (const auto& id : list) text += (text.empty() ? "" : ", ") + id;
            return text;
        };
        if (!result->keys.added.empty()) log += "signing keys trusted from now on: " + ids(result->keys.added) + "\n";
        if (!result->keys.withdrawn.empty())
            log += "signing keys withdrawn, never trusted again: " + ids(result->keys.withdrawn) + "\n";
        const std::string where = write_stick_log(stick, m_wall, log);
        succeed("ok", {{"version", result->version}, {"log", where.empty() ? "no" : "yes"}},
                "\"" + result->pack_id + "\" " + result->version + ": " + std::to_string(result->files) + " files" +
                    (where.empty() ? "; the log could not be written to the stick" : "; log: " + where),
                result->dir);
    });
}

bool StaffTasks::rollback() {
    return start(StaffTaskStatus::Kind::Rollback, [this] {
        auto result = rollback_pack(m_settings.data_dir);
        if (!result) return fail(result.error());
        if (!result->has_value())
            return succeed("ok-builtin", {}, "back to the built-in content", m_settings.builtin_pack_dir);
        succeed("ok", {}, "back to " + (*result)->filename().string(), **result);
    });
}

bool StaffTasks::export_outbox(const Volume& stick) {
    return start(StaffTaskStatus::Kind::Export, [this, stick] {
        auto box = m_open_outbox();
        if (!box) return fail(box.error().context("cannot open the outbox"));
        ExportOptions opt;
        opt.progress = [this](std::int64_t n) { set_progress("export", static_cast<std::size_t>(n)); };
        auto result = ruhr::export_outbox(**box, stick.mount_point, m_wall, opt);
        if (!result) return fail(result.error());
        succeed("ok", {{"count", std::to_string(result->records)}},
                std::to_string(result->records) + " records -> " + result->directory.string());
    });
}

bool StaffTasks::write_statement(const Volume& stick) {
    return start(StaffTaskStatus::Kind::Statement, [this, stick] {
        auto box = m_open_outbox();
        if (!box) return fail(box.error().context("cannot open the outbox"));
        auto result = write_closing_statement(**box, stick.mount_point, m_wall);
        if (!result) return fail(result.error());
        const ClosingStatement& s = result->statement;
        const auto pending = s.by_state.count("pending") ? s.by_state.at("pending") : 0;
        succeed(pending == 0 ? "ok" : "ok-pending",
                {{"count", std::to_string(s.records)}, {"pending", std::to_string(pending)}},
                std::to_string(s.records) + " records, seq up to " + std::to_string(s.highest_seq) + ", SHA-256 " +
                    s.records_sha256.substr(0, 12) + "... -> " + result->directory.string());
    });
}

bool StaffTasks::apply_receipts(const Volume& stick) {
    return start(StaffTaskStatus::Kind::Receipts, [this, stick] {
        auto box = m_open_outbox();
        if (!box) return fail(box.error().context("cannot open the outbox"));
        // Receipt files the collector's import wrote next to each export, or put in receipts/.
        auto root = Folder::open(stick.mount_point);
        if (!root) return fail(Error{ErrorKind::Io, root.error().context("the stick cannot be read").message});
        auto folder = root->open_sub(k_stick_folder);
        if (!folder)
            return fail(
                Error{ErrorKind::Io, folder.error().context("the stick's ruhr-kiosk folder cannot be read").message});
        std::vector<fs::path> files;
        find_receipts(*folder, fs::path(), 0, files);
        std::sort(files.begin(), files.end());
        if (files.empty()) return fail(Error{ErrorKind::NotFound, "no receipts.jsonl on the stick"});
        std::int64_t delivered = 0, quarantined = 0;
        std::size_t failed = 0;
        std::optional<Error> first_problem;
        std::string detail;
        for (const auto& f : files) {
            auto sub = folder->open_sub(f.parent_path());
            auto r = sub ? import_receipts(**box, *sub, f.filename().string(), m_settings.collector_key)
                         : Result<ReceiptImportSummary>(sub.error());
            if (!r) {
                ++failed;
                if (!first_problem) first_problem = r.error();
                detail += "\n" + f.string() + ": " + r.error().message;
                continue;
            }
            delivered += r->delivered;
            quarantined += r->quarantined;
        }
        std::map<std::string, std::string, std::less<>> values{{"delivered", std::to_string(delivered)},
                                                               {"quarantined", std::to_string(quarantined)},
                                                               {"files", std::to_string(files.size())},
                                                               {"failed", std::to_string(failed)}};
        detail = std::to_string(delivered) + " delivered, " + std::to_string(quarantined) + " set aside, from " +
                 std::to_string(files.size()) + " files" + detail;
        // Every file failed: the first one's kind says why. Some did: the rest were applied.
        if (failed == files.size()) return fail(Error{first_problem->kind, detail}, std::move(values));
        if (failed > 0) {
            StaffTaskStatus partial;
            partial.ok = false;
            partial.outcome = "partial";
            partial.error = first_problem->kind;
            partial.values = std::move(values);
            partial.detail = std::move(detail);
            return finish(std::move(partial), std::nullopt);
        }
        succeed("ok", std::move(values), std::move(detail));
    });
}

// ---------------------------------------------------------------------------------------

namespace {
using StaffCatalog = std::map<std::string, std::pair<std::string, std::string>, std::less<>>;

// The words staff read, one term for each thing (docs/staff.md uses the same): the records are
// "Beiträge auf diesem Gerät" / "entries on this kiosk", they are "übertragen" / "sent" to the
// "Server der Organisatoren" / "organisers' server", and what goes wrong that staff cannot fix
// goes to "die technische Betreuung" / "technical support". No library words, no paths.
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
         {"Für dieses Gerät ist keine PIN eingerichtet. Bitte die technische Betreuung informieren.",
          "No PIN is set up for this kiosk. Please tell technical support."}},
        {"ok", {"OK", "OK"}},
        {"cancel", {"Abbrechen", "Cancel"}},
        {"close", {"Schließen", "Close"}},
        {"panel_title", {"Personal-Modus", "Staff mode"}},
        {"kiosk", {"Gerät", "Kiosk"}},
        {"app", {"App-Version", "App version"}},
        {"signing_key", {"Schlüssel der Exporte", "Export signing key"}},
        {"signing_key_check", {"Prüfwert {fingerprint}", "Fingerprint {fingerprint}"}},
        {"content", {"Inhalte", "Content"}},
        {"outbox", {"Beiträge auf diesem Gerät", "Entries on this kiosk"}},
        {"outbox_counts",
         {"{pending} noch nicht übertragen · {delivered} übertragen · {quarantined} aussortiert",
          "{pending} not yet sent · {delivered} sent · {quarantined} set aside"}},
        {"outbox_unreadable",
         {"nicht lesbar ({reason}). Bitte die technische Betreuung informieren.",
          "cannot be read ({reason}). Please tell technical support."}},
        {"unreadable_locked", {"von einem anderen Programm belegt", "in use by another program"}},
        {"unreadable_damaged", {"Datei beschädigt", "the file is damaged"}},
        {"unreadable_too-new", {"von einer neueren App-Version angelegt", "made by a newer app version"}},
        {"unreadable_other", {"Lesefehler", "read error"}},
        {"reading", {"wird gelesen \u2026", "reading \u2026"}},
        {"sync", {"Letzte Übertragung", "Last attempt to send"}},
        {"sync_never", {"noch keine", "none yet"}},
        {"sync_off",
         {"kein Server der Organisatoren eingerichtet; Beiträge können auf einen Stick kopiert werden",
          "no organisers' server set up; entries can be copied to a stick"}},
        {"sync_unavailable",
         {"Übertragen ist ausgeschaltet. Die Beiträge bleiben auf diesem Gerät und können auf einen Stick kopiert "
          "werden. Bitte die technische Betreuung informieren.",
          "Sending is switched off. The entries stay on this kiosk and can be copied to a stick. Please tell "
          "technical support."}},
        {"sync_ok", {"{time}: hat geklappt", "{time}: worked"}},
        {"sync_offline",
         {"{time}: Server der Organisatoren nicht erreichbar. Die Beiträge bleiben auf diesem Gerät; es wird "
          "später noch einmal versucht.",
          "{time}: the organisers' server could not be reached. The entries stay on this kiosk; it will try "
          "again later."}},
        {"sync_server-error",
         {"{time}: Der Server der Organisatoren hatte eine Störung. Es wird später noch einmal versucht.",
          "{time}: the organisers' server had a fault. It will try again later."}},
        {"sync_busy",
         {"{time}: Der Server der Organisatoren ist gerade ausgelastet. Es wird später noch einmal versucht.",
          "{time}: the organisers' server is busy. It will try again later."}},
        {"sync_refused",
         {"{time}: Der Server der Organisatoren hat dieses Gerät abgewiesen. Bitte die technische Betreuung "
          "informieren.",
          "{time}: the organisers' server turned this kiosk away. Please tell technical support."}},
        {"sync_storage-error",
         {"{time}: Die Beiträge auf diesem Gerät konnten nicht gelesen werden. Bitte die technische Betreuung "
          "informieren.",
          "{time}: the entries on this kiosk could not be read. Please tell technical support."}},
        {"sync_other", {"{time}: hat nicht geklappt", "{time}: did not work"}},
        {"network", {"Netzwerk", "Network"}},
        {"network_up", {"verbunden", "connected"}},
        {"network_down", {"nicht verbunden", "not connected"}},
        {"disk", {"Speicherplatz", "Storage"}},
        {"disk_free", {"{amount} frei", "{amount} free"}},
        {"usb", {"USB-Stick", "USB stick"}},
        {"usb_found", {"eingesteckt ({label})", "plugged in ({label})"}},
        {"usb_none",
         {"kein Stick mit dem Ordner „ruhr-kiosk“ eingesteckt", "no stick with a “ruhr-kiosk” folder plugged in"}},
        {"alerts", {"Meldungen", "Messages"}},
        {"alerts_none", {"keine", "none"}},
        {"alerts_unreadable",
         {"Die Meldungen können nicht gelesen werden. Bitte die technische Betreuung informieren.",
          "The messages cannot be read. Please tell technical support."}},
        {"level_error", {"Fehler", "Error"}},
        {"level_warning", {"Warnung", "Warning"}},
        {"level_info", {"Hinweis", "Note"}},
        // Alerts (kiosk/alerts.h): "alert_<what>", with "_one" / "_none" for a count of 1 / 0
        // and "alert_<what>_<parameter>_<value>" for a parameter given as a key (a reason, a
        // kind), whose "_other" text stands for every value without a text of its own.
        {"alert_content_not_loaded",
         {"Die gewählten Inhalte konnten nicht geladen werden. Es werden weiter die bisherigen Inhalte gezeigt. "
          "Bitte die technische Betreuung informieren.",
          "The chosen content could not be loaded. The content shown before stays on screen. Please tell technical "
          "support."}},
        {"alert_outbox_moved_aside",
         {"Die Datei mit den Beiträgen auf diesem Gerät war beschädigt. Sie wurde beiseitegelegt, nicht gelöscht; "
          "neue Beiträge werden in einer neuen Datei gespeichert. Bitte die technische Betreuung informieren, damit "
          "die alten Beiträge gerettet werden können.",
          "The file with the entries on this kiosk was damaged. It was put aside, not deleted; new entries are "
          "stored in a new file. Please tell technical support, so that the old entries can be recovered."}},
        {"alert_retention_deleted",
         {"{count} übertragene Beiträge wurden nach Ablauf ihrer Aufbewahrungszeit von diesem Gerät gelöscht. Der "
          "Server der Organisatoren hat sie. Sie müssen nichts tun.",
          "{count} sent entries were deleted from this kiosk after their keeping time ran out. The organisers' "
          "server has them. Nothing to do."}},
        {"alert_retention_deleted_one",
         {"1 übertragener Beitrag wurde nach Ablauf seiner Aufbewahrungszeit von diesem Gerät gelöscht. Der Server "
          "der Organisatoren hat ihn. Sie müssen nichts tun.",
          "1 sent entry was deleted from this kiosk after its keeping time ran out. The organisers' server has it. "
          "Nothing to do."}},
        {"alert_exported",
         {"{count} Beiträge wurden auf den Stick kopiert (Ordner „{folder}“ in „export“). Bringen Sie den Stick zu "
          "den Organisatoren.",
          "{count} entries were copied to the stick (folder “{folder}” in “export”). Take the stick to the "
          "organisers."}},
        {"alert_exported_one",
         {"1 Beitrag wurde auf den Stick kopiert (Ordner „{folder}“ in „export“). Bringen Sie den Stick zu den "
          "Organisatoren.",
          "1 entry was copied to the stick (folder “{folder}” in “export”). Take the stick to the organisers."}},
        {"alert_exported_none",
         {"Kein Beitrag musste auf den Stick kopiert werden: Keiner wartet noch darauf, übertragen zu werden. Auf "
          "dem Stick liegt ein leerer Ordner „{folder}“ in „export“.",
          "No entry needed to be copied to the stick: none is waiting to be sent. The stick holds an empty folder "
          "“{folder}” in “export”."}},
        {"alert_statement_written",
         {"Abschlussbericht auf den Stick geschrieben (Ordner „{folder}“ in „statements“): {count} Beiträge, alle "
          "übertragen.",
          "Closing report written to the stick (folder “{folder}” in “statements”): {count} entries, all sent."}},
        {"alert_statement_written_one",
         {"Abschlussbericht auf den Stick geschrieben (Ordner „{folder}“ in „statements“): 1 Beitrag, übertragen.",
          "Closing report written to the stick (folder “{folder}” in “statements”): 1 entry, sent."}},
        {"alert_statement_written_none",
         {"Abschlussbericht auf den Stick geschrieben (Ordner „{folder}“ in „statements“): keine Beiträge auf "
          "diesem Gerät.",
          "Closing report written to the stick (folder “{folder}” in “statements”): no entries on this kiosk."}},
        {"alert_statement_written_pending",
         {"Abschlussbericht auf den Stick geschrieben (Ordner „{folder}“ in „statements“): {count} Beiträge, davon "
          "{pending} noch nicht übertragen. Kopieren Sie auch die Beiträge auf den Stick.",
          "Closing report written to the stick (folder “{folder}” in “statements”): {count} entries, {pending} of "
          "them not sent yet. Copy the entries to the stick too."}},
        {"alert_statement_written_pending_one",
         {"Abschlussbericht auf den Stick geschrieben (Ordner „{folder}“ in „statements“): 1 Beitrag, noch nicht "
          "übertragen. Kopieren Sie auch die Beiträge auf den Stick.",
          "Closing report written to the stick (folder “{folder}” in “statements”): 1 entry, not sent yet. Copy the "
          "entries to the stick too."}},
        {"alert_receipts_applied",
         {"Empfangsbestätigungen vom Stick übernommen (Ordner „{folder}“). Als angekommen bestätigt: {delivered}. "
          "Aussortiert: {quarantined}.",
          "Receipts taken from the stick (folder “{folder}”). Confirmed as received: {delivered}. Set aside: "
          "{quarantined}."}},
        {"alert_set_aside",
         {"Ein Beitrag wurde aussortiert und wird nicht mehr übertragen. {reason} Er bleibt auf diesem Gerät. Bitte "
          "die technische Betreuung informieren (Kennung des Beitrags: {record}).",
          "An entry was set aside and will not be sent again. {reason} It stays on this kiosk. Please tell "
          "technical support (the entry's ID: {record})."}},
        {"alert_set_aside_reason_conflict",
         {"Der Server der Organisatoren hat schon einen anderen Beitrag mit derselben Kennung.",
          "The organisers' server already has a different entry with the same ID."}},
        {"alert_set_aside_reason_rejected",
         {"Der Server der Organisatoren hat ihn als fehlerhaft abgelehnt.",
          "The organisers' server turned it down as faulty."}},
        {"alert_set_aside_reason_too-large",
         {"Er ist zu groß für den Server der Organisatoren.", "It is too large for the organisers' server."}},
        {"alert_set_aside_reason_other",
         {"Der Server der Organisatoren hat ihn abgelehnt.", "The organisers' server turned it down."}},
        {"alert_sync_refused",
         {"Der Server der Organisatoren hat dieses Gerät abgewiesen. {reason} Die Beiträge bleiben auf diesem Gerät; "
          "es wird später noch einmal versucht. Bitte die technische Betreuung informieren.",
          "The organisers' server turned this kiosk away. {reason} The entries stay on this kiosk; it will try again "
          "later. Please tell technical support."}},
        {"alert_sync_refused_reason_unauthorized",
         {"Er kennt den Zugangsschlüssel dieses Geräts nicht, oder der Schlüssel gilt nicht mehr.",
          "It does not know this kiosk's access key, or the key is no longer valid."}},
        {"alert_sync_refused_reason_forbidden",
         {"Der Zugangsschlüssel gehört zu einem anderen Gerät, oder dieses Gerät ist dort mit einem anderen "
          "Schlüssel angemeldet.",
          "The access key belongs to another kiosk, or this kiosk is registered there with another key."}},
        {"alert_sync_refused_reason_other",
         {"Den Grund kennt die technische Betreuung aus dem Protokoll des Geräts.",
          "Technical support can find the reason in the kiosk's log."}},
        {"alert_sync_answer_unsigned",
         {"Eine Antwort, die vom Server der Organisatoren kommen sollte, war nicht von ihm unterschrieben. Es wurde "
          "nichts als übertragen vermerkt; die Beiträge bleiben auf diesem Gerät, und es wird später noch einmal "
          "versucht. Bitte die technische Betreuung informieren.",
          "An answer that should have come from the organisers' server was not signed by it. Nothing was marked as "
          "sent; the entries stay on this kiosk, and it will try again later. Please tell technical support."}},
        {"alert_store_failed",
         {"{kind} konnte nicht gespeichert werden. {reason} Die Besucher sehen einen Hinweis; ihre Eingaben bleiben "
          "auf dem Bildschirm. Bitte die technische Betreuung informieren.",
          "{kind} could not be stored. {reason} Visitors see a notice; what they entered stays on the screen. Please "
          "tell technical support."}},
        {"alert_store_failed_kind_rating", {"Eine Bewertung", "A rating"}},
        {"alert_store_failed_kind_priorities",
         {"Eine Auswahl der wichtigsten Foren", "A choice of the most important forums"}},
        {"alert_store_failed_kind_idea", {"Eine Idee", "An idea"}},
        {"alert_store_failed_kind_other", {"Ein Beitrag", "An entry"}},
        {"alert_store_failed_reason_storage-full",
         {"Auf diesem Gerät ist kein Speicherplatz mehr frei.", "There is no free storage left on this kiosk."}},
        {"alert_store_failed_reason_read-only",
         {"Der Speicher dieses Geräts kann nicht beschrieben werden.",
          "The storage of this kiosk cannot be written to."}},
        {"alert_store_failed_reason_locked",
         {"Die Beiträge auf diesem Gerät waren gerade von einem anderen Programm belegt.",
          "The entries on this kiosk were in use by another program."}},
        {"alert_store_failed_reason_damaged",
         {"Die Datei mit den Beiträgen auf diesem Gerät ist beschädigt.",
          "The file with the entries on this kiosk is damaged."}},
        {"alert_store_failed_reason_other",
         {"Den Grund kennt die technische Betreuung aus dem Protokoll des Geräts.",
          "Technical support can find the reason in the kiosk's log."}},
        {"action_sync", {"Jetzt übertragen", "Send now"}},
        {"action_import", {"Inhalte vom Stick laden", "Load content from stick"}},
        {"action_rollback", {"Vorherige Inhalte zeigen", "Show previous content"}},
        {"action_export", {"Beiträge auf den Stick kopieren", "Copy entries to stick"}},
        {"action_receipts", {"Empfangsbestätigungen vom Stick", "Receipts from stick"}},
        {"action_statement", {"Abschlussbericht auf den Stick", "Closing report to stick"}},
        {"action_quit", {"App beenden", "Quit app"}},
        {"task_running", {"Läuft: {what}", "Running: {what}"}},
        {"task_ok", {"Fertig: {what}", "Done: {what}"}},
        {"task_failed", {"Nicht geklappt: {what}", "Did not work: {what}"}},
        {"step_check", {"Inhalte werden geprüft", "checking the content"}},
        {"step_copy", {"Inhalte werden kopiert", "copying the content"}},
        {"step_scale", {"Bilder werden angepasst", "fitting the pictures"}},
        {"step_export", {"{done} Beiträge kopiert", "{done} entries copied"}},
        {"step_of", {"{done} von {total}", "{done} of {total}"}},
        // Task results: "result_<task>_<outcome>", the outcome "ok" or an error kind's name;
        // a kind without a text of its own uses "result_<task>_other".
        {"result_import_ok",
         {"Die neuen Inhalte (Version {version}) werden jetzt gezeigt.",
          "The new content (version {version}) is shown now."}},
        {"result_import_not-found",
         {"Auf dem Stick wurden keine Inhalte gefunden. Legen Sie einen Stick ein, auf dem im Ordner „ruhr-kiosk“ "
          "der Ordner „content“ mit den neuen Inhalten liegt.",
          "No content was found on the stick. Insert a stick with a folder “content” inside its “ruhr-kiosk” "
          "folder."}},
        {"result_import_refused",
         {"Die Inhalte auf dem Stick sind nicht von den Organisatoren freigegeben. Es wurde nichts geändert. Bitte "
          "bei den Organisatoren einen neuen Stick anfordern.",
          "The content on the stick is not approved by the organisers. Nothing was changed. Please ask the "
          "organisers for a new stick."}},
        {"result_import_invalid",
         {"Die Inhalte auf dem Stick sind fehlerhaft oder unvollständig. Es wurde nichts geändert. Bitte bei den "
          "Organisatoren einen neuen Stick anfordern.",
          "The content on the stick is faulty or incomplete. Nothing was changed. Please ask the organisers for a "
          "new stick."}},
        {"result_import_damaged",
         {"Die Inhalte haben sich beim Kopieren verändert. Es wurde nichts geändert. Versuchen Sie es noch einmal; "
          "klappt es wieder nicht, bitte bei den Organisatoren einen neuen Stick anfordern.",
          "The content changed while it was copied. Nothing was changed. Try again; if it fails again, please ask "
          "the organisers for a new stick."}},
        {"result_import_outdated",
         {"Die Inhalte auf dem Stick sind nicht die neuesten: Dieses Gerät hatte schon neuere Inhalte, oder die "
          "Inhalte sind abgelaufen. Es wurde nichts geändert. Bitte bei den Organisatoren den aktuellen Stick "
          "anfordern.",
          "The content on the stick is not the latest: this kiosk already had newer content, or the content has "
          "expired. Nothing was changed. Please ask the organisers for the current stick."}},
        {"result_import_too-new",
         {"Die Inhalte auf dem Stick brauchen eine neuere Version dieser App. Es wurde nichts geändert. Bitte die "
          "technische Betreuung informieren.",
          "The content on the stick needs a newer version of this app. Nothing was changed. Please tell technical "
          "support."}},
        {"result_import_storage-full",
         {"Auf diesem Gerät ist nicht genug Speicherplatz frei. Es wurde nichts geändert. Bitte die technische "
          "Betreuung informieren.",
          "There is not enough free storage on this kiosk. Nothing was changed. Please tell technical support."}},
        {"result_import_io",
         {"Der Stick konnte nicht gelesen werden. Wurde er zu früh herausgezogen? Es wurde nichts geändert. Stecken "
          "Sie ihn wieder ein und versuchen Sie es noch einmal.",
          "The stick could not be read. Was it pulled out too early? Nothing was changed. Plug it in again and try "
          "again."}},
        {"result_import_other",
         {"Die Inhalte konnten nicht geladen werden. Es wurde nichts geändert. Versuchen Sie es noch einmal; klappt "
          "es wieder nicht, bitte die technische Betreuung informieren.",
          "The content could not be loaded. Nothing was changed. Try again; if it fails again, please tell "
          "technical support."}},
        {"result_import_log",
         {"Ein Bericht liegt auf dem Stick im Ordner „logs“.", "A report is on the stick in the folder “logs”."}},
        {"result_import_no_log",
         {"Der Bericht konnte nicht auf den Stick geschrieben werden.",
          "The report could not be written to the stick."}},
        {"result_rollback_ok",
         {"Die vorherigen Inhalte werden wieder gezeigt.", "The previous content is shown again."}},
        {"result_rollback_ok-builtin",
         {"Die mitgelieferten Grundinhalte werden wieder gezeigt.", "The built-in basic content is shown again."}},
        {"result_rollback_not-found",
         {"Es gibt keine früheren Inhalte, zu denen das Gerät wechseln könnte. Die jetzigen Inhalte bleiben.",
          "There is no earlier content to go back to. The current content stays."}},
        {"result_rollback_other",
         {"Der Wechsel zu den vorherigen Inhalten hat nicht geklappt. Die jetzigen Inhalte bleiben. Bitte die "
          "technische Betreuung informieren.",
          "Going back to the previous content did not work. The current content stays. Please tell technical "
          "support."}},
        {"result_export_ok",
         {"{count} Beiträge sind jetzt auf dem Stick (Ordner „export“). Bringen Sie den Stick zu den "
          "Organisatoren. Die Beiträge bleiben auch auf diesem Gerät.",
          "{count} entries are on the stick now (folder “export”). Take the stick to the organisers. The entries "
          "also stay on this kiosk."}},
        {"result_export_ok_one",
         {"1 Beitrag ist jetzt auf dem Stick (Ordner „export“). Bringen Sie den Stick zu den Organisatoren. Der "
          "Beitrag bleibt auch auf diesem Gerät.",
          "1 entry is on the stick now (folder “export”). Take the stick to the organisers. The entry also stays on "
          "this kiosk."}},
        {"result_export_ok_none",
         {"Kein Beitrag musste auf den Stick kopiert werden: Keiner wartet noch darauf, übertragen zu werden. Sie "
          "müssen den Stick nicht zu den Organisatoren bringen.",
          "No entry needed to be copied to the stick: none is waiting to be sent. There is no need to take the stick "
          "to the organisers."}},
        {"result_export_storage-full",
         {"Der Stick ist voll. Es wurde nichts kopiert. Nehmen Sie einen Stick mit mehr freiem Platz.",
          "The stick is full. Nothing was copied. Use a stick with more free space."}},
        {"result_export_read-only",
         {"Auf den Stick kann nicht geschrieben werden (vielleicht schreibgeschützt). Es wurde nichts kopiert. "
          "Nehmen Sie einen anderen Stick.",
          "The stick cannot be written to (perhaps write-protected). Nothing was copied. Use another stick."}},
        {"result_export_not-found",
         {"Der Stick konnte nicht beschrieben werden. Wurde er zu früh herausgezogen? Es wurde nichts kopiert. "
          "Stecken Sie ihn wieder ein und versuchen Sie es noch einmal.",
          "The stick could not be written to. Was it pulled out too early? Nothing was copied. Plug it in again and "
          "try again."}},
        {"result_export_io",
         {"Der Stick konnte nicht beschrieben werden. Wurde er zu früh herausgezogen? Es wurde nichts kopiert. "
          "Stecken Sie ihn wieder ein und versuchen Sie es noch einmal.",
          "The stick could not be written to. Was it pulled out too early? Nothing was copied. Plug it in again and "
          "try again."}},
        {"result_export_refused",
         {"Auf dem Stick ist etwas im Weg, wo die Beiträge hin sollen. Es wurde nichts kopiert. Nehmen Sie einen "
          "anderen Stick.",
          "Something on the stick is in the way where the entries should go. Nothing was copied. Use another "
          "stick."}},
        {"result_export_locked",
         {"Die Beiträge auf diesem Gerät sind gerade in Gebrauch. Es wurde nichts kopiert. Versuchen Sie es in einer "
          "Minute noch einmal.",
          "The entries on this kiosk are in use right now. Nothing was copied. Try again in a minute."}},
        {"result_export_damaged",
         {"Die Beiträge auf diesem Gerät können nicht gelesen werden. Es wurde nichts kopiert. Bitte die technische "
          "Betreuung informieren.",
          "The entries on this kiosk cannot be read. Nothing was copied. Please tell technical support."}},
        {"result_export_other",
         {"Das Kopieren auf den Stick hat nicht geklappt. Es wurde nichts kopiert. Versuchen Sie es noch einmal; "
          "klappt es wieder nicht, bitte die technische Betreuung informieren.",
          "Copying to the stick did not work. Nothing was copied. Try again; if it fails again, please tell "
          "technical support."}},
        {"result_statement_ok",
         {"Der Abschlussbericht ist auf dem Stick (Ordner „statements“): {count} Beiträge, alle übertragen. Bringen "
          "Sie den Stick zu den Organisatoren: Damit prüfen sie, dass jeder Beitrag genau einmal angekommen ist.",
          "The closing report is on the stick (folder “statements”): {count} entries, all sent. Take the stick to "
          "the organisers: with it they check that every entry arrived exactly once."}},
        {"result_statement_ok_none",
         {"Der Abschlussbericht ist auf dem Stick (Ordner „statements“): keine Beiträge auf diesem Gerät. Bringen "
          "Sie den Stick trotzdem zu den Organisatoren: Damit sehen sie, dass von diesem Gerät nichts fehlt.",
          "The closing report is on the stick (folder “statements”): no entries on this kiosk. Take the stick to the "
          "organisers all the same: with it they see that nothing from this kiosk is missing."}},
        {"result_statement_ok-pending",
         {"Der Abschlussbericht ist auf dem Stick (Ordner „statements“): {count} Beiträge, davon {pending} noch "
          "nicht übertragen. Kopieren Sie auch die Beiträge auf den Stick und bringen Sie ihn zu den Organisatoren: "
          "Damit prüfen sie, dass jeder Beitrag genau einmal angekommen ist.",
          "The closing report is on the stick (folder “statements”): {count} entries, {pending} of them not sent "
          "yet. Copy the entries to the stick too and take it to the organisers: with it they check that every entry "
          "arrived exactly once."}},
        {"result_statement_ok_one",
         {"Der Abschlussbericht ist auf dem Stick (Ordner „statements“): 1 Beitrag, übertragen. Bringen Sie den "
          "Stick zu den Organisatoren: Damit prüfen sie, dass jeder Beitrag genau einmal angekommen ist.",
          "The closing report is on the stick (folder “statements”): 1 entry, sent. Take the stick to the "
          "organisers: with it they check that every entry arrived exactly once."}},
        {"result_statement_ok-pending_one",
         {"Der Abschlussbericht ist auf dem Stick (Ordner „statements“): 1 Beitrag, noch nicht übertragen. "
          "Kopieren Sie auch die Beiträge auf den Stick und bringen Sie ihn zu den Organisatoren: Damit prüfen sie, "
          "dass jeder Beitrag genau einmal angekommen ist.",
          "The closing report is on the stick (folder “statements”): 1 entry, not sent yet. Copy the entries to the "
          "stick too and take it to the organisers: with it they check that every entry arrived exactly once."}},
        {"result_statement_storage-full",
         {"Der Stick ist voll. Der Abschlussbericht wurde nicht geschrieben. Nehmen Sie einen Stick mit mehr freiem "
          "Platz.",
          "The stick is full. The closing report was not written. Use a stick with more free space."}},
        {"result_statement_read-only",
         {"Auf den Stick kann nicht geschrieben werden (vielleicht schreibgeschützt). Der Abschlussbericht wurde "
          "nicht geschrieben. Nehmen Sie einen anderen Stick.",
          "The stick cannot be written to (perhaps write-protected). The closing report was not written. Use another "
          "stick."}},
        {"result_statement_not-found",
         {"Der Stick konnte nicht beschrieben werden. Wurde er zu früh herausgezogen? Stecken Sie ihn wieder ein und "
          "versuchen Sie es noch einmal.",
          "The stick could not be written to. Was it pulled out too early? Plug it in again and try again."}},
        {"result_statement_io",
         {"Der Stick konnte nicht beschrieben werden. Wurde er zu früh herausgezogen? Stecken Sie ihn wieder ein und "
          "versuchen Sie es noch einmal.",
          "The stick could not be written to. Was it pulled out too early? Plug it in again and try again."}},
        {"result_statement_refused",
         {"Auf dem Stick ist etwas im Weg, wo der Abschlussbericht hin soll. Es wurde nichts geschrieben. Nehmen Sie "
          "einen anderen Stick.",
          "Something on the stick is in the way where the closing report should go. Nothing was written. Use "
          "another stick."}},
        {"result_statement_locked",
         {"Die Beiträge auf diesem Gerät sind gerade in Gebrauch. Versuchen Sie es in einer Minute noch einmal.",
          "The entries on this kiosk are in use right now. Try again in a minute."}},
        {"result_statement_other",
         {"Der Abschlussbericht konnte nicht geschrieben werden. Versuchen Sie es noch einmal; klappt es wieder "
          "nicht, bitte die technische Betreuung informieren.",
          "The closing report could not be written. Try again; if it fails again, please tell technical support."}},
        {"result_receipts_ok",
         {"{delivered} Beiträge sind als angekommen bestätigt.", "{delivered} entries are confirmed as received."}},
        {"result_receipts_ok_one", {"1 Beitrag ist als angekommen bestätigt.", "1 entry is confirmed as received."}},
        {"result_receipts_ok_none",
         {"Kein weiterer Beitrag ist als angekommen bestätigt.", "No further entry is confirmed as received."}},
        {"result_receipts_set_aside_one",
         {"1 Beitrag hat der Server der Organisatoren aussortiert.",
          "1 entry was set aside by the organisers' server."}},
        {"result_receipts_set_aside",
         {"{quarantined} Beiträge hat der Server der Organisatoren aussortiert.",
          "{quarantined} entries were set aside by the organisers' server."}},
        {"result_receipts_partial",
         {"{delivered} Beiträge sind als angekommen bestätigt, aber {failed} von {files} Dateien mit "
          "Empfangsbestätigungen konnten nicht übernommen werden. Bitte die technische Betreuung informieren.",
          "{delivered} entries are confirmed as received, but {failed} of {files} receipt files could not be "
          "used. Please tell technical support."}},
        {"result_receipts_not-found",
         {"Auf dem Stick wurden keine Empfangsbestätigungen gefunden. Sie kommen auf den Stick, wenn die "
          "Organisatoren die kopierten Beiträge von ihm eingelesen haben.",
          "No receipts were found on the stick. They are put on the stick when the organisers have read the "
          "copied entries from it."}},
        {"result_receipts_refused",
         {"Die Empfangsbestätigungen auf dem Stick stammen nicht vom Server der Organisatoren oder gehören zu "
          "einem anderen Gerät. Es wurde nichts geändert. Bitten Sie die Organisatoren, sie neu zu erstellen.",
          "The receipts on the stick do not come from the organisers' server, or belong to another kiosk. "
          "Nothing was changed. Please ask the organisers to make them again."}},
        {"result_receipts_invalid",
         {"Die Empfangsbestätigungen auf dem Stick sind fehlerhaft. Es wurde nichts geändert. Bitte bei den "
          "Organisatoren neu anfordern.",
          "The receipts on the stick are faulty. Nothing was changed. Please ask the organisers for new ones."}},
        {"result_receipts_io",
         {"Der Stick konnte nicht gelesen werden. Wurde er zu früh herausgezogen? Es wurde nichts geändert. Stecken "
          "Sie ihn wieder ein und versuchen Sie es noch einmal.",
          "The stick could not be read. Was it pulled out too early? Nothing was changed. Plug it in again and try "
          "again."}},
        {"result_receipts_locked",
         {"Die Beiträge auf diesem Gerät sind gerade in Gebrauch. Es wurde nichts geändert. Versuchen Sie es in "
          "einer Minute noch einmal.",
          "The entries on this kiosk are in use right now. Nothing was changed. Try again in a minute."}},
        {"result_receipts_storage-full",
         {"Auf diesem Gerät ist nicht genug Speicherplatz frei. Es wurde nichts geändert. Bitte die technische "
          "Betreuung informieren.",
          "There is not enough free storage on this kiosk. Nothing was changed. Please tell technical support."}},
        {"result_receipts_other",
         {"Die Empfangsbestätigungen konnten nicht übernommen werden. Es wurde nichts geändert. Versuchen Sie es "
          "noch einmal; klappt es wieder nicht, bitte die technische Betreuung informieren.",
          "The receipts could not be used. Nothing was changed. Try again; if it fails again, please tell "
          "technical support."}},
        {"unsigned",
         {"Testbetrieb: Inhalte ohne Freigabe der Organisatoren werden angenommen",
          "Test mode: content without the organisers' approval is accepted"}},
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

bool has_staff_text(std::string_view key) { return staff_catalog().count(key) > 0; }

const char* staff_task_name(StaffTaskStatus::Kind kind) {
    switch (kind) {
    case StaffTaskStatus::Kind::None: return "";
    case StaffTaskStatus::Kind::Import: return "import";
    case StaffTaskStatus::Kind::Rollback: return "rollback";
    case StaffTaskStatus::Kind::Export: return "export";
    case StaffTaskStatus::Kind::Receipts: return "receipts";
    case StaffTaskStatus::Kind::Statement: return "statement";
    }
    return "";
}

namespace {
std::string fill(std::string text, const std::map<std::string, std::string, std::less<>>& values) {
    for (const auto& [name, value] : values) text = replace_placeholder(text, name, value);
    return text;
}

// The catalog's form of `key` for a count: "_one" for 1, "_none" for 0, where it has them.
std::string counted_key(const std::string& key, std::string_view count) {
    const char* suffix = count == "1" ? "_one" : count == "0" ? "_none" : "";
    if (*suffix && has_staff_text(key + suffix)) return key + suffix;
    return key;
}

// A text with every absolute path cut to its last name: the folders of the kiosk or a stick
// mean nothing to staff (the event log and the outbox keep them whole). For the alerts stored
// as English text, before they had keys.
std::string without_folders(const std::string& text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t end = std::min(text.find(' ', i), text.size());
        std::string_view word(text.data() + i, end - i);
        if (word.size() > 1 && word.front() == '/') {
            std::size_t tail = word.size();
            while (tail > 0 && std::string_view(",.;:)").find(word[tail - 1]) != std::string_view::npos) --tail;
            const std::string_view path = word.substr(0, tail);
            out += fs::path(path).filename().string();
            out += word.substr(tail);
        } else {
            out += word;
        }
        if (end < text.size()) out += ' ';
        i = end + 1;
    }
    return out;
}
}  // namespace

std::string staff_alert_text(const std::string& language, const Alert& alert) {
    // An alert from before keys (schema version 4 and older), or one whose key this app version
    // has no text for: its own words, as the panel always showed them.
    if (alert.key.rfind("alert_", 0) != 0 || !has_staff_text(alert.key)) return without_folders(alert.message);
    std::string count;
    if (const auto it = alert.params.find("count"); it != alert.params.end() && it->is_number_integer())
        count = std::to_string(it->get<std::int64_t>());
    std::string text = staff_text(language, counted_key(alert.key, count));
    for (const auto& [name, value] : alert.params.items()) {
        std::string shown;
        if (value.is_number_integer()) {
            shown = std::to_string(value.get<std::int64_t>());
        } else if (value.is_string()) {
            shown = value.get<std::string>();
            // A parameter given as a key (a reason, a kind) has texts of its own, "_other" for
            // a value without one; the technical detail stays in the English line.
            const std::string family = alert.key + "_" + name + "_";
            if (has_staff_text(family + "other"))
                shown = staff_text(language, has_staff_text(family + shown) ? family + shown : family + "other");
            else if (name == "folder")
                shown = last_name(fs::path(shown));
        } else {
            continue;
        }
        text = replace_placeholder(text, name, shown);
    }
    return text;
}

std::string staff_task_result(const std::string& language, const StaffTaskStatus& status) {
    if (status.kind == StaffTaskStatus::Kind::None || status.running || !status.ok) return {};
    const std::string task = staff_task_name(status.kind);
    std::string key = "result_" + task + "_" + status.outcome;
    if (!has_staff_text(key)) key = "result_" + task + (*status.ok ? "_ok" : "_other");
    const auto value = [&](const char* name) {
        const auto it = status.values.find(name);
        return it == status.values.end() ? std::string() : it->second;
    };
    // "1 Beitrag", not "1 Beiträge"; "keine Beiträge", not "0 Beiträge".
    const std::string count = !value("count").empty() ? value("count") : value("delivered");
    key = counted_key(key, count);
    std::string text = fill(staff_text(language, key), status.values);
    if (status.kind == StaffTaskStatus::Kind::Import && !value("log").empty())
        text += " " + staff_text(language, value("log") == "yes" ? "result_import_log" : "result_import_no_log");
    if (status.kind == StaffTaskStatus::Kind::Receipts && *status.ok && value("quarantined") != "0" &&
        !value("quarantined").empty())
        text += " " + fill(staff_text(language, counted_key("result_receipts_set_aside", value("quarantined"))),
                           status.values);
    return text;
}

std::string staff_free_space(const std::string& language, std::uintmax_t bytes) {
    const bool de = language != "en";
    const double gb = static_cast<double>(bytes) / 1e9;
    std::string amount;
    if (gb >= 9.95) {
        amount = std::to_string(static_cast<std::uintmax_t>(std::llround(gb))) + " GB";
    } else if (gb >= 0.995) {
        const long tenths = std::lround(gb * 10.0);
        amount = std::to_string(tenths / 10) + (de ? "," : ".") + std::to_string(tenths % 10) + " GB";
    } else {
        amount = std::to_string(static_cast<std::uintmax_t>(std::llround(static_cast<double>(bytes) / 1e6))) + " MB";
    }
    return replace_placeholder(staff_text(language, "disk_free"), "amount", amount);
}

std::string staff_time(const std::string& language, std::string_view iso) {
    // "2026-11-26T10:15:03.120Z": date, then hours and minutes.
    if (iso.size() < 16 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':') return std::string(iso);
    const std::string_view year = iso.substr(0, 4), month = iso.substr(5, 2), day = iso.substr(8, 2);
    const std::string_view hm = iso.substr(11, 5);
    if (language == "en")
        return std::string(year) + "-" + std::string(month) + "-" + std::string(day) + ", " + std::string(hm) + " UTC";
    return std::string(day) + "." + std::string(month) + "." + std::string(year) + ", " + std::string(hm) + " UTC";
}

}  // namespace ruhr
