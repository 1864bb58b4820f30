//! Packs the release build into one self-contained HTML page (`dist/webhook-vs-api.html`) that
//! runs from disk, from an e-mail attachment, from a learning platform's file store and inside a
//! sandboxed `srcdoc` frame: the stylesheet, the icon, the script and the wasm are all inside it,
//! so it fetches nothing.
//!
//! It starts from the same `index.html` Trunk reads and replaces each `<link data-trunk …>` with
//! what Trunk would have linked, inlined. The wasm must come from `wasm-bindgen --target
//! no-modules` (a classic script that defines a global `wasm_bindgen`): ES-module glue cannot be
//! inlined. `make build` runs the whole chain.
//!
//! `cargo run --release --example single_file -- --page index.html --css dist/style-….css
//!   --icon static/favicon.svg --glue GLUE.js --wasm GLUE_bg.wasm --out dist/webhook-vs-api.html`

use std::process::ExitCode;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

const USAGE: &str = "usage: single_file --page index.html --css STYLE.css --icon ICON.svg \
--glue NAME.js --wasm NAME_bg.wasm --out OUT.html";

/// What goes inside the page, already read from disk.
struct Assets<'a> {
    css: &'a str,
    icon_svg: &'a str,
    glue: &'a str,
    wasm: &'a [u8],
}

/// The glue resolves its own script's address at load time, to find the wasm beside it. An inline
/// script has no address, and inside a `srcdoc` frame the base `about:srcdoc` cannot resolve one,
/// so `new URL` throws and the app never starts. The address is unused when the wasm is passed
/// as bytes, so a failure is simply skipped.
const SCRIPT_SRC: &str =
    "script_src = new URL(document.currentScript.src, location.href).toString();";

fn guard_script_src(glue: &str) -> Result<String, String> {
    match glue.matches(SCRIPT_SRC).count() {
        1 => Ok(glue.replace(SCRIPT_SRC, &format!("try {{ {SCRIPT_SRC} }} catch (_) {{}}"))),
        n => Err(format!(
            "expected the wasm-bindgen no-modules glue to set `script_src` once, found it {n} times: \
             was it built with --target no-modules, or did wasm-bindgen change its glue?"
        )),
    }
}

/// Text that would end the element it is inlined in early, or switch the HTML parser into a
/// state where it would, is refused rather than silently rewritten.
fn check_inlinable(what: &str, text: &str, closing_tag: &str) -> Result<(), String> {
    let lower = text.to_ascii_lowercase();
    for bad in [closing_tag, "<!--"] {
        if lower.contains(bad) {
            return Err(format!(
                "{what} contains {bad:?}, which cannot be inlined as it is"
            ));
        }
    }
    Ok(())
}

/// Decodes the wasm once the page's body exists (the app mounts on it), like Trunk's deferred
/// module script, and starts it from the bytes: nothing is fetched.
fn boot_script(wasm: &[u8]) -> String {
    format!(
        "<script>(() => {{\n\
         const text = atob(\"{}\");\n\
         const bytes = new Uint8Array(text.length);\n\
         for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);\n\
         const start = () => wasm_bindgen({{ module_or_path: bytes }});\n\
         if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);\n\
         else start();\n\
         }})();</script>",
        BASE64.encode(wasm)
    )
}

/// The value of attribute `name` in one tag's text, if it is there and quoted with `"`.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// What replaces one `<link data-trunk rel=…>` of index.html.
fn inlined(rel: &str, assets: &Assets, glue: &str) -> Result<String, String> {
    match rel {
        "css" => Ok(format!("<style>{}</style>", assets.css)),
        "icon" => Ok(format!(
            "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\">",
            BASE64.encode(assets.icon_svg)
        )),
        "rust" => Ok(format!(
            "<script>{glue}</script>{}",
            boot_script(assets.wasm)
        )),
        other => Err(format!(
            "index.html has a Trunk asset of kind {other:?} this packer does not know"
        )),
    }
}

/// The page with every Trunk asset inlined. Each of the stylesheet and the app must be there
/// exactly once, so a changed index.html cannot quietly produce a page without them.
fn pack(page: &str, assets: &Assets) -> Result<String, String> {
    check_inlinable("the stylesheet", assets.css, "</style")?;
    let glue = guard_script_src(assets.glue)?;
    check_inlinable("the script", &glue, "</script")?;
    let mut out = String::with_capacity(
        page.len() + assets.css.len() + glue.len() + assets.wasm.len() * 4 / 3 + 1024,
    );
    let mut rest = page;
    let mut seen = Vec::new();
    while let Some(at) = rest.find("<link ") {
        let len = rest[at..]
            .find('>')
            .ok_or("index.html has a <link without its closing >")?
            + 1;
        let tag = &rest[at..at + len];
        out.push_str(&rest[..at]);
        if tag.contains(" data-trunk") {
            let rel = attribute(tag, "rel").ok_or_else(|| format!("no rel=\"…\" in {tag}"))?;
            out.push_str(&inlined(rel, assets, &glue)?);
            seen.push(rel);
        } else {
            out.push_str(tag);
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    for needed in ["css", "rust"] {
        let n = seen.iter().filter(|r| **r == needed).count();
        if n != 1 {
            return Err(format!(
                "index.html must link one Trunk {needed} asset, found {n}"
            ));
        }
    }
    Ok(out)
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn read_text(path: &str) -> Result<String, String> {
    String::from_utf8(read(path)?).map_err(|_| format!("{path} is not UTF-8 text"))
}

fn run(argv: &[String]) -> Result<(), String> {
    let flag = |name: &str| -> Result<&str, String> {
        let i = argv
            .iter()
            .position(|a| a == name)
            .ok_or_else(|| format!("{name} is missing\n{USAGE}"))?;
        argv.get(i + 1)
            .map(String::as_str)
            .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
    };
    if let Some(unknown) = argv
        .iter()
        .step_by(2)
        .find(|a| !["--page", "--css", "--icon", "--glue", "--wasm", "--out"].contains(&a.as_str()))
    {
        return Err(format!("unknown flag {unknown:?}\n{USAGE}"));
    }
    let page = read_text(flag("--page")?)?;
    let css = read_text(flag("--css")?)?;
    let icon_svg = read_text(flag("--icon")?)?;
    let glue = read_text(flag("--glue")?)?;
    let wasm = read(flag("--wasm")?)?;
    let html = pack(
        &page,
        &Assets {
            css: &css,
            icon_svg: &icon_svg,
            glue: &glue,
            wasm: &wasm,
        },
    )?;
    let out = flag("--out")?;
    std::fs::write(out, html).map_err(|e| format!("cannot write {out}: {e}"))
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("single_file: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html lang="en"><head>
  <title>T</title>
  <link data-trunk rel="icon" href="static/favicon.svg">
  <link data-trunk rel="css" href="static/style.css" data-integrity="none">
  <link data-trunk rel="rust" data-bin="app" data-wasm-opt="z">
</head><body><noscript>needs JS</noscript></body></html>"#;

    const GLUE: &str = "let wasm_bindgen = (function(exports) {\n    let script_src;\n    \
        if (typeof document !== 'undefined' && document.currentScript !== null) {\n        \
        script_src = new URL(document.currentScript.src, location.href).toString();\n    }\n    \
        return exports;\n})({});\n";

    const WASM: &[u8] = b"\0asm\x01\0\0\0\xff\xfe";

    fn assets<'a>(css: &'a str, glue: &'a str) -> Assets<'a> {
        Assets {
            css,
            icon_svg: "<svg/>",
            glue,
            wasm: WASM,
        }
    }

    /// The text between the first `open` and the next `close` after it.
    fn between<'t>(text: &'t str, open: &str, close: &str) -> &'t str {
        let start = text.find(open).expect("opening text") + open.len();
        let len = text[start..].find(close).expect("closing text");
        &text[start..start + len]
    }

    #[test]
    fn every_asset_is_inside_the_page_and_nothing_is_linked() {
        let html = pack(PAGE, &assets("body{color:red}", GLUE)).expect("packs");
        assert!(!html.contains("data-trunk"));
        assert!(!html.contains("href=\"static/"));
        assert!(!html.contains(" src="), "no external script");
        assert!(html.contains("<style>body{color:red}</style>"));
        assert!(html.contains(r#"<link rel="icon" href="data:image/svg+xml;base64,PHN2Zy8+">"#));
        assert!(html.contains("let wasm_bindgen = (function(exports)"));
        assert!(html.contains("wasm_bindgen({ module_or_path: bytes })"));
        // The rest of the page is kept as it was.
        assert!(html.starts_with("<!doctype html>\n<html lang=\"en\"><head>\n  <title>T</title>"));
        assert!(html.ends_with("<body><noscript>needs JS</noscript></body></html>"));
    }

    #[test]
    fn the_wasm_bytes_decode_back_exactly() {
        let html = pack(PAGE, &assets("", GLUE)).expect("packs");
        let b64 = between(&html, "atob(\"", "\")");
        // "\0asm\x01\0\0\0\xff\xfe" in base64, written out by hand.
        assert_eq!(b64, "AGFzbQEAAAD//g==");
        assert_eq!(BASE64.decode(b64).expect("valid base64"), WASM);
    }

    #[test]
    fn the_glue_runs_before_the_start_and_the_start_waits_for_the_body() {
        let html = pack(PAGE, &assets("", GLUE)).expect("packs");
        let glue_at = html.find("let wasm_bindgen").expect("glue");
        let start_at = html.find("wasm_bindgen({").expect("start");
        assert!(glue_at < start_at);
        assert!(html.contains("document.addEventListener('DOMContentLoaded', start)"));
    }

    #[test]
    fn the_script_address_lookup_is_guarded_for_srcdoc_frames() {
        let html = pack(PAGE, &assets("", GLUE)).expect("packs");
        assert!(html.contains(
            "try { script_src = new URL(document.currentScript.src, location.href).toString(); } catch (_) {}"
        ));
        assert_eq!(html.matches("new URL(").count(), 1);
    }

    #[test]
    fn glue_of_another_kind_is_refused() {
        let esm = "export default async function __wbg_init(module_or_path) { new URL('x_bg.wasm', import.meta.url); }";
        let err = pack(PAGE, &assets("", esm)).expect_err("not no-modules glue");
        assert!(err.contains("--target no-modules"), "{err}");
    }

    #[test]
    fn text_that_would_close_its_element_early_is_refused() {
        let err =
            pack(PAGE, &assets("a::after{content:'</STYLE>'}", GLUE)).expect_err("closes <style>");
        assert!(err.contains("stylesheet"), "{err}");
        let glue = format!("{GLUE}const s = '</script>';");
        let err = pack(PAGE, &assets("", &glue)).expect_err("closes <script>");
        assert!(err.contains("script"), "{err}");
        let glue = format!("{GLUE}const s = '<!--';");
        assert!(pack(PAGE, &assets("", &glue)).is_err());
    }

    #[test]
    fn a_page_without_its_stylesheet_or_app_is_refused() {
        let no_css = PAGE.replace(
            r#"<link data-trunk rel="css" href="static/style.css" data-integrity="none">"#,
            "",
        );
        let err = pack(&no_css, &assets("", GLUE)).expect_err("no stylesheet");
        assert!(err.contains("one Trunk css asset, found 0"), "{err}");
        let two_apps = PAGE.replace(
            "</head>",
            r#"<link data-trunk rel="rust" data-bin="b"></head>"#,
        );
        let err = pack(&two_apps, &assets("", GLUE)).expect_err("two apps");
        assert!(err.contains("one Trunk rust asset, found 2"), "{err}");
    }

    #[test]
    fn an_unknown_trunk_asset_is_refused() {
        let page = PAGE.replace(
            "</head>",
            r#"<link data-trunk rel="copy-dir" href="assets"></head>"#,
        );
        let err = pack(&page, &assets("", GLUE)).expect_err("unknown kind");
        assert!(err.contains("\"copy-dir\""), "{err}");
    }

    #[test]
    fn links_that_are_not_trunk_assets_are_kept() {
        let page = PAGE.replace("</head>", r#"<link rel="author" href="humans.txt"></head>"#);
        let html = pack(&page, &assets("", GLUE)).expect("packs");
        assert!(html.contains(r#"<link rel="author" href="humans.txt"></head>"#));
    }

    #[test]
    fn missing_flags_and_unknown_flags_are_named() {
        let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let err = run(&args("--page index.html")).expect_err("missing flags");
        assert!(err.starts_with("--css is missing"), "{err}");
        let err = run(&args("--pgae index.html")).expect_err("typo");
        assert!(err.starts_with("unknown flag \"--pgae\""), "{err}");
        let err = run(&args(
            "--page /no/such/file --css a --icon b --glue c --wasm d --out e",
        ))
        .expect_err("no file");
        assert!(err.starts_with("cannot read /no/such/file"), "{err}");
    }
}
