#include "ui/screens/screen_home.h"

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

// Returns true when the tile was tapped.
bool draw_tile(Ui& ui, const Tile& t, ImVec2 size) {
    const Metrics& m = ui.m;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    bool pressed = false;
    const bool tapped = tap_area(ui, t.id, size, &pressed, t.enabled);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(p.x + size.x, p.y + size.y);
    const bool on = t.enabled == Enabled::Yes;
    dl->AddRectFilled(p, end, pressed ? ui.theme.surface_pressed : (on ? ui.theme.surface : ui.theme.disabled_surface),
                      m.radius);
    // Landscape: image on top, text below. Portrait: image left, text right. The text gets
    // the room it needs and the image takes the rest.
    const bool side = m.portrait;
    const float pad = m.gap;
    ImVec2 img_min = p, img_max;
    ImVec2 text_pos;
    float text_w = 0, text_h = 0;
    if (side) {
        img_max = ImVec2(p.x + std::min(size.x * 0.38f, size.y * 1.5f), end.y);
        text_pos = ImVec2(img_max.x + pad, p.y + pad);
        text_w = end.x - text_pos.x - pad;
        text_h = size.y - 2 * pad;
    } else {
        text_w = size.x - 2 * pad;
        const float needed = text_height(ui.fonts.heading, *t.title, text_w) + pad * 0.5f +
                             text_height(ui.fonts.body, *t.subtitle, text_w) + 2 * pad;
        img_max = ImVec2(end.x, std::max(p.y + size.y * 0.3f, end.y - needed));
        text_pos = ImVec2(p.x + pad, img_max.y + pad);
        text_h = end.y - text_pos.y - pad;
    }
    const ImDrawFlags corners = side ? ImDrawFlags_RoundCornersLeft : ImDrawFlags_RoundCornersTop;
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
    return {pack.vision_image, std::move(forums)};
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
        {"home/take-part", &ui.t("home_take_part"), &ui.t("home_take_part_sub"), std::string(),
         ui.part && ui.part->enabled ? Enabled::Yes : Enabled::No},
    };
    const float notice_h = notice.empty() ? 0.0f : text_height(ui.fonts.small, notice, w) + m.gap;
    const float area_top = top.y + m.pad + hh + m.pad;
    const float area_h = m.display.y - area_top - m.pad - notice_h;
    const int n = 3;
    const float nf = static_cast<float>(n);
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
        if (draw_tile(ui, tiles[i], size)) {
            if (i == 0) out.push_back(OpenVision{});
            if (i == 1) out.push_back(OpenForums{});
            if (i == 2) out.push_back(OpenParticipate{});
        }
    }
    if (!notice.empty())
        draw_text_in_box(ui, ui.fonts.small, notice,
                         ImVec2(top.x + m.pad, m.display.y - m.pad - notice_h + m.gap * 0.5f), w, notice_h,
                         ui.theme.text_muted, "home/notice");
}

}  // namespace ruhr
