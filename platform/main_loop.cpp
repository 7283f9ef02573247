#include "platform/main_loop.h"

#include "platform/screenshot.h"

#include <SDL.h>
#include <imgui_impl_opengl3.h>
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <iostream>

namespace ruhr {

namespace {
constexpr double k_min_frame_seconds = 1.0 / 60.0;
// While a screen's images are still decoding, a finished one waits at most this long for the
// others, so that they appear in one frame (docs/benchmarks.md, "Images of a screen appear
// together").
constexpr double k_image_batch_seconds = 0.1;
}  // namespace

double steady_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

void StartupMarks::mark(const char* phase) {
    m_ms[phase] = std::round((steady_seconds() - m_started_at) * 1000.0);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    m_faults[phase] = usage.ru_minflt + usage.ru_majflt;
}

void MainLoop::handle(const SDL_Event& e) {
    if (e.type == SDL_QUIT) {
        // In kiosk mode a window-close request (Alt+F4 through a window manager) is
        // ignored; SIGTERM/SIGINT from the service manager still end the app.
        if (!(m.fullscreen && m_close_requested)) m_running = false;
        m_close_requested = false;
    } else if (e.type == SDL_WINDOWEVENT) {
        if (e.window.event == SDL_WINDOWEVENT_CLOSE) {
            m_close_requested = true;
            if (!m.fullscreen) m_running = false;
        }
        if (e.window.event == SDL_WINDOWEVENT_FOCUS_LOST || e.window.event == SDL_WINDOWEVENT_HIDDEN) {
            // Releases that happen elsewhere never reach us: let go of fingers and keys.
            for (const InputEvent& in : m_translator.release()) m.app.input().push(in);
            m.app.release_keys();
        }
        m_need_frame = true;
    } else if (e.type == m.window.wake_event()) {
        // A worker has news, mostly a decoded image. While more are decoding, the frame
        // waits for them a little: under software OpenGL each frame takes both cores from
        // the decoder, and images shown one per frame kept the screen changing for 300 ms.
        if (!m.app.images_decoding())
            m_need_frame = true;
        else if (m_images_due < 0.0)
            m_images_due = steady_seconds() + k_image_batch_seconds;
    } else {
        // The translator knows which events are input. Finger positions are scaled by the
        // size the window has now, not at the last frame.
        const ImVec2 size = m.window.size();
        // Keys go to the app as input only: Escape and Alt+F4 have no meaning of their own.
        for (const InputEvent& in : m_translator.translate(e, static_cast<int>(size.x), static_cast<int>(size.y))) {
            m.app.input().push(in);
            m_need_frame = true;
        }
    }
}

void MainLoop::wait_for_work(double ping_at) {
    // Event-driven: sleep until input, a wake-up from a worker, or the app's next deadline.
    int timeout_ms = -1;
    // Wakes no later than `seconds` from now (rounded up, so the deadline has passed).
    const auto wake_within = [&timeout_ms](double seconds) {
        const int ms = static_cast<int>(std::max(0.0, seconds * 1000.0) + 1.0);
        if (timeout_ms < 0 || timeout_ms > ms) timeout_ms = ms;
    };
    if (m_need_frame)
        timeout_ms =
            static_cast<int>(std::max(0.0, (m_last_frame_real + k_min_frame_seconds - steady_seconds()) * 1000.0));
    if (!m_need_frame && m_wake_at >= 0.0) wake_within(m_wake_at - m.clock.now());
    if (!m_need_frame && m_images_due >= 0.0) wake_within(m_images_due - steady_seconds());
    if (ping_at >= 0.0) wake_within(ping_at - steady_seconds());
    if (!m_need_frame && m_frames_since_trim > 0 && steady_seconds() - m_last_trim >= 1.0) {
        // Going idle: hand memory that start-up, decoding and uploads freed back to the
        // system (glibc keeps it in its arenas otherwise, about 3 MiB here).
        malloc_trim(0);
        m_frames_since_trim = 0;
        m_last_trim = steady_seconds();
    }
    SDL_Event first;
    const int got = timeout_ms < 0 ? SDL_WaitEvent(&first) : SDL_WaitEventTimeout(&first, timeout_ms);
    if (got) handle(first);
    if (!m_need_frame && m_wake_at >= 0.0 && m.clock.now() >= m_wake_at) m_need_frame = true;
    if (!m_need_frame && m_images_due >= 0.0 && steady_seconds() >= m_images_due) m_need_frame = true;
}

bool MainLoop::draw_frame() {
    m_images_due = -1.0;
    m.frame_stats.begin_frame();
    // The atlas is rebuilt when the scale changes (a resize, large text, a new pack).
    if (m.app.prepare(m.window.size())) m.font_texture.upload(*ImGui::GetIO().Fonts);
    if (m_first_frame) {
        // The first frame shows the first screen complete: give the images it needs, whose
        // decoding started before the window opened, a moment to arrive.
        m.app.wait_for_images(0.25);
        m.marks.mark("images_ready");
    }
    ImGui_ImplOpenGL3_NewFrame();
    const FrameResult r = m.app.frame();
    if (m.staff && m.staff->quit_requested()) m_running = false;  // "quit" in the staff panel
    if (m_first_frame) m.marks.mark("ui_built");
    int fbw = 0, fbh = 0;
    m.window.drawable_size(fbw, fbh);
    m.textures.clear(fbw, fbh, 0xF3F5F7);
    m.frame_stats.ui_done(r.uploaded_bytes, r.upload_ms);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (m_first_frame) m.marks.mark("drawn");
    if (m.script) {
        if (const auto shot = m.script->take_screenshot_request()) {
            const auto written = write_png(*shot, m.textures.read_pixels(fbw, fbh), fbw, fbh);
            if (!written) {
                std::cerr << "ruhr-kiosk: " << written.error().message << "\n";
                m_exit_code = 1;
                return false;
            }
            m.events.write(m.clock.now(), {{"event", "screenshot"}, {"file", *shot}});
        }
    }
    m.window.swap();
    m_last_frame_real = steady_seconds();
    ++m_frames_since_trim;
    // The first frame is start-up (its own event), not a frame of the running kiosk.
    if (m_first_frame)
        after_first_frame();
    else
        m.frame_stats.end_frame();
    if (m.script) m.script->after_frame();
    m_need_frame = r.animating;
    m_wake_at = r.wake_at;
    return true;
}

void MainLoop::after_first_frame() {
    m_first_frame = false;
    m.marks.mark("swapped");
    m_watchdog.notify_ready();
    // From now on the image worker allocates and fills textures itself: the UI thread
    // never waits for a texture's memory (7 ms for 2 MiB under llvmpipe here).
    if (!m.window.enable_worker_uploads(m.textures))
        std::cerr << "ruhr-kiosk: images are uploaded on the UI thread: " << SDL_GetError() << "\n";
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    m.events.write(m.clock.now(),
                   {{"event", "first-frame"},
                    {"ms_since_start", std::round((m_last_frame_real - m.marks.started_at()) * 1000.0)},
                    {"phases_ms", m.marks.phases_ms()},
                    {"phases_page_faults", m.marks.page_faults()},
                    {"font_atlas", std::to_string(atlas.TexWidth) + "x" + std::to_string(atlas.TexHeight)},
                    {"font_texture_bytes_per_pixel", m.font_texture.bytes_per_pixel()}});
}

int MainLoop::run() {
    while (m_running) {
        // Under systemd's watchdog the loop pings at least every WatchdogSec/2, also when idle;
        // a main thread that hangs stops the pings and systemd restarts the kiosk.
        const double ping_at = m_watchdog.ping_if_due(steady_seconds());
        if (m.script) {
            const ImVec2 size = m.window.size();
            const auto step = m.script->before_frame(m.app, static_cast<int>(size.x), static_cast<int>(size.y));
            if (step == ScriptRunner::Step::Failed) {
                std::cerr << "ruhr-kiosk: " << m.script->failure() << "\n";
                m.events.write(m.clock.now(), {{"event", "script-failed"}, {"message", m.script->failure()}});
                m_exit_code = 1;
                break;
            }
            if (step == ScriptRunner::Step::Finished) break;
            m_need_frame = true;
        } else {
            wait_for_work(ping_at);
        }
        SDL_Event e;
        while (SDL_PollEvent(&e)) handle(e);
        // prepare() reads the size after this batch of events: a resize or rotation lays out at once.
        if (!m_running || !m_need_frame) continue;
        if (!draw_frame()) break;
    }
    if (m.frame_stats.frames() > 0)
        m.events.write(m.clock.now(), {{"event", "frame-stats"}, {"stats", m.frame_stats.summary()}});
    return m_exit_code;
}

}  // namespace ruhr
