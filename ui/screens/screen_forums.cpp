#include "ui/screens/screen_forums.h"

#include "base/utf8.h"
#include "ui/screens/page.h"

#include <algorithm>
#include <cmath>

namespace ruhr {

int forum_columns(const Metrics& m, float width) {
    // Larger text needs wider cards, so long German words stay whole.
    const float min_card = 380.0f * m.scale * m.text_scale;
    return std::clamp(static_cast<int>(std::floor((width + m.gap) / (min_card + m.gap))), 1, 4);
}

namespace {

void forum_card(Ui& ui, const Forum& f, const Field& field, ImVec2 size, float image_h, Intents& out) {
    const Metrics& m = ui.m;
    const TapCard card = tap_card(ui, "forum/" + f.id, size, out, OpenForum{f.id});
    if (!card.visible) return;
    const ImVec2 p = card.min;
    ImDrawList* dl = card.draw;
    dl->AddRectFilled(p, card.max, card.pressed ? ui.theme.surface_pressed : ui.theme.surface, m.radius);
    draw_image_cover(ui, f.image, p, ImVec2(p.x + size.x, p.y + image_h), m.radius, ImDrawFlags_RoundCornersTop);
    // A stripe in the field's colour ties the card to its group.
    dl->AddRectFilled(ImVec2(p.x, p.y + image_h), ImVec2(p.x + size.x, p.y + image_h + 6.0f * m.scale),
                      rgb_to_u32(field.rgb));
    const float pad = m.gap * 0.75f;
    draw_text_in_box(ui, ui.fonts.body_bold, ui.c("forums." + f.id + ".title"),
                     ImVec2(p.x + pad, p.y + image_h + 6.0f * m.scale + pad), size.x - 2 * pad,
                     size.y - image_h - 6.0f * m.scale - 2 * pad, ui.theme.text, "forum/" + f.id);
    control_outline(ui, dl, p, card.max, m.radius);
}

}  // namespace

void draw_forums(Ui& ui, ScrollArea& area, float& scroll, Intents& out) {
    const Metrics& m = ui.m;
    const float w = begin_page(ui, "forums", area, scroll, out);
    page_heading(ui, ui.t("forums_title"), &ui.t("forums_intro"), "forums");
    ImGui::Dummy(ImVec2(w, m.gap));

    const int cols = forum_columns(m, w);
    const float colsf = static_cast<float>(cols);
    const float cw = (w - (colsf - 1) * m.gap) / colsf;
    const float image_h = cw * 9.0f / 16.0f;
    // Room for three lines of title keeps every card the same height.
    const float card_h = image_h + 6.0f * m.scale + 1.5f * m.gap + 3.0f * ui.fonts.body_bold->FontSize;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const Field& field : ui.pack.fields) {
        const auto forums = ui.pack.forums_in_field(field.id);
        if (forums.empty()) continue;
        ImGui::Dummy(ImVec2(w, m.gap));
        const ImVec2 hp = ImGui::GetCursorScreenPos();
        const std::string count = replace_placeholder(ui.t("field_forums"), "count", std::to_string(forums.size()));
        const float bar = 10.0f * m.scale;
        const float title_w = w - bar - m.gap;
        const float th = text_height(ui.fonts.heading, ui.c("fields." + field.id + ".title"), title_w);
        const float ch = text_height(ui.fonts.body, count, title_w);
        dl->AddRectFilled(hp, ImVec2(hp.x + bar, hp.y + th + ch), rgb_to_u32(field.rgb), bar * 0.5f);
        ImGui::SetCursorScreenPos(ImVec2(hp.x + bar + m.gap, hp.y));
        text_block(ui, ui.fonts.heading, ui.c("fields." + field.id + ".title"), title_w, ui.theme.text, "forums/field");
        ImGui::SetCursorScreenPos(ImVec2(hp.x + bar + m.gap, hp.y + th));
        text_block(ui, ui.fonts.body, count, title_w, ui.theme.text_muted, "forums/field");
        ImGui::SetCursorScreenPos(ImVec2(hp.x, hp.y + th + ch + m.gap));

        const ImVec2 g = ImGui::GetCursorScreenPos();
        const int rows = (static_cast<int>(forums.size()) + cols - 1) / cols;
        for (std::size_t i = 0; i < forums.size(); ++i) {
            const int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
            ImGui::SetCursorScreenPos(
                ImVec2(g.x + static_cast<float>(c) * (cw + m.gap), g.y + static_cast<float>(r) * (card_h + m.gap)));
            forum_card(ui, *forums[i], field, ImVec2(cw, card_h), image_h, out);
        }
        ImGui::SetCursorScreenPos(ImVec2(g.x, g.y + static_cast<float>(rows) * (card_h + m.gap)));
    }
    end_page(ui, area);
}

}  // namespace ruhr
