//! Whole documents whose HTML is pinned, so any change in output is reviewed
//! (`cargo insta review`).

use copydesk_render::{render, RenderOptions};

fn page(markdown: &str) -> String {
    let html = render(markdown, &RenderOptions::default()).html;
    crate::scan::assert_safe(&html);
    html
}

#[test]
fn news_story_with_subheads() {
    let story = r#"---
slug: council-budget
byline: Ana Reyes
---
# Council backs budget after all-night session

**CITY HALL** -- The council approved a $1.2bn budget early on Wednesday after a
session that ran past 3am, ending months of talks with unions.

The vote was 7--4. Opposition members said the plan "moves too fast" on school
closures; the mayor called it "the only honest budget on the table".

## What changes for residents

- Property tax rises 2.5% from January.
- Bus fares are frozen until 2028.
- Two libraries move to [shorter hours](https://city.example/libraries).

## What happens next

The budget goes to the regional board for sign-off[^board]. A legal challenge
is *possible* but ~~unlikely~~ not expected before spring.

---

*Additional reporting by Sam Lee.*

[^board]: The board meets on 14 December.
"#;
    insta::assert_snapshot!(page(story));
}

#[test]
fn quote_heavy_piece() {
    let piece = r#"## "We were not told," residents say

"Nobody came to the door," said Maria Lopez, 64, who has lived on the street for
thirty years. "Not once."

> 'It's a disgrace,' one neighbour told us. "They knew -- they *knew* -- and said
> nothing..."
>
> > "We followed every procedure," the council replied in a statement.

Her son added: "I'd ask them: 'Would you live here?'"
"#;
    insta::assert_snapshot!(page(piece));
}

#[test]
fn results_table() {
    let table = r#"### Results by ward

| Ward | Candidate | Party | Votes | Share |
|:-----|:----------|:-----:|------:|------:|
| North | J. Okafor | Green | 4,210 | 41.2% |
| North | P. Marsh | Blue | 3,987 | 39.0% |
| South | L. Chen | Red | 5,102 | 52.8% |
| South | *Vacant* | -- | -- | -- |

Source: [Electoral office](https://elections.example/results) (provisional).
"#;
    insta::assert_snapshot!(page(table));
}

#[test]
fn hostile_draft_what_is_left() {
    let draft = r#"Lead paragraph <script>alert(1)</script> continues.

<iframe src="https://evil.example"></iframe>

![tracker](https://tracker.example/p.gif?story=123) and [a link](javascript:alert(1))
and [another](https://ok.example "it's \"quoted\"") and <javascript:alert(2)>.

<div onclick="alert(3)">**bold inside raw HTML**</div>
"#;
    insta::assert_snapshot!(page(draft));
}
