//! State backends: `terraform.backend.s3`, `local`, `remote`, and `terraform.cloud`.

use crate::value::{Key, Val};

/// Where a stack keeps its Terraform state.
#[derive(Debug, Clone, PartialEq)]
pub enum Backend {
    /// S3, encrypted, with S3-native locking by default.
    S3(S3Backend),
    /// A local file, relative to the stack's working directory.
    Local(LocalBackend),
    /// HCP Terraform / Terraform Enterprise through the `remote` backend.
    Remote(RemoteBackend),
    /// HCP Terraform through the `cloud` block.
    Cloud(CloudBackend),
}

/// The S3 backend. State is always encrypted; locking uses S3 lock files (`use_lockfile`) unless a
/// DynamoDB table is given.
///
/// ```
/// use konductor_core::S3Backend;
/// let b = S3Backend::new("tf-state-prod", "network/terraform.tfstate", "us-east-1").kms_key_id("alias/tf-state");
/// # let _ = b;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct S3Backend {
    bucket: String,
    key: String,
    region: String,
    dynamodb_table: Option<String>,
    kms_key_id: Option<String>,
    role_arn: Option<String>,
    workspace_key_prefix: Option<String>,
}

impl S3Backend {
    /// State in `s3://bucket/key` in `region`.
    pub fn new(bucket: &str, key: &str, region: &str) -> Self {
        S3Backend {
            bucket: bucket.into(),
            key: key.into(),
            region: region.into(),
            dynamodb_table: None,
            kms_key_id: None,
            role_arn: None,
            workspace_key_prefix: None,
        }
    }

    /// Locks with a DynamoDB table instead of S3 lock files (for Terraform before 1.10).
    pub fn dynamodb_table(mut self, table: &str) -> Self {
        self.dynamodb_table = Some(table.into());
        self
    }

    /// Encrypts state with this KMS key instead of the S3-managed key.
    pub fn kms_key_id(mut self, key: &str) -> Self {
        self.kms_key_id = Some(key.into());
        self
    }

    /// Assumes this role to reach the state bucket.
    pub fn role_arn(mut self, arn: &str) -> Self {
        self.role_arn = Some(arn.into());
        self
    }

    /// The key prefix of non-default workspaces.
    pub fn workspace_key_prefix(mut self, prefix: &str) -> Self {
        self.workspace_key_prefix = Some(prefix.into());
        self
    }
}

/// The local backend: a state file relative to the stack's working directory (`cdktf.out/stacks/NAME`).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalBackend {
    path: String,
}

impl LocalBackend {
    /// State in `path`, relative to the stack's working directory.
    pub fn new(path: &str) -> Self {
        LocalBackend { path: path.into() }
    }
}

/// The `remote` backend (HCP Terraform, Terraform Enterprise).
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteBackend {
    hostname: Option<String>,
    organization: String,
    workspace: Workspace,
}

/// The `cloud` block (HCP Terraform).
#[derive(Debug, Clone, PartialEq)]
pub struct CloudBackend {
    hostname: Option<String>,
    organization: String,
    workspace: Workspace,
}

#[derive(Debug, Clone, PartialEq)]
enum Workspace {
    Name(String),
    Prefix(String),
    Tags(Vec<String>),
}

impl RemoteBackend {
    /// One named workspace of `organization`.
    pub fn new(organization: &str, workspace: &str) -> Self {
        RemoteBackend {
            hostname: None,
            organization: organization.into(),
            workspace: Workspace::Name(workspace.into()),
        }
    }
    /// Workspaces selected by a name prefix.
    pub fn with_prefix(organization: &str, prefix: &str) -> Self {
        RemoteBackend { hostname: None, organization: organization.into(), workspace: Workspace::Prefix(prefix.into()) }
    }
    /// A Terraform Enterprise host instead of `app.terraform.io`.
    pub fn hostname(mut self, host: &str) -> Self {
        self.hostname = Some(host.into());
        self
    }
}

impl CloudBackend {
    /// One named workspace of `organization`.
    pub fn new(organization: &str, workspace: &str) -> Self {
        CloudBackend { hostname: None, organization: organization.into(), workspace: Workspace::Name(workspace.into()) }
    }
    /// Workspaces selected by tags.
    pub fn with_tags<S: Into<String>>(organization: &str, tags: impl IntoIterator<Item = S>) -> Self {
        CloudBackend {
            hostname: None,
            organization: organization.into(),
            workspace: Workspace::Tags(tags.into_iter().map(Into::into).collect()),
        }
    }
    /// A Terraform Enterprise host instead of `app.terraform.io`.
    pub fn hostname(mut self, host: &str) -> Self {
        self.hostname = Some(host.into());
        self
    }
}

fn s(v: &str) -> Val {
    Val::str(v)
}

fn opt(entries: &mut Vec<(Key, Val)>, key: &'static str, v: &Option<String>) {
    if let Some(v) = v {
        entries.push((key.into(), s(v)));
    }
}

fn workspaces(w: &Workspace) -> Val {
    match w {
        Workspace::Name(n) => Val::map([("name".into(), s(n))]),
        Workspace::Prefix(p) => Val::map([("prefix".into(), s(p))]),
        Workspace::Tags(t) => Val::map([("tags".into(), Val::List(t.iter().map(|x| s(x)).collect()))]),
    }
}

impl Backend {
    /// The default: local state in `terraform.STACK.tfstate` beside the stack's `cdk.tf.json`.
    pub(crate) fn default_for(stack: &str) -> Backend {
        Backend::Local(LocalBackend::new(&format!("terraform.{stack}.tfstate")))
    }

    /// The backend's type: `s3`, `local`, `remote` or `cloud`.
    pub fn kind(&self) -> &'static str {
        match self {
            Backend::S3(_) => "s3",
            Backend::Local(_) => "local",
            Backend::Remote(_) => "remote",
            Backend::Cloud(_) => "cloud",
        }
    }

    /// The block's content.
    pub(crate) fn config(&self) -> Val {
        let mut e: Vec<(Key, Val)> = Vec::new();
        match self {
            Backend::S3(b) => {
                e.push(("bucket".into(), s(&b.bucket)));
                e.push(("key".into(), s(&b.key)));
                e.push(("region".into(), s(&b.region)));
                e.push(("encrypt".into(), Val::Bool(true)));
                match &b.dynamodb_table {
                    Some(t) => e.push(("dynamodb_table".into(), s(t))),
                    None => e.push(("use_lockfile".into(), Val::Bool(true))),
                }
                opt(&mut e, "kms_key_id", &b.kms_key_id);
                opt(&mut e, "workspace_key_prefix", &b.workspace_key_prefix);
                if let Some(r) = &b.role_arn {
                    e.push(("assume_role".into(), Val::map([("role_arn".into(), s(r))])));
                }
            }
            Backend::Local(b) => e.push(("path".into(), s(&b.path))),
            Backend::Remote(b) => {
                opt(&mut e, "hostname", &b.hostname);
                e.push(("organization".into(), s(&b.organization)));
                e.push(("workspaces".into(), workspaces(&b.workspace)));
            }
            Backend::Cloud(b) => {
                opt(&mut e, "hostname", &b.hostname);
                e.push(("organization".into(), s(&b.organization)));
                e.push(("workspaces".into(), workspaces(&b.workspace)));
            }
        }
        Val::map(e)
    }

    /// How another stack reads this state: the `terraform_remote_state` backend type and config.
    pub(crate) fn remote_state(&self, producer: &str) -> (&'static str, Val) {
        match self {
            Backend::S3(b) => {
                let mut e: Vec<(Key, Val)> =
                    vec![("bucket".into(), s(&b.bucket)), ("key".into(), s(&b.key)), ("region".into(), s(&b.region))];
                opt(&mut e, "workspace_key_prefix", &b.workspace_key_prefix);
                if let Some(r) = &b.role_arn {
                    e.push(("assume_role".into(), Val::map([("role_arn".into(), s(r))])));
                }
                ("s3", Val::map(e))
            }
            Backend::Local(b) => {
                let path = if std::path::Path::new(&b.path).is_absolute() {
                    b.path.clone()
                } else {
                    format!("../{producer}/{}", b.path)
                };
                ("local", Val::map([("path".into(), s(&path))]))
            }
            Backend::Remote(RemoteBackend { hostname, organization, workspace })
            | Backend::Cloud(CloudBackend { hostname, organization, workspace }) => {
                let mut e: Vec<(Key, Val)> = vec![("organization".into(), s(organization))];
                opt(&mut e, "hostname", hostname);
                let ws = match workspace {
                    Workspace::Name(n) => Val::map([("name".into(), s(n))]),
                    Workspace::Prefix(p) => Val::map([("prefix".into(), s(p))]),
                    Workspace::Tags(_) => Val::map([("name".into(), s(producer))]),
                };
                e.push(("workspaces".into(), ws));
                ("remote", Val::map(e))
            }
        }
    }
}

impl From<S3Backend> for Backend {
    fn from(b: S3Backend) -> Self {
        Backend::S3(b)
    }
}
impl From<LocalBackend> for Backend {
    fn from(b: LocalBackend) -> Self {
        Backend::Local(b)
    }
}
impl From<RemoteBackend> for Backend {
    fn from(b: RemoteBackend) -> Self {
        Backend::Remote(b)
    }
}
impl From<CloudBackend> for Backend {
    fn from(b: CloudBackend) -> Self {
        Backend::Cloud(b)
    }
}
