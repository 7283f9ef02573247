#include "ui/screens/screen_thanks.h"

#include "base/utf8.h"
#include "ui/screens/guide.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

// "12 Bewertungen · Ihre Prioritäten · Ihre Idee": what this visit stored, one line each.
std::vector<std::string> stored_lines(const Ui& ui, const Participation& part) {
    std::vector<std::string> lines;
    const auto count = [&](std::size_t n, const char* one, const char* many) {
        return n == 1 ? ui.t(one) : replace_placeholder(ui.t(many), "count", std::to_string(n));
    };
    if (!part.ratings.empty()) lines.push_back(count(part.ratings.size(), "thanks_ratings_one", "thanks_ratings"));
    if (part.priorities_submitted) lines.push_back(ui.t("thanks_priorities"));
    if (part.ideas_stored > 0)
        lines.push_back(count(static_cast<std::size_t>(part.ideas_stored), "thanks_ideas_one", "thanks_ideas"));
    return lines;
}

}  // namespace

void draw_thanks(Ui& ui, Intents& out) {
    const Metrics& m = ui.m;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pw = std::min(1000.0f * m.scale, m.display.x - 2 * m.pad);
    const float inner = pw - 2 * m.pad;
    const std::string check(icon(ui, Icon::Check));
    ImFont* cf = ui.fonts.display;
    const Participation& part = *ui.part->visit;
    const std::vector<std::string> lines = stored_lines(ui, part);
    std::string stored;
    for (const std::string& l : lines) stored += (stored.empty() ? "" : "\n") + icon_label(ui, Icon::Check, l);
    const int left = ui.part->thanks_seconds;
    const std::string countdown = left == 1
                                      ? ui.t("thanks_countdown_one")
                                      : replace_placeholder(ui.t("thanks_countdown"), "seconds", std::to_string(left));

    const float h_check = cf->FontSize * 1.6f;
    const float h_title = text_height(ui.fonts.title, ui.t("thanks_title"), inner);
    const float h_stored = stored.empty() ? 0.0f : text_height(ui.fonts.body_bold, stored, inner) + m.gap;
    const float h_text = text_height(ui.fonts.body, ui.t("thanks_text"), inner);
    const float h_count = text_height(ui.fonts.small, countdown, inner);
    const float bar_h = std::max(6.0f, 8.0f * m.scale);
    const float bw = std::min(inner, 460.0f * m.scale);
    // The two next steps side by side when both labels fit, else one under the other.
    const bool row = button_label_fits(ui, ImVec2((inner - m.gap) * 0.5f, m.touch_min), ui.t("thanks_another_idea")) &&
                     button_label_fits(ui, ImVec2((inner - m.gap) * 0.5f, m.touch_min), ui.t("end_visit"));
    const float h_buttons = row ? m.touch_min : 2 * m.touch_min + m.gap;
    const float ph = 2 * m.pad + h_check + m.gap + h_title + m.gap + h_stored + h_text + m.pad + h_buttons + m.pad +
                     h_count + m.gap * 0.5f + bar_h;
    const ImVec2 p(origin.x + (m.display.x - pw) * 0.5f, origin.y + std::max(m.pad, (m.display.y - ph) * 0.5f));
    dl->AddRectFilled(p, ImVec2(p.x + pw, p.y + ph), ui.theme.surface, m.radius * 1.5f);
    float y = p.y + m.pad;
    const ImVec2 c(p.x + pw * 0.5f, y + h_check * 0.5f);
    dl->AddCircleFilled(c, h_check * 0.5f, ui.theme.success);
    const ImVec2 cs = cf->CalcTextSizeA(cf->FontSize, FLT_MAX, 0.0f, check.c_str());
    dl->AddText(cf, cf->FontSize, ImVec2(c.x - cs.x * 0.5f, c.y - cs.y * 0.5f), ui.theme.on_accent, check.c_str());
    y += h_check + m.gap;
    draw_text_in_box(ui, ui.fonts.title, ui.t("thanks_title"), ImVec2(p.x + m.pad, y), inner, h_title, ui.theme.text,
                     "thanks/title", true);
    y += h_title + m.gap;
    if (!stored.empty()) {
        draw_text_in_box(ui, ui.fonts.body_bold, stored, ImVec2(p.x + m.pad, y), inner, h_stored, ui.theme.text,
                         "thanks/stored", true);
        y += h_stored;
    }
    draw_text_in_box(ui, ui.fonts.body, ui.t("thanks_text"), ImVec2(p.x + m.pad, y), inner, h_text, ui.theme.text,
                     "thanks/text", true);
    y += h_text + m.pad;
    const float row_w = row ? inner : bw;
    ImGui::SetCursorScreenPos(ImVec2(p.x + (pw - row_w) * 0.5f, y));
    const int tapped = action_row(
        ui, row_w,
        {{"thanks/another-idea", icon_label(ui, Icon::Idea, ui.t("thanks_another_idea")), ButtonStyle::Secondary},
         {"thanks/done", ui.t("end_visit"), ButtonStyle::Primary}});
    if (tapped == 0) out.push_back(OpenIdea{});
    if (tapped == 1) out.push_back(EndVisit{});
    y += h_buttons + m.pad;
    // The countdown, in words and as a bar that empties: the visitor sees the screen will go.
    draw_text_in_box(ui, ui.fonts.small, countdown, ImVec2(p.x + m.pad, y), inner, h_count, ui.theme.text_muted,
                     "thanks/countdown", true);
    y += h_count + m.gap * 0.5f;
    const float share = std::clamp(static_cast<float>(left) / static_cast<float>(Visit::thanks_seconds), 0.0f, 1.0f);
    dl->AddRectFilled(ImVec2(p.x + m.pad, y), ImVec2(p.x + m.pad + inner, y + bar_h), ui.theme.background,
                      bar_h * 0.5f);
    if (share > 0.0f)
        dl->AddRectFilled(ImVec2(p.x + m.pad, y), ImVec2(p.x + m.pad + inner * share, y + bar_h), ui.theme.text_muted,
                          bar_h * 0.5f);
}

}  // namespace ruhr
