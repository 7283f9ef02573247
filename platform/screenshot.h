#pragma once
// Writes RGBA pixels as a PNG file.

#include "base/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ruhr {

/// `rgba` holds top-down rows of `width` x `height` pixels.
Result<bool> write_png(const std::string& path, const std::vector<std::uint8_t>& rgba, int width, int height);

}  // namespace ruhr
