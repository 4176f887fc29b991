//! A command is declared once: a `#[tauri::command]` function in `src/commands/<area>.rs`.
//! This script reads those files and derives everything that must agree with them:
//! - the handler list (`$OUT_DIR/commands.rs`, included by `lib.rs`),
//! - one permission per command (tauri-build) and the capability granting exactly those
//!   (`capabilities/main.json`, rewritten when it differs),
//! - a table of each command's arguments and result with their Rust types written out in
//!   full, from which the `bindings` test writes the typed TypeScript client.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::visit_mut::VisitMut;

struct Command {
    area: String,
    name: String,
    docs: Vec<String>,
    /// Each argument the UI passes: name, full Rust type, and whether it is a Channel
    /// (then the type is what the channel carries). Tauri's own (State, AppHandle,
    /// Window) are left out.
    args: Vec<(String, String, bool)>,
    /// The full Rust type of the success value, and whether the command can fail.
    returns: String,
    fallible: bool,
}

/// Arguments Tauri fills in itself.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

fn main() {
    let dir = Path::new("src/commands");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/commands")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut commands = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let area = file.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(file).unwrap();
        let parsed = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        commands.extend(read_commands(&area, &parsed));
    }
    commands.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in commands.windows(2) {
        assert!(pair[0].name != pair[1].name, "two commands are named {}", pair[0].name);
    }

    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    std::fs::write(out.join("commands.rs"), generated(&commands)).unwrap();
    write_if_changed(Path::new("capabilities/main.json"), &capability(&commands));

    // tauri-build keeps the list for the whole build; a build script may leak it.
    let names: &'static [&'static str] = commands.iter().map(|c| &*c.name.clone().leak()).collect::<Vec<_>>().leak();
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(names)))
        .expect("tauri build script");
}

fn read_commands(area: &str, file: &syn::File) -> Vec<Command> {
    let imports = imports(area, file);
    let mut found = Vec::new();
    for item in &file.items {
        let syn::Item::Fn(f) = item else { continue };
        if !f.attrs.iter().any(|a| a.path().segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>() == ["tauri", "command"]) {
            continue;
        }
        let docs = f
            .attrs
            .iter()
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value().trim().to_string()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let mut args = Vec::new();
        for input in &f.sig.inputs {
            let syn::FnArg::Typed(arg) = input else { panic!("{area}::{}: commands are free functions", f.sig.ident) };
            let syn::Pat::Ident(name) = &*arg.pat else { panic!("{area}::{}: name every argument", f.sig.ident) };
            if is_injected(&arg.ty) {
                continue;
            }
            match channel_item(&arg.ty) {
                Some(item) => args.push((name.ident.to_string(), full_type(item, &imports), true)),
                None => args.push((name.ident.to_string(), full_type(&arg.ty, &imports), false)),
            }
        }
        let (returns, fallible) = match &f.sig.output {
            syn::ReturnType::Default => ("()".to_string(), false),
            syn::ReturnType::Type(_, ty) => match result_ok_type(ty) {
                Some(ok) => (full_type(ok, &imports), true),
                None => (full_type(ty, &imports), false),
            },
        };
        found.push(Command { area: area.to_string(), name: f.sig.ident.to_string(), docs, args, returns, fallible });
    }
    found
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last(),
        _ => None,
    }
}

fn is_injected(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str()))
}

/// `T` of `Channel<T>`.
fn channel_item(ty: &syn::Type) -> Option<&syn::Type> {
    let seg = last_segment(ty)?;
    if seg.ident != "Channel" {
        return None;
    }
    first_type_argument(seg)
}

fn first_type_argument(seg: &syn::PathSegment) -> Option<&syn::Type> {
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else { return None };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// `T` of `IpcResult<T>` or `Result<T, _>`.
fn result_ok_type(ty: &syn::Type) -> Option<&syn::Type> {
    let seg = last_segment(ty)?;
    if seg.ident != "IpcResult" && seg.ident != "Result" {
        return None;
    }
    first_type_argument(seg)
}

/// What each name used in a signature stands for: the paths of the file's `use`
/// declarations, and the file's own types under `crate::commands::<area>`.
fn imports(area: &str, file: &syn::File) -> BTreeMap<String, Vec<String>> {
    fn walk(prefix: &[String], tree: &syn::UseTree, map: &mut BTreeMap<String, Vec<String>>, area: &str) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut next = prefix.to_vec();
                next.push(p.ident.to_string());
                walk(&next, &p.tree, map, area);
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.to_vec();
                full.push(n.ident.to_string());
                if n.ident == "self" {
                    full.pop();
                    let name = full.last().unwrap().clone();
                    map.insert(name, absolute(full, area));
                } else {
                    map.insert(n.ident.to_string(), absolute(full, area));
                }
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.to_vec();
                full.push(r.ident.to_string());
                map.insert(r.rename.to_string(), absolute(full, area));
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| walk(prefix, t, map, area)),
            syn::UseTree::Glob(_) => {}
        }
    }
    fn absolute(mut path: Vec<String>, area: &str) -> Vec<String> {
        match path.first().map(String::as_str) {
            Some("super") => {
                path.remove(0);
                [vec!["crate".into(), "commands".into()], path].concat()
            }
            Some("self") => {
                path.remove(0);
                [vec!["crate".into(), "commands".into(), area.into()], path].concat()
            }
            _ => path,
        }
    }
    let mut map = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Use(u) => walk(&[], &u.tree, &mut map, area),
            syn::Item::Struct(syn::ItemStruct { ident, .. }) | syn::Item::Enum(syn::ItemEnum { ident, .. }) => {
                map.insert(ident.to_string(), vec!["crate".into(), "commands".into(), area.into(), ident.to_string()]);
            }
            _ => {}
        }
    }
    map
}

/// The type as it would be written at the crate root.
fn full_type(ty: &syn::Type, imports: &BTreeMap<String, Vec<String>>) -> String {
    struct Qualify<'a>(&'a BTreeMap<String, Vec<String>>);
    impl VisitMut for Qualify<'_> {
        fn visit_type_path_mut(&mut self, p: &mut syn::TypePath) {
            if p.qself.is_none() {
                let first = p.path.segments.first().unwrap().ident.to_string();
                if let Some(full) = self.0.get(&first) {
                    let rest: Vec<syn::PathSegment> = p.path.segments.iter().skip(1).cloned().collect();
                    let head = p.path.segments.first().unwrap().arguments.clone();
                    let mut segments: syn::punctuated::Punctuated<syn::PathSegment, syn::Token![::]> = full
                        .iter()
                        .map(|s| syn::PathSegment {
                            ident: syn::Ident::new(s, proc_macro2::Span::call_site()),
                            arguments: syn::PathArguments::None,
                        })
                        .collect();
                    segments.last_mut().unwrap().arguments = head;
                    segments.extend(rest);
                    p.path.segments = segments;
                    p.path.leading_colon = None;
                }
            }
            syn::visit_mut::visit_type_path_mut(self, p);
        }
        fn visit_lifetime_mut(&mut self, l: &mut syn::Lifetime) {
            l.ident = syn::Ident::new("static", l.ident.span());
        }
    }
    let mut ty = ty.clone();
    Qualify(imports).visit_type_mut(&mut ty);
    ty.to_token_stream().to_string()
}

fn generated(commands: &[Command]) -> String {
    let mut s = String::from("// Generated by build.rs from src/commands/*.rs. Do not edit.\n\n");
    s += "/// Every command in src/commands, for `invoke_handler`.\nmacro_rules! berth_handler {\n    () => {\n        ::tauri::generate_handler![\n";
    for c in commands {
        let _ = writeln!(s, "            crate::commands::{}::{},", c.area, c.name);
    }
    s += "        ]\n    };\n}\n\n";
    s += "/// Each command's signature, for the TypeScript client the `bindings` test writes.\n#[cfg(test)]\n#[allow(clippy::vec_init_then_push)]\npub(crate) fn describe(b: &mut crate::bindings::Bindings) {\n";
    for c in commands {
        s += "    {\n        let args = ::std::vec![\n";
        for (name, ty, channel) in &c.args {
            let kind = if *channel { "channel" } else { "arg" };
            let _ = writeln!(s, "            b.{kind}::<{ty}>({name:?}),");
        }
        let _ = writeln!(s, "        ];\n        let result = b.result::<{}>();", c.returns);
        let _ = writeln!(s, "        b.command({:?}, &{:?}, {}, args, result);\n    }}", c.name, c.docs, c.fallible);
    }
    s += "}\n";
    s
}

fn capability(commands: &[Command]) -> String {
    let permissions: Vec<String> = commands.iter().map(|c| format!("    \"allow-{}\"", c.name.replace('_', "-"))).collect();
    format!(
        "{{\n  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n  \"identifier\": \"main\",\n  \"description\": \"The Berth window may call Berth's own commands and nothing else. Generated by build.rs from src/commands.\",\n  \"windows\": [\n    \"main\"\n  ],\n  \"permissions\": [\n{}\n  ]\n}}\n",
        permissions.join(",\n")
    )
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
