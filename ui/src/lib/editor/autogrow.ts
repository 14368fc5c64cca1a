// A textarea that is as tall as its text, like the line it will become on the page: it grows
// as you type, when its text is set from outside, and when its column gets narrower or wider.

function fit(el: HTMLTextAreaElement) {
  el.style.height = "auto";
  let height = el.scrollHeight;
  if (!el.value && el.placeholder) {
    // An empty field is as tall as its placeholder, so a long hint is not cut off.
    el.value = el.placeholder;
    height = Math.max(height, el.scrollHeight);
    el.value = "";
  }
  el.style.height = `${height}px`;
}

/** Svelte action: `use:autogrow={value}` (the value is passed so a new text re-fits it). */
export function autogrow(el: HTMLTextAreaElement, _value?: string) {
  let width = el.clientWidth;
  const observer = new ResizeObserver(() => {
    // Only a new width changes the wrapping; our own height changes are ignored.
    if (el.clientWidth === width) return;
    width = el.clientWidth;
    fit(el);
  });
  observer.observe(el);
  const onInput = () => fit(el);
  el.addEventListener("input", onInput);
  fit(el);
  return {
    update() {
      fit(el);
    },
    destroy() {
      observer.disconnect();
      el.removeEventListener("input", onInput);
    },
  };
}
