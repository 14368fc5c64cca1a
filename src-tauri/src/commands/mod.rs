//! Tauri commands: state and arguments in, one core call, errors mapped. No logic here.
pub mod articles;
pub mod comments;
pub mod desk;
pub mod newsroom;
pub mod preview;
pub mod wire;
pub mod workflow;
