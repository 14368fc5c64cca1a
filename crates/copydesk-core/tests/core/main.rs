//! copydesk-core against real SQLite files and folders: one test binary (linked once), a module
//! per area of the desk.
mod common;

mod backup;
mod comments;
mod crash;
mod desk;
mod history_and_search;
mod outside;
mod pages;
mod provenance;
mod storage;
mod wire;
mod workflow;
