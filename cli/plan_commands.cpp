#include "commands.h"
namespace bfc::cli {
void register_plan_commands(CLI::App&, int&) {}
}
