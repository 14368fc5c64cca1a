#!/usr/bin/env python3
"""Writes the page corpus: for each invented news-site template, the page as scraped text
(`<name>.txt`), as a saved web page (`<name>.html`) and the expected result (`<name>.json`).

The stories are in stories.py (invented, not copied). Each template lays a story out with the
furniture its kind of site has. Run from this folder: `python3 make_pages.py`.
"""
import html as H
import json
import os
from stories import STORIES

E = H.escape


class Page:
    def __init__(self, name, site, story, lang="en", blank=True):
        self.name, self.site, self.s, self.lang, self.blank = name, site, STORIES[story], lang, blank
        self.entries = []  # (role, text, html)
        self.head = []
        self.body_class = ""

    def f(self, text, html=None, tight=False):
        """Furniture: text lines (a list or a str) and its markup."""
        lines = [text] if isinstance(text, str) else list(text)
        if html is None:
            html = "".join(f"<div>{E(l)}</div>" for l in lines)
        self.entries.append(("furniture", lines, html, tight))

    def html_only(self, html):
        self.entries.append(("furniture", [], html, False))

    def headline(self, html=None):
        h = self.s["headline"]
        self.entries.append(("headline", [h], html or f"<h1>{E(h)}</h1>", False))

    def standfirst(self, html=None):
        sf = self.s["standfirst"]
        if sf:
            self.entries.append(("standfirst", [sf], html or f'<p class="standfirst">{E(sf)}</p>', False))

    def byline(self, text, html=None):
        self.entries.append(("byline", [text], html or f'<div class="byline">{E(text)}</div>', False))

    def para(self, i, html=None):
        p = self.s["paras"][i]
        self.entries.append(("para", [p], html or f"<p>{E(p)}</p>", False))

    def paras(self, a, b, tag="p", cls=None):
        c = f' class="{cls}"' if cls else ""
        for i in range(a, b):
            p = self.s["paras"][i]
            self.entries.append(("para", [p], f"<{tag}{c}>{E(p)}</{tag}>", False))

    def text(self):
        out = []
        for role, lines, _, tight in self.entries:
            if not lines:
                continue
            if self.blank and out and not tight:
                out.append("")
            out.extend(lines)
        return "\n".join(out) + "\n"

    def html(self, title, meta="", wrap=("", "")):
        parts = "\n".join(h for _, _, h, _ in self.entries)
        return f"""<!DOCTYPE html>
<html lang="{self.lang}">
<head>
<meta charset="utf-8">
<title>{E(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{meta}
<link rel="stylesheet" href="/assets/site.css">
<style>body{{font-family:Georgia,serif}} .ad{{min-height:250px}} .nav li{{display:inline}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}};gtag('js',new Date());</script>
<script async src="https://ads.example-adnet.com/tag.js"></script>
</head>
<body class="{self.body_class}">
{wrap[0]}
{parts}
{wrap[1]}
<script>document.querySelectorAll('.share a').forEach(function(a){{a.addEventListener('click',function(e){{e.preventDefault();}});}});</script>
</body>
</html>
"""

    def expected(self, kind):
        furn, byline = [], None
        for role, lines, _, _ in self.entries:
            if role == "furniture":
                furn.extend(l for l in lines if l.strip())
            if role == "byline":
                byline = lines[0]
        return {
            "site": self.site,
            "format": kind,
            "headline": self.s["headline"],
            "standfirst": next((l[0] for r, l, _, _ in self.entries if r == "standfirst"), None),
            "byline": byline,
            "paragraphs": [l[0] for r, l, _, _ in self.entries if r == "para"],
            "removed": furn + ([byline] if byline else []),
        }


def meta_tags(p, url, published, og=True, jsonld=True, author=None, site=None, section=None, desc=None):
    s = p.s
    m = [f'<link rel="canonical" href="{url}">']
    if desc is None:
        desc = s["standfirst"] or s["paras"][0][:150]
    m.append(f'<meta name="description" content="{E(desc)}">')
    if og:
        m.append(f'<meta property="og:type" content="article">')
        m.append(f'<meta property="og:title" content="{E(s["headline"])}">')
        m.append(f'<meta property="og:description" content="{E(desc)}">')
        m.append(f'<meta property="og:url" content="{url}">')
        m.append(f'<meta property="og:site_name" content="{E(site or p.site)}">')
        m.append(f'<meta property="og:image" content="{url}/image.jpg">')
        m.append(f'<meta property="article:published_time" content="{published}">')
        m.append(f'<meta property="article:section" content="{E(section or s["section"])}">')
        m.append('<meta name="twitter:card" content="summary_large_image">')
    if author:
        m.append(f'<meta name="author" content="{E(author)}">')
    if jsonld:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s["headline"],
            "datePublished": published,
            "dateModified": published,
            "articleSection": section or s["section"],
            "author": [{"@type": "Person", "name": n.strip()} for n in (author or s["byline"]).replace(" and ", ",").split(",")],
            "publisher": {"@type": "Organization", "name": site or p.site, "logo": {"@type": "ImageObject", "url": url.split("/")[0] + "//" + url.split("/")[2] + "/logo.png"}},
            "mainEntityOfPage": url,
            "image": [url + "/image.jpg"],
        }
        m.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
    return "\n".join(m)


PAGES = []


def page(fn):
    PAGES.append(fn)
    return fn


def links(items, cls="nav"):
    return f'<ul class="{cls}">' + "".join(f'<li><a href="/{i.lower().replace(" ", "-")}">{E(i)}</a></li>' for i in items) + "</ul>"


@page
def herald():
    p = Page("herald", "The Harbour Herald", "harbour")
    s = p.s
    p.f("Skip to main content", '<a class="skip" href="#maincontent">Skip to main content</a>')
    p.f("Support the Herald", '<div class="support"><a href="/support">Support the Herald</a></div>')
    p.f("Sign in", '<header><a href="/signin">Sign in</a>')
    p.f("News Opinion Sport Culture Lifestyle", '<nav>' + links(["News", "Opinion", "Sport", "Culture", "Lifestyle"]).replace("<ul", "<ul") + '</nav></header>')
    p.f("Environment", '<div class="section-label"><a href="/environment">Environment</a></div>')
    p.headline('<div class="headline-wrap"><h1>' + E(s["headline"]) + "</h1></div>")
    p.standfirst('<div class="standfirst"><p>' + E(s["standfirst"]) + "</p></div>")
    p.f("Divers surveying the northern shore of Kestrel Bay last week. Photograph: Colm Reddy/The Harbour Herald",
        '<figure><img src="/img/bay.jpg" alt=""><figcaption>Divers surveying the northern shore of Kestrel Bay last week. Photograph: Colm Reddy/The Harbour Herald</figcaption></figure>')
    p.byline(s["byline"] + " Environment correspondent", '<address class="byline"><a rel="author" href="/profile/amara-okafor">Amara Okafor</a> Environment correspondent</address>')
    p.f("Mon 3 Jun 2024 14.05 BST", '<time datetime="2024-06-03T13:05:00Z">Mon 3 Jun 2024 14.05 BST</time>')
    p.f(["Share", "129"], '<div class="share"><a href="#">Share</a><span class="count">129</span></div>', tight=True)
    p.html_only('<div id="maincontent" class="article-body">')
    p.paras(0, 3)
    p.f("Sign up to Down to Earth", '<aside class="newsletter">')
    p.f("The planet's most important stories. Get all the week's environment news - the good, the bad and the essential", tight=True,
        html="<p>The planet's most important stories. Get all the week's environment news - the good, the bad and the essential</p>")
    p.f("Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties. For more information see our Privacy Policy.", tight=True,
        html="<p>Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties. For more information see our Privacy Policy.</p>")
    p.f("after newsletter promotion", '<button>Sign up</button><p class="promo-end">after newsletter promotion</p></aside>')
    p.paras(3, 7)
    p.html_only("</div>")
    p.f(["Explore more on these topics", "Environment", "Wildlife", "Oceans", "Kestrel Bay"],
        '<div class="topics"><h2>Explore more on these topics</h2>' + links(["Environment", "Wildlife", "Oceans", "Kestrel Bay"], "keywords") + "</div>")
    p.f(["Share", "Reuse this content"], '<div class="share"><a href="#">Share</a><a href="/reuse">Reuse this content</a></div>')
    p.f(["Most viewed", "Heatwave warning issued for south-east as temperatures set to hit 30C",
         "Ferry strike called off after last-minute pay deal", "\u2018I never expected to win\u2019: the allotment that beat the professionals",
         "Live Council budget vote \u2013 latest updates", "Why the price of coffee is about to go up again"],
        '<aside class="most-viewed"><h2>Most viewed</h2><ol>' + "".join(f"<li><a href='/x{i}'>{E(t)}</a></li>" for i, t in enumerate([
            "Heatwave warning issued for south-east as temperatures set to hit 30C",
            "Ferry strike called off after last-minute pay deal", "\u2018I never expected to win\u2019: the allotment that beat the professionals",
            "Live Council budget vote \u2013 latest updates", "Why the price of coffee is about to go up again"])) + "</ol></aside>")
    p.f(["About us", "Contact us", "Complaints & corrections", "Terms & conditions", "Privacy policy", "Cookie settings",
         "\u00a9 2024 Harbour Herald News & Media Limited or its affiliated companies. All rights reserved."],
        '<footer>' + links(["About us", "Contact us", "Complaints & corrections", "Terms & conditions", "Privacy policy", "Cookie settings"], "footer-links")
        + "<p>\u00a9 2024 Harbour Herald News & Media Limited or its affiliated companies. All rights reserved.</p></footer>")
    url = "https://www.harbourherald.example/environment/2024/jun/03/harbour-authority-halts-dredging"
    return p, p.html(s["headline"] + " | Environment | The Harbour Herald", meta_tags(p, url, "2024-06-03T13:05:00Z", author="Amara Okafor"))


@page
def broadcast():
    p = Page("broadcast", "National Broadcast News", "rail", blank=False)
    s = p.s
    p.f(["Skip to content", "Accessibility Help", "Sign in", "Home", "News", "Sport", "Weather", "iPlayer", "Sounds", "More menu"],
        '<header><a href="#main">Skip to content</a><a href="/help">Accessibility Help</a><a href="/signin">Sign in</a><nav>'
        + links(["Home", "News", "Sport", "Weather", "iPlayer", "Sounds"]) + '<button>More menu</button></nav></header>')
    p.f(["NEWS", "Home", "Election 2024", "UK", "World", "Business", "Politics", "Tech", "Science", "Health"],
        '<nav class="secondary"><span>NEWS</span>' + links(["Home", "Election 2024", "UK", "World", "Business", "Politics", "Tech", "Science", "Health"]) + "</nav>")
    p.f(["Business", "Market Data", "New Economy", "Technology of Business"],
        '<nav class="tertiary">' + links(["Business", "Market Data", "New Economy", "Technology of Business"]) + "</nav>")
    p.headline('<main id="main"><article><h1 id="main-heading">' + E(s["headline"]) + "</h1>")
    p.f(["2 hours ago", "Share", "Save"], '<div class="meta"><time datetime="2024-06-04T08:00:00Z">2 hours ago</time><button>Share</button><button>Save</button></div>')
    p.byline("Tom Reeve", '<div class="byline"><span class="name">Tom Reeve</span>')
    p.f("Business reporter", '<span class="role">Business reporter</span></div>')
    p.f(["Image source, Meridian Rail", "Image caption,", "The refurbished carriages were built in the 1990s"],
        '<figure><img src="/c.jpg"><span class="visually-hidden">Image source, </span><span>Meridian Rail</span><figcaption><span class="visually-hidden">Image caption, </span>The refurbished carriages were built in the 1990s</figcaption></figure>')
    p.paras(0, 4)
    p.f(["Related topics", "Rail travel", "Tourism"], '<section class="related-topics"><h2>Related topics</h2>' + links(["Rail travel", "Tourism"]) + "</section>")
    # A quote paragraph after an inline box.
    p.paras(4, 6)
    p.html_only("</article>")
    p.f(["More on this story", "Sleeper train operator fined over late arrivals", "Published", "12 March", "Why Europe fell back in love with night trains", "Published", "5 January 2023"],
        '<aside><h2>More on this story</h2><ul><li><a href="/a">Sleeper train operator fined over late arrivals</a><span>Published</span><time>12 March</time></li><li><a href="/b">Why Europe fell back in love with night trains</a><span>Published</span><time>5 January 2023</time></li></ul></aside></main>')
    p.f(["Top stories", "Live. Polls open in tight local elections", "Interest rates held at 5.25% for sixth time", "Published", "40 minutes ago"],
        '<section class="top-stories"><h2>Top stories</h2><a href="/l">Live. Polls open in tight local elections</a><a href="/r">Interest rates held at 5.25% for sixth time</a><span>Published</span><time>40 minutes ago</time></section>')
    p.f(["Terms of Use", "About the Broadcaster", "Privacy Policy", "Cookies", "Contact us",
         "Copyright 2024 NBN. NBN is not responsible for the content of external sites. Read about our approach to external linking."],
        '<footer>' + links(["Terms of Use", "About the Broadcaster", "Privacy Policy", "Cookies", "Contact us"])
        + '<p>Copyright 2024 NBN. NBN is not responsible for the content of external sites. <a href="/links">Read about our approach to external linking.</a></p></footer>')
    url = "https://www.nbn-news.example/news/business-68213401"
    return p, p.html(s["headline"] + " - NBN News", meta_tags(p, url, "2024-06-04T08:00:00Z", jsonld=False))


@page
def cable():
    p = Page("cable", "Cable News Network Example", "wildfire")
    s = p.s
    p.f(["Menu", "Live TV", "Listen", "Watch", "Edition", "Sign In"], '<header>' + links(["Menu", "Live TV", "Listen", "Watch", "Edition"]) + '<a class="signin">Sign In</a></header>')
    p.f(["US", "World", "Politics", "Business", "Health", "Entertainment", "Style", "Travel"], "<nav>" + links(["US", "World", "Politics", "Business", "Health", "Entertainment", "Style", "Travel"]) + "</nav>")
    p.f("Ad Feedback", '<div class="ad"><iframe src="https://ads.example/1"></iframe><div class="ad-feedback">Ad Feedback</div></div>')
    p.headline('<div class="headline"><h1 class="headline__text">' + E(s["headline"]) + "</h1></div>")
    p.byline("By Dana Whitfield, CNE", '<div class="byline">By <a href="/profiles/dana-whitfield">Dana Whitfield</a>, CNE</div>')
    p.f(["4 minute read", "Updated 8:14 PM EDT, Tue June 4, 2024"], '<div class="timestamp"><span>4 minute read</span><span>Updated 8:14 PM EDT, Tue June 4, 2024</span></div>')
    p.f("Link Copied!", '<div class="share"><button>Facebook</button><button>Tweet</button><button>Email</button><span>Link Copied!</span></div>')
    p.f(["A firefighter watches a hillside burn near Pine Ridge on Monday.", "Jae Kim/Getty Images"],
        '<figure><img src="/f.jpg"><figcaption><span>A firefighter watches a hillside burn near Pine Ridge on Monday.</span><span class="credit">Jae Kim/Getty Images</span></figcaption></figure>')
    p.standfirst('<p class="paragraph inline-placeholder">' + E(s["standfirst"]) + "</p>") if False else None
    p.html_only('<div class="article__content">')
    p.paras(0, 3, cls="paragraph inline-placeholder")
    p.f("Ad Feedback", '<div class="ad"><div class="ad-feedback">Ad Feedback</div></div>')
    p.paras(3, 5, cls="paragraph inline-placeholder")
    p.f(["Related article", "How to prepare your home for wildfire season"], '<div class="related-content"><span>Related article</span><a href="/x">How to prepare your home for wildfire season</a></div>')
    p.paras(5, 7, cls="paragraph inline-placeholder")
    p.html_only("</div>")
    p.f("CNE\u2019s Mark Ellis contributed to this report.", '<p class="footnote">CNE\u2019s Mark Ellis contributed to this report.</p>')
    p.f(["Sign up for our daily newsletter", "Get the day\u2019s top stories in your inbox every morning.", "Sign me up", "By subscribing you agree to our privacy policy."],
        '<form class="newsletter"><h3>Sign up for our daily newsletter</h3><p>Get the day\u2019s top stories in your inbox every morning.</p><input type=email><button>Sign me up</button><small>By subscribing you agree to our privacy policy.</small></form>')
    p.f(["Paid Content", "Seniors are ditching expensive hearing aids for this clever device", "HearWell", "Homeowners born before 1975 are eligible for this new program", "SmartSavings"],
        '<div class="paid-content"><h3>Paid Content</h3><a>Seniors are ditching expensive hearing aids for this clever device</a><span>HearWell</span><a>Homeowners born before 1975 are eligible for this new program</a><span>SmartSavings</span></div>')
    p.f(["Terms of Use", "Privacy Policy", "Ad Choices", "Accessibility & CC", "\u00a9 2024 Cable News Network Example. All Rights Reserved."],
        "<footer>" + links(["Terms of Use", "Privacy Policy", "Ad Choices", "Accessibility & CC"]) + "<p>\u00a9 2024 Cable News Network Example. All Rights Reserved.</p></footer>")
    # no standfirst on this template
    p.s = dict(s, standfirst=None)
    url = "https://edition.cne.example/2024/06/04/us/pine-ridge-wildfire"
    return p, p.html(s["headline"] + " | CNE", meta_tags(p, url, "2024-06-05T00:14:00Z", desc=s["standfirst"]))


@page
def gazette():
    p = Page("gazette", "Fairview Gazette", "library")
    s = p.s
    p.f(["72\u00b0F", "Subscribe for $1", "Log In"], '<div class="topbar"><span class="weather">72\u00b0F</span><a class="sub">Subscribe for $1</a><a>Log In</a></div>')
    p.f("ADVERTISEMENT", '<div class="ad-slot"><span>ADVERTISEMENT</span><div id="div-gpt-ad-1"></div></div>')
    p.f("News | Local", '<div class="breadcrumb"><a>News</a> | <a>Local</a></div>')
    p.headline()
    p.standfirst('<h2 class="subhead">' + E(s["standfirst"]) + "</h2>")
    p.byline("Marcus Lee", '<div class="author"><a>Marcus Lee</a>')
    p.f("Fairview Gazette", '<span class="org">Fairview Gazette</span></div>')
    p.f("Published 6:00 a.m. ET April 2, 2024 | Updated 9:12 a.m. ET April 2, 2024", '<div class="dates">Published 6:00 a.m. ET April 2, 2024 | Updated 9:12 a.m. ET April 2, 2024</div>')
    p.f(["Comments 14", "Share on Facebook", "Share on X", "Email"], '<div class="tools"><a>Comments 14</a><a>Share on Facebook</a><a>Share on X</a><a>Email</a></div>')
    p.paras(0, 2)
    p.f("ADVERTISEMENT", '<div class="ad-slot"><span>ADVERTISEMENT</span></div>')
    p.paras(2, 4)
    p.f("Want more local news? Sign up for our free Fairview Today newsletter.", '<p class="promo"><a href="/nl">Want more local news? Sign up for our free Fairview Today newsletter.</a></p>')
    p.paras(4, 6)
    p.f("Marcus Lee covers city hall for the Fairview Gazette. Reach him at mlee@fairviewgazette.example or follow him on X @marcuslee.",
        '<p class="tagline"><em>Marcus Lee covers city hall for the Fairview Gazette. Reach him at mlee@fairviewgazette.example or follow him on X @marcuslee.</em></p>')
    p.f("ADVERTISEMENT", '<div class="ad-slot"><span>ADVERTISEMENT</span></div>')
    p.f(["Most Read", "1. Police identify driver in Route 30 crash", "2. New taco spot opens downtown this weekend",
         "3. School board approves later start times", "4. Fairview State names new football coach"],
        '<aside class="most-read"><h3>Most Read</h3><ol><li>1. Police identify driver in Route 30 crash</li><li>2. New taco spot opens downtown this weekend</li><li>3. School board approves later start times</li><li>4. Fairview State names new football coach</li></ol></aside>')
    p.f(["Contact Us", "Help Center", "Terms of Service", "Your Privacy Choices", "\u00a9 2024 Fairview Gazette"],
        "<footer>" + links(["Contact Us", "Help Center", "Terms of Service", "Your Privacy Choices"]) + "<p>\u00a9 2024 Fairview Gazette</p></footer>")
    url = "https://www.fairviewgazette.example/story/news/local/2024/04/02/library-midnight-hours/73190021007/"
    # An older template: OG tags, no JSON-LD.
    return p, p.html(s["headline"], meta_tags(p, url, "2024-04-02T10:00:00Z", jsonld=False, author="Marcus Lee"))


@page
def wire():
    p = Page("wire", "Wire Service Example", "copper")
    s = p.s
    p.f(["Skip to main content", "Exclusive news, data and analytics for financial market professionals", "Learn more about Wire Pro"],
        '<a class="skip">Skip to main content</a><div class="banner"><p>Exclusive news, data and analytics for financial market professionals</p><a>Learn more about Wire Pro</a></div>')
    p.f(["World", "Business", "Markets", "Sustainability", "Legal", "Breakingviews", "My News", "Sign In", "Register"],
        "<header><nav>" + links(["World", "Business", "Markets", "Sustainability", "Legal", "Breakingviews", "My News"]) + '<a>Sign In</a><a>Register</a></nav></header>')
    p.f("Markets", '<a class="kicker" href="/markets">Markets</a>')
    p.headline()
    p.byline("By Priya Natarajan and Lars Holm", '<div class="byline">By <a>Priya Natarajan</a> and <a>Lars Holm</a></div>')
    p.f(["June 4, 2024 11:48 AM GMT+1", "Updated 2 hours ago"], '<div class="date"><time>June 4, 2024 11:48 AM GMT+1</time><span>Updated 2 hours ago</span></div>')
    p.f(["Item 1 of 2 Copper cathodes at a warehouse in Shanghai, China, May 21, 2024. REUTERS/Jin Wei/File Photo", "[1/2]Copper cathodes at a warehouse in Shanghai, China, May 21, 2024. REUTERS/Jin Wei/File Photo Purchase Licensing Rights, opens new tab"],
        '<figure><div class="sr-only">Item 1 of 2 Copper cathodes at a warehouse in Shanghai, China, May 21, 2024. REUTERS/Jin Wei/File Photo</div><figcaption>[1/2]Copper cathodes at a warehouse in Shanghai, China, May 21, 2024. REUTERS/Jin Wei/File Photo <a>Purchase Licensing Rights, opens new tab</a></figcaption></figure>')
    p.paras(0, 6, cls="text__paragraph")
    p.f("Reporting by Priya Natarajan in London and Lars Holm in Stockholm; Editing by Joanna Pike", '<p class="sign-off">Reporting by Priya Natarajan in London and Lars Holm in Stockholm; Editing by Joanna Pike</p>')
    p.f("Our Standards: The Wire Trust Principles., opens new tab", '<p class="standards"><a>Our Standards: The Wire Trust Principles., opens new tab</a></p>')
    p.f(["Suggested Topics:", "Commodities", "Metals"], '<div class="topics"><span>Suggested Topics:</span>' + links(["Commodities", "Metals"]) + "</div>")
    p.f(["Read Next", "Markets", "category", "Gold slips as dollar firms ahead of jobs data", "an hour ago", "Business", "category", "Miner agrees $2 billion takeover of rival", "3 hours ago"],
        '<section class="read-next"><h2>Read Next</h2><div><span>Markets</span><span class="sr-only">category</span><a>Gold slips as dollar firms ahead of jobs data</a><time>an hour ago</time></div><div><span>Business</span><span class="sr-only">category</span><a>Miner agrees $2 billion takeover of rival</a><time>3 hours ago</time></div></section>')
    p.f(["All quotes delayed a minimum of 15 minutes. See here for a complete list of exchanges and delays.", "\u00a9 2024 Wire Service Example. All rights reserved"],
        "<footer><p>All quotes delayed a minimum of 15 minutes. See here for a complete list of exchanges and delays.</p><p>\u00a9 2024 Wire Service Example. All rights reserved</p></footer>")
    url = "https://www.wire.example/markets/commodities/copper-hits-two-year-high-2024-06-04/"
    return p, p.html(s["headline"] + " | Wire", meta_tags(p, url, "2024-06-04T10:48:00Z", desc="Copper prices rose to their highest level in two years on Tuesday."))


@page
def tabloid():
    p = Page("tabloid", "Daily Beacon", "lottery", blank=False)
    s = p.s
    p.f(["Home", "News", "Royals", "U.S.", "Sport", "TV", "Showbiz", "Femail", "Health", "Science", "Money", "Travel", "Podcasts", "Shopping"],
        "<nav>" + links(["Home", "News", "Royals", "U.S.", "Sport", "TV", "Showbiz", "Femail", "Health", "Science", "Money", "Travel", "Podcasts", "Shopping"]) + "</nav>")
    p.f(["Latest Headlines", "News", "World News", "Arts", "Headlines", "France", "Pictures", "Most read", "Wires", "Games"],
        '<nav class="sub">' + links(["Latest Headlines", "News", "World News", "Arts", "Headlines", "France", "Pictures", "Most read", "Wires", "Games"]) + "</nav>")
    p.headline('<h2 class="article-title">' + E(s["headline"]) + "</h2>")
    p.f(["Brenda Holloway, 61, thought at first she had won \u00a31,000", "She will pay off her children's mortgages and go on a cruise", "But she says the children at St Anne's are the best part of her day"],
        '<ul class="mol-bullets-with-font"><li>Brenda Holloway, 61, thought at first she had won \u00a31,000</li><li>She will pay off her children\'s mortgages and go on a cruise</li><li>But she says the children at St Anne\'s are the best part of her day</li></ul>')
    p.byline("By JO PARKS FOR THE DAILY BEACON", '<p class="author-section">By <a class="author">JO PARKS FOR THE DAILY BEACON</a></p>')
    p.f("PUBLISHED: 14:05 BST, 3 June 2024 | UPDATED: 16:40 BST, 3 June 2024", '<p class="byline-section"><span>PUBLISHED: 14:05 BST, 3 June 2024</span> | <span>UPDATED: 16:40 BST, 3 June 2024</span></p>')
    p.f(["View comments", "231", "shares", "1.2k"], '<div class="social"><a>View comments</a><span>231</span><span>shares</span><span>1.2k</span></div>')
    p.paras(0, 2)
    p.f(["Brenda Holloway with the winning card outside the newsagent in Thornbury where she bought it", "Brenda and Derek, pictured on holiday, plan to take a cruise to Norway"],
        '<div class="artSplitter"><img><p class="imageCaption">Brenda Holloway with the winning card outside the newsagent in Thornbury where she bought it</p><img><p class="imageCaption">Brenda and Derek, pictured on holiday, plan to take a cruise to Norway</p></div>')
    p.paras(2, 4)
    p.f(["RELATED ARTICLES", "Previous", "1", "Next", "Couple who won \u00a35m on lottery say...", "Builder who found \u00a330,000 in wall hands..."],
        '<div class="related-carousel"><h3>RELATED ARTICLES</h3><a>Previous</a><span>1</span><a>Next</a><ul><li><a>Couple who won \u00a35m on lottery say...</a></li><li><a>Builder who found \u00a330,000 in wall hands...</a></li></ul></div>')
    p.f(["Share this article", "Share"], '<div class="share-bar"><span>Share this article</span><a>Share</a></div>')
    p.paras(4, 6)
    p.f(["Share or comment on this article:", "Dinner lady who won \u00a31m on scratchcard says she will keep her job", "e-mail", "1.2k", "shares"],
        '<div class="share-bottom"><h3>Share or comment on this article:</h3><p>Dinner lady who won \u00a31m on scratchcard says she will keep her job</p><a>e-mail</a><span>1.2k</span><span>shares</span></div>')
    p.f(["Comments 231", "Share what you think", "The comments below have not been moderated.", "The views expressed in the contents above are those of our users and do not necessarily reflect the views of the Daily Beacon."],
        '<div id="comments"><h3>Comments 231</h3><a>Share what you think</a><p>The comments below have not been moderated.</p><p>The views expressed in the contents above are those of our users and do not necessarily reflect the views of the Daily Beacon.</p></div>')
    p.f(["MORE HEADLINES", "Pensioner, 92, becomes oldest person to finish city marathon", "Seagull steals \u00a3500 ring from tourist's hand on pier"],
        '<div class="more-headlines"><h3>MORE HEADLINES</h3><a>Pensioner, 92, becomes oldest person to finish city marathon</a><a>Seagull steals \u00a3500 ring from tourist\'s hand on pier</a></div>')
    p.f("Published by Beacon Newspapers Ltd | Part of the Beacon Media group | \u00a9 Beacon Newspapers Ltd", "<footer><p>Published by Beacon Newspapers Ltd | Part of the Beacon Media group | \u00a9 Beacon Newspapers Ltd</p></footer>")
    url = "https://www.dailybeacon.example/news/article-13487321/dinner-lady-scratchcard.html"
    p.s = dict(s, standfirst=None)
    return p, p.html(s["headline"] + " | Daily Beacon Online", meta_tags(p, url, "2024-06-03T13:05:00Z", author="Jo Parks", desc=s["standfirst"]))


@page
def techblog():
    p = Page("techblog", "Circuit Notes", "battery")
    s = p.s
    p.f(["Circuit Notes", "Home", "Reviews", "Energy", "Mobile", "About", "Search"], '<header><a class="logo">Circuit Notes</a><nav>' + links(["Home", "Reviews", "Energy", "Mobile", "About"]) + '</nav><form><input placeholder="Search"><button>Search</button></form></header>')
    p.f("Home \u00bb Energy \u00bb Batteries", '<div class="breadcrumbs"><a>Home</a> \u00bb <a>Energy</a> \u00bb <span>Batteries</span></div>')
    p.headline('<h1 class="entry-title">' + E(s["headline"]) + "</h1>")
    p.byline("Posted by Ellie Brandt", '<div class="entry-meta"><span class="author">Posted by <a>Ellie Brandt</a></span>')
    p.f(["June 5, 2024", "5 min read", "3 Comments"], '<span class="posted-on">June 5, 2024</span><span class="reading-time">5 min read</span><a class="comments-link">3 Comments</a></div>')
    p.standfirst('<p class="excerpt"><strong>' + E(s["standfirst"]) + "</strong></p>")
    p.paras(0, 3)
    p.f("Also read: Why your home battery loses capacity in winter", '<p><strong>Also read:</strong> <a>Why your home battery loses capacity in winter</a></p>')
    p.paras(3, 6)
    p.f("Tags: batteries, energy storage, sodium-ion, startups", '<div class="tags">Tags: <a>batteries</a>, <a>energy storage</a>, <a>sodium-ion</a>, <a>startups</a></div>')
    p.f(["About the author", "Ellie Brandt writes about energy technology and the grid. Before joining Circuit Notes she spent six years as an engineer at a solar inverter company."],
        '<div class="author-box"><h4>About the author</h4><p>Ellie Brandt writes about energy technology and the grid. Before joining Circuit Notes she spent six years as an engineer at a solar inverter company.</p></div>')
    p.f(["Related posts", "Solid-state batteries: where are they now?", "May 12, 2024", "We tested five home batteries for a year. Here is what we learned", "April 3, 2024"],
        '<div class="related-posts"><h3>Related posts</h3><article><a>Solid-state batteries: where are they now?</a><time>May 12, 2024</time></article><article><a>We tested five home batteries for a year. Here is what we learned</a><time>April 3, 2024</time></article></div>')
    p.f(["3 thoughts on \u201cStartup says its sodium battery survives 5,000 charge cycles\u201d", "Gerrit", "June 5, 2024 at 3:12 pm",
         "Interesting, but I will believe it when I can buy one. Every year somebody announces a miracle battery and then we never hear about it again.", "Reply",
         "Leave a Reply", "Your email address will not be published. Required fields are marked *"],
        '<div id="comments"><h3>3 thoughts on \u201cStartup says its sodium battery survives 5,000 charge cycles\u201d</h3><div class="comment"><cite>Gerrit</cite><time>June 5, 2024 at 3:12 pm</time><p>Interesting, but I will believe it when I can buy one. Every year somebody announces a miracle battery and then we never hear about it again.</p><a>Reply</a></div><div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p></div></div>')
    p.f("\u00a9 2024 Circuit Notes. Proudly powered by WordPress", "<footer><p>\u00a9 2024 Circuit Notes. Proudly powered by WordPress</p></footer>")
    url = "https://circuitnotes.example/2024/06/05/sodium-battery-5000-cycles/"
    # WordPress-ish: the article sits in <article>, meta from an SEO plugin (OG only).
    p.entries.insert(0, ("furniture", [], '<div id="page">', False))
    return p, p.html(s["headline"] + " \u2013 Circuit Notes", meta_tags(p, url, "2024-06-05T09:00:00+02:00", jsonld=False))


@page
def public_au():
    p = Page("public-au", "Public Broadcaster AU", "flood")
    s = p.s
    p.f(["Skip to main content", "Public News Homepage", "Search", "Just In", "For You", "Politics", "World", "Business", "Analysis", "Sport", "Science", "Health", "Arts", "Fact Check"],
        '<a>Skip to main content</a><header><a>Public News Homepage</a><a>Search</a><nav>' + links(["Just In", "For You", "Politics", "World", "Business", "Analysis", "Sport", "Science", "Health", "Arts", "Fact Check"]) + "</nav></header>")
    p.f(["Regional NSW", "Topic: Floods"], '<div class="label"><a>Regional NSW</a><span>Topic: Floods</span></div>')
    p.headline()
    p.byline("By Sam Whitlock", '<div class="byline">By <a>Sam Whitlock</a></div>')
    p.f("Posted Mon 3 Jun 2024 at 2:05pm, updated Mon 3 Jun 2024 at 4:47pm", '<div class="timestamps">Posted <time>Mon 3 Jun 2024 at 2:05pm</time>, updated <time>Mon 3 Jun 2024 at 4:47pm</time></div>')
    p.f(["Floodwater surrounds homes on the edge of Barra Creek.", "(Supplied: SES)"], '<figure><img><figcaption>Floodwater surrounds homes on the edge of Barra Creek. <span>(Supplied: SES)</span></figcaption></figure>')
    p.f(["Help keep family & friends informed by sharing this article", "abc.example/news/boil-water"], '<div class="share"><p>Help keep family &amp; friends informed by sharing this article</p><input value="abc.example/news/boil-water"></div>')
    p.f(["In short:", "About 12,000 residents must boil their water after floods hit a treatment plant.", "The Barra River peaked at 9.2 metres on Monday morning.", "What's next?", "Bottled water is available at two sites in town."],
        '<div class="key-points"><h2>In short:</h2><ul><li>About 12,000 residents must boil their water after floods hit a treatment plant.</li><li>The Barra River peaked at 9.2 metres on Monday morning.</li></ul><h2>What\'s next?</h2><p>Bottled water is available at two sites in town.</p></div>')
    p.paras(0, 3)
    p.f("ABC Emergency: Get the latest updates on emergencies across Australia.", '<aside class="promo"><p><a>ABC Emergency: Get the latest updates on emergencies across Australia.</a></p></aside>')
    p.paras(3, 6)
    p.f(["Posted 3 Jun 2024", "Share"], '<div class="end"><time>Posted 3 Jun 2024</time><button>Share</button></div>')
    p.f(["Related stories", "Towns cut off as heavy rain lashes northern rivers", "Flood insurance premiums double in Barra region"],
        '<aside><h2>Related stories</h2><a>Towns cut off as heavy rain lashes northern rivers</a><a>Flood insurance premiums double in Barra region</a></aside>')
    p.f(["Topics", "Floods", "Water Supply", "Emergency Incidents", "Barra Creek"], '<div class="topics"><h2>Topics</h2>' + links(["Floods", "Water Supply", "Emergency Incidents", "Barra Creek"]) + "</div>")
    p.f(["Top Stories", "Reserve Bank holds cash rate steady", "Teen charged over school break-in"],
        '<section><h2>Top Stories</h2><a>Reserve Bank holds cash rate steady</a><a>Teen charged over school break-in</a></section>')
    p.f(["We acknowledge Aboriginal and Torres Strait Islander peoples as the First Australians and Traditional Custodians of the lands where we live, learn, and work.",
         "This service may include material from Agence France-Presse (AFP), APTN, Reuters, AAP, CNN and the BBC World Service which is copyright and cannot be reproduced.",
         "AEST = Australian Eastern Standard Time which is 10 hours ahead of GMT (Greenwich Mean Time)"],
        "<footer><p>We acknowledge Aboriginal and Torres Strait Islander peoples as the First Australians and Traditional Custodians of the lands where we live, learn, and work.</p><p>This service may include material from Agence France-Presse (AFP), APTN, Reuters, AAP, CNN and the BBC World Service which is copyright and cannot be reproduced.</p><p>AEST = Australian Eastern Standard Time which is 10 hours ahead of GMT (Greenwich Mean Time)</p></footer>")
    url = "https://www.publicnews.example/news/2024-06-03/barra-creek-boil-water-notice/103932110"
    return p, p.html(s["headline"] + " - Public News", meta_tags(p, url, "2024-06-03T04:05:00Z"))


@page
def sport():
    p = Page("sport", "Touchline", "derby")
    s = p.s
    p.f(["Football", "Cricket", "Rugby", "Tennis", "F1", "Golf", "Live scores", "Fixtures", "Tables"], "<nav>" + links(["Football", "Cricket", "Rugby", "Tennis", "F1", "Golf", "Live scores", "Fixtures", "Tables"]) + "</nav>")
    p.f(["Riverside United 1-0 Castlegate", "FT", "Mensah (88)"], '<div class="scoreboard"><span>Riverside United 1-0 Castlegate</span><span>FT</span><span>Mensah (88)</span></div>')
    p.f("Match report", '<span class="label">Match report</span>')
    p.headline()
    p.standfirst()
    p.byline("Owen Carter at Riverside Park", '<p class="byline">Owen Carter at Riverside Park</p>')
    p.f("Sat 1 Jun 2024 19.32 BST", "<time>Sat 1 Jun 2024 19.32 BST</time>")
    p.f(["Watch: Mensah's late winner", "Video duration 01:12", "Play video"], '<div class="video"><h3>Watch: Mensah\'s late winner</h3><span>Video duration 01:12</span><button>Play video</button></div>')
    p.paras(0, 3)
    p.f("Advertisement", '<div class="ad"><span>Advertisement</span></div>')
    p.paras(3, 6)
    p.f(["Team line-ups", "Riverside United (4-3-3): Walsh; Obi, Carr, Lund, Price; Ross, Baker, Njie (Mensah 82); Hale, Diaz, Cole.",
         "Castlegate (4-4-2): Stone; Hart, Moyes, Adu, Kerr; Ferri, Lamb, Webb, Sousa; Grant, Pike.", "Referee: P. Dunne. Attendance: 28,412."],
        '<div class="lineups"><h3>Team line-ups</h3><p>Riverside United (4-3-3): Walsh; Obi, Carr, Lund, Price; Ross, Baker, Njie (Mensah 82); Hale, Diaz, Cole.</p><p>Castlegate (4-4-2): Stone; Hart, Moyes, Adu, Kerr; Ferri, Lamb, Webb, Sousa; Grant, Pike.</p><p>Referee: P. Dunne. Attendance: 28,412.</p></div>')
    p.f(["League table", "Pos Team P Pts", "3 Northfield 33 61", "4 Riverside United 33 58", "5 Castlegate 33 56"],
        '<table class="league"><caption>League table</caption><tr><th>Pos</th><th>Team</th><th>P</th><th>Pts</th></tr><tr><td>3</td><td>Northfield</td><td>33</td><td>61</td></tr><tr><td>4</td><td>Riverside United</td><td>33</td><td>58</td></tr><tr><td>5</td><td>Castlegate</td><td>33</td><td>56</td></tr></table>')
    p.f(["More football", "Northfield hold on for point in six-goal thriller", "2h", "Whitmore: \u2018We are not thinking about Europe yet\u2019", "5h"],
        '<aside><h3>More football</h3><a>Northfield hold on for point in six-goal thriller</a><span>2h</span><a>Whitmore: \u2018We are not thinking about Europe yet\u2019</a><span>5h</span></aside>')
    p.f("Touchline is part of Northbank Media. \u00a9 2024. All rights reserved.", "<footer>Touchline is part of Northbank Media. \u00a9 2024. All rights reserved.</footer>")
    url = "https://www.touchline.example/football/2024/jun/01/riverside-united-castlegate-match-report"
    return p, p.html(s["headline"] + " | Touchline", meta_tags(p, url, "2024-06-01T18:32:00Z"))


@page
def regional():
    p = Page("regional", "Ashcombe Courier", "bypass")
    s = p.s
    p.f(["We use cookies to improve your experience of our website, to show you personalised adverts and to understand how you use the site. You can change your preferences at any time.",
         "Accept all", "Manage preferences"],
        '<div id="cookie-banner" class="consent"><p>We use cookies to improve your experience of our website, to show you personalised adverts and to understand how you use the site. You can change your preferences at any time.</p><button>Accept all</button><button>Manage preferences</button></div>')
    p.f(["Ashcombe Courier", "News", "Sport", "What's On", "Property", "Jobs", "Notices", "Subscribe"], '<header><a>Ashcombe Courier</a><nav>' + links(["News", "Sport", "What's On", "Property", "Jobs", "Notices", "Subscribe"]) + "</nav></header>")
    p.f("Local", '<span class="category">Local</span>')
    p.headline()
    p.standfirst()
    p.byline("By Rachel Hume", '<span class="author">By Rachel Hume</span>')
    p.f(["Local Democracy Reporter", "Wednesday 5 June 2024 6:30 pm"], '<span class="role">Local Democracy Reporter</span><time>Wednesday 5 June 2024 6:30 pm</time>')
    p.f("The route would pass along the northern edge of Hollins Wood (Image: Ashcombe Courier)", '<figure><img><figcaption>The route would pass along the northern edge of Hollins Wood (Image: Ashcombe Courier)</figcaption></figure>')
    p.paras(0, 2)
    p.f("READ MORE: Ashcombe high street named among most polluted in region", '<p><strong>READ MORE: </strong><a>Ashcombe high street named among most polluted in region</a></p>')
    p.paras(2, 4)
    p.f(["Get the latest Ashcombe news straight to your inbox", "Sign up", "Thank you for subscribing!",
         "We have more newsletters", "Show me", "See our Privacy Notice"],
        '<div class="newsletter-signup"><p>Get the latest Ashcombe news straight to your inbox</p><button>Sign up</button><p class="thanks">Thank you for subscribing!</p><p>We have more newsletters</p><a>Show me</a><a>See our Privacy Notice</a></div>')
    p.paras(4, 6)
    p.f(["Advertisement", "Content continues below"], '<div class="mpu"><span>Advertisement</span><span>Content continues below</span></div>')
    p.f(["Sponsored content", "Local estate agent reveals five homes under \u00a3250,000"], '<div class="sponsored"><span>Sponsored content</span><a>Local estate agent reveals five homes under \u00a3250,000</a></div>')
    p.f(["Most Read", "Most Recent", "Man arrested after car hits shop window in Market Street", "Summer fair returns to Ashcombe Park with new dog show"],
        '<aside class="most-read"><ul class="tabs"><li>Most Read</li><li>Most Recent</li></ul><ol><li><a>Man arrested after car hits shop window in Market Street</a></li><li><a>Summer fair returns to Ashcombe Park with new dog show</a></li></ol></aside>')
    p.f(["Follow us", "Facebook", "X", "Instagram", "\u00a9 2024 Courier Media Ltd. All rights reserved. Registered in England and Wales No. 02281912."],
        '<footer><p>Follow us</p>' + links(["Facebook", "X", "Instagram"]) + "<p>\u00a9 2024 Courier Media Ltd. All rights reserved. Registered in England and Wales No. 02281912.</p></footer>")
    url = "https://www.ashcombecourier.example/news/local-news/bypass-plan-approved-despite-objections-9283312"
    return p, p.html(s["headline"] + " - Ashcombe Courier", meta_tags(p, url, "2024-06-05T17:30:00+01:00"))


@page
def magazine():
    p = Page("magazine", "The Long View", "beekeepers")
    s = p.s
    p.f(["The Long View", "Latest", "Magazine", "Culture", "Science", "Podcasts", "Subscribe", "Sign In"], '<header><a>The Long View</a><nav>' + links(["Latest", "Magazine", "Culture", "Science", "Podcasts"]) + '<a>Subscribe</a><a>Sign In</a></nav></header>')
    p.f("Features", '<p class="rubric">Features</p>')
    p.headline()
    p.standfirst('<p class="dek">' + E(s["standfirst"]) + "</p>")
    p.byline("By Ines Calder", '<p class="byline">By <a>Ines Calder</a></p>')
    p.f(["Photographs by Arlo Fenn", "June 2, 2024"], '<p class="credit">Photographs by Arlo Fenn</p><time>June 2, 2024</time>')
    p.f(["Listen to this article", "00:00", "12:40", "Listen to more stories on Audm"], '<div class="audio"><span>Listen to this article</span><span>00:00</span><span>12:40</span><a>Listen to more stories on Audm</a></div>')
    p.paras(0, 3)
    p.f("Teo Lindqvist checks a frame of brood before the hives are loaded. Arlo Fenn for The Long View", '<figure><img><figcaption>Teo Lindqvist checks a frame of brood before the hives are loaded. <span class="credit">Arlo Fenn for The Long View</span></figcaption></figure>')
    p.paras(3, 6)
    p.f("This article appears in the July 2024 print edition with the headline \u201cThe Bee Truckers.\u201d", '<p class="issue-note"><em>This article appears in the July 2024 print edition with the headline \u201cThe Bee Truckers.\u201d</em></p>')
    p.f(["Ines Calder is a staff writer at The Long View.", "Support independent journalism. Subscribe for $1 a week."],
        '<div class="bio"><p>Ines Calder is a staff writer at The Long View.</p></div><div class="paywall-promo"><p>Support independent journalism. Subscribe for $1 a week.</p></div>')
    p.f(["Explore More Topics", "Agriculture", "Bees", "California"], '<div class="topics"><h3>Explore More Topics</h3>' + links(["Agriculture", "Bees", "California"]) + "</div>")
    p.f("\u00a9 2024 The Long View Magazine Company. All Rights Reserved.", "<footer><p>\u00a9 2024 The Long View Magazine Company. All Rights Reserved.</p></footer>")
    url = "https://www.thelongview.example/magazine/2024/07/almond-pollination-beekeepers/678111/"
    return p, p.html(s["headline"] + " - The Long View", meta_tags(p, url, "2024-06-02T10:00:00Z"))


@page
def business():
    p = Page("business", "Ledger Daily", "bank", blank=False)
    s = p.s
    p.f(["FTSE 100 8,254.18 +0.41%", "GBP/USD 1.2741 -0.08%", "Brent 82.40 +1.2%"], '<div class="ticker"><span>FTSE 100 8,254.18 +0.41%</span><span>GBP/USD 1.2741 -0.08%</span><span>Brent 82.40 +1.2%</span></div>')
    p.f(["Ledger Daily", "Subscribe", "Sign in", "Home", "World", "Companies", "Markets", "Opinion", "Work & Careers", "Life & Arts"],
        '<header><a>Ledger Daily</a><a>Subscribe</a><a>Sign in</a><nav>' + links(["Home", "World", "Companies", "Markets", "Opinion", "Work & Careers", "Life & Arts"]) + "</nav></header>")
    p.f("Banks", '<a class="topic">Banks</a>')
    p.f("Add to myLedger", "<button>Add to myLedger</button>")
    p.headline()
    p.standfirst()
    p.f("Northgate says it will keep a branch in every town where it is the last bank (Ledger Daily)", "<figure><figcaption>Northgate says it will keep a branch in every town where it is the last bank (Ledger Daily)</figcaption></figure>")
    p.f(["Unlock the Editor\u2019s Digest for free", "Roula Fenton, Editor of the Ledger, selects her favourite stories in this weekly newsletter."],
        '<div class="digest-promo"><h3>Unlock the Editor\u2019s Digest for free</h3><p>Roula Fenton, Editor of the Ledger, selects her favourite stories in this weekly newsletter.</p></div>')
    p.byline("Hannah Groves in London", '<div class="byline"><a>Hannah Groves</a> in London</div>')
    p.f("Published June 6 2024", "<time>Published June 6 2024</time>")
    p.paras(0, 5)
    p.f(["Copyright The Ledger Daily Limited 2024. All rights reserved.", "Reuse this content", "Comments"],
        '<div class="article-end"><p>Copyright The Ledger Daily Limited 2024. All rights reserved.</p><a>Reuse this content</a><a>Comments</a></div>')
    p.f(["Promoted Content", "Explore the editor\u2019s picks", "Follow the topics in this article", "Banks", "UK companies", "Hannah Groves"],
        '<div class="promoted"><h3>Promoted Content</h3></div><div class="picks"><a>Explore the editor\u2019s picks</a></div><div class="follow"><h3>Follow the topics in this article</h3>' + links(["Banks", "UK companies", "Hannah Groves"]) + "</div>")
    p.f(["Markets data delayed by at least 15 minutes. \u00a9 THE LEDGER DAILY LTD 2024."], "<footer><p>Markets data delayed by at least 15 minutes. \u00a9 THE LEDGER DAILY LTD 2024.</p></footer>")
    url = "https://www.ledgerdaily.example/content/4f1b9a0e-northgate-branches"
    return p, p.html(s["headline"], meta_tags(p, url, "2024-06-06T06:00:00Z"))


@page
def diario():
    p = Page("diario", "Diario del Ebro", "museum", lang="es")
    s = p.s
    p.f(["Portada", "Nacional", "Internacional", "Econom\u00eda", "Cultura", "Deportes", "Opini\u00f3n", "Suscr\u00edbete", "Iniciar sesi\u00f3n"],
        "<header><nav>" + links(["Portada", "Nacional", "Internacional", "Econom\u00eda", "Cultura", "Deportes", "Opini\u00f3n"]) + "<a>Suscr\u00edbete</a><a>Iniciar sesi\u00f3n</a></nav></header>")
    p.f("Cultura", '<a class="seccion">Cultura</a>')
    p.headline()
    p.standfirst('<h2 class="entradilla">' + E(s["standfirst"]) + "</h2>")
    p.byline("Luc\u00eda Ferrer", '<div class="firma"><a>Luc\u00eda Ferrer</a>')
    p.f(["Zaragoza", "Actualizado: 03/06/2024 14:05 CEST"], '<span class="lugar">Zaragoza</span><time>Actualizado: 03/06/2024 14:05 CEST</time></div>')
    p.f(["Compartir en Facebook", "Compartir en X", "Enviar por correo", "Comentarios"], '<div class="compartir"><a>Compartir en Facebook</a><a>Compartir en X</a><a>Enviar por correo</a><a>Comentarios</a></div>')
    p.f("Las cuatro tablas del retablo, en el laboratorio de la Guardia Civil. EFE/Javier Cebollada", "<figure><figcaption>Las cuatro tablas del retablo, en el laboratorio de la Guardia Civil. EFE/Javier Cebollada</figcaption></figure>")
    p.paras(0, 3)
    p.f(["Noticias relacionadas", "La Guardia Civil recupera 300 piezas arqueol\u00f3gicas en una operaci\u00f3n en Teruel"],
        '<div class="relacionadas"><h4>Noticias relacionadas</h4><a>La Guardia Civil recupera 300 piezas arqueol\u00f3gicas en una operaci\u00f3n en Teruel</a></div>')
    p.paras(3, 6)
    p.f("Publicidad", '<div class="publi">Publicidad</div>')
    p.f(["Lo m\u00e1s le\u00eddo", "1", "El Ebro alcanza su nivel m\u00e1s bajo en una d\u00e9cada", "2", "Cierra la \u00faltima librer\u00eda del barrio de San Pablo"],
        '<aside class="mas-leido"><h3>Lo m\u00e1s le\u00eddo</h3><ol><li><span>1</span><a>El Ebro alcanza su nivel m\u00e1s bajo en una d\u00e9cada</a></li><li><span>2</span><a>Cierra la \u00faltima librer\u00eda del barrio de San Pablo</a></li></ol></aside>')
    p.f(["Aviso legal", "Pol\u00edtica de privacidad", "Pol\u00edtica de cookies", "\u00a9 Diario del Ebro S.L. Todos los derechos reservados."],
        "<footer>" + links(["Aviso legal", "Pol\u00edtica de privacidad", "Pol\u00edtica de cookies"]) + "<p>\u00a9 Diario del Ebro S.L. Todos los derechos reservados.</p></footer>")
    url = "https://www.diariodelebro.example/cultura/2024/06/03/museo-recupera-retablo-robado.html"
    return p, p.html(s["headline"] + " | Diario del Ebro", meta_tags(p, url, "2024-06-03T12:05:00Z"))


@page
def stadtanzeiger():
    p = Page("stadtanzeiger", "Lindenauer Stadtanzeiger", "tram", lang="de", blank=False)
    s = p.s
    p.f(["Zum Inhalt springen", "Startseite", "Lindenau", "Region", "Politik", "Wirtschaft", "Sport", "Kultur", "Abo", "Anmelden"],
        "<header><a>Zum Inhalt springen</a><nav>" + links(["Startseite", "Lindenau", "Region", "Politik", "Wirtschaft", "Sport", "Kultur"]) + "<a>Abo</a><a>Anmelden</a></nav></header>")
    p.f("Verkehr in Lindenau", '<span class="dachzeile">Verkehr in Lindenau</span>')
    p.headline()
    p.f("Stand: 05.06.2024, 14:05 Uhr", '<p class="stand">Stand: 05.06.2024, 14:05 Uhr</p>')
    p.standfirst('<p class="teaser"><strong>' + E(s["standfirst"]) + "</strong></p>")
    p.byline("Von Jonas Berger", '<p class="autor">Von Jonas Berger</p>')
    p.f(["Artikel teilen", "Artikel merken", "Kommentare"], '<div class="teilen"><a>Artikel teilen</a><a>Artikel merken</a><a>Kommentare</a></div>')
    p.f("So soll die neue Haltestelle am Westplatz aussehen. Visualisierung: Stadtwerke Lindenau", "<figure><figcaption>So soll die neue Haltestelle am Westplatz aussehen. Visualisierung: Stadtwerke Lindenau</figcaption></figure>")
    p.paras(0, 2)
    p.f("Anzeige", '<div class="anzeige">Anzeige</div>')
    p.paras(2, 4)
    p.f(["Mehr zum Thema", "Busfahrer streiken am Donnerstag", "Weststadt: Neues Wohngebiet genehmigt"],
        '<div class="mehr"><h3>Mehr zum Thema</h3><a>Busfahrer streiken am Donnerstag</a><a>Weststadt: Neues Wohngebiet genehmigt</a></div>')
    p.paras(4, 6)
    p.f(["Meistgelesen", "Unfall auf der B 12: Zwei Verletzte", "Freibad öffnet früher als geplant"],
        '<aside><h3>Meistgelesen</h3><a>Unfall auf der B 12: Zwei Verletzte</a><a>Freibad öffnet früher als geplant</a></aside>')
    p.f(["Impressum", "Datenschutz", "Cookie-Einstellungen", "© Lindenauer Stadtanzeiger GmbH 2024"],
        "<footer>" + links(["Impressum", "Datenschutz", "Cookie-Einstellungen"]) + "<p>© Lindenauer Stadtanzeiger GmbH 2024</p></footer>")
    url = "https://www.stadtanzeiger-lindenau.example/lindenau/neue-strassenbahnlinie-soll-2027-fahren-art-9921"
    return p, p.html(s["headline"] + " | Lindenauer Stadtanzeiger", meta_tags(p, url, "2024-06-05T12:05:00Z"))


@page
def radio():
    p = Page("radio", "Public Radio Example", "choir")
    s = p.s
    p.f(["Public Radio", "Shows & Podcasts", "Search", "Newsletters", "Donate"], '<header><a>Public Radio</a><nav>' + links(["Shows & Podcasts", "Search", "Newsletters"]) + '<a class="donate">Donate</a></nav></header>')
    p.f("Music", '<a class="slug">Music</a>')
    p.headline()
    p.standfirst()
    p.f(["Heard on Weekend Edition Saturday", "Listen \u00b7 4:52", "4:52", "Toggle more options", "Download", "Transcript"],
        '<div class="audio-module"><p>Heard on Weekend Edition Saturday</p><button>Listen \u00b7 4:52</button><span>4:52</span><button>Toggle more options</button><a>Download</a><a>Transcript</a></div>')
    p.byline("Maya Thornton", '<div class="byline"><a>Maya Thornton</a></div>')
    p.f(["Facebook", "Flipboard", "Email"], '<div class="share-tools">' + links(["Facebook", "Flipboard", "Email"]) + "</div>")
    p.f("June 8, 2024 5:00 AM ET", "<time>June 8, 2024 5:00 AM ET</time>")
    p.f(["Members of the Hollis choir rehearse before the concert.", "Maya Thornton/PRE"], '<figure><figcaption>Members of the Hollis choir rehearse before the concert.</figcaption><span class="credit">Maya Thornton/PRE</span></figure>')
    p.f("toggle caption", '<button class="toggle">toggle caption</button>')
    p.paras(0, 3)
    p.f(["Sponsor Message", "Become a sponsor"], '<div class="sponsor"><span>Sponsor Message</span><a>Become a sponsor</a></div>')
    p.paras(3, 6)
    p.f(["More Stories From Public Radio", "Music", "A violin lost on a train is returned after 20 years", "Music", "Festival organizers cancel shows after storm damage"],
        '<section class="more"><h3>More Stories From Public Radio</h3><article><span>Music</span><a>A violin lost on a train is returned after 20 years</a></article><article><span>Music</span><a>Festival organizers cancel shows after storm damage</a></article></section>')
    p.f(["Read & Listen", "Home", "News", "Culture", "Music", "Connect", "Newsletters", "Facebook", "Instagram", "Press", "Contact & Help", "\u00a9 2024 Public Radio Example"],
        "<footer>" + links(["Read & Listen", "Home", "News", "Culture", "Music", "Connect", "Newsletters", "Facebook", "Instagram", "Press", "Contact & Help"]) + "<p>\u00a9 2024 Public Radio Example</p></footer>")
    url = "https://www.publicradio.example/2024/06/08/1198823311/prison-choir-first-public-concert"
    return p, p.html(s["headline"] + " : Public Radio", meta_tags(p, url, "2024-06-08T09:00:00Z"))


@page
def agency():
    p = Page("agency", "Agency News Example", "vaccine")
    s = p.s
    p.f(["Menu", "World", "U.S.", "Politics", "Sports", "Entertainment", "Business", "Science", "Fact Check", "Oddities", "Be Well", "Newsletters", "Photography", "Donate"],
        "<header><button>Menu</button><nav>" + links(["World", "U.S.", "Politics", "Sports", "Entertainment", "Business", "Science", "Fact Check", "Oddities", "Be Well", "Newsletters", "Photography"]) + "<a>Donate</a></nav></header>")
    p.headline()
    p.byline("By KAREN OSTBY", '<div class="Page-authors">By <a>KAREN OSTBY</a></div>')
    p.f("Updated 4:12 PM GMT+2, June 3, 2024", '<div class="Page-dateModified">Updated <bsp-timestamp>4:12 PM GMT+2, June 3, 2024</bsp-timestamp></div>')
    p.f(["Share", "Share", "Copy", "Link copied", "Email", "Facebook", "X", "Reddit", "LinkedIn", "Pinterest", "Flipboard", "Print"],
        '<div class="Page-actions"><button>Share</button><div class="share-menu"><span>Share</span><button>Copy</button><span>Link copied</span>' + links(["Email", "Facebook", "X", "Reddit", "LinkedIn", "Pinterest", "Flipboard"]) + "<button>Print</button></div></div>")
    p.f("FILE - A pharmacist holds a nasal spray flu vaccine at a clinic in Hartford, Conn., Oct. 10, 2023. (AP Photo/Jess Monroe, File)",
        '<figure><figcaption>FILE - A pharmacist holds a nasal spray flu vaccine at a clinic in Hartford, Conn., Oct. 10, 2023. (AP Photo/Jess Monroe, File)</figcaption></figure>')
    p.f(["Read More", "1 of 2"], '<div class="carousel"><button>Read More</button><span>1 of 2</span></div>')
    p.html_only('<div class="RichTextStoryBody">')
    p.paras(0, 3)
    p.f("ADVERTISEMENT", '<div class="ad">ADVERTISEMENT</div>')
    p.paras(3, 5)
    p.html_only("</div>")
    p.f(s["paras"][5], "<p><em>" + E(s["paras"][5]) + "</em></p>")
    p.f(["The Associated Press Health and Science Department receives support from the Howard Hughes Medical Institute\u2019s Science and Educational Media Group. The AP is solely responsible for all content."],
        '<p class="support-note"><em>The Associated Press Health and Science Department receives support from the Howard Hughes Medical Institute\u2019s Science and Educational Media Group. The AP is solely responsible for all content.</em></p>')
    p.f(["KAREN OSTBY", "Ostby covers health and medicine for the Agency.", "twitter", "mailto"],
        '<div class="author-bio"><a>KAREN OSTBY</a><p>Ostby covers health and medicine for the Agency.</p><a>twitter</a><a>mailto</a></div>')
    p.f(["Most read", "Judge blocks state law on library books", "Storm knocks out power to 200,000 homes"],
        '<aside><h3>Most read</h3><a>Judge blocks state law on library books</a><a>Storm knocks out power to 200,000 homes</a></aside>')
    p.f(["About", "Contact Us", "Accessibility Statement", "Terms of Use", "Privacy Policy", "Cookie Settings", "Do Not Sell or Share My Personal Information", "Copyright 2024 The Associated Press. All Rights Reserved."],
        "<footer>" + links(["About", "Contact Us", "Accessibility Statement", "Terms of Use", "Privacy Policy", "Cookie Settings", "Do Not Sell or Share My Personal Information"]) + "<p>Copyright 2024 The Associated Press. All Rights Reserved.</p></footer>")
    url = "https://agencynews.example/article/flu-vaccine-nasal-spray-adults-3b1f2a"
    return p, p.html(s["headline"] + " | Agency News", meta_tags(p, url, "2024-06-03T14:12:00Z"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for fn in PAGES:
        p, html = fn()
        with open(os.path.join(here, p.name + ".txt"), "w", encoding="utf-8") as f:
            f.write(p.text())
        with open(os.path.join(here, p.name + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
        with open(os.path.join(here, p.name + ".json"), "w", encoding="utf-8") as f:
            json.dump(p.expected("page"), f, ensure_ascii=False, indent=2)
            f.write("\n")
    print(len(PAGES), "pages")



@page
def heldout_regionale():
    p = Page("heldout-regionale", "Le Courrier de l'Ouest Example", "ferry", lang="fr")
    s = p.s
    p.f(["Accueil", "Actualit\u00e9", "Vend\u00e9e", "Sports", "Loisirs", "Abonnez-vous", "Se connecter"], "<header><nav>" + links(["Accueil", "Actualit\u00e9", "Vend\u00e9e", "Sports", "Loisirs"]) + "<a>Abonnez-vous</a><a>Se connecter</a></nav></header>")
    p.f("Vend\u00e9e", '<a class="rubrique">Vend\u00e9e</a>')
    p.headline()
    p.standfirst('<p class="chapo">' + E(s["standfirst"]) + "</p>")
    p.byline("Par Claire Moreau", '<p class="auteur">Par Claire Moreau</p>')
    p.f("Publi\u00e9 le 03/06/2024 \u00e0 19h12, mis \u00e0 jour le 03/06/2024 \u00e0 21h40", '<p class="date">Publi\u00e9 le 03/06/2024 \u00e0 19h12, mis \u00e0 jour le 03/06/2024 \u00e0 21h40</p>')
    p.f(["Partager", "Facebook", "Twitter", "E-mail", "Copier le lien"], '<div class="partage"><span>Partager</span>' + links(["Facebook", "Twitter", "E-mail", "Copier le lien"]) + "</div>")
    p.f("Le navire est rest\u00e9 amarr\u00e9 au quai de Fromentine lundi soir. | Ouest Photo / Marc Le Goff", "<figure><figcaption>Le navire est rest\u00e9 amarr\u00e9 au quai de Fromentine lundi soir. | Ouest Photo / Marc Le Goff</figcaption></figure>")
    p.paras(0, 2)
    p.f("\u00c0 lire aussi : Le prix de la travers\u00e9e augmentera en juillet", '<p class="lire-aussi"><a>\u00c0 lire aussi : Le prix de la travers\u00e9e augmentera en juillet</a></p>')
    p.paras(2, 4)
    p.f("Publicit\u00e9", '<div class="pub">Publicit\u00e9</div>')
    p.paras(4, 5)
    p.f(["Les plus lus", "Un incendie d\u00e9truit un hangar agricole \u00e0 Challans", "Tour de France : les routes ferm\u00e9es ce week-end"], '<aside><h3>Les plus lus</h3><a>Un incendie d\u00e9truit un hangar agricole \u00e0 Challans</a><a>Tour de France : les routes ferm\u00e9es ce week-end</a></aside>')
    p.f(["Mentions l\u00e9gales", "Donn\u00e9es personnelles", "Gestion des cookies", "\u00a9 Le Courrier de l'Ouest Example 2024"], "<footer>" + links(["Mentions l\u00e9gales", "Donn\u00e9es personnelles", "Gestion des cookies"]) + "<p>\u00a9 Le Courrier de l'Ouest Example 2024</p></footer>")
    url = "https://www.courrier-ouest.example/vendee/liaison-ile-d-yeu-suspendue-6a2f"
    return p, p.html(s["headline"], meta_tags(p, url, "2024-06-03T17:12:00Z", jsonld=False))


@page
def heldout_tvstation():
    p = Page("heldout-tvstation", "WMBK Millbrook Example", "tvnews")
    s = p.s
    p.f(["WATCH LIVE", "Weather Alert", "News", "Weather", "Traffic", "Sports", "Contests", "Contact Us"], "<header><a>WATCH LIVE</a><a>Weather Alert</a><nav>" + links(["News", "Weather", "Traffic", "Sports", "Contests", "Contact Us"]) + "</nav></header>")
    p.f("Local News", '<span class="category">Local News</span>')
    p.headline()
    p.byline("By Staff", '<div class="author">By Staff</div>')
    p.f("Published: Jun. 4, 2024 at 6:02 AM EDT|Updated: 2 hours ago", '<div class="dates">Published: Jun. 4, 2024 at 6:02 AM EDT|Updated: 2 hours ago</div>')
    p.f(["Facebook", "Email", "Twitter", "Pinterest", "LinkedIn"], '<div class="share">' + links(["Facebook", "Email", "Twitter", "Pinterest", "LinkedIn"]) + "</div>")
    p.f("Firefighters work at the scene on Main Street on Tuesday morning.(WMBK)", "<figure><figcaption>Firefighters work at the scene on Main Street on Tuesday morning.(WMBK)</figcaption></figure>")
    p.f("MILLBROOK, Ind. (WMBK) -", '<p class="dateline">MILLBROOK, Ind. (WMBK) -</p>')
    p.paras(0, 6)
    p.f("Copyright 2024 WMBK. All rights reserved.", '<p class="copyright">Copyright 2024 WMBK. All rights reserved.</p>')
    p.f(["Most Read", "Man charged after chase ends in cornfield", "Forecast: Storms possible Thursday"], '<aside><h3>Most Read</h3><a>Man charged after chase ends in cornfield</a><a>Forecast: Storms possible Thursday</a></aside>')
    url = "https://www.wmbk.example/2024/06/04/driver-rescued-after-car-plunges-into-canal/"
    return p, p.html(s["headline"], meta_tags(p, url, "2024-06-04T10:02:00Z"))


@page
def heldout_newsletter():
    p = Page("heldout-newsletter", "The Eastvale Ledger Example", "newsletter")
    s = p.s
    p.f(["The Eastvale Ledger", "Subscribe", "Sign in"], "<header><a>The Eastvale Ledger</a><a>Subscribe</a><a>Sign in</a></header>")
    p.headline('<h1 class="post-title">' + E(s["headline"]) + "</h1>")
    p.standfirst('<h3 class="subtitle">' + E(s["standfirst"]) + "</h3>")
    p.byline("Nadia Fox", '<div class="byline-names"><a>Nadia Fox</a></div>')
    p.f("Jun 10, 2024", "<time>Jun 10, 2024</time>")
    p.f(["12", "3", "Share"], '<div class="post-ufi"><span>12</span><span>3</span><a>Share</a></div>')
    p.paras(0, 3)
    p.f(["Subscribe to The Eastvale Ledger", "Local news you can actually use. Free, every Monday.", "Type your email\u2026", "Subscribe"],
        '<div class="subscription-widget"><h4>Subscribe to The Eastvale Ledger</h4><p>Local news you can actually use. Free, every Monday.</p><input placeholder="Type your email\u2026"><a>Subscribe</a></div>')
    p.paras(3, 6)
    p.f(["12 Likes", "\u00b7", "3 Restacks", "Discussion about this post", "Comments", "Restacks", "Top", "Latest", "Discussions"],
        '<div class="post-footer"><span>12 Likes</span><span>\u00b7</span><span>3 Restacks</span></div><div class="comments-section"><h4>Discussion about this post</h4><a>Comments</a><a>Restacks</a></div><div class="archive">' + links(["Top", "Latest", "Discussions"]) + "</div>")
    p.f(["\u00a9 2024 Nadia Fox", "Privacy \u2219 Terms \u2219 Collection notice"], "<footer><p>\u00a9 2024 Nadia Fox</p><p>Privacy \u2219 Terms \u2219 Collection notice</p></footer>")
    url = "https://eastvaleledger.example/p/school-board-budget-gap"
    return p, p.html(s["headline"] + " - by Nadia Fox", meta_tags(p, url, "2024-06-10T11:00:00Z"))


if __name__ == "__main__":
    main()
