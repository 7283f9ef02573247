#pragma once
// What screens ask for. A screen draws and returns intents; the app carries them out.

#include <string>
#include <variant>
#include <vector>

namespace ruhr {

struct StartVisit {};                      // attract screen tapped
struct OpenVision {};
struct OpenForums {};
struct OpenForum { std::string id; };
struct GoBack {};
struct GoHome {};
struct SetLanguage { std::string code; };
struct ContinueVisit {};                   // "still here" on the idle countdown
struct EndVisit {};                        // "start over" on the idle countdown

using Intent = std::variant<StartVisit, OpenVision, OpenForums, OpenForum, GoBack, GoHome, SetLanguage,
                            ContinueVisit, EndVisit>;
using Intents = std::vector<Intent>;

} // namespace ruhr
