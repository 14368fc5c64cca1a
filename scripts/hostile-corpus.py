#!/usr/bin/env python3
"""Writes a hostile wire corpus: every kind of file (and non-file) a wire inbox may be handed.

    scripts/hostile-corpus.py OUT [--big]

OUT is created (it must not exist). Each entry's name says what it is. --big adds the heavy
kind: a 20 MB single line (refused by its size, like the 500 MB sparse file that every set
has). The light set is what the test command runs through the CLI and the
watcher (crates/copydesk-cli/tests/cli/hostile_corpus.rs); RELIABILITY.md has the figures.
Only the standard library: the set must be the same on every machine.
"""
import bz2
import gzip
import io
import lzma
import os
import random
import struct
import sys
import tarfile
import zipfile
import zlib

SEED = 20261207


def png(width=1, height=1):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def files(rng):
    """(name, bytes) for every regular-file kind."""
    story = b"Harbour wall repairs approved\n\nThe council approved the repairs on Tuesday.\n"
    nitf = (b'<?xml version="1.0"?><nitf><head><title>Storm</title></head><body><body.head>'
            b"<hedline><hl1>Storm hits coast</hl1></hedline></body.head><body.content><p>Waves.</p>"
            b"</body.content></body></nitf>")
    yield "empty.txt", b""
    yield "one-space.txt", b" "
    yield "only-newlines.txt", b"\n\n\n\n"
    yield "random-200k.txt", rng.randbytes(200_000)
    yield "random-300b.xml", rng.randbytes(300)
    yield "random-9k.json", rng.randbytes(9_000)
    yield "nul-bytes.txt", b"Headline\n\nBody with a NUL \x00 in the middle.\n"
    yield "all-nul.txt", b"\x00" * 4096
    yield "cr-only.txt", story.replace(b"\n", b"\r")
    yield "crlf.txt", story.replace(b"\n", b"\r\n")
    yield "no-blank-lines.txt", b"Short title\nA first sentence of the story. A second one.\nA third.\n"
    yield "invalid-utf8.txt", b"Caf\xc3 au lait\n\nBad \xff\xfe bytes \xc0\x80 here.\n"
    yield "mixed-encodings.txt", "Café\n\n".encode() + "naïve façade".encode("latin-1") + b"\n"
    yield "utf16le-no-bom.txt", story.decode().encode("utf-16-le")
    yield "utf16be-no-bom.txt", story.decode().encode("utf-16-be")
    yield "utf16-bom.txt", story.decode().encode("utf-16")
    yield "utf32le-no-bom.txt", story.decode().encode("utf-32-le")
    yield "utf32-bom.txt", story.decode().encode("utf-32")
    yield "declared-wrong-charset.xml", nitf.replace(b'version="1.0"', b'version="1.0" encoding="koi8-r"')
    yield "latin1.txt", "Zürich strike\n\nÄrzte streiken in Zürich.\n".encode("latin-1")
    yield "cp1252-quotes.txt", "Quote\n\n\x93Nothing\x94 \x96 she said.\n".encode("latin-1")
    yield "one-mb-line.txt", b"word " * 200_000
    yield "long-headline.txt", b"H" * 100_000 + b"\n\nbody\n"
    yield "truncated.xml", nitf[: len(nitf) // 2]
    yield "unclosed-tags.xml", b"<nitf><head><title>x" * 50
    yield "billion-laughs.xml", (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                 + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                                            for i in range(1, 10))
                                 + b"]><nitf><body>&lol9;</body></nitf>")
    yield "quadratic-blowup.xml", (b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY a "' + b"x" * 50_000 + b'">]><nitf>'
                                   + b"&a;" * 5_000 + b"</nitf>")
    yield "xxe-file.xml", (b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                           b"<nitf><body>&x;</body></nitf>")
    yield "xxe-http.xml", (b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
                           b"<nitf><body>&x;</body></nitf>")
    yield "deep-xml.xml", b"<a>" * 100_000 + b"</a>" * 100_000
    yield "deep-html.html", b"<div>" * 50_000 + b"text" + b"</div>" * 50_000
    yield "deep-json.json", b"[" * 100_000 + b"]" * 100_000
    yield "deep-json-object.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    yield "json-not-ninjs.json", b'{"name": "not a wire item", "values": [1, 2, 3]}'
    yield "million-elements.xml", b"<nitf><body>" + b"<p/>" * 1_000_000 + b"</body></nitf>"
    yield "wide-json.json", b"[" + b",".join(b"1" for _ in range(500_000)) + b"]"
    yield "many-stories.anpa", b"".join(
        b"\x16\x16\x01a%04d r i BC-Story%d 05-12 0345\x02^Story number %d<\r\nText of story %d.\r\n\x03\x04"
        % (i, i, i, i) for i in range(200))
    yield "broken-anpa.tst", b"\x16\x16\x01a0001 r i BC-Broken\x02^Headline without an end"
    yield "zczc-no-nnnn.txt", b"ZCZC\r\nGGG123 TEST\r\nHeadline\r\nBody never ends"
    yield "mime-bomb.eml", (b"From: a@example.com\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
                            b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
                            + b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(20_000))
                            + b"--b--\r\n")
    yield "mime-nested.eml", (b"From: a@example.com\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
                              + b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
                                         for i in range(2_000)) + b"text\r\n")
    yield "script-in-html.html", (b"<html><head><title>Attack</title><script>alert(1)</script></head><body>"
                                  b'<h1 onmouseover="alert(2)">Headline</h1><p>Body <img src=x onerror=alert(3)>'
                                  b'<a href="javascript:alert(4)">link</a></p><iframe src="http://127.0.0.1:9"></iframe>'
                                  b"</body></html>")
    yield "svg-script.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    yield "rss-with-script.xml", (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item>'
                                  b"<title>&lt;script&gt;alert(1)&lt;/script&gt;Headline</title>"
                                  b"<description><![CDATA[<img src=x onerror=alert(1)>Body]]></description>"
                                  b"</item></channel></rss>")
    yield "ninjs-huge-strings.json", b'{"uri":"urn:x","headline":"' + b"A" * 500_000 + b'","body_text":"b"}'
    yield "bidi-override.txt", "Headline \u202ephp.exe\u202c\n\nText \u2066isolated\u2069.\n".encode()
    yield "zero-width.txt", "Head\u200bline\ufeff\n\nBo\u200ddy.\n".encode()
    # Archives and images: binary, never a story.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("story.txt", story)
    yield "archive.zip", buf.getvalue()
    yield "archive.gz", gzip.compress(story)
    yield "archive.bz2", bz2.compress(story)
    yield "archive.xz", lzma.compress(story)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        info = tarfile.TarInfo("story.txt")
        info.size = len(story)
        t.addfile(info, io.BytesIO(story))
    yield "archive.tar", buf.getvalue()
    yield "zip-bomb-like.zip", b"PK\x03\x04" + b"\x00" * 26 + zlib.compress(b"\x00" * 5_000_000)
    yield "image.png", png(64, 64)
    yield "image-named.txt", png(8, 8)
    yield "image.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    yield "image.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + rng.randbytes(2_000) + b"\xff\xd9"
    yield "document.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    yield "elf-binary.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + rng.randbytes(4_000)
    yield "sqlite.db", b"SQLite format 3\x00" + rng.randbytes(4_080)
    # Names that are hard on a file system or a screen.
    yield "name with spaces and 'quotes'.txt", story
    yield "name\nwith\nnewlines.txt", story
    yield "..dotdot..txt", story
    yield "-starts-with-dash.txt", story
    yield "ünïcödé-名前.txt", story
    yield "very-long-name-" + "x" * 200 + ".txt", story
    yield ".hidden-file.txt", story
    yield "story.txt.part", story
    yield "~lockfile.txt", story
    # Ordinary copy between the hostile: it must still be imported.
    yield "ordinary-story.txt", story
    yield "ordinary-nitf.xml", nitf


def big_files():
    yield "twenty-mb-line.txt", b"word " * 4_000_000


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    big = "--big" in sys.argv
    if len(args) != 1:
        sys.exit(__doc__)
    out = args[0]
    os.makedirs(out)
    rng = random.Random(SEED)
    kinds = 0
    for name, data in list(files(rng)) + (list(big_files()) if big else []):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        kinds += 1
    # 500 MB, sparse (no disk used): refused by its size without a byte read.
    with open(os.path.join(out, "five-hundred-mb.txt"), "wb") as f:
        f.truncate(500 * 1024 * 1024)
    kinds += 1
    # Not regular files: each must be refused with a reason, never opened or followed.
    outside = os.path.join(os.path.dirname(os.path.abspath(out)), "outside-secret.txt")
    with open(outside, "wb") as f:
        f.write(b"Not yours\n\nA file outside the inbox.\n")
    os.symlink(outside, os.path.join(out, "symlink-out-of-folder.txt"))
    os.symlink("/etc/passwd", os.path.join(out, "symlink-to-etc-passwd.txt"))
    os.symlink("does-not-exist.txt", os.path.join(out, "dangling-symlink.txt"))
    os.link(os.path.join(out, "ordinary-story.txt"), os.path.join(out, "hard-link-to-ordinary.txt"))
    os.mkfifo(os.path.join(out, "fifo.txt"))
    os.mkdir(os.path.join(out, "a-folder"))
    with open(os.path.join(out, "a-folder", "story-in-a-folder.txt"), "wb") as f:
        f.write(b"Filed in a folder\n\nStill a story.\n")
    os.mkdir(os.path.join(out, "empty-folder"))
    kinds += 7
    print(f"{kinds} kinds written to {out}")


if __name__ == "__main__":
    main()
