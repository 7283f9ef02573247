#include "ui/screens/idle_overlay.h"

#include "base/utf8.h"

#include <algorithm>
#include <cfloat>
#include <string>

namespace ruhr {

void draw_idle_overlay(Ui& ui, int seconds_left, Intents& out) {
    const Metrics& m = ui.m;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ui.widgets.begin_modal();
    // Tapping the dimmed background means "I am still here".
    if (tap_area(ui, "idle/dismiss", m.display, nullptr, Enabled::Yes, Overlap::Allow)) out.push_back(ContinueVisit{});
    dl->AddRectFilled(origin, ImVec2(origin.x + m.display.x, origin.y + m.display.y), ui.theme.overlay_dim);

    const float pw = std::min(900.0f * m.scale, m.display.x - 2 * m.pad);
    const float inner = pw - 2 * m.pad;
    const std::string& title = ui.t("idle_title");
    const std::string text = seconds_left == 1
                                 ? ui.t("idle_text_one")
                                 : replace_placeholder(ui.t("idle_text"), "seconds", std::to_string(seconds_left));
    const std::string number = std::to_string(seconds_left);
    const float h_title = text_height(ui.fonts.title, title, inner);
    const float h_text = text_height(ui.fonts.body, text, inner);
    const float h_number = ui.fonts.display->FontSize;
    const float bh = m.touch_min;
    const bool stack = inner < 2 * 300.0f * m.scale + m.gap;
    const float h_buttons = stack ? 2 * bh + m.gap : bh;
    const float ph = 2 * m.pad + h_title + m.gap + h_number + m.gap + h_text + m.pad + h_buttons;
    const ImVec2 p(origin.x + (m.display.x - pw) * 0.5f, origin.y + (m.display.y - ph) * 0.5f);
    ImGui::SetCursorScreenPos(p);
    tap_area(ui, "idle/panel", ImVec2(pw, ph), nullptr, Enabled::Yes,
             Overlap::Allow);  // taps on the panel itself do nothing
    dl->AddRectFilled(p, ImVec2(p.x + pw, p.y + ph), ui.theme.surface, m.radius * 1.5f);

    float y = p.y + m.pad;
    draw_text_in_box(ui, ui.fonts.title, title, ImVec2(p.x + m.pad, y), inner, h_title, ui.theme.text, "idle/title",
                     true);
    y += h_title + m.gap;
    draw_text_in_box(ui, ui.fonts.display, number, ImVec2(p.x + m.pad, y), inner, h_number, ui.theme.accent,
                     "idle/seconds", true);
    y += h_number + m.gap;
    draw_text_in_box(ui, ui.fonts.body, text, ImVec2(p.x + m.pad, y), inner, h_text, ui.theme.text, "idle/text", true);
    y += h_text + m.pad;
    const float bw = stack ? inner : (inner - m.gap) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(p.x + m.pad, y));
    if (touch_button(ui, "idle/continue", ImVec2(bw, bh), ui.t("idle_continue"))) out.push_back(ContinueVisit{});
    ImGui::SetCursorScreenPos(stack ? ImVec2(p.x + m.pad, y + bh + m.gap) : ImVec2(p.x + m.pad + bw + m.gap, y));
    if (touch_button(ui, "idle/restart", ImVec2(bw, bh), ui.t("idle_restart"), ButtonStyle::Secondary))
        out.push_back(EndVisit{});
}

}  // namespace ruhr
