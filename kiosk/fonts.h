#pragma once
// The fonts the screens draw with, built once per display scale into Dear ImGui's atlas.

#include "kiosk/theme.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace ruhr {

/// Font files to use; found by the platform layer (fontconfig) at run time.
struct FontFiles {
    std::string regular;
    std::string bold;
};

/// The faces and sizes the screens use.
struct Fonts {
    ImFont* small = nullptr;
    ImFont* body = nullptr;
    ImFont* body_bold = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
    ImFont* display = nullptr;
    float scale = 0.0f;  // the Metrics::scale these were built for
};

/// Clears `atlas` and fills it with the sizes `m` asks for, rasterized by FreeType so they stay
/// sharp at every size. Covers Latin-1, Latin Extended-A, typographic quotes and dashes, €,
/// arrows and stars; other characters show as U+FFFD. Returns false when a file cannot be
/// used; the atlas then holds Dear ImGui's built-in font so the app still shows something.
bool build_fonts(ImFontAtlas& atlas, const FontFiles& files, const Metrics& m, Fonts& out,
                 const ImWchar* ranges = nullptr);

/// The glyph ranges the fonts need: the fixed ones above plus every character `texts` use
/// (a pack in Polish, Turkish or Ukrainian brings its own letters). Keep the vector alive
/// while the atlas is built.
std::vector<ImWchar> glyph_ranges_for(const std::vector<std::string>& texts);
/// The fixed ranges alone.
const ImWchar* base_glyph_ranges();

} // namespace ruhr
