//! The desktop session the tests need: an X display (Xvfb) and a D-Bus session bus with an
//! unlocked Secret Service (gnome-keyring-daemon), torn down when the tests end.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Result;

struct Xvfb(Child);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_xvfb() -> Result<(Xvfb, String)> {
    let n = (90..200).find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists());
    let n = n.ok_or("no free X display number")?;
    let child = Command::new("Xvfb")
        .args([format!(":{n}").as_str(), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("Xvfb: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(15);
    while !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
        if Instant::now() > deadline {
            return Err("Xvfb did not start".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((Xvfb(child), format!(":{n}")))
}

/// Runs `f` with a display and an unlocked keyring. The D-Bus session lives as long as a
/// `dbus-run-session` that holds it open; its address is handed to `f` as variables.
pub fn with_display_and_keyring(f: impl FnOnce(&[(String, String)]) -> Result) -> Result {
    let (_xvfb, display) = start_xvfb()?;
    let env_file = std::env::temp_dir().join(format!("berth-dbus-{}", std::process::id()));
    let _ = std::fs::remove_file(&env_file);
    // The session's keyring lives in a throwaway data directory of its own. Its D-Bus
    // service file starts the keyring unlocked: a daemon that D-Bus starts again (after the
    // first one went away mid-run) otherwise came up locked, every keyring read failed,
    // and each app then ran its sandbox on a key pair of its own, so signed calls got 403.
    let keyring_home = std::env::temp_dir().join(format!("berth-keyring-{}", std::process::id()));
    let services = keyring_home.join("dbus-1").join("services");
    std::fs::create_dir_all(&services).map_err(|e| format!("{}: {e}", services.display()))?;
    std::fs::write(
        services.join("org.freedesktop.secrets.service"),
        "[D-BUS Service]\nName=org.freedesktop.secrets\nExec=/bin/sh -c \"printf berth-test | exec gnome-keyring-daemon --foreground --unlock --components=secrets\"\n",
    )
    .map_err(|e| format!("keyring service file: {e}"))?;
    // The keyring password only protects a throwaway test keyring in a throwaway session.
    let script = format!(
        "printf berth-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; \
         printf 'DBUS_SESSION_BUS_ADDRESS=%s\\n' \"$DBUS_SESSION_BUS_ADDRESS\" > {file}.tmp && mv {file}.tmp {file}; \
         exec sleep 100000",
        file = env_file.display()
    );
    let mut dbus = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env("XDG_DATA_HOME", &keyring_home)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("dbus-run-session: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(15);
    let address = loop {
        if let Ok(text) = std::fs::read_to_string(&env_file) {
            if let Some(a) = text.trim().strip_prefix("DBUS_SESSION_BUS_ADDRESS=") {
                break a.to_string();
            }
        }
        if Instant::now() > deadline {
            let _ = dbus.kill();
            return Err("the D-Bus session with gnome-keyring did not start".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let env = vec![
        ("DISPLAY".to_string(), display),
        ("DBUS_SESSION_BUS_ADDRESS".to_string(), address),
        ("WEBKIT_DISABLE_DMABUF_RENDERER".to_string(), "1".to_string()),
    ];
    let result = f(&env);
    // Killing the sleep ends dbus-run-session, which takes the bus and the keyring with it.
    let _ = Command::new("pkill").args(["-P", &dbus.id().to_string()]).status();
    let _ = dbus.kill();
    let _ = dbus.wait();
    let _ = std::fs::remove_file(&env_file);
    let _ = std::fs::remove_dir_all(&keyring_home);
    result
}
