//! How fast hostile input is read (or refused): the speed claims that the hang-guarded tests in
//! `tests/wire/hostile.rs` no longer make. `cargo bench -p copydesk-wire --bench hostile`; the
//! figures are in RELIABILITY.md. The goals: each refusal well under a second, the 1 MB line
//! and 20,000-deep HTML under 5 s, on a 2-core machine in a release build.

use copydesk_wire::{read, Limits};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;

#[path = "../tests/wire/common/inputs.rs"]
mod inputs;

fn cases() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("one_megabyte_line", inputs::megabyte_line().into_bytes()),
        ("billion_laughs", inputs::BILLION_LAUGHS.as_bytes().to_vec()),
        ("quadratic_blowup", inputs::quadratic_blowup().into_bytes()),
        ("xml_10000_deep", inputs::deep_xml(10_000).into_bytes()),
        ("html_20000_deep", inputs::deep_html(20_000).into_bytes()),
        ("random_200k", inputs::noise(200 * 1024, 42)),
        (
            "json_100000_deep",
            inputs::deep_json_arrays(100_000).into_bytes(),
        ),
    ]
}

fn hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let limits = Limits::default();
    for (name, bytes) in cases() {
        group.bench_function(name, |b| {
            b.iter(|| black_box(read(black_box(&bytes), &limits)))
        });
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
