#pragma once
// The fonts the screens draw with, built once per display scale into Dear ImGui's atlas.

#include "ui/theme.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace ruhr {

/// Font files to use; found by the platform layer (fontconfig) at run time.
struct FontFiles {
    std::string regular;
    std::string bold;
    std::string icons;  // the controls' icon font (assets/icons.h); empty: Unicode fallbacks
    // A font for the arrows, stars and check marks the text font lacks (Noto Sans has none of
    // them), merged into every size for those characters only; empty: they show as '?'.
    std::string symbols;
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
    bool icons = false;  // the icon font is merged into every size (else icons are fallbacks)
};

/// The characters each group of sizes holds (zero-terminated range lists for Dear ImGui).
struct GlyphRanges {
    /// small, body, body_bold, heading: everything a visitor can see, including text typed
    /// on the keyboard: the fixed ranges (Latin-1, Latin Extended-A, quotes and dashes, €,
    /// arrows, stars) plus every character of the texts.
    std::vector<ImWchar> text;
    /// title and display: only fixed texts are drawn this large, never typed text, so these
    /// hold printable ASCII, the symbols and the characters of the texts. The large sizes
    /// take most of the atlas; this keeps it small (and start-up short).
    std::vector<ImWchar> titles;
};

/// Clears `atlas` and fills it with the sizes `m` asks for, rasterized by FreeType so they stay
/// sharp at every size; characters outside `ranges` show as '?'. Without `ranges` the
/// fixed ranges are used for every size. Returns false when a file cannot be used; the atlas
/// then holds Dear ImGui's built-in font so the app still shows something. Needs no Dear ImGui
/// context and no OpenGL: it may run on a worker thread while nothing else uses `atlas`.
bool build_fonts(ImFontAtlas& atlas, const FontFiles& files, const Metrics& m, Fonts& out,
                 const GlyphRanges* ranges = nullptr);

/// The glyph ranges for `texts` (every text that can be shown: a pack in Polish, Turkish or
/// Ukrainian brings its own letters). Keep the result alive while the atlas is built.
GlyphRanges glyph_ranges_for(const std::vector<std::string>& texts);

}  // namespace ruhr
