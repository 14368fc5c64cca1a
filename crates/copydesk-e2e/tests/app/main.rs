//! The real app driven through WebDriver: one test binary (linked once), a module per journey.
//! Every test launches its own app on its own data folder; the test command runs them one at a
//! time (`--test-threads=1`), since they share the X display and the single-instance name.
mod about;
mod comments;
mod first_draft;
mod inbox_settings;
mod long_list;
mod newsroom;
mod provenance;
mod two_desks;
mod wire_drop;
mod workflow;
mod writing_desk;
