//! The desktop shell: opens the desk, registers thin commands, forwards change events.
//! All behaviour lives in `copydesk-core`; this crate only adapts it to Tauri.
#![forbid(unsafe_code)]

mod commands;
mod events;
mod ipc_error;
mod session;
mod state;

use copydesk_core::{DataDir, Desk, DeskConfig, InboxPlace, Role};
use state::{DeskState, InboxState, NewsroomState};
use std::sync::Arc;
use tauri::Manager;

/// The typed command and event list; also what generates `ui/src/lib/ipc/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::desk::desk_info,
            commands::articles::page_articles,
            commands::articles::article_facets,
            commands::articles::list_counts,
            commands::articles::get_article,
            commands::articles::create_article,
            commands::articles::save_article,
            commands::wire::page_wire,
            commands::wire::wire_stories,
            commands::wire::wire_facets,
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
            commands::desk::unseen_crash_report,
            commands::desk::open_crash_report,
            commands::desk::dismiss_crash_report,
            commands::desk::storage_report,
            commands::desk::compact_desk,
            commands::desk::house_style,
            commands::desk::set_house_style,
            commands::desk::check_text,
            commands::desk::article_provenance,
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
            commands::desk::get_backup_folder,
            commands::desk::set_backup_folder,
            commands::desk::back_up_now,
            commands::newsroom::newsroom_status,
            commands::newsroom::connect_newsroom,
            commands::newsroom::sign_out_newsroom,
            commands::newsroom::article_lease,
            commands::newsroom::held_stories,
            commands::newsroom::hold_article,
            commands::newsroom::take_over_article,
            commands::newsroom::release_article,
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

/// Wire files named on a command line ("Open with Copydesk", a file dropped on the icon, or a
/// second launch forwarding its arguments): every argument that is not an option and names a
/// file, relative ones from `cwd`.
fn file_args(args: &[std::ffi::OsString], cwd: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--inbox" {
            args.next();
            continue;
        }
        if arg.to_string_lossy().starts_with('-') {
            continue;
        }
        let path = cwd.join(arg);
        if path.is_file() {
            files.push(path);
        }
    }
    files
}

/// Hands files to the inbox the desk watches; the watcher imports (or quarantines) them.
fn take_in(app: &tauri::AppHandle, files: &[std::path::PathBuf]) {
    let Some(inbox) = app.try_state::<InboxState>() else {
        return;
    };
    let dir = inbox
        .place
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .dir
        .clone();
    for file in files {
        match copydesk_core::wire::deliver_to_inbox(file, &dir) {
            Ok(placed) => log::info!(
                "{} handed to the inbox as {}",
                file.display(),
                placed.display()
            ),
            Err(e) => log::warn!("cannot hand {} to the inbox: {e}", file.display()),
        }
    }
}

/// This data folder's single-instance name. The folder is made first, so the name is the same
/// on the first launch as on later ones (it is read through links once the folder exists).
fn instance_name() -> String {
    let data_dir = DataDir::resolve(None);
    let _ = std::fs::create_dir_all(data_dir.path());
    data_dir.instance_name()
}

pub fn run() {
    // First: a panic from here on leaves a report the next launch offers to open.
    copydesk_core::crash::write_reports_on_panic(
        &DataDir::resolve(None),
        "copydesk-app",
        env!("CARGO_PKG_VERSION"),
    );
    let specta = specta_builder();
    let result = tauri::Builder::default()
        // First, so a second launch focuses this window instead of opening the database twice.
        // One instance per data folder: two desks (two accounts) can run side by side.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(format!("app.copydesk.desk.{}", instance_name()))
                .callback(|app, args, cwd| {
                    let args: Vec<std::ffi::OsString> =
                        args.into_iter().skip(1).map(Into::into).collect();
                    take_in(app, &file_args(&args, std::path::Path::new(&cwd)));
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
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
            let explicit = inbox_arg();
            let state = match opened {
                Ok(desk) => {
                    let desk = Arc::new(desk);
                    // The session token lives in the keyring, not in the desk's database.
                    desk.keep_session_in(Arc::new(session::KeyringKeeper::new(
                        desk.data_dir().path(),
                    )));
                    events::forward_changes(&desk, app.handle().clone());
                    // A desk in a newsroom follows it from launch (on its own thread: the
                    // keyring and the server may be slow to answer).
                    app.manage(NewsroomState::default());
                    {
                        let (desk, handle) = (desk.clone(), app.handle().clone());
                        tauri::async_runtime::spawn(async move {
                            let newsroom = handle.state::<NewsroomState>();
                            newsroom.start_if_connected(&DeskState(Ok(desk))).await;
                        });
                    }
                    log::info!("desk opened at {}", desk.data_dir().path().display());
                    let choice = desk.inbox_choice().unwrap_or_default();
                    let place = InboxPlace::resolve(explicit, &choice);
                    let inbox = state::Inbox::start(&desk, place.dir.clone(), place.polling);
                    app.manage(InboxState {
                        place: std::sync::Mutex::new(place),
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
                    // Snapshots into the backup folder every few hours of use, and at quit.
                    let timer = desk.start_backups(
                        copydesk_core::backup::EVERY,
                        std::time::Duration::from_secs(60),
                    );
                    app.manage(state::BackupState {
                        _timer: std::sync::Mutex::new(timer),
                    });
                    // What the CLI or another process writes to this desk shows here live.
                    let outside = desk
                        .follow_outside_writes()
                        .map_err(|e| log::error!("cannot follow other processes' writes: {e}"))
                        .ok();
                    app.manage(state::OutsideState {
                        _following: std::sync::Mutex::new(outside),
                    });
                    DeskState(Ok(desk))
                }
                Err(e) => {
                    // The UI shows this instead of the desk; nothing is written.
                    log::error!("cannot open the desk: {e}");
                    let place = InboxPlace::resolve(explicit, &Default::default());
                    app.manage(InboxState {
                        current: std::sync::Mutex::new(state::Inbox {
                            dir: place.dir.clone(),
                            polling: false,
                            watch: Err("the desk did not open".into()),
                        }),
                        place: std::sync::Mutex::new(place),
                    });
                    app.manage(NewsroomState::default());
                    DeskState(Err(e.into()))
                }
            };
            app.manage(state);
            let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
            let cwd = std::env::current_dir().unwrap_or_default();
            take_in(app.handle(), &file_args(&args, &cwd));
            Ok(())
        })
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                back_up_at_quit(handle);
            }
        }),
        Err(e) => {
            eprintln!("Copydesk could not start: {e}");
            std::process::exit(1);
        }
    }
}

/// The snapshot taken when the app quits (after the window closed, before the process ends).
fn back_up_at_quit(handle: &tauri::AppHandle) {
    let Some(state) = handle.try_state::<DeskState>() else {
        return;
    };
    if let Ok(desk) = &state.0 {
        // Closing the app lets go of the stories it holds (a vanished desk's would lapse).
        let online = desk
            .newsroom_status(false)
            .ok()
            .and_then(|s| s.activity)
            .is_some_and(|a| a.link == copydesk_core::NewsroomLink::Online);
        if online {
            desk.release_held_articles();
        }
        match desk.back_up(None) {
            Ok(snapshot) => log::info!("backup at quit: {}", snapshot.path),
            Err(e) => log::error!("backup at quit failed: {e}"),
        }
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

    /// The plugin permissions the window is granted, each with what in the UI uses it (checked
    /// below against the bindings). Anything else in the capability that is not one of our
    /// commands fails `every_command_is_declared_and_granted`.
    const PLUGIN_PERMISSIONS: &[(&str, &str)] = &[(
        "core:event:default",
        "import * as __TAURI_EVENT from \"@tauri-apps/api/event\"",
    )];

    /// Every registered command is declared in build.rs (so it needs a grant) and granted to
    /// the main window; nothing else is granted: every other entry is a plugin permission the
    /// UI uses (`PLUGIN_PERMISSIONS`), none skipped.
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
        let bindings = std::fs::read_to_string(BINDINGS).expect("bindings");
        let mut granted: Vec<String> = Vec::new();
        let mut plugins: Vec<&str> = Vec::new();
        for permission in capability["permissions"].as_array().expect("permissions") {
            let name = permission
                .as_str()
                .unwrap_or_else(|| panic!("a scoped permission needs a test: {permission}"));
            if let Some(command) = name.strip_prefix("allow-") {
                granted.push(command.replace('-', "_"));
            } else if let Some((_, used_by)) = PLUGIN_PERMISSIONS.iter().find(|(p, _)| *p == name) {
                assert!(
                    bindings.contains(used_by),
                    "{name} is granted for `{used_by}`, which the UI no longer has"
                );
                plugins.push(name);
            } else {
                panic!("{name} is granted but is neither our command nor a plugin permission the UI uses");
            }
        }
        declared.sort();
        granted.sort();
        assert_eq!(declared, granted);
        plugins.sort_unstable();
        let mut listed: Vec<&str> = PLUGIN_PERMISSIONS.iter().map(|(p, _)| *p).collect();
        listed.sort_unstable();
        assert_eq!(plugins, listed, "a listed plugin permission is not granted");

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
    /// The layering rule: nothing under crates/ depends on tauri, directly or through another
    /// crate. A `cargo tree` that fails fails the test, so the check can never pass by not
    /// running.
    #[test]
    fn core_crates_never_depend_on_tauri() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
            let manifest = entry.expect("crates/ entry").path().join("Cargo.toml");
            if !manifest.is_file() {
                continue;
            }
            let out = std::process::Command::new(env!("CARGO"))
                .args([
                    "tree",
                    "--offline",
                    "-e",
                    "normal,build",
                    "--prefix",
                    "none",
                ])
                .arg("--manifest-path")
                .arg(&manifest)
                .output()
                .expect("run cargo tree");
            let tree = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && !tree.trim().is_empty(),
                "cargo tree failed for {}: {}",
                manifest.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            let tauri: Vec<&str> = tree
                .lines()
                .filter(|l| l.starts_with("tauri ") || l.starts_with("tauri-"))
                .collect();
            assert!(
                tauri.is_empty(),
                "{} depends on {tauri:?}: core crates must stay Tauri-free",
                manifest.display()
            );
            checked += 1;
        }
        assert!(checked >= 6, "only {checked} crates found under crates/");
    }
}
