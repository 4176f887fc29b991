//! Durable state: the world as rows in SQLite (one row per resource, WAL, synchronous
//! commits), each acknowledged change written in one transaction before it is answered.
//!
//! One writer thread applies changes in the order they were made and commits every
//! change waiting at that moment in one transaction (group commit), so callers release
//! the world before the fsync and many writers share one. A file that is not a sandbox
//! database is refused, named, and kept aside unchanged; a JSON state file of old is
//! taken in once and kept beside the database.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use rusqlite::{params, Connection};

use crate::table::{unescape, Batch, Op, Rows};
use crate::World;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sandbox state {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("sandbox state {path} is unreadable ({reason}); it was kept as {kept}")]
    Corrupt { path: PathBuf, reason: String, kept: PathBuf },
    #[error("sandbox state {path}: {reason}")]
    Database { path: PathBuf, reason: String },
}

/// `PRAGMA user_version` of a sandbox database, so another SQLite file is not taken for one.
const FORMAT: i64 = 0x6265_7274; // "bert"
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// The world's own row (its clock); every other row is below `r/` (the regions).
const WORLD_ROW: &str = "w";

type Reply = tokio::sync::oneshot::Sender<Result<(), String>>;

struct Job {
    ops: Vec<Op>,
    reply: Option<Reply>,
}

pub struct Store {
    path: Option<PathBuf>,
    jobs: Option<mpsc::Sender<Job>>,
    /// A commit failed: what memory holds is ahead of the disk, so the next flush writes
    /// everything.
    resync: std::sync::Arc<AtomicBool>,
    /// Jobs sent to the writer and not yet answered. A request that changed nothing only
    /// has to wait (to stay behind the writes it may have seen) while this is above zero.
    in_flight: std::sync::Arc<AtomicUsize>,
}

/// Waits for a change to be durable.
pub struct Pending(Option<tokio::sync::oneshot::Receiver<Result<(), String>>>);

impl Pending {
    pub async fn wait(self) -> Result<(), String> {
        match self.0 {
            None => Ok(()),
            Some(rx) => rx.await.unwrap_or_else(|_| Err("the sandbox's writer stopped".into())),
        }
    }
}

fn database_error(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Database { path: path.to_path_buf(), reason: e.to_string() }
}

impl Store {
    /// Opens `path`, restoring the world it holds. A file that is not a readable sandbox
    /// database is moved aside (never deleted) and reported, so no one loses state silently.
    pub fn open(path: Option<PathBuf>) -> Result<(Store, World), StoreError> {
        let resync = std::sync::Arc::new(AtomicBool::new(false));
        let Some(path) = path else {
            return Ok((Store { path: None, jobs: None, resync, in_flight: Default::default() }, World::default()));
        };
        let io = |source| StoreError::Io { path: path.clone(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(io)?;
        }
        let head = match fs::File::open(&path) {
            Ok(f) => {
                use std::io::Read;
                let mut head = Vec::with_capacity(16);
                f.take(16).read_to_end(&mut head).map_err(io)?;
                Some(head)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(e)),
        };
        let (conn, world, migrated) = match head {
            Some(head) if head.starts_with(SQLITE_MAGIC) => {
                let opened = Connection::open(&path).map_err(|e| e.to_string()).and_then(|conn| {
                    let world = load(&conn)?;
                    Ok((conn, world))
                });
                match opened {
                    Ok((conn, world)) => (conn, world, false),
                    Err(reason) => return Err(set_aside(&path, reason)),
                }
            }
            Some(head) if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => {
                // A JSON state file of old at this very path: it moves aside, its world
                // into a new database here.
                let world = read_json(&path).map_err(|reason| set_aside(&path, reason))?;
                let old = sibling(&path, "pre-sqlite.json");
                fs::rename(&path, &old).map_err(io)?;
                (Connection::open(&path).map_err(|e| database_error(&path, e))?, world, true)
            }
            Some(head) => {
                let reason = if head.is_empty() { "the file is empty".to_string() } else { "not a sandbox database".to_string() };
                return Err(set_aside(&path, reason));
            }
            None => {
                // The JSON file the app kept before, beside the database it now keeps.
                let legacy = path.with_extension("json");
                let world = if legacy != path && legacy.exists() {
                    Some(read_json(&legacy).map_err(|reason| set_aside(&legacy, reason))?)
                } else {
                    None
                };
                let conn = Connection::open(&path).map_err(|e| database_error(&path, e))?;
                let migrated = world.is_some();
                (conn, world.unwrap_or_default(), migrated)
            }
        };
        prepare(&conn).map_err(|e| database_error(&path, e))?;
        let (tx, rx) = mpsc::channel::<Job>();
        let in_flight = std::sync::Arc::new(AtomicUsize::new(0));
        let store = Store { path: Some(path.clone()), jobs: Some(tx), resync: resync.clone(), in_flight: in_flight.clone() };
        let mut world = world;
        if migrated {
            // Everything, once, before the first request is served.
            let mut batch = Batch::new(false);
            batch.ops.push(Op::Clear);
            flush_world(&mut world, true, &mut batch);
            let mut conn = conn;
            apply(&mut conn, &batch.ops).map_err(|e| database_error(&path, e))?;
            spawn_writer(conn, rx, resync, in_flight);
        } else {
            // Marks left by loading are not changes.
            flush_world(&mut world, false, &mut Batch::new(true));
            spawn_writer(conn, rx, resync, in_flight);
        }
        Ok((store, world))
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Hands the world's changes to the writer; `wait` on the result before acknowledging.
    /// Call with the world locked, so changes reach the disk in the order they were made.
    pub fn commit(&self, world: &mut World) -> Pending {
        let Some(jobs) = &self.jobs else {
            flush_world(world, false, &mut Batch::new(true));
            return Pending(None);
        };
        let full = self.resync.swap(false, Ordering::SeqCst);
        let mut batch = Batch::new(false);
        if full {
            batch.ops.push(Op::Clear);
        }
        flush_world(world, full, &mut batch);
        // A read with no write before it still on its way answers at once: queueing it
        // behind the writer thread halved ListTasks pages per second.
        if batch.ops.is_empty() && self.in_flight.load(Ordering::SeqCst) == 0 {
            return Pending(None);
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        if jobs.send(Job { ops: batch.ops, reply: Some(tx) }).is_err() {
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            return Pending(None);
        }
        Pending(Some(rx))
    }

    /// Forgets every row; the world is already empty.
    pub fn clear(&self, world: &mut World) -> Pending {
        self.resync.store(true, Ordering::SeqCst);
        self.commit(world)
    }
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    path.with_file_name(format!("{name}.{suffix}"))
}

fn read_json(path: &Path) -> Result<World, String> {
    let bytes = fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice::<World>(&bytes).map_err(|e| e.to_string())
}

/// Moves an unreadable file (and the database's journal files) aside, byte for byte.
fn set_aside(path: &Path, reason: String) -> StoreError {
    let kept = path.with_extension(format!("corrupt-{}", crate::util::now() as u64));
    if let Err(e) = fs::rename(path, &kept) {
        return StoreError::Io { path: path.to_path_buf(), source: e };
    }
    for ext in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{ext}", path.display()));
        if side.exists() {
            let _ = fs::rename(&side, PathBuf::from(format!("{}{ext}", kept.display())));
        }
    }
    StoreError::Corrupt { path: path.to_path_buf(), reason, kept }
}

fn prepare(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL in WAL mode syncs the log at every commit: an acknowledged change survives a
    // power cut, not only a crash.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch("CREATE TABLE IF NOT EXISTS rows (k TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;")?;
    conn.pragma_update(None, "user_version", FORMAT)?;
    Ok(())
}

fn load(conn: &Connection) -> Result<World, String> {
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if check != "ok" {
        return Err(format!("the database is damaged: {check}"));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    let has_rows: bool = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'rows'", [], |r| r.get::<_, i64>(0))
        .map_err(|e| e.to_string())?
        > 0;
    if tables == 0 && version == 0 {
        // A database that never got its first row (a crash right after it was created).
        return Ok(World::default());
    }
    if version != FORMAT || !has_rows {
        return Err("an SQLite database, but not a sandbox's".into());
    }
    let mut world: World = match conn.query_row("SELECT v FROM rows WHERE k = ?1", params![WORLD_ROW], |r| r.get::<_, Vec<u8>>(0)) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| format!("row {WORLD_ROW}: {e}"))?,
        Err(rusqlite::Error::QueryReturnedNoRows) => World::default(),
        Err(e) => return Err(e.to_string()),
    };
    let mut stmt = conn.prepare("SELECT k, v FROM rows WHERE k > 'r/' AND k < 'r0' ORDER BY k").map_err(|e| e.to_string())?;
    let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        let key: String = row.get(0).map_err(|e| e.to_string())?;
        let bytes: Vec<u8> = row.get(1).map_err(|e| e.to_string())?;
        let segments: Vec<String> = key.split('/').skip(1).map(unescape).collect();
        world.regions.load(&segments, &bytes).map_err(|e| format!("{key}: {e}"))?;
    }
    Ok(world)
}

fn flush_world(world: &mut World, full: bool, out: &mut Batch) {
    if !out.discard {
        out.ops.push(Op::Put(WORLD_ROW.into(), crate::table::shallow(world)));
    }
    world.regions.flush("r", full, out);
}

fn apply<'a>(conn: &mut Connection, ops: impl IntoIterator<Item = &'a Op>) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut put = tx.prepare_cached("INSERT OR REPLACE INTO rows (k, v) VALUES (?1, ?2)")?;
        let mut delete = tx.prepare_cached("DELETE FROM rows WHERE k = ?1 OR (k >= ?2 AND k < ?3)")?;
        for op in ops {
            match op {
                Op::Put(k, v) => {
                    put.execute(params![k, v])?;
                }
                Op::DeleteTree(k) => {
                    delete.execute(params![k, format!("{k}/"), format!("{k}0")])?;
                }
                Op::Clear => {
                    tx.execute("DELETE FROM rows", [])?;
                }
            }
        }
    }
    tx.commit()
}

fn spawn_writer(
    mut conn: Connection,
    jobs: mpsc::Receiver<Job>,
    resync: std::sync::Arc<AtomicBool>,
    in_flight: std::sync::Arc<AtomicUsize>,
) {
    let spawned = std::thread::Builder::new().name("sandbox-store".into()).spawn(move || {
        while let Ok(first) = jobs.recv() {
            let mut batch = vec![first];
            while let Ok(more) = jobs.try_recv() {
                batch.push(more);
            }
            let result = apply(&mut conn, batch.iter().flat_map(|j| j.ops.iter())).map_err(|e| e.to_string());
            if let Err(e) = &result {
                tracing::error!("sandbox state not saved: {e}");
                resync.store(true, Ordering::SeqCst);
            }
            for job in batch {
                let counted = job.reply.is_some();
                if let Some(reply) = job.reply {
                    let _ = reply.send(result.clone());
                }
                if counted {
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                }
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!("the sandbox's writer did not start: {e}");
    }
}
