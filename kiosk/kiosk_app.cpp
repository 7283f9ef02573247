#include "kiosk/kiosk_app.h"

#include "kiosk/screens/idle_overlay.h"
#include "kiosk/screens/screen_forum.h"
#include "kiosk/screens/screen_forums.h"
#include "kiosk/screens/screen_home.h"
#include "kiosk/screens/screen_vision.h"

#include <algorithm>
#include <cmath>

namespace ruhr {

namespace {
// Dear ImGui often needs a second frame to settle sizes after a change.
constexpr int k_settle_frames = 2;

std::string initial_language(const ContentPack& pack, const KioskConfig& cfg) {
    if (!cfg.default_language.empty() && pack.has_language(cfg.default_language)) return cfg.default_language;
    return pack.default_language;
}
} // namespace

KioskApp::KioskApp(ContentPack pack, KioskConfig config, TextureBackend& textures, const Clock& clock,
                   std::function<void()> wake)
    : m_pack(std::move(pack)), m_config(std::move(config)), m_clock(clock), m_theme(default_theme()),
      m_visit(initial_language(m_pack, m_config), m_config.idle),
      m_images(std::make_unique<ImageCache>(textures, std::move(wake), m_config.image_budget_bytes,
                                            m_config.image_max_side)) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk keeps no window layout between runs
    io.LogFilename = nullptr;
    m_attract.shown_at = m_clock.now();
}

KioskApp::~KioskApp() = default;

bool KioskApp::prepare(ImVec2 display_size) {
    const Metrics next = metrics_for(display_size);
    const bool rebuild = m_fonts.body == nullptr || next.scale != m_fonts.scale;
    const bool resized = next.display.x != m_metrics.display.x || next.display.y != m_metrics.display.y;
    m_metrics = next;
    if (resized || rebuild) {
        apply_style(ImGui::GetStyle(), m_theme, m_metrics);
        m_settle_frames = k_settle_frames;
    }
    if (!rebuild) return false;
    ImGuiIO& io = ImGui::GetIO();
    build_fonts(*io.Fonts, m_config.fonts, m_metrics, m_fonts);
    return true;
}

void KioskApp::log(nlohmann::json event) {
    if (m_log) m_log->write(m_clock.now(), std::move(event));
}

void KioskApp::handle(const VisitChange& ch, const char* cause, double now) {
    if (ch.screen_changed || ch.language_changed || ch.idle_warning_started || ch.ended)
        m_settle_frames = k_settle_frames;
    if (ch.idle_warning_started) log({{"event", "idle-warning"}, {"seconds", m_visit.countdown_seconds(now)}});
    if (ch.ended) {
        log({{"event", "visit-ended"}, {"reason", *ch.ended == EndReason::Idle ? "idle" : "visitor"}});
        // Forget everything of the visit: scroll momentum too.
        m_vision_area.reset();
        m_forums_area.reset();
        m_forum_area.reset();
        m_attract.shown_at = now;
    }
    if (ch.screen_changed) {
        nlohmann::json e{{"event", "screen"}, {"screen", screen_name(m_visit.screen())}, {"cause", cause}};
        if (m_visit.screen() == Screen::Forum) e["forum"] = m_visit.forum_id();
        log(std::move(e));
        if (m_visit.screen() == Screen::Forum) m_forum_area.reset();
    }
    if (ch.language_changed) log({{"event", "language"}, {"language", m_visit.language()}});
}

FrameResult KioskApp::frame() {
    const double now = m_clock.now();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = m_metrics.display;
    io.DeltaTime = m_last_frame < 0 ? 1.0f / 60.0f : static_cast<float>(std::clamp(now - m_last_frame, 1e-4, 0.25));
    m_last_frame = now;

    const AppliedInput in = m_input.apply(io);
    if (in.any) m_settle_frames = k_settle_frames;
    // During the countdown only its buttons (or the background) continue the visit, so a tap
    // on "start over" is not swallowed as presence.
    if (in.pressed && !m_visit.idle_warning()) m_visit.note_activity(now);
    if (in.released_at) {
        const WidgetInfo* hit = m_widgets.hit(*in.released_at);
        log({{"event", "tap"},
             {"x", std::round(in.released_at->x)},
             {"y", std::round(in.released_at->y)},
             {"source", in.release_source == PointerSource::Touch ? "touch" : "mouse"},
             {"hit", hit ? nlohmann::json(hit->id) : nlohmann::json(nullptr)}});
    }
    handle(m_visit.tick(now), "idle", now);
    if (m_images->pump()) m_settle_frames = k_settle_frames;

    m_widgets.clear();
    ImGui::NewFrame();
    Intents intents;
    draw(intents, now);
    ImGui::Render();

    for (const Intent& intent : intents) {
        const bool exists = !std::holds_alternative<OpenForum>(intent) ||
                            m_pack.find_forum(std::get<OpenForum>(intent).id) != nullptr;
        handle(m_visit.apply(intent, now, exists), "tap", now);
    }
    if (!intents.empty()) m_settle_frames = k_settle_frames;

    FrameResult r;
    if (m_settle_frames > 0) --m_settle_frames;
    const bool scrolling = m_vision_area.animating() || m_forums_area.animating() || m_forum_area.animating();
    const bool fading = m_visit.screen() == Screen::Attract && m_attract.fading(now);
    r.animating = m_settle_frames > 0 || scrolling || fading || io.MouseDown[0] || m_input.pending();
    double wake = m_visit.next_deadline(now);
    if (m_visit.screen() == Screen::Attract && m_pack.slides.size() > 1) {
        const double next = m_attract.next_change();
        wake = wake < 0 ? next : std::min(wake, next);
    }
    r.wake_at = wake;
    return r;
}

bool KioskApp::settled() const {
    const bool scrolling = m_vision_area.animating() || m_forums_area.animating() || m_forum_area.animating();
    return m_settle_frames == 0 && !scrolling && !m_input.pending() && !m_images->busy();
}

void KioskApp::draw(Intents& out, double now) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(m_metrics.display);
    ImGui::Begin("##screen", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
    Ui ui{m_pack, m_visit.language(), m_theme, m_metrics, m_fonts, m_widgets, *m_images, now};
    ui.input_blocked = m_visit.idle_warning();
    switch (m_visit.screen()) {
    case Screen::Attract: draw_attract(ui, m_attract, out); break;
    case Screen::Home: draw_home(ui, m_notice, out); break;
    case Screen::Vision: draw_vision(ui, m_vision_area, m_visit.scroll("vision"), out); break;
    case Screen::Forums: draw_forums(ui, m_forums_area, m_visit.scroll("forums"), out); break;
    case Screen::Forum:
        if (const Forum* f = m_pack.find_forum(m_visit.forum_id())) draw_forum(ui, m_forum_area, m_visit.scroll("forum"), *f, out);
        break;
    }
    ImGui::End();

    if (m_visit.idle_warning()) {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(m_metrics.display);
        ImGui::Begin("##idle", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoNav);
        Ui overlay{m_pack, m_visit.language(), m_theme, m_metrics, m_fonts, m_widgets, *m_images, now};
        draw_idle_overlay(overlay, m_visit.countdown_seconds(now), out);
        ImGui::End();
    }
}

} // namespace ruhr
