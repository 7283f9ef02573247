#include "ui/screens/nav_bar.h"

#include "ui/screens/accessibility_menu.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {
float label_width(ImFont* f, std::string_view label) {
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, label.data(), label.data() + label.size()).x;
}
std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
float button_width(const Metrics& m, ImFont* f, std::string_view label) {
    return std::max(m.touch_min * 1.5f, label_width(f, label) + 2.0f * m.gap * 1.25f);
}
float button_width(const Ui& ui, std::string_view label) { return button_width(ui.m, ui.fonts.body_bold, label); }
}  // namespace

bool nav_needs_second_row(const Metrics& m, ImFont* label_font, const ContentPack& pack) {
    if (!m.portrait || label_font == nullptr) return false;
    const float gap = m.gap * 0.5f;
    float need = 4.0f * (m.touch_min * 1.5f + gap);  // back, home, accessibility, info as icons
    for (const auto& l : pack.languages) need += button_width(m, label_font, l.name) + gap;
    return need > m.display.x - m.pad;
}

float draw_nav_bar(Ui& ui, NavButtons buttons, Intents& out) {
    const Metrics& m = ui.m;
    const float h = m.nav_height;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::GetWindowDrawList()->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + h), ui.theme.nav_background);

    // With two rows the buttons take the first, the languages the second.
    const bool two_rows = m.nav_rows == 2;
    const float row_h = two_rows ? h * 0.5f : h;
    const float bh = std::min(m.touch_min, row_h - 8.0f * m.scale);
    const float by = origin.y + (row_h - bh) * 0.5f;
    const float lang_y = two_rows ? by + row_h : by;
    float x = origin.x + m.pad * 0.5f;
    // Narrow screens and large text: the accessibility button shrinks to its icon, then "back",
    // then "home" to theirs, before anything overlaps.
    std::string back = icon_label(ui, Icon::Back, ui.t("back"));
    std::string home = icon_label(ui, Icon::Home, ui.t("home"));
    std::string access = icon_label(ui, Icon::Accessibility, ui.t("a11y_button"));
    std::string info = icon_label(ui, Icon::Info, ui.t("info_button"));
    bool compact_languages = false;
    {
        const float gap = m.gap * 0.5f;
        float langs = 0.0f;
        for (const auto& l : ui.pack.languages) langs += button_width(ui, l.name) + gap;
        float langs_compact = 0.0f;
        for (const auto& l : ui.pack.languages) langs_compact += button_width(ui, upper(l.code)) + gap;
        // The demo badge stands beside the languages: its room is kept, so buttons shrink to
        // their icons before it would have to go (it must not come and go between screens).
        if (ui.pack.demo) {
            ImFont* f = ui.fonts.small;
            const float badge =
                f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, ui.t("demo_badge").c_str()).x + m.gap * 2.0f;
            langs += badge;
            langs_compact += badge;
        }
        const auto left = [&] {
            float w = button_width(ui, access) + button_width(ui, info) + 2 * gap;
            if (buttons == NavButtons::Full) w += button_width(ui, back) + button_width(ui, home) + 2 * gap;
            return w;
        };
        const float room = width - m.pad;
        // Two rows: each group has the width to itself.
        const float lang_room = two_rows ? 0.0f : langs;
        const auto crowded = [&] { return left() + lang_room > room; };
        if (two_rows && langs > room) {
            compact_languages = true;  // last resort, even in a row of their own
        }
        if (two_rows) {
            if (crowded()) info = icon(ui, Icon::Info);
            if (crowded()) access = icon(ui, Icon::Accessibility);
            if (crowded()) back = icon(ui, Icon::Back);
            if (crowded()) home = icon(ui, Icon::Home);
        }
        if (!two_rows && left() + langs > room) info = icon(ui, Icon::Info);
        if (!two_rows && left() + langs > room) access = icon(ui, Icon::Accessibility);
        if (!two_rows && left() + langs > room) back = icon(ui, Icon::Back);
        if (!two_rows && left() + langs > room) home = icon(ui, Icon::Home);
        // Last resort: languages by their codes (DE, EN, DE-LS).
        if (!two_rows && left() + langs > room) {
            compact_languages = true;
            langs = langs_compact;
            // The codes leave room: words come back in the order they went, as far as they fit.
            const auto restore = [&](std::string& label, const std::string& full) {
                const std::string compact = label;
                label = full;
                if (left() + langs > room) label = compact;
            };
            restore(home, icon_label(ui, Icon::Home, ui.t("home")));
            restore(back, icon_label(ui, Icon::Back, ui.t("back")));
            restore(access, icon_label(ui, Icon::Accessibility, ui.t("a11y_button")));
            restore(info, icon_label(ui, Icon::Info, ui.t("info_button")));
        }
    }
    if (buttons == NavButtons::Full) {
        ImGui::SetCursorScreenPos(ImVec2(x, by));
        if (touch_button(ui, "nav/back", ImVec2(button_width(ui, back), bh), back, ButtonStyle::OnDark))
            out.push_back(GoBack{});
        x += button_width(ui, back) + m.gap * 0.5f;
        ImGui::SetCursorScreenPos(ImVec2(x, by));
        if (touch_button(ui, "nav/home", ImVec2(button_width(ui, home), bh), home, ButtonStyle::OnDark))
            out.push_back(GoHome{});
        x += button_width(ui, home) + m.gap * 0.5f;
    }

    // Accessibility on every screen with a nav bar, after back and home.
    {
        const float w = button_width(ui, access);
        ImGui::SetCursorScreenPos(ImVec2(x, by));
        draw_accessibility_button(ui, ImVec2(w, bh), ButtonStyle::OnDark, out, &access);
        x += w + m.gap * 0.5f;
    }
    // The privacy notice and the imprint, on every screen with a nav bar.
    {
        const float w = button_width(ui, info);
        ImGui::SetCursorScreenPos(ImVec2(x, by));
        if (touch_button(ui, "nav/info", ImVec2(w, bh), info, ButtonStyle::OnDark)) out.push_back(OpenInfo{});
        x += w + m.gap * 0.5f;
    }

    // Languages from the right edge, each named in its own language.
    float rx = origin.x + width - m.pad * 0.5f;
    for (auto it = ui.pack.languages.rbegin(); it != ui.pack.languages.rend(); ++it) {
        const std::string label = compact_languages ? upper(it->code) : it->name;
        const float w = button_width(ui, label);
        rx -= w;
        ImGui::SetCursorScreenPos(ImVec2(rx, lang_y));
        const bool current = it->code == ui.language;
        if (touch_button(ui, "lang/" + it->code, ImVec2(w, bh), label,
                         current ? ButtonStyle::Selected : ButtonStyle::OnDark))
            out.push_back(SetLanguage{it->code});
        rx -= m.gap * 0.5f;
    }
    if (ui.pack.demo) {
        // The badge says the content is for demonstration; it sits between the button groups,
        // which left room for it (above); only a bar too narrow for anything drops it.
        ImFont* f = ui.fonts.small;
        const std::string& badge = ui.t("demo_badge");
        const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, badge.c_str());
        const float bw = ts.x + m.gap;
        const float bx = rx - bw - m.gap * 0.5f;
        const float bleft = two_rows ? origin.x + m.pad * 0.5f : x + m.gap * 0.5f;
        if (bx > bleft) {
            const float bhh = ts.y + m.gap * 0.5f;
            const ImVec2 p(bx, (two_rows ? origin.y + row_h : origin.y) + (row_h - bhh) * 0.5f);
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled(p, ImVec2(p.x + bw, p.y + bhh), ui.theme.badge, bhh * 0.5f);
            ui.widgets.add_message("nav/demo", p, ImVec2(p.x + bw, p.y + bhh));
            dl->AddText(f, f->FontSize, ImVec2(p.x + m.gap * 0.5f, p.y + m.gap * 0.25f), ui.theme.on_badge,
                        badge.c_str());
        }
    }
    // Codes are a visitor's puzzle ("DE-LS"): the layout tests treat them like cut-off text.
    if (compact_languages) ui.widgets.report_clipping("nav", "language names shortened to their codes");
    if (!two_rows && x > rx + m.gap * 0.5f)
        ui.widgets.report_clipping("nav", "navigation buttons overlap the language switch");
    if (two_rows && (x > origin.x + width || rx < origin.x))
        ui.widgets.report_clipping("nav", "navigation buttons or languages wider than the bar");
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + h));
    return h;
}

}  // namespace ruhr
