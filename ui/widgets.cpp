#include "ui/widgets.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace ruhr {

// ---------------------------------------------------------------- registry

void WidgetRegistry::clear() {
    m_widgets.clear();
    m_messages.clear();
    m_clipping.clear();
    m_modal_from = 0;
}

void WidgetRegistry::add(std::string id, ImVec2 min, ImVec2 max, bool enabled, float full_height) {
    m_widgets.push_back({std::move(id), min, max, enabled, full_height});
}

void WidgetRegistry::report_clipping(std::string widget, std::string text) {
    m_clipping.push_back({std::move(widget), std::move(text)});
}

void WidgetRegistry::add_message(std::string id, ImVec2 min, ImVec2 max) {
    m_messages.push_back({std::move(id), min, max, true, max.y - min.y});
}

const WidgetInfo* WidgetRegistry::find(std::string_view id) const {
    for (const auto* list : {&m_widgets, &m_messages})
        for (auto it = list->rbegin(); it != list->rend(); ++it)
            if (it->id == id) return &*it;
    return nullptr;
}

const WidgetInfo* WidgetRegistry::hit(ImVec2 p) const {
    for (std::size_t i = m_widgets.size(); i-- > m_modal_from;) {
        const WidgetInfo& w = m_widgets[i];
        if (p.x >= w.min.x && p.x < w.max.x && p.y >= w.min.y && p.y < w.max.y) return &w;
    }
    return nullptr;
}

const std::string& Ui::t(std::string_view key) const {
    return pack.text(language, std::string("ui.") + std::string(key));
}

// ---------------------------------------------------------------- text

namespace {

struct Line {
    const char* begin;
    const char* end;   // without the spaces the line was broken at
    const char* next;  // where the next line starts (after those spaces or the line break)
};

const char* next_char(const char* s, const char* end) {
    ++s;
    while (s < end && (static_cast<unsigned char>(*s) & 0xC0) == 0x80) ++s;
    return s;
}

// Breaks text into lines the way Dear ImGui wraps it, so callers can measure and centre.
std::vector<Line> wrap_lines(ImFont* font, std::string_view text, float width) {
    std::vector<Line> lines;
    const char* s = text.data();
    const char* end = s + text.size();
    while (s < end) {
        const char* nl = std::find(s, end, '\n');
        const char* line_end = font->CalcWordWrapPositionA(1.0f, s, nl, width);
        if (line_end == s) line_end = next_char(s, nl);  // a single glyph wider than the box
        if (line_end > nl) line_end = nl;
        const char* trimmed = line_end;
        while (trimmed > s && trimmed[-1] == ' ') --trimmed;
        const std::size_t at = lines.size();
        lines.push_back({s, trimmed, nullptr});
        s = line_end;
        while (s < nl && *s == ' ') ++s;
        if (s == nl && nl < end) {
            ++s;
            lines[at].next = s;
            if (s == end) lines.push_back({s, s, s});
        } else {
            lines[at].next = s;
        }
    }
    return lines;
}

bool has_word_wider_than(ImFont* font, std::string_view text, float width) {
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t j = text.find_first_of(" \n", i);
        const std::size_t stop = j == std::string_view::npos ? text.size() : j;
        if (stop > i) {
            const ImVec2 sz = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data() + i, text.data() + stop);
            if (sz.x > width + 0.5f) return true;
        }
        i = stop + 1;
    }
    return false;
}

}  // namespace

float text_height(ImFont* font, std::string_view text, float width) {
    return static_cast<float>(wrap_lines(font, text, width).size()) * font->FontSize;
}

ImVec2 caret_position(ImFont* font, std::string_view text, float width, std::size_t offset) {
    const auto lines = wrap_lines(font, text, width);
    const char* at = text.data() + std::min(offset, text.size());
    float y = 0.0f;
    for (std::size_t i = 0; i < lines.size(); ++i, y += font->FontSize) {
        const Line& l = lines[i];
        // A caret at the start of the next line belongs there, except at the very end.
        const bool last = i + 1 == lines.size();
        if (at < l.begin || (at >= l.next && !last)) continue;
        const char* upto = std::min(at, l.next);
        if (upto > l.begin && upto[-1] == '\n') --upto;
        const float x = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, l.begin, upto).x;
        return ImVec2(std::min(x, width), y);
    }
    return ImVec2(0.0f, y > 0.0f ? y - font->FontSize : 0.0f);
}

std::size_t caret_offset_at(ImFont* font, std::string_view text, float width, ImVec2 point) {
    const auto lines = wrap_lines(font, text, width);
    if (lines.empty()) return 0;
    const auto row =
        static_cast<std::size_t>(std::clamp(point.y / font->FontSize, 0.0f, static_cast<float>(lines.size() - 1)));
    const Line& l = lines[row];
    // The line's last place: before its line break, or after the spaces it was broken at.
    const char* stop = row + 1 == lines.size() ? text.data() + text.size() : l.next;
    if (stop > l.begin && stop[-1] == '\n') --stop;
    if (row + 1 < lines.size() && stop == l.next && stop > l.end) stop = l.end;
    const char* best = l.begin;
    float best_d = std::abs(point.x);
    for (const char* c = l.begin; c < stop;) {
        c = next_char(c, stop);
        const float x = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, l.begin, c).x;
        const float d = std::abs(point.x - x);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return static_cast<std::size_t>(best - text.data());
}

void draw_text_in_box(Ui& ui, ImFont* font, std::string_view text, ImVec2 pos, float width, float max_height,
                      ImU32 colour, const std::string& owner, bool centred) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto lines = wrap_lines(font, text, width);
    const float h = static_cast<float>(lines.size()) * font->FontSize;
    if (h > max_height + 0.5f || has_word_wider_than(font, text, width))
        ui.widgets.report_clipping(owner, std::string(text));
    float y = pos.y;
    for (const Line& l : lines) {
        if (y + font->FontSize > pos.y + max_height + 0.5f) break;
        float x = pos.x;
        if (centred) {
            const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, l.begin, l.end).x;
            x += std::max(0.0f, (width - w) * 0.5f);
        }
        dl->AddText(font, font->FontSize, ImVec2(x, y), colour, l.begin, l.end);
        y += font->FontSize;
    }
}

float draw_text_tail(ImDrawList* dl, ImFont* font, std::string_view text, ImVec2 pos, float width, float height,
                     ImU32 colour) {
    const auto lines = wrap_lines(font, text, width);
    const std::size_t fit = std::max<std::size_t>(1, static_cast<std::size_t>(height / font->FontSize));
    const std::size_t first = lines.size() > fit ? lines.size() - fit : 0;
    float y = pos.y;
    for (std::size_t i = first; i < lines.size(); ++i) {
        dl->AddText(font, font->FontSize, ImVec2(pos.x, y), colour, lines[i].begin, lines[i].end);
        y += font->FontSize;
    }
    return static_cast<float>(first) * font->FontSize;
}

void text_block(Ui& ui, ImFont* font, std::string_view text, float width, ImU32 colour, std::string_view owner) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float h = text_height(font, text, width);
    if (ImGui::IsRectVisible(pos, ImVec2(pos.x + width, pos.y + h)))
        draw_text_in_box(ui, font, text, pos, width, FLT_MAX, colour, std::string(owner));
    else if (has_word_wider_than(font, text, width))
        ui.widgets.report_clipping(std::string(owner), std::string(text));
    ImGui::Dummy(ImVec2(width, h));
}

// ---------------------------------------------------------------- buttons

bool tap_area(Ui& ui, const std::string& id, ImVec2 size, bool* pressed, Enabled enabled, Overlap overlap) {
    size.x = std::max(size.x, 1.0f);
    size.y = std::max(size.y, 1.0f);
    const bool clicked = ImGui::InvisibleButton(
        id.c_str(), size,
        overlap == Overlap::Allow ? static_cast<ImGuiButtonFlags>(ImGuiButtonFlags_AllowItemOverlap) : 0);
    if (overlap == Overlap::Allow) ImGui::SetItemAllowOverlap();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
    const ImVec2 vmin(std::max(min.x, clip.Min.x), std::max(min.y, clip.Min.y));
    const ImVec2 vmax(std::min(max.x, clip.Max.x), std::min(max.y, clip.Max.y));
    const bool live = enabled == Enabled::Yes && !ui.input_blocked && !ui.taps_guarded;
    if (vmax.x > vmin.x && vmax.y > vmin.y) ui.widgets.add(id, vmin, vmax, enabled == Enabled::Yes, max.y - min.y);
    if (pressed) *pressed = live && !ui.gesture_is_drag && ImGui::IsItemActive();
    return clicked && live && !ui.gesture_is_drag;
}

TapCard tap_card(Ui& ui, const std::string& id, ImVec2 size, Intents& out, Intent on_tap) {
    TapCard card;
    card.min = ImGui::GetCursorScreenPos();
    card.max = ImVec2(card.min.x + size.x, card.min.y + size.y);
    if (tap_area(ui, id, size, &card.pressed)) out.push_back(std::move(on_tap));
    card.visible = ImGui::IsRectVisible(card.min, card.max);
    card.draw = ImGui::GetWindowDrawList();
    return card;
}

std::string_view icon(const Ui& ui, Icon which) {
    const IconInfo& i = icon_info(which);
    return ui.fonts.icons ? i.utf8 : i.fallback;
}

std::string icon_label(const Ui& ui, Icon which, std::string_view label) {
    const std::string_view fallback = icon_info(which).fallback;
    if (label.substr(0, fallback.size()) == fallback) {
        label.remove_prefix(fallback.size());
        while (!label.empty() && label.front() == ' ') label.remove_prefix(1);
    }
    std::string out(icon(ui, which));
    if (!label.empty()) out.append(" ").append(label);
    return out;
}

void control_outline(const Ui& ui, ImDrawList* dl, ImVec2 min, ImVec2 max, float rounding, ImDrawFlags corners) {
    const float t = std::max(1.5f, 2.0f * ui.m.scale);
    // Inset by half the line, so that the edge stays inside the card's own rectangle.
    dl->AddRect(ImVec2(min.x + t * 0.5f, min.y + t * 0.5f), ImVec2(max.x - t * 0.5f, max.y - t * 0.5f),
                ui.theme.outline, rounding, corners, t);
}

bool button_label_fits(const Ui& ui, ImVec2 size, std::string_view label) {
    ImFont* font = ui.fonts.body_bold;
    const float inner = size.x - 2.0f * ui.m.gap * 0.75f;
    const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, label.data(), label.data() + label.size());
    return ts.x <= inner + 0.5f && ts.y <= size.y;
}

bool touch_button(Ui& ui, const std::string& id, ImVec2 size, std::string_view label, ButtonStyle style,
                  Enabled enabled) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    bool pressed = false;
    const bool clicked = tap_area(ui, id, size, &pressed, enabled);
    const Theme& th = ui.theme;
    ImU32 bg = th.accent, fg = th.on_accent;
    switch (style) {
    case ButtonStyle::Primary:
        bg = pressed ? th.accent_pressed : th.accent;
        fg = th.on_accent;
        break;
    case ButtonStyle::Secondary:
        bg = pressed ? th.surface_pressed : th.surface;
        fg = th.accent;
        break;
    case ButtonStyle::OnDark:
        bg = pressed ? shade(th.nav_background, 1.35f) : shade(th.nav_background, 1.15f);
        fg = th.on_accent;
        break;
    case ButtonStyle::Selected:
        bg = th.badge;
        fg = th.on_badge;
        break;
    }
    if (enabled == Enabled::No) {
        // On the dark background (the staff screens) the light disabled surface stood out more
        // than the enabled buttons: there a disabled button is a barely lighter patch of the
        // background with a dimmed label.
        bg = style == ButtonStyle::OnDark ? disabled_on_dark(th) : th.disabled_surface;
        fg = style == ButtonStyle::OnDark ? disabled_on_dark_text(th) : th.disabled_text;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, max, bg, ui.m.radius);
    if (style == ButtonStyle::Secondary) dl->AddRect(pos, max, th.accent, ui.m.radius, 0, 2.0f * ui.m.scale);
    // Edges that show where to tap in high contrast (WCAG 1.4.11: 3:1): white on the dark bar,
    // black around a chosen control on a light panel.
    if (style == ButtonStyle::OnDark)
        dl->AddRect(pos, max, th.outline_on_dark, ui.m.radius, 0, std::max(1.0f, 2.0f * ui.m.scale));
    if (style == ButtonStyle::Selected)
        dl->AddRect(pos, max, th.selected_outline, ui.m.radius, 0, std::max(1.0f, 2.0f * ui.m.scale));
    ImFont* font = ui.fonts.body_bold;
    const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, label.data(), label.data() + label.size());
    if (!button_label_fits(ui, size, label)) ui.widgets.report_clipping(id, std::string(label));
    dl->AddText(font, font->FontSize, ImVec2(pos.x + (size.x - ts.x) * 0.5f, pos.y + (size.y - ts.y) * 0.5f), fg,
                label.data(), label.data() + label.size());
    return clicked;
}

// ---------------------------------------------------------------- images

void draw_image_cover(Ui& ui, const std::string& path, ImVec2 min, ImVec2 max, float rounding, ImDrawFlags corners,
                      float alpha) {
    if (!ImGui::IsRectVisible(min, max)) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Texture* tex = path.empty() ? nullptr : ui.images.get(ui.pack.file_path(path).string());
    if (!tex) {
        dl->AddRectFilled(min, max, ui.theme.placeholder, rounding, corners);
        return;
    }
    const float bw = max.x - min.x, bh = max.y - min.y;
    const float box_aspect = bw / std::max(bh, 1.0f);
    const float img_aspect = static_cast<float>(tex->width) / static_cast<float>(std::max(tex->height, 1));
    ImVec2 uv0(0, 0), uv1(1, 1);
    if (img_aspect > box_aspect) {
        const float keep = box_aspect / img_aspect;
        uv0.x = (1.0f - keep) * 0.5f;
        uv1.x = 1.0f - uv0.x;
    } else {
        const float keep = img_aspect / box_aspect;
        uv0.y = (1.0f - keep) * 0.5f;
        uv1.y = 1.0f - uv0.y;
    }
    const auto a = static_cast<int>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
    dl->AddImageRounded(tex->id, min, max, uv0, uv1, IM_COL32(255, 255, 255, a), rounding, corners);
}

// ---------------------------------------------------------------- scrolling

void ScrollArea::begin(Ui& ui, const char* name, ImVec2 size, float& offset) {
    m_offset = &offset;
    m_view_height = size.y;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImGuiIO& io = ImGui::GetIO();
    const bool inside = !ui.input_blocked && io.MousePos.x >= pos.x && io.MousePos.x < pos.x + size.x &&
                        io.MousePos.y >= pos.y && io.MousePos.y < pos.y + size.y;
    const float max_scroll = std::max(0.0f, m_content_height - size.y);
    if (inside && io.MouseWheel != 0.0f) offset -= io.MouseWheel * 120.0f * ui.m.scale;
    m_scroller.set_threshold(12.0f * ui.m.scale);
    offset = m_scroller.update({io.MouseDown[0], io.MousePos.x, io.MousePos.y, inside}, ui.now, offset, max_scroll);
    if (m_scroller.gesture_is_drag()) {
        ui.gesture_is_drag = true;
        // Drop the pressed look of whatever button the drag started on.
        if (ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
    }
    ImGui::BeginChild(
        name, size, false,
        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorPos(ImVec2(0.0f, -offset));
    m_start_y = ImGui::GetCursorPosY();
}

void ScrollArea::end(Ui& ui) {
    m_content_height = ImGui::GetCursorPosY() - m_start_y;
    if (m_content_height > m_view_height + 1.0f) {
        // A thin position indicator; scrolling itself is by dragging.
        const ImVec2 wpos = ImGui::GetWindowPos();
        const ImVec2 wsize = ImGui::GetWindowSize();
        const float track = wsize.y;
        const float thumb = std::max(track * m_view_height / m_content_height, 40.0f * ui.m.scale);
        const float max_scroll = m_content_height - m_view_height;
        const float y = wpos.y + (track - thumb) * std::clamp(*m_offset / max_scroll, 0.0f, 1.0f);
        const float w = 6.0f * ui.m.scale;
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(wpos.x + wsize.x - w - 2.0f * ui.m.scale, y),
                                                  ImVec2(wpos.x + wsize.x - 2.0f * ui.m.scale, y + thumb),
                                                  IM_COL32(60, 70, 80, 110), w * 0.5f);
    }
    ImGui::EndChild();
}

}  // namespace ruhr
