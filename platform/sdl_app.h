#pragma once
// The SDL2 + OpenGL host of the kiosk app: window, event-driven main loop, rendering,
// screenshots and the script driver.

#include "kiosk/outbox.h"
#include "packs/content_pack.h"
#include "platform/http_module.h"
#include "ui/kiosk_app.h"

#include <filesystem>
#include <string>

namespace ruhr {

struct RunOptions {
    int width = 1920;
    int height = 1080;
    bool fullscreen = false;       // kiosk mode: desktop-sized, shortcuts that leave the app do nothing
    std::string script_file;       // run this scenario, then exit
    std::string events_file;       // JSON-lines event log
    std::string frame_stats_file;  // every frame's UI and total time (docs/benchmarks.md)
    double started_at = 0.0;       // process start on the steady clock, for the first-frame figure
};

/// Where submissions go; `outbox` null when it could not be opened (participation is then
/// shown as not available).
struct ParticipationSetup {
    Outbox* outbox = nullptr;
    IdSource* ids = nullptr;
    const WallClock* wall = nullptr;
    std::optional<PublicKey> organizer_key;
    SyncSettings sync;  // no url: no uploads (records stay in the outbox)
    StaffSettings staff;
    std::string usb_dir;        // testing: this folder counts as a USB stick while it exists
    HttpTransportFactory http;  // makes the uploads' transport; empty: no uploads (module missing)
};

/// Folder of the built-in content pack: next to an installed binary, else in the source tree.
std::filesystem::path builtin_content_dir();

/// Opens the window and runs until the app quits. Returns the process exit code:
/// 0 on success, 1 when a script expectation failed, 2 on a setup error.
int run_kiosk(ContentPack pack, std::string notice, KioskConfig config, const RunOptions& options,
              const ParticipationSetup& participation);

}  // namespace ruhr
