#include "ui/screens/screen_participate.h"

#include "ui/screens/page.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

void draw_participate(Ui& ui, ScrollArea& area, float& scroll, Intents& out) {
    const Metrics& m = ui.m;
    const float w = begin_page(ui, "participate", area, scroll, out);
    page_heading(ui, ui.t("take_part_title"), &ui.t("take_part_intro"), "participate");
    ImGui::Dummy(ImVec2(w, m.pad));

    struct Entry {
        const char* id;
        const char* title;
        const char* sub;
        const char* glyph;
    };
    const Entry entries[] = {
        {"participate/rate", "participate_rate", "participate_rate_sub", "\u2605"},
        {"participate/priorities", "participate_priorities", "participate_priorities_sub", "1 2 3"},
        {"participate/idea", "participate_idea", "participate_idea_sub", "\u2026"},
    };
    const int n = 3;
    const float nf = static_cast<float>(n);
    const bool row = !m.portrait;
    const float tw = row ? (w - (nf - 1) * m.gap) / nf : w;
    // Every entry gets the height the tallest text needs.
    float text_h = 0.0f;
    const float inner = tw - 2 * m.gap;
    for (const Entry& e : entries)
        text_h = std::max(text_h, text_height(ui.fonts.heading, ui.t(e.title), inner) + m.gap * 0.5f +
                                      text_height(ui.fonts.body, ui.t(e.sub), inner));
    const float band = ui.fonts.display->FontSize + m.gap;
    const float th = band + text_h + 2 * m.gap;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < n; ++i) {
        const Entry& e = entries[i];
        const float fi = static_cast<float>(i);
        const ImVec2 p = row ? ImVec2(p0.x + fi * (tw + m.gap), p0.y) : ImVec2(p0.x, p0.y + fi * (th + m.gap));
        ImGui::SetCursorScreenPos(p);
        bool pressed = false;
        if (tap_area(ui, e.id, ImVec2(tw, th), &pressed)) {
            if (i == 0) out.push_back(OpenForums{});
            if (i == 1) out.push_back(OpenPriorities{});
            if (i == 2) out.push_back(OpenIdea{});
        }
        dl->AddRectFilled(p, ImVec2(p.x + tw, p.y + th), pressed ? ui.theme.surface_pressed : ui.theme.surface,
                          m.radius);
        dl->AddRectFilled(p, ImVec2(p.x + tw, p.y + band), pressed ? ui.theme.accent_pressed : ui.theme.accent,
                          m.radius, ImDrawFlags_RoundCornersTop);
        ImFont* gf = ui.fonts.display;
        const ImVec2 gs = gf->CalcTextSizeA(gf->FontSize, FLT_MAX, 0.0f, e.glyph);
        dl->AddText(gf, gf->FontSize, ImVec2(p.x + (tw - gs.x) * 0.5f, p.y + (band - gs.y) * 0.5f), ui.theme.on_accent,
                    e.glyph);
        const float th1 = text_height(ui.fonts.heading, ui.t(e.title), inner);
        draw_text_in_box(ui, ui.fonts.heading, ui.t(e.title), ImVec2(p.x + m.gap, p.y + band + m.gap), inner, th1,
                         ui.theme.text, e.id);
        draw_text_in_box(ui, ui.fonts.body, ui.t(e.sub), ImVec2(p.x + m.gap, p.y + band + m.gap + th1 + m.gap * 0.5f),
                         inner, text_h - th1 - m.gap * 0.5f, ui.theme.text_muted, e.id);
    }
    ImGui::SetCursorScreenPos(p0);
    ImGui::Dummy(ImVec2(w, row ? th : nf * th + (nf - 1) * m.gap));
    end_page(ui, area);
}

}  // namespace ruhr
