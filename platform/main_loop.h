#pragma once
// The kiosk's event-driven main loop: it sleeps until input, a worker's wake-up or the app's
// next deadline, turns SDL events into the app's input, draws a frame when one is due and
// paces frames. Under a script (RunOptions::script_file) the script driver feeds it instead.

#include "base/clock.h"
#include "kiosk/event_log.h"
#include "platform/frame_stats.h"
#include "platform/script_runner.h"
#include "platform/sdl_input.h"
#include "platform/sdl_window.h"
#include "platform/staff_platform.h"
#include "platform/watchdog.h"
#include "ui/kiosk_app.h"

#include <nlohmann/json.hpp>

#include <cstdint>

union SDL_Event;

namespace ruhr {

/// Start-up phases in ms since process start, and the page faults (first touches of memory,
/// 10-15 us each on this VM) up to each: written with the first frame (docs/benchmarks.md).
class StartupMarks {
public:
    explicit StartupMarks(double started_at) : m_started_at(started_at) {}
    void mark(const char* phase);
    double started_at() const { return m_started_at; }
    const nlohmann::json& phases_ms() const { return m_ms; }
    const nlohmann::json& page_faults() const { return m_faults; }

private:
    double m_started_at;
    nlohmann::json m_ms = nlohmann::json::object();
    nlohmann::json m_faults = nlohmann::json::object();
};

/// Seconds on the steady clock (the one RunOptions::started_at is on).
double steady_seconds();

/// What the loop works with; everything outlives it.
struct LoopParts {
    SdlWindow& window;
    GlTextureBackend& textures;
    FontTexture& font_texture;
    KioskApp& app;
    const Clock& clock;  // the app's clock: steady, or the script's manual one
    EventLog& events;
    FrameStats& frame_stats;
    StartupMarks& marks;
    const LinuxStaffPlatform* staff = nullptr;  // null: no staff mode
    ScriptRunner* script = nullptr;             // null: real input
    bool fullscreen = false;                    // kiosk mode: a window-close request is ignored
};

class MainLoop {
public:
    explicit MainLoop(LoopParts parts) : m(parts) {}
    /// Runs until the app quits. Returns 0, or 1 when a script expectation or a screenshot failed.
    int run();

private:
    void handle(const SDL_Event& e);
    /// Sleeps until something needs a frame (real input only), handling the event that woke it.
    void wait_for_work(double ping_at);
    /// Draws, renders and shows one frame; false when the run must end (a screenshot failed).
    bool draw_frame();
    void after_first_frame();

    LoopParts m;
    SdlInputTranslator m_translator;
    ServiceWatchdog m_watchdog;
    bool m_running = true;
    bool m_need_frame = true;
    bool m_first_frame = true;
    bool m_close_requested = false;
    double m_wake_at = -1.0;     // app clock: a frame is due then
    double m_images_due = -1.0;  // steady time: draw by then, even if images are still decoding
    double m_last_frame_real = 0.0;
    std::uint64_t m_frames_since_trim = 0;
    double m_last_trim = 0.0;
    int m_exit_code = 0;
};

}  // namespace ruhr
