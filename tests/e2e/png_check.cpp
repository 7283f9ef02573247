// png_check FILE WIDTH HEIGHT: fails unless FILE is a PNG of that size that shows something,
// i.e. is not one flat colour. Used by the end-to-end scenarios on every screenshot.

#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <unordered_map>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: png_check FILE WIDTH HEIGHT\n");
        return 2;
    }
    int w = 0, h = 0, comp = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &comp, 3);
    if (!px) {
        std::fprintf(stderr, "png_check: %s: cannot read: %s\n", argv[1], stbi_failure_reason());
        return 1;
    }
    const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
    int rc = 0;
    if (w != want_w || h != want_h) {
        std::fprintf(stderr, "png_check: %s: %dx%d, expected %dx%d\n", argv[1], w, h, want_w, want_h);
        rc = 1;
    }
    // Colours quantized to 5 bits per channel; a real screen has many, a blank one a few.
    std::unordered_map<unsigned, long> counts;
    const long n = static_cast<long>(w) * h;
    for (long i = 0; i < n; ++i) {
        const unsigned char* p = px + i * 3;
        counts[(static_cast<unsigned>(p[0] >> 3) << 10) | (static_cast<unsigned>(p[1] >> 3) << 5) | (p[2] >> 3)]++;
    }
    long top = 0;
    for (const auto& [c, k] : counts) top = k > top ? k : top;
    const double share = static_cast<double>(top) / static_cast<double>(n);
    if (counts.size() < 32 || share > 0.92) {
        std::fprintf(stderr, "png_check: %s looks blank: %zu colours, the commonest covers %.1f %%\n", argv[1],
                     counts.size(), share * 100.0);
        rc = 1;
    }
    stbi_image_free(px);
    if (rc == 0) std::printf("png_check: %s ok (%dx%d, %zu colours)\n", argv[1], w, h, counts.size());
    return rc;
}
