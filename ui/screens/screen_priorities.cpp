#include "ui/screens/screen_priorities.h"

#include "base/utf8.h"
#include "ui/screens/guide.h"
#include "ui/screens/page.h"
#include "ui/screens/screen_forums.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

// One forum as a toggle: its number in the choice when chosen.
void choice_chip(Ui& ui, const Forum& f, const Field& field, int rank, ImVec2 size, Intents& out) {
    const Metrics& m = ui.m;
    const bool chosen = rank > 0;
    const TapCard card = tap_card(ui, "prio/" + f.id, size, out, TogglePriority{f.id});
    if (!card.visible) return;
    const ImVec2 p = card.min;
    ImDrawList* dl = card.draw;
    const ImU32 bg = chosen ? ui.theme.accent : (card.pressed ? ui.theme.surface_pressed : ui.theme.surface);
    dl->AddRectFilled(p, card.max, bg, m.radius);
    // The field's stripe is the card's own rounded shape cut to its left edge, so it follows
    // the card's corners (a narrow rectangle with the card's radius would be a crescent).
    dl->PushClipRect(p, ImVec2(p.x + 8.0f * m.scale, p.y + size.y), true);
    dl->AddRectFilled(p, card.max, rgb_to_u32(field.rgb), m.radius);
    dl->PopClipRect();
    const float badge = ui.fonts.heading->FontSize * 1.3f;
    const float tx = p.x + 8.0f * m.scale + m.gap * 0.75f;
    const float tw = size.x - (tx - p.x) - badge - m.gap;
    const std::string& title = ui.c("forums." + f.id + ".title");
    const float th = text_height(ui.fonts.body_bold, title, tw);
    draw_text_in_box(ui, ui.fonts.body_bold, title, ImVec2(tx, p.y + std::max(m.gap * 0.5f, (size.y - th) * 0.5f)), tw,
                     size.y - m.gap, chosen ? ui.theme.on_accent : ui.theme.text, "prio/" + f.id);
    // The badge: the rank when chosen, an empty ring otherwise.
    const ImVec2 c(p.x + size.x - m.gap * 0.5f - badge * 0.5f, p.y + size.y * 0.5f);
    if (chosen) {
        dl->AddCircleFilled(c, badge * 0.5f, ui.theme.badge);
        const std::string num = std::to_string(rank);
        ImFont* nf = ui.fonts.heading;
        const ImVec2 ns = nf->CalcTextSizeA(nf->FontSize, FLT_MAX, 0.0f, num.c_str());
        dl->AddText(nf, nf->FontSize, ImVec2(c.x - ns.x * 0.5f, c.y - ns.y * 0.5f), ui.theme.on_badge, num.c_str());
    } else {
        dl->AddCircle(c, badge * 0.5f - 2.0f * m.scale, ui.theme.text_muted, 0, 3.0f * m.scale);
    }
    control_outline(ui, dl, p, card.max, m.radius);
}

}  // namespace

void draw_priorities(Ui& ui, ScrollArea& area, float& scroll, Intents& out) {
    const Metrics& m = ui.m;
    const Participation& part = *ui.part->visit;
    const float w = m.display.x - 2 * m.pad;

    // The bottom bar: the choice so far and the confirm button. It does not scroll.
    std::string status = part.priorities.empty() ? ui.t("priorities_none")
                                                 : replace_placeholder(ui.t("priorities_selected"), "count",
                                                                       std::to_string(part.priorities.size()));
    ImU32 status_col = ui.theme.on_accent;
    if (part.notice == Notice::PrioritiesLimit) status = ui.t("priorities_limit");
    if (part.notice == Notice::StoreFailed) status = ui.t("store_failed");
    std::string chosen;
    for (std::size_t i = 0; i < part.priorities.size(); ++i) {
        if (i) chosen += "   ";
        chosen +=
            replace_placeholder(replace_placeholder(ui.t("priorities_chosen_item"), "rank", std::to_string(i + 1)),
                                "title", ui.c("forums." + part.priorities[i] + ".title"));
    }
    const float button_w = std::min(w * (m.portrait ? 1.0f : 0.32f), 480.0f * m.scale);
    const float text_w = m.portrait ? w : w - button_w - m.gap;
    const float h_status = text_height(ui.fonts.body_bold, status, text_w);
    const float h_chosen = chosen.empty() ? 0.0f : text_height(ui.fonts.body, chosen, text_w) + m.gap * 0.25f;
    const float text_block_h = h_status + h_chosen;
    const float bar_h =
        m.portrait ? 2 * m.gap + text_block_h + m.gap + m.touch_min : 2 * m.gap + std::max(text_block_h, m.touch_min);
    const float view_h = m.display.y - m.nav_height - bar_h;

    begin_page(ui, "priorities", area, scroll, out, view_h);
    if (ui.part->guided) guide_steps(ui, 2, w, std::string(), -1.0f);
    page_heading(ui, ui.t("priorities_title"), &ui.t("priorities_intro"), "priorities");
    const int cols = std::min(3, forum_columns(m, w));
    const float colsf = static_cast<float>(cols);
    const float cw = (w - (colsf - 1) * m.gap) / colsf;
    const float ch = std::max(m.touch_min, 2.0f * ui.fonts.body_bold->FontSize + m.gap * 1.2f);
    for (const Field& field : ui.pack.fields) {
        const auto forums = ui.pack.forums_in_field(field.id);
        if (forums.empty()) continue;
        ImGui::Dummy(ImVec2(w, m.gap));
        text_block(ui, ui.fonts.body_bold, ui.c("fields." + field.id + ".title"), w, ui.theme.text_muted,
                   "priorities/field");
        ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
        const ImVec2 g = ImGui::GetCursorScreenPos();
        for (std::size_t i = 0; i < forums.size(); ++i) {
            const int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
            ImGui::SetCursorScreenPos(
                ImVec2(g.x + static_cast<float>(c) * (cw + m.gap), g.y + static_cast<float>(r) * (ch + m.gap * 0.5f)));
            const auto it = std::find(part.priorities.begin(), part.priorities.end(), forums[i]->id);
            const int rank = it == part.priorities.end() ? 0 : static_cast<int>(it - part.priorities.begin()) + 1;
            choice_chip(ui, *forums[i], field, rank, ImVec2(cw, ch), out);
        }
        const int rows = (static_cast<int>(forums.size()) + cols - 1) / cols;
        ImGui::SetCursorScreenPos(ImVec2(g.x, g.y + static_cast<float>(rows) * (ch + m.gap * 0.5f)));
    }
    end_page(ui, area);

    const ImVec2 bp(0.0f, m.display.y - bar_h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(bp, ImVec2(m.display.x, m.display.y), ui.theme.nav_background);
    if (part.notice == Notice::PrioritiesLimit || part.notice == Notice::StoreFailed) status_col = ui.theme.badge;
    const float ty = bp.y + m.gap +
                     (m.portrait ? 0.0f : std::max(0.0f, (std::max(text_block_h, m.touch_min) - text_block_h) * 0.5f));
    draw_text_in_box(ui, ui.fonts.body_bold, status, ImVec2(m.pad, ty), text_w, h_status, status_col, "prio/status");
    if (!chosen.empty())
        draw_text_in_box(ui, ui.fonts.body, chosen, ImVec2(m.pad, ty + h_status + m.gap * 0.25f), text_w, h_chosen,
                         ui.theme.on_accent, "prio/status");
    const ImVec2 btn = m.portrait ? ImVec2(m.pad, bp.y + m.gap + text_block_h + m.gap)
                                  : ImVec2(m.display.x - m.pad - button_w, bp.y + (bar_h - m.touch_min) * 0.5f);
    ImGui::SetCursorScreenPos(btn);
    const bool can_confirm = !part.priorities.empty() && !part.priorities_submitted;
    if (touch_button(ui, "prio/confirm", ImVec2(button_w, m.touch_min), ui.t("priorities_confirm"),
                     ButtonStyle::Selected, can_confirm ? Enabled::Yes : Enabled::No))
        out.push_back(ConfirmPriorities{});
}

}  // namespace ruhr
