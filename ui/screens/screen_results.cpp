#include "ui/screens/screen_results.h"

#include "base/utf8.h"
#include "ui/screens/guide.h"
#include "ui/screens/page.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

constexpr std::size_t k_shown = 10;  // the most chosen forums listed (the visitor's own always)

struct Row {
    const Forum* forum = nullptr;
    std::int64_t votes = 0;
    int rank_mine = 0;  // 1-3 when the visitor chose it
};

// One forum: its title, a bar as long as its share of the most votes, and the count.
void result_bar(Ui& ui, const Row& r, std::int64_t most, float w) {
    const Metrics& m = ui.m;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string& title = ui.c("forums." + r.forum->id + ".title");
    const std::string count = r.votes == 1
                                  ? ui.t("results_votes_one")
                                  : replace_placeholder(ui.t("results_votes"), "count", std::to_string(r.votes));
    const std::string mine =
        r.rank_mine ? replace_placeholder(ui.t("results_yours"), "rank", std::to_string(r.rank_mine)) : std::string();
    ImFont* small = ui.fonts.small;
    const float count_w = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0.0f, count.c_str()).x;
    const float title_w = w - count_w - m.gap;
    const float th = text_height(ui.fonts.body_bold, title, title_w);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    draw_text_in_box(ui, ui.fonts.body_bold, title, p, title_w, th, ui.theme.text, "results/" + r.forum->id);
    dl->AddText(small, small->FontSize, ImVec2(p.x + w - count_w, p.y + th - small->FontSize), ui.theme.text_muted,
                count.c_str());
    const float bar_y = p.y + th + m.gap * 0.3f;
    const float bh = std::max(10.0f, 14.0f * m.scale);
    dl->AddRectFilled(ImVec2(p.x, bar_y), ImVec2(p.x + w, bar_y + bh), ui.theme.surface, bh * 0.5f);
    const float share = most > 0 ? static_cast<float>(r.votes) / static_cast<float>(most) : 0.0f;
    if (share > 0.0f)
        dl->AddRectFilled(ImVec2(p.x, bar_y), ImVec2(p.x + std::max(bh, w * share), bar_y + bh),
                          r.rank_mine ? ui.theme.accent : ui.theme.text_muted, bh * 0.5f);
    float h = th + m.gap * 0.3f + bh;
    if (!mine.empty()) {
        const std::string label = icon_label(ui, Icon::Check, mine);
        const float mh = text_height(small, label, w);
        draw_text_in_box(ui, small, label, ImVec2(p.x, bar_y + bh + m.gap * 0.25f), w, mh, ui.theme.text,
                         "results/" + r.forum->id);
        h += m.gap * 0.25f + mh;
    }
    // Found by tests and scripts ("results/<forum>"), no tap target.
    ui.widgets.add_message("results/" + r.forum->id, p, ImVec2(p.x + w, p.y + h));
    ImGui::Dummy(ImVec2(w, h + m.gap));
}

}  // namespace

void draw_results(Ui& ui, ScrollArea& area, float& scroll, Intents& out) {
    const Metrics& m = ui.m;
    const Participation& part = *ui.part->visit;
    const float w = begin_page(ui, "results", area, scroll, out);
    const bool guided = ui.part->guided;
    if (guided) guide_steps(ui, 3, w, std::string(), -1.0f);
    const bool fleet = ui.part->scope == ResultsScope::Fleet && ui.part->fleet_votes && !ui.part->fleet_votes->empty();
    const auto* votes = fleet ? ui.part->fleet_votes : ui.part->votes;
    std::string intro = ui.t(fleet ? "results_intro_fleet" : "results_intro_local");
    if (ui.part->scope == ResultsScope::LocalOffline) intro += " " + ui.t("rating_offline_note");
    page_heading(ui, ui.t("results_title"), &intro, "results");
    ImGui::Dummy(ImVec2(w, m.gap));

    std::vector<Row> rows;
    for (const Forum& f : ui.pack.forums) {
        Row r{&f, 0, 0};
        if (votes)
            if (const auto it = votes->find(f.id); it != votes->end()) r.votes = it->second;
        const auto mine = std::find(part.priorities.begin(), part.priorities.end(), f.id);
        if (mine != part.priorities.end()) r.rank_mine = static_cast<int>(mine - part.priorities.begin()) + 1;
        if (r.votes > 0 || r.rank_mine) rows.push_back(r);
    }
    // Most votes first; the pack's order among equals, so the list does not jump between visits.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.votes > b.votes; });
    std::vector<Row> shown;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (i < k_shown || rows[i].rank_mine) shown.push_back(rows[i]);
    const std::int64_t most = rows.empty() ? 0 : rows.front().votes;
    // Two columns on a wide screen, one in portrait.
    const bool two = !m.portrait && w > 900.0f * m.scale;
    const float cw = two ? (w - m.pad) * 0.5f : w;
    const ImVec2 g = ImGui::GetCursorScreenPos();
    float col_y[2] = {g.y, g.y};
    const std::size_t half = two ? (shown.size() + 1) / 2 : shown.size();
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const int col = i < half ? 0 : 1;
        ImGui::SetCursorScreenPos(ImVec2(g.x + static_cast<float>(col) * (cw + m.pad), col_y[col]));
        result_bar(ui, shown[i], most, cw);
        col_y[col] = ImGui::GetCursorScreenPos().y;
    }
    ImGui::SetCursorScreenPos(ImVec2(g.x, std::max(col_y[0], col_y[1])));
    ImGui::Dummy(ImVec2(w, m.gap));

    std::vector<RowButton> buttons{
        {"results/idea", icon_label(ui, Icon::Idea, ui.t(guided ? "results_to_idea" : "participate_idea")),
         ButtonStyle::Primary},
        {"results/end", ui.t("end_visit"), ButtonStyle::Secondary}};
    const int tapped = action_row(ui, w, buttons);
    if (tapped == 0) out.push_back(OpenIdea{std::string(), guided});
    if (tapped == 1) out.push_back(EndVisit{});
    end_page(ui, area);
}

}  // namespace ruhr
