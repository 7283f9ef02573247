#include "ui/kiosk_app.h"

#include "ui/screens/nav_bar.h"

#include "base/crypto.h"
#include "base/utf8.h"
#include "kiosk/alerts.h"
#include "ui/screens/accessibility_menu.h"
#include "ui/screens/idle_overlay.h"
#include "ui/screens/nav_bar.h"
#include "ui/screens/screen_forum.h"
#include "ui/screens/screen_forums.h"
#include "ui/screens/screen_home.h"
#include "ui/screens/screen_idea.h"
#include "ui/screens/screen_info.h"
#include "ui/screens/screen_participate.h"
#include "ui/screens/screen_priorities.h"
#include "ui/screens/screen_results.h"
#include "ui/screens/screen_thanks.h"
#include "ui/screens/screen_vision.h"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>

namespace ruhr {

namespace {
// Dear ImGui often needs a second frame to settle sizes after a change.
constexpr int k_settle_frames = 2;

std::string initial_language(const ContentPack& pack, const KioskConfig& cfg) {
    if (!cfg.default_language.empty() && pack.has_language(cfg.default_language)) return cfg.default_language;
    return pack.default_language;
}

// A digit key of the staff PIN pad ("staff/pin/7"); "staff/pin/ok" and the others are not.
bool is_pin_digit_key(std::string_view id) {
    constexpr std::string_view prefix = "staff/pin/";
    return id.size() == prefix.size() + 1 && id.substr(0, prefix.size()) == prefix && id.back() >= '0' &&
           id.back() <= '9';
}
}  // namespace

KioskApp::KioskApp(ContentPack pack, KioskConfig config, TextureBackend& textures, const Clock& clock,
                   std::function<void()> wake)
    : m_pack(std::move(pack)),
      m_config(std::move(config)),
      m_clock(clock),
      m_theme(branded_theme(m_pack.brand)),
      m_visit(initial_language(m_pack, m_config), m_config.idle),
      m_images(std::make_unique<ImageCache>(textures, wake,
                                            m_config.image_budget_bytes ? m_config.image_budget_bytes : (48u << 20),
                                            m_config.image_max_side)),
      m_participation([this](nlohmann::json e) { log(std::move(e)); }),
      m_wake(wake) {
    // No Dear ImGui call here: the app may be made before the ImGui context (start-up).
    m_attract.shown_at = m_clock.now();
    m_visit.set_accessibility_defaults(m_config.accessibility);
    m_glyph_ranges = font_glyph_ranges(m_pack);
}

GlyphRanges KioskApp::font_glyph_ranges(const ContentPack& pack) {
    std::vector<std::string> texts;
    pack.for_each_text([&](const std::string& t) { texts.push_back(t); });
    for (const auto& lang : pack.languages) texts.push_back(lang.name);
    for_each_staff_text([&](const std::string& t) { texts.push_back(t); });
    return glyph_ranges_for(texts);
}

float KioskApp::start_text_scale() const { return m_config.accessibility.large_text ? k_large_text_scale : 1.0f; }

void KioskApp::adopt_fonts(const Fonts& fonts, float text_scale, const FontFiles& files) {
    m_fonts = fonts;
    m_font_text_scale = text_scale;
    m_config.fonts = files;
}

void KioskApp::prefetch_first_screen() {
    if (m_visit.screen() == Screen::Attract && !m_pack.slides.empty()) {
        const Slide& first = m_pack.slides[m_attract.slide % m_pack.slides.size()];
        if (!first.image.empty()) m_images->get(m_pack.file_path(first.image).string());
    }
}

bool KioskApp::wait_for_images(double seconds) {
    return m_images->wait_idle(std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0)));
}

bool KioskApp::images_decoding() const { return m_images->decoding(); }

KioskApp::~KioskApp() = default;

void KioskApp::set_participation(Outbox* outbox, IdSource& ids, const WallClock& wall,
                                 std::optional<PublicKey> organizer_key) {
    m_participation.connect(outbox, ids, wall, organizer_key);
    m_participation.refresh_all_stats(m_pack);
}

void KioskApp::replace_pack(ContentPack pack) {
    m_pack = std::move(pack);
    m_glyph_ranges = font_glyph_ranges(m_pack);
    m_fonts.scale = 0.0f;  // the next prepare() builds the atlas for the new texts
    m_visit = Visit(initial_language(m_pack, m_config), m_config.idle);
    m_visit.set_accessibility_defaults(m_config.accessibility);
    for (ScrollArea* a : scroll_areas(*this)) a->reset();
    m_idea_state = IdeaScreenState{};
    m_attract = AttractState{};
    m_attract.shown_at = m_clock.now();
    // The new pack's colours: the next prepare() applies them to the style.
    m_theme = m_high_contrast ? high_contrast_theme() : branded_theme(m_pack.brand);
    m_styled = false;
    m_notice.clear();
    m_participation.refresh_all_stats(m_pack);
    if (m_sync) m_sync->set_pack(m_pack.id, m_pack.version);
    m_settle_frames = k_settle_frames;
    log({{"event", "content"}, {"pack", m_pack.id}, {"version", m_pack.version}});
}

void KioskApp::set_staff(StaffSettings settings, StaffPlatform* platform, StaffTasks::OpenOutbox open_outbox) {
    // Without an outbox there are no counts to show and nothing to export.
    if (!m_participation.available()) open_outbox = nullptr;
    const WallClock* wall = m_participation.wall();
    m_staff = std::make_unique<StaffControl>(std::move(settings), platform, std::move(open_outbox),
                                             wall ? *wall : static_cast<const WallClock&>(m_system_wall), m_wake,
                                             [this](nlohmann::json e) { log(std::move(e)); });
}

StaffPanelContext KioskApp::staff_context() {
    const Outbox* outbox = m_participation.outbox();
    return {m_pack, outbox ? outbox->kiosk_id() : std::string("-"), m_sync, screen_long_side()};
}

void KioskApp::staff_frame(const AppliedInput& in, double now) {
    if (!m_staff) return;
    ImGuiIO& io = ImGui::GetIO();
    const StaffFrameEvents ev =
        m_staff->frame(io.MouseDown[0], ScreenPoint{io.MousePos.x, io.MousePos.y},
                       ScreenPoint{m_metrics.display.x, m_metrics.display.y}, m_metrics.scale, in.activity, now);
    if (ev.open_cause) {
        // Whatever a visitor left on screen is not staff's business: the visit ends first.
        if (m_visit.screen() != Screen::Attract) handle(m_visit.apply(EndVisit{}, now, true), "staff", now);
        release_keys();
        m_staff->open(now, ev.open_cause);
        m_settle_frames = k_settle_frames;
    }
    if (ev.changed) m_settle_frames = k_settle_frames;
    if (ev.switch_to) {
        auto loaded = load_content_pack(*ev.switch_to);
        if (loaded.pack)
            replace_pack(std::move(*loaded.pack));
        else if (Outbox* outbox = m_participation.outbox())
            outbox->add_alert(alert_content_not_loaded(loaded.problems.front().to_string()));
    }
}

void KioskApp::apply(const Intent& intent, double now) {
    if (std::holds_alternative<StaffPinKey>(intent) || std::holds_alternative<StaffAction>(intent)) {
        if (m_staff) m_staff->apply(intent, now, staff_context());
        m_settle_frames = k_settle_frames;
        return;
    }
    if (const auto* r = std::get_if<Rate>(&intent)) {
        m_visit.note_activity(now);
        m_participation.rate(m_visit, m_pack, *r);
        // In the guide a stored rating moves on to the next topic at once (one tap per topic);
        // the next page confirms what was stored.
        const Participation& part = m_visit.participation();
        if (m_visit.guided() && m_visit.screen() == Screen::Forum && r->item == m_visit.forum_id() &&
            part.notice == Notice::RatingSaved && part.notice_item == r->item)
            apply(guide_next(m_pack, r->item), now);
        return;
    }
    if (std::holds_alternative<ConfirmPriorities>(intent) || std::holds_alternative<SubmitIdea>(intent)) {
        m_visit.note_activity(now);
        const Screen before = m_visit.screen();
        if (std::holds_alternative<ConfirmPriorities>(intent))
            m_participation.confirm_priorities(m_visit, m_pack);
        else
            m_participation.submit_idea(m_visit, m_pack, now);
        if (m_visit.screen() != before) handle({true, false, false, std::nullopt}, "tap", now);
        return;
    }
    bool exists = true;  // a forum an intent names must be in the pack
    if (const auto* f = std::get_if<OpenForum>(&intent)) exists = m_pack.find_forum(f->id) != nullptr;
    if (const auto* g = std::get_if<StartGuide>(&intent)) exists = m_pack.find_forum(g->first_forum) != nullptr;
    if (const auto* i = std::get_if<OpenIdea>(&intent))
        exists = i->forum.empty() || m_pack.find_forum(i->forum) != nullptr;
    const VisitChange ch = m_visit.apply(intent, now, exists);
    if (std::holds_alternative<StartVisit>(intent) && m_participation.wall())
        m_visit.set_visit_id(m_participation.new_visit_id());
    handle(ch, "tap", now);
}

bool KioskApp::prepare(ImVec2 display_size) {
    const Accessibility& a11y = m_visit.accessibility();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk keeps no window layout between runs
    io.LogFilename = nullptr;
    Metrics next = metrics_for(display_size, a11y.large_text ? k_large_text_scale : 1.0f);
    // Low reach: the whole UI is laid out for the lower two thirds of the screen and drawn
    // there; the top band stays empty, out of reach and out of the way.
    const float top = a11y.low_reach ? std::round(display_size.y * 0.34f) : 0.0f;
    next.display.y -= top;
    m_origin = ImVec2(0.0f, top);
    m_input.set_origin(m_origin);
    const bool rebuild = m_fonts.body == nullptr || next.scale != m_fonts.scale || next.text_scale != m_font_text_scale;
    const bool resized = next.display.x != m_metrics.display.x || next.display.y != m_metrics.display.y;
    const bool recolour = a11y.high_contrast != m_high_contrast;
    if (recolour) {
        m_high_contrast = a11y.high_contrast;
        m_theme = m_high_contrast ? high_contrast_theme() : branded_theme(m_pack.brand);
    }
    m_metrics = next;
    if (resized && m_config.image_budget_bytes == 0) {
        const double screen_bytes = static_cast<double>(display_size.x) * static_cast<double>(display_size.y) * 4.0;
        m_images->set_budget(std::max<std::size_t>(24u << 20, static_cast<std::size_t>(6.0 * screen_bytes)));
    }
    if (resized || rebuild || recolour || !m_styled) {
        m_styled = true;
        apply_style(ImGui::GetStyle(), m_theme, m_metrics);
        m_settle_frames = k_settle_frames;
    }
    if (rebuild) {
        build_fonts(*io.Fonts, m_config.fonts, m_metrics, m_fonts, &m_glyph_ranges);
        m_font_text_scale = m_metrics.text_scale;
    }
    // The bar's second row for the language names, measured with the fonts of this size.
    if (nav_needs_second_row(m_metrics, m_fonts.body_bold, m_pack)) {
        m_metrics.nav_rows = 2;
        m_metrics.nav_height *= 2.0f;
    }
    return rebuild;
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
        for (ScrollArea* a : scroll_areas(*this)) a->reset();
        m_idea_state = IdeaScreenState{};
        release_keys();
        m_attract.shown_at = now;
    }
    if (ch.screen_changed) {
        m_screen_changed_at = now;
        // Only the shown screen's area is updated each frame; one left while gliding would
        // keep asking for frames forever.
        for (ScrollArea* a : scroll_areas(*this)) a->stop();
        nlohmann::json e{{"event", "screen"}, {"screen", screen_name(m_visit.screen())}, {"cause", cause}};
        if (m_visit.screen() == Screen::Forum) e["forum"] = m_visit.forum_id();
        log(std::move(e));
        if (m_visit.screen() == Screen::Forum) m_forum_area.reset();
    }
    if (ch.language_changed) log({{"event", "language"}, {"language", m_visit.language()}});
    if (ch.accessibility_changed) {
        m_settle_frames = k_settle_frames;
        const Accessibility& a = m_visit.accessibility();
        log({{"event", "accessibility"},
             {"large_text", a.large_text},
             {"high_contrast", a.high_contrast},
             {"low_reach", a.low_reach}});
    }
}

FrameResult KioskApp::frame() {
    const double now = m_clock.now();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = m_metrics.display;
    io.DeltaTime = m_last_frame < 0 ? 1.0f / 60.0f : static_cast<float>(std::clamp(now - m_last_frame, 1e-4, 0.25));
    m_last_frame = now;

    const AppliedInput in = m_input.apply(io);
    m_typed = in.text;
    // A press that begins just after a screen change belongs to the screen before: it neither
    // taps nor shows as pressed on the new one, up to and including its release.
    const bool guarded_before = m_tap_guarded;
    if (in.pressed) m_tap_guarded = now < tap_guard_until();
    const bool tap_guarded = m_tap_guarded || guarded_before;
    if (in.released_at) m_tap_guarded = false;
    staff_frame(in, now);
    if (in.any) m_settle_frames = k_settle_frames;
    // During the countdown only its buttons (or the background) continue the visit, so a tap
    // on "start over" is not swallowed as presence.
    if (in.activity && !m_visit.idle_warning()) m_visit.note_activity(now);
    if (in.released_at) {
        const WidgetInfo* hit = m_widgets.hit(*in.released_at);
        nlohmann::json e{{"event", "tap"}, {"source", in.release_source == PointerSource::Touch ? "touch" : "mouse"}};
        if (hit && hit->id.rfind("kbd/", 0) == 0) {
            // Keys spell what the visitor types (contact details too): neither the key nor
            // the position goes to the log.
            e["hit"] = "kbd";
        } else if (hit && is_pin_digit_key(hit->id)) {
            e["hit"] = "staff/pin/digit";  // the same for the staff PIN: no digit, no position
        } else {
            e["x"] = std::round(in.released_at->x);
            e["y"] = std::round(in.released_at->y);
            e["hit"] = hit ? nlohmann::json(hit->id) : nlohmann::json(nullptr);
        }
        if (tap_guarded) e["guarded"] = true;
        log(std::move(e));
    }
    handle(m_visit.tick(now), "idle", now);
    if (m_frames == 1 && m_visit.screen() == Screen::Attract) {
        // The first screen is up: decode what the home screen shows (the next screen of every
        // visit) in the background, so the first tap shows it complete.
        const HomeImages home = home_images(m_pack);
        for (const std::string* image : {&home.vision, &home.forums, &home.take_part})
            if (!image->empty()) m_images->get(m_pack.file_path(*image).string());
    }
    const auto upload_start = std::chrono::steady_clock::now();
    if (m_images->pump({SIZE_MAX, m_frames == 0 ? 1.0e9 : m_config.upload_ms_per_frame}))
        m_settle_frames = k_settle_frames;
    const double upload_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - upload_start).count();
    ++m_frames;

    m_widgets.clear();
    ImGui::NewFrame();
    Intents intents;
    m_frame_tap_guarded = tap_guarded;
    draw(intents, now);
    ImGui::Render();
    if (m_origin.y > 0.0f) {
        // Shown below the top band: the renderer maps DisplayPos to the window's top-left.
        ImDrawData* dd = ImGui::GetDrawData();
        dd->DisplayPos = ImVec2(-m_origin.x, -m_origin.y);
        dd->DisplaySize = ImVec2(m_metrics.display.x + m_origin.x, m_metrics.display.y + m_origin.y);
    }

    for (const Intent& intent : intents) apply(intent, now);
    if (!intents.empty()) m_settle_frames = k_settle_frames;

    FrameResult r;
    r.uploaded_bytes = m_images->uploaded_last_pump();
    r.upload_ms = r.uploaded_bytes > 0 ? upload_ms : 0.0;
    if (m_settle_frames > 0) --m_settle_frames;
    const bool scrolling = any_scrolling();
    const bool fading = m_visit.screen() == Screen::Attract && m_attract.fading(now);
    // A finger resting on the glass is not an animation: moves and the release come as events.
    r.animating = m_settle_frames > 0 || scrolling || fading || m_input.pending() || m_images->uploading();
    double wake = m_visit.next_deadline(now);
    if (m_visit.screen() == Screen::Attract && m_pack.slides.size() > 1) {
        const double next = m_attract.next_change();
        wake = wake < 0 ? next : std::min(wake, next);
    }
    // Staff mode: the corner press completing, the PIN check, the lockout ending, idle closing.
    if (m_staff) {
        const double d = m_staff->next_deadline(now);
        if (d >= 0) wake = wake < 0 ? d : std::min(wake, d);
        if (m_staff->checking()) r.animating = true;
    }
    r.wake_at = wake;
    return r;
}

void KioskApp::release_keys() {
    ImGuiIO& io = ImGui::GetIO();
    for (bool& k : io.KeysDown) k = false;
    io.KeyShift = io.KeyCtrl = io.KeyAlt = io.KeySuper = false;
}

bool KioskApp::any_scrolling() const {
    const auto areas = scroll_areas(*this);
    return std::any_of(areas.begin(), areas.end(), [](const ScrollArea* a) { return a->animating(); });
}

bool KioskApp::settled() const {
    const bool scrolling = any_scrolling();
    const bool staff_busy = m_staff && m_staff->busy();
    return m_settle_frames == 0 && !scrolling && !m_input.pending() && !m_images->busy() && !staff_busy;
}

Ui KioskApp::make_ui(const std::string& language, double now) {
    return Ui{m_pack, language, m_theme, m_metrics, m_fonts, m_widgets, *m_images, now, false, false, nullptr, {}};
}

void KioskApp::begin_layer(const char* id, ImVec2 size, int extra_flags) {
    // A full-screen layer: the screen, or an overlay above it (menu, countdown, staff).
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoNav | extra_flags);
}

std::string KioskApp::home_notice() const {
    // A storage failure is told to staff on the home screen until a record is stored again.
    std::string store;
    if (!m_participation.store_problem().empty())
        store = replace_placeholder(m_pack.text(m_pack.default_language, "ui.staff_store_problem"), "reason",
                                    m_participation.store_problem());
    if (store.empty()) return m_notice;
    return m_notice.empty() ? store : m_notice + " " + store;
}

void KioskApp::draw_typing_echo(ImDrawList* dl, ImVec2 min, ImVec2 max) {
    // Low reach while typing: the keyboard and the lowered form leave little of the field in
    // view (at 1280x800 a line), so the band above shows what is being typed, with its label
    // and the caret, where a seated visitor sees it without reaching for it.
    const Metrics& m = m_metrics;
    const Participation& part = m_visit.participation();
    const std::string& label = m_pack.text(m_visit.language(), std::string("ui.") + idea_field_label(part.focus));
    const std::string& text = field_text(part, part.focus);
    ImFont* lf = m_fonts.body_bold;
    ImFont* tf = m_fonts.body;
    // A preview, not a second field: a muted panel as tall as the text needs, without the
    // field's accent edge; the caret shows where the next letter goes.
    const ImVec2 box_min(min.x + m.pad, min.y + m.gap * 0.5f + lf->FontSize + m.gap * 0.25f);
    const float pad = m.gap * 0.5f;
    const float inner = max.x - m.pad - box_min.x - 2 * pad;
    if (inner <= 0.0f) return;
    const float lines_h = std::max(tf->FontSize, text_height(tf, text, inner));
    const ImVec2 box_max(max.x - m.pad, std::min(max.y - m.gap * 0.5f, box_min.y + lines_h + 2 * pad));
    const float text_h = box_max.y - box_min.y - 2 * pad;
    if (text_h + 0.5f < tf->FontSize) return;
    dl->AddText(lf, lf->FontSize, ImVec2(box_min.x, min.y + m.gap * 0.5f), m_theme.text_muted, label.c_str());
    dl->AddRectFilled(box_min, box_max, m_theme.disabled_surface, m.radius);
    dl->AddRect(box_min, box_max, m_theme.outline, m.radius, 0, std::max(1.0f, 2.0f * m.scale));
    const ImVec2 tp(box_min.x + pad, box_min.y + pad);
    const float skipped = draw_text_tail(dl, tf, text, tp, inner, text_h, m_theme.text);
    const ImVec2 c = caret_position(tf, text, inner, part.caret);
    if (c.y >= skipped && c.y - skipped + tf->FontSize <= text_h + 0.5f) {
        const float x = tp.x + c.x, y = tp.y + c.y - skipped;
        dl->AddRectFilled(ImVec2(x, y), ImVec2(x + std::max(2.0f, 3.0f * m.scale), y + tf->FontSize), m_theme.accent);
    }
    // Found by tests and scripts, no tap target (the band is out of reach).
    m_widgets.add_message("lowreach/echo", box_min, box_max);
}

void KioskApp::draw(Intents& out, double now) {
    if (m_origin.y > 0.0f) {
        // The low-reach band above the UI: out of reach, so nothing to tap, but drawn in the
        // theme's colours (also high contrast) with the pack's title instead of a blank gap.
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        const ImVec2 min(0.0f, -m_origin.y), max(m_metrics.display.x, 0.0f);
        dl->PushClipRect(min, max, false);
        dl->AddRectFilled(min, max, m_theme.background);
        const Participation& part = m_visit.participation();
        if (m_visit.screen() == Screen::Idea && part.focus != IdeaField::None) {
            draw_typing_echo(dl, min, max);
        } else {
            ImFont* f = m_fonts.title;
            const std::string& title = m_pack.text(m_visit.language(), "pack.title");
            const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, title.c_str());
            if (ts.x <= m_metrics.display.x - 2 * m_metrics.pad)
                dl->AddText(f, f->FontSize, ImVec2((max.x - ts.x) * 0.5f, min.y + (m_origin.y - ts.y) * 0.5f),
                            m_theme.text, title.c_str());
        }
        dl->PopClipRect();
    }
    begin_layer("##screen", m_metrics.display, ImGuiWindowFlags_NoBringToFrontOnFocus);
    m_part_view = ParticipationView{};
    m_part_view.visit = &m_visit.participation();
    m_part_view.stats = &m_participation.stats();
    m_part_view.votes = &m_participation.votes();
    m_part_view.enabled = m_participation.available();
    m_part_view.contact_enabled = m_participation.contact_offered();
    m_part_view.guided = m_visit.guided();
    if (m_visit.screen() == Screen::Thanks) m_part_view.thanks_seconds = m_visit.thanks_seconds_left(now);
    const WallClock* wall = m_participation.wall();
    if (m_sync && wall) {
        const SyncStatus status = m_sync->status();
        if (status.enabled) {
            m_fleet = status.fleet;
            // Fleet results while they are fresh and the collector answers; after a failed run
            // this kiosk's own results, with a note that the fleet's follow later.
            const bool reachable = status.last_outcome == SyncOutcome::Ok || status.last_outcome == SyncOutcome::Never;
            const bool fresh =
                reachable && m_fleet &&
                static_cast<double>(wall->unix_ms() - m_fleet->fetched_unix_ms) <= status.results_max_age_s * 1000.0;
            m_part_view.scope = fresh ? ResultsScope::Fleet : ResultsScope::LocalOffline;
            if (fresh) {
                m_part_view.fleet = &m_fleet->ratings;
                m_part_view.fleet_votes = &m_fleet->priorities;
            }
        }
    }
    if (staff_mode() != StaffMode::Off) {
        ImGui::End();
        draw_staff(out, now);
        return;
    }
    Ui ui = make_ui(m_visit.language(), now);
    ui.input_blocked = m_visit.idle_warning();
    ui.taps_guarded = m_frame_tap_guarded;
    ui.part = &m_part_view;
    ui.typed = m_typed;
    switch (m_visit.screen()) {
    case Screen::Attract: draw_attract(ui, m_attract, out); break;
    case Screen::Home: draw_home(ui, home_notice(), out); break;
    case Screen::Vision: draw_vision(ui, m_vision_area, m_visit.scroll("vision"), out); break;
    case Screen::Forums: draw_forums(ui, m_forums_area, m_visit.scroll("forums"), out); break;
    case Screen::Forum:
        if (const Forum* f = m_pack.find_forum(m_visit.forum_id()))
            draw_forum(ui, m_forum_area, m_visit.scroll("forum"), *f, out);
        break;
    case Screen::Participate: draw_participate(ui, m_participate_area, m_visit.scroll("participate"), out); break;
    case Screen::Priorities: draw_priorities(ui, m_priorities_area, m_visit.scroll("priorities"), out); break;
    case Screen::Results: draw_results(ui, m_results_area, m_visit.scroll("results"), out); break;
    case Screen::Idea: draw_idea(ui, m_idea_area, m_visit.scroll("idea"), m_idea_state, out); break;
    case Screen::Thanks: draw_thanks(ui, out); break;
    case Screen::Info: draw_info(ui, m_info_area, m_visit.scroll("info"), out); break;
    }
    ImGui::End();

    if (m_visit.accessibility_menu() && !m_visit.idle_warning()) {
        begin_layer("##access", m_metrics.display, ImGuiWindowFlags_NoBackground);
        Ui overlay = make_ui(m_visit.language(), now);
        draw_accessibility_menu(overlay, m_visit.accessibility(), out);
        ImGui::End();
    }
    if (m_visit.idle_warning()) {
        begin_layer("##idle", m_metrics.display, ImGuiWindowFlags_NoBackground);
        Ui overlay = make_ui(m_visit.language(), now);
        overlay.part = &m_part_view;
        draw_idle_overlay(overlay, m_visit.countdown_seconds(now), out);
        ImGui::End();
    }
}

void KioskApp::draw_staff(Intents& out, double now) {
    begin_layer("##staff", m_metrics.display, 0);
    // Staff screens follow the pack's default language, German or English.
    Ui ui = make_ui(m_pack.default_language, now);
    m_staff->draw(ui, out, now, staff_context());
    ImGui::End();
}

}  // namespace ruhr
