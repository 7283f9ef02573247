#include "ui/screens/screen_forum.h"

#include "ui/screens/page.h"
#include "ui/screens/rating.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

void forum_text(Ui& ui, const Forum& f, float w) {
    const Metrics& m = ui.m;
    text_block(ui, ui.fonts.body_bold, ui.c("forums." + f.id + ".teaser"), w, ui.theme.text, "forum/teaser");
    ImGui::Dummy(ImVec2(w, m.gap));
    text_block(ui, ui.fonts.body, ui.c("forums." + f.id + ".body"), w, ui.theme.text, "forum/body");
}

}  // namespace

void draw_forum(Ui& ui, ScrollArea& area, float& scroll, const Forum& f, Intents& out) {
    const Metrics& m = ui.m;
    const float w = begin_page(ui, "forum", area, scroll, out);

    // The field of action as a coloured label above the title.
    const Field* field = ui.pack.find_field(f.field);
    if (field) {
        ImFont* font = ui.fonts.small;
        const std::string& label = ui.c("fields." + field->id + ".title");
        const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, label.c_str());
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float lw = std::min(w, ts.x + m.gap * 1.5f);
        const float lh = text_height(font, label, lw - m.gap * 1.5f) + m.gap * 0.6f;
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + lw, p.y + lh), rgb_to_u32(field->rgb), lh * 0.5f);
        draw_text_in_box(ui, font, label, ImVec2(p.x + m.gap * 0.75f, p.y + m.gap * 0.3f), lw - m.gap * 1.5f, lh,
                         IM_COL32(255, 255, 255, 255), "forum/field");
        ImGui::Dummy(ImVec2(lw, lh + m.gap * 0.75f));
    }
    text_block(ui, ui.fonts.title, ui.c("forums." + f.id + ".title"), w, ui.theme.text, "forum/title");
    ImGui::Dummy(ImVec2(w, m.gap));

    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (m.portrait) {
        const float ih = w * 9.0f / 16.0f;
        draw_image_cover(ui, f.image, p, ImVec2(p.x + w, p.y + ih), m.radius);
        ImGui::Dummy(ImVec2(w, ih + m.gap));
        forum_text(ui, f, w);
    } else {
        const float iw = w * 0.45f;
        const float ih = iw * 9.0f / 16.0f;
        draw_image_cover(ui, f.image, p, ImVec2(p.x + iw, p.y + ih), m.radius);
        ImGui::SetCursorScreenPos(ImVec2(p.x + iw + m.pad, p.y));
        ImGui::BeginGroup();
        forum_text(ui, f, w - iw - m.pad);
        ImGui::EndGroup();
        ImGui::SetCursorScreenPos(ImVec2(p.x, std::max(ImGui::GetItemRectMax().y, p.y + ih)));
    }
    ImGui::Dummy(ImVec2(w, m.pad));
    draw_rating(ui, f.id, w, out);
    end_page(ui, area);
}

}  // namespace ruhr
