//! The typed TypeScript client, `ui/src/bindings.ts`: one function per command (from the
//! signatures build.rs reads out of src/commands) and the ts-rs declarations of every type
//! those signatures reach. The test below rewrites the file; `cargo xtask check` fails
//! when the committed one differs from what the Rust says.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use ts_rs::{Config, TypeVisitor, TS};

pub struct Bindings {
    cfg: Config,
    decls: BTreeMap<String, String>,
    seen: HashSet<TypeId>,
    commands: String,
}

pub struct Arg {
    name: String,
    ts: String,
}

impl Bindings {
    fn new() -> Self {
        // serde writes u64 and i64 as JSON numbers, not bigints.
        let cfg = Config::new().with_large_int("number");
        Bindings { cfg, decls: BTreeMap::new(), seen: HashSet::new(), commands: String::new() }
    }

    fn collect<T: TS + 'static + ?Sized>(&mut self) {
        struct Visit<'a>(&'a Config, &'a mut BTreeMap<String, String>, &'a mut HashSet<TypeId>);
        impl TypeVisitor for Visit<'_> {
            fn visit<T: TS + 'static + ?Sized>(&mut self) {
                if !self.2.insert(TypeId::of::<T>()) {
                    return;
                }
                if T::output_path().is_some() {
                    let decl = format!("{}export {}", T::docs().unwrap_or_default(), T::decl(self.0));
                    let previous = self.1.insert(T::ident(self.0), decl);
                    assert!(
                        previous.is_none(),
                        "two Rust types are both called {} in TypeScript: rename one with #[ts(rename)]",
                        T::ident(self.0)
                    );
                }
                T::visit_dependencies(self);
                T::visit_generics(self);
            }
        }
        Visit(&self.cfg, &mut self.decls, &mut self.seen).visit::<T>();
    }

    pub fn arg<T: TS + 'static + ?Sized>(&mut self, name: &str) -> Arg {
        // A whole JSON document the UI built (a task definition in AWS's field names).
        if TypeId::of::<T>() == TypeId::of::<serde_json::Value>() {
            return Arg { name: camel(name), ts: "Record<string, unknown>".into() };
        }
        self.collect::<T>();
        Arg { name: camel(name), ts: T::name(&self.cfg) }
    }

    pub fn channel<T: TS + 'static>(&mut self, name: &str) -> Arg {
        self.collect::<T>();
        Arg { name: camel(name), ts: format!("Channel<{}>", T::name(&self.cfg)) }
    }

    pub fn result<T: TS + 'static + ?Sized>(&mut self) -> String {
        self.collect::<T>();
        if TypeId::of::<T>() == TypeId::of::<()>() {
            "void".into()
        } else {
            T::name(&self.cfg)
        }
    }

    pub fn command(&mut self, name: &str, docs: &[&str], fallible: bool, args: Vec<Arg>, result: String) {
        let mut doc: Vec<String> = docs.iter().filter(|d| !d.is_empty()).map(|d| d.to_string()).collect();
        if !fallible {
            doc.push("Never fails.".into());
        }
        if !doc.is_empty() {
            let _ = writeln!(self.commands, "  /**\n{}\n   */", doc.iter().map(|d| format!("   * {d}")).collect::<Vec<_>>().join("\n"));
        }
        let params: Vec<String> = args.iter().map(|a| format!("{}: {}", a.name, a.ts)).collect();
        let passed = if args.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", args.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", "))
        };
        let _ = writeln!(self.commands, "  {}: ({}) => invoke<{result}>({name:?}{passed}),", camel(name), params.join(", "));
    }

    fn typescript(mut self) -> String {
        self.collect::<crate::error::IpcError>();
        let mut out = String::from(
            "// Generated from src-tauri/src/commands and the Rust types they use: `cargo xtask bindings`\n\
             // rewrites it, `cargo xtask check` fails when it is stale. Do not edit.\n\n\
             import { Channel, invoke } from \"@tauri-apps/api/core\";\n\n",
        );
        if !self.commands.contains("Channel<") {
            out = out.replace("import { Channel, invoke }", "import { invoke }");
        }
        for decl in self.decls.values() {
            out += decl;
            out += "\n\n";
        }
        out += "/** Every Berth command, typed. A failed command rejects with an `IpcError`. */\nexport const commands = {\n";
        out += &self.commands;
        out += "};\n";
        out
    }
}

/// Tauri passes arguments by their camelCase names.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The file's contents as the commands and types are now.
pub fn typescript() -> String {
    let mut b = Bindings::new();
    crate::describe(&mut b);
    b.typescript()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Writes ui/src/bindings.ts; `cargo xtask check` then asks git whether it changed.
    #[test]
    fn bindings() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let wanted = super::typescript();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(wanted.as_str()) {
            std::fs::write(&path, wanted).unwrap();
        }
    }
}
