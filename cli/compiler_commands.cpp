#include "commands.h"
namespace bfc::cli {
void register_compiler_commands(CLI::App&, int&) {}
}
