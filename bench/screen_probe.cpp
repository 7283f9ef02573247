// screen_probe: watches the whole X screen (XShm grabs of the root window, hashed) to time
// what a visitor sees, the same way for any program: ours, Chromium, an empty window.
//
//   screen_probe launch [--quiet-ms MS] [--timeout S] [--log FILE] -- CMD ARGS...
//       starts CMD (in its own process group) and reports when the screen first changed
//       and when it showed, for the first time, what it still shows after MS ms without
//       change: the first complete frame.
//   screen_probe tap X Y [--quiet-ms MS] [--timeout S]
//       moves the pointer to X,Y, waits until the screen is still, clicks (xdotool) and
//       reports the time from the click to the first changed frame and to the settled one.
//
// Prints one JSON object. Times are milliseconds on the monotonic clock. Not a test.

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// One XShm image of the root window, grabbed again and hashed on each call.
class ScreenGrab {
public:
    ScreenGrab() {
        m_dpy = XOpenDisplay(nullptr);
        if (!m_dpy) {
            std::fprintf(stderr, "screen_probe: cannot open the display\n");
            std::exit(2);
        }
        const int scr = DefaultScreen(m_dpy);
        m_root = RootWindow(m_dpy, scr);
        m_w = DisplayWidth(m_dpy, scr);
        m_h = DisplayHeight(m_dpy, scr);
        if (!XShmQueryExtension(m_dpy)) {
            std::fprintf(stderr, "screen_probe: the X server has no MIT-SHM\n");
            std::exit(2);
        }
        m_img = XShmCreateImage(m_dpy, DefaultVisual(m_dpy, scr), static_cast<unsigned>(DefaultDepth(m_dpy, scr)),
                                ZPixmap, nullptr, &m_shm, static_cast<unsigned>(m_w), static_cast<unsigned>(m_h));
        m_shm.shmid = shmget(IPC_PRIVATE, static_cast<size_t>(m_img->bytes_per_line) * static_cast<size_t>(m_h),
                             IPC_CREAT | 0600);
        m_shm.shmaddr = m_img->data = static_cast<char*>(shmat(m_shm.shmid, nullptr, 0));
        m_shm.readOnly = False;
        XShmAttach(m_dpy, &m_shm);
        XSync(m_dpy, False);
        shmctl(m_shm.shmid, IPC_RMID, nullptr);  // freed once both sides detach
    }
    ~ScreenGrab() {
        XShmDetach(m_dpy, &m_shm);
        XDestroyImage(m_img);
        shmdt(m_shm.shmaddr);
        XCloseDisplay(m_dpy);
    }
    // FNV-1a over 64-bit words of the whole frame.
    std::uint64_t grab() {
        XShmGetImage(m_dpy, m_root, m_img, 0, 0, AllPlanes);
        const auto* p = reinterpret_cast<const std::uint64_t*>(m_img->data);
        const size_t n = static_cast<size_t>(m_img->bytes_per_line) * static_cast<size_t>(m_h) / 8;
        std::uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
        return h;
    }

private:
    Display* m_dpy = nullptr;
    Window m_root = 0;
    int m_w = 0, m_h = 0;
    XImage* m_img = nullptr;
    XShmSegmentInfo m_shm{};
};

struct Watch {
    double first_change_ms = -1.0;  // first frame that differs from the one before t0
    double settled_ms = -1.0;       // start of the frame that was still there at the end
    int changes = 0;
    int grabs = 0;
    bool timed_out = false;
};

// Grabs until the screen has not changed for quiet_ms after at least one change, or timeout.
Watch watch(ScreenGrab& screen, std::uint64_t before, Clock::time_point t0, double quiet_ms, double timeout_ms) {
    Watch w;
    std::uint64_t last = before;
    double last_change = -1.0;
    for (;;) {
        const std::uint64_t h = screen.grab();
        const double t = ms_since(t0);
        ++w.grabs;
        if (h != last) {
            if (w.first_change_ms < 0) w.first_change_ms = t;
            last_change = t;
            last = h;
            ++w.changes;
        }
        if (last_change >= 0 && t - last_change >= quiet_ms) break;
        if (t >= timeout_ms) {
            w.timed_out = true;
            break;
        }
    }
    w.settled_ms = last_change;
    return w;
}

// The program's output goes to `log` (never to our stdout: whoever reads our JSON would
// wait for the program to end).
pid_t spawn(const std::vector<std::string>& args, bool own_group, const char* log = "/dev/null") {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    if (own_group) {
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attr, 0);
    }
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &files, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        std::fprintf(stderr, "screen_probe: cannot start %s: %s\n", argv[0], std::strerror(rc));
        std::exit(2);
    }
    return pid;
}

void run_and_wait(const std::vector<std::string>& args) {
    int status = 0;
    waitpid(spawn(args, false), &status, 0);
}

void wait_still(ScreenGrab& screen, double quiet_ms, double timeout_ms) {
    const auto t0 = Clock::now();
    std::uint64_t last = screen.grab();
    auto since = Clock::now();
    while (ms_since(since) < quiet_ms && ms_since(t0) < timeout_ms) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const std::uint64_t h = screen.grab();
        if (h != last) {
            last = h;
            since = Clock::now();
        }
    }
}

int usage() {
    std::fprintf(stderr,
                 "usage: screen_probe launch [--quiet-ms MS] [--timeout S] [--log FILE] -- CMD ARGS...\n"
                 "       screen_probe tap X Y [--quiet-ms MS] [--timeout S]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string mode = argv[1];
    double quiet_ms = 1500.0, timeout_s = 30.0;
    std::string log = "/dev/null";
    std::vector<std::string> positional, cmd;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quiet-ms" && i + 1 < argc)
            quiet_ms = std::atof(argv[++i]);
        else if (a == "--timeout" && i + 1 < argc)
            timeout_s = std::atof(argv[++i]);
        else if (a == "--log" && i + 1 < argc)
            log = argv[++i];
        else if (a == "--") {
            for (++i; i < argc; ++i) cmd.emplace_back(argv[i]);
        } else
            positional.push_back(a);
    }
    ScreenGrab screen;
    if (mode == "launch" && !cmd.empty()) {
        const std::uint64_t before = screen.grab();
        const auto t0 = Clock::now();
        const pid_t pid = spawn(cmd, true, log.c_str());
        const Watch w = watch(screen, before, t0, quiet_ms, timeout_s * 1000.0);
        std::printf(
            "{\"pid\":%d,\"first_change_ms\":%.1f,\"settled_ms\":%.1f,\"changes\":%d,\"grabs\":%d,"
            "\"timed_out\":%s}\n",
            static_cast<int>(pid), w.first_change_ms, w.settled_ms, w.changes, w.grabs, w.timed_out ? "true" : "false");
        return 0;
    }
    if (mode == "tap" && positional.size() == 2) {
        run_and_wait({"xdotool", "mousemove", positional[0], positional[1]});
        wait_still(screen, 400.0, 10000.0);
        const std::uint64_t before = screen.grab();
        const auto t0 = Clock::now();
        run_and_wait({"xdotool", "click", "1"});
        const double click_ms = ms_since(t0);
        const Watch w = watch(screen, before, t0, quiet_ms, timeout_s * 1000.0);
        std::printf(
            "{\"click_ms\":%.1f,\"first_change_ms\":%.1f,\"settled_ms\":%.1f,\"changes\":%d,\"grabs\":%d,"
            "\"timed_out\":%s}\n",
            click_ms, w.first_change_ms, w.settled_ms, w.changes, w.grabs, w.timed_out ? "true" : "false");
        return 0;
    }
    return usage();
}
