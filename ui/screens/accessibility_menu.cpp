#include "ui/screens/accessibility_menu.h"

#include "base/utf8.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

void draw_accessibility_button(Ui& ui, ImVec2 size, ButtonStyle style, Intents& out, const std::string* label) {
    if (touch_button(ui, "access/open", size, label ? *label : icon_label(ui, Icon::Accessibility, ui.t("a11y_button")),
                     style))
        out.push_back(OpenAccessibility{});
}

void draw_accessibility_menu(Ui& ui, const Accessibility& modes, Intents& out) {
    const Metrics& m = ui.m;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ui.widgets.begin_modal();
    if (tap_area(ui, "access/dismiss", m.display, nullptr, Enabled::Yes, Overlap::Allow))
        out.push_back(CloseAccessibility{});
    dl->AddRectFilled(origin, ImVec2(origin.x + m.display.x, origin.y + m.display.y), ui.theme.overlay_dim);

    const float pw = std::min(1000.0f * m.scale, m.display.x - 2 * m.pad);
    const float inner = pw - 2 * m.pad;
    const std::string& title = ui.t("a11y_title");
    const float h_title = text_height(ui.fonts.title, title, inner);
    struct Row {
        const char* id;
        const char* label;
        const char* hint;
        bool on;
        ToggleAccessibility::Option option;
    };
    const Row rows[] = {
        {"access/large-text", "a11y_large_text", "a11y_large_text_hint", modes.large_text,
         ToggleAccessibility::Option::LargeText},
        {"access/high-contrast", "a11y_high_contrast", "a11y_high_contrast_hint", modes.high_contrast,
         ToggleAccessibility::Option::HighContrast},
        {"access/low-reach", "a11y_low_reach", "a11y_low_reach_hint", modes.low_reach,
         ToggleAccessibility::Option::LowReach},
    };
    // Each row: a wide toggle button with the state in its label, the hint under it.
    const float bh = std::max(m.touch_min, ui.fonts.body_bold->FontSize + m.gap);
    float rows_h = 0.0f;
    for (const Row& r : rows) rows_h += bh + m.gap * 0.3f + text_height(ui.fonts.small, ui.t(r.hint), inner) + m.gap;
    const float ph = 2 * m.pad + h_title + m.gap + rows_h + bh;
    const ImVec2 p(origin.x + (m.display.x - pw) * 0.5f, origin.y + std::max(m.pad * 0.5f, (m.display.y - ph) * 0.5f));
    ImGui::SetCursorScreenPos(p);
    tap_area(ui, "access/panel", ImVec2(pw, ph), nullptr, Enabled::Yes, Overlap::Allow);
    dl->AddRectFilled(p, ImVec2(p.x + pw, p.y + ph), ui.theme.surface, m.radius * 1.5f);

    float y = p.y + m.pad;
    draw_text_in_box(ui, ui.fonts.title, title, ImVec2(p.x + m.pad, y), inner, h_title, ui.theme.text, "access/title",
                     true);
    y += h_title + m.gap;
    for (const Row& r : rows) {
        ImGui::SetCursorScreenPos(ImVec2(p.x + m.pad, y));
        const std::string label = replace_placeholder(replace_placeholder(ui.t("a11y_state"), "option", ui.t(r.label)),
                                                      "state", ui.t(r.on ? "a11y_on" : "a11y_off"));
        if (touch_button(ui, r.id, ImVec2(inner, bh), label, r.on ? ButtonStyle::Selected : ButtonStyle::Secondary))
            out.push_back(ToggleAccessibility{r.option});
        y += bh + m.gap * 0.3f;
        const float hh = text_height(ui.fonts.small, ui.t(r.hint), inner);
        draw_text_in_box(ui, ui.fonts.small, ui.t(r.hint), ImVec2(p.x + m.pad, y), inner, hh, ui.theme.text_muted,
                         r.id);
        y += hh + m.gap;
    }
    ImGui::SetCursorScreenPos(ImVec2(p.x + m.pad, y));
    if (touch_button(ui, "access/close", ImVec2(inner, bh), ui.t("a11y_done"))) out.push_back(CloseAccessibility{});
}

}  // namespace ruhr
