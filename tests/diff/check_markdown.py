#!/usr/bin/env python3
"""Checks the HTML a markdown renderer made of a pull-request comment (tests/diff).

usage: check_markdown.py HTML_FILE

Checks that the markdown was rendered as intended: a <table> with a header row (<thead>
holding <th> cells), every <details> closed and with <summary> as its first child element
(text between them may only be white space), and no <details> or </details> left as text
(`&lt;details` in the HTML), which is what a renderer makes of HTML it did not take as
HTML, and no backtick (a ``` fence or a `code` span) left as text outside <pre>/<code>:
markdown inside an HTML block, which GitHub, like markdown-it, leaves unrendered unless a
blank line follows </summary>. (A literal backtick in the text would need <code> too.) Exits 0 when all hold, 1 with one line per problem otherwise, 2 on a usage error.
Python 3 standard library only.
"""
import html.parser
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.stack = []  # open elements: [tag, line, children seen]
        self.tables = 0
        self.header_rows = 0
        self.details = 0

    def where(self):
        return "line %d" % self.getpos()[0]

    def handle_starttag(self, tag, attrs):
        parent = self.stack[-1] if self.stack else None
        if parent is not None:
            if parent[0] == "details" and parent[2] == 0 and tag != "summary":
                self.problems.append("%s: <details> opened at line %d has <%s> as its first "
                                     "child, not <summary>" % (self.where(), parent[1], tag))
            parent[2] += 1
        if tag == "table":
            self.tables += 1
        if tag == "details":
            self.details += 1
        if tag == "th" and any(e[0] == "thead" for e in self.stack):
            self.header_rows += 1
        if tag not in VOID:
            self.stack.append([tag, self.getpos()[0], 0])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not any(e[0] == tag for e in self.stack):
            self.problems.append("%s: </%s> closes nothing" % (self.where(), tag))
            return
        while self.stack:
            open_tag, line, children = self.stack.pop()
            if open_tag == tag:
                if tag == "details" and children == 0:
                    self.problems.append("%s: <details> opened at line %d has no <summary>"
                                         % (self.where(), line))
                break
            if open_tag == "details":
                self.problems.append("%s: <details> opened at line %d is closed by </%s>"
                                     % (self.where(), line, tag))

    def handle_data(self, data):
        if "`" in data and not any(e[0] in ("pre", "code") for e in self.stack):
            what = "a ``` fence" if "```" in data else "a `code` span"
            self.problems.append("%s: %s is text: markdown left unrendered inside an HTML "
                                 "block (no blank line after </summary>?): %r"
                                 % (self.where(), what, data.strip()[:60]))
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent[0] == "details" and parent[2] == 0 and data.strip():
            self.problems.append("%s: <details> opened at line %d has text before its "
                                 "<summary>: %r" % (self.where(), parent[1], data.strip()[:60]))

    def finish(self):
        for tag, line, _ in self.stack:
            if tag == "details":
                self.problems.append("<details> opened at line %d is never closed" % line)
        if self.tables == 0:
            self.problems.append("no <table>: the summary table was not rendered as a table")
        elif self.header_rows == 0:
            self.problems.append("no <table> has a header row (<thead> with <th>)")


def main(argv):
    if len(argv) != 2:
        print("usage: check_markdown.py HTML_FILE", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        print("check_markdown.py: %s" % e, file=sys.stderr)
        return 2
    checker = Checker()
    for raw in ("&lt;details", "&lt;/details", "&lt;summary", "&lt;/summary"):
        if raw in text:
            checker.problems.append("%s...&gt; appears as text: the markdown's HTML was "
                                    "escaped, not rendered" % raw)
    checker.feed(text)
    checker.close()
    checker.finish()
    if checker.problems:
        for p in checker.problems:
            print("check_markdown.py: %s: %s" % (argv[1], p))
        return 1
    print("ok: %s: %d table(s), %d <details>" % (argv[1], checker.tables, checker.details))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
