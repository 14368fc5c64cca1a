/** The backend marks matched words with U+E000 … U+E001; this splits a snippet into runs. */
export interface Run {
  text: string;
  hit: boolean;
}

export function snippetRuns(snippet: string): Run[] {
  const runs: Run[] = [];
  let hit = false;
  let text = "";
  for (const ch of snippet) {
    if (ch === "\uE000" || ch === "\uE001") {
      if (text) runs.push({ text, hit });
      text = "";
      hit = ch === "\uE000";
    } else {
      text += ch;
    }
  }
  if (text) runs.push({ text, hit });
  return runs;
}
