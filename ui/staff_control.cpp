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
        if (stick) m_tasks.import_pack(*stick, context.pack.version, OlderPack::Refuse, context.screen_long_side);
        break;
    case StaffAction::Kind::ConfirmOlder:
        if (stick) m_tasks.import_pack(*stick, context.pack.version, OlderPack::Allow, context.screen_long_side);
        break;
    case StaffAction::Kind::Rollback: m_tasks.rollback(); break;
    case StaffAction::Kind::Export:
        if (stick) m_tasks.export_outbox(*stick);
        break;
    case StaffAction::Kind::Receipts:
        if (stick) m_tasks.apply_receipts(*stick);
        break;
    case StaffAction::Kind::Quit:
        m_log({{"event", "staff-quit"}});
        if (m_platform) m_platform->quit();
        break;
    case StaffAction::Kind::Close: break;
    }
    m_log({{"event", "staff-action"}, {"action", static_cast<int>(a->kind)}});
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
    v.facts.emplace_back(text("content"), context.pack.id + " " + context.pack.version);
    if (m_has_outbox) {
        // A count that cannot be read is shown as such: staff must not read "0 pending".
        if (!snap || !snap->counts)
            v.facts.emplace_back(text("outbox"), reading);
        else if (!*snap->counts)
            v.facts.emplace_back(text("outbox"), replace_placeholder(text("outbox_unreadable"), "reason",
                                                                     snap->counts->error().message));
        else
            v.facts.emplace_back(text("outbox"), counts_text(lang, **snap->counts));
    }
    std::string sync = m_settings.uploads_unavailable.empty()
                           ? text("sync_off")
                           : replace_placeholder(text("sync_unavailable"), "reason", m_settings.uploads_unavailable);
    if (context.sync) {
        const SyncStatus s = context.sync->status();
        v.sync_enabled = s.enabled;
        if (s.enabled)
            sync = s.last_attempt_at.empty()
                       ? text("sync_never")
                       : s.last_attempt_at.substr(0, 19) + " UTC: " + outcome_name(s.last_outcome) +
                             (s.last_error.empty() ? "" : " (" + s.last_error.substr(0, 120) + ")");
    }
    v.facts.emplace_back(text("sync"), sync);
    if (m_platform)
        v.facts.emplace_back(text("network"), !snap || !snap->network_up
                                                  ? reading
                                                  : text(*snap->network_up ? "network_up" : "network_down"));
    if (!snap)
        v.facts.emplace_back(text("disk"), reading);
    else if (snap->disk_free_bytes)
        v.facts.emplace_back(text("disk"), std::to_string(*snap->disk_free_bytes / (1024 * 1024)) + " MiB");
    v.facts.emplace_back(text("usb"),
                         stick ? stick->label + " (" + stick->mount_point.string() + ")" : text("usb_none"));
    if (m_settings.trust.signature != SignaturePolicy::Required) v.facts.emplace_back("!", text("unsigned"));
    if (snap && snap->alerts) {
        if (!*snap->alerts)
            v.alerts.push_back("error: " + snap->alerts->error().message);
        else
            for (const Alert& al : **snap->alerts)
                v.alerts.push_back(al.created_at.substr(0, 16) + " " + al.level + ": " + al.message);
    }
    v.stick = stick.has_value();
    v.can_rollback = snap && snap->can_rollback;
    const StaffTaskStatus t = m_tasks.status();
    v.busy = t.running;
    static constexpr const char* k_task_keys[] = {"", "task_import", "task_rollback", "task_export", "task_receipts"};
    if (t.kind != StaffTaskStatus::Kind::None) {
        const std::string what = text(k_task_keys[static_cast<int>(t.kind)]);
        if (t.running)
            v.task =
                replace_placeholder(text("task_running"), "what", what + (t.progress.empty() ? "" : ": " + t.progress));
        else if (t.ok && *t.ok)
            v.task = replace_placeholder(text("task_ok"), "what", what + ": " + t.message);
        else if (!t.needs_confirmation) {
            v.task = replace_placeholder(text("task_failed"), "what", what + ": " + t.message);
            v.task_failed = true;
        }
        if (t.needs_confirmation && !t.running) v.confirm_older = t.pending_version;
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
