#pragma once
// Runs a scenario (`--script FILE`) against the real app in its window. Taps and drags are
// pushed as SDL finger events, so they take the same path as real touches; time is virtual
// (1/60 s per frame plus `advance`), so idle timeouts are tested without waiting.

#include "base/clock.h"
#include "kiosk/script.h"
#include "ui/kiosk_app.h"

#include <SDL_events.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace ruhr {

class ScriptRunner {
public:
    enum class Step { Continue, Finished, Failed };
    // Virtual time per frame. Coarser than a real display (60 Hz) so software-rendered test
    // runs need fewer frames; animations stay smooth enough to check.
    static constexpr double k_frame_seconds = 1.0 / 20.0;

    ScriptRunner(std::vector<ScriptCommand> commands, ManualClock& clock);

    /// Called before each frame: pushes due events, or runs the next commands once the app
    /// has settled. `width` and `height` are the window size.
    Step before_frame(const KioskApp& app, int width, int height);
    /// The file the frame about to be drawn must be saved to, if any.
    std::optional<std::string> take_screenshot_request();
    /// Called after each frame: moves virtual time on by one frame.
    void after_frame();

    const std::string& failure() const { return m_failure; }

private:
    struct Scheduled {
        int frames;  // frames to wait before pushing
        SDL_Event event;
    };
    Step run_command(const ScriptCommand& cmd, const KioskApp& app, int width, int height);
    void schedule_tap(float x, float y, int width, int height);
    void wait_out_tap_guard(const KioskApp& app);
    void schedule_drag(float x1, float y1, float x2, float y2, float seconds, int width, int height);
    SDL_Event finger(Uint32 type, float x, float y, int width, int height) const;
    Step fail(const ScriptCommand& cmd, const std::string& message);
    /// One step of scroll-to; returns Done when the widget shows.
    Step scroll_step(const KioskApp& app, int width, int height);
    static float coord(const ScriptCommand& cmd, std::size_t i, int width, int height);

    std::vector<ScriptCommand> m_commands;
    std::size_t m_next = 0;
    ManualClock& m_clock;
    std::deque<Scheduled> m_scheduled;
    std::optional<std::string> m_screenshot;
    int m_waited_frames = 0;
    std::string m_failure;
    // scroll-to in progress: the command and how many drags it has made.
    const ScriptCommand* m_scrolling = nullptr;
    // wait-sync: the command, the worker's run count when it began, and the real-time deadline.
    const ScriptCommand* m_sync_wait = nullptr;
    std::int64_t m_sync_runs = 0;
    std::chrono::steady_clock::time_point m_sync_deadline;
    int m_scroll_drags = 0;
};

}  // namespace ruhr
