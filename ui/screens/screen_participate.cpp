#include "ui/screens/screen_participate.h"

#include "base/utf8.h"
#include "ui/screens/page.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

void draw_participate(Ui& ui, ScrollArea& area, float& scroll, Intents& out) {
    const Metrics& m = ui.m;
    const float w = begin_page(ui, "participate", area, scroll, out);
    page_heading(ui, ui.t("take_part_title"), &ui.t("take_part_intro"), "participate");
    ImGui::Dummy(ImVec2(w, m.pad));

    // The guide's three steps as three cards; each starts the guide at its step, which then
    // leads on to the next (guide.h).
    struct Entry {
        const char* id;
        const char* title;
        const char* sub;
        Icon glyph;
    };
    const Entry entries[] = {
        {"participate/rate", "participate_rate", "participate_rate_sub", Icon::Star},
        {"participate/priorities", "participate_priorities", "participate_priorities_sub", Icon::Ranking},
        {"participate/idea", "participate_idea", "participate_idea_sub", Icon::Idea},
    };
    const int n = 3;
    const float nf = static_cast<float>(n);
    const bool row = !m.portrait;
    const float tw = row ? (w - (nf - 1) * m.gap) / nf : w;
    // Every entry gets the height the tallest text needs, and the cards share the rest of the
    // screen, so the page has no empty half.
    float text_h = 0.0f;
    const float inner = tw - 2 * m.gap;
    ImFont* step_font = ui.fonts.small;
    for (const Entry& e : entries)
        text_h =
            std::max(text_h, step_font->FontSize + m.gap * 0.25f + text_height(ui.fonts.heading, ui.t(e.title), inner) +
                                 m.gap * 0.5f + text_height(ui.fonts.body, ui.t(e.sub), inner));
    ImFont* gf = ui.fonts.display;
    const float avail = ImGui::GetContentRegionAvail().y - m.pad;
    const float need = gf->FontSize * 1.6f + m.gap + text_h + 2 * m.gap;
    const float th = row ? std::max(need, std::min(avail, need * 1.8f))
                         : std::max(need, std::min((avail - (nf - 1) * m.gap) / nf, need * 1.6f));
    const float band = th - text_h - 2 * m.gap;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool can_rate = !ui.pack.forums.empty();
    for (int i = 0; i < n; ++i) {
        const Entry& e = entries[i];
        const float fi = static_cast<float>(i);
        const ImVec2 p = row ? ImVec2(p0.x + fi * (tw + m.gap), p0.y) : ImVec2(p0.x, p0.y + fi * (th + m.gap));
        ImGui::SetCursorScreenPos(p);
        bool pressed = false;
        if (tap_area(ui, e.id, ImVec2(tw, th), &pressed, i == 0 && !can_rate ? Enabled::No : Enabled::Yes)) {
            if (i == 0) out.push_back(StartGuide{ui.pack.forums.front().id});
            if (i == 1) out.push_back(OpenPriorities{true});
            if (i == 2) out.push_back(OpenIdea{std::string(), true});
        }
        dl->AddRectFilled(p, ImVec2(p.x + tw, p.y + th), pressed ? ui.theme.surface_pressed : ui.theme.surface,
                          m.radius);
        dl->AddRectFilled(p, ImVec2(p.x + tw, p.y + band), pressed ? ui.theme.accent_pressed : ui.theme.accent,
                          m.radius, ImDrawFlags_RoundCornersTop);
        const std::string_view g = icon(ui, e.glyph);
        const float gsize = std::min(gf->FontSize * 1.6f, band * 0.7f);
        const ImVec2 gs = gf->CalcTextSizeA(gsize, FLT_MAX, 0.0f, g.data(), g.data() + g.size());
        dl->AddText(gf, gsize, ImVec2(p.x + (tw - gs.x) * 0.5f, p.y + (band - gs.y) * 0.5f), ui.theme.on_accent,
                    g.data(), g.data() + g.size());
        float y = p.y + band + m.gap;
        const std::string step = replace_placeholder(ui.t("guide_step_n"), "n", std::to_string(i + 1));
        draw_text_in_box(ui, step_font, step, ImVec2(p.x + m.gap, y), inner, step_font->FontSize, ui.theme.text_muted,
                         e.id);
        y += step_font->FontSize + m.gap * 0.25f;
        const float th1 = text_height(ui.fonts.heading, ui.t(e.title), inner);
        draw_text_in_box(ui, ui.fonts.heading, ui.t(e.title), ImVec2(p.x + m.gap, y), inner, th1, ui.theme.text, e.id);
        y += th1 + m.gap * 0.5f;
        draw_text_in_box(ui, ui.fonts.body, ui.t(e.sub), ImVec2(p.x + m.gap, y), inner, p.y + th - m.gap - y,
                         ui.theme.text_muted, e.id);
        control_outline(ui, dl, p, ImVec2(p.x + tw, p.y + th), m.radius);
    }
    ImGui::SetCursorScreenPos(p0);
    ImGui::Dummy(ImVec2(w, row ? th : nf * th + (nf - 1) * m.gap));
    end_page(ui, area);
}

}  // namespace ruhr
