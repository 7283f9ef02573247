#include "platform/script_runner.h"

#include "base/utf8.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iostream>

namespace ruhr {

namespace {
// A frame budget for settling after a command; past it the script goes on (and says so).
constexpr int k_max_settle_frames = 600;
constexpr SDL_TouchID k_touch_device = 1;
constexpr SDL_FingerID k_finger = 1;
}  // namespace

ScriptRunner::ScriptRunner(std::vector<ScriptCommand> commands, ManualClock& clock)
    : m_commands(std::move(commands)), m_clock(clock) {}

SDL_Event ScriptRunner::finger(Uint32 type, float x, float y, int width, int height) const {
    SDL_Event e;
    std::memset(&e, 0, sizeof(e));
    e.type = type;
    e.tfinger.touchId = k_touch_device;
    e.tfinger.fingerId = k_finger;
    e.tfinger.x = std::clamp(x / static_cast<float>(width), 0.0f, 1.0f);
    e.tfinger.y = std::clamp(y / static_cast<float>(height), 0.0f, 1.0f);
    e.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
    return e;
}

void ScriptRunner::schedule_tap(float x, float y, int width, int height) {
    // Down now, up two frames later: the press is seen by at least one frame, as with a finger.
    m_scheduled.push_back({0, finger(SDL_FINGERDOWN, x, y, width, height)});
    m_scheduled.push_back({2, finger(SDL_FINGERUP, x, y, width, height)});
}

void ScriptRunner::schedule_drag(float x1, float y1, float x2, float y2, float seconds, int width, int height) {
    const int steps = std::max(2, static_cast<int>(std::lround(seconds / k_frame_seconds)));
    m_scheduled.push_back({0, finger(SDL_FINGERDOWN, x1, y1, width, height)});
    for (int i = 1; i <= steps; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        m_scheduled.push_back({1, finger(SDL_FINGERMOTION, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, width, height)});
    }
    m_scheduled.push_back({1, finger(SDL_FINGERUP, x2, y2, width, height)});
}

void ScriptRunner::wait_out_tap_guard(const KioskApp& app) {
    // A script taps as a person does who looks first: after the new screen's tap guard.
    const double until = app.tap_guard_until();
    if (m_clock.now() < until) m_clock.advance(until - m_clock.now());
}

ScriptRunner::Step ScriptRunner::fail(const ScriptCommand& cmd, const std::string& message) {
    m_failure = "script line " + std::to_string(cmd.line) + ": " + message;
    return Step::Failed;
}

ScriptRunner::Step ScriptRunner::before_frame(const KioskApp& app, int width, int height) {
    if (!m_scheduled.empty()) {
        // Push every event due now; later ones wait their frames.
        while (!m_scheduled.empty() && m_scheduled.front().frames <= 0) {
            SDL_PushEvent(&m_scheduled.front().event);
            m_scheduled.pop_front();
        }
        if (!m_scheduled.empty()) --m_scheduled.front().frames;
        return Step::Continue;
    }
    if (m_sync_wait) {
        // Real time passes here: the worker talks to a real collector. Done once a run that
        // began after the command has left nothing pending.
        const SyncControl* sync = app.sync();
        const SyncStatus st = sync->status();
        const bool ran = sync->runs() > m_sync_runs;
        if (ran && (m_sync_wait->kind == ScriptCommand::Kind::WaitSyncAttempt ||
                    (st.last_outcome == SyncOutcome::Ok && st.counts.pending == 0))) {
            m_sync_wait = nullptr;
        } else if (std::chrono::steady_clock::now() > m_sync_deadline) {
            const ScriptCommand& cmd = *m_sync_wait;
            m_sync_wait = nullptr;
            return fail(cmd, "wait-sync: the outbox was not delivered in time (last result " +
                                 std::string(outcome_name(st.last_outcome)) + ", " + std::to_string(st.counts.pending) +
                                 " pending" + (st.last_error.empty() ? "" : ", " + st.last_error) + ")");
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            return Step::Continue;
        }
    }
    if (!app.settled() && m_waited_frames < k_max_settle_frames) {
        ++m_waited_frames;
        return Step::Continue;
    }
    if (m_waited_frames >= k_max_settle_frames)
        std::cerr << "ruhr-kiosk: script: the app did not settle within " << k_max_settle_frames
                  << " frames; going on\n";
    m_waited_frames = 0;
    if (m_scrolling) {
        const Step s = scroll_step(app, width, height);
        if (s != Step::Finished) return s;
    }
    while (m_next < m_commands.size()) {
        const ScriptCommand& cmd = m_commands[m_next++];
        const Step s = run_command(cmd, app, width, height);
        if (s != Step::Continue) return s;
        // Commands that act need frames before the next one; expectations do not.
        if (!m_scheduled.empty() || m_screenshot || m_scrolling || m_sync_wait) return Step::Continue;
        using K = ScriptCommand::Kind;
        if (cmd.kind == K::Advance || cmd.kind == K::Type) return Step::Continue;
    }
    return m_next >= m_commands.size() ? Step::Finished : Step::Continue;
}

ScriptRunner::Step ScriptRunner::run_command(const ScriptCommand& cmd, const KioskApp& app, int width, int height) {
    using K = ScriptCommand::Kind;
    switch (cmd.kind) {
    case K::Tap:
    case K::DoubleTap: {
        const WidgetInfo* w = app.widgets().find(cmd.text);
        if (!w)
            return fail(cmd,
                        "tap " + cmd.text + ": no such widget on screen \"" + screen_name(app.visit().screen()) + "\"");
        const ImVec2 o = app.view_origin();
        const float x = o.x + (w->min.x + w->max.x) * 0.5f, y = o.y + (w->min.y + w->max.y) * 0.5f;
        if (cmd.kind == K::DoubleTap) {
            // The second tap lands while the screen the first one opened is just up.
            schedule_tap(x, y, width, height);
            m_scheduled.push_back({2, finger(SDL_FINGERDOWN, x, y, width, height)});
            m_scheduled.push_back({2, finger(SDL_FINGERUP, x, y, width, height)});
            return Step::Continue;
        }
        wait_out_tap_guard(app);
        schedule_tap(x, y, width, height);
        return Step::Continue;
    }
    case K::TapAt:
        wait_out_tap_guard(app);
        schedule_tap(coord(cmd, 0, width, height), coord(cmd, 1, width, height), width, height);
        return Step::Continue;
    case K::Drag:
        wait_out_tap_guard(app);
        schedule_drag(coord(cmd, 0, width, height), coord(cmd, 1, width, height), coord(cmd, 2, width, height),
                      coord(cmd, 3, width, height), cmd.numbers.size() > 4 ? cmd.numbers[4] : 0.3f, width, height);
        return Step::Continue;
    case K::ScrollTo:
        m_scrolling = &cmd;
        m_scroll_drags = 0;
        return scroll_step(app, width, height) == Step::Failed ? Step::Failed : Step::Continue;
    case K::Type: {
        // One SDL_TEXTINPUT event per character, as an input method delivers them.
        const std::string& s = cmd.text;
        std::size_t i = 0;
        while (i < s.size()) {
            std::size_t n = 1;
            while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
            SDL_Event e;
            std::memset(&e, 0, sizeof(e));
            e.type = SDL_TEXTINPUT;
            std::memcpy(e.text.text, s.data() + i, std::min(n, sizeof(e.text.text) - 1));
            m_scheduled.push_back({m_scheduled.empty() ? 0 : 1, e});
            i += n;
        }
        return Step::Continue;
    }
    case K::Advance: m_clock.advance(cmd.numbers[0]); return Step::Continue;
    case K::WaitSync:
    case K::WaitSyncAttempt:
        if (!app.sync()) return fail(cmd, "wait-sync: no collector is configured");
        m_sync_wait = &cmd;
        m_sync_runs = app.sync()->runs();
        m_sync_deadline =
            std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                   std::chrono::duration<double>(cmd.numbers[0]));
        return Step::Continue;
    case K::ExpectScreen: {
        const std::string actual = screen_name(app.visit().screen());
        if (actual != cmd.text)
            return fail(cmd, "expected screen \"" + cmd.text + "\", but the screen is \"" + actual + "\"");
        return Step::Continue;
    }
    case K::ExpectVisible:
        if (!app.widgets().find(cmd.text))
            return fail(cmd, "expected widget " + cmd.text + " to be visible on screen \"" +
                                 screen_name(app.visit().screen()) + "\", but it is not");
        return Step::Continue;
    case K::ExpectHidden:
        if (app.widgets().find(cmd.text))
            return fail(cmd, "expected widget " + cmd.text + " not to be visible, but it is");
        return Step::Continue;
    case K::ExpectLanguage:
        if (app.visit().language() != cmd.text)
            return fail(cmd, "expected language \"" + cmd.text + "\", but it is \"" + app.visit().language() + "\"");
        return Step::Continue;
    case K::ExpectNoClipping:
        if (!app.widgets().clipping().empty()) {
            const Clipping& c = app.widgets().clipping().front();
            return fail(cmd, "text does not fit in " + c.widget + ": \"" + c.text + "\" (and " +
                                 std::to_string(app.widgets().clipping().size() - 1) + " more)");
        }
        return Step::Continue;
    case K::Screenshot: m_screenshot = cmd.text; return Step::Continue;
    case K::Quit: m_next = m_commands.size(); return Step::Finished;
    }
    return Step::Continue;
}

float ScriptRunner::coord(const ScriptCommand& cmd, std::size_t i, int width, int height) {
    if (i >= cmd.percent.size() || !cmd.percent[i]) return cmd.numbers[i];
    return cmd.numbers[i] / 100.0f * static_cast<float>(i % 2 == 0 ? width : height);
}

ScriptRunner::Step ScriptRunner::scroll_step(const KioskApp& app, int width, int height) {
    constexpr int k_max_drags = 30;
    const ScriptCommand& cmd = *m_scrolling;
    if (const WidgetInfo* w = app.widgets().find(cmd.text)) {
        // Done once the widget shows whole, or is taller than what the screen can show.
        const float wanted = std::min(w->full_height, app.metrics().display.y * 0.5f);
        if (w->max.y - w->min.y >= wanted - 0.5f) {
            m_scrolling = nullptr;
            return Step::Finished;
        }
    }
    if (m_scroll_drags >= k_max_drags) {
        m_scrolling = nullptr;
        return fail(cmd, "scroll-to " + cmd.text + ": not found after " + std::to_string(k_max_drags) + " drags");
    }
    // Drag up (content moves towards its end) for the first half of the tries, then down.
    const bool down = m_scroll_drags < k_max_drags / 2;
    const float x = static_cast<float>(width) * 0.5f;
    const float a = static_cast<float>(height) * 0.75f, b = static_cast<float>(height) * 0.45f;
    schedule_drag(x, down ? a : b, x, down ? b : a, 0.5f, width, height);
    ++m_scroll_drags;
    return Step::Continue;
}

std::optional<std::string> ScriptRunner::take_screenshot_request() {
    auto s = std::move(m_screenshot);
    m_screenshot.reset();
    return s;
}

void ScriptRunner::after_frame() { m_clock.advance(k_frame_seconds); }

}  // namespace ruhr
