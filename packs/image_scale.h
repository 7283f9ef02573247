#pragma once
// The one image scaler of the kiosk: the pack installer writes scaled copies of large photos
// with it, and the UI's image decoder scales what is still larger than the screen. Pixels in,
// pixels out: decoding, encoding and files stay with the callers.

#include <cstdint>
#include <vector>

namespace ruhr {

/// Scales `pixels` (`width` x `height`, `channels` bytes a pixel, rows without padding) to
/// `new_width` x `new_height` with stb_image_resize's filters (Mitchell when shrinking).
/// Returns the scaled pixels, or an empty vector when a size is not positive or stb fails.
std::vector<std::uint8_t> scale_pixels(const std::uint8_t* pixels, int width, int height, int channels, int new_width,
                                       int new_height);

}  // namespace ruhr
