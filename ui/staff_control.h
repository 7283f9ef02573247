#pragma once
// Staff control: the hidden gesture, the PIN pad, the panel and its actions, on top of the
// UI-free pieces in kiosk/staff.h (StaffGate, StaffTasks, StaffMonitor). KioskApp owns one when
// staff mode is offered, feeds it each frame and draws it instead of the visitor's screens
// while staff mode is open. The panel draws from StaffMonitor's snapshot: no frame reads
// SQLite or the disk.

#include "kiosk/intents.h"
#include "kiosk/staff.h"
#include "kiosk/sync.h"
#include "packs/content_pack.h"
#include "ui/screens/screen_staff.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ruhr {

/// What the app must do after a staff frame.
struct StaffFrameEvents {
    const char* open_cause = nullptr;                // "gesture" or "usb-stick": end the visit, then call open()
    std::optional<std::filesystem::path> switch_to;  // an import or rollback finished: show this pack
    bool changed = false;                            // what staff mode shows changed: settle frames
};

/// What the panel shows besides the snapshot and the tasks.
struct StaffPanelContext {
    const ContentPack& pack;
    std::string kiosk_id;         // "-" without an outbox
    SyncControl* sync;            // null: no uploads
    int screen_long_side = 1920;  // images of an imported pack are stored scaled to it
};

class StaffControl {
public:
    using Log = std::function<void(nlohmann::json)>;
    /// `open_outbox` gives the tasks and the monitor their own outbox connections; empty when
    /// the kiosk has no outbox. `wake` asks for a frame (from the task and monitor threads).
    StaffControl(StaffSettings settings, StaffPlatform* platform, StaffTasks::OpenOutbox open_outbox,
                 const WallClock& wall, std::function<void()> wake, Log log);
    ~StaffControl();
    StaffControl(const StaffControl&) = delete;
    StaffControl& operator=(const StaffControl&) = delete;

    StaffMode mode() const { return m_gate.mode(); }
    /// Call every frame with the pointer, whether the visitor or staff touched anything, and the
    /// app's clock.
    StaffFrameEvents frame(bool pointer_down, ScreenPoint pointer, ScreenPoint display, float scale, bool activity,
                           double now);
    /// Shows the PIN pad (after the app ended the visit).
    void open(double now, const char* cause);
    /// Carries out a StaffPinKey or StaffAction.
    void apply(const Intent& intent, double now, const StaffPanelContext& context);
    /// The PIN pad or the panel, in the pack's default language (German or English).
    void draw(Ui& ui, Intents& out, double now, const StaffPanelContext& context);
    /// What the panel shows now (the facts, alerts and task line), without drawing it.
    StaffPanelView panel_view(const StaffPanelContext& context) const;

    /// The next time staff mode needs a frame (the gesture completing, idle closing, the lockout
    /// ending, the next snapshot); negative: none.
    double next_deadline(double now) const;
    /// The PIN is being checked (frames follow until it is done).
    bool checking() const { return m_gate.checking(); }
    /// A task runs, or a snapshot is being read for the shown panel.
    bool busy() const;

private:
    void log_technical_detail();

    StaffSettings m_settings;
    StaffPlatform* m_platform;
    bool m_has_outbox;
    Log m_log;
    StaffGate m_gate;
    StaffTasks m_tasks;
    StaffMonitor m_monitor;
    bool m_stick_seen = false;        // a kiosk stick was present at the last frame
    bool m_from_stick = false;        // the PIN pad opened because a stick came in
    bool m_task_running = false;      // at the last frame
    double m_next_snapshot = -1.0;    // app clock: the shown panel asks for a new snapshot then
    std::uint64_t m_logged_run = 0;   // the last task whose result went to the log
    std::string m_logged_read_error;  // the last snapshot read error that went to the log
};

}  // namespace ruhr
