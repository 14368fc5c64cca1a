//! The desktop shell: opens the desk, registers thin commands, forwards change events.
//! All behaviour lives in `copydesk-core`; this crate only adapts it to Tauri.
#![forbid(unsafe_code)]

mod commands;
mod events;
mod ipc_error;
mod state;

use copydesk_core::{resolve_inbox, DataDir, Desk, DeskConfig, Role};
use state::{DeskState, InboxState};
use std::sync::Arc;
use tauri::Manager;

/// The typed command and event list; also what generates `ui/src/lib/ipc/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::desk::desk_info,
            commands::articles::list_articles,
            commands::articles::get_article,
            commands::articles::create_article,
            commands::articles::save_article,
            commands::wire::list_wire,
            commands::wire::get_wire_item,
            commands::wire::get_wire_story,
            commands::wire::list_quarantined,
            commands::wire::take_to_desk,
            commands::articles::list_revisions,
            commands::articles::restore_revision,
            commands::articles::diff_revisions,
            commands::articles::search,
            commands::preview::render_preview,
            commands::articles::list_tags,
            commands::workflow::act_on_article,
            commands::workflow::schedule_article,
            commands::workflow::set_embargo,
            commands::workflow::publish_article,
            commands::workflow::list_transitions,
            commands::workflow::list_publications,
            commands::workflow::calendar,
            commands::workflow::checklist,
            commands::workflow::get_webhook,
            commands::workflow::set_webhook,
            commands::workflow::list_deliveries,
            commands::workflow::retry_delivery,
            commands::workflow::get_missed_policy,
            commands::workflow::set_missed_policy,
            commands::desk::open_inbox_folder,
            commands::desk::list_profiles,
            commands::desk::add_profile,
            commands::desk::set_profile_role,
            commands::desk::switch_profile,
            commands::desk::set_inbox,
            commands::desk::choose_folder,
            commands::wire::retry_quarantined,
            commands::wire::diff_wire_items,
            commands::comments::list_comments,
            commands::comments::add_comment,
            commands::comments::edit_comment,
            commands::comments::delete_comment,
            commands::comments::resolve_thread,
            commands::comments::reopen_thread,
        ])
        .events(tauri_specta::collect_events![
            events::DeskChanged,
            events::SchedulerReport
        ])
        // Ids, counts and versions stay far below 2^53, so JavaScript numbers hold them exactly.
        .dangerously_cast_bigints_to_number()
        // One shape per type: our IPC types serialise and deserialise alike.
        .disable_serde_phases()
}

/// `--inbox DIR` on the app's command line.
fn inbox_arg() -> Option<std::path::PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--inbox" {
            return args.next().map(Into::into);
        }
        if let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("--inbox=")) {
            return Some(dir.into());
        }
    }
    None
}

pub fn run() {
    let specta = specta_builder();
    let result = tauri::Builder::default()
        // First, so a second launch focuses this window instead of opening the database twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .build(),
        )
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let mut config = DeskConfig::new(DataDir::resolve(None));
            // The person at a desktop is usually their own editor: a new profile for them starts
            // as one (a stored profile keeps its role). COPYDESK_ROLE=writer forces a writer's
            // desk, for trying the writer's side.
            config.role = Role::Editor;
            if std::env::var("COPYDESK_ROLE").as_deref() == Ok("writer") {
                config.force_role = Some(Role::Writer);
            }
            let opened = Desk::open(config);
            // --inbox, then COPYDESK_INBOX, then the folder chosen in Settings, then the default.
            let explicit = inbox_arg();
            let locked = if explicit.is_some() {
                Some("set by --inbox when Copydesk was started".to_string())
            } else if std::env::var_os(copydesk_core::data_dir::INBOX_ENV)
                .is_some_and(|v| !v.is_empty())
            {
                Some("set by COPYDESK_INBOX".to_string())
            } else {
                None
            };
            let state = match opened {
                Ok(desk) => {
                    let desk = Arc::new(desk);
                    events::forward_changes(&desk, app.handle().clone());
                    log::info!("desk opened at {}", desk.data_dir().path().display());
                    let choice = desk.inbox_choice().unwrap_or_default();
                    let dir = match (&locked, &choice.folder) {
                        (None, Some(folder)) => folder.into(),
                        _ => resolve_inbox(explicit),
                    };
                    let inbox = state::Inbox::start(&desk, dir, choice.polling);
                    app.manage(InboxState {
                        locked,
                        current: std::sync::Mutex::new(inbox),
                    });
                    // A short wall-clock tick: a long sleep would not survive a suspend.
                    let handle = app.handle().clone();
                    let scheduler = desk
                        .start_scheduler(std::time::Duration::from_secs(5), move |report| {
                            events::forward_due_report(&handle, report)
                        })
                        .map_err(|e| log::error!("cannot start the scheduler: {e}"))
                        .ok();
                    app.manage(state::SchedulerState {
                        _running: std::sync::Mutex::new(scheduler),
                    });
                    DeskState(Ok(desk))
                }
                Err(e) => {
                    // The UI shows this instead of the desk; nothing is written.
                    log::error!("cannot open the desk: {e}");
                    app.manage(InboxState {
                        locked,
                        current: std::sync::Mutex::new(state::Inbox {
                            dir: resolve_inbox(explicit),
                            polling: false,
                            watch: Err("the desk did not open".into()),
                        }),
                    });
                    DeskState(Err(e.into()))
                }
            };
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Copydesk could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BINDINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/ipc/bindings.ts");

    /// The UI's types are generated from the Rust ones. Run with `UPDATE_BINDINGS=1` to rewrite
    /// them; otherwise a stale file fails here.
    #[test]
    fn typescript_bindings_are_up_to_date() {
        let dir = std::env::temp_dir().join(format!("copydesk-bindings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let fresh_path = dir.join("bindings.ts");
        specta_builder()
            .export(specta_typescript::Typescript::default(), &fresh_path)
            .expect("export bindings");
        let fresh = std::fs::read_to_string(&fresh_path).expect("read fresh bindings");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(BINDINGS, &fresh).expect("write bindings");
        }
        let current = std::fs::read_to_string(BINDINGS).unwrap_or_default();
        assert!(
            current == fresh,
            "ui/src/lib/ipc/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p copydesk-app typescript_bindings`"
        );
    }

    /// Every registered command is declared in build.rs (so it needs a grant) and granted to
    /// the main window; nothing else is granted.
    #[test]
    fn every_command_is_declared_and_granted() {
        let build_rs = include_str!("../build.rs");
        let list = build_rs
            .split_once("const COMMANDS: &[&str] = &[")
            .and_then(|(_, rest)| rest.split_once("];"))
            .expect("COMMANDS in build.rs")
            .0;
        let mut declared: Vec<String> = list
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main-window.json"))
                .expect("capability json");
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| {
                p.as_str()?
                    .strip_prefix("allow-")
                    .map(|s| s.replace('-', "_"))
            })
            .collect();
        declared.sort();
        granted.sort();
        assert_eq!(declared, granted);

        let bindings = std::fs::read_to_string(BINDINGS).expect("bindings");
        let registered = bindings.matches("TAURI_INVOKE(\"").count();
        assert_eq!(
            registered,
            declared.len(),
            "registered commands vs declared"
        );
        for command in &declared {
            assert!(
                bindings.contains(&format!("TAURI_INVOKE(\"{command}\"")),
                "{command} is declared but not registered"
            );
        }
    }
}
