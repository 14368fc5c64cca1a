//! `copydesk profile …`
use crate::args::ProfileCommand;
use crate::failure::Failure;
use crate::print;
use copydesk_core::Desk;
use std::io::Write;

pub fn run(desk: &Desk, cmd: ProfileCommand, out: &mut dyn Write) -> Result<(), Failure> {
    // `list` prints an array; `add` and `role` the one profile they changed.
    match cmd {
        ProfileCommand::List(output) => {
            print::list(out, output.json, &desk.profiles()?, print::profile)
        }
        ProfileCommand::Add { name, role, output } => {
            let added = desk.add_profile(&name, role.into())?;
            print::one(out, output.json, &added, print::profile)
        }
        ProfileCommand::Role { name, role, output } => {
            let changed = desk.set_profile_role(&name, role.into())?;
            print::one(out, output.json, &changed, print::profile)
        }
    }
}
