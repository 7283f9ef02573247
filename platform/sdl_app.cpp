#include "platform/sdl_app.h"

#include "platform/http_curl.h"
#include "platform/network_watch.h"
#include "platform/usb_volumes.h"

#include "kiosk/script.h"
#include "platform/font_discovery.h"
#include "platform/frame_stats.h"
#include "platform/gl_textures.h"
#include "platform/screenshot.h"
#include "platform/script_runner.h"
#include "platform/sdl_input.h"
#include "platform/watchdog.h"

#include <SDL.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

namespace ruhr {

namespace {

constexpr double k_min_frame_seconds = 1.0 / 60.0;

double steady_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Owns SDL, the window and the GL context, released in the right order on every exit path.
struct SdlSession {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    bool imgui_sdl = false;
    bool imgui_gl = false;
    ~SdlSession() {
        if (imgui_gl) ImGui_ImplOpenGL3_Shutdown();
        if (imgui_sdl) ImGui_ImplSDL2_Shutdown();
        if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
        if (gl) SDL_GL_DeleteContext(gl);
        if (window) SDL_DestroyWindow(window);
        SDL_Quit();
    }
};

int setup_error(const std::string& what) {
    std::cerr << "ruhr-kiosk: " << what << "\n";
    return 2;
}

} // namespace

std::filesystem::path builtin_content_dir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (char* base = SDL_GetBasePath()) {
        const fs::path installed = fs::path(base) / ".." / "share" / "ruhr-kiosk" / "content" / "default";
        SDL_free(base);
        if (fs::exists(installed / "manifest.json", ec)) return installed.lexically_normal();
    }
    if (fs::exists(fs::path(RUHR_INSTALLED_CONTENT_DIR) / "manifest.json", ec)) return RUHR_INSTALLED_CONTENT_DIR;
    return RUHR_SOURCE_CONTENT_DIR;
}

int run_kiosk(ContentPack pack, std::string notice, KioskConfig config, const RunOptions& opt,
              const ParticipationSetup& participation) {
    std::optional<ScriptRunner> runner;
    ManualClock manual_clock;
    SteadyClock steady_clock;
    if (!opt.script_file.empty()) {
        std::ifstream in(opt.script_file, std::ios::binary);
        if (!in) return setup_error("cannot read the script " + opt.script_file);
        std::stringstream buf;
        buf << in.rdbuf();
        auto cmds = parse_script(buf.str());
        if (!cmds) return setup_error(opt.script_file + ": " + cmds.error().message);
        runner.emplace(std::move(*cmds), manual_clock);
    }
    const Clock& clock = runner ? static_cast<const Clock&>(manual_clock) : steady_clock;

    EventLog events;
    if (!opt.events_file.empty() && !events.open(opt.events_file))
        return setup_error("cannot write the event log " + opt.events_file);
    FrameStats frame_stats;  // summary in the event log at exit
    if (!frame_stats.open(opt.frame_stats_file)) return setup_error("cannot write " + opt.frame_stats_file);

    // Real touch screens must not also produce synthesized mouse clicks (or the reverse).
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    // Start-up phases in ms since process start, written with the first frame.
    nlohmann::json startup = nlohmann::json::object();
    const auto mark = [&](const char* phase) {
        startup[phase] = std::round((steady_seconds() - opt.started_at) * 1000.0);
    };
    mark("main");
    SdlSession sdl;
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return setup_error(std::string("SDL: ") + SDL_GetError());
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_SHOWN;
    if (opt.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    mark("sdl_init");
    sdl.window = SDL_CreateWindow("Ruhr-Konferenz", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, opt.width,
                                  opt.height, flags);
    if (!sdl.window) return setup_error(std::string("cannot open a window: ") + SDL_GetError());
    sdl.gl = SDL_GL_CreateContext(sdl.window);
    if (!sdl.gl) return setup_error(std::string("cannot create an OpenGL 3.0 context: ") + SDL_GetError());
    SDL_GL_MakeCurrent(sdl.window, sdl.gl);
    mark("gl_context");
    SDL_GL_SetSwapInterval(1);  // may fail (Xvfb has no vsync): frames are paced below as well
    if (opt.fullscreen) SDL_ShowCursor(SDL_DISABLE);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    sdl.imgui_sdl = ImGui_ImplSDL2_InitForOpenGL(sdl.window, sdl.gl);
    sdl.imgui_gl = ImGui_ImplOpenGL3_Init("#version 130");
    if (!sdl.imgui_sdl || !sdl.imgui_gl) return setup_error("cannot start Dear ImGui's SDL/OpenGL backends");

    GlTextureBackend textures;
    if (!textures.ok()) return setup_error("OpenGL functions are missing");
    const Uint32 wake_event = SDL_RegisterEvents(1);
    mark("imgui_init");
    if (config.fonts.regular.empty()) config.fonts = find_fonts();
    mark("fonts_found");
    if (config.fonts.regular.empty())
        std::cerr << "ruhr-kiosk: no DejaVu Sans (or similar) font found; install fonts-dejavu-core. "
                     "Using Dear ImGui's built-in font, which lacks umlauts.\n";

    KioskApp app(std::move(pack), std::move(config), textures, clock, [wake_event] {
        SDL_Event e;
        SDL_zero(e);
        e.type = wake_event;
        SDL_PushEvent(&e);
    });
    mark("app_ready");
    app.set_notice(std::move(notice));
    if (participation.ids && participation.wall)
        app.set_participation(participation.outbox, *participation.ids, *participation.wall, participation.organizer_key);
    if (events.is_open()) app.set_event_log(&events);

    // Uploads run on their own thread with their own outbox connection; the network watch
    // ends their backoff when the network comes back. Both stop before the app goes away.
    std::unique_ptr<SyncWorker> sync;
    std::unique_ptr<NetworkWatch> network;
    if (participation.outbox && participation.sync.enabled()) {
        const std::string outbox_path = participation.outbox->path();
        const std::string kiosk_id = participation.outbox->kiosk_id();
        IdSource* ids = participation.ids;
        const WallClock* wall = participation.wall;
        const std::string ca_file = participation.sync.ca_file;
        sync = std::make_unique<SyncWorker>(
            participation.sync,
            [outbox_path, kiosk_id, ids, wall]() { return Outbox::open(outbox_path, kiosk_id, *wall, *ids); },
            [ca_file]() -> std::unique_ptr<HttpTransport> { return std::make_unique<CurlTransport>(ca_file); }, *wall,
            [wake_event] {
                SDL_Event e;
                SDL_zero(e);
                e.type = wake_event;
                SDL_PushEvent(&e);
            });
        sync->set_heartbeat_info({RUHR_KIOSK_VERSION, app.pack().id, app.pack().version, 0, -1});
        sync->start();
        app.set_sync(sync.get());
        SyncWorker* worker = sync.get();
        network = std::make_unique<NetworkWatch>([worker] { worker->nudge(Nudge::NetworkChanged); });
    }
    // Staff mode: USB sticks from the mount table (or a test folder), the network hint, and
    // the only way to quit in kiosk mode.
    const auto push_wake = [wake_event] {
        SDL_Event e;
        SDL_zero(e);
        e.type = wake_event;
        SDL_PushEvent(&e);
    };
    std::unique_ptr<VolumeSource> volume_source;
    if (participation.usb_dir.empty()) volume_source = std::make_unique<LinuxVolumeSource>();
    else volume_source = std::make_unique<FolderVolumeSource>(participation.usb_dir);
    VolumeWatch volumes(std::move(volume_source), push_wake);
    bool staff_quit = false;
    struct Platform final : StaffPlatform {
        VolumeWatch& watch;
        bool& quit_flag;
        Platform(VolumeWatch& v, bool& q) : watch(v), quit_flag(q) {}
        std::optional<Volume> kiosk_stick() const override { return watch.kiosk_stick(); }
        bool network_up() const override { return has_default_route(); }
        void quit() override { quit_flag = true; }
    } staff_platform(volumes, staff_quit);
    if (participation.ids && participation.wall) {
        const std::string outbox_path = participation.outbox ? participation.outbox->path() : std::string();
        const std::string kiosk_id = participation.outbox ? participation.outbox->kiosk_id() : std::string();
        IdSource* ids = participation.ids;
        const WallClock* wall = participation.wall;
        app.set_staff(participation.staff, &staff_platform,
                      [outbox_path, kiosk_id, ids, wall]() -> Result<std::unique_ptr<Outbox>> {
                          if (outbox_path.empty()) return Error{"the outbox is not available"};
                          return Outbox::open(outbox_path, kiosk_id, *wall, *ids);
                      });
    }

    // Threads that call into the app end first: the network watch, then the worker.
    struct StopSync {
        std::unique_ptr<NetworkWatch>& network;
        std::unique_ptr<SyncWorker>& sync;
        ~StopSync() {
            network.reset();
            if (sync) sync->stop();
        }
    } stop_sync{network, sync};

    SdlInputTranslator translator;
    bool running = true;
    bool need_frame = true;
    bool first_frame = true;
    bool close_requested = false;
    double wake_at = -1.0;
    double last_frame_real = 0.0;
    int exit_code = 0;
    ServiceWatchdog watchdog;

    const auto handle_event = [&](const SDL_Event& e) {
        if (e.type == SDL_QUIT) {
            // In kiosk mode a window-close request (Alt+F4 through a window manager) is
            // ignored; SIGTERM/SIGINT from the service manager still end the app.
            if (!(opt.fullscreen && close_requested)) running = false;
            close_requested = false;
        } else if (e.type == SDL_WINDOWEVENT) {
            if (e.window.event == SDL_WINDOWEVENT_CLOSE) {
                close_requested = true;
                if (!opt.fullscreen) running = false;
            }
            if (e.window.event == SDL_WINDOWEVENT_FOCUS_LOST || e.window.event == SDL_WINDOWEVENT_HIDDEN) {
                // Releases that happen elsewhere never reach us: let go of fingers and keys.
                for (const InputEvent& in : translator.release()) app.input().push(in);
                app.release_keys();
            }
            need_frame = true;
        } else if (e.type == wake_event) {
            need_frame = true;
        } else {
            // The translator knows which events are input. Finger positions are scaled by the
            // size the window has now, not at the last frame.
            int w = 0, h = 0;
            SDL_GetWindowSize(sdl.window, &w, &h);
            // Keys go to the app as input only: Escape and Alt+F4 have no meaning of their own.
            for (const InputEvent& in : translator.translate(e, w, h)) {
                app.input().push(in);
                need_frame = true;
            }
        }
    };

    while (running) {
        int w = 0, h = 0;
        SDL_GetWindowSize(sdl.window, &w, &h);
        // Under systemd's watchdog the loop pings at least every WatchdogSec/2, also when idle;
        // a main thread that hangs stops the pings and systemd restarts the kiosk.
        const double ping_at = watchdog.ping_if_due(steady_seconds());

        if (runner) {
            const auto step = runner->before_frame(app, w, h);
            if (step == ScriptRunner::Step::Failed) {
                std::cerr << "ruhr-kiosk: " << runner->failure() << "\n";
                events.write(clock.now(), {{"event", "script-failed"}, {"message", runner->failure()}});
                exit_code = 1;
                break;
            }
            if (step == ScriptRunner::Step::Done) break;
            need_frame = true;
        } else {
            // Event-driven: sleep until input, a wake-up from a worker, or the app's next deadline.
            int timeout_ms = -1;
            const double now = clock.now();
            if (need_frame)
                timeout_ms = static_cast<int>(std::max(0.0, (last_frame_real + k_min_frame_seconds - steady_seconds()) * 1000.0));
            else if (wake_at >= 0.0)
                timeout_ms = static_cast<int>(std::max(0.0, (wake_at - now) * 1000.0) + 1.0);
            if (ping_at >= 0.0) {
                const int until_ping = static_cast<int>(std::max(0.0, (ping_at - steady_seconds()) * 1000.0) + 1.0);
                if (timeout_ms < 0 || timeout_ms > until_ping) timeout_ms = until_ping;
            }
            SDL_Event first;
            const int got = timeout_ms < 0 ? SDL_WaitEvent(&first) : SDL_WaitEventTimeout(&first, timeout_ms);
            if (got) handle_event(first);
            if (!need_frame && wake_at >= 0.0 && clock.now() >= wake_at) need_frame = true;
        }
        SDL_Event e;
        while (SDL_PollEvent(&e)) handle_event(e);
        // The size after this batch of events: a resize or rotation lays out at once.
        SDL_GetWindowSize(sdl.window, &w, &h);
        if (!running || !need_frame) continue;

        frame_stats.begin_frame();
        bool atlas_uploaded = first_frame;
        if (app.prepare(ImVec2(static_cast<float>(w), static_cast<float>(h))) && !first_frame) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
            atlas_uploaded = true;
        }
        if (first_frame) mark("fonts_built");
        ImGui_ImplOpenGL3_NewFrame();  // creates the font texture on the first frame
        // The atlas lives on the GPU now; its CPU copies (alpha and RGBA, ~10 MB at 1080p)
        // are not needed until the next rebuild, which makes them anew.
        if (atlas_uploaded) ImGui::GetIO().Fonts->ClearTexData();
        const FrameResult r = app.frame();
        if (staff_quit) running = false;  // "quit" in the staff panel
        if (first_frame) mark("ui_built");
        int fbw = 0, fbh = 0;
        SDL_GL_GetDrawableSize(sdl.window, &fbw, &fbh);
        textures.clear(fbw, fbh, 0xF3F5F7);
        frame_stats.ui_done();
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (runner) {
            if (const auto shot = runner->take_screenshot_request()) {
                const auto written = write_png(*shot, textures.read_pixels(fbw, fbh), fbw, fbh);
                if (!written) {
                    std::cerr << "ruhr-kiosk: " << written.error().message << "\n";
                    exit_code = 1;
                    break;
                }
                events.write(clock.now(), {{"event", "screenshot"}, {"file", *shot}});
            }
        }
        SDL_GL_SwapWindow(sdl.window);
        last_frame_real = steady_seconds();
        if (!first_frame) frame_stats.end_frame();  // the first frame is start-up (first-frame event)
        if (first_frame) {
            first_frame = false;
            mark("swapped");
            watchdog.notify_ready();
            events.write(clock.now(), {{"event", "first-frame"},
                                       {"ms_since_start", std::round((last_frame_real - opt.started_at) * 1000.0)},
                                       {"phases_ms", startup},
                                       {"font_atlas", std::to_string(ImGui::GetIO().Fonts->TexWidth) + "x" +
                                                          std::to_string(ImGui::GetIO().Fonts->TexHeight)}});
        }
        if (runner) runner->after_frame();
        need_frame = r.animating;
        wake_at = r.wake_at;
    }
    if (frame_stats.frames() > 0) events.write(clock.now(), {{"event", "frame-stats"}, {"stats", frame_stats.summary()}});
    return exit_code;
}

} // namespace ruhr
