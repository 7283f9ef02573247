#pragma once
// The pack's identity on screen (manifest "brand", docs/design.md): the wordmark (its logo, or
// its name written with the fields' colours as a stripe beneath) and the sender line.

#include "ui/widgets.h"

#include <string>

namespace ruhr {

/// The wordmark's name: brand.name, or the pack's title when the pack has no brand.
const std::string& brand_name(const Ui& ui);

/// Height of the wordmark drawn with `font` (name and stripe, or the logo at the name's height).
float wordmark_height(ImFont* font);

/// Draws the wordmark at `pos`, at most `max_width` wide, in `colour` (the logo keeps its own),
/// and reports its text as `owner`. Returns its width.
float draw_wordmark(Ui& ui, ImVec2 pos, ImFont* font, ImU32 colour, float max_width, const std::string& owner);

/// The home page's foot: the wordmark on the left, the sender line beside it. Nothing (height
/// 0) when the pack has no brand.
float brand_footer_height(const Ui& ui, float width);
void draw_brand_footer(Ui& ui, ImVec2 pos, float width);

}  // namespace ruhr
