#include "packs/image_scale.h"

#include <stb_image_resize.h>

namespace ruhr {

std::vector<std::uint8_t> scale_pixels(const std::uint8_t* pixels, int width, int height, int channels, int new_width,
                                       int new_height) {
    if (!pixels || width <= 0 || height <= 0 || channels <= 0 || new_width <= 0 || new_height <= 0) return {};
    std::vector<std::uint8_t> out(static_cast<std::size_t>(new_width) * new_height * channels);
    if (!stbir_resize_uint8(pixels, width, height, 0, out.data(), new_width, new_height, 0, channels)) return {};
    return out;
}

}  // namespace ruhr
