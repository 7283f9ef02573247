#pragma once
// The scenario language of `ruhr-kiosk --script FILE` (documented in docs/testing.md).

#include "base/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace ruhr {

struct ScriptCommand {
    enum class Kind {
        Tap,               // tap <widget-id>
        TapAt,             // tap-at <x> <y>
        DoubleTap,         // double-tap <widget-id>: two quick taps, as an impatient finger does
        Drag,              // drag <x1> <y1> <x2> <y2> [seconds]
        ScrollTo,          // scroll-to <widget-id>: drag the content until the widget shows
        Type,              // type <text ...>
        Advance,           // advance <seconds>
        ExpectScreen,      // expect-screen <name>
        ExpectVisible,     // expect-visible <widget-id>
        ExpectHidden,      // expect-hidden <widget-id>
        ExpectLanguage,    // expect-language <code>
        ExpectNoClipping,  // expect-no-clipping
        Screenshot,        // screenshot <file.png>
        WaitSync,          // wait-sync <seconds>: real time, until the sync worker has delivered everything
        WaitSyncAttempt,   // wait-sync-attempt <seconds>: real time, until a sync run has ended (any result)
        Quit,              // quit
    };
    Kind kind;
    std::string text;            // widget id, screen name, file, text to type
    std::vector<float> numbers;  // coordinates, seconds
    std::vector<bool> percent;   // per number: given as "50%" of the window's width or height
    int line = 0;
};

/// Parses a whole script. Blank lines and lines starting with '#' are skipped. An unknown
/// command or a wrong argument is an error naming the line.
Result<std::vector<ScriptCommand>> parse_script(std::string_view text);

}  // namespace ruhr
