/** Counts shown under the editor. Words follow Unicode word boundaries, like the backend. */
export interface TextCounts {
  words: number;
  characters: number;
  readingMinutes: number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });

export function countText(text: string): TextCounts {
  let words = 0;
  // Numbers count as words too ("132 steps" is two), as in the backend's Unicode word rules.
  for (const s of segmenter.segment(text)) if (s.isWordLike || /\p{N}/u.test(s.segment)) words++;
  const characters = [...text].length;
  // 230 words a minute is a common adult reading pace; never show 0 for a non-empty text.
  const readingMinutes = words === 0 ? 0 : Math.max(1, Math.round(words / 230));
  return { words, characters, readingMinutes };
}
