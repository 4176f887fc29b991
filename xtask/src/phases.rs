//! Timing of `cargo xtask test`'s phases, printed as a table at the end (also when a
//! phase fails), so a slow phase is seen in every CI log.

use std::time::{Duration, Instant};

use crate::Result;

#[derive(Default)]
pub struct Phases {
    done: Vec<(String, Duration, bool)>,
}

impl Phases {
    /// Runs one phase and records its time and outcome.
    pub fn run<T>(&mut self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        eprintln!("xtask: == {name}");
        let start = Instant::now();
        let result = f();
        self.done.push((name.to_string(), start.elapsed(), result.is_ok()));
        result
    }

    pub fn table(&self) -> String {
        let width = self.done.iter().map(|(n, ..)| n.len()).max().unwrap_or(5).max(5);
        let mut out = format!("{:<width$}  {:>8}  result\n", "phase", "time");
        let mut total = Duration::ZERO;
        for (name, took, ok) in &self.done {
            total += *took;
            out += &format!("{name:<width$}  {:>8}  {}\n", clock(*took), if *ok { "ok" } else { "FAILED" });
        }
        out += &format!("{:<width$}  {:>8}\n", "total", clock(total));
        out
    }
}

fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}
