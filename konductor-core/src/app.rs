//! The app: the root of the construct tree, and synthesis to disk.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::element::Element;
use crate::error::{Error, Result};
use crate::synth::{extra_files, prepare, synthesize, Sink, Synthesized};
use crate::tree::{AsScope, NodeKind, Scope, Tree};

/// The root of a konductor program: holds the stacks and writes them out.
///
/// ```no_run
/// use konductor_core::{App, Environment, Stack};
/// let app = App::new();
/// let env = Environment::new("dev")?;
/// let _stack = Stack::new(&app, "network", &env);
/// app.synth()?; // cdktf.out/manifest.json and cdktf.out/stacks/network/cdk.tf.json
/// # Ok::<(), konductor_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct App {
    scope: Scope,
    outdir: PathBuf,
    mode: Mode,
    on_synth: Option<SynthHook>,
}

/// What [`App::synth`] runs instead of its [`Mode`] (see [`App::on_synth`]).
#[derive(Clone)]
struct SynthHook(Rc<HookFn>);

type HookFn = dyn Fn(&App) -> Result<()>;

impl std::fmt::Debug for SynthHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SynthHook")
    }
}

/// What [`App::write`] wrote: the directory, the stacks and how many resources and data sources they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// The output directory.
    pub outdir: PathBuf,
    /// The stack names, in the order the stacks were created.
    pub stacks: Vec<String>,
    /// The resources of all stacks.
    pub resources: usize,
    /// The data sources of all stacks.
    pub data_sources: usize,
}

/// What [`App::synth`] does: write the output (the default), only check, or list the stacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Validate and write.
    #[default]
    Synth,
    /// Validate only; write nothing and print a summary.
    Validate,
    /// Print the stack names, one a line.
    List,
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

impl App {
    /// An app writing to `$CDKTF_OUTDIR`, or `./cdktf.out` when it is not set.
    pub fn new() -> Self {
        let outdir = std::env::var_os("CDKTF_OUTDIR").filter(|v| !v.is_empty()).map(PathBuf::from);
        App::with_outdir(outdir.unwrap_or_else(|| PathBuf::from("cdktf.out")))
    }

    /// An app writing to `outdir`.
    pub fn with_outdir(outdir: impl Into<PathBuf>) -> Self {
        let tree = Tree::new();
        App { scope: Scope { tree, node: 0 }, outdir: outdir.into(), mode: Mode::Synth, on_synth: None }
    }

    /// The same app doing `mode` in [`App::synth`] (set from the command line by `konductor::cli`).
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The same app running `hook` in [`App::synth`] instead of its [`Mode`]: the hook the command line
    /// (`konductor::cli`) uses to run a subcommand once the program has built its tree. The hook gets the
    /// app and does its own writing with [`App::write`].
    ///
    /// ```
    /// use konductor_core::App;
    /// let app = App::with_outdir("unused").on_synth(|app| {
    ///     assert!(app.stack_names().is_empty());
    ///     Ok(())
    /// });
    /// app.synth()?; // ran the hook; wrote nothing
    /// # Ok::<(), konductor_core::Error>(())
    /// ```
    pub fn on_synth(mut self, hook: impl Fn(&App) -> Result<()> + 'static) -> Self {
        self.on_synth = Some(SynthHook(Rc::new(hook)));
        self
    }

    /// Where [`App::synth`] writes.
    pub fn outdir(&self) -> &Path {
        &self.outdir
    }

    /// The names of the stacks, in the order they were created.
    pub fn stack_names(&self) -> Vec<String> {
        let tree = &self.scope.tree;
        let nodes = tree.nodes.borrow();
        tree.stacks.borrow().iter().map(|n| nodes[*n].id.to_string()).collect()
    }

    /// Lets the app's construct tree be handed back to the operating system when the process exits, instead
    /// of being freed one allocation at a time when the last handle to the app is dropped: for a stack
    /// program whose work ends with [`App::synth`] (the command line of the `konductor` crate calls it once
    /// the command ran), freeing the tree is a tenth of its run for nothing. The tree's memory is then not
    /// reused by the process, so an app made and dropped in a loop must not call it.
    ///
    /// ```
    /// use konductor_core::{App, Environment, Stack};
    /// let app = App::with_outdir("unused");
    /// Stack::new(&app, "network", &Environment::new("dev").unwrap());
    /// app.synthesize().unwrap();
    /// app.free_at_exit(); // the program ends here
    /// ```
    pub fn free_at_exit(&self) {
        self.scope.tree.free_at_exit.set(true);
    }

    /// Runs every check and returns all problems as one error, writing nothing.
    pub fn validate(&self) -> Result<()> {
        let problems = crate::synth::validate(&self.scope.tree);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Synthesis(problems))
        }
    }

    /// Checks the app as [`App::synthesize`] does, and keeps what rendering needs: the first half of
    /// synthesis, for `benches/synth.rs`, which times checking and rendering apart.
    #[doc(hidden)]
    pub fn check_for_render(&self) -> Result<Checked> {
        prepare(&self.scope.tree).map(Checked).map_err(Error::Synthesis)
    }

    /// Validates and renders everything in memory, without writing.
    pub fn synthesize(&self) -> Result<Synthesized> {
        synthesize(&self.scope.tree).map_err(Error::Synthesis)
    }

    /// Validates, then writes `manifest.json` and `stacks/NAME/cdk.tf.json` under [`App::outdir`].
    ///
    /// On any problem nothing is written and the error lists them all. Every file is first written to a
    /// temporary file; only when all are written are they renamed into place, the manifest last, so an I/O
    /// error leaves earlier output as it was. Stack directories that the previous manifest listed and this app no longer has are
    /// removed. A stack streams to its file as it is rendered, so its whole text is never held in memory.
    ///
    /// Temporary files that a synth killed half-way left behind are removed first (only konductor's, only
    /// those of processes that are no longer running, or a day old).
    ///
    /// In [`Mode::Validate`] it only checks and prints a summary; in [`Mode::List`] it prints the stacks.
    pub fn synth(&self) -> Result<()> {
        if let Some(hook) = &self.on_synth {
            return (hook.0)(self);
        }
        match self.mode {
            Mode::List => {
                for s in self.stack_names() {
                    println!("{s}");
                }
                Ok(())
            }
            Mode::Validate => {
                let prepared = prepare(&self.scope.tree).map_err(Error::Synthesis)?;
                println!("ok: {} stack(s) valid, nothing written", prepared.stack_names().count());
                Ok(())
            }
            Mode::Synth => write_out(&self.outdir, &self.scope.tree),
        }
    }

    /// Validates and writes as [`App::synth`] does in [`Mode::Synth`], whatever the mode or hook, and says
    /// what was written.
    ///
    /// ```no_run
    /// use konductor_core::{App, Environment, Stack};
    /// let app = App::new();
    /// Stack::new(&app, "network", &Environment::new("dev")?);
    /// let written = app.write()?;
    /// assert_eq!(written.stacks, ["network"]);
    /// # Ok::<(), konductor_core::Error>(())
    /// ```
    pub fn write(&self) -> Result<Written> {
        write_out(&self.outdir, &self.scope.tree)?;
        let (mut resources, mut data_sources) = (0, 0);
        for node in self.scope.tree.nodes.borrow().iter() {
            match &node.kind {
                NodeKind::Element(Element::Resource(_)) => resources += 1,
                NodeKind::Element(Element::Data(_)) => data_sources += 1,
                _ => {}
            }
        }
        Ok(Written { outdir: self.outdir.clone(), stacks: self.stack_names(), resources, data_sources })
    }
}

/// A checked app, ready to render ([`App::check_for_render`]): the second half of synthesis, for benchmarks.
#[doc(hidden)]
pub struct Checked(crate::synth::Prepared);

impl Checked {
    /// Renders every stack of `app` (the app that was checked) in memory: its `cdk.tf.json` bytes.
    pub fn render(&self, app: &App) -> Vec<Vec<u8>> {
        let tree = &app.scope.tree;
        (0..self.0.stack_names().count())
            .map(|ix| {
                self.0
                    .render_stack(tree, ix, &mut Sink::Memory)
                    .unwrap_or_else(|e| unreachable!("rendering in memory does no I/O: {e}"))
            })
            .collect()
    }
}

impl AsScope for App {
    fn scope(&self) -> &Scope {
        &self.scope
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Writes a temporary file beside `path` with `fill`; the caller renames it into place.
fn write_temp(path: &Path, fill: impl FnOnce(&mut fs::File) -> io::Result<()>) -> Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{file}.tmp-{}", std::process::id()));
    let written = fs::File::create(&tmp).and_then(|mut f| fill(&mut f));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(&tmp)(e));
    }
    Ok(tmp)
}

/// Temporary files waiting to be renamed into place; dropped unrenamed, they are removed.
#[derive(Default)]
struct Pending(Vec<(PathBuf, PathBuf)>);

impl Pending {
    fn add(&mut self, path: PathBuf, fill: impl FnOnce(&mut fs::File) -> io::Result<()>) -> Result<()> {
        let tmp = write_temp(&path, fill)?;
        self.0.push((tmp, path));
        Ok(())
    }

    /// Renames every file into place, in the order they were added.
    fn commit(mut self) -> Result<()> {
        for (tmp, path) in std::mem::take(&mut self.0) {
            fs::rename(&tmp, &path).map_err(|e| {
                let _ = fs::remove_file(&tmp);
                io_err(&path)(e)
            })?;
        }
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        for (tmp, _) in &self.0 {
            let _ = fs::remove_file(tmp);
        }
    }
}

fn previous_stacks(outdir: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(outdir.join("manifest.json")) else { return Vec::new() };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return Vec::new() };
    json.get("stacks").and_then(|s| s.as_object()).map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

/// How old a temporary file of another, still running process must be before it counts as abandoned (its
/// process id may have been reused by an unrelated process since its synth was killed).
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The process id in the name of one of konductor's temporary files (`.cdk.tf.json.tmp-PID`,
/// `.manifest.json.tmp-PID`); `None` for any other file.
fn temp_file_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".cdk.tf.json.tmp-").or_else(|| name.strip_prefix(".manifest.json.tmp-"))?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// Whether process `pid` is running; `None` when this system cannot tell (no `/proc`).
fn process_running(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self").exists().then(|| proc.join(pid.to_string()).exists())
}

/// Removes the temporary files a killed synth left in `outdir` (beside the manifest and in each stack
/// directory): only konductor's own (`.cdk.tf.json.tmp-PID`, `.manifest.json.tmp-PID`), only those of
/// another process, and only when that process is no longer running or the file is a day old. A synth
/// running at the same time in the same directory keeps its files.
pub(crate) fn remove_stale_temp_files(outdir: &Path) {
    let me = std::process::id();
    let stale = |path: &Path| -> bool {
        let Some(pid) = path.file_name().and_then(|n| n.to_str()).and_then(temp_file_pid) else { return false };
        if pid == me || !path.is_file() {
            return false;
        }
        let old = fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED_AFTER);
        old || process_running(pid) == Some(false)
    };
    let mut dirs = vec![outdir.to_path_buf()];
    if let Ok(stacks) = fs::read_dir(outdir.join("stacks")) {
        dirs.extend(stacks.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    }
    for dir in dirs {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            if stale(&path) {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

/// Validates `tree`, streams each stack and the manifest to temporary files, and only when every one is
/// written renames them into place, the manifest last: an I/O error leaves the earlier output as it was.
pub(crate) fn write_out(outdir: &Path, tree: &Tree) -> Result<()> {
    let prepared = prepare(tree).map_err(Error::Synthesis)?;
    remove_stale_temp_files(outdir);
    let before = previous_stacks(outdir);
    let names: Vec<&str> = prepared.stack_names().collect();
    let mut pending = Pending::default();
    for (ix, name) in names.iter().enumerate() {
        let path = outdir.join("stacks").join(name).join("cdk.tf.json");
        pending.add(path, |file| prepared.render_stack(tree, ix, &mut Sink::Stream(file)).map(drop))?;
    }
    for (path, bytes) in extra_files(tree) {
        pending.add(outdir.join(path), |file| file.write_all(&bytes))?;
    }
    let manifest = prepared.manifest();
    pending.add(outdir.join("manifest.json"), |file| file.write_all(&manifest))?;
    pending.commit()?;
    for old in before {
        if !names.contains(&old.as_str()) && !old.contains(['/', '\\']) && old != ".." && old != "." {
            let dir = outdir.join("stacks").join(&old);
            let file = dir.join("cdk.tf.json");
            if file.exists() {
                fs::remove_file(&file).map_err(io_err(&file))?;
                let _ = fs::remove_dir(&dir);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_konductors_temporary_files_of_dead_processes_are_stale() {
        let dir = std::env::temp_dir().join(format!("konductor-stale-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let stack = dir.join("stacks").join("s");
        fs::create_dir_all(&stack).unwrap();
        // A process id that cannot be running: above Linux's maximum (2^22).
        let dead = 4_999_999u32;
        let me = std::process::id();
        let files = [
            (stack.join(format!(".cdk.tf.json.tmp-{dead}")), false),
            (dir.join(format!(".manifest.json.tmp-{dead}")), false),
            (stack.join(format!(".cdk.tf.json.tmp-{me}")), true),
            (stack.join(".cdk.tf.json.tmp-12ab"), true),
            (stack.join(format!("notes.tmp-{dead}")), true),
            (stack.join("cdk.tf.json"), true),
        ];
        for (f, _) in &files {
            fs::write(f, "x").unwrap();
        }
        remove_stale_temp_files(&dir);
        for (f, kept) in &files {
            assert_eq!(f.exists(), *kept, "{}", f.display());
        }
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(temp_file_pid(".cdk.tf.json.tmp-42"), Some(42));
        assert_eq!(temp_file_pid(".cdk.tf.json.tmp-"), None);
        assert_eq!(process_running(me), Some(true));
    }
}
