#include "ui/screens/screen_attract.h"

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

void draw_attract(Ui& ui, AttractState& st, Intents& out) {
    const Metrics& m = ui.m;
    const ImVec2 size = m.display;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 end(origin.x + size.x, origin.y + size.y);
    const auto& slides = ui.pack.slides;
    st.advance(ui.now, slides.size());
    if (!slides.empty()) {
        const Slide& cur = slides[st.slide % slides.size()];
        draw_image_cover(ui, cur.image, origin, end, 0.0f);
        if (st.fading(ui.now)) {
            const Slide& next = slides[(st.slide + 1) % slides.size()];
            const double a = (ui.now - st.shown_at - AttractState::k_slide_seconds) / AttractState::k_fade_seconds;
            draw_image_cover(ui, next.image, origin, end, 0.0f, ImDrawFlags_RoundCornersAll, static_cast<float>(a));
        }
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // A dark band at the bottom keeps white text readable over any photo.
    const float band = size.y * (m.portrait ? 0.42f : 0.5f);
    dl->AddRectFilledMultiColor(ImVec2(origin.x, end.y - band), end, IM_COL32(8, 24, 40, 40), IM_COL32(8, 24, 40, 40),
                                IM_COL32(8, 24, 40, 235), IM_COL32(8, 24, 40, 235));
    dl->AddRectFilled(ImVec2(origin.x, end.y - band * 0.72f), end, IM_COL32(8, 24, 40, 150));

    const float w = size.x - 2.0f * m.pad;
    const ImU32 white = IM_COL32(255, 255, 255, 255);

    // "Tippen zum Starten / Tap to start": every language, so nobody has to guess. On narrow
    // screens each language gets its own line rather than breaking mid-phrase.
    // A phrase two languages share (Leichte Sprache and German) is shown once.
    ImFont* f = ui.fonts.title;
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
    std::string call = joined("  /  ");
    if (f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, call.c_str()).x + 2.5f * m.gap > w) call = joined("\n");
    float widest = 0.0f;
    for (std::size_t a = 0, b = 0; a <= call.size(); a = b + 1) {
        b = call.find('\n', a);
        if (b == std::string::npos) b = call.size();
        widest = std::max(widest, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, call.data() + a, call.data() + b).x);
    }
    const float cw = std::min(w, widest + 2.5f * m.gap);
    const float ch = text_height(f, call, cw - 2.0f * m.gap) + m.gap;
    const ImVec2 cp(origin.x + (size.x - cw) * 0.5f, end.y - m.pad - ch);
    dl->AddRectFilled(cp, ImVec2(cp.x + cw, cp.y + ch), ui.theme.badge, m.radius * 2.0f);
    draw_text_in_box(ui, f, call, ImVec2(cp.x + m.gap, cp.y + m.gap * 0.5f), cw - 2.0f * m.gap, ch, ui.theme.on_badge,
                     "attract/start", true);

    // Title, subtitle and caption stack upwards from the call to action.
    struct Block {
        ImFont* font;
        const std::string* text;
        ImU32 colour;
        const char* owner;
        float space_after;
    };
    const std::string* caption =
        slides.empty() ? nullptr : &ui.c("slides." + slides[st.slide % slides.size()].id + ".caption");
    const Block blocks[] = {
        {ui.fonts.display, &ui.c("pack.title"), white, "attract/title", m.gap * 0.25f},
        {ui.fonts.heading, &ui.c("pack.subtitle"), white, "attract/subtitle", m.gap},
        {ui.fonts.body, caption, IM_COL32(225, 232, 240, 255), "attract/caption", 0.0f},
    };
    float total = 0.0f;
    for (const Block& b : blocks)
        if (b.text) total += text_height(b.font, *b.text, w) + b.space_after;
    float y = cp.y - m.gap * 1.5f - total;
    for (const Block& b : blocks) {
        if (!b.text) continue;
        const float h = text_height(b.font, *b.text, w);
        draw_text_in_box(ui, b.font, *b.text, ImVec2(origin.x + m.pad, y), w, h, b.colour, b.owner);
        y += h + b.space_after;
    }

    // The whole screen is the start button.
    ImGui::SetCursorScreenPos(origin);
    if (tap_area(ui, "attract/start", size)) out.push_back(StartVisit{});
}

}  // namespace ruhr
