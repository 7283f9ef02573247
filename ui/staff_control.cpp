#include "ui/staff_control.h"

#include "base/utf8.h"

#include <cmath>

namespace ruhr {

namespace {
// While the panel is shown its facts are read again this often (app clock, seconds).
constexpr double k_snapshot_seconds = 2.0;

std::string counts_text(const std::string& lang, const OutboxCounts& c) {
    const auto text = [&](std::string_view key) -> const std::string& { return staff_text(lang, key); };
    return replace_placeholder(
        replace_placeholder(replace_placeholder(text("outbox_counts"), "pending", std::to_string(c.pending)),
                            "delivered", std::to_string(c.delivered)),
        "quarantined", std::to_string(c.quarantined));
}

// The task each action starts, named by its button ("Inhalte vom Stick laden").
constexpr const char* k_task_actions[] = {
    "", "action_import", "action_rollback", "action_export", "action_receipts", "action_statement"};

// Why the outbox cannot be read, by the error's kind; its message goes to the event log.
std::string unreadable_reason(const std::string& lang, const Error& e) {
    const char* key = e.kind == ErrorKind::Locked    ? "unreadable_locked"
                      : e.kind == ErrorKind::Damaged ? "unreadable_damaged"
                      : e.kind == ErrorKind::TooNew  ? "unreadable_too-new"
                                                     : "unreadable_other";
    return staff_text(lang, key);
}

// The last sync run: when, and what came of it in plain words.
std::string sync_text(const std::string& lang, const SyncStatus& s) {
    std::string key = std::string("sync_") + outcome_name(s.last_outcome);
    if (!has_staff_text(key)) key = "sync_other";
    return replace_placeholder(staff_text(lang, key), "time", staff_time(lang, s.last_attempt_at));
}

// A stick's name without the device folder ("/dev/sdb1" -> "sdb1").
std::string stick_name(const Volume& v) {
    const std::string name = std::filesystem::path(v.label).filename().string();
    return name.empty() ? v.mount_point.filename().string() : name;
}

std::string alert_level(const std::string& lang, const std::string& level) {
    const std::string key = "level_" + level;
    return has_staff_text(key) ? staff_text(lang, key) : level;
}

// What a running task does now: "Inhalte werden kopiert (3 von 31)".
std::string progress_text(const std::string& lang, const StaffTaskStatus& t) {
    if (t.step.empty()) return {};
    const std::string key = "step_" + t.step;
    std::string text = replace_placeholder(staff_text(lang, key), "done", std::to_string(t.done));
    if (t.step != "export" && t.total > 0)
        text += " (" +
                replace_placeholder(replace_placeholder(staff_text(lang, "step_of"), "done", std::to_string(t.done)),
                                    "total", std::to_string(t.total)) +
                ")";
    return text;
}
}  // namespace

StaffControl::StaffControl(StaffSettings settings, StaffPlatform* platform, StaffTasks::OpenOutbox open_outbox,
                           const WallClock& wall, std::function<void()> wake, Log log)
    : m_settings(std::move(settings)),
      m_platform(platform),
      m_has_outbox(static_cast<bool>(open_outbox)),
      m_log(std::move(log)),
      m_gate(m_settings, wall),
      m_tasks(m_settings, open_outbox, wall, wake),
      m_monitor(m_settings, open_outbox, platform, wake) {
    if (m_platform) m_stick_seen = m_platform->kiosk_stick().has_value();
}

StaffControl::~StaffControl() = default;

void StaffControl::open(double now, const char* cause) {
    m_gate.open_pin(now);
    m_log({{"event", "staff-pin"}, {"cause", cause}});
}

StaffFrameEvents StaffControl::frame(bool pointer_down, ScreenPoint pointer, ScreenPoint display, float scale,
                                     bool activity, double now) {
    StaffFrameEvents ev;
    if (m_gate.track_gesture(pointer_down, pointer, display, scale, now)) {
        m_from_stick = false;
        ev.open_cause = "gesture";
    }
    // A stick with a ruhr-kiosk/ folder asks for the PIN by itself.
    const bool stick = m_platform && m_platform->kiosk_stick().has_value();
    if (stick && !m_stick_seen && m_gate.mode() == StaffMode::Off && !ev.open_cause) {
        m_from_stick = true;
        ev.open_cause = "usb-stick";
    }
    if (stick != m_stick_seen) ev.changed = true;
    m_stick_seen = stick;
    log_technical_detail();  // also for a task that ends after staff mode closed
    if (m_gate.mode() == StaffMode::Off) return ev;
    if (activity) m_gate.touched(now);
    const bool was_checking = m_gate.checking();
    if (m_gate.poll(now)) {
        m_log({{"event", "staff-panel"}});
        m_next_snapshot = -1.0;  // the panel just opened: read its facts now
    }
    if (was_checking) ev.changed = true;
    if (m_gate.close_if_idle(now)) {
        m_log({{"event", "staff-closed"}, {"cause", "idle"}});
        ev.changed = true;
    }
    const bool running = m_tasks.status().running;
    if (m_gate.mode() == StaffMode::Panel && (now >= m_next_snapshot || running != m_task_running)) {
        // Periodically, and when a task starts or ends (an export changes the counts).
        m_monitor.refresh();
        m_next_snapshot = now + k_snapshot_seconds;
    }
    m_task_running = running;
    ev.switch_to = m_tasks.take_switch();
    return ev;
}

void StaffControl::apply(const Intent& intent, double now, const StaffPanelContext& context) {
    m_gate.touched(now);
    if (const auto* k = std::get_if<StaffPinKey>(&intent)) {
        if (m_gate.mode() != StaffMode::Pin) return;
        if (k->kind == StaffPinKey::Kind::Digit)
            m_gate.press_digit(k->digit, now);
        else if (k->kind == StaffPinKey::Kind::Backspace)
            m_gate.backspace(now);
        else
            m_gate.submit(now);
        return;
    }
    const auto* a = std::get_if<StaffAction>(&intent);
    if (!a) return;
    if (a->kind == StaffAction::Kind::Close) {
        m_gate.close();
        m_log({{"event", "staff-closed"}, {"cause", "staff"}});
        return;
    }
    if (m_gate.mode() != StaffMode::Panel) return;
    const auto stick = m_platform ? m_platform->kiosk_stick() : std::nullopt;
    switch (a->kind) {
    case StaffAction::Kind::Sync:
        if (context.sync) context.sync->nudge(Nudge::Staff);
        break;
    case StaffAction::Kind::Import:
        if (stick) m_tasks.import_pack(*stick, {context.pack.id, context.pack.version}, context.screen_long_side);
        break;
    case StaffAction::Kind::Rollback: m_tasks.rollback(); break;
    case StaffAction::Kind::Export:
        if (stick) m_tasks.export_outbox(*stick);
        break;
    case StaffAction::Kind::Receipts:
        if (stick) m_tasks.apply_receipts(*stick);
        break;
    case StaffAction::Kind::Statement:
        if (stick) m_tasks.write_statement(*stick);
        break;
    case StaffAction::Kind::Quit:
        m_log({{"event", "staff-quit"}});
        if (m_platform) m_platform->quit();
        break;
    case StaffAction::Kind::Close: break;
    }
    m_log({{"event", "staff-action"}, {"action", static_cast<int>(a->kind)}});
}

// The panel speaks plainly; what an engineer needs (the library's words, the paths) goes to the
// event log: each task's result once, and a read error of the panel's facts when it changes.
void StaffControl::log_technical_detail() {
    const StaffTaskStatus t = m_tasks.status();
    if (!t.running && t.ok && t.run != m_logged_run) {
        m_logged_run = t.run;
        nlohmann::json e{{"event", "staff-task"},
                         {"task", staff_task_name(t.kind)},
                         {"ok", *t.ok},
                         {"outcome", t.outcome},
                         {"detail", t.detail}};
        if (t.error) e["kind"] = error_kind_name(*t.error);
        m_log(std::move(e));
    }
    const std::shared_ptr<const StaffSnapshot> snap = m_monitor.snapshot();
    std::string read_error;
    if (snap && snap->counts && !*snap->counts) read_error = snap->counts->error().message;
    if (read_error.empty() && snap && snap->alerts && !*snap->alerts) read_error = snap->alerts->error().message;
    if (read_error != m_logged_read_error) {
        m_logged_read_error = read_error;
        if (!read_error.empty()) m_log({{"event", "staff-read-error"}, {"error", read_error}});
    }
}

double StaffControl::next_deadline(double now) const {
    double wake = -1.0;
    const double snapshot = m_gate.mode() == StaffMode::Panel ? m_next_snapshot : -1.0;
    for (double d : {m_gate.gesture_deadline(), m_gate.idle_deadline(),
                     m_gate.locked(now) ? now + m_gate.locked_seconds_left(now) : -1.0, snapshot})
        if (d >= 0) wake = wake < 0 ? d : std::min(wake, d);
    return wake;
}

bool StaffControl::busy() const {
    return m_gate.checking() || m_tasks.status().running ||
           (m_gate.mode() == StaffMode::Panel && m_monitor.refreshing());
}

StaffPanelView StaffControl::panel_view(const StaffPanelContext& context) const {
    const std::string& lang = context.pack.default_language;
    const auto text = [&](std::string_view key) -> const std::string& { return staff_text(lang, key); };
    const std::shared_ptr<const StaffSnapshot> snap = m_monitor.snapshot();
    // Until the first snapshot is read (a moment after the panel opens) its facts say so.
    const std::string& reading = text("reading");
    StaffPanelView v;
    const auto stick = m_platform ? m_platform->kiosk_stick() : std::nullopt;
    v.facts.emplace_back(text("kiosk"), context.kiosk_id);
    v.facts.emplace_back(text("app"), RUHR_KIOSK_VERSION);
    if (snap && snap->signing_key) {
        // In four groups, so the line wraps; the collector's messages name it without spaces.
        std::string grouped;
        for (std::size_t i = 0; i < snap->signing_key->size(); i += 11)
            grouped += (i ? " " : "") + snap->signing_key->substr(i, 11);
        v.facts.emplace_back(text("signing_key"), grouped + "\n" +
                                                      replace_placeholder(text("signing_key_check"), "fingerprint",
                                                                          snap->signing_key_fingerprint));
    }
    v.facts.emplace_back(text("content"), context.pack.id + " " + context.pack.version);
    if (m_has_outbox) {
        // A count that cannot be read is shown as such: staff must not read "0 pending".
        if (!snap || !snap->counts)
            v.facts.emplace_back(text("outbox"), reading);
        else if (!*snap->counts)
            v.facts.emplace_back(text("outbox"), replace_placeholder(text("outbox_unreadable"), "reason",
                                                                     unreadable_reason(lang, snap->counts->error())));
        else
            v.facts.emplace_back(text("outbox"), counts_text(lang, **snap->counts));
    }
    std::string sync = text(m_settings.uploads_unavailable.empty() ? "sync_off" : "sync_unavailable");
    if (context.sync) {
        const SyncStatus s = context.sync->status();
        v.sync_enabled = s.enabled;
        // The outcome in plain words; the collector's own error text is in the event log.
        if (s.enabled) sync = s.last_attempt_at.empty() ? text("sync_never") : sync_text(lang, s);
    }
    v.facts.emplace_back(text("sync"), sync);
    if (m_platform)
        v.facts.emplace_back(text("network"), !snap || !snap->network_up
                                                  ? reading
                                                  : text(*snap->network_up ? "network_up" : "network_down"));
    if (!snap)
        v.facts.emplace_back(text("disk"), reading);
    else if (snap->disk_free_bytes)
        v.facts.emplace_back(text("disk"), staff_free_space(lang, *snap->disk_free_bytes));
    // The stick by its name; where it is mounted means nothing to staff.
    v.facts.emplace_back(
        text("usb"), stick ? replace_placeholder(text("usb_found"), "label", stick_name(*stick)) : text("usb_none"));
    if (m_settings.trust.signature != SignaturePolicy::Required) v.facts.emplace_back("!", text("unsigned"));
    if (snap && snap->alerts) {
        if (!*snap->alerts)
            v.alerts.push_back(text("alerts_unreadable"));
        else
            for (const Alert& al : **snap->alerts)
                v.alerts.push_back(staff_time(lang, al.created_at) + " " + alert_level(lang, al.level) + ": " +
                                   staff_alert_text(lang, al));
    }
    v.stick = stick.has_value();
    v.can_rollback = snap && snap->can_rollback;
    const StaffTaskStatus t = m_tasks.status();
    v.busy = t.running;
    if (t.kind != StaffTaskStatus::Kind::None) {
        const std::string what = text(k_task_actions[static_cast<int>(t.kind)]);
        if (t.running) {
            v.task = replace_placeholder(text("task_running"), "what", what);
            v.task_detail = progress_text(lang, t);
        } else if (t.ok && *t.ok) {
            v.task = replace_placeholder(text("task_ok"), "what", what);
            v.task_detail = staff_task_result(lang, t);
        } else {
            v.task = replace_placeholder(text("task_failed"), "what", what);
            v.task_detail = staff_task_result(lang, t);
            v.task_failed = true;
        }
    }
    return v;
}

void StaffControl::draw(Ui& ui, Intents& out, double now, const StaffPanelContext& context) {
    if (m_gate.mode() == StaffMode::Pin) {
        StaffPinView v;
        v.configured = m_gate.configured();
        v.digits = m_gate.entry().size();
        v.checking = m_gate.checking();
        v.wrong = m_gate.last_wrong();
        v.locked_minutes = m_gate.locked(now) ? static_cast<int>(std::ceil(m_gate.locked_seconds_left(now) / 60.0)) : 0;
        v.stick = m_from_stick;
        draw_staff_pin(ui, v, out);
    } else {
        draw_staff_panel(ui, panel_view(context), out);
    }
}

}  // namespace ruhr
