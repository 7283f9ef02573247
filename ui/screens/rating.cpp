#include "ui/screens/rating.h"

#include "base/utf8.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace ruhr {

std::string format_average(const Ui& ui, double value) {
    const long tenths = std::lround(value * 10.0);
    return std::to_string(tenths / 10) + ui.t("decimal_separator") + std::to_string(tenths % 10);
}

void draw_rating(Ui& ui, const std::string& item, float width, Intents& out) {
    if (!ui.part || !ui.part->enabled) return;
    const Metrics& m = ui.m;
    const Participation& p = *ui.part->visit;
    const auto mine_it = p.ratings.find(item);
    const int mine = mine_it == p.ratings.end() ? 0 : mine_it->second.stars;
    RatingStats stats;
    if (ui.part->stats)
        if (const auto it = ui.part->stats->find(item); it != ui.part->stats->end()) stats = it->second;

    std::string status;
    ImU32 status_col = ui.theme.text_muted;
    if (p.notice == Notice::StoreFailed && p.notice_item == item) {
        status = ui.t("store_failed");
        status_col = ui.theme.error;
    } else if (p.notice == Notice::RatingSaved && p.notice_item == item) {
        status = ui.t("rating_saved");
        status_col = ui.theme.success;
    }
    std::string result = ui.t("not_rated");
    const auto describe = [&](const RatingStats& st, const char* many, const char* one) {
        if (st.count == 1) result = replace_placeholder(ui.t(one), "average", format_average(ui, st.average));
        if (st.count > 1)
            result = replace_placeholder(replace_placeholder(ui.t(many), "average", format_average(ui, st.average)),
                                         "count", std::to_string(st.count));
    };
    // Fleet-wide results when they are fresh; otherwise this kiosk's own, and when a collector
    // is configured but out of reach, a note that the fleet's results follow later.
    RatingStats fleet;
    if (ui.part->scope == ResultsScope::Fleet && ui.part->fleet)
        if (const auto it = ui.part->fleet->find(item); it != ui.part->fleet->end()) fleet = it->second;
    if (fleet.count > 0)
        describe(fleet, "rating_stats_fleet", "rating_stats_fleet_one");
    else
        describe(stats, "rating_stats", "rating_stats_one");
    if (ui.part->scope == ResultsScope::LocalOffline) result += "\n" + ui.t("rating_offline_note");

    const float pad = m.gap;
    const float inner = width - 2 * pad;
    const float key_w = std::min((inner - 4 * m.gap * 0.5f) / 5.0f, 170.0f * m.scale);
    const float key_h = ui.fonts.title->FontSize + ui.fonts.small->FontSize + m.gap;
    const float h_title = text_height(ui.fonts.heading, ui.t("rate_title"), inner);
    const float h_result = text_height(ui.fonts.body, result, inner);
    const float h_status = status.empty() ? 0.0f : text_height(ui.fonts.body_bold, status, inner) + m.gap * 0.5f;
    const float h = pad + h_title + m.gap + key_h + m.gap + h_result + h_status + pad;

    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + h), ui.theme.surface, m.radius);
    float y = p0.y + pad;
    draw_text_in_box(ui, ui.fonts.heading, ui.t("rate_title"), ImVec2(p0.x + pad, y), inner, h_title, ui.theme.text,
                     "rate/" + item);
    y += h_title + m.gap;
    for (int stars = 1; stars <= 5; ++stars) {
        const ImVec2 kp(p0.x + pad + static_cast<float>(stars - 1) * (key_w + m.gap * 0.5f), y);
        ImGui::SetCursorScreenPos(kp);
        const std::string id = "rate/" + item + "/" + std::to_string(stars);
        bool pressed = false;
        if (tap_area(ui, id, ImVec2(key_w, key_h), &pressed)) out.push_back(Rate{item, stars});
        const bool lit = stars <= mine;
        dl->AddRectFilled(kp, ImVec2(kp.x + key_w, kp.y + key_h),
                          pressed ? ui.theme.surface_pressed : ui.theme.background, m.radius);
        control_outline(ui, dl, kp, ImVec2(kp.x + key_w, kp.y + key_h), m.radius);
        const std::string_view glyph = icon(ui, lit ? Icon::Star : Icon::StarOutline);
        ImFont* sf = ui.fonts.title;
        const ImVec2 gs = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0.0f, glyph.data(), glyph.data() + glyph.size());
        dl->AddText(sf, sf->FontSize, ImVec2(kp.x + (key_w - gs.x) * 0.5f, kp.y + m.gap * 0.25f),
                    lit ? ui.theme.star : ui.theme.text_muted, glyph.data(), glyph.data() + glyph.size());
        const std::string& label = ui.t("star_" + std::to_string(stars));
        draw_text_in_box(ui, ui.fonts.small, label, ImVec2(kp.x + 4.0f * m.scale, kp.y + sf->FontSize + m.gap * 0.4f),
                         key_w - 8.0f * m.scale, ui.fonts.small->FontSize, ui.theme.text, id, true);
    }
    y += key_h + m.gap;
    draw_text_in_box(ui, ui.fonts.body, result, ImVec2(p0.x + pad, y), inner, h_result, ui.theme.text_muted,
                     "rate/" + item);
    y += h_result;
    if (!status.empty())
        draw_text_in_box(ui, ui.fonts.body_bold, status, ImVec2(p0.x + pad, y + m.gap * 0.5f), inner, h_status,
                         status_col, "rate/" + item);
    ImGui::SetCursorScreenPos(p0);
    ImGui::Dummy(ImVec2(width, h));
}

}  // namespace ruhr
