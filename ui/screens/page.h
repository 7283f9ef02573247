#pragma once
// The frame every scrolling visitor page shares: the nav bar, a scroll area below it with the
// page margin, and the page heading.

#include "ui/widgets.h"

namespace ruhr {

/// Draws the nav bar and opens the page's scroll area (`view_h` tall, or the rest of the
/// screen when 0), indented by the page margin. Returns the content width.
float begin_page(Ui& ui, const char* name, ScrollArea& area, float& scroll, Intents& out, float view_h = 0.0f);
void end_page(Ui& ui, ScrollArea& area);
/// The page title, and an intro line under it when `intro` is not null.
void page_heading(Ui& ui, const std::string& title, const std::string* intro, const std::string& id);

}  // namespace ruhr
