#include "platform/font_discovery.h"

#include "assets/icons.h"

#include <fontconfig/fontconfig.h>

#include <filesystem>
#include <initializer_list>

#include <string>

namespace ruhr {

namespace {
std::string match(FcConfig* cfg, const char* family, int weight, std::initializer_list<FcChar32> needed) {
    std::string out;
    FcPattern* pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcPatternAddInteger(pat, FC_WEIGHT, weight);
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    // Ask for the glyphs the text needs, so a font without umlauts is never chosen.
    FcCharSet* cs = FcCharSetCreate();
    for (const FcChar32 c : needed) FcCharSetAddChar(cs, c);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    if (FcPattern* font = FcFontMatch(cfg, pat, &res)) {
        FcChar8* file = nullptr;
        if (FcPatternGetString(font, FC_FILE, 0, &file) == FcResultMatch && file)
            out = reinterpret_cast<const char*>(file);
        FcPatternDestroy(font);
    }
    FcCharSetDestroy(cs);
    FcPatternDestroy(pat);
    return out;
}
}  // namespace

FontFiles find_fonts(const char* family) {
    FontFiles files;
    FcConfig* cfg = FcInitLoadConfigAndFonts();
    if (!cfg) return files;
    const std::initializer_list<FcChar32> german = {0xE4u, 0xF6u, 0xFCu, 0xDFu, 0x201Eu, 0x20ACu};
    files.regular = match(cfg, family, FC_WEIGHT_REGULAR, german);
    files.bold = match(cfg, family, FC_WEIGHT_BOLD, german);
    // Arrows, stars, the check mark and the erase key: DejaVu Sans has them all (a font that
    // lacks some is a worse match; a character still missing shows as '?').
    const std::string symbols =
        match(cfg, "DejaVu Sans", FC_WEIGHT_REGULAR, {0x2190u, 0x21E7u, 0x232Bu, 0x2605u, 0x2606u, 0x2713u});
    if (symbols != files.regular) files.symbols = symbols;
    FcConfigDestroy(cfg);
    // The icon font is the package's file itself: fontconfig would offer a text font that
    // lacks the glyphs when it is missing.
    std::error_code ec;
    if (std::filesystem::exists(k_icon_font_file, ec)) files.icons = k_icon_font_file;
    return files;
}

}  // namespace ruhr
