#include "ui/screens/screen_home.h"

#include "ui/screens/brand.h"
#include "ui/screens/nav_bar.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

struct Tile {
    const char* id;
    const std::string* title;
    const std::string* subtitle;
    std::string image;  // empty: a coloured panel
    Enabled enabled;
};

// Height of a tile's text part (title, subtitle and padding) at `width`.
float tile_text_height(const Ui& ui, const Tile& t, float width) {
    const float pad = ui.m.gap;
    const float text_w = width - 2 * pad;
    return text_height(ui.fonts.heading, *t.title, text_w) + pad * 0.5f +
           text_height(ui.fonts.body, *t.subtitle, text_w) + 2 * pad;
}

// Returns true when the tile was tapped. `text_h`: the height of the text part below the
// image, the same for every tile of a row so that their images line up.
bool draw_tile(Ui& ui, const Tile& t, ImVec2 size, float text_h_needed) {
    const Metrics& m = ui.m;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    bool pressed = false;
    const bool tapped = tap_area(ui, t.id, size, &pressed, t.enabled);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(p.x + size.x, p.y + size.y);
    const bool on = t.enabled == Enabled::Yes;
    dl->AddRectFilled(p, end, pressed ? ui.theme.surface_pressed : (on ? ui.theme.surface : ui.theme.disabled_surface),
                      m.radius);
    // The image on top, the text below; the text gets the room it needs and the image the rest.
    const float pad = m.gap;
    const ImVec2 img_min = p;
    const float text_w = size.x - 2 * pad;
    const ImVec2 img_max(end.x, std::max(p.y + size.y * 0.3f, end.y - text_h_needed));
    const ImVec2 text_pos(p.x + pad, img_max.y + pad);
    const float text_h = end.y - text_pos.y - pad;
    const ImDrawFlags corners = ImDrawFlags_RoundCornersTop;
    if (!t.image.empty()) {
        draw_image_cover(ui, t.image, img_min, img_max, m.radius, corners, on ? 1.0f : 0.35f);
    } else {
        dl->AddRectFilled(img_min, img_max, on ? ui.theme.accent : ui.theme.placeholder, m.radius, corners);
    }
    if (!on) {
        // A badge over the image says why this entry does nothing now; it wraps on narrow tiles.
        ImFont* f = ui.fonts.body_bold;
        const std::string& soon = ui.t("take_part_unavailable");
        const float img_w = img_max.x - img_min.x;
        const float tw = std::min(f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, soon.c_str()).x, img_w - 3 * pad);
        const float th = text_height(f, soon, tw);
        const ImVec2 c((img_min.x + img_max.x) * 0.5f, (img_min.y + img_max.y) * 0.5f);
        const ImVec2 bmin(c.x - tw * 0.5f - pad, c.y - th * 0.5f - pad * 0.5f);
        const ImVec2 bmax(c.x + tw * 0.5f + pad, c.y + th * 0.5f + pad * 0.5f);
        dl->AddRectFilled(bmin, bmax, ui.theme.surface, std::min(m.radius * 2.0f, (bmax.y - bmin.y) * 0.5f));
        draw_text_in_box(ui, f, soon, ImVec2(c.x - tw * 0.5f, c.y - th * 0.5f), tw, th, ui.theme.disabled_text, t.id,
                         true);
    }
    const ImU32 title_col = on ? ui.theme.text : ui.theme.disabled_text;
    const float th = text_height(ui.fonts.heading, *t.title, text_w);
    draw_text_in_box(ui, ui.fonts.heading, *t.title, text_pos, text_w, text_h, title_col, t.id);
    draw_text_in_box(ui, ui.fonts.body, *t.subtitle, ImVec2(text_pos.x, text_pos.y + th + pad * 0.5f), text_w,
                     std::max(0.0f, text_h - th - pad * 0.5f), on ? ui.theme.text_muted : ui.theme.disabled_text, t.id);
    control_outline(ui, dl, p, end, m.radius);
    return tapped;
}

}  // namespace

HomeImages home_images(const ContentPack& pack) {
    // The forums entry shows the first forum's image, or the first slide without forums.
    std::string forums = !pack.forums.empty()   ? pack.forums.front().image
                         : !pack.slides.empty() ? pack.slides.front().image
                                                : std::string();
    return {pack.vision_image, std::move(forums), pack.brand.hero};
}

void draw_home(Ui& ui, const std::string& notice, Intents& out) {
    const Metrics& m = ui.m;
    draw_nav_bar(ui, NavButtons::LanguageOnly, out);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float w = m.display.x - 2 * m.pad;
    const std::string& heading = ui.t("home_title");
    const float hh = text_height(ui.fonts.title, heading, w);
    draw_text_in_box(ui, ui.fonts.title, heading, ImVec2(top.x + m.pad, top.y + m.pad), w, hh, ui.theme.text,
                     "home/title");

    const HomeImages images = home_images(ui.pack);
    const Tile tiles[] = {
        {"home/vision", &ui.t("home_vision"), &ui.t("home_vision_sub"), images.vision, Enabled::Yes},
        {"home/forums", &ui.t("home_forums"), &ui.t("home_forums_sub"), images.forums, Enabled::Yes},
        {"home/take-part", &ui.t("home_take_part"), &ui.t("home_take_part_sub"), images.take_part,
         ui.part && ui.part->enabled ? Enabled::Yes : Enabled::No},
    };
    const float notice_h = notice.empty() ? 0.0f : text_height(ui.fonts.small, notice, w) + m.gap;
    // The pack's wordmark and sender close the page (docs/design.md: no half-empty screen).
    const float footer_h = brand_footer_height(ui, w);
    const float footer_space = footer_h > 0.0f ? footer_h + m.pad : 0.0f;
    const float area_top = top.y + m.pad + hh + m.pad;
    const float area_h = m.display.y - area_top - m.pad - notice_h - footer_space;
    const int n = 3;
    const float nf = static_cast<float>(n);
    const float tile_w = m.portrait ? w : (w - (nf - 1) * m.gap) / nf;
    float text_h = 0.0f;
    for (const Tile& t : tiles) text_h = std::max(text_h, tile_text_height(ui, t, tile_w));
    for (int i = 0; i < n; ++i) {
        ImVec2 pos, size;
        if (m.portrait) {
            const float th = (area_h - (nf - 1) * m.gap) / nf;
            pos = ImVec2(top.x + m.pad, area_top + static_cast<float>(i) * (th + m.gap));
            size = ImVec2(w, th);
        } else {
            const float tw = (w - (nf - 1) * m.gap) / nf;
            pos = ImVec2(top.x + m.pad + static_cast<float>(i) * (tw + m.gap), area_top);
            size = ImVec2(tw, std::min(area_h, tw * 1.1f));
        }
        ImGui::SetCursorScreenPos(pos);
        if (draw_tile(ui, tiles[i], size, text_h)) {
            if (i == 0) out.push_back(OpenVision{});
            if (i == 1) out.push_back(OpenForums{});
            if (i == 2) out.push_back(OpenParticipate{});
        }
    }
    if (footer_h > 0.0f) draw_brand_footer(ui, ImVec2(top.x + m.pad, m.display.y - m.pad - notice_h - footer_h), w);
    if (!notice.empty())
        draw_text_in_box(ui, ui.fonts.small, notice,
                         ImVec2(top.x + m.pad, m.display.y - m.pad - notice_h + m.gap * 0.5f), w, notice_h,
                         ui.theme.text_muted, "home/notice");
}

}  // namespace ruhr
