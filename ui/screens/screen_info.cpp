#include "ui/screens/screen_info.h"

#include "ui/screens/page.h"

namespace ruhr {

void draw_info(Ui& ui, ScrollArea& area, float& scroll, Intents& out) {
    const Metrics& m = ui.m;
    const float w = begin_page(ui, "info", area, scroll, out);
    // A reading column: long lines tire, and the notice is read, not scanned.
    const float col = std::min(w, 1100.0f * m.scale);
    page_heading(ui, ui.c("privacy.title"), nullptr, "info/privacy");
    ImGui::Dummy(ImVec2(col, m.gap * 0.5f));
    text_block(ui, ui.fonts.body, ui.c("privacy.body"), col, ui.theme.text, "info/privacy");
    ImGui::Dummy(ImVec2(col, m.pad * 1.5f));
    text_block(ui, ui.fonts.heading, ui.c("imprint.title"), col, ui.theme.text, "info/imprint");
    ImGui::Dummy(ImVec2(col, m.gap * 0.5f));
    text_block(ui, ui.fonts.body, ui.c("imprint.body"), col, ui.theme.text, "info/imprint");
    ImGui::Dummy(ImVec2(col, m.pad));
    end_page(ui, area);
}

}  // namespace ruhr
