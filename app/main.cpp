// ruhr-kiosk: the touchscreen kiosk of the Ruhr-Konferenz. Reads the command line
// (app/command_line.h) and hands over to the start-up wiring (app/startup.h).

#include "app/command_line.h"
#include "app/startup.h"

#include <malloc.h>

#include <chrono>

int main(int argc, char** argv) {
    const double started_at =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    // One malloc arena for all threads, set before any thread starts. By default each thread
    // that allocates gets an arena of its own: the font and image threads' memory, once freed,
    // could not be reused by the UI thread, and every page of a fresh arena is a page fault
    // (10-15 us each on the VMs measured here). With one arena the kiosk starts about 40 ms
    // sooner and uses about 3 MiB less (docs/benchmarks.md); the threads allocate little
    // after start-up, and small blocks still come from each thread's own cache.
    mallopt(M_ARENA_MAX, 1);
    ruhr::app::CommandLine cl = ruhr::app::parse_command_line(argc, argv);
    if (cl.exit_code) return *cl.exit_code;
    cl.run.started_at = started_at;
    return ruhr::app::start(std::move(cl));
}
