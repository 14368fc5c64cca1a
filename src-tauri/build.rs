// The app's own commands are declared here so each needs an explicit grant in a capability;
// without a manifest Tauri allows every registered command to every window.
const COMMANDS: &[&str] = &[
    "desk_info",
    "list_articles",
    "get_article",
    "create_article",
    "save_article",
    "list_wire",
    "get_wire_item",
    "get_wire_story",
    "list_quarantined",
    "take_to_desk",
    "list_revisions",
    "restore_revision",
    "diff_revisions",
    "search",
    "render_preview",
    "list_tags",
    "act_on_article",
    "schedule_article",
    "set_embargo",
    "publish_article",
    "list_transitions",
    "list_publications",
    "calendar",
    "checklist",
    "get_webhook",
    "set_webhook",
    "list_deliveries",
    "retry_delivery",
    "get_missed_policy",
    "set_missed_policy",
    "open_inbox_folder",
    "list_profiles",
    "add_profile",
    "set_profile_role",
    "switch_profile",
    "set_inbox",
    "choose_folder",
    "retry_quarantined",
    "diff_wire_items",
    "list_comments",
    "add_comment",
    "edit_comment",
    "delete_comment",
    "resolve_thread",
    "reopen_thread",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e:#}");
    }
}
