//! Quick start: one stack with an AWS provider, an encrypted, versioned S3 bucket, and an output.
//!
//!     cargo run --example quickstart            # writes cdktf.out/
//!     terraform -chdir=cdktf.out/stacks/quickstart init && terraform -chdir=cdktf.out/stacks/quickstart plan

use konductor::prelude::*;
use konductor::ProviderInfo;

static AWS: ProviderInfo = ProviderInfo { name: "aws", source: "aws", version: "6.25.0" };

#[konductor::provider(provider = AWS)]
struct Aws {
    region: Option<String>,
}

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    let env = Environment::new("dev")?;
    let stack = Stack::new(&app, "quickstart", &env);
    Aws::builder(&stack, "aws").region("us-east-1").build();

    let bucket = GenericResource::new(&stack, "logs", "aws_s3_bucket")
        .set("bucket", stack.name("quickstart-logs"))
        .set("force_destroy", true);
    GenericResource::new(&stack, "logs-versioning", "aws_s3_bucket_versioning")
        .set("bucket", bucket.attr("id"))
        .set("versioning_configuration", konductor::serde_json::json!({ "status": "Enabled" }));
    GenericResource::new(&stack, "logs-encryption", "aws_s3_bucket_server_side_encryption_configuration")
        .set("bucket", bucket.attr("id"))
        .set(
            "rule",
            konductor::serde_json::json!([{ "apply_server_side_encryption_by_default": { "sse_algorithm": "aws:kms" } }]),
        );
    Output::new(&stack, "bucket-arn", bucket.attr("arn")).description("ARN of the log bucket");
    app.synth()
}
