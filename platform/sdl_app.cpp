#include "platform/sdl_app.h"

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
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

namespace ruhr {

namespace {

constexpr double k_min_frame_seconds = 1.0 / 60.0;
// While a screen's images are still decoding, a finished one waits at most this long for the
// others, so that they appear in one frame (docs/benchmarks.md, "Images of a screen appear
// together").
constexpr double k_image_batch_seconds = 0.1;

double steady_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Owns SDL, the window and the GL context, released in the right order on every exit path.
struct SdlSession {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    ImFontAtlas* atlas = nullptr;  // built before the ImGui context exists, shared with it
    bool imgui_sdl = false;
    bool imgui_gl = false;
    ~SdlSession() {
        if (imgui_gl) ImGui_ImplOpenGL3_Shutdown();
        if (imgui_sdl) ImGui_ImplSDL2_Shutdown();
        if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
        if (atlas) IM_DELETE(atlas);
        if (gl) SDL_GL_DeleteContext(gl);
        if (window) SDL_DestroyWindow(window);
        SDL_Quit();
    }
};

// The fonts are found and rasterized on a thread of their own while the main thread opens
// the window and the OpenGL context (Mesa's start takes about as long). No ImGui context exists
// until the thread is joined, so the two share nothing of Dear ImGui.
struct FontJob {
    std::thread thread;
    FontFiles files;
    Fonts fonts;
    ~FontJob() {
        if (thread.joinable()) thread.join();
    }
};

// Dear ImGui's OpenGL backend keeps the font atlas as RGBA, four bytes a pixel, and llvmpipe
// keeps that texture in the kiosk's own memory. The kiosk uploads the atlas itself: one byte a
// pixel where the driver can swizzle, and the CPU copies are freed right after.
class FontTexture {
public:
    explicit FontTexture(GlTextureBackend& textures) : m_textures(textures) {}
    ~FontTexture() {
        if (m_id) m_textures.destroy(m_id);
    }
    FontTexture(const FontTexture&) = delete;
    FontTexture& operator=(const FontTexture&) = delete;

    void upload(ImFontAtlas& atlas) {
        if (m_id) m_textures.destroy(m_id);
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        atlas.GetTexDataAsAlpha8(&px, &w, &h);
        m_id = m_textures.create_alpha(px, w, h);
        m_bytes_per_pixel = 1;
        if (!m_id) {
            atlas.GetTexDataAsRGBA32(&px, &w, &h);
            m_id = m_textures.create_rgba(px, w, h);
            m_bytes_per_pixel = 4;
        }
        atlas.SetTexID(m_id);
        atlas.ClearTexData();
    }
    int bytes_per_pixel() const { return m_bytes_per_pixel; }

private:
    GlTextureBackend& m_textures;
    ImTextureID m_id = nullptr;
    int m_bytes_per_pixel = 0;
};

// The backend's shaders and buffers, without its font texture: it is given a 1x1 stand-in
// atlas to upload, and that texture is deleted again.
bool create_backend_objects_without_font() {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* real = io.Fonts;
    ImFontAtlas stand_in;
    stand_in.TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(sizeof(unsigned int)));
    stand_in.TexPixelsRGBA32[0] = 0xFFFFFFFFu;
    stand_in.TexWidth = stand_in.TexHeight = 1;
    io.Fonts = &stand_in;
    const bool ok = ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts = real;
    return ok;
}

int setup_error(const std::string& what) {
    std::cerr << "ruhr-kiosk: " << what << "\n";
    return 2;
}

}  // namespace

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
    // Page faults (first touches of memory) per phase: each costs 10-15 us on this VM.
    nlohmann::json startup_faults = nlohmann::json::object();
    const auto mark = [&](const char* phase) {
        startup[phase] = std::round((steady_seconds() - opt.started_at) * 1000.0);
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        startup_faults[phase] = usage.ru_minflt + usage.ru_majflt;
    };
    mark("main");
    SdlSession sdl;
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return setup_error(std::string("SDL: ") + SDL_GetError());
    mark("sdl_init");
    const Uint32 wake_event = SDL_RegisterEvents(1);
    // Other threads (image decoding, uploads, the USB watch) ask for a frame with this.
    const auto push_wake = [wake_event] {
        SDL_Event e;
        SDL_zero(e);
        e.type = wake_event;
        SDL_PushEvent(&e);
    };
    // The size the window will have: the one asked for, or the whole screen in kiosk mode.
    int expect_w = opt.width, expect_h = opt.height;
    if (opt.fullscreen) {
        SDL_DisplayMode desktop;
        if (SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
            expect_w = desktop.w;
            expect_h = desktop.h;
        }
    }

    // Work that needs no window starts first, on other threads: the first screen's images
    // decode, and the fonts are found and rasterized, while Mesa starts up below.
    GlTextureBackend textures;
    const FontFiles configured_fonts = config.fonts;
    KioskApp app(std::move(pack), std::move(config), textures, clock, push_wake);
    app.prefetch_first_screen();
    sdl.atlas = IM_NEW(ImFontAtlas);
    FontJob font_job;
    {
        const FontFiles configured = configured_fonts;
        const Metrics font_metrics =
            metrics_for(ImVec2(static_cast<float>(expect_w), static_cast<float>(expect_h)), app.start_text_scale());
        font_job.thread = std::thread([&font_job, configured, font_metrics, atlas = sdl.atlas, &app] {
            font_job.files = configured.regular.empty() ? find_fonts() : configured;
            build_fonts(*atlas, font_job.files, font_metrics, font_job.fonts, &app.glyph_ranges());
        });
    }
    mark("app_ready");

    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_SHOWN;
    if (opt.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    sdl.window = SDL_CreateWindow("Ruhr-Konferenz", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, opt.width,
                                  opt.height, flags);
    if (!sdl.window) return setup_error(std::string("cannot open a window: ") + SDL_GetError());
    sdl.gl = SDL_GL_CreateContext(sdl.window);
    if (!sdl.gl) return setup_error(std::string("cannot create an OpenGL 3.0 context: ") + SDL_GetError());
    SDL_GL_MakeCurrent(sdl.window, sdl.gl);
    mark("gl_context");
    SDL_GL_SetSwapInterval(1);  // may fail (Xvfb has no vsync): frames are paced below as well
    if (opt.fullscreen) SDL_ShowCursor(SDL_DISABLE);
    if (!textures.load()) return setup_error("OpenGL functions are missing");

    font_job.thread.join();
    mark("fonts_built");
    if (font_job.files.regular.empty())
        std::cerr << "ruhr-kiosk: no DejaVu Sans (or similar) font found; install fonts-dejavu-core. "
                     "Using Dear ImGui's built-in font, which lacks umlauts.\n";
    IMGUI_CHECKVERSION();
    ImGui::CreateContext(sdl.atlas);
    sdl.imgui_sdl = ImGui_ImplSDL2_InitForOpenGL(sdl.window, sdl.gl);
    sdl.imgui_gl = ImGui_ImplOpenGL3_Init("#version 130");
    mark("imgui_backends");
    if (!sdl.imgui_sdl || !sdl.imgui_gl || !create_backend_objects_without_font())
        return setup_error("cannot start Dear ImGui's SDL/OpenGL backends");
    mark("imgui_shaders");
    FontTexture font_texture(textures);
    font_texture.upload(*sdl.atlas);
    app.adopt_fonts(font_job.fonts, app.start_text_scale(), font_job.files);
    mark("imgui_init");
    app.set_notice(std::move(notice));
    if (participation.ids && participation.wall)
        app.set_participation(participation.outbox, *participation.ids, *participation.wall,
                              participation.organizer_key);
    if (events.is_open()) app.set_event_log(&events);

    // Uploads run on their own thread with their own outbox connection; the network watch
    // ends their backoff when the network comes back. Both stop before the app goes away.
    std::unique_ptr<SyncWorker> sync;
    std::unique_ptr<NetworkWatch> network;
    if (participation.outbox && participation.sync.enabled() && participation.http) {
        const std::string outbox_path = participation.outbox->path();
        const std::string kiosk_id = participation.outbox->kiosk_id();
        IdSource* ids = participation.ids;
        const WallClock* wall = participation.wall;
        const std::string ca_file = participation.sync.ca_file;
        sync = std::make_unique<SyncWorker>(
            participation.sync,
            [outbox_path, kiosk_id, ids, wall]() { return Outbox::open(outbox_path, kiosk_id, *wall, *ids); },
            [ca_file, http = participation.http]() { return http(ca_file); }, *wall, steady_clock,
            std::make_unique<SeededRandom>(), push_wake);
        sync->set_heartbeat_info({RUHR_KIOSK_VERSION, app.pack().id, app.pack().version, 0, -1});
        sync->start();
        app.set_sync(sync.get());
        SyncWorker* worker = sync.get();
        network = std::make_unique<NetworkWatch>([worker] { worker->nudge(Nudge::NetworkChanged); });
    }
    // Staff mode: USB sticks from the mount table (or a test folder), the network hint, and
    // the only way to quit in kiosk mode.
    std::unique_ptr<VolumeSource> volume_source;
    if (participation.usb_dir.empty())
        volume_source = std::make_unique<LinuxVolumeSource>();
    else
        volume_source = std::make_unique<FolderVolumeSource>(participation.usb_dir);
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
    double images_due = -1.0;  // steady time: draw by then, even if images are still decoding
    double last_frame_real = 0.0;
    std::uint64_t frames_since_trim = 0;
    double last_trim = 0.0;
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
            // A worker has news, mostly a decoded image. While more are decoding, the frame
            // waits for them a little: under software OpenGL each frame takes both cores from
            // the decoder, and images shown one per frame kept the screen changing for 300 ms.
            if (!app.images_decoding())
                need_frame = true;
            else if (images_due < 0.0)
                images_due = steady_seconds() + k_image_batch_seconds;
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
            if (step == ScriptRunner::Step::Finished) break;
            need_frame = true;
        } else {
            // Event-driven: sleep until input, a wake-up from a worker, or the app's next deadline.
            int timeout_ms = -1;
            // Wakes no later than `seconds` from now (rounded up, so the deadline has passed).
            const auto wake_within = [&timeout_ms](double seconds) {
                const int ms = static_cast<int>(std::max(0.0, seconds * 1000.0) + 1.0);
                if (timeout_ms < 0 || timeout_ms > ms) timeout_ms = ms;
            };
            if (need_frame)
                timeout_ms = static_cast<int>(
                    std::max(0.0, (last_frame_real + k_min_frame_seconds - steady_seconds()) * 1000.0));
            if (!need_frame && wake_at >= 0.0) wake_within(wake_at - clock.now());
            if (!need_frame && images_due >= 0.0) wake_within(images_due - steady_seconds());
            if (ping_at >= 0.0) wake_within(ping_at - steady_seconds());
            if (!need_frame && frames_since_trim > 0 && steady_seconds() - last_trim >= 1.0) {
                // Going idle: hand memory that start-up, decoding and uploads freed back to the
                // system (glibc keeps it in its arenas otherwise, about 3 MiB here).
                malloc_trim(0);
                frames_since_trim = 0;
                last_trim = steady_seconds();
            }
            SDL_Event first;
            const int got = timeout_ms < 0 ? SDL_WaitEvent(&first) : SDL_WaitEventTimeout(&first, timeout_ms);
            if (got) handle_event(first);
            if (!need_frame && wake_at >= 0.0 && clock.now() >= wake_at) need_frame = true;
            if (!need_frame && images_due >= 0.0 && steady_seconds() >= images_due) need_frame = true;
        }
        SDL_Event e;
        while (SDL_PollEvent(&e)) handle_event(e);
        // The size after this batch of events: a resize or rotation lays out at once.
        SDL_GetWindowSize(sdl.window, &w, &h);
        if (!running || !need_frame) continue;

        images_due = -1.0;
        frame_stats.begin_frame();
        // The atlas is rebuilt when the scale changes (a resize, large text, a new pack).
        if (app.prepare(ImVec2(static_cast<float>(w), static_cast<float>(h))))
            font_texture.upload(*ImGui::GetIO().Fonts);
        if (first_frame) {
            // The first frame shows the first screen complete: give the images it needs, whose
            // decoding started before the window opened, a moment to arrive.
            app.wait_for_images(0.25);
            mark("images_ready");
        }
        ImGui_ImplOpenGL3_NewFrame();
        const FrameResult r = app.frame();
        if (staff_quit) running = false;  // "quit" in the staff panel
        if (first_frame) mark("ui_built");
        int fbw = 0, fbh = 0;
        SDL_GL_GetDrawableSize(sdl.window, &fbw, &fbh);
        textures.clear(fbw, fbh, 0xF3F5F7);
        frame_stats.ui_done(r.uploaded_bytes, r.upload_ms);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (first_frame) mark("drawn");
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
        ++frames_since_trim;
        if (!first_frame) frame_stats.end_frame();  // the first frame is start-up (first-frame event)
        if (first_frame) {
            first_frame = false;
            mark("swapped");
            watchdog.notify_ready();
            // From now on the image worker allocates and fills textures itself: the UI thread
            // never waits for a texture's memory (7 ms for 2 MiB under llvmpipe here).
            const bool worker_uploads = textures.enable_worker_uploads(sdl.window, sdl.gl);
            if (!worker_uploads)
                std::cerr << "ruhr-kiosk: images are uploaded on the UI thread: " << SDL_GetError() << "\n";
            events.write(clock.now(), {{"event", "first-frame"},
                                       {"ms_since_start", std::round((last_frame_real - opt.started_at) * 1000.0)},
                                       {"phases_ms", startup},
                                       {"phases_page_faults", startup_faults},
                                       {"font_atlas", std::to_string(ImGui::GetIO().Fonts->TexWidth) + "x" +
                                                          std::to_string(ImGui::GetIO().Fonts->TexHeight)},
                                       {"font_texture_bytes_per_pixel", font_texture.bytes_per_pixel()}});
        }
        if (runner) runner->after_frame();
        need_frame = r.animating;
        wake_at = r.wake_at;
    }
    if (frame_stats.frames() > 0)
        events.write(clock.now(), {{"event", "frame-stats"}, {"stats", frame_stats.summary()}});
    return exit_code;
}

}  // namespace ruhr
