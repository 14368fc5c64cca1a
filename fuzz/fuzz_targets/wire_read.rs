//! Any bytes dropped in the inbox: format detection, decoding and every parser (XML formats,
//! teletype, e-mail, ninjs, feeds, HTML, scraped pages, plain text) must answer — an item or a
//! rejection with a reason — without panicking or hanging.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let limits = copydesk_wire::Limits::default();
    if let Ok(reading) = copydesk_wire::read(bytes, &limits) {
        for item in &reading.items {
            // Whatever was read is text an editor can be shown.
            assert!(!item.headline.contains('\0'));
        }
    }
});
