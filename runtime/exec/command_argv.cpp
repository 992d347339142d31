// Deciding whether a string command needs /bin/sh.
#include "runtime/exec/process.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace bfc::runtime {
namespace {

// Words that mean something else to a shell in command position than the program of that
// name would: reserved words and builtins of POSIX sh, dash and bash (make's list and more).
// `true` and `false` are missing on purpose: see simple_command_words().
constexpr std::string_view kShellWords[] = {
    "!",      "{",       "}",         "[[",       "]]",      "case",     "coproc",   "do",
    "done",   "elif",    "else",      "esac",     "fi",      "for",      "function", "if",
    "in",     "select",  "then",      "time",     "until",   "while",    ".",        ":",
    "[",      "alias",   "bg",        "bind",     "break",   "builtin",  "caller",   "cd",
    "chdir",  "command", "compgen",   "complete", "compopt", "continue", "declare",  "dirs",
    "disown", "echo",    "enable",    "eval",     "exec",    "exit",     "export",   "fc",
    "fg",     "getopts", "hash",      "help",     "history", "jobs",     "kill",     "let",
    "local",  "login",   "logout",    "mapfile",  "newgrp",  "popd",     "printf",   "pushd",
    "pwd",    "read",    "readarray", "readonly", "return",  "set",      "shift",    "shopt",
    "source", "suspend", "test",      "times",    "trap",    "type",     "typeset",  "ulimit",
    "umask",  "unalias", "unset",     "wait"};

bool needs_shell(std::string_view text) {
  // Anything beyond plain words separated by blanks: quoting, expansion, redirection,
  // globbing, comments, control operators, newlines ('^' is a pipe to the Bourne shell).
  constexpr std::string_view special = "#;\"*?[]&|<>(){}$`'~!^\\\n\r";
  return text.find_first_of(special) != std::string_view::npos;
}

bool shell_word(std::string_view w) {
  return std::find(std::begin(kShellWords), std::end(kShellWords), w) != std::end(kShellWords);
}

}  // namespace

std::vector<std::string> simple_command_words(const std::string& t) {
  std::vector<std::string> words;
  if (needs_shell(t)) return words;
  std::size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < t.size() && t[j] != ' ' && t[j] != '\t') ++j;
    if (j > i) words.emplace_back(t, i, j - i);
    i = j;
  }
  // A first word with '=' is a variable assignment. `true` and `false` are builtins whose
  // programs differ only in answering --help and --version.
  if (words.empty() || shell_word(words[0]) || words[0].find('=') != std::string::npos ||
      ((words[0] == "true" || words[0] == "false") && words.size() > 1))
    words.clear();
  return words;
}

std::vector<std::string> command_argv(const Command& command) {
  if (command.is_list) return command.argv;
  std::vector<std::string> words = simple_command_words(command.text);
  if (!words.empty()) return words;
  return {"/bin/sh", "-c", command.text};
}

}  // namespace bfc::runtime
