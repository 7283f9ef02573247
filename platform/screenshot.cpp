#include "platform/screenshot.h"

#include <stb_image_write.h>

namespace ruhr {

Result<bool> write_png(const std::string& path, const std::vector<std::uint8_t>& rgba, int width, int height) {
    if (!stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4))
        return Error{"cannot write the screenshot " + path};
    return true;
}

}  // namespace ruhr
