#include "ui/screens/guide.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

void guide_steps(Ui& ui, int step, float w, const std::string& detail, float fraction) {
    const Metrics& m = ui.m;
    const char* labels[] = {"guide_step_rate", "guide_step_priorities", "guide_step_idea"};
    ImFont* nf = ui.fonts.body_bold;
    const float disc = nf->FontSize * 1.6f;
    // Side by side, each step a third of the width; in a narrow portrait column each label
    // wraps under its own disc width.
    const float seg = (w - 2 * m.gap) / 3.0f;
    const float label_w = std::max(seg - disc - m.gap * 0.5f, 40.0f * m.scale);
    float label_h = 0.0f;
    for (const char* key : labels) label_h = std::max(label_h, text_height(ui.fonts.body, ui.t(key), label_w));
    const float row_h = std::max(disc, label_h);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 3; ++i) {
        const int n = i + 1;
        const float x = p0.x + static_cast<float>(i) * (seg + m.gap);
        const ImVec2 c(x + disc * 0.5f, p0.y + row_h * 0.5f);
        const bool current = n == step, done = n < step;
        if (current || done) {
            dl->AddCircleFilled(c, disc * 0.5f, done ? ui.theme.success : ui.theme.accent);
        } else {
            dl->AddCircleFilled(c, disc * 0.5f, ui.theme.surface);
            dl->AddCircle(c, disc * 0.5f - 1.5f * m.scale, ui.theme.text_muted, 0, 3.0f * m.scale);
        }
        const std::string mark = done ? std::string(icon(ui, Icon::Check)) : std::to_string(n);
        const ImVec2 ms = nf->CalcTextSizeA(nf->FontSize, FLT_MAX, 0.0f, mark.c_str());
        dl->AddText(nf, nf->FontSize, ImVec2(c.x - ms.x * 0.5f, c.y - ms.y * 0.5f),
                    current || done ? ui.theme.on_accent : ui.theme.text, mark.c_str());
        const std::string& label = ui.t(labels[i]);
        const float lh = text_height(current ? ui.fonts.body_bold : ui.fonts.body, label, label_w);
        draw_text_in_box(ui, current ? ui.fonts.body_bold : ui.fonts.body, label,
                         ImVec2(x + disc + m.gap * 0.5f, p0.y + (row_h - lh) * 0.5f), label_w, lh,
                         current ? ui.theme.text : ui.theme.text_muted, "guide/step" + std::to_string(n));
    }
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + row_h + m.gap * 0.5f));
    if (!detail.empty()) {
        text_block(ui, ui.fonts.small, detail, w, ui.theme.text_muted, "guide/detail");
        ImGui::Dummy(ImVec2(w, m.gap * 0.3f));
    }
    if (fraction >= 0.0f) {
        const ImVec2 b = ImGui::GetCursorScreenPos();
        const float bh = std::max(6.0f, 8.0f * m.scale);
        dl->AddRectFilled(b, ImVec2(b.x + w, b.y + bh), ui.theme.surface, bh * 0.5f);
        const float f = std::clamp(fraction, 0.0f, 1.0f);
        if (f > 0.0f) dl->AddRectFilled(b, ImVec2(b.x + std::max(bh, w * f), b.y + bh), ui.theme.accent, bh * 0.5f);
        ImGui::Dummy(ImVec2(w, bh));
    }
    ImGui::Dummy(ImVec2(w, m.gap));
}

int action_row(Ui& ui, float w, const std::vector<RowButton>& buttons) {
    const Metrics& m = ui.m;
    if (buttons.empty()) return -1;
    const float n = static_cast<float>(buttons.size());
    const float bw = (w - (n - 1) * m.gap) / n;
    bool row = true;
    for (const RowButton& b : buttons)
        if (!button_label_fits(ui, ImVec2(bw, m.touch_min), b.label)) row = false;
    int tapped = -1;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    for (std::size_t i = 0; i < buttons.size(); ++i) {
        const float fi = static_cast<float>(i);
        ImGui::SetCursorScreenPos(row ? ImVec2(p0.x + fi * (bw + m.gap), p0.y)
                                      : ImVec2(p0.x, p0.y + fi * (m.touch_min + m.gap)));
        if (touch_button(ui, buttons[i].id, ImVec2(row ? bw : w, m.touch_min), buttons[i].label, buttons[i].style))
            tapped = static_cast<int>(i);
    }
    ImGui::SetCursorScreenPos(p0);
    ImGui::Dummy(ImVec2(w, row ? m.touch_min : n * m.touch_min + (n - 1) * m.gap));
    return tapped;
}

}  // namespace ruhr
