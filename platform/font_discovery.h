#pragma once
// Finds the font files at run time with fontconfig (Noto Sans from Debian's fonts-noto-core by
// default; docs/design.md says why).

#include "ui/fonts.h"

namespace ruhr {

/// Regular and bold files of `family`, or of a close match fontconfig picks. Empty strings
/// when nothing usable is installed.
FontFiles find_fonts(const char* family = "Noto Sans");

}  // namespace ruhr
