#!/usr/bin/env python3
"""Builds the tokenizer benchmark corpus: the C/C++ reference pages of Debian's
cppreference-doc-en-html (and, when given, libstdc++'s API pages) as plain text, one document
per page, every 20th page held out for measuring bytes per token.

usage: make_corpus.py SOURCE_FOLDER... --out FOLDER
"""
import argparse
import html
import html.parser
import os
import re


class TextOnly(html.parser.HTMLParser):
    """Keeps the text of a page, dropping scripts, styles and navigation chrome."""

    SKIP = {"script", "style", "head", "noscript"}
    BLOCK = {"p", "div", "br", "li", "tr", "pre", "h1", "h2", "h3", "h4", "h5", "table", "dd", "dt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        if tag == "pre":
            self.pre += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data if self.pre else re.sub(r"[ \t\r\n]+", " ", data))

    def text(self):
        text = "".join(self.parts)
        text = re.sub(r"[ \t]+\n", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def pages(folders):
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".html", ".htm", ".xhtml")):
                    yield os.path.join(root, name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    train = os.path.join(args.out, "train")
    held = os.path.join(args.out, "heldout")
    os.makedirs(train, exist_ok=True)
    os.makedirs(held, exist_ok=True)
    total = 0
    for index, path in enumerate(pages(args.sources)):
        with open(path, "rb") as f:
            raw = f.read().decode("utf-8", "replace")
        extractor = TextOnly()
        extractor.feed(raw)
        text = extractor.text()
        if len(text) < 200:
            continue
        target = held if index % 20 == 0 else train
        with open(os.path.join(target, "%06d.txt" % index), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    print("corpus: %d bytes of text in %s" % (total, args.out))


if __name__ == "__main__":
    main()
