#include "platform/sdl_app.h"

#include "base/random.h"
#include "kiosk/script.h"
#include "platform/font_discovery.h"
#include "platform/main_loop.h"
#include "platform/network_watch.h"
#include "platform/staff_platform.h"

#include <SDL.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

namespace ruhr {

namespace {

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

// Uploads run on their own thread with their own outbox connection; the network watch ends
// their backoff when the network comes back. The watch, which calls into the worker, ends
// first, and both before the app goes away.
struct Uploads {
    std::unique_ptr<SyncWorker> worker;
    std::unique_ptr<NetworkWatch> network;
    Uploads() = default;
    Uploads(const Uploads&) = delete;
    Uploads& operator=(const Uploads&) = delete;
    ~Uploads() {
        network.reset();
        if (worker) worker->stop();
    }
};

// A new connection to the outbox the participation uses (workers and staff tasks each have one).
std::function<Result<std::unique_ptr<Outbox>>()> outbox_opener(const ParticipationSetup& p) {
    const std::string path = p.outbox ? p.outbox->path() : std::string();
    const std::string kiosk_id = p.outbox ? p.outbox->kiosk_id() : std::string();
    return [path, kiosk_id, ids = p.ids, wall = p.wall]() -> Result<std::unique_ptr<Outbox>> {
        if (path.empty()) return Error{ErrorKind::NotFound, "the outbox is not available"};
        return Outbox::open(path, kiosk_id, *wall, *ids);
    };
}

// The worker waits on the steady clock; its backoff's jitter comes from the system's randomness.
void start_uploads(Uploads& uploads, const ParticipationSetup& p, KioskApp& app, const WaitableClock& clock,
                   std::function<void()> wake) {
    if (!p.outbox || !p.sync.enabled() || !p.http) return;
    uploads.worker = std::make_unique<SyncWorker>(
        p.sync, outbox_opener(p), [ca_file = p.sync.ca_file, http = p.http]() { return http(ca_file); }, *p.wall, clock,
        std::make_unique<SeededRandom>(), std::move(wake));
    uploads.worker->set_heartbeat_info({RUHR_KIOSK_VERSION, app.pack().id, app.pack().version, 0, -1});
    uploads.worker->start();
    app.set_sync(uploads.worker.get());
    SyncWorker* worker = uploads.worker.get();
    uploads.network = std::make_unique<NetworkWatch>([worker] { worker->nudge(Nudge::NetworkChanged); });
}

Result<std::optional<ScriptRunner>> load_script(const std::string& file, ManualClock& clock) {
    if (file.empty()) return std::optional<ScriptRunner>();
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{ErrorKind::NotFound, "cannot read the script " + file};
    std::stringstream buf;
    buf << in.rdbuf();
    auto cmds = parse_script(buf.str());
    if (!cmds) return cmds.error().context(file);
    return std::optional<ScriptRunner>(std::in_place, std::move(*cmds), clock);
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
    ManualClock manual_clock;
    SteadyClock steady_clock;
    auto script = load_script(opt.script_file, manual_clock);
    if (!script) return setup_error(script.error().message);
    std::optional<ScriptRunner>& runner = *script;
    const Clock& clock = runner ? static_cast<const Clock&>(manual_clock) : steady_clock;

    EventLog events;
    if (!opt.events_file.empty() && !events.open(opt.events_file))
        return setup_error("cannot write the event log " + opt.events_file);
    FrameStats frame_stats;  // summary in the event log at exit
    if (!frame_stats.open(opt.frame_stats_file)) return setup_error("cannot write " + opt.frame_stats_file);

    StartupMarks marks(opt.started_at);
    marks.mark("main");
    auto started = SdlWindow::start();
    if (!started) return setup_error(started.error().message);
    SdlWindow& window = **started;
    marks.mark("sdl_init");
    const WindowOptions window_options{opt.width, opt.height, opt.fullscreen};

    // Work that needs no window starts first, on other threads: the first screen's images
    // decode, and the fonts are found and rasterized, while Mesa starts up below.
    GlTextureBackend textures;
    const FontFiles configured_fonts = config.fonts;
    KioskApp app(std::move(pack), std::move(config), textures, clock, window.waker());
    app.prefetch_first_screen();
    FontJob font_job;
    const Metrics font_metrics = metrics_for(window.expected_size(window_options), app.start_text_scale());
    font_job.thread = std::thread([&font_job, configured_fonts, font_metrics, &atlas = window.atlas(), &app] {
        font_job.files = configured_fonts.regular.empty() ? find_fonts() : configured_fonts;
        build_fonts(atlas, font_job.files, font_metrics, font_job.fonts, &app.glyph_ranges());
    });
    marks.mark("app_ready");

    const Status opened = window.open(window_options, textures);
    if (!opened) return setup_error(opened.error().message);
    marks.mark("gl_context");
    font_job.thread.join();
    marks.mark("fonts_built");
    if (font_job.files.regular.empty())
        std::cerr << "ruhr-kiosk: no Noto Sans (or similar) font found; install fonts-noto-core. "
                     "Using Dear ImGui's built-in font, which lacks umlauts.\n";
    const Status imgui = window.start_imgui();
    marks.mark("imgui_backends");
    if (!imgui) return setup_error(imgui.error().message);
    marks.mark("imgui_shaders");
    FontTexture font_texture(textures);
    font_texture.upload(window.atlas());
    app.adopt_fonts(font_job.fonts, app.start_text_scale(), font_job.files);
    marks.mark("imgui_init");

    app.set_notice(std::move(notice));
    if (participation.ids && participation.wall)
        app.set_participation(participation.outbox, *participation.ids, *participation.wall,
                              participation.organizer_key);
    if (events.is_open()) app.set_event_log(&events);
    Uploads uploads;
    start_uploads(uploads, participation, app, steady_clock, window.waker());
    // Staff mode: USB sticks from the mount table (or a test folder), the network hint, quitting.
    std::unique_ptr<VolumeSource> volumes;
    if (participation.usb_dir.empty())
        volumes = std::make_unique<LinuxVolumeSource>();
    else
        volumes = std::make_unique<FolderVolumeSource>(participation.usb_dir);
    LinuxStaffPlatform staff(std::move(volumes), window.waker());
    if (participation.ids && participation.wall)
        app.set_staff(participation.staff, &staff, outbox_opener(participation));

    MainLoop loop({window, textures, font_texture, app, clock, events, frame_stats, marks, &staff,
                   runner ? &*runner : nullptr, opt.fullscreen});
    return loop.run();
}

}  // namespace ruhr
