//! Change-tracked collections: the maps and lists the world is made of remember which of
//! their entries changed, so saving a change writes those rows and nothing else.
//!
//! A `Table` is a map by name whose entries are rows of their own; a `Journal` is a list
//! whose items are rows keyed by their position since the first item ever. Both read like
//! the std collections they wrap (through `Deref`) and change only through methods that
//! mark what they touch. In a row, a nested collection is written as `null` (its entries
//! are rows of their own), which is what `shallow` switches on.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

thread_local! {
    static SHALLOW: Cell<bool> = const { Cell::new(false) };
}

/// Serialises `value` as one row: nested tables and journals become `null`.
pub fn shallow<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    SHALLOW.with(|s| s.set(true));
    let bytes = serde_json::to_vec(value);
    SHALLOW.with(|s| s.set(false));
    // Every persisted type is plain data (string keys, finite numbers sanitised by callers):
    // serde_json cannot fail on it; an empty row would be refused on load and reported.
    bytes.unwrap_or_default()
}

/// True while a row is being written (nested collections are rows of their own).
pub fn is_shallow() -> bool {
    SHALLOW.with(|s| s.get())
}

/// One change to the row store, applied in order in one transaction.
pub enum Op {
    Put(String, Vec<u8>),
    /// The row `key` and every row below it (`key/…`).
    DeleteTree(String),
    /// Every row.
    Clear,
}

/// What a flush produces; `discard` skips the serialising when nothing is kept on disk.
pub struct Batch {
    pub ops: Vec<Op>,
    pub discard: bool,
}

impl Batch {
    pub fn new(discard: bool) -> Batch {
        Batch { ops: Vec::new(), discard }
    }

    fn put<T: Serialize + ?Sized>(&mut self, key: String, value: &T) {
        if !self.discard {
            self.ops.push(Op::Put(key, shallow(value)));
        }
    }

    fn delete_tree(&mut self, key: String) {
        if !self.discard {
            self.ops.push(Op::DeleteTree(key));
        }
    }
}

/// A key segment with `/` and `%` escaped, so a path splits back into its segments.
pub fn escape(segment: &str) -> String {
    if !segment.contains(['/', '%']) {
        return segment.to_string();
    }
    segment.replace('%', "%25").replace('/', "%2F")
}

pub fn unescape(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_string();
    }
    segment.replace("%2F", "/").replace("%25", "%")
}

/// Something stored as rows below a path.
pub trait Rows {
    /// Adds the rows changed since the last flush (all of them when `full`) and forgets
    /// the marks.
    fn flush(&mut self, prefix: &str, full: bool, out: &mut Batch);
    /// Takes one row back; `segments` is its path below this collection.
    fn load(&mut self, segments: &[String], bytes: &[u8]) -> Result<(), String>;
}

/// A value that is a row of a table, with the collections inside it that are rows of
/// their own.
pub trait Persist: Serialize + DeserializeOwned {
    fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        Vec::new()
    }
    /// False for an entry that is remade rather than kept (synthetic metrics).
    fn persisted(&self) -> bool {
        true
    }
}

macro_rules! leaf {
    ($($t:ty),* $(,)?) => { $(impl Persist for $t {})* };
}
leaf!(serde_json::Value, String, (f64, f64), (f64, String), Vec<serde_json::Value>, BTreeMap<String, String>);

/// Flushes `value`'s nested collections below `path`.
pub fn flush_children<V: Persist>(value: &mut V, path: &str, full: bool, out: &mut Batch) {
    for (name, rows) in value.children() {
        rows.flush(&format!("{path}/{name}"), full, out);
    }
}

/// Routes a row below `value` to the nested collection its first segment names.
pub fn load_child<V: Persist>(value: &mut V, segments: &[String], bytes: &[u8]) -> Result<(), String> {
    let (name, rest) = segments.split_first().ok_or("a row with no path")?;
    for (child, rows) in value.children() {
        if child == name {
            return rows.load(rest, bytes);
        }
    }
    Err(format!("a row for an unknown collection '{name}'"))
}

/// A map by string key whose entries are rows, remembering which changed.
pub struct Table<V> {
    map: BTreeMap<String, V>,
    /// Key → replaced (inserted or removed: rows below it are rewritten) or only touched.
    dirty: HashMap<String, bool>,
    /// Every entry may have changed in place (after `iter_mut` and the like).
    all_touched: bool,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table { map: BTreeMap::new(), dirty: HashMap::new(), all_touched: false }
    }
}

impl<V> Deref for Table<V> {
    type Target = BTreeMap<String, V>;
    fn deref(&self) -> &BTreeMap<String, V> {
        &self.map
    }
}

impl<'a, V> IntoIterator for &'a Table<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, String, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl<'a, V> IntoIterator for &'a Journal<V> {
    type Item = &'a V;
    type IntoIter = std::slice::Iter<'a, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<V> Table<V> {
    fn mark(&mut self, key: &str, replaced: bool) {
        match self.dirty.get_mut(key) {
            Some(r) => *r |= replaced,
            None => {
                self.dirty.insert(key.to_string(), replaced);
            }
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        if self.map.contains_key(key) {
            self.mark(key, false);
        }
        self.map.get_mut(key)
    }

    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        self.mark(&key, true);
        self.map.insert(key, value)
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let old = self.map.remove(key);
        if old.is_some() {
            self.mark(key, true);
        }
        old
    }

    /// The entry for `key`, created with `Default` when absent.
    pub fn entry_or_default(&mut self, key: String) -> &mut V
    where
        V: Default,
    {
        let existed = self.map.contains_key(&key);
        self.mark(&key, !existed);
        self.map.entry(key).or_default()
    }

    /// The entry for `key`, created by `make` when absent.
    pub fn entry_or_insert_with(&mut self, key: String, make: impl FnOnce() -> V) -> &mut V {
        let existed = self.map.contains_key(&key);
        self.mark(&key, !existed);
        self.map.entry(key).or_insert_with(make)
    }

    pub fn iter_mut(&mut self) -> std::collections::btree_map::IterMut<'_, String, V> {
        self.all_touched = true;
        self.map.iter_mut()
    }

    pub fn values_mut(&mut self) -> std::collections::btree_map::ValuesMut<'_, String, V> {
        self.all_touched = true;
        self.map.values_mut()
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut V) -> bool) {
        self.all_touched = true;
        let mut removed = Vec::new();
        self.map.retain(|k, v| {
            let kept = keep(k, v);
            if !kept {
                removed.push(k.clone());
            }
            kept
        });
        for k in removed {
            self.mark(&k, true);
        }
    }
}

impl<V: Persist> Rows for Table<V> {
    fn flush(&mut self, prefix: &str, full: bool, out: &mut Batch) {
        let dirty = std::mem::take(&mut self.dirty);
        let all = std::mem::replace(&mut self.all_touched, false) || full;
        let write = |key: &str, replaced: bool, value: Option<&mut V>, out: &mut Batch| {
            let path = format!("{prefix}/{}", escape(key));
            if replaced {
                out.delete_tree(path.clone());
            }
            if let Some(v) = value.filter(|v| v.persisted()) {
                out.put(path.clone(), &*v);
                flush_children(v, &path, full || replaced, out);
            }
        };
        if all {
            // Removed entries first; then every entry, rewritten below where replaced.
            for (key, _) in dirty.iter().filter(|(k, r)| **r && !self.map.contains_key(k.as_str())) {
                write(key, true, None, out);
            }
            for (key, v) in self.map.iter_mut() {
                let replaced = full || dirty.get(key).copied().unwrap_or(false);
                write(key, replaced, Some(v), out);
            }
        } else {
            for (key, replaced) in dirty {
                let v = self.map.get_mut(&key);
                write(&key, replaced, v, out);
            }
        }
    }

    fn load(&mut self, segments: &[String], bytes: &[u8]) -> Result<(), String> {
        let (key, rest) = segments.split_first().ok_or("a row with no key")?;
        if rest.is_empty() {
            let v: V = serde_json::from_slice(bytes).map_err(|e| format!("row {key}: {e}"))?;
            self.map.insert(key.clone(), v);
            Ok(())
        } else {
            let entry = self.map.get_mut(key).ok_or_else(|| format!("a row below the missing entry {key}"))?;
            load_child(entry, rest, bytes)
        }
    }
}

impl<V: Serialize> Serialize for Table<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if is_shallow() {
            s.serialize_none()
        } else {
            s.collect_map(self.map.iter())
        }
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Table<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = Option::<BTreeMap<String, V>>::deserialize(d)?.unwrap_or_default();
        Ok(Table { map, dirty: HashMap::new(), all_touched: false })
    }
}

/// A list whose items are rows keyed by their position counted from the first item ever,
/// so appending writes one row and dropping from the front deletes rows, whatever its
/// length.
pub struct Journal<V> {
    items: Vec<V>,
    /// The position of `items[0]` since the first item ever.
    base: u64,
    /// Items from this index on changed since the last flush.
    dirty_from: Option<usize>,
    /// What the store holds: positions `[persisted.0, persisted.1)`.
    persisted: (u64, u64),
}

impl<V> Default for Journal<V> {
    fn default() -> Self {
        Journal { items: Vec::new(), base: 0, dirty_from: None, persisted: (0, 0) }
    }
}

impl<V> Deref for Journal<V> {
    type Target = Vec<V>;
    fn deref(&self) -> &Vec<V> {
        &self.items
    }
}

impl<V> Journal<V> {
    fn touch(&mut self, from: usize) {
        self.dirty_from = Some(self.dirty_from.map_or(from, |d| d.min(from)));
    }

    pub fn push(&mut self, v: V) {
        self.touch(self.items.len());
        self.items.push(v);
    }

    pub fn insert(&mut self, index: usize, v: V) {
        self.touch(index);
        self.items.insert(index, v);
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut V> {
        if index < self.items.len() {
            self.touch(index);
        }
        self.items.get_mut(index)
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, V> {
        self.touch(0);
        self.items.iter_mut()
    }

    /// Drops the first `n` items; positions of the rest do not change.
    pub fn drop_front(&mut self, n: usize) {
        let n = n.min(self.items.len());
        self.items.drain(..n);
        self.base += n as u64;
        if let Some(d) = self.dirty_from.as_mut() {
            *d = d.saturating_sub(n);
        }
    }

    pub fn pop_front(&mut self) -> Option<V> {
        if self.items.is_empty() {
            return None;
        }
        let first = self.items.remove(0);
        self.base += 1;
        if let Some(d) = self.dirty_from.as_mut() {
            *d = d.saturating_sub(1);
        }
        Some(first)
    }

    /// The position of `items[0]` since the first item ever.
    pub fn base(&self) -> u64 {
        self.base
    }
}

fn position(n: u64) -> String {
    format!("{n:020}")
}

impl<V: Serialize + DeserializeOwned> Rows for Journal<V> {
    fn flush(&mut self, prefix: &str, full: bool, out: &mut Batch) {
        let end = self.base + self.items.len() as u64;
        let (old_start, old_end) = self.persisted;
        let from = if full { Some(0) } else { self.dirty_from };
        if !full {
            // Rows dropped from the front, and rows past a shorter end.
            for p in old_start..self.base.min(old_end) {
                out.delete_tree(format!("{prefix}/{}", position(p)));
            }
            for p in end.max(old_start)..old_end {
                out.delete_tree(format!("{prefix}/{}", position(p)));
            }
        }
        if let Some(from) = from {
            for (i, item) in self.items.iter().enumerate().skip(from) {
                out.put(format!("{prefix}/{}", position(self.base + i as u64)), item);
            }
        }
        self.dirty_from = None;
        self.persisted = (self.base, end);
    }

    fn load(&mut self, segments: &[String], bytes: &[u8]) -> Result<(), String> {
        let [key] = segments else { return Err("a journal row with a nested path".into()) };
        let p: u64 = key.parse().map_err(|_| format!("journal row '{key}' is not a position"))?;
        let v: V = serde_json::from_slice(bytes).map_err(|e| format!("row {key}: {e}"))?;
        if self.items.is_empty() {
            self.base = p;
        } else if p != self.base + self.items.len() as u64 {
            return Err(format!("journal row {p} does not follow row {}", self.base + self.items.len() as u64 - 1));
        }
        self.items.push(v);
        self.persisted = (self.base, self.base + self.items.len() as u64);
        Ok(())
    }
}

impl<V: Serialize> Serialize for Journal<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if is_shallow() {
            s.serialize_none()
        } else {
            s.collect_seq(self.items.iter())
        }
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Journal<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Option::<Vec<V>>::deserialize(d)?.unwrap_or_default();
        // Straight from a document (the JSON state of old): none of it is on disk yet.
        Ok(Journal { items, base: 0, dirty_from: Some(0), persisted: (0, 0) })
    }
}

/// A journal as a table entry: its own row is empty, its items are rows below it.
impl<V: Serialize + DeserializeOwned> Persist for Journal<V> {
    fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![("items", self)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Serialize, Deserialize)]
    #[serde(default)]
    struct Doc {
        name: String,
        inner: Table<serde_json::Value>,
        log: Journal<u32>,
    }

    impl Persist for Doc {
        fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
            vec![("inner", &mut self.inner), ("log", &mut self.log)]
        }
    }

    fn apply(rows: &mut BTreeMap<String, Vec<u8>>, batch: Batch) {
        for op in batch.ops {
            match op {
                Op::Put(k, v) => {
                    rows.insert(k, v);
                }
                Op::DeleteTree(k) => rows.retain(|r, _| !(r == &k || r.starts_with(&format!("{k}/")))),
                Op::Clear => rows.clear(),
            }
        }
    }

    fn reload(rows: &BTreeMap<String, Vec<u8>>) -> Table<Doc> {
        let mut t = Table::<Doc>::default();
        for (k, v) in rows {
            let segs: Vec<String> = k.split('/').skip(1).map(unescape).collect();
            t.load(&segs, v).unwrap();
        }
        t
    }

    #[test]
    fn only_what_changed_is_written_and_everything_reloads() {
        let mut rows = BTreeMap::new();
        let mut t = Table::<Doc>::default();
        for i in 0..100 {
            let d = t.entry_or_default(format!("doc/{i}"));
            d.name = format!("n{i}");
            d.inner.insert("a".into(), serde_json::json!(i));
            d.log.push(i);
        }
        let mut b = Batch::new(false);
        t.flush("t", false, &mut b);
        apply(&mut rows, b);
        assert_eq!(rows.len(), 300);

        t.get_mut("doc/7").unwrap().log.push(99);
        let mut b = Batch::new(false);
        t.flush("t", false, &mut b);
        assert_eq!(b.ops.len(), 2, "the entry's own row and the one new journal row");
        apply(&mut rows, b);

        t.get_mut("doc/8").unwrap().log.drop_front(1);
        t.remove("doc/9");
        let mut b = Batch::new(false);
        t.flush("t", false, &mut b);
        apply(&mut rows, b);
        assert!(!rows.keys().any(|k| k == "t/doc%2F9" || k.starts_with("t/doc%2F9/")));

        let back = reload(&rows);
        assert_eq!(back.len(), 99);
        assert_eq!(&back["doc/7"].log[..], &[7, 99]);
        assert!(back["doc/8"].log.is_empty());
        assert_eq!(back["doc/3"].inner["a"], 3);
        assert_eq!(back["doc/3"].name, "n3");
    }

    #[test]
    fn a_replaced_entry_loses_its_old_rows() {
        let mut rows = BTreeMap::new();
        let mut t = Table::<Doc>::default();
        t.entry_or_default("x".into()).inner.insert("old".into(), serde_json::json!(1));
        let mut b = Batch::new(false);
        t.flush("t", false, &mut b);
        apply(&mut rows, b);
        let mut fresh = Doc::default();
        fresh.inner.insert("new".into(), serde_json::json!(2));
        t.insert("x".into(), fresh);
        let mut b = Batch::new(false);
        t.flush("t", false, &mut b);
        apply(&mut rows, b);
        let back = reload(&rows);
        assert!(back["x"].inner.get("old").is_none());
        assert_eq!(back["x"].inner["new"], 2);
    }

    #[test]
    fn escaped_keys_split_back() {
        for k in ["a/b", "100%", "%2F", "plain"] {
            assert_eq!(unescape(&escape(k)), k);
            assert!(!escape(k).contains('/'));
        }
    }
}
