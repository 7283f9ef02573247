#include "ui/screens/screen_vision.h"

#include "base/utf8.h"
#include "ui/screens/page.h"
#include "ui/screens/rating.h"

#include <algorithm>
#include <string>

namespace ruhr {

namespace {

// Draws the text column of the vision at the cursor.
void vision_text(Ui& ui, float w) {
    const Metrics& m = ui.m;
    text_block(ui, ui.fonts.title, ui.c("vision.title"), w, ui.theme.text, "vision/title");
    ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
    // Each language brings its own quotation marks in vision.motto („…“ in German, “…” in English).
    text_block(ui, ui.fonts.heading, ui.c("vision.motto"), w, ui.theme.accent, "vision/motto");
    ImGui::Dummy(ImVec2(w, m.gap));
    text_block(ui, ui.fonts.body_bold, ui.c("vision.teaser"), w, ui.theme.text, "vision/teaser");
    ImGui::Dummy(ImVec2(w, m.gap));
    text_block(ui, ui.fonts.body, ui.c("vision.body"), w, ui.theme.text, "vision/body");
}

// One phase card: number, image, title, period and text. Returns the height used.
enum class Draw { Yes, MeasureOnly };

float phase_card(Ui& ui, const Phase& ph, int number, ImVec2 p, float w, bool image_left, float min_h,
                 Draw draw = Draw::Yes) {
    const Metrics& m = ui.m;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string key = "phases." + ph.id;
    const std::string title = replace_placeholder(
        replace_placeholder(ui.t("phase_numbered"), "number", std::to_string(number)), "title", ui.c(key + ".title"));
    const float img_w = image_left ? w * 0.34f : w;
    const float img_h = image_left ? img_w * 0.75f : w * 9.0f / 16.0f;
    const float tx = image_left ? p.x + img_w + m.gap : p.x + m.gap;
    const float ty = image_left ? p.y + m.gap : p.y + img_h + m.gap;
    const float tw = image_left ? w - img_w - 2 * m.gap : w - 2 * m.gap;
    const float h_title = text_height(ui.fonts.heading, title, tw);
    const float h_period = text_height(ui.fonts.body_bold, ui.c(key + ".period"), tw);
    const float h_text = text_height(ui.fonts.body, ui.c(key + ".text"), tw);
    const float text_total = h_title + h_period + h_text + m.gap * 0.75f;
    const float h =
        std::max(min_h, image_left ? std::max(img_h, text_total + 2 * m.gap) : img_h + text_total + 2 * m.gap);
    if (draw == Draw::MeasureOnly) return h;
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.theme.surface, m.radius);
    draw_image_cover(ui, ph.image, p, ImVec2(p.x + img_w, p.y + (image_left ? h : img_h)), m.radius,
                     image_left ? ImDrawFlags_RoundCornersLeft : ImDrawFlags_RoundCornersTop);
    float y = ty;
    draw_text_in_box(ui, ui.fonts.heading, title, ImVec2(tx, y), tw, h_title, ui.theme.text, "vision/phase");
    y += h_title + m.gap * 0.25f;
    draw_text_in_box(ui, ui.fonts.body_bold, ui.c(key + ".period"), ImVec2(tx, y), tw, h_period, ui.theme.accent,
                     "vision/phase");
    y += h_period + m.gap * 0.5f;
    draw_text_in_box(ui, ui.fonts.body, ui.c(key + ".text"), ImVec2(tx, y), tw, h_text, ui.theme.text, "vision/phase");
    return h;
}

}  // namespace

void draw_vision(Ui& ui, ScrollArea& area, float& scroll, Intents& out) {
    const Metrics& m = ui.m;
    const float w = begin_page(ui, "vision", area, scroll, out);

    if (m.portrait) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float ih = w * 9.0f / 16.0f;
        draw_image_cover(ui, ui.pack.vision_image, p, ImVec2(p.x + w, p.y + ih), m.radius);
        ImGui::Dummy(ImVec2(w, ih + m.gap));
        vision_text(ui, w);
    } else {
        const float iw = w * 0.42f;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float ih = iw * 3.0f / 4.0f;
        draw_image_cover(ui, ui.pack.vision_image, p, ImVec2(p.x + iw, p.y + ih), m.radius);
        ImGui::SetCursorScreenPos(ImVec2(p.x + iw + m.pad, p.y));
        ImGui::BeginGroup();
        vision_text(ui, w - iw - m.pad);
        ImGui::EndGroup();
        const float text_bottom = ImGui::GetItemRectMax().y;
        ImGui::SetCursorScreenPos(ImVec2(p.x, std::max(text_bottom, p.y + ih)));
    }

    ImGui::Dummy(ImVec2(w, m.pad));
    draw_rating(ui, "vision", w, out);
    ImGui::Dummy(ImVec2(w, m.pad));
    text_block(ui, ui.fonts.title, ui.t("phases_title"), w, ui.theme.text, "vision/phases-title");
    ImGui::Dummy(ImVec2(w, m.gap));

    // The timeline: a line with numbered steps, cards side by side when they fit.
    const auto& phases = ui.pack.phases;
    const int n = static_cast<int>(phases.size());
    const float min_card = 420.0f * m.scale;
    const float nf = static_cast<float>(n);
    const bool row = n > 0 && (w - (nf - 1) * m.gap) / nf >= min_card;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float dot = 18.0f * m.scale;
    if (row) {
        const float cw = (w - (nf - 1) * m.gap) / nf;
        const float line_y = p0.y + dot;
        dl->AddLine(ImVec2(p0.x + cw * 0.5f, line_y), ImVec2(p0.x + w - cw * 0.5f, line_y), ui.theme.accent,
                    4.0f * m.scale);
        // Equal heights look calmer: measure first, then draw all at the tallest.
        float tallest = 0.0f;
        for (int i = 0; i < n; ++i)
            tallest = std::max(tallest, phase_card(ui, phases[i], i + 1, p0, cw, false, 0.0f, Draw::MeasureOnly));
        for (int i = 0; i < n; ++i) {
            const float x = p0.x + static_cast<float>(i) * (cw + m.gap);
            dl->AddCircleFilled(ImVec2(x + cw * 0.5f, line_y), dot, ui.theme.accent);
            phase_card(ui, phases[i], i + 1, ImVec2(x, p0.y + 3 * dot), cw, false, tallest);
        }
        ImGui::Dummy(ImVec2(w, 3 * dot + tallest));
    } else {
        float y = p0.y;
        const float indent = 3 * dot;
        for (int i = 0; i < n; ++i) {
            const float h = phase_card(ui, phases[i], i + 1, ImVec2(p0.x + indent, y), w - indent, true, 0.0f);
            dl->AddCircleFilled(ImVec2(p0.x + dot, y + h * 0.5f), dot, ui.theme.accent);
            if (i + 1 < n)
                dl->AddLine(ImVec2(p0.x + dot, y + h * 0.5f), ImVec2(p0.x + dot, y + h + m.gap + h * 0.5f),
                            ui.theme.accent, 4.0f * m.scale);
            y += h + m.gap;
        }
        ImGui::Dummy(ImVec2(w, y - p0.y));
    }
    end_page(ui, area);
}

}  // namespace ruhr
