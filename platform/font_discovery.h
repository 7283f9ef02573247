#pragma once
// Finds the font files at run time with fontconfig (Debian's fonts-dejavu-core by default).

#include "ui/fonts.h"

namespace ruhr {

/// Regular and bold files of `family`, or of a close match fontconfig picks. Empty strings
/// when nothing usable is installed.
FontFiles find_fonts(const char* family = "DejaVu Sans");

}  // namespace ruhr
