#include "ui/screens/screen_thanks.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

void draw_thanks(Ui& ui, Intents& out) {
    const Metrics& m = ui.m;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pw = std::min(1000.0f * m.scale, m.display.x - 2 * m.pad);
    const float inner = pw - 2 * m.pad;
    const std::string check(icon(ui, Icon::Check));
    ImFont* cf = ui.fonts.display;
    const float h_check = cf->FontSize * 1.6f;
    const float h_title = text_height(ui.fonts.title, ui.t("thanks_title"), inner);
    const float h_text = text_height(ui.fonts.body, ui.t("thanks_text"), inner);
    const float ph = 2 * m.pad + h_check + m.gap + h_title + m.gap + h_text + m.pad + m.touch_min;
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
    draw_text_in_box(ui, ui.fonts.body, ui.t("thanks_text"), ImVec2(p.x + m.pad, y), inner, h_text, ui.theme.text,
                     "thanks/text", true);
    y += h_text + m.pad;
    const float bw = std::min(inner, 420.0f * m.scale);
    ImGui::SetCursorScreenPos(ImVec2(p.x + (pw - bw) * 0.5f, y));
    if (touch_button(ui, "thanks/done", ImVec2(bw, m.touch_min), ui.t("thanks_done"))) out.push_back(EndVisit{});
}

}  // namespace ruhr
