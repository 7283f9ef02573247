#include "kiosk/kiosk_app.h"

#include "kiosk/crypto.h"
#include "kiosk/utf8.h"
#include "kiosk/screens/idle_overlay.h"
#include "kiosk/screens/screen_idea.h"
#include "kiosk/screens/screen_participate.h"
#include "kiosk/screens/screen_priorities.h"
#include "kiosk/screens/screen_thanks.h"
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
    std::vector<std::string> texts;
    m_pack.for_each_text([&](const std::string& t) { texts.push_back(t); });
    for (const auto& lang : m_pack.languages) texts.push_back(lang.name);
    m_glyph_ranges = glyph_ranges_for(texts);
}

KioskApp::~KioskApp() = default;

void KioskApp::set_participation(Outbox* outbox, IdSource& ids, const WallClock& wall,
                                 std::optional<PublicKey> organizer_key) {
    m_outbox = outbox;
    m_ids = &ids;
    m_wall = &wall;
    m_organizer_key = organizer_key;
    m_stats.clear();
    if (m_outbox) {
        refresh_stats("vision");
        for (const Forum& f : m_pack.forums) refresh_stats(f.id);
    }
}

void KioskApp::refresh_stats(const std::string& item) {
    if (m_outbox) m_stats[item] = m_outbox->rating_stats(item);
}

Result<Submission> KioskApp::store(SubmissionKind kind, const nlohmann::json& payload) {
    const SubmissionContext ctx{m_visit.visit_id(), m_pack.id, m_pack.version};
    auto stored = m_outbox->add(kind, payload, ctx);
    if (stored) {
        log({{"event", "stored"}, {"id", stored->id}, {"kind", kind_name(kind)}, {"seq", stored->seq}});
        m_store_notice.clear();  // storing works again
        if (m_sync) m_sync->nudge(Nudge::Stored);
    } else {
        // The reason names the storage problem, never what the visitor typed.
        log({{"event", "store-failed"}, {"kind", kind_name(kind)}, {"reason", stored.error().message}});
        m_outbox->add_alert("error", std::string("A ") + kind_name(kind) + " could not be stored: " + stored.error().message);
        m_store_notice = replace_placeholder(m_pack.text(m_pack.default_language, "ui.staff_store_problem"), "reason",
                                             stored.error().message);
    }
    return stored;
}

void KioskApp::rate(const Rate& r) {
    if (!m_outbox || r.stars < 1 || r.stars > 5) return;
    if (r.item != "vision" && !m_pack.find_forum(r.item)) return;
    Participation& part = m_visit.participation();
    nlohmann::json payload{{"item", r.item}, {"stars", r.stars}};
    // Records never change: a second rating of the same item in one visit replaces the first
    // by naming it, and results count only the latest.
    const auto prev = part.ratings.find(r.item);
    if (prev != part.ratings.end()) {
        if (prev->second.stars == r.stars) {
            part.notice = Notice::RatingSaved;
            part.notice_item = r.item;
            return;
        }
        payload["replaces"] = prev->second.record_id;
    }
    auto stored = store(SubmissionKind::Rating, payload);
    part.notice_item = r.item;
    if (!stored) {
        part.notice = Notice::StoreFailed;
        return;
    }
    part.ratings[r.item] = {r.stars, stored->id};
    part.notice = Notice::RatingSaved;
    refresh_stats(r.item);
}

void KioskApp::confirm_priorities(double now) {
    Participation& part = m_visit.participation();
    if (!m_outbox || part.priorities.empty() || part.priorities.size() > 3 || part.priorities_submitted) return;
    auto stored = store(SubmissionKind::Priorities, {{"forums", part.priorities}});
    if (!stored) {
        part.notice = Notice::StoreFailed;
        return;
    }
    part.priorities_submitted = true;
    m_visit.show_thanks(now);
}

void KioskApp::submit_idea(double now) {
    Participation& part = m_visit.participation();
    if (!m_outbox) return;
    const auto blank = [](const std::string& s) { return s.find_first_not_of(" ") == std::string::npos; };
    if (blank(part.idea_text)) {
        part.notice = Notice::IdeaEmpty;
        return;
    }
    const bool contact = m_organizer_key && !(blank(part.name) && blank(part.email) && blank(part.postcode));
    if (contact && !part.consent) {
        part.notice = Notice::ConsentNeeded;
        return;
    }
    nlohmann::json payload{{"text", part.idea_text},
                           {"forum", part.idea_forum.empty() ? nlohmann::json(nullptr) : nlohmann::json(part.idea_forum)}};
    if (contact) {
        // Contact data is never stored in clear text: only the organizer's secret key opens it.
        const nlohmann::json details{{"name", part.name}, {"email", part.email}, {"postcode", part.postcode}};
        payload["contact"] = {{"sealed", seal_to(canonical_json(details), *m_organizer_key)}, {"consent", true}};
    }
    auto stored = store(SubmissionKind::Idea, payload);
    if (!stored) {
        part.notice = Notice::StoreFailed;
        return;
    }
    m_visit.show_thanks(now);
}

void KioskApp::apply(const Intent& intent, double now) {
    if (const auto* r = std::get_if<Rate>(&intent)) {
        m_visit.note_activity(now);
        rate(*r);
        return;
    }
    if (std::holds_alternative<ConfirmPriorities>(intent) || std::holds_alternative<SubmitIdea>(intent)) {
        m_visit.note_activity(now);
        const Screen before = m_visit.screen();
        if (std::holds_alternative<ConfirmPriorities>(intent)) confirm_priorities(now);
        else submit_idea(now);
        if (m_visit.screen() != before) handle({true, false, false, std::nullopt}, "tap", now);
        return;
    }
    const bool exists = !std::holds_alternative<OpenForum>(intent) ||
                        m_pack.find_forum(std::get<OpenForum>(intent).id) != nullptr;
    const VisitChange ch = m_visit.apply(intent, now, exists);
    if (std::holds_alternative<StartVisit>(intent) && m_ids && m_wall) m_visit.set_visit_id(m_ids->new_id(m_wall->unix_ms()));
    handle(ch, "tap", now);
}

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
    build_fonts(*io.Fonts, m_config.fonts, m_metrics, m_fonts, m_glyph_ranges.data());
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
        for (ScrollArea* a : scroll_areas(*this)) a->reset();
        m_idea_state = IdeaScreenState{};
        release_keys();
        m_attract.shown_at = now;
    }
    if (ch.screen_changed) {
        // Only the shown screen's area is updated each frame; one left while gliding would
        // keep asking for frames forever.
        for (ScrollArea* a : scroll_areas(*this)) a->stop();
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
    m_typed = in.text;
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
        } else {
            e["x"] = std::round(in.released_at->x);
            e["y"] = std::round(in.released_at->y);
            e["hit"] = hit ? nlohmann::json(hit->id) : nlohmann::json(nullptr);
        }
        log(std::move(e));
    }
    handle(m_visit.tick(now), "idle", now);
    if (m_images->pump()) m_settle_frames = k_settle_frames;

    m_widgets.clear();
    ImGui::NewFrame();
    Intents intents;
    draw(intents, now);
    ImGui::Render();

    for (const Intent& intent : intents) apply(intent, now);
    if (!intents.empty()) m_settle_frames = k_settle_frames;

    FrameResult r;
    if (m_settle_frames > 0) --m_settle_frames;
    const bool scrolling = any_scrolling();
    const bool fading = m_visit.screen() == Screen::Attract && m_attract.fading(now);
    // A finger resting on the glass is not an animation: moves and the release come as events.
    r.animating = m_settle_frames > 0 || scrolling || fading || m_input.pending();
    double wake = m_visit.next_deadline(now);
    if (m_visit.screen() == Screen::Attract && m_pack.slides.size() > 1) {
        const double next = m_attract.next_change();
        wake = wake < 0 ? next : std::min(wake, next);
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
    return m_settle_frames == 0 && !scrolling && !m_input.pending() && !m_images->busy();
}

void KioskApp::draw(Intents& out, double now) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(m_metrics.display);
    ImGui::Begin("##screen", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
    m_part_view = {&m_visit.participation(), &m_stats, nullptr, ResultsScope::Local, m_outbox != nullptr,
                   m_organizer_key.has_value()};
    if (m_sync && m_wall) {
        const SyncStatus status = m_sync->status();
        if (status.enabled) {
            m_fleet = status.fleet;
            // Fleet results while they are fresh and the collector answers; after a failed run
            // this kiosk's own results, with a note that the fleet's follow later.
            const bool reachable = status.last_outcome == SyncOutcome::Ok || status.last_outcome == SyncOutcome::Never;
            const bool fresh = reachable && m_fleet &&
                               static_cast<double>(m_wall->unix_ms() - m_fleet->fetched_unix_ms) <=
                                   status.results_max_age_s * 1000.0;
            m_part_view.scope = fresh ? ResultsScope::Fleet : ResultsScope::LocalOffline;
            if (fresh) m_part_view.fleet = &m_fleet->ratings;
        }
    }
    Ui ui{m_pack, m_visit.language(), m_theme, m_metrics, m_fonts, m_widgets, *m_images, now, false, false, nullptr, {}};
    ui.input_blocked = m_visit.idle_warning();
    ui.part = &m_part_view;
    ui.typed = m_typed;
    switch (m_visit.screen()) {
    case Screen::Attract: draw_attract(ui, m_attract, out); break;
    case Screen::Home:
        draw_home(ui, m_store_notice.empty() ? m_notice : (m_notice.empty() ? m_store_notice : m_notice + " " + m_store_notice),
                  out);
        break;
    case Screen::Vision: draw_vision(ui, m_vision_area, m_visit.scroll("vision"), out); break;
    case Screen::Forums: draw_forums(ui, m_forums_area, m_visit.scroll("forums"), out); break;
    case Screen::Forum:
        if (const Forum* f = m_pack.find_forum(m_visit.forum_id())) draw_forum(ui, m_forum_area, m_visit.scroll("forum"), *f, out);
        break;
    case Screen::Participate: draw_participate(ui, m_participate_area, m_visit.scroll("participate"), out); break;
    case Screen::Priorities: draw_priorities(ui, m_priorities_area, m_visit.scroll("priorities"), out); break;
    case Screen::Idea: draw_idea(ui, m_idea_area, m_visit.scroll("idea"), m_idea_state, out); break;
    case Screen::Thanks: draw_thanks(ui, out); break;
    }
    ImGui::End();

    if (m_visit.idle_warning()) {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(m_metrics.display);
        ImGui::Begin("##idle", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoNav);
        Ui overlay{m_pack, m_visit.language(), m_theme, m_metrics, m_fonts, m_widgets, *m_images, now, false, false, nullptr, {}};
        overlay.part = &m_part_view;
        draw_idle_overlay(overlay, m_visit.countdown_seconds(now), out);
        ImGui::End();
    }
}

} // namespace ruhr
