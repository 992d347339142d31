#include "commands.h"
namespace bfc::cli {
void register_runtime_commands(CLI::App&, int&) {}
}
