#pragma once
// The kiosk app's core: owns the visit, the content pack, fonts, images and screens, draws
// one Dear ImGui frame at a time and carries out what screens ask for. It knows nothing of
// SDL or OpenGL; the platform layer feeds it input and shows what it draws.

#include "base/clock.h"
#include "base/crypto.h"
#include "kiosk/event_log.h"
#include "kiosk/outbox.h"
#include "kiosk/participation.h"
#include "kiosk/staff.h"
#include "kiosk/sync.h"
#include "kiosk/visit.h"
#include "packs/content_pack.h"
#include "ui/fonts.h"
#include "ui/images.h"
#include "ui/input.h"
#include "ui/screens/screen_attract.h"
#include "ui/screens/screen_idea.h"
#include "ui/staff_control.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ruhr {

/// Settings the app runs with.
struct KioskConfig {
    IdleConfig idle;
    std::string default_language;  // empty: the pack's default
    FontFiles fonts;
    /// Texture memory for content images; 0: six screens' worth of pixels (48 MiB at 1080p,
    /// room for the built-in pack's images), at least 24 MiB. What the screen shows stays even over the budget.
    std::size_t image_budget_bytes = 0;
    int image_max_side = 2048;
    /// Time a frame may spend uploading image pixels (docs/benchmarks.md): images go up in
    /// bands of rows until it is spent. The first frame takes all it needs, so it shows the
    /// first screen complete.
    double upload_ms_per_frame = 1.0;
    Accessibility accessibility;  // the modes each visit starts with
};

/// What the main loop should do after a frame.
struct FrameResult {
    bool animating = false;          // draw again right away (an animation or layout is settling)
    double wake_at = -1.0;           // clock time when a frame is next due; negative: only on input
    std::size_t uploaded_bytes = 0;  // image pixels this frame handed to the texture backend
    double upload_ms = 0.0;          // time those uploads took (the driver's work, inside frame())
};

class KioskApp {
public:
    /// `wake` may be called from other threads (image decoding) to ask for a frame.
    KioskApp(ContentPack pack, KioskConfig config, TextureBackend& textures, const Clock& clock,
             std::function<void()> wake);
    ~KioskApp();

    /// A staff-facing notice shown on the home screen (for example why a pack was refused).
    void set_notice(std::string notice) { m_notice = std::move(notice); }
    void set_event_log(EventLog* log) { m_log = log; }
    /// Offers participation, storing into `outbox`. Without it "Mitmachen" is shown as not
    /// available. Contact fields are offered only with an organizer key to encrypt them to.
    void set_participation(Outbox* outbox, IdSource& ids, const WallClock& wall,
                           std::optional<PublicKey> organizer_key);

    /// Uploads go through `sync` (may be null: no collector). The app nudges it after each
    /// store and shows fleet-wide results from its status when they are fresh.
    void set_sync(SyncControl* sync) {
        m_sync = sync;
        m_participation.set_sync(sync);
    }
    const SyncControl* sync() const { return m_sync; }
    /// Offers staff mode (gesture, PIN, panel). `open_outbox` gives the staff tasks their own
    /// outbox connection (for exports and receipts).
    void set_staff(StaffSettings settings, StaffPlatform* platform, StaffTasks::OpenOutbox open_outbox);
    StaffMode staff_mode() const { return m_staff ? m_staff->mode() : StaffMode::Off; }
    /// Shows another content pack from now on; the visit starts over.
    void replace_pack(ContentPack pack);

    InputQueue& input() { return m_input; }

    /// Call before each frame with the window size. Returns true when the font atlas was
    /// rebuilt, so the renderer must upload its texture again.
    bool prepare(ImVec2 display_size);

    /// Start-up work that may run ahead of the first frame (docs/benchmarks.md):
    /// The letters the font atlas must hold for `pack`: its texts, language names and the staff
    /// screens' texts.
    static GlyphRanges font_glyph_ranges(const ContentPack& pack);
    /// Those of the current pack; stay valid until the pack is replaced.
    const GlyphRanges& glyph_ranges() const { return m_glyph_ranges; }
    /// The text scale a visit starts with (large text by configuration), for fonts built ahead.
    float start_text_scale() const;
    /// Takes fonts built elsewhere (a start-up thread: build_fonts with font_glyph_ranges and
    /// metrics_for(size, start_text_scale()) into the atlas the ImGui context will use), so
    /// prepare() does not build them again while the display scale and text scale match.
    void adopt_fonts(const Fonts& fonts, float text_scale, const FontFiles& files);
    /// Starts decoding the images the first screen shows, before there is a window.
    void prefetch_first_screen();
    /// Waits up to `seconds` until no image is being decoded; true when none is.
    bool wait_for_images(double seconds);
    /// True while images are queued for decoding or being decoded.
    bool images_decoding() const;
    /// Builds one frame into ImGui::GetDrawData().
    FrameResult frame();

    /// Nothing left to settle: no input queued, no animation, no image being decoded.
    bool settled() const;
    /// Lets go of every held key and modifier (focus lost, visit ended): a release that never
    /// arrived must not leave a key held for the next visitor.
    void release_keys();

    const Visit& visit() const { return m_visit; }
    const WidgetRegistry& widgets() const { return m_widgets; }
    const ContentPack& pack() const { return m_pack; }
    const Metrics& metrics() const { return m_metrics; }
    const Theme& theme() const { return m_theme; }
    /// Until when (clock time) a tap that begins does not go through: a short while after each
    /// screen change, so the second tap of a double tap does not land on the new screen.
    double tap_guard_until() const { return m_screen_changed_at + k_tap_guard_seconds; }
    static constexpr double k_tap_guard_seconds = 0.4;
    /// Where the UI's (0, 0) is in the window: below the empty top band of the low-reach layout.
    ImVec2 view_origin() const { return m_origin; }
    /// The screen's long side in pixels (images are stored scaled to it at import).
    int screen_long_side() const {
        return static_cast<int>(std::max(m_metrics.display.x + m_origin.x, m_metrics.display.y + m_origin.y));
    }
    double now() const { return m_clock.now(); }

private:
    void draw(Intents& out, double now);
    /// The drawing context for this frame's screens in `language`.
    Ui make_ui(const std::string& language, double now);
    /// Begins a full-screen Dear ImGui window for a layer of the frame.
    static void begin_layer(const char* id, ImVec2 size, int extra_flags);
    /// The staff-facing notice on the home screen: the start-up notice and a storage failure.
    std::string home_notice() const;
    /// Carries out one intent; submissions are stored here, everything else goes to the visit.
    void apply(const Intent& intent, double now);
    void staff_frame(const AppliedInput& in, double now);
    StaffPanelContext staff_context();
    void draw_staff(Intents& out, double now);
    bool any_scrolling() const;
    /// Every screen's scroll area, for what applies to all of them (stop, reset, animating).
    template <class Self>
    static auto scroll_areas(Self& self) {
        return std::array{&self.m_vision_area,     &self.m_forums_area,  &self.m_forum_area, &self.m_participate_area,
                          &self.m_priorities_area, &self.m_results_area, &self.m_idea_area,  &self.m_info_area};
    }
    void handle(const VisitChange& change, const char* cause, double now);
    /// In low reach, while a field has the focus: its text in the band above the UI.
    void draw_typing_echo(ImDrawList* dl, ImVec2 min, ImVec2 max);
    void log(nlohmann::json event);

    ContentPack m_pack;
    KioskConfig m_config;
    const Clock& m_clock;
    Theme m_theme;
    Metrics m_metrics;
    Fonts m_fonts;
    Visit m_visit;
    InputQueue m_input;
    WidgetRegistry m_widgets;
    std::unique_ptr<ImageCache> m_images;
    AttractState m_attract;
    ScrollArea m_vision_area;
    ScrollArea m_forums_area;
    ScrollArea m_forum_area;
    ScrollArea m_participate_area;
    ScrollArea m_priorities_area;
    ScrollArea m_results_area;
    ScrollArea m_info_area;
    ScrollArea m_idea_area;
    IdeaScreenState m_idea_state;
    ParticipationService m_participation;
    SyncControl* m_sync = nullptr;
    std::shared_ptr<const FetchedFleetResults> m_fleet;  // from the sync status, read once per frame
    std::function<void()> m_wake;
    SystemWallClock m_system_wall;  // for staff tasks when no wall clock was given
    ImVec2 m_origin{0, 0};
    float m_font_text_scale = 0.0f;         // the text scale the font atlas was built for
    bool m_high_contrast = false;           // the theme in use
    std::unique_ptr<StaffControl> m_staff;  // null: no staff mode
    ParticipationView m_part_view;
    std::string m_typed;
    GlyphRanges m_glyph_ranges;  // fixed ranges plus every character of the pack
    std::uint64_t m_frames = 0;  // frames built so far
    bool m_styled = false;       // the ImGui style is set for the theme and metrics
    EventLog* m_log = nullptr;
    std::string m_notice;
    double m_last_frame = -1.0;
    int m_settle_frames = 2;
    double m_screen_changed_at = -1.0e9;
    bool m_tap_guarded = false;        // the press being held began within the tap guard
    bool m_frame_tap_guarded = false;  // this frame's screen does not react to taps
};

}  // namespace ruhr
