#include "ui/screens/screen_staff.h"

#include "base/utf8.h"
#include "kiosk/staff.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

const std::string& st(const Ui& ui, std::string_view key) { return staff_text(ui.language, key); }

void background(Ui& ui) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ui.m.display, ui.theme.nav_background);
}

// A text line drawn in a box of its own height; returns the height used.
float line(Ui& ui, ImFont* font, const std::string& text, ImVec2 pos, float width, ImU32 colour, const char* owner,
           bool centred = false) {
    const float h = text_height(font, text, width);
    draw_text_in_box(ui, font, text, pos, width, h, colour, owner, centred);
    return h;
}

// One line of `text` that fits `width`, cut at a character boundary with "…" when longer:
// alerts can hold long paths without spaces, and staff need the start of each.
std::string fit_line(ImFont* font, const std::string& text, float width) {
    const auto w = [&](const std::string& s) {
        return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.c_str()).x;
    };
    if (w(text) <= width) return text;
    std::string cut = text;
    while (!cut.empty() && w(cut + "\u2026") > width) {
        cut.pop_back();
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80)
            cut.pop_back();  // UTF-8 continuation
        if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0) cut.pop_back();  // lead byte
    }
    return cut + "\u2026";
}

// `text` broken into lines of `width` at spaces only, the breaks made here with '\n': Dear
// ImGui's own wrap also breaks after '.' and inside a word too long for the line, which cut a
// file name in two. A single word wider than the line is shortened with "…" (fit_line).
std::string wrap_words(ImFont* font, const std::string& text, float width) {
    const auto w = [&](std::string_view s) {
        return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.data(), s.data() + s.size()).x;
    };
    // A pixel to spare: ImGui's wrap sums the glyphs one by one and may round the other way.
    const float room = std::max(1.0f, width - 1.0f);
    std::string out, current;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find_first_of(" \n", start), text.size());
        std::string word = text.substr(start, end - start);
        if (w(word) > room) word = fit_line(font, word, room);
        if (!current.empty() && w(current + " " + word) > room) {
            out += current + "\n";
            current.clear();
        }
        current += (current.empty() ? "" : " ") + word;
        if (end < text.size() && text[end] == '\n') {
            out += current + "\n";
            current.clear();
        }
        start = end + 1;
    }
    return out + current;
}

// A paragraph wrapped at word boundaries (wrap_words); returns the height used.
float paragraph(Ui& ui, ImFont* font, const std::string& text, ImVec2 pos, float width, ImU32 colour,
                const char* owner) {
    return line(ui, font, wrap_words(font, text, width), pos, width, colour, owner);
}

// The staff screens' buttons. An enabled one is light on the dark background and clearly
// tappable; a disabled one is drawn as a dark, muted button of that background with no
// outline (touch_button's OnDark look when disabled), so it does not stand out more.
bool staff_button(Ui& ui, const std::string& id, ImVec2 size, std::string_view label, bool enabled,
                  ButtonStyle style = ButtonStyle::Secondary) {
    return touch_button(ui, id, size, label, enabled ? style : ButtonStyle::OnDark,
                        enabled ? Enabled::Yes : Enabled::No);
}

}  // namespace

void draw_staff_pin(Ui& ui, const StaffPinView& view, Intents& out) {
    background(ui);
    const Metrics& m = ui.m;
    const ImU32 on_dark = IM_COL32_WHITE;  // on the dark staff background
    const float key = std::min(150.0f * m.scale, (m.display.y - 2 * m.pad) / 7.2f);
    const float grid_w = 3 * key + 2 * m.gap * 0.5f;
    const float col_w = std::max(grid_w, std::min(m.display.x - 2 * m.pad, 900.0f * m.scale));
    const float x0 = (m.display.x - col_w) * 0.5f;
    float y = m.pad;
    y += line(ui, ui.fonts.title, st(ui, "pin_title"), ImVec2(x0, y), col_w, on_dark, "staff/pin", true) + m.gap * 0.5f;

    std::string status = st(ui, view.stick ? "pin_stick" : "pin_prompt");
    ImU32 status_col = on_dark;
    if (!view.configured)
        status = st(ui, "pin_not_configured");
    else if (view.locked_minutes > 0) {
        status = replace_placeholder(st(ui, "pin_locked"), "minutes", std::to_string(view.locked_minutes));
        status_col = ui.theme.badge;
    } else if (view.checking)
        status = st(ui, "pin_checking");
    else if (view.wrong) {
        status = st(ui, "pin_wrong");
        status_col = ui.theme.badge;
    }
    y += line(ui, ui.fonts.body_bold, wrap_words(ui.fonts.body_bold, status, col_w), ImVec2(x0, y), col_w, status_col,
              "staff/pin", true) +
         m.gap * 0.5f;

    // The digits entered, as dots in a field.
    const float field_h = ui.fonts.heading->FontSize + m.gap;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fx = (m.display.x - grid_w) * 0.5f;
    dl->AddRectFilled(ImVec2(fx, y), ImVec2(fx + grid_w, y + field_h), ui.theme.surface, m.radius);
    // One star per digit, never the digits themselves.
    std::string shown;
    for (std::size_t i = 0; i < view.digits; ++i) shown += i ? " *" : "*";
    draw_text_in_box(ui, ui.fonts.heading, shown.empty() ? " " : shown, ImVec2(fx, y + m.gap * 0.5f), grid_w, field_h,
                     ui.theme.text, "staff/pin/field", true);
    y += field_h + m.gap;

    const bool usable = view.configured && view.locked_minutes == 0 && !view.checking;
    const std::string backspace(icon(ui, Icon::Backspace));
    const char* labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", backspace.c_str(), "0", nullptr};
    for (int i = 0; i < 12; ++i) {
        const float kx = fx + static_cast<float>(i % 3) * (key + m.gap * 0.5f);
        const float ky = y + static_cast<float>(i / 3) * (key * 0.62f + m.gap * 0.5f);
        ImGui::SetCursorScreenPos(ImVec2(kx, ky));
        const ImVec2 size(key, key * 0.62f);
        if (i == 11) {
            if (staff_button(ui, "staff/pin/ok", size, st(ui, "ok"), usable && view.digits >= k_min_pin_digits,
                             ButtonStyle::Primary))
                out.push_back(StaffPinKey{StaffPinKey::Kind::Submit});
        } else if (i == 9) {
            if (staff_button(ui, "staff/pin/back", size, labels[i], usable))
                out.push_back(StaffPinKey{StaffPinKey::Kind::Backspace});
        } else {
            const std::string id = std::string("staff/pin/") + labels[i];
            if (staff_button(ui, id, size, labels[i], usable))
                out.push_back(StaffPinKey{StaffPinKey::Kind::Digit, labels[i][0]});
        }
    }
    y += 4 * (key * 0.62f + m.gap * 0.5f) + m.gap * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(fx, y));
    if (staff_button(ui, "staff/close", ImVec2(grid_w, m.touch_min), st(ui, "cancel"), true))
        out.push_back(StaffAction{StaffAction::Kind::Close});
}

void draw_staff_panel(Ui& ui, const StaffPanelView& view, Intents& out) {
    background(ui);
    const Metrics& m = ui.m;
    const ImU32 light = IM_COL32_WHITE;
    const ImU32 muted = IM_COL32(0xC8, 0xD2, 0xDE, 0xFF);
    const float w = m.display.x - 2 * m.pad;
    float y = m.pad * 0.6f;
    y += line(ui, ui.fonts.heading, st(ui, "panel_title"), ImVec2(m.pad, y), w, light, "staff/panel") + m.gap * 0.5f;

    // Facts on the left (top in portrait), actions on the right (below in portrait).
    const bool wide = !m.portrait;
    const float facts_w = wide ? w * 0.58f : w;
    const float label_w = facts_w * 0.34f;
    float fy = y;
    for (const auto& [full_label, full_value] : view.facts) {
        // Labels and values wrap at spaces; a single word longer than the column is cut.
        const std::string label = wrap_words(ui.fonts.small, full_label, label_w - m.gap * 0.5f);
        const std::string value = wrap_words(ui.fonts.small, full_value, facts_w - label_w);
        const float h = std::max(text_height(ui.fonts.small, label, label_w - m.gap * 0.5f),
                                 text_height(ui.fonts.small, value, facts_w - label_w));
        draw_text_in_box(ui, ui.fonts.small, label, ImVec2(m.pad, fy), label_w - m.gap * 0.5f, h, muted, "staff/facts");
        draw_text_in_box(ui, ui.fonts.small, value, ImVec2(m.pad + label_w, fy), facts_w - label_w, h, light,
                         "staff/facts");
        fy += h + m.gap * 0.25f;
    }
    fy += m.gap * 0.25f;
    fy += line(ui, ui.fonts.body_bold, st(ui, "alerts"), ImVec2(m.pad, fy), facts_w, light, "staff/alerts") +
          m.gap * 0.2f;
    if (view.alerts.empty())
        fy += line(ui, ui.fonts.small, st(ui, "alerts_none"), ImVec2(m.pad, fy), facts_w, muted, "staff/alerts");
    // Alerts fill what room is left, the newest first. Each says what happened and what to do,
    // so it wraps at spaces over as many lines as it needs; one that no longer fits whole shows
    // its first line, cut with "…", and the older ones are left out.
    const float alerts_bottom = wide ? m.display.y - m.pad : fy + 10 * (ui.fonts.small->FontSize * 1.3f);
    for (const std::string& a : view.alerts) {
        std::string shown = wrap_words(ui.fonts.small, a, facts_w);
        float h = text_height(ui.fonts.small, shown, facts_w);
        const bool whole = fy + h <= alerts_bottom;
        if (!whole) {
            shown = fit_line(ui.fonts.small, a, facts_w);
            h = text_height(ui.fonts.small, shown, facts_w);
            if (fy + h > alerts_bottom) break;
        }
        draw_text_in_box(ui, ui.fonts.small, shown, ImVec2(m.pad, fy), facts_w, h, muted, "staff/alerts");
        fy += h + m.gap * 0.15f;
        if (!whole) break;
    }

    const float ax = wide ? m.pad + facts_w + m.gap : m.pad;
    const float aw = wide ? w - facts_w - m.gap : w;
    float ay = wide ? y : fy + m.gap * 0.5f;
    if (!view.task.empty()) {
        const ImU32 colour = view.task_failed ? ui.theme.badge : light;
        ay += paragraph(ui, ui.fonts.body_bold, view.task, ImVec2(ax, ay), aw, colour, "staff/task") + m.gap * 0.2f;
        if (!view.task_detail.empty())
            ay +=
                paragraph(ui, ui.fonts.body, view.task_detail, ImVec2(ax, ay), aw, colour, "staff/task") + m.gap * 0.2f;
        ay += m.gap * 0.3f;
    }
    const float bh = m.touch_min;
    const auto button = [&](const char* id, const char* key, StaffAction::Kind kind, bool enabled,
                            ButtonStyle style = ButtonStyle::Secondary) {
        ImGui::SetCursorScreenPos(ImVec2(ax, ay));
        if (staff_button(ui, id, ImVec2(aw, bh), st(ui, key), enabled, style)) out.push_back(StaffAction{kind});
        ay += bh + m.gap * 0.4f;
    };
    button("staff/sync", "action_sync", StaffAction::Kind::Sync, view.sync_enabled);
    button("staff/import", "action_import", StaffAction::Kind::Import, view.stick && !view.busy);
    button("staff/rollback", "action_rollback", StaffAction::Kind::Rollback, view.can_rollback && !view.busy);
    button("staff/export", "action_export", StaffAction::Kind::Export, view.stick && !view.busy);
    button("staff/receipts", "action_receipts", StaffAction::Kind::Receipts, view.stick && !view.busy);
    button("staff/statement", "action_statement", StaffAction::Kind::Statement, view.stick && !view.busy);
    button("staff/quit", "action_quit", StaffAction::Kind::Quit, !view.busy);
    button("staff/close", "close", StaffAction::Kind::Close, true, ButtonStyle::Primary);
}

}  // namespace ruhr
