//! Stacks: one Terraform configuration each, with one environment, a backend and its providers.

use crate::app::App;
use crate::backend::Backend;
use crate::environment::Environment;
use crate::provider::ProviderInfo;
use crate::tree::{AsScope, NodeKind, Scope};

pub(crate) struct StackData {
    pub(crate) name: Box<str>,
    pub(crate) env: Environment,
    pub(crate) backend: Option<Backend>,
    /// Sorted by name.
    pub(crate) required_providers: Vec<&'static ProviderInfo>,
    pub(crate) dependencies: Vec<usize>,
    /// Extra files written beside `cdk.tf.json`: `(path below the stack's directory, bytes)`: generated
    /// documentation ([`Stack::add_file`]) and assets ([`crate::Asset`], under `assets/NAME/`).
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

impl StackData {
    pub(crate) fn require_provider(&mut self, info: &'static ProviderInfo) {
        match self.required_providers.binary_search_by(|p| p.name.cmp(info.name)) {
            Ok(_) => {}
            Err(i) => self.required_providers.insert(i, info),
        }
    }
}

/// A stack: one `cdk.tf.json`, deployed on its own, for one [`Environment`].
///
/// ```
/// use konductor_core::{App, AsScope, Environment, S3Backend, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap())
///     .backend(S3Backend::new("tf-state", "network.tfstate", "us-east-1"));
/// assert_eq!(stack.name("vpc").as_str(), "vpc-dev");
/// ```
#[derive(Clone, Debug)]
pub struct Stack {
    scope: Scope,
}

impl Stack {
    /// A stack named `id` in `app`, for `env`.
    pub fn new(app: &App, id: &str, env: &Environment) -> Self {
        if let Some(p) = crate::ids::stack_id_problem(id) {
            app.scope().report(p);
        }
        let data = StackData {
            name: id.into(),
            env: env.clone(),
            backend: None,
            required_providers: Vec::new(),
            dependencies: Vec::new(),
            files: Vec::new(),
        };
        Stack { scope: app.scope().add_child(id, NodeKind::Stack(Box::new(data))) }
    }

    fn index(&self) -> usize {
        self.scope.stack_index().unwrap_or(0)
    }

    /// Sets where the stack keeps its state (default: `LocalBackend` at `terraform.NAME.tfstate`).
    pub fn backend(self, backend: impl Into<Backend>) -> Self {
        let b = backend.into();
        self.scope.tree.with_stack(self.index(), |s| s.backend = Some(b));
        self
    }

    /// Declares that this stack must be deployed after `other` (references across stacks add this by
    /// themselves).
    pub fn depends_on(&self, other: &Stack) -> &Self {
        if !std::rc::Rc::ptr_eq(&self.scope.tree, &other.scope.tree) {
            self.scope.report(
                crate::Problem::new(
                    self.scope.path(),
                    format!("depends_on stack `{}` of another App", other.stack_name()),
                )
                .with_fix("create both stacks in the same App; handles of one App cannot be used in another"),
            );
            return self;
        }
        let o = other.index();
        self.scope.tree.with_stack(self.index(), |s| {
            if !s.dependencies.contains(&o) {
                s.dependencies.push(o)
            }
        });
        self
    }

    /// Adds a file written beside the stack's `cdk.tf.json` (`stacks/<stack>/<path>`), by the same atomic
    /// synthesis: written only when there is no problem, renamed into place with the rest. Generated
    /// documentation goes here. `path` is relative, with `/` between components, no `.` or `..` component,
    /// and not `cdk.tf.json` or another `.tf.json` / `.tf` file (Terraform would read it); a bad or repeated
    /// path is a problem of the stack.
    ///
    /// ```
    /// use konductor_core::{App, Environment, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    /// stack.add_file("route-tables/vpc.md", "# Route tables\n");
    /// let out = app.synthesize().unwrap();
    /// assert_eq!(out.file("stacks/network/route-tables/vpc.md"), Some("# Route tables\n"));
    /// ```
    pub fn add_file(&self, path: &str, contents: impl Into<String>) -> &Self {
        let name = self.stack_name();
        let bad = path.is_empty()
            || path.starts_with('/')
            || path.contains('\\')
            || path.split('/').any(|c| c.is_empty() || c == "." || c == "..")
            || path.ends_with(".tf.json")
            || path.ends_with(".tf");
        let contents = contents.into();
        let repeated = self.scope.tree.with_stack(self.index(), |s| {
            let repeated = s.files.iter().any(|(p, _)| p == path);
            if !bad && !repeated {
                s.files.push((path.to_string(), contents.into_bytes()));
            }
            repeated
        });
        if bad {
            self.scope.report(
                crate::Problem::new(
                    &name,
                    format!("extra file path `{path}` is not a relative path to a non-Terraform file"),
                )
                .with_fix(
                    "use a relative path such as \"docs/routes.md\", without `..`, and not a .tf or .tf.json file",
                ),
            );
        } else if repeated {
            self.scope.report(
                crate::Problem::new(&name, format!("extra file `{path}` is added twice"))
                    .with_fix("add each file once, with all its contents"),
            );
        }
        self
    }

    /// The stack's name.
    pub fn stack_name(&self) -> String {
        self.scope.id()
    }

    /// A physical name with this stack's environment suffix; see [`Scope::name`].
    pub fn name(&self, base: &str) -> crate::Name {
        self.scope.name(base)
    }

    /// The stack's environment.
    pub fn environment(&self) -> Environment {
        self.scope.environment()
    }
}

impl AsScope for Stack {
    fn scope(&self) -> &Scope {
        &self.scope
    }
}
