//! Any Markdown a draft or wire copy can hold: rendering plus sanitising must not panic, and
//! what comes out must never carry script, event handlers or javascript: links.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(bytes) else {
        return;
    };
    let rendered = copydesk_render::render(markdown, &copydesk_render::RenderOptions::default());
    let html = rendered.html.to_ascii_lowercase();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains(" onerror="), "{html}");
});
