// Keeps a console window from opening beside Berth on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    berth_lib::run()
}
