#include "ui/screens/screen_attract.h"

#include "ui/screens/brand.h"

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

namespace ruhr {

bool AttractState::fading(double now) const {
    return now >= shown_at + k_slide_seconds && now < shown_at + k_slide_seconds + k_fade_seconds;
}

void AttractState::advance(double now, std::size_t count) {
    if (count == 0) return;
    if (shown_at > now) shown_at = now;  // the clock was reset (tests)
    while (now >= shown_at + k_slide_seconds + k_fade_seconds) {
        slide = (slide + 1) % count;
        shown_at += k_slide_seconds + k_fade_seconds;
        // After a long sleep, do not replay every missed slide.
        if (now - shown_at > 2 * (k_slide_seconds + k_fade_seconds)) shown_at = now;
    }
}

namespace {
// The call to start, in every language of the pack, so nobody has to guess; a phrase two
// languages share (Leichte Sprache and German) is shown once. Joined on one line when it fits
// `width`, otherwise one language per line rather than breaking mid-phrase.
std::string start_call(const Ui& ui, ImFont* f, float width, Icon icon) {
    std::vector<const std::string*> phrases;
    for (const auto& lang : ui.pack.languages) {
        const std::string& p = ui.pack.text(lang.code, "ui.tap_to_start");
        if (std::none_of(phrases.begin(), phrases.end(), [&](const std::string* q) { return *q == p; }))
            phrases.push_back(&p);
    }
    const auto joined = [&](const char* separator) {
        std::string text;
        for (const std::string* p : phrases) {
            if (!text.empty()) text += separator;
            text += *p;
        }
        return text;
    };
    std::string call = icon_label(ui, icon, joined("  /  "));
    if (f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, call.c_str()).x > width) call = icon_label(ui, icon, joined("\n"));
    return call;
}
}  // namespace

void draw_attract(Ui& ui, AttractState& st, Intents& out) {
    const Metrics& m = ui.m;
    const ImVec2 size = m.display;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 end(origin.x + size.x, origin.y + size.y);
    const auto& slides = ui.pack.slides;
    st.advance(ui.now, slides.size());
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // The picture on one side (landscape: the right 56 %; portrait: the top half), a panel in
    // the bar's colour on the other. The panel melts into the picture over a soft edge, so no
    // hard band crosses it, and white text always stands on the panel's solid colour.
    const bool portrait = m.portrait;
    const float panel_extent = portrait ? size.y * 0.52f : std::max(size.x * 0.44f, std::min(size.x, 560.0f * m.scale));
    const float soft = m.pad * 3.0f;
    const ImVec2 pic_min = portrait ? origin : ImVec2(origin.x + panel_extent - soft, origin.y);
    const ImVec2 pic_max = portrait ? ImVec2(end.x, end.y - panel_extent + soft) : end;
    if (!slides.empty()) {
        const Slide& cur = slides[st.slide % slides.size()];
        draw_image_cover(ui, cur.image, pic_min, pic_max, 0.0f);
        if (st.fading(ui.now)) {
            const Slide& next = slides[(st.slide + 1) % slides.size()];
            const double a = (ui.now - st.shown_at - AttractState::k_slide_seconds) / AttractState::k_fade_seconds;
            draw_image_cover(ui, next.image, pic_min, pic_max, 0.0f, ImDrawFlags_RoundCornersAll,
                             static_cast<float>(a));
        }
    }
    const ImU32 panel = ui.theme.nav_background;
    const ImU32 clear = panel & ~IM_COL32_A_MASK;
    ImVec2 text_min, text_max;
    if (portrait) {
        const float y = end.y - panel_extent;
        dl->AddRectFilledMultiColor(ImVec2(origin.x, y - soft), ImVec2(end.x, y + 1.0f), clear, clear, panel, panel);
        dl->AddRectFilled(ImVec2(origin.x, y), end, panel);
        text_min = ImVec2(origin.x + m.pad * 1.5f, y + m.pad * 0.5f);
        text_max = ImVec2(end.x - m.pad * 1.5f, end.y - m.pad * 1.5f);
    } else {
        const float x = origin.x + panel_extent;
        dl->AddRectFilled(origin, ImVec2(x - soft + 1.0f, end.y), panel);
        dl->AddRectFilledMultiColor(ImVec2(x - soft, origin.y), ImVec2(x, end.y), panel, clear, clear, panel);
        text_min = ImVec2(origin.x + m.pad * 1.5f, origin.y + m.pad * 1.5f);
        text_max = ImVec2(x - soft, end.y - m.pad * 1.5f);
    }
    const float w = text_max.x - text_min.x;
    const ImU32 white = IM_COL32(255, 255, 255, 255);
    const ImU32 soft_white = IM_COL32(226, 233, 241, 255);  // 11:1 and more on every bar the pack may choose

    // From the top: the wordmark and its sender, the pack's promise, the slide's caption.
    float y = text_min.y;
    draw_wordmark(ui, ImVec2(text_min.x, y), ui.fonts.heading, white, w, "attract/title");
    y += wordmark_height(ui.fonts.heading) + m.gap * 0.5f;
    if (ui.pack.brand.present) {
        const std::string& sender = ui.c("brand.sender");
        const float h = text_height(ui.fonts.small, sender, w);
        draw_text_in_box(ui, ui.fonts.small, sender, ImVec2(text_min.x, y), w, h, soft_white, "attract/sender");
        ui.widgets.add_message("attract/sender", ImVec2(text_min.x, y), ImVec2(text_max.x, y + h));
        y += h;
    }
    if (ui.pack.demo) {
        // Demonstration content says so before the first tap, as the nav bar does after it.
        ImFont* bf = ui.fonts.small;
        const std::string& badge = ui.t("demo_badge");
        const ImVec2 ts = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0.0f, badge.c_str());
        const ImVec2 bp(text_min.x, y + m.gap * 0.5f);
        const ImVec2 bq(bp.x + std::min(w, ts.x + m.gap), bp.y + ts.y + m.gap * 0.5f);
        dl->AddRectFilled(bp, bq, ui.theme.badge, (bq.y - bp.y) * 0.5f);
        draw_text_in_box(ui, bf, badge, ImVec2(bp.x + m.gap * 0.5f, bp.y + m.gap * 0.25f), bq.x - bp.x - m.gap, ts.y,
                         ui.theme.on_badge, "attract/demo");
        ui.widgets.add_message("attract/demo", bp, bq);
        y = bq.y;
    }
    y += m.pad;
    const std::string& promise = ui.c("pack.subtitle");
    const float ph = text_height(ui.fonts.title, promise, w);
    draw_text_in_box(ui, ui.fonts.title, promise, ImVec2(text_min.x, y), w, ph, white, "attract/subtitle");
    ui.widgets.add_message("attract/subtitle", ImVec2(text_min.x, y), ImVec2(text_max.x, y + ph));
    y += ph + m.gap;
    if (!slides.empty()) {
        const std::string& caption = ui.c("slides." + slides[st.slide % slides.size()].id + ".caption");
        const float ch = text_height(ui.fonts.body, caption, w);
        draw_text_in_box(ui, ui.fonts.body, caption, ImVec2(text_min.x, y), w, ch, soft_white, "attract/caption");
        ui.widgets.add_message("attract/caption", ImVec2(text_min.x, y), ImVec2(text_max.x, y + ch));
        y += ch + m.gap;
    }

    // From the bottom: the slides' progress, the call to start, and above it what is inside.
    float bottom = text_max.y;
    if (slides.size() > 1) {
        const float r = m.gap * 0.25f;
        for (std::size_t i = 0; i < slides.size(); ++i) {
            const ImVec2 c(text_min.x + r + static_cast<float>(i) * r * 4.0f, bottom - r);
            if (i == st.slide % slides.size())
                dl->AddCircleFilled(c, r, white);
            else
                dl->AddCircle(c, r - 1.0f, soft_white, 0, std::max(1.0f, m.scale * 2.0f));
        }
        bottom -= 2.0f * r + m.gap;
    }
    ImFont* f = ui.fonts.heading;
    const std::string call = start_call(ui, f, w - 2.0f * m.gap, Icon::Tap);
    const float call_h = text_height(f, call, w - 2.0f * m.gap) + m.gap * 1.2f;
    const ImVec2 cp(text_min.x, bottom - call_h);
    dl->AddRectFilled(cp, ImVec2(cp.x + w, bottom), ui.theme.badge, m.radius);
    draw_text_in_box(ui, f, call, ImVec2(cp.x + m.gap, cp.y + m.gap * 0.6f), w - 2.0f * m.gap, call_h,
                     ui.theme.on_badge, "attract/start", true);
    bottom = cp.y - m.pad;

    // What is inside, as the home screen names it, under the caption: large where the panel
    // has room for it, smaller where not, left out where even that does not fit.
    struct Entry {
        Icon icon;
        const char* key;
    };
    const Entry inside[] = {
        {Icon::Vision, "home_vision"}, {Icon::Forums, "home_forums"}, {Icon::Idea, "home_take_part"}};
    const auto list_height = [&](ImFont* lf) {
        float h = 0.0f;
        for (const Entry& e : inside) h += text_height(lf, icon_label(ui, e.icon, ui.t(e.key)), w) + m.gap * 0.75f;
        return h;
    };
    y += m.pad;
    for (ImFont* lf : {ui.fonts.heading, ui.fonts.body_bold}) {
        if (y + list_height(lf) > bottom) continue;
        for (const Entry& e : inside) {
            const std::string label = icon_label(ui, e.icon, ui.t(e.key));
            const float h = text_height(lf, label, w);
            draw_text_in_box(ui, lf, label, ImVec2(text_min.x, y), w, h, white, "attract/inside");
            ui.widgets.add_message("attract/inside", ImVec2(text_min.x, y), ImVec2(text_max.x, y + h));
            y += h + m.gap * 0.75f;
        }
        break;
    }

    // The whole screen is the start button.
    ImGui::SetCursorScreenPos(origin);
    if (tap_area(ui, "attract/start", size)) out.push_back(StartVisit{});
}

}  // namespace ruhr
