#include "ui/screens/page.h"

#include "ui/screens/nav_bar.h"

namespace ruhr {

float begin_page(Ui& ui, const char* name, ScrollArea& area, float& scroll, Intents& out, float view_h) {
    const Metrics& m = ui.m;
    draw_nav_bar(ui, NavButtons::Full, out);
    area.begin(ui, name, ImVec2(m.display.x, view_h > 0.0f ? view_h : m.display.y - m.nav_height), scroll);
    const float w = m.display.x - 2 * m.pad;
    ImGui::Dummy(ImVec2(w, m.pad));
    ImGui::Indent(m.pad);
    return w;
}

void end_page(Ui& ui, ScrollArea& area) {
    const Metrics& m = ui.m;
    ImGui::Dummy(ImVec2(m.display.x - 2 * m.pad, m.pad));
    ImGui::Unindent(m.pad);
    area.end(ui);
}

void page_heading(Ui& ui, const std::string& title, const std::string* intro, const std::string& id) {
    const Metrics& m = ui.m;
    const float w = m.display.x - 2 * m.pad;
    text_block(ui, ui.fonts.title, title, w, ui.theme.text, id + "/title");
    if (intro) {
        ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
        text_block(ui, ui.fonts.body, *intro, w, ui.theme.text_muted, id + "/intro");
    }
}

}  // namespace ruhr
