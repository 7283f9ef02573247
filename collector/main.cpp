// ruhr-collector: receives the kiosks' outbox records (docs/collector.md).
#include "collector/commands.h"

#include <iostream>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return ruhr::collector::run_command(args, std::cout, std::cerr);
}
