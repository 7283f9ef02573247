#include "ui/screens/brand.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {
// The stripe under the written name: one segment per field of action, a sixth of the letters'
// height thick, a third of that below the letters.
float stripe_thickness(ImFont* font) { return std::max(2.0f, font->FontSize * 0.12f); }
float stripe_gap(ImFont* font) { return font->FontSize * 0.04f; }
}  // namespace

const std::string& brand_name(const Ui& ui) { return ui.c(ui.pack.brand.present ? "brand.name" : "pack.title"); }

float wordmark_height(ImFont* font) { return font->FontSize + stripe_gap(font) + stripe_thickness(font); }

float draw_wordmark(Ui& ui, ImVec2 pos, ImFont* font, ImU32 colour, float max_width, const std::string& owner) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string& name = brand_name(ui);
    const float h = wordmark_height(font);
    if (const std::string& logo = ui.pack.brand.logo; !logo.empty()) {
        // The logo keeps its proportions at the wordmark's height; the name stays its text.
        if (const Texture* tex = ui.images.get(ui.pack.file_path(logo).string())) {
            const float aspect = static_cast<float>(tex->width) / static_cast<float>(std::max(tex->height, 1));
            const float w = std::min(max_width, h * aspect);
            const float lh = w / aspect;
            dl->AddImage(tex->id, ImVec2(pos.x, pos.y + (h - lh) * 0.5f), ImVec2(pos.x + w, pos.y + (h + lh) * 0.5f));
            ui.widgets.add_message(owner, pos, ImVec2(pos.x + w, pos.y + h));
            return w;
        }
    }
    const float tw = std::min(max_width, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, name.c_str()).x);
    draw_text_in_box(ui, font, name, pos, max_width, font->FontSize, colour, owner);
    // The fields' colours, in the manifest's order, as one stripe under the name.
    const auto& fields = ui.pack.fields;
    const float y0 = pos.y + font->FontSize + stripe_gap(font);
    const float y1 = y0 + stripe_thickness(font);
    if (fields.empty()) {
        dl->AddRectFilled(ImVec2(pos.x, y0), ImVec2(pos.x + tw, y1), ui.theme.badge);
    } else {
        const float seg = tw / static_cast<float>(fields.size());
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const float x0 = pos.x + seg * static_cast<float>(i);
            dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + seg, y1), rgb_to_u32(fields[i].rgb));
        }
    }
    ui.widgets.add_message(owner, pos, ImVec2(pos.x + tw, y1));
    return tw;
}

float brand_footer_height(const Ui& ui, float width) {
    if (!ui.pack.brand.present) return 0.0f;
    const float mark = wordmark_height(ui.fonts.body_bold);
    // The sender sits beside the wordmark; on a narrow screen it wraps under it.
    const float sender_w = width * 0.6f;
    return std::max(mark, text_height(ui.fonts.small, ui.c("brand.sender"), sender_w));
}

void draw_brand_footer(Ui& ui, ImVec2 pos, float width) {
    if (!ui.pack.brand.present) return;
    const float h = brand_footer_height(ui, width);
    const float mark_w = draw_wordmark(ui, pos, ui.fonts.body_bold, ui.theme.text, width * 0.35f, "home/wordmark");
    const float sender_w = width * 0.6f;
    const std::string& sender = ui.c("brand.sender");
    ImFont* f = ui.fonts.small;
    const float sh = text_height(f, sender, sender_w);
    const float sx =
        std::max(pos.x + mark_w + ui.m.gap,
                 pos.x + width - std::min(sender_w, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, sender.c_str()).x));
    const ImVec2 at(sx, pos.y + (h - sh) * 0.5f);
    draw_text_in_box(ui, f, sender, at, pos.x + width - sx, sh, ui.theme.text_muted, "home/sender");
    ui.widgets.add_message("home/sender", at, ImVec2(pos.x + width, at.y + sh));
}

}  // namespace ruhr
