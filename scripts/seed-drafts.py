#!/usr/bin/env python3
"""Adds N drafts to a desk's database in one transaction: a headline, a standfirst, a
300-word body, a section and two tags each, as a newsroom's drafts look in the list. A desk
that does not exist yet is made from MIGRATIONS_DIR's SQL (default: this checkout's), so an
older build's schema can be had without building it. For memory measurements.
Usage: scripts/seed-drafts.py DATA_DIR N [MIGRATIONS_DIR]"""
import glob, os, random, sqlite3, sys, uuid

data, n = sys.argv[1], int(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
migrations = sys.argv[3] if len(sys.argv) > 3 else f"{here}/../crates/copydesk-core/src/store/migrations"
os.makedirs(data, exist_ok=True)
path = f"{data}/copydesk.sqlite3"
fresh = not os.path.exists(path)
db = sqlite3.connect(path)
if fresh:
    files = sorted(glob.glob(f"{migrations}/*.sql"))
    for f in files:
        db.executescript(open(f).read())
    db.execute(f"PRAGMA user_version = {len(files)}")
    db.commit()
rng = random.Random(15)
words = "harbour council budget ferry strike bridge school hospital storm election court market river police festival airport rail energy housing water".split()
sections = ["News", "Politics", "Business", "Sport", "Culture", "Local"]
with db:
    for t in range(40):
        db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (f"Tag {t}",))
    tag_ids = [r[0] for r in db.execute("SELECT id FROM tags")]
    for i in range(n):
        headline = " ".join(rng.choice(words) for _ in range(7)).capitalize()
        body = " ".join(rng.choice(words) for _ in range(300))
        at = 1764406800000 + i * 60000
        cur = db.execute(
            "INSERT INTO articles (slug, headline, standfirst, section, body, author, word_count,"
            " created_at, updated_at, uuid) VALUES ('', ?, ?, ?, ?, 'me', 300, ?, ?, ?)",
            (headline, headline + ".", rng.choice(sections), body, at, at, str(uuid.uuid4())),
        )
        for pos, tag in enumerate(rng.sample(tag_ids, 2)):
            db.execute("INSERT INTO article_tags VALUES (?, ?, ?)", (cur.lastrowid, tag, pos))
print(f"{n} drafts added to {data}")
