// Deciding whether a string command needs /bin/sh.
#include "process.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace bfc::runtime {
namespace {

// Words the shell treats specially in command position (make's list, plus a few).
constexpr std::array<std::string_view, 32> kShellWords = {
    ".",     ":",       "alias", "bg",       "break",  "case",   "cd",    "command",
    "continue", "do",   "done",  "elif",     "else",   "esac",   "eval",  "exec",
    "exit",  "export",  "fg",    "fi",       "for",    "getopts", "if",   "jobs",
    "read",  "readonly", "return", "set",    "shift",  "source", "then",  "trap"};
constexpr std::array<std::string_view, 8> kMoreShellWords = {"ulimit", "umask", "unset", "until",
                                                             "wait",   "while", "times", "!"};

bool needs_shell(std::string_view text) {
  // Anything beyond plain words separated by blanks: quoting, expansion, redirection,
  // globbing, comments, control operators, newlines.
  constexpr std::string_view special = "#;\"*?[]&|<>(){}$`'~!\\\n\r";
  return text.find_first_of(special) != std::string_view::npos;
}

}  // namespace

std::vector<std::string> command_argv(const Command& command) {
  if (command.is_list) return command.argv;
  std::vector<std::string> words;
  if (!needs_shell(command.text)) {
    std::size_t i = 0;
    const std::string& t = command.text;
    while (i < t.size()) {
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
      std::size_t j = i;
      while (j < t.size() && t[j] != ' ' && t[j] != '\t') ++j;
      if (j > i) words.emplace_back(t.substr(i, j - i));
      i = j;
    }
    auto special_word = [&](std::string_view w) {
      return std::find(kShellWords.begin(), kShellWords.end(), w) != kShellWords.end() ||
             std::find(kMoreShellWords.begin(), kMoreShellWords.end(), w) != kMoreShellWords.end();
    };
    // A first word with '=' is a variable assignment.
    if (!words.empty() && !special_word(words[0]) && words[0].find('=') == std::string::npos) return words;
  }
  return {"/bin/sh", "-c", command.text};
}

}  // namespace bfc::runtime
