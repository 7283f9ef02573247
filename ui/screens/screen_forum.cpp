#include "ui/screens/screen_forum.h"

#include "base/utf8.h"
#include "kiosk/participation.h"
#include "ui/screens/guide.h"
#include "ui/screens/page.h"
#include "ui/screens/rating.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

void forum_text(Ui& ui, const Forum& f, float w, bool teaser) {
    const Metrics& m = ui.m;
    if (teaser) {
        text_block(ui, ui.fonts.body_bold, ui.c("forums." + f.id + ".teaser"), w, ui.theme.text, "forum/teaser");
        ImGui::Dummy(ImVec2(w, m.gap));
    }
    text_block(ui, ui.fonts.body, ui.c("forums." + f.id + ".body"), w, ui.theme.text, "forum/body");
}

// The rating and what comes next: never a dead end. In the guide a rating moves on by itself,
// "skip" moves on without one, and step 2 is one tap away.
void rating_and_actions(Ui& ui, const Forum& f, float w, bool guided, Intents& out) {
    const Metrics& m = ui.m;
    draw_rating(ui, f.id, w, out);
    ImGui::Dummy(ImVec2(w, m.gap));
    const Intent next = guide_next(ui.pack, f.id);
    const bool last = !std::holds_alternative<OpenForum>(next);
    std::vector<RowButton> buttons;
    std::vector<Intent> intents;
    if (guided) {
        buttons.push_back({"forum/skip", icon_label(ui, Icon::Next, ui.t("guide_skip")), ButtonStyle::Secondary});
        intents.push_back(next);
        if (!last) {
            buttons.push_back({"forum/to-priorities", ui.t("guide_to_priorities"), ButtonStyle::Secondary});
            intents.push_back(OpenPriorities{true});
        }
    }
    if (ui.part && ui.part->enabled) {
        buttons.push_back({"forum/idea", icon_label(ui, Icon::Idea, ui.t("forum_idea")),
                           guided ? ButtonStyle::Secondary : ButtonStyle::Primary});
        intents.push_back(OpenIdea{f.id, guided});
    }
    if (!guided) {
        buttons.push_back({"forum/next", icon_label(ui, Icon::Next, ui.t(last ? "forum_all" : "forum_next")),
                           ButtonStyle::Secondary});
        intents.push_back(last ? Intent(OpenForums{}) : next);
    }
    if (const int tapped = action_row(ui, w, buttons); tapped >= 0) out.push_back(intents[tapped]);
}

}  // namespace

void draw_forum(Ui& ui, ScrollArea& area, float& scroll, const Forum& f, Intents& out) {
    const Metrics& m = ui.m;
    const float w = begin_page(ui, "forum", area, scroll, out);
    const bool guided = ui.part && ui.part->guided && ui.part->enabled;
    if (guided) {
        // Step 1 of the guide: where this forum stands, and what the last tap stored.
        const auto [index, count] = guide_position(ui.pack, f.id);
        const std::string detail =
            replace_placeholder(replace_placeholder(ui.t("guide_forum_of"), "index", std::to_string(index)), "count",
                                std::to_string(count));
        guide_steps(ui, 1, w, detail, count ? static_cast<float>(index - 1) / static_cast<float>(count) : 0.0f);
        const Participation& part = *ui.part->visit;
        if (part.notice == Notice::RatingSaved && part.notice_item != f.id && !part.notice_item.empty()) {
            const std::string saved = icon_label(
                ui, Icon::Check,
                replace_placeholder(ui.t("guide_saved"), "title", ui.c("forums." + part.notice_item + ".title")));
            text_block(ui, ui.fonts.body_bold, saved, w, ui.theme.success, "guide/saved");
            ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
        }
    }

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
    // In the guide the rating comes first, under the forum's one-line summary, so that one tap
    // per forum needs no scrolling; the picture and the full text follow for who wants them.
    if (guided) {
        text_block(ui, ui.fonts.body_bold, ui.c("forums." + f.id + ".teaser"), w, ui.theme.text, "forum/teaser");
        ImGui::Dummy(ImVec2(w, m.gap));
        rating_and_actions(ui, f, w, true, out);
        ImGui::Dummy(ImVec2(w, m.pad));
    }

    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (m.portrait) {
        const float ih = w * 9.0f / 16.0f;
        draw_image_cover(ui, f.image, p, ImVec2(p.x + w, p.y + ih), m.radius);
        ImGui::Dummy(ImVec2(w, ih + m.gap));
        forum_text(ui, f, w, !guided);
    } else {
        const float iw = w * 0.45f;
        const float ih = iw * 9.0f / 16.0f;
        draw_image_cover(ui, f.image, p, ImVec2(p.x + iw, p.y + ih), m.radius);
        ImGui::SetCursorScreenPos(ImVec2(p.x + iw + m.pad, p.y));
        ImGui::BeginGroup();
        forum_text(ui, f, w - iw - m.pad, !guided);
        ImGui::EndGroup();
        ImGui::SetCursorScreenPos(ImVec2(p.x, std::max(ImGui::GetItemRectMax().y, p.y + ih)));
    }
    if (!guided) {
        ImGui::Dummy(ImVec2(w, m.pad));
        rating_and_actions(ui, f, w, false, out);
    }
    end_page(ui, area);
}

}  // namespace ruhr
