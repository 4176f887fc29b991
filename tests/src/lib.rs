//! The e2e harness: starts moto, tauri-driver (which launches the real Berth binary in a
//! real window through WebKitWebDriver) and speaks W3C WebDriver to it. Screenshots go
//! to `target/e2e-screenshots/`.
//!
//! It needs a display and a D-Bus session with an unlocked keyring; `cargo xtask test`
//! provides both (Xvfb, dbus-run-session, gnome-keyring-daemon).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
const WAIT: Duration = Duration::from_secs(20);

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn workspace_root() -> PathBuf {
    // Read at run time: clones at other paths share one target dir, and cargo may reuse a
    // test binary whose compile-time manifest path points at another clone.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().unwrap().to_path_buf()
}

/// The Berth binary under test: `BERTH_APP`, else the debug build in the target dir.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("BERTH_APP") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug").join("berth")
}

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A real moto server on a free loopback port.
pub struct Moto {
    _process: Process,
    pub url: String,
}

impl Moto {
    pub fn start() -> Self {
        let port = free_port();
        let bin = std::env::var("BERTH_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // AWS's managed policies exist in every account; moto loads them only when asked.
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {bin}: {e}"));
        wait_for_port(port, "moto_server");
        Moto { _process: Process(child), url: format!("http://127.0.0.1:{port}") }
    }
}

/// One running Berth app under tauri-driver, with its own config dir and an empty HOME
/// (so the machine's own AWS profiles never leak into a test).
pub struct App {
    _driver: Process,
    // Fields drop in order: the driver (and its window) goes before the next app may start.
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
    base: String,
    session: String,
    pub home: tempfile_lite::TempDir,
    shots: PathBuf,
}

mod tempfile_lite {
    /// A directory removed on drop; enough for the harness without another dependency.
    pub struct TempDir(pub std::path::PathBuf);
    impl TempDir {
        pub fn new(tag: &str) -> Self {
            let p = std::env::temp_dir().join(format!("berth-e2e-{tag}-{}-{}", std::process::id(), super::free_port()));
            std::fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl App {
    /// Opens Berth on another local endpoint (moto) instead of its own sandbox.
    pub fn launch(local_endpoint: &str) -> Self {
        Self::launch_in(None, Some(local_endpoint), PathBuf::new(), &[])
    }

    /// Opens Berth as a new user would: no AWS profile, the embedded sandbox keeping its
    /// state in `data_dir` (pass the same directory again to see state survive a restart).
    pub fn launch_sandbox(data_dir: &Path) -> Self {
        Self::launch_in(None, None, data_dir.to_path_buf(), &[])
    }

    /// As `launch_sandbox`, with the sandbox's clock `speed` times real time.
    pub fn launch_sandbox_at(data_dir: &Path, speed: &str) -> Self {
        Self::launch_in(None, None, data_dir.to_path_buf(), &[("BERTH_SANDBOX_SPEED", speed)])
    }

    /// Opens another build of Berth (an installed package's binary) on its sandbox.
    pub fn launch_binary(binary: &Path, data_dir: &Path) -> Self {
        Self::launch_in(Some(binary), None, data_dir.to_path_buf(), &[])
    }

    fn launch_in(binary: Option<&Path>, local_endpoint: Option<&str>, data_dir: PathBuf, extra_env: &[(&str, &str)]) -> Self {
        // One window at a time: two apps on one display and two cores fight for both, and a
        // screenshot could show the other window. A failed test poisons the lock; the next
        // one still runs.
        static WINDOW: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let one_at_a_time = WINDOW.lock().unwrap_or_else(|p| p.into_inner());
        let app = binary.map(Path::to_path_buf).unwrap_or_else(app_binary);
        assert!(app.exists(), "{} is missing: build it with `cargo build -p berth` (cargo xtask test does)", app.display());
        let home = tempfile_lite::TempDir::new("home");
        let port = free_port();
        let native = free_port();
        let mut driver = Command::new(std::env::var("BERTH_TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()));
        match local_endpoint {
            Some(url) => driver.env("BERTH_LOCAL_ENDPOINT", url),
            None => driver.env_remove("BERTH_LOCAL_ENDPOINT"),
        };
        driver.envs(extra_env.iter().copied());
        let driver = driver
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("HOME", &home.0)
            .env("XDG_CONFIG_HOME", home.0.join(".config"))
            .env("XDG_DATA_HOME", home.0.join(".local/share"))
            .env("BERTH_CONFIG_DIR", home.0.join("berth-config"))
            .env("BERTH_DOWNLOAD_DIR", home.0.join("Downloads"))
            .env("BERTH_DATA_DIR", if data_dir.as_os_str().is_empty() { home.0.join("berth-data") } else { data_dir })
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_CONFIG_FILE")
            .env_remove("AWS_SHARED_CREDENTIALS_FILE")
            .stdout(Stdio::null())
            .spawn()
            .expect("tauri-driver (cargo install tauri-driver --locked)");
        let driver = Process(driver);
        wait_for_port(port, "tauri-driver");
        // tauri-driver listens before the WebKitWebDriver it proxies to does; a session
        // asked for in between ends in an empty reply (seen in CI), so wait for both.
        wait_for_port(native, "WebKitWebDriver");
        let base = format!("http://127.0.0.1:{port}");
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "wry", "tauri:options": {"application": app}}}});
        let created = new_session(&format!("{base}/session"), &caps);
        let session = created["value"]["sessionId"].as_str().expect("session id").to_string();
        let shots = workspace_root().join("target").join("e2e-screenshots");
        std::fs::create_dir_all(&shots).unwrap();
        let app = App { _driver: driver, _one_at_a_time: one_at_a_time, base, session, home, shots };
        app.wait_text("Clusters");
        app
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.0.join("berth-config")
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.session, path)
    }

    /// Where Berth saves what the user exports in this session.
    pub fn downloads(&self) -> PathBuf {
        self.home.0.join("Downloads")
    }

    /// The sandbox endpoint Settings shows (arranging state through the API is quicker
    /// than through screens another test already covers).
    pub fn sandbox_endpoint(&self) -> String {
        self.link("Settings").click();
        self.wait_text("http://127.0.0.1:");
        let body = self.body_text();
        let start = body.find("http://127.0.0.1:").expect("the sandbox endpoint is shown");
        body[start..].chars().take_while(|c| !c.is_whitespace()).collect()
    }

    pub fn script(&self, script: &str, args: Value) -> Value {
        post(&self.url("/execute/sync"), &json!({"script": script, "args": args}))["value"].clone()
    }

    pub fn body_text(&self) -> String {
        self.script("return document.body.innerText", json!([])).as_str().unwrap_or_default().to_string()
    }

    /// Waits up to `limit` until the page's text satisfies `ok`; fails with what it shows.
    pub fn until(&self, what: &str, limit: Duration, mut ok: impl FnMut(&str) -> bool) {
        let deadline = Instant::now() + limit;
        loop {
            let body = self.body_text();
            if ok(&body) {
                return;
            }
            if Instant::now() > deadline {
                self.screenshot("failed-until");
                panic!("timed out waiting for {what}; page shows:\n{body}");
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    /// Waits until the page shows `text`; fails with what the page did show.
    pub fn wait_text(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let body = self.body_text();
            if body.contains(text) {
                return;
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("failed-waiting-{}", text.replace(|c: char| !c.is_alphanumeric(), "_")));
                panic!("page never showed {text:?}; it shows:\n{body}");
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    pub fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while self.body_text().contains(text) {
            assert!(Instant::now() < deadline, "page kept showing {text:?}");
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn find_all(&self, using: &str, value: &str) -> Vec<String> {
        let found = post(&self.url("/elements"), &json!({"using": using, "value": value}));
        found["value"].as_array().map(|a| a.iter().filter_map(|e| e[ELEMENT_KEY].as_str().map(String::from)).collect()).unwrap_or_default()
    }

    /// The first displayed element matching, waiting for it to appear.
    pub fn find(&self, using: &str, value: &str) -> Element<'_> {
        let deadline = Instant::now() + WAIT;
        loop {
            for id in self.find_all(using, value) {
                let el = Element { app: self, id, found_by: Some((using.to_string(), value.to_string())) };
                if el.displayed() {
                    return el;
                }
            }
            if Instant::now() > deadline {
                self.screenshot("failed-find");
                panic!("no displayed element for {using} {value:?}; page shows:\n{}", self.body_text());
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    pub fn css(&self, selector: &str) -> Element<'_> {
        self.find("css selector", selector)
    }

    /// A button by its visible label.
    pub fn button(&self, label: &str) -> Element<'_> {
        self.find("xpath", &format!("//button[normalize-space(.)='{label}']"))
    }

    /// Picks an option of the Cloudscape Select inside `[data-testid=<test_id>]`, once it
    /// is offered. Options can depend on data still arriving (a cluster's capacity
    /// providers), and the list closes when the page re-renders under it (seen in the run
    /// task wizard), so the list is opened again whenever it is found closed.
    pub fn choose(&self, test_id: &str, option: &str) {
        let xpath = format!("//*[@role='option'][contains(., '{option}')]");
        let expanded = format!("return document.querySelector('[data-testid={test_id}] button')?.getAttribute('aria-expanded') === 'true'");
        let deadline = Instant::now() + WAIT;
        loop {
            if self.script(&expanded, json!([])) != Value::Bool(true) {
                self.css(&format!("[data-testid={test_id}] button")).click();
            }
            let offered =
                self.find_all("xpath", &xpath).into_iter().map(|id| Element { app: self, id, found_by: None }).find(|el| el.displayed());
            if let Some(el) = offered {
                el.click();
                return;
            }
            if Instant::now() > deadline {
                self.screenshot("failed-choose");
                panic!("{test_id} never offered {option:?}; page shows:\n{}", self.body_text());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// From a wizard's last step to its review: waits until the plan shows `ready`, checks
    /// it lists each CLI call in `calls`, and returns the plan's text.
    pub fn review_plan(&self, ready: &str, calls: &[&str]) -> String {
        self.button("Next").click();
        self.wait_text("AWS calls");
        self.until("the plan", Duration::from_secs(20), |b| b.contains(ready));
        let plan = self.css("[data-testid=service-plan]").text();
        for call in calls {
            assert!(plan.contains(call), "the plan shows {call}: {plan}");
        }
        plan
    }

    /// Walks the cluster wizard from its first step to the review with Fargate only and no
    /// tags, one Next per step, each after the step before has shown: four clicks in a row
    /// could land while a step was still replacing the last, and one was lost.
    pub fn cluster_wizard_to_review(&self) {
        for shown in ["AWS Fargate only", "needs no network", "Add tag", "AWS CLI equivalent"] {
            self.button("Next").click();
            self.wait_text(shown);
        }
    }

    pub fn link(&self, label: &str) -> Element<'_> {
        self.find("xpath", &format!("//a[normalize-space(.)='{label}']"))
    }

    /// Captures the window as the X server shows it. WebKitWebDriver's own screenshot
    /// hangs on some pages under Xvfb, while ImageMagick's `import` reads the real pixels.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let path = self.shots.join(format!("{name}.png"));
        // Cloudscape animates flashes and modals in; capture the settled frame.
        std::thread::sleep(Duration::from_millis(700));
        let rect = get(&self.url("/window/rect"))["value"].clone();
        let dim = |k: &str| rect[k].as_f64().unwrap_or(0.0).max(0.0) as i64;
        let crop = format!("{}x{}+{}+{}", dim("width").max(1), dim("height").max(1), dim("x"), dim("y"));
        let status = Command::new("import")
            .args(["-window", "root", "-crop", &crop, "+repage"])
            .arg(&path)
            .status()
            .expect("ImageMagick's import (cargo xtask setup installs it)");
        assert!(status.success(), "import failed for {name}");
        path
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.url("")).call();
    }
}

pub struct Element<'a> {
    app: &'a App,
    id: String,
    /// How a finder found it, so a click on a node React replaced in the meantime finds
    /// its successor (seen once on the side navigation's Settings link right after a
    /// first start, between the finder's answer and the click).
    found_by: Option<(String, String)>,
}

impl Element<'_> {
    fn url(&self, path: &str) -> String {
        self.app.url(&format!("/element/{}{}", self.id, path))
    }

    /// Clicks like a person: scrolled into view first (WebKitWebDriver refuses elements
    /// below the fold as "not interactable").
    pub fn click(&self) -> &Self {
        let mut id = self.id.clone();
        for _ in 0..5 {
            let element = self.app.url(&format!("/element/{id}"));
            let scrolled = try_post(
                &self.app.url("/execute/sync"),
                &json!({"script": "arguments[0].scrollIntoView({block: 'center'})", "args": [{ELEMENT_KEY: id}]}),
            );
            match scrolled.and_then(|_| try_post(&format!("{element}/click"), &json!({}))) {
                Ok(_) => return self,
                Err(e) if e["value"]["error"] == "stale element reference" && self.found_by.is_some() => {
                    let (using, value) = self.found_by.as_ref().expect("checked");
                    id = self.app.find(using, value).id;
                }
                Err(e) => panic!("WebDriver click: {e}"),
            }
        }
        panic!("the element was replaced five times over while being clicked");
    }

    /// Scrolls the element to the top of the view, for a screenshot of what lies below.
    pub fn scroll_to(&self) -> &Self {
        self.app.script("arguments[0].scrollIntoView({block: 'start'})", json!([{ELEMENT_KEY: self.id}]));
        self
    }

    /// The current value of an input or textarea.
    pub fn value(&self) -> String {
        self.app.script("return arguments[0].value", json!([{ELEMENT_KEY: self.id}])).as_str().unwrap_or_default().to_string()
    }

    /// Sets a long value at once, as a paste would: React sees one input event.
    pub fn paste(&self, text: &str) -> &Self {
        self.app.script(
            "const el = arguments[0]; const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;\
             Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]); el.dispatchEvent(new Event('input', { bubbles: true }));",
            json!([{ELEMENT_KEY: self.id}, text]),
        );
        self
    }

    pub fn type_text(&self, text: &str) -> &Self {
        post(&self.url("/value"), &json!({"text": text}));
        self
    }

    /// Replaces an input's value the way a person does: select all, then type.
    pub fn replace_text(&self, text: &str) -> &Self {
        self.type_text("\u{E009}a\u{E000}\u{E003}");
        if text.is_empty() {
            return self;
        }
        self.type_text(text)
    }

    pub fn text(&self) -> String {
        get(&self.url("/text"))["value"].as_str().unwrap_or_default().to_string()
    }

    pub fn enabled(&self) -> bool {
        get(&self.url("/enabled"))["value"].as_bool().unwrap_or(false)
    }

    /// False for an element React has just replaced (stale), so finders look again.
    pub fn displayed(&self) -> bool {
        match ureq::get(&self.url("/displayed")).timeout(Duration::from_secs(60)).call() {
            Ok(r) => r.into_json::<Value>().ok().and_then(|v| v["value"].as_bool()).unwrap_or(false),
            Err(ureq::Error::Status(_, r)) => {
                let body: Value = r.into_json().unwrap_or(Value::Null);
                assert_eq!(body["value"]["error"], "stale element reference", "WebDriver displayed: {body}");
                false
            }
            Err(e) => panic!("WebDriver displayed: {e}"),
        }
    }

    /// The first descendant matching a CSS selector.
    pub fn child(&self, selector: &str) -> Element<'_> {
        let found = post(&self.url("/element"), &json!({"using": "css selector", "value": selector}));
        let id = found["value"][ELEMENT_KEY].as_str().unwrap_or_else(|| panic!("no {selector} inside element: {found}")).to_string();
        Element { app: self.app, id, found_by: None }
    }
}

/// A transport error while the drivers settle is retried; an answer from WebDriver is not.
fn new_session(url: &str, caps: &Value) -> Value {
    let mut attempt = 0;
    loop {
        match ureq::post(url).timeout(Duration::from_secs(60)).send_json(caps.clone()) {
            Err(ureq::Error::Transport(e)) if attempt < 5 => {
                attempt += 1;
                eprintln!("new session: {e}; retrying");
                std::thread::sleep(Duration::from_millis(500));
            }
            result => return read(result, url),
        }
    }
}

/// A WebDriver call whose error answer the caller handles.
fn try_post(url: &str, body: &Value) -> Result<Value, Value> {
    match ureq::post(url).timeout(Duration::from_secs(60)).send_json(body.clone()) {
        Ok(r) => Ok(r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(_, r)) => Err(r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("WebDriver {url}: {e}"),
    }
}

fn post(url: &str, body: &Value) -> Value {
    read(ureq::post(url).timeout(Duration::from_secs(60)).send_json(body.clone()), url)
}

fn get(url: &str) -> Value {
    read(ureq::get(url).timeout(Duration::from_secs(60)).call(), url)
}

fn read(result: Result<ureq::Response, ureq::Error>, url: &str) -> Value {
    match result {
        Ok(r) => r.into_json().unwrap_or(Value::Null),
        Err(ureq::Error::Status(code, r)) => {
            let body: Value = r.into_json().unwrap_or(Value::Null);
            // "no such element" is an answer the finders handle, and so is a node React
            // replaced while WebKit was collecting matches (the finder simply looks again);
            // anything else is a harness failure.
            if body["value"]["error"] == "no such element"
                || (url.ends_with("/elements") && body["value"]["error"] == "stale element reference")
            {
                return json!({"value": []});
            }
            panic!("WebDriver {url} answered {code}: {body}");
        }
        Err(e) => panic!("WebDriver {url}: {e}"),
    }
}

/// The embedded sandbox's key pair, asked of the Berth binary as the AWS CLI asks it
/// (`berth sandbox-credentials`, reading the keyring). Every app in a test run shares the
/// keyring, so one answer serves them all.
pub fn sandbox_keys() -> &'static berth_core::secrets::AccessKeys {
    static KEYS: std::sync::OnceLock<berth_core::secrets::AccessKeys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let out = Command::new(app_binary()).arg("sandbox-credentials").output().expect("berth sandbox-credentials runs");
        assert!(out.status.success(), "berth sandbox-credentials failed: {}", String::from_utf8_lossy(&out.stderr));
        let answer: Value = serde_json::from_slice(&out.stdout).expect("a credential-process answer");
        assert_eq!(answer["Version"], 1, "{answer}");
        berth_core::secrets::AccessKeys {
            access_key_id: answer["AccessKeyId"].as_str().expect("AccessKeyId").into(),
            secret_access_key: answer["SecretAccessKey"].as_str().expect("SecretAccessKey").into(),
            session_token: None,
        }
    })
}

/// A POST to a local endpoint, signed with the sandbox's key pair (moto takes any); `what`
/// names the call if it fails.
fn signed_post(endpoint: &str, service: &str, headers: &[(&str, &str)], body: &str, what: &str) -> ureq::Response {
    let host = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let mut all = vec![("host", host)];
    all.extend_from_slice(headers);
    let url = format!("http://{host}/");
    let signature = berth_core::sandbox::signature(sandbox_keys(), "us-east-1", service, &url, &all, body.as_bytes()).expect("signed");
    let mut request = ureq::post(&url);
    for (k, v) in headers {
        request = request.set(k, v);
    }
    for (k, v) in &signature {
        request = request.set(k, v);
    }
    request.send_string(body).unwrap_or_else(|e| panic!("{what} failed: {e}"))
}

/// One call to an AWS JSON 1.1 API on a local endpoint (the sandbox), for arranging what
/// a test needs before it clicks; the clicking is what the test checks.
pub fn aws_json(endpoint: &str, service: &str, target: &str, body: Value) -> Value {
    let headers = [("x-amz-target", target), ("content-type", "application/x-amz-json-1.1")];
    signed_post(endpoint, service, &headers, &body.to_string(), target).into_json().expect("JSON answer")
}

/// One call to an AWS Query-protocol API (EC2) on a local endpoint; returns the XML.
pub fn aws_query(endpoint: &str, service: &str, body: &str) -> String {
    signed_post(endpoint, service, &[("content-type", "application/x-www-form-urlencoded")], body, body)
        .into_string()
        .expect("an XML answer")
}

/// Processes whose command line starts with `exe`, newest last.
pub fn pids_of(exe: &Path) -> Vec<u32> {
    let mut out = vec![];
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let first = cmdline.split(|b| *b == 0).next().unwrap_or_default();
        if Path::new(std::str::from_utf8(first).unwrap_or_default()) == exe {
            out.push(pid);
        }
    }
    out.sort();
    out
}

/// The children of `pid` (WebKit's web and network processes for the app).
pub fn children_of(pid: u32) -> Vec<u32> {
    let mut out = vec![];
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // The parent pid is the second field after the parenthesised command name.
        let ppid = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)).and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(pid) {
            out.push(child);
        }
    }
    out
}

/// User plus system CPU seconds a process has used so far.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    // utime and stime are fields 14 and 15 of stat; 12 and 13 after the command name.
    let ticks: f64 = fields.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
        + fields.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0
}
